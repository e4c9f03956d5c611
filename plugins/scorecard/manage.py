"""Officers enter a quarter's figures (by form or CSV) and publish the quarter."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy.orm import selectinload

from plugins.scorecard import rules
from plugins.scorecard.importer import import_csv
from plugins.scorecard.models import Actual, Indicator, Outcome, Quarter
from portal.api import access, db

bp = Blueprint("scorecard_manage", __name__, url_prefix="/scorecard/manage",
               template_folder="templates")


class UploadForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(message=_l("Choose a file"))])


class ActionForm(FlaskForm):
    """A button: only the CSRF token."""


def _indicators() -> list[Indicator]:
    return list(db.session.scalars(
        db.select(Indicator).join(Indicator.outcome).order_by(Outcome.position,
                                                              Indicator.position)
        .options(selectinload(Indicator.outcome))))


@bp.get("/")
@access("officer")
def quarters():
    rows = db.session.scalars(db.select(Quarter).order_by(Quarter.index.desc())).all()
    counts = dict(db.session.execute(
        db.select(Actual.quarter_index, db.func.count(Actual.id))
        .where(Actual.superseded_at.is_(None)).group_by(Actual.quarter_index)).all())
    upcoming = rules.quarter_for_date(datetime.now(UTC).date())
    return render_template("scorecard/manage_quarters.html", quarters=rows, counts=counts,
                           indicators=len(_indicators()), action=ActionForm(),
                           upcoming=upcoming, title=_("Scorecard: quarters"))


@bp.post("/quarters/<int:index>/publish")
@access("officer")
def publish(index: int):
    quarter = db.session.scalar(db.select(Quarter).where(Quarter.index == index)) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    if quarter.published_at is None:
        quarter.published_at = datetime.now(UTC)
        quarter.published_by_id = current_user.id
        db.session.commit()
    flash(_("%(quarter)s is published.", quarter=rules.quarter_label(index)), "success")
    return redirect(url_for("scorecard_manage.quarters"))


@bp.route("/quarters/<int:index>", methods=["GET", "POST"])
@access("officer")
def enter(index: int):
    """A form with one figure (and note) per indicator for the quarter."""
    if not 4 * 1990 <= index <= 4 * 2100:
        abort(404)
    indicators = _indicators()
    current = {a.indicator_id: a for a in db.session.scalars(db.select(Actual).where(
        Actual.quarter_index == index, Actual.superseded_at.is_(None)))}
    errors: dict[int, str] = {}
    values = {i.id: request.form.get(f"value-{i.id}", "") if request.method == "POST"
              else (format(current[i.id].value.normalize(), "f") if i.id in current else "")
              for i in indicators}
    notes = {i.id: request.form.get(f"note-{i.id}", "") for i in indicators}
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["indicator", "quarter", "value", "note"])
        lines = {}
        for indicator in indicators:
            if values[indicator.id].strip():
                writer.writerow([indicator.code, rules.quarter_label(index),
                                 values[indicator.id].strip(), notes[indicator.id].strip()])
                lines[len(lines) + 2] = indicator.id
        result, problems = import_csv(buffer.getvalue(), current_user)
        if not problems:
            db.session.commit()
            flash(_("Saved: %(created)s new, %(corrected)s corrected.",
                    created=result.created, corrected=result.corrected), "success")
            return redirect(url_for("scorecard_manage.quarters"))
        errors = {lines.get(p.line, 0): str(p.reason) for p in problems}
    return render_template("scorecard/manage_enter.html", indicators=indicators,
                           values=values, notes=notes, errors=errors, current=current,
                           form=form, index=index,
                           title=_("Figures for %(quarter)s", quarter=rules.quarter_label(index))
                           ), 400 if errors else 200


@bp.route("/import", methods=["GET", "POST"])
@access("officer")
def upload():
    form = UploadForm()
    problems = []
    if form.validate_on_submit():
        result, problems = import_csv(form.file.data.read(), current_user)
        if not problems:
            db.session.commit()
            flash(_("Imported: %(created)s new, %(corrected)s corrected, %(unchanged)s "
                    "unchanged.", created=result.created, corrected=result.corrected,
                    unchanged=result.unchanged), "success")
            return redirect(url_for("scorecard_manage.quarters"))
        form.file.errors.append(_("The file was not imported: fix the lines listed below and "
                                  "send it again. Nothing has been saved."))
    return render_template("scorecard/manage_import.html", form=form, problems=problems,
                           title=_("Import figures from a CSV file")), \
        400 if form.errors else 200
