"""Recording who attended a body's meeting, the quorum that follows, and decisions."""

from __future__ import annotations

from datetime import UTC

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from plugins.meetings.forms import LONDON
from plugins.meetings.models import Attendance, Decision, DecisionMethod, Meeting
from plugins.meetings.quorum import Present, Result, assess, rule_for
from portal.api import IntegerField, current_members, db

METHOD_LABELS = {
    DecisionMethod.CONSENSUS: _l("By consensus"),
    DecisionMethod.MAJORITY: _l("By majority vote"),
    DecisionMethod.CASTING_VOTE: _l("By the chair's casting vote"),
}


def meeting_day(meeting: Meeting):
    moment = meeting.starts_at if meeting.starts_at.tzinfo else meeting.starts_at.replace(
        tzinfo=UTC)
    return moment.astimezone(LONDON).date()


def members_on_the_day(meeting: Meeting) -> list:
    """The body's members on the meeting's date (its register for attendance)."""
    return current_members(meeting.body, on=meeting_day(meeting)) if meeting.body else []


def recorded(meeting: Meeting) -> dict[int, bool]:
    return dict(db.session.execute(db.select(Attendance.membership_id, Attendance.present)
                                   .where(Attendance.meeting_id == meeting.id)).all())


def record(meeting: Meeting, present_ids: set[int]) -> None:
    """Save attendance for every member on the register (present or absent)."""
    existing = {a.membership_id: a for a in db.session.scalars(
        db.select(Attendance).where(Attendance.meeting_id == meeting.id))}
    for membership in members_on_the_day(meeting):
        row = existing.get(membership.id)
        if row is None:
            row = Attendance(meeting_id=meeting.id, membership_id=membership.id)
            db.session.add(row)
        row.present = membership.id in present_ids


def quorum(meeting: Meeting) -> Result | None:
    """The quorum result once attendance is recorded; None without a rule or a register."""
    rule = rule_for(meeting.body)
    marks = recorded(meeting)
    if rule is None or not marks:
        return None
    present = [Present(m.sector.value, m.voting) for m in members_on_the_day(meeting)
               if marks.get(m.id)]
    return assess(rule, present)


class DecisionForm(FlaskForm):
    text = TextAreaField(_l("What was decided"), validators=[
        DataRequired(message=_l("Enter what was decided")),
        Length(max=2000, message=_l("This can be at most 2,000 characters"))])
    method = SelectField(_l("How it was decided"))
    votes_for = IntegerField(_l("Votes for"), validators=[
        Optional(), NumberRange(min=0, max=100, message=_l("Enter a number from 0 to 100"))])
    votes_against = IntegerField(_l("Votes against"), validators=[
        Optional(), NumberRange(min=0, max=100, message=_l("Enter a number from 0 to 100"))])
    abstentions = IntegerField(_l("Abstentions"), validators=[
        Optional(), NumberRange(min=0, max=100, message=_l("Enter a number from 0 to 100"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.method.choices = [(m.value, str(label)) for m, label in METHOD_LABELS.items()]

    def validate_method(self, field):
        if field.data not in {m.value for m in DecisionMethod}:
            raise ValidationError(_l("Choose one of the options"))

    def validate_votes_for(self, field):
        if self.method.data in (DecisionMethod.MAJORITY, DecisionMethod.CASTING_VOTE):
            if field.data is None or self.votes_against.data is None:
                raise ValidationError(_l("Enter the votes for and against"))
            if self.method.data == DecisionMethod.MAJORITY and \
                    field.data <= self.votes_against.data:
                raise ValidationError(_l("A majority vote needs more votes for than against"))
            if self.method.data == DecisionMethod.CASTING_VOTE and \
                    field.data != self.votes_against.data:
                raise ValidationError(_l("The chair's casting vote settles a tie: the votes "
                                         "for and against must be equal"))

    def decision(self, meeting: Meeting) -> Decision:
        counted = self.method.data != DecisionMethod.CONSENSUS
        return Decision(meeting_id=meeting.id, text=self.text.data.strip(),
                        method=DecisionMethod(self.method.data),
                        votes_for=self.votes_for.data if counted else None,
                        votes_against=self.votes_against.data if counted else None,
                        abstentions=self.abstentions.data if counted else None)
