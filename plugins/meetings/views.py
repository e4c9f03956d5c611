"""Meetings in public: listing, a meeting, signing up, calendars, the private link."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms.validators import InputRequired

from plugins.meetings import signups
from plugins.meetings.forms import KIND_LABELS, SignUpForm
from plugins.meetings.models import Meeting, SignUpState
from portal.api import (
    IntegerField,
    access,
    as_utc,
    current_language,
    db,
    paginate,
    readable_document,
)

bp = Blueprint("meetings", __name__, url_prefix="/meetings", template_folder="templates")


def now() -> datetime:
    return datetime.now(UTC)



def sign_up_open(meeting: Meeting) -> bool:
    moment = now()
    return (meeting.cancelled_at is None and as_utc(meeting.sign_up_opens_at) <= moment
            <= as_utc(meeting.sign_up_closes_at))


def _meeting(meeting_id: int) -> Meeting:
    return db.session.get(Meeting, meeting_id) or abort(404)


def manage_link(token: str, language: str) -> str:
    base = current_app.config["BASE_URL"].rstrip("/")
    return base + url_for("meetings.sign_up_page", token=token, lang=language)


@bp.get("/")
@access("anonymous")
def index():
    upcoming = db.session.scalars(db.select(Meeting).where(Meeting.ends_at >= now())
                                  .order_by(Meeting.starts_at).limit(50)).all()
    past = paginate(db.select(Meeting).where(Meeting.ends_at < now())
                    .order_by(Meeting.starts_at.desc()), per_page=10)
    return render_template("meetings/index.html", upcoming=upcoming, past=past,
                           kinds=KIND_LABELS, title=_("Meetings"))


def _form(meeting: Meeting) -> SignUpForm:
    form = SignUpForm(meeting.max_places_per_sign_up)
    if current_user.is_authenticated and not form.is_submitted():
        form.name.data, form.email.data = current_user.name, current_user.email
    return form


@bp.get("/<int:meeting_id>")
@access("anonymous")
def meeting(meeting_id: int):
    found = _meeting(meeting_id)
    return _meeting_page(found, _form(found))


def _meeting_page(found: Meeting, form: SignUpForm, status: int = 200):
    from plugins.meetings.attendance import METHOD_LABELS, quorum
    from plugins.meetings.models import Decision

    decisions = db.session.scalars(db.select(Decision).where(
        Decision.meeting_id == found.id).order_by(Decision.id)).all()
    papers = [(label, readable_document(slug, current_user)) for label, slug in (
        (_("Agenda"), found.agenda_slug), (_("Minutes"), found.minutes_slug)) if slug]
    return render_template("meetings/meeting.html", meeting=found, form=form,
                           papers=[(label, doc) for label, doc in papers if doc],
                           open=sign_up_open(found), kinds=KIND_LABELS,
                           result=quorum(found), decisions=decisions, methods=METHOD_LABELS,
                           title=found.title), status


@bp.post("/<int:meeting_id>/sign-up")
@access("anonymous")
def sign_up(meeting_id: int):
    found = _meeting(meeting_id)
    form = _form(found)
    if not form.validate_on_submit():
        return _meeting_page(found, form, 400)
    language = current_language().code
    try:
        record, _token = signups.sign_up(
            found.id, name=form.name.data, email=form.email.data, places=form.places.data,
            language=language, user=current_user if current_user.is_authenticated else None,
            needs=form.needs(), may_contact=form.may_contact.data,
            link_for=lambda token: manage_link(token, language))
    except signups.SignUpClosed:
        db.session.rollback()
        form.form_errors.append(_("Sign-up for this meeting is not open."))
        return _meeting_page(db.session.get(Meeting, meeting_id), form, 409)
    # Read what the notice needs before the commit expires the rows: afterwards each
    # attribute would cost a query to load the sign-up and the meeting again.
    confirmed, email = record.state == SignUpState.CONFIRMED, record.email
    db.session.commit()
    if confirmed:
        flash(_("You have a place. We have emailed %(email)s with the details and a link to "
                "change or cancel.", email=email), "success")
    else:
        flash(_("The meeting is full, so you are on the waiting list. We will email %(email)s "
                "if a place becomes free.", email=email), "info")
    return redirect(url_for("meetings.meeting", meeting_id=meeting_id))


@bp.get("/sign-ups/<token>")
@access("anonymous")
def sign_up_page(token: str):
    record = signups.find_by_token(token) or abort(404)
    return _sign_up_page(record, token)


class PlacesForm(FlaskForm):
    places = IntegerField(_l("Number of places"), validators=[
        InputRequired(message=_l("Enter a whole number, like 12"))])


@bp.post("/sign-ups/<token>/places")
@access("anonymous")
def change_places(token: str):
    record = signups.find_by_token(token) or abort(404)
    form = PlacesForm()
    if not form.validate_on_submit():
        return _sign_up_page(record, token, form, 400)
    try:
        signups.change_places(record, form.places.data, link_for=lambda raw, lang=None:
                              manage_link(raw, lang or record.language))
    except signups.SignUpClosed as exc:
        db.session.rollback()
        form.places.errors.append(
            _("There are not enough free places for that.") if exc.code == "not_enough_places"
            else _("Choose from 1 to %(max)s places", max=record.meeting.max_places_per_sign_up)
            if exc.code == "too_many_places" else _("Sign-up for this meeting is not open."))
        return _sign_up_page(record, token, form, 409)
    db.session.commit()
    flash(ngettext("Saved: you now have %(num)s place.", "Saved: you now have %(num)s places.",
                   form.places.data), "success")
    return redirect(url_for("meetings.sign_up_page", token=token))


def _sign_up_page(record, token: str, places_form=None, status: int = 200):
    if places_form is None:
        places_form = PlacesForm(formdata=None)
        places_form.places.data = record.places
    return render_template("meetings/sign_up.html", record=record, meeting=record.meeting,
                           token=token, form=FlaskForm(), places_form=places_form,
                           kinds=KIND_LABELS,
                           title=_("Your place at %(meeting)s", meeting=record.meeting.title)
                           ), status


@bp.post("/sign-ups/<token>/cancel")
@access("anonymous")
def cancel(token: str):
    record = signups.find_by_token(token) or abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    if record.state != SignUpState.CANCELLED:
        signups.cancel(record, link_for=lambda raw, lang=None: manage_link(
            raw, lang or record.language))
        db.session.commit()
    flash(_("Your sign-up is cancelled. Thank you for letting us know."), "success")
    return redirect(url_for("meetings.sign_up_page", token=token))


@bp.get("/<int:meeting_id>/calendar.ics")
@access("anonymous")
def meeting_ics(meeting_id: int):
    from plugins.meetings.calendar import calendar_for

    found = _meeting(meeting_id)
    body = calendar_for([found], _absolute, found.title)
    return _ics(body, f"meeting-{found.id}.ics")


@bp.get("/calendar.ics")
@access("anonymous")
def feed():
    from plugins.meetings.calendar import calendar_for

    meetings = db.session.scalars(db.select(Meeting).order_by(Meeting.starts_at.desc())
                                  .limit(200)).all()
    return _ics(calendar_for(meetings, _absolute, _("Harrow Strategic Partnership meetings")),
                "meetings.ics")


def _absolute(found: Meeting) -> str:
    base = current_app.config["BASE_URL"].rstrip("/")
    return base + url_for("meetings.meeting", meeting_id=found.id)


def _ics(body: bytes, name: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


