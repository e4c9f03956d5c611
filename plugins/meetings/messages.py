"""Emails to attendees besides the sign-up ones: reminders and organisers' messages.

Both go through the outbox in each attendee's own language.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from plugins.meetings.models import Meeting, SignUp, SignUpState
from portal.api import db, queue_email

DEFAULT_REMINDER_HOURS = 48


def reminder_hours() -> int:
    """How long before a meeting reminders go (PORTAL_MEETINGS_REMINDER_HOURS)."""
    raw = current_app.config.get("MEETINGS_REMINDER_HOURS", DEFAULT_REMINDER_HOURS)
    try:
        return max(int(raw), 1)
    except (TypeError, ValueError):
        return DEFAULT_REMINDER_HOURS


def send_reminders(hours: int | None = None, now: datetime | None = None) -> int:
    """Queue one reminder per confirmed sign-up for meetings starting within ``hours``."""
    now = now or datetime.now(UTC)
    horizon = now + timedelta(hours=hours or reminder_hours())
    due = db.session.scalars(
        db.select(SignUp).join(SignUp.meeting).where(
            SignUp.state == SignUpState.CONFIRMED, SignUp.reminded_at.is_(None),
            SignUp.anonymised_at.is_(None), Meeting.cancelled_at.is_(None),
            Meeting.starts_at > now, Meeting.starts_at <= horizon)
        .order_by(SignUp.id)).all()
    for record in due:
        queue_email(record.email, "meetings_reminder", record.language, sign_up=record,
                    meeting=record.meeting)
        record.reminded_at = now
    return len(due)


class MessageForm(FlaskForm):
    subject = StringField(_l("Subject"), validators=[
        DataRequired(message=_l("Enter a subject")),
        Length(max=200, message=_l("The subject can be at most 200 characters"))])
    text = TextAreaField(_l("Message"), validators=[
        DataRequired(message=_l("Enter a message")),
        Length(max=5000, message=_l("The message can be at most 5,000 characters"))])
    include_waiting = BooleanField(_l("Send it to people on the waiting list too"))


def message_attendees(meeting: Meeting, subject: str, text: str, include_waiting: bool) -> int:
    """Queue the organisers' message to everyone coming (and, if asked, waiting)."""
    states = [SignUpState.CONFIRMED] + ([SignUpState.WAITING] if include_waiting else [])
    people = db.session.scalars(db.select(SignUp).where(
        SignUp.meeting_id == meeting.id, SignUp.state.in_(states),
        SignUp.anonymised_at.is_(None)).order_by(SignUp.id)).all()
    for record in people:
        queue_email(record.email, "meetings_message", record.language, sign_up=record,
                    meeting=meeting, subject=subject.strip(), text=text.strip())
    return len(people)
