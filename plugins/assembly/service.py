"""The rules of an Assembly or Summit: the submission window, moderation, support,
reports, the café plan's clashes and the follow-up of recommendations.

Views call these; they never commit (the caller does, so an email is queued
only with the change that caused it).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta

from plugins.assembly.forms import STATUS_LABELS
from plugins.assembly.models import (
    CafeTable,
    Event,
    Recommendation,
    RecommendationStatus,
    Round,
    StatusChange,
    Support,
    Topic,
    TopicReport,
    TopicStatus,
)
from portal.api import User, as_utc, db, queue_email, utcnow

# At most this many topics per account per event in any 24 hours.
DAILY_LIMIT = 5
# This many different people reporting a topic hide it until an officer looks.
REPORTS_TO_HIDE = 3


class RateLimited(Exception):
    pass


def window_open(event: Event, moment: datetime | None = None) -> bool:
    moment = moment or utcnow()
    return as_utc(event.window_opens_at) <= moment < as_utc(event.window_closes_at)


def recent_submissions(event: Event, user: User) -> int:
    since = utcnow() - timedelta(days=1)
    return db.session.scalar(db.select(db.func.count(Topic.id)).where(
        Topic.event_id == event.id, Topic.submitter_id == user.id, Topic.created_at >= since))


def submit(event: Event, user: User, **fields) -> Topic:
    if recent_submissions(event, user) >= DAILY_LIMIT:
        raise RateLimited
    topic = Topic(event_id=event.id, submitter_id=user.id, status=TopicStatus.NEW, **fields)
    db.session.add(topic)
    return topic


def can_see(topic: Topic, user) -> bool:
    """Approved, visible topics are public; otherwise only the submitter and officers."""
    if topic.public:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_officer or topic.submitter_id == user.id


def approve(topic: Topic, link: str = "") -> None:
    """Make a topic public (or public again after reports); a new one's submitter is told."""
    first_time = topic.status == TopicStatus.NEW
    topic.status, topic.hidden_at, topic.moderated_at = TopicStatus.APPROVED, None, utcnow()
    _resolve_reports(topic)
    if first_time and topic.submitter is not None:
        queue_email(topic.submitter.email, "assembly/topic_approved",
                    topic.submitter.preferred_language, topic=topic, event=topic.event,
                    name=topic.submitter.name, link=link)


def reject(topic: Topic, reason: str, *, notify: bool = True) -> None:
    topic.status, topic.reject_reason, topic.moderated_at = (TopicStatus.REJECTED, reason,
                                                             utcnow())
    _resolve_reports(topic)
    if notify and topic.submitter is not None:
        queue_email(topic.submitter.email, "assembly/topic_rejected",
                    topic.submitter.preferred_language, topic=topic, event=topic.event,
                    name=topic.submitter.name)


def merge(duplicate: Topic, survivor: Topic) -> int:
    """Fold ``duplicate`` into ``survivor``: its supporters (and submitter) carry over,
    nobody counted twice. Returns how many supporters were added."""
    already = set(db.session.scalars(db.select(Support.user_id).where(
        Support.topic_id == survivor.id)))
    already.add(survivor.submitter_id)
    carried = set(db.session.scalars(db.select(Support.user_id).where(
        Support.topic_id == duplicate.id)))
    if duplicate.submitter_id is not None:
        carried.add(duplicate.submitter_id)
    added = carried - already
    for user_id in sorted(added):
        db.session.add(Support(topic_id=survivor.id, user_id=user_id))
    duplicate.status, duplicate.merged_into_id = TopicStatus.MERGED, survivor.id
    duplicate.moderated_at = utcnow()
    _resolve_reports(duplicate)
    if duplicate.submitter is not None:
        queue_email(duplicate.submitter.email, "assembly/topic_merged",
                    duplicate.submitter.preferred_language, topic=duplicate, survivor=survivor,
                    event=duplicate.event, name=duplicate.submitter.name)
    return len(added)


def keep(topic: Topic) -> None:
    """An officer has looked at the reports and the topic stays public."""
    topic.hidden_at = None
    _resolve_reports(topic)


def _resolve_reports(topic: Topic) -> None:
    db.session.execute(db.update(TopicReport).where(
        TopicReport.topic_id == topic.id, TopicReport.resolved_at.is_(None))
        .values(resolved_at=utcnow()))


def reporter_key(user, remote_addr: str | None) -> str:
    if getattr(user, "is_authenticated", False):
        return f"user:{user.id}"
    digest = hashlib.sha256((remote_addr or "unknown").encode()).hexdigest()[:40]
    return f"addr:{digest}"


def report(topic: Topic, key: str, reason: str) -> bool:
    """Record a report; False if this person had already reported it.

    A single report never hides a topic: it goes back in the officers' queue
    while staying public. Three different people's open reports hide it.
    """
    exists = db.session.scalar(db.select(TopicReport.id).where(
        TopicReport.topic_id == topic.id, TopicReport.reporter == key,
        TopicReport.resolved_at.is_(None)))
    if exists:
        return False
    db.session.execute(db.delete(TopicReport).where(
        TopicReport.topic_id == topic.id, TopicReport.reporter == key))
    db.session.add(TopicReport(topic_id=topic.id, reporter=key, reason=reason))
    db.session.flush()
    count = db.session.scalar(db.select(db.func.count(TopicReport.id)).where(
        TopicReport.topic_id == topic.id, TopicReport.resolved_at.is_(None)))
    if count >= REPORTS_TO_HIDE and topic.hidden_at is None:
        topic.hidden_at = utcnow()
    return True


def support(topic: Topic, user: User) -> bool:
    """Support a topic once; False if this person already supports it."""
    if db.session.scalar(db.select(Support.id).where(Support.topic_id == topic.id,
                                                     Support.user_id == user.id)):
        return False
    db.session.add(Support(topic_id=topic.id, user_id=user.id))
    return True


def withdraw_support(topic: Topic, user: User) -> bool:
    """False if this person did not support it. Deleted through the session, so the
    topic's stored count goes down with it (models.keep_support_counts)."""
    found = db.session.scalar(db.select(Support).where(Support.topic_id == topic.id,
                                                       Support.user_id == user.id))
    if found is None:
        return False
    db.session.delete(found)
    return True


def supported_ids(user, topic_ids) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not topic_ids:
        return set()
    return set(db.session.scalars(db.select(Support.topic_id).where(
        Support.user_id == user.id, Support.topic_id.in_(list(topic_ids)))))


def clashes(rounds: list[Round]) -> set[int]:
    """Ids of tables whose lead also leads another table in the same round."""
    found = set()
    for r in rounds:
        by_lead: dict[int, list[CafeTable]] = {}
        for t in r.tables:
            if t.lead_id is not None:
                by_lead.setdefault(t.lead_id, []).append(t)
        for tables in by_lead.values():
            if len(tables) > 1:
                found.update(t.id for t in tables)
    return found


def change_status(rec: Recommendation, status: RecommendationStatus, *, on: date,
                  note: str, reason: str, user: User) -> int:
    """Move a recommendation on, keep the dated history, and tell the people who raised it.

    Returns how many people were emailed.
    """
    rec.status, rec.status_on = status, on
    rec.reason = reason if status == RecommendationStatus.NOT_TAKEN_FORWARD else ""
    if note:
        rec.outcome = note
    db.session.add(StatusChange(recommendation_id=rec.id, status=status, on=on,
                                note=note or rec.reason, changed_by_id=user.id))
    people = interested_people(rec.topic)
    for person in people:
        queue_email(person.email, "assembly/outcome", person.preferred_language, rec=rec,
                    topic=rec.topic, event=rec.topic.event, name=person.name,
                    statuses=STATUS_LABELS)
    return len(people)


def interested_people(topic: Topic) -> list[User]:
    """The submitters and supporters of a topic and of the duplicates merged into it."""
    topic_ids = [topic.id] + list(db.session.scalars(db.select(Topic.id).where(
        Topic.merged_into_id == topic.id)))
    submitters = db.select(Topic.submitter_id).where(Topic.id.in_(topic_ids))
    supporters = db.select(Support.user_id).where(Support.topic_id.in_(topic_ids))
    return list(db.session.scalars(db.select(User).where(
        db.or_(User.id.in_(submitters), User.id.in_(supporters))).order_by(User.id)))
