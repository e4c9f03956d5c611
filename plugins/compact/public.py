"""The public face of the Compact: the anonymised annual report."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _

from plugins.compact import report
from plugins.compact.forms import OUTCOME_LABELS
from plugins.compact.models import Commitment
from plugins.compact.service import today
from plugins.compact.views import bp
from portal.api import access, db

FIRST_YEAR = 2000


@bp.get("/report/")
@access("anonymous")
def report_latest():
    found = report.years()
    return redirect(url_for("compact.annual_report", year=found[0] if found else today().year))


@bp.get("/report/<int:year>")
@access("anonymous")
def annual_report(year: int):
    if not FIRST_YEAR <= year <= today().year:
        abort(404)
    built = report.build(year)
    titles = dict(db.session.execute(db.select(Commitment.code, Commitment.title)).all())
    outcomes = {o.value: label for o, label in OUTCOME_LABELS.items()}
    return render_template("compact/report.html", report=built, years=report.years(),
                           titles=titles, outcomes=outcomes, smallest=report.SMALLEST,
                           title=_("Compact complaints in %(year)s", year=year))
