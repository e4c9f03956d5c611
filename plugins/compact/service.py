"""The rules of a Compact complaint: who may see it, how it moves, what is recorded.

Every change goes through :func:`act`, which checks the move is allowed from
the current stage by this person, sets the next deadline in working days,
writes the audit trail and emails the complainant through the outbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import or_
from sqlalchemy.orm import selectinload

from plugins.compact.models import CaseEvent, Complaint, Outcome, Stage
from portal.api import Sector, db, queue_email


class NotAllowed(Exception):
    pass


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return now().date()


# --- who may see what ---------------------------------------------------------------
def is_compact_admin(user) -> bool:
    return bool(getattr(user, "is_administrator", False))


def member_organisation_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return {m.organisation_id for m in user.organisation_memberships}


def can_see(user, complaint: Complaint) -> bool:
    """Members of the complainant organisation, the case officer, Compact administrators."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (is_compact_admin(user) or complaint.case_officer_id == user.id
            or complaint.organisation_id in member_organisation_ids(user))


def is_case_handler(user, complaint: Complaint) -> bool:
    return is_compact_admin(user) or (getattr(user, "is_officer", False)
                                      and complaint.case_officer_id == user.id)


def visible(query, user):
    """Limit a ``select(Complaint)`` to what ``user`` may see."""
    if is_compact_admin(user):
        return query
    conditions = [Complaint.organisation_id.in_(member_organisation_ids(user) or {-1})]
    if getattr(user, "is_officer", False):
        conditions.append(Complaint.case_officer_id == user.id)
    return query.where(or_(*conditions))


def lodging_organisations(user) -> list:
    """The voluntary and community organisations this person may complain for."""
    return [m.organisation for m in user.organisation_memberships
            if m.organisation.sector == Sector.VOLUNTARY]


# --- the audit trail ----------------------------------------------------------------
def record(complaint: Complaint, actor, action: str, detail: str = "") -> None:
    db.session.add(CaseEvent(complaint_id=complaint.id, actor_id=getattr(actor, "id", None),
                             action=action, detail=detail, at=now()))


# --- moves -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Move:
    """A change the workflow allows: from which stages, to which, by whom, next deadline."""

    name: str
    sources: tuple[Stage, ...]
    target: Stage | None  # None: the stage does not change (e.g. an extension)
    by: str  # "handler" (case officer or Compact administrator) or "complainant"
    deadline: str | None = None  # working-day deadline started by the move


OPEN = (Stage.RECEIVED, Stage.ACKNOWLEDGED, Stage.INVESTIGATING, Stage.REVIEW_REQUESTED,
        Stage.REVIEW_ACKNOWLEDGED)
MOVES = {m.name: m for m in (
    Move("acknowledge", (Stage.RECEIVED,), Stage.ACKNOWLEDGED, "handler", "respond"),
    Move("investigate", (Stage.ACKNOWLEDGED,), Stage.INVESTIGATING, "handler"),
    Move("outcome", (Stage.ACKNOWLEDGED, Stage.INVESTIGATING), Stage.OUTCOME, "handler"),
    Move("request_review", (Stage.OUTCOME,), Stage.REVIEW_REQUESTED, "complainant",
         "review_acknowledge"),
    Move("acknowledge_review", (Stage.REVIEW_REQUESTED,), Stage.REVIEW_ACKNOWLEDGED, "handler",
         "review_respond"),
    Move("review_outcome", (Stage.REVIEW_ACKNOWLEDGED,), Stage.REVIEW_OUTCOME, "handler"),
    Move("escalate", (Stage.REVIEW_OUTCOME,), Stage.ESCALATED, "handler"),
    Move("finding", (Stage.ESCALATED,), None, "handler"),
    Move("close", (Stage.OUTCOME, Stage.REVIEW_OUTCOME, Stage.ESCALATED), Stage.CLOSED,
         "handler"),
    Move("withdraw", OPEN + (Stage.OUTCOME,), Stage.CLOSED, "complainant"),
    Move("extend", OPEN, None, "handler"),
)}


def allowed_moves(user, complaint: Complaint) -> list[Move]:
    handler = is_case_handler(user, complaint)
    member = complaint.organisation_id in member_organisation_ids(user)
    return [m for m in MOVES.values() if complaint.stage in m.sources
            and ((m.by == "handler" and handler) or (m.by == "complainant" and member))]


def act(complaint: Complaint, name: str, user, *, link: str, **data) -> None:
    """Make move ``name``; ``data`` carries what the move records (outcome, reason…)."""
    from plugins.compact.working_days import due_date

    move = MOVES.get(name)
    if move is None or move not in allowed_moves(user, complaint):
        raise NotAllowed(name)
    moment = now()
    detail = ""
    if name in ("outcome", "review_outcome"):
        outcome = Outcome(data["outcome"])
        if name == "outcome":
            complaint.outcome, complaint.outcome_text = outcome, data.get("text", "")
            complaint.answered_at = moment
            complaint.answered_in_time = complaint.due_on is None or \
                moment.date() <= complaint.due_on
        else:
            complaint.review_outcome = outcome
            complaint.outcome_text = data.get("text", "") or complaint.outcome_text
        if data.get("changes"):
            complaint.changes_made = data["changes"]
        detail = outcome.value
    elif name == "escalate":
        complaint.escalated_to = data["to"]
        detail = data["to"]
    elif name == "finding":
        complaint.escalation_finding = data["text"]
        detail = data["text"]
    elif name == "withdraw":
        complaint.outcome = complaint.outcome or Outcome.WITHDRAWN
        detail = data.get("text", "")
    elif name == "extend":
        new_due = data["due_on"]
        if complaint.due_on is not None and new_due <= complaint.due_on:
            raise NotAllowed("extend-earlier")
        detail = f"{complaint.due_on} → {new_due}: {data['reason']}"
        complaint.due_on = new_due
    if move.target is not None:
        complaint.stage = move.target
        complaint.due_on = due_date(move.deadline, moment.date()) if move.deadline else None
        if move.target == Stage.CLOSED:
            complaint.closed_at = moment
    record(complaint, user, name, detail)
    notify(complaint, name, link, reason=data.get("reason", ""))


def notify(complaint: Complaint, what: str, link: str, reason: str = "") -> None:
    """Tell the complainant, in their language, what happened on their case."""
    person = complaint.lodged_by
    if person is None:
        return
    queue_email(person.email, "compact_update", person.preferred_language,
                complaint=complaint, what=what, link=link, reason=reason, person=person)


# --- the case as data ---------------------------------------------------------------
def case_record(complaint: Complaint, handler: bool) -> dict:
    """What the case holds, for its export; internal notes and the trail only for handlers."""
    from plugins.compact.models import CaseFile, CaseMessage

    def when(moment):
        return moment.isoformat() if moment else None

    messages = db.select(CaseMessage).where(CaseMessage.complaint_id == complaint.id)
    files = db.select(CaseFile).where(CaseFile.complaint_id == complaint.id)
    if not handler:
        messages = messages.where(CaseMessage.internal.is_(False))
        files = files.where(CaseFile.internal.is_(False))
    messages = db.session.scalars(messages.options(selectinload(CaseMessage.author))
                                  .order_by(CaseMessage.id)).all()
    files = db.session.scalars(files.order_by(CaseFile.id)).all()
    data = {
        "reference": complaint.reference,
        "organisation": complaint.organisation.name,
        "concerns": complaint.concerns.name,
        "commitment": complaint.commitment.title,
        "what_happened": complaint.what_happened,
        "happened_on": complaint.happened_on.isoformat(),
        "tried_already": complaint.tried_already,
        "outcome_wanted": complaint.outcome_wanted,
        "stage": complaint.stage.value,
        "due_on": complaint.due_on.isoformat() if complaint.due_on else None,
        "lodged_at": when(complaint.lodged_at),
        "answered_at": when(complaint.answered_at),
        "outcome": complaint.outcome.value if complaint.outcome else None,
        "outcome_text": complaint.outcome_text,
        "review_outcome": complaint.review_outcome.value if complaint.review_outcome else None,
        "escalated_to": complaint.escalated_to,
        "escalation_finding": complaint.escalation_finding,
        "changes_made": complaint.changes_made,
        "closed_at": when(complaint.closed_at),
        "messages": [{"at": when(m.at), "from": m.author.name if m.author else None,
                      "text": m.text, "internal": m.internal} for m in messages],
        "files": [{"name": f.filename, "size": f.size, "at": when(f.at)} for f in files],
    }
    if handler:
        events = db.session.scalars(db.select(CaseEvent).where(
            CaseEvent.complaint_id == complaint.id).options(selectinload(CaseEvent.actor))
            .order_by(CaseEvent.id)).all()
        data["audit_trail"] = [{"at": when(e.at), "who": e.actor.name if e.actor else None,
                                "action": e.action, "detail": e.detail} for e in events]
    return data
