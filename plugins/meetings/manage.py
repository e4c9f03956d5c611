"""Officers set up meetings and see who is coming, with access needs totalled."""

from __future__ import annotations

import csv
import io
from datetime import UTC

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from plugins.meetings import signups
from plugins.meetings.forms import KIND_LABELS, LONDON, MeetingForm, london
from plugins.meetings.models import Meeting, MeetingKind, SignUp, SignUpState
from plugins.meetings.views import manage_link
from portal.api import Body, access, db, paginate

bp = Blueprint("meetings_manage", __name__, url_prefix="/meetings/manage",
               template_folder="templates")


def _bodies():
    return db.session.scalars(db.select(Body).order_by(Body.name)).all()


def _apply(form: MeetingForm, meeting: Meeting) -> None:
    meeting.title, meeting.kind = form.title.data, MeetingKind(form.kind.data)
    meeting.body_id = int(form.body_id.data) if form.body_id.data else None
    meeting.description = form.description.data or ""
    meeting.starts_at = london(form.day.data, form.starts.data).astimezone(UTC)
    meeting.ends_at = london(form.day.data, form.ends.data).astimezone(UTC)
    for name in ("venue", "address", "online_url", "access_notes", "agenda_slug",
                 "minutes_slug"):
        setattr(meeting, name, getattr(form, name).data or "")
    for name in ("step_free", "hearing_loop", "parking"):
        setattr(meeting, name, bool(getattr(form, name).data))
    meeting.capacity, meeting.max_places_per_sign_up = form.capacity.data, form.max_places.data
    meeting.sign_up_opens_at = london(form.opens_day.data, form.opens_time.data).astimezone(UTC)
    meeting.sign_up_closes_at = london(form.closes_day.data,
                                       form.closes_time.data).astimezone(UTC)


def _fill(form: MeetingForm, meeting: Meeting) -> None:
    def local(moment):
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return moment.astimezone(LONDON)

    form.title.data, form.kind.data = meeting.title, meeting.kind.value
    form.body_id.data = str(meeting.body_id or "")
    form.description.data = meeting.description
    form.day.data = local(meeting.starts_at).date()
    form.starts.data, form.ends.data = (local(meeting.starts_at).time(),
                                        local(meeting.ends_at).time())
    for name in ("venue", "address", "online_url", "access_notes", "step_free", "hearing_loop",
                 "parking", "capacity", "agenda_slug", "minutes_slug"):
        getattr(form, name).data = getattr(meeting, name)
    form.max_places.data = meeting.max_places_per_sign_up
    form.opens_day.data = local(meeting.sign_up_opens_at).date()
    form.opens_time.data = local(meeting.sign_up_opens_at).time()
    form.closes_day.data = local(meeting.sign_up_closes_at).date()
    form.closes_time.data = local(meeting.sign_up_closes_at).time()


@bp.get("/")
@access("officer")
def index():
    page = paginate(db.select(Meeting).order_by(Meeting.starts_at.desc()), per_page=25)
    return render_template("meetings/manage_index.html", page=page, kinds=KIND_LABELS,
                           title=_("Manage meetings"))


@bp.route("/new", methods=["GET", "POST"])
@access("officer")
def new():
    form = MeetingForm(_bodies())
    if form.validate_on_submit():
        meeting = Meeting(places_taken=0)
        _apply(form, meeting)
        db.session.add(meeting)
        db.session.commit()
        flash(_("The meeting is set up."), "success")
        return redirect(url_for("meetings_manage.attendees", meeting_id=meeting.id))
    return render_template("meetings/manage_meeting.html", form=form, meeting=None,
                           title=_("Set up a meeting")), 400 if form.errors else 200


@bp.route("/<int:meeting_id>", methods=["GET", "POST"])
@access("officer")
def edit(meeting_id: int):
    meeting = db.session.get(Meeting, meeting_id) or abort(404)
    form = MeetingForm(_bodies())
    if request.method == "GET":
        _fill(form, meeting)
    elif form.validate_on_submit():
        if form.capacity.data < meeting.places_taken:
            form.capacity.errors.append(_("%(taken)s places are already booked: the meeting "
                                          "cannot have fewer places than that.",
                                          taken=meeting.places_taken))
        else:
            _apply(form, meeting)
            # More places: offer them to the waiting list straight away.
            signups.fill_from_waiting_list(meeting.id, link_for=lambda token, lang: manage_link(
                token, lang))
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("meetings_manage.attendees", meeting_id=meeting.id))
    return render_template("meetings/manage_meeting.html", form=form, meeting=meeting,
                           title=meeting.title), 400 if form.errors else 200


def _attending(meeting: Meeting) -> list[SignUp]:
    return list(db.session.scalars(
        db.select(SignUp).where(SignUp.meeting_id == meeting.id,
                                SignUp.state != SignUpState.CANCELLED)
        .order_by(SignUp.state, SignUp.id)))


@bp.get("/<int:meeting_id>/attendees")
@access("officer")
def attendees(meeting_id: int):
    meeting = db.session.get(Meeting, meeting_id) or abort(404)
    people = _attending(meeting)
    confirmed = [p for p in people if p.state == SignUpState.CONFIRMED]
    return render_template("meetings/manage_attendees.html", meeting=meeting,
                           confirmed=confirmed,
                           waiting=[p for p in people if p.state == SignUpState.WAITING],
                           totals=signups.needs_summary(confirmed),
                           title=_("Who is coming to %(meeting)s", meeting=meeting.title))


@bp.route("/<int:meeting_id>/attendance", methods=["GET", "POST"])
@access("officer")
def attendance(meeting_id: int):
    """The register of the body's members: who attended, the quorum, the decisions."""
    from flask_wtf import FlaskForm

    from plugins.meetings import attendance as register

    meeting = db.session.get(Meeting, meeting_id) or abort(404)
    if meeting.body is None:
        abort(404)
    form = register.DecisionForm(formdata=None)
    if request.method == "POST":
        if not FlaskForm().validate_on_submit():
            abort(400)
        present = {int(v) for v in request.form.getlist("present") if v.isdigit()}
        register.record(meeting, present)
        db.session.commit()
        flash(_("Attendance saved."), "success")
        return redirect(url_for("meetings_manage.attendance", meeting_id=meeting.id))
    return _attendance_page(meeting, form)


def _attendance_page(meeting: Meeting, form, status: int = 200):
    from plugins.meetings import attendance as register
    from plugins.meetings.models import Decision

    decisions = db.session.scalars(db.select(Decision).where(
        Decision.meeting_id == meeting.id).order_by(Decision.id)).all()
    return render_template("meetings/manage_attendance.html", meeting=meeting,
                           members=register.members_on_the_day(meeting),
                           marks=register.recorded(meeting), result=register.quorum(meeting),
                           form=form, decisions=decisions, methods=register.METHOD_LABELS,
                           title=_("Attendance at %(meeting)s", meeting=meeting.title)), status


@bp.post("/<int:meeting_id>/decisions")
@access("officer")
def decide(meeting_id: int):
    from plugins.meetings import attendance as register

    meeting = db.session.get(Meeting, meeting_id) or abort(404)
    if meeting.body is None:
        abort(404)
    form = register.DecisionForm()
    if not form.validate_on_submit():
        return _attendance_page(meeting, form, 400)
    db.session.add(form.decision(meeting))
    db.session.commit()
    flash(_("Decision recorded."), "success")
    return redirect(url_for("meetings_manage.attendance", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/message", methods=["GET", "POST"])
@access("officer")
def message(meeting_id: int):
    """Email everyone signed up, through the outbox."""
    from plugins.meetings.messages import MessageForm, message_attendees

    meeting = db.session.get(Meeting, meeting_id) or abort(404)
    form = MessageForm()
    if form.validate_on_submit():
        count = message_attendees(meeting, form.subject.data, form.text.data,
                                  form.include_waiting.data)
        db.session.commit()
        flash(ngettext("Your message is on its way to %(num)s person.",
                       "Your message is on its way to %(num)s people.", count), "success")
        return redirect(url_for("meetings_manage.attendees", meeting_id=meeting.id))
    return render_template("meetings/manage_message.html", form=form, meeting=meeting,
                           title=_("Email everyone signed up for %(meeting)s",
                                   meeting=meeting.title)), 400 if form.errors else 200


@bp.get("/<int:meeting_id>/attendees.csv")
@access("officer")
def attendees_csv(meeting_id: int):
    meeting = db.session.get(Meeting, meeting_id) or abort(404)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["state", "name", "email", "places", "wheelchair", "hearing_loop", "bsl",
                     "large_print", "interpreter_language", "other_needs", "dietary_needs",
                     "may_contact", "signed_up_at"])
    for p in _attending(meeting):
        writer.writerow([p.state.value, p.name, p.email, p.places, p.wheelchair, p.hearing_loop,
                         p.bsl, p.large_print, p.interpreter_language, p.other_needs,
                         p.dietary_needs, p.may_contact, p.created_at.isoformat()])
    response = Response(buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = \
        f'attachment; filename="meeting-{meeting.id}-attendees.csv"'
    return response


