"""Meetings people can sign up for, the sign-ups, and who attended.

Times are stored in UTC and shown in Europe/London, so a meeting keeps its
local time across the clock changes.
"""

from __future__ import annotations

import enum

from portal.api import db, enum_column, utcnow


class MeetingKind(enum.StrEnum):
    STAKEHOLDER = "stakeholder"  # up to three a year (constitution 6.5)
    BOARD = "board"
    EXECUTIVE = "executive"
    ASSEMBLY = "assembly"
    OTHER = "other"


class SignUpState(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITING = "waiting"
    CANCELLED = "cancelled"


class Meeting(db.Model):
    __tablename__ = "meetings_meeting"

    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    kind = enum_column(MeetingKind, 20, nullable=False)
    body_id = db.Column(db.ForeignKey("body.id", ondelete="SET NULL"), index=True)
    description = db.Column(db.Text, nullable=False, default="")
    starts_at = db.Column(db.DateTime(timezone=True), nullable=False, index=True)
    ends_at = db.Column(db.DateTime(timezone=True), nullable=False)
    venue = db.Column(db.String(300), nullable=False, default="")
    address = db.Column(db.Text, nullable=False, default="")
    online_url = db.Column(db.String(500), nullable=False, default="")
    step_free = db.Column(db.Boolean, nullable=False, default=False)
    hearing_loop = db.Column(db.Boolean, nullable=False, default=False)
    parking = db.Column(db.Boolean, nullable=False, default=False)
    access_notes = db.Column(db.Text, nullable=False, default="")
    capacity = db.Column(db.Integer, nullable=False)
    max_places_per_sign_up = db.Column(db.Integer, nullable=False, default=4)
    sign_up_opens_at = db.Column(db.DateTime(timezone=True), nullable=False)
    sign_up_closes_at = db.Column(db.DateTime(timezone=True), nullable=False)
    # Kept in step with confirmed sign-ups under a row lock, so capacity holds
    # even when many people sign up at the same moment.
    places_taken = db.Column(db.Integer, nullable=False, default=0)
    cancelled_at = db.Column(db.DateTime(timezone=True))
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)
    # The meeting's agenda and minutes, published through the publishing core.
    agenda_slug = db.Column(db.String(160), nullable=False, default="", server_default="")
    minutes_slug = db.Column(db.String(160), nullable=False, default="", server_default="")

    body = db.relationship("Body")
    sign_ups = db.relationship("SignUp", back_populates="meeting", order_by="SignUp.id")

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.places_taken, 0)


class SignUp(db.Model):
    __tablename__ = "meetings_sign_up"

    id = db.Column(db.Integer, primary_key=True)
    meeting_id = db.Column(db.ForeignKey("meetings_meeting.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    user_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"))
    name = db.Column(db.String(120), nullable=False)
    email = db.Column(db.String(254), nullable=False)
    language = db.Column(db.String(12), nullable=False, default="en")
    places = db.Column(db.Integer, nullable=False, default=1)
    state = enum_column(SignUpState, 20, nullable=False, index=True)
    # Access needs: ticked boxes, plus free text where a box is not enough.
    wheelchair = db.Column(db.Boolean, nullable=False, default=False)
    hearing_loop = db.Column(db.Boolean, nullable=False, default=False)
    bsl = db.Column(db.Boolean, nullable=False, default=False)
    large_print = db.Column(db.Boolean, nullable=False, default=False)
    interpreter_language = db.Column(db.String(80), nullable=False, default="")
    other_needs = db.Column(db.Text, nullable=False, default="")
    dietary_needs = db.Column(db.Text, nullable=False, default="")
    may_contact = db.Column(db.Boolean, nullable=False, default=False)
    # Only a hash of the private link's token is kept.
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)
    cancelled_at = db.Column(db.DateTime(timezone=True))
    anonymised_at = db.Column(db.DateTime(timezone=True))
    reminded_at = db.Column(db.DateTime(timezone=True))

    meeting = db.relationship("Meeting", back_populates="sign_ups")


class Attendance(db.Model):
    """Whether a member of the meeting's body attended (for quorum)."""

    __tablename__ = "meetings_attendance"
    __table_args__ = (db.UniqueConstraint("meeting_id", "membership_id"),)

    id = db.Column(db.Integer, primary_key=True)
    meeting_id = db.Column(db.ForeignKey("meetings_meeting.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    membership_id = db.Column(db.ForeignKey("membership.id", ondelete="CASCADE"),
                              nullable=False)
    present = db.Column(db.Boolean, nullable=False, default=False)

    membership = db.relationship("Membership", lazy="joined")


class DecisionMethod(enum.StrEnum):
    CONSENSUS = "consensus"  # constitution 11.1: the usual way
    MAJORITY = "majority"  # a majority vote where consensus is not possible
    CASTING_VOTE = "casting_vote"  # 11.2: the chair's second, casting vote


class Decision(db.Model):
    __tablename__ = "meetings_decision"

    id = db.Column(db.Integer, primary_key=True)
    meeting_id = db.Column(db.ForeignKey("meetings_meeting.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    text = db.Column(db.Text, nullable=False)
    method = enum_column(DecisionMethod, 20, nullable=False)
    votes_for = db.Column(db.Integer)
    votes_against = db.Column(db.Integer)
    abstentions = db.Column(db.Integer)
    recorded_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)
