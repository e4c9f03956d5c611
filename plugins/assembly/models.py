"""The Assembly and Summits: events, the topics people bring, support, the café plan,
and the recommendations with what became of them.

Times are stored in UTC and shown in Europe/London.
"""

from __future__ import annotations

import enum

from sqlalchemy.orm import column_property

from portal.api import db, enum_column, utcnow


class EventKind(enum.StrEnum):
    ASSEMBLY = "assembly"  # café-style debate on the big questions, up to twice a year
    SUMMIT = "summit"  # partners select topics and lead sessions


class TopicStatus(enum.StrEnum):
    NEW = "new"  # waiting for an officer; never public
    APPROVED = "approved"
    REJECTED = "rejected"
    MERGED = "merged"  # a duplicate folded into another topic
    WITHDRAWN = "withdrawn"


class RecommendationStatus(enum.StrEnum):
    REFERRED = "referred"
    CONSIDERING = "under_consideration"
    ACCEPTED = "accepted"
    NOT_TAKEN_FORWARD = "not_taken_forward"  # a reason is required
    DONE = "done"


class Event(db.Model):
    __tablename__ = "assembly_event"

    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(120), nullable=False, unique=True)
    kind = enum_column(EventKind, 20, nullable=False)
    title = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    starts_at = db.Column(db.DateTime(timezone=True), nullable=False, index=True)
    place = db.Column(db.String(300), nullable=False, default="")
    access_info = db.Column(db.Text, nullable=False, default="")
    window_opens_at = db.Column(db.DateTime(timezone=True), nullable=False)
    window_closes_at = db.Column(db.DateTime(timezone=True), nullable=False)
    published = db.Column(db.Boolean, nullable=False, default=False)
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)

    questions = db.relationship("BigQuestion", back_populates="event",
                                order_by="BigQuestion.position", cascade="all, delete-orphan")
    rounds = db.relationship("Round", back_populates="event", order_by="Round.number",
                             cascade="all, delete-orphan")


class BigQuestion(db.Model):
    __tablename__ = "assembly_question"

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.ForeignKey("assembly_event.id", ondelete="CASCADE"),
                         nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False)
    text = db.Column(db.String(300), nullable=False)

    event = db.relationship("Event", back_populates="questions")


class Support(db.Model):
    """One person's "I want to discuss this": at most one per person per topic."""

    __tablename__ = "assembly_support"
    __table_args__ = (db.UniqueConstraint("topic_id", "user_id"),)

    id = db.Column(db.Integer, primary_key=True)
    topic_id = db.Column(db.ForeignKey("assembly_topic.id", ondelete="CASCADE"),
                         nullable=False, index=True)
    user_id = db.Column(db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False,
                        index=True)
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)


class TopicReport(db.Model):
    """Someone thinks a public topic should not be there; one report per person."""

    __tablename__ = "assembly_report"
    __table_args__ = (db.UniqueConstraint("topic_id", "reporter"),)

    id = db.Column(db.Integer, primary_key=True)
    topic_id = db.Column(db.ForeignKey("assembly_topic.id", ondelete="CASCADE"),
                         nullable=False, index=True)
    # "user:<id>" or "addr:<hash of the address>" for someone not signed in.
    reporter = db.Column(db.String(80), nullable=False)
    reason = db.Column(db.Text, nullable=False, default="")
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)
    resolved_at = db.Column(db.DateTime(timezone=True))


class Topic(db.Model):
    __tablename__ = "assembly_topic"
    # The event's list, most supported first (the default order), reads this index
    # instead of counting every topic's supports on each request.
    __table_args__ = (db.Index("ix_assembly_topic_event_support", "event_id", "support_count",
                               "created_at"),)

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.ForeignKey("assembly_event.id", ondelete="CASCADE"),
                         nullable=False, index=True)
    question_id = db.Column(db.ForeignKey("assembly_question.id", ondelete="SET NULL"),
                            index=True)
    title = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text, nullable=False)
    language = db.Column(db.String(12), nullable=False, default="en")
    submitter_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    organisation_id = db.Column(db.ForeignKey("organisation.id", ondelete="SET NULL"))
    will_lead = db.Column(db.Boolean, nullable=False, default=False)
    status = enum_column(TopicStatus, 20, nullable=False, default=TopicStatus.NEW, index=True)
    reject_reason = db.Column(db.Text, nullable=False, default="")
    merged_into_id = db.Column(db.ForeignKey("assembly_topic.id", ondelete="SET NULL"))
    # Set when three different people report it: back in the queue and hidden.
    hidden_at = db.Column(db.DateTime(timezone=True))
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow,
                           index=True)
    moderated_at = db.Column(db.DateTime(timezone=True))

    event = db.relationship("Event")
    question = db.relationship("BigQuestion", lazy="joined")
    submitter = db.relationship("User")
    organisation = db.relationship("Organisation", lazy="joined")
    merged_into = db.relationship("Topic", remote_side=[id])

    # How many people support it: kept in step with assembly_support by
    # keep_support_counts below, whoever adds or removes a Support.
    support_count = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    open_reports = column_property(
        db.select(db.func.count(TopicReport.id)).where(
            TopicReport.topic_id == id, TopicReport.resolved_at.is_(None))
        .correlate_except(TopicReport).scalar_subquery())

    @property
    def public(self) -> bool:
        return self.status == TopicStatus.APPROVED and self.hidden_at is None


class Round(db.Model):
    __tablename__ = "assembly_round"
    __table_args__ = (db.UniqueConstraint("event_id", "number"),)

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.ForeignKey("assembly_event.id", ondelete="CASCADE"),
                         nullable=False, index=True)
    number = db.Column(db.Integer, nullable=False)
    starts_at = db.Column(db.DateTime(timezone=True), nullable=False)

    event = db.relationship("Event", back_populates="rounds")
    tables = db.relationship("CafeTable", back_populates="round", order_by="CafeTable.number",
                             cascade="all, delete-orphan")


class CafeTable(db.Model):
    """One table in one round: a topic, the partner leading it, how many can sit."""

    __tablename__ = "assembly_table"
    __table_args__ = (db.UniqueConstraint("round_id", "number"),)

    id = db.Column(db.Integer, primary_key=True)
    round_id = db.Column(db.ForeignKey("assembly_round.id", ondelete="CASCADE"),
                         nullable=False, index=True)
    number = db.Column(db.Integer, nullable=False)
    topic_id = db.Column(db.ForeignKey("assembly_topic.id", ondelete="CASCADE"),
                         nullable=False)
    lead_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"))
    capacity = db.Column(db.Integer, nullable=False, default=8)

    round = db.relationship("Round", back_populates="tables")
    topic = db.relationship("Topic", lazy="joined")
    lead = db.relationship("User", lazy="joined")


class Recommendation(db.Model):
    """What a table recommended, the body it went to, and where it has got to."""

    __tablename__ = "assembly_recommendation"

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.ForeignKey("assembly_event.id", ondelete="CASCADE"),
                         nullable=False, index=True)
    topic_id = db.Column(db.ForeignKey("assembly_topic.id", ondelete="CASCADE"),
                         nullable=False, index=True)
    text = db.Column(db.Text, nullable=False)
    body_id = db.Column(db.ForeignKey("body.id", ondelete="RESTRICT"), nullable=False)
    status = enum_column(RecommendationStatus, 30, nullable=False,
                         default=RecommendationStatus.REFERRED)
    reason = db.Column(db.Text, nullable=False, default="")
    outcome = db.Column(db.Text, nullable=False, default="")
    status_on = db.Column(db.Date, nullable=False)
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)

    topic = db.relationship("Topic", lazy="joined")
    body = db.relationship("Body", lazy="joined")
    history = db.relationship("StatusChange", order_by="StatusChange.id",
                              cascade="all, delete-orphan")


class StatusChange(db.Model):
    """Every status a recommendation has had, dated: the record of what happened."""

    __tablename__ = "assembly_status_change"

    id = db.Column(db.Integer, primary_key=True)
    recommendation_id = db.Column(db.ForeignKey("assembly_recommendation.id",
                                                ondelete="CASCADE"), nullable=False, index=True)
    status = enum_column(RecommendationStatus, 30, nullable=False)
    on = db.Column(db.Date, nullable=False)
    note = db.Column(db.Text, nullable=False, default="")
    changed_by_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"))
    changed_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)


# --- Keeping Topic.support_count in step -----------------------------------------
# Every Support added or deleted through the session moves its topic's count in
# the same flush, by an UPDATE relative to the stored value, so two people
# supporting at once cannot overwrite each other's count. (Deleting supports
# with a bulk statement bypasses this: use session.delete, as the service does.)

PENDING = "assembly.support_deltas"


def _collect_support_changes(session, flush_context) -> None:
    deltas = session.info.setdefault(PENDING, {})
    for obj in session.new:
        if isinstance(obj, Support):
            deltas[obj.topic_id] = deltas.get(obj.topic_id, 0) + 1
    for obj in session.deleted:
        if isinstance(obj, Support):
            deltas[obj.topic_id] = deltas.get(obj.topic_id, 0) - 1


def _apply_support_changes(session, flush_context) -> None:
    deltas = session.info.pop(PENDING, None)
    if not deltas:
        return
    table = Topic.__table__
    connection = session.connection()
    for topic_id, delta in sorted(deltas.items()):
        if delta:
            connection.execute(table.update().where(table.c.id == topic_id).values(
                support_count=table.c.support_count + delta))
            topic = session.identity_map.get(session.identity_key(Topic, topic_id))
            if topic is not None:
                session.expire(topic, ["support_count"])


def keep_support_counts() -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    if not event.contains(Session, "after_flush", _collect_support_changes):
        event.listen(Session, "after_flush", _collect_support_changes)
        event.listen(Session, "after_flush_postexec", _apply_support_changes)


keep_support_counts()


MODELS = [Event, BigQuestion, Support, TopicReport, Topic, Round, CafeTable, Recommendation,
          StatusChange]
