"""Complaints under the Voluntary Sector Compact, their stages and audit trail.

A complaint belongs to the voluntary or community organisation that lodged
it; only that organisation's members, the case officer and Compact
administrators may see it.
"""

from __future__ import annotations

import enum

from portal.api import StorageKey, db, enum_column, utcnow


class Stage(enum.StrEnum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    INVESTIGATING = "investigating"
    OUTCOME = "outcome"  # stage 1 answered
    REVIEW_REQUESTED = "review_requested"
    REVIEW_ACKNOWLEDGED = "review_acknowledged"
    REVIEW_OUTCOME = "review_outcome"
    ESCALATED = "escalated"  # independent mediation / neighbouring boroughs' arrangement
    CLOSED = "closed"


class Outcome(enum.StrEnum):
    UPHELD = "upheld"
    PARTLY_UPHELD = "partly_upheld"
    NOT_UPHELD = "not_upheld"
    WITHDRAWN = "withdrawn"


class Commitment(db.Model):
    """A Compact commitment a complaint can say was breached (an editable list)."""

    __tablename__ = "compact_commitment"

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(40), nullable=False, unique=True)
    title = db.Column(db.String(300), nullable=False)
    position = db.Column(db.Integer, nullable=False, default=0)
    active = db.Column(db.Boolean, nullable=False, default=True)


class Complaint(db.Model):
    __tablename__ = "compact_complaint"

    id = db.Column(db.Integer, primary_key=True)
    reference = db.Column(db.String(20), nullable=False, unique=True)  # e.g. CPT-2026-0042
    organisation_id = db.Column(db.ForeignKey("organisation.id", ondelete="RESTRICT"),
                                nullable=False, index=True)
    lodged_by_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"))
    concerns_id = db.Column(db.ForeignKey("organisation.id", ondelete="RESTRICT"),
                            nullable=False)  # the partner complained about
    commitment_id = db.Column(db.ForeignKey("compact_commitment.id", ondelete="RESTRICT"),
                              nullable=False)
    what_happened = db.Column(db.Text, nullable=False)
    happened_on = db.Column(db.Date, nullable=False)
    tried_already = db.Column(db.Text, nullable=False, default="")
    outcome_wanted = db.Column(db.Text, nullable=False)
    language = db.Column(db.String(12), nullable=False, default="en")

    stage = enum_column(Stage, 30, nullable=False, default=Stage.RECEIVED, index=True)
    due_on = db.Column(db.Date, index=True)  # deadline of the current stage, if it has one
    outcome = enum_column(Outcome, 20)
    outcome_text = db.Column(db.Text, nullable=False, default="")
    review_outcome = enum_column(Outcome, 20)
    escalated_to = db.Column(db.String(300), nullable=False, default="")
    escalation_finding = db.Column(db.Text, nullable=False, default="")
    # What the partner changed as a result (public, anonymised, in the annual report).
    changes_made = db.Column(db.Text, nullable=False, default="")
    case_officer_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"),
                                index=True)
    lodged_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)
    answered_at = db.Column(db.DateTime(timezone=True))  # stage 1 outcome given
    answered_in_time = db.Column(db.Boolean)
    closed_at = db.Column(db.DateTime(timezone=True))

    organisation = db.relationship("Organisation", foreign_keys=[organisation_id])
    concerns = db.relationship("Organisation", foreign_keys=[concerns_id])
    commitment = db.relationship("Commitment")
    lodged_by = db.relationship("User", foreign_keys=[lodged_by_id])
    case_officer = db.relationship("User", foreign_keys=[case_officer_id])
    events = db.relationship("CaseEvent", back_populates="complaint", order_by="CaseEvent.id")


class CaseEvent(db.Model):
    """One line of a complaint's audit trail: who did or saw what, when. Never edited."""

    __tablename__ = "compact_case_event"

    id = db.Column(db.Integer, primary_key=True)
    complaint_id = db.Column(db.ForeignKey("compact_complaint.id", ondelete="CASCADE"),
                             nullable=False, index=True)
    at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)
    actor_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"))
    action = db.Column(db.String(40), nullable=False)  # "viewed", "lodged", "stage", …
    detail = db.Column(db.Text, nullable=False, default="")

    complaint = db.relationship("Complaint", back_populates="events")
    actor = db.relationship("User")


class ReferenceCounter(db.Model):
    """The last reference number issued in a year (CPT-<year>-<number>)."""

    __tablename__ = "compact_reference_counter"

    year = db.Column(db.Integer, primary_key=True, autoincrement=False)
    last = db.Column(db.Integer, nullable=False, default=0)


class CaseMessage(db.Model):
    """A message on the case between complainant and case officer, or an internal note."""

    __tablename__ = "compact_case_message"

    id = db.Column(db.Integer, primary_key=True)
    complaint_id = db.Column(db.ForeignKey("compact_complaint.id", ondelete="CASCADE"),
                             nullable=False, index=True)
    author_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"))
    text = db.Column(db.Text, nullable=False)
    internal = db.Column(db.Boolean, nullable=False, default=False)  # officers only
    at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)

    author = db.relationship("User")
    complaint = db.relationship("Complaint")
    files = db.relationship("CaseFile", order_by="CaseFile.id")


class CaseFile(db.Model):
    """A supporting file on a case: lodged with the complaint or sent with a message.

    A file sent with an internal note is, like the note, for case handlers only.
    """

    __tablename__ = "compact_case_file"

    id = db.Column(db.Integer, primary_key=True)
    complaint_id = db.Column(db.ForeignKey("compact_complaint.id", ondelete="CASCADE"),
                             nullable=False, index=True)
    message_id = db.Column(db.ForeignKey("compact_case_message.id", ondelete="CASCADE"),
                           index=True)
    uploaded_by_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"))
    filename = db.Column(db.String(200), nullable=False)  # safe download name
    content_type = db.Column(db.String(120), nullable=False)
    size = db.Column(db.Integer, nullable=False)
    storage_key = db.Column(StorageKey, nullable=False)  # the file itself (portal.api.store_file)
    internal = db.Column(db.Boolean, nullable=False, default=False)
    at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)

    uploaded_by = db.relationship("User")
