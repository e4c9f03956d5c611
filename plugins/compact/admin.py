"""Compact administrators keep the list of commitments complaints can name."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from plugins.compact.models import Commitment
from plugins.compact.views import bp
from portal.api import IntegerField, access, db, strip


class CommitmentForm(FlaskForm):
    title = StringField(_l("The commitment"), filters=[strip], validators=[
        DataRequired(message=_l("Write the commitment")),
        Length(max=300, message=_l("This can be at most %(max)s characters", max="300"))])
    position = IntegerField(_l("Position in the list"), default=0, validators=[
        NumberRange(min=0, max=999, message=_l("Enter a number from 0 to 999"))])
    active = BooleanField(_l("Offered to complainants"), default=True)


def _code_for(title: str) -> str:
    """A stable code from the title, unique among commitments (used in open data)."""
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:32] or "commitment"
    code, n = base, 1
    while db.session.scalar(db.select(Commitment.id).where(Commitment.code == code)):
        n += 1
        code = f"{base}-{n}"
    return code


@bp.get("/commitments/")
@access("administrator")
def commitments():
    found = db.session.scalars(db.select(Commitment).order_by(Commitment.position,
                                                              Commitment.id)).all()
    return render_template("compact/commitments.html", commitments=found,
                           title=_("Compact commitments"))


@bp.route("/commitments/new", methods=["GET", "POST"])
@bp.route("/commitments/<int:commitment_id>", methods=["GET", "POST"])
@access("administrator")
def commitment(commitment_id: int | None = None):
    found = db.session.get(Commitment, commitment_id) if commitment_id else None
    if commitment_id and found is None:
        abort(404)
    form = CommitmentForm(obj=found)
    if form.validate_on_submit():
        if found is None:
            found = Commitment(code=_code_for(form.title.data))
            db.session.add(found)
        found.title, found.position = form.title.data, form.position.data
        found.active = bool(form.active.data)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("compact.commitments"))
    title = _("Change a commitment") if found else _("Add a commitment")
    return render_template("compact/commitment.html", form=form, commitment=found,
                           title=title), 400 if form.errors else 200
