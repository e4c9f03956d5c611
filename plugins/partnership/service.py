"""The partnership's rules: referral status and deadlines, endorsing groups, awarding funds.

Views stay thin and call these; each function leaves committing to its caller
except :func:`award`, which must hold the round's lock until it commits.
"""

from __future__ import annotations

import enum
from datetime import date, timedelta

from flask import current_app
from flask_babel import format_currency

from plugins.partnership.models import (
    CriterionScore,
    Direction,
    FundingBid,
    FundingRound,
    GroupProposal,
    GroupTerms,
    ProposalStatus,
    Referral,
)
from portal.api import (
    Body,
    BodyKind,
    Membership,
    MembershipRole,
    User,
    create_body,
    current_members,
    db,
    queue_email,
    utcnow,
)

REFERRAL_DAYS = 90  # about two Executive meetings (it meets at least six times a year)


def money(pence: int | None) -> str:
    """An amount in pence as the reader's locale writes pounds (e.g. £200,000.00)."""
    return format_currency((pence or 0) / 100, "GBP")


# --- referrals ----------------------------------------------------------------------------
class ReferralStatus(enum.StrEnum):
    RAISED = "raised"
    ON_AGENDA = "on_agenda"
    CONSIDERED = "considered"
    RETURNED = "returned"


def referral_status(referral: Referral) -> ReferralStatus:
    if referral.returned_at is not None:
        return ReferralStatus.RETURNED
    if referral.outcome_on is not None:
        return ReferralStatus.CONSIDERED
    if referral.meeting_on is not None:
        return ReferralStatus.ON_AGENDA
    return ReferralStatus.RAISED


def due_on(referral: Referral) -> date:
    # From the environment it arrives as a string (PORTAL_PARTNERSHIP_REFERRAL_DAYS=60).
    days = int(current_app.config.get("PARTNERSHIP_REFERRAL_DAYS", REFERRAL_DAYS))
    return referral.raised_on + timedelta(days=days)


def is_overdue(referral: Referral, today: date | None = None) -> bool:
    """No outcome yet, ``PARTNERSHIP_REFERRAL_DAYS`` after it was raised."""
    return referral.outcome_on is None and (today or date.today()) > due_on(referral)


def chair_of(body: Body) -> Membership | None:
    return next((m for m in current_members(body) if m.role == MembershipRole.CHAIR), None)


def chairs(user) -> list[Body]:
    """Reference groups ``user`` chairs today."""
    if not getattr(user, "is_authenticated", False):
        return []
    today = date.today()
    seats = db.session.scalars(db.select(Membership).where(
        Membership.user_id == user.id, Membership.role == MembershipRole.CHAIR)).all()
    return [m.body for m in seats
            if m.serving_on(today) and m.body.kind == BodyKind.REFERENCE_GROUP]


def may_act_for_group(user, body: Body) -> bool:
    """Officers, or the group's chair."""
    return getattr(user, "is_officer", False) or body in chairs(user)


def may_edit_report(user, report) -> bool:
    """A progress report is corrected by whoever submitted it, or by an officer."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_officer or (report.submitted_by_id is not None
                               and report.submitted_by_id == user.id)


def _chair_contact(referral: Referral) -> User | None:
    """The group's chair with an account; else whoever raised it, to pass it on."""
    seated = [m for m in current_members(referral.reference_group)
              if m.role == MembershipRole.CHAIR and m.user is not None]
    if seated:
        return seated[0].user
    return db.session.get(User, referral.raised_by_id) if referral.raised_by_id else None


def raise_referral(referral: Referral) -> None:
    """A new referral; a request from the Board or Executive goes to the group's chair."""
    db.session.add(referral)
    db.session.flush()
    if referral.direction == Direction.FROM_EXECUTIVE:
        contact = _chair_contact(referral)
        if contact is not None:
            queue_email(contact.email, "partnership/referral_request",
                        contact.preferred_language, referral=referral, name=contact.name)


def record_outcome(referral: Referral, outcome: str, day: date) -> None:
    """The outcome (or the group's response) is recorded; the chair is told of an outcome."""
    referral.outcome, referral.outcome_on = outcome, day
    if referral.direction == Direction.TO_EXECUTIVE:
        contact = _chair_contact(referral)
        if contact is not None:
            queue_email(contact.email, "partnership/referral_outcome",
                        contact.preferred_language, referral=referral, name=contact.name)
        referral.returned_at = utcnow()


# --- new groups ---------------------------------------------------------------------------
def decide(proposal: GroupProposal, user: User, endorse: bool, reason: str) -> None:
    """Harrow Chief Executives' decision; an endorsed proposal becomes a group at once."""
    if proposal.status != ProposalStatus.PROPOSED:
        raise ValueError("already decided")
    proposal.status = ProposalStatus.ENDORSED if endorse else ProposalStatus.DECLINED
    proposal.decided_at, proposal.decided_by_id, proposal.reason = utcnow(), user.id, reason
    if endorse:
        body = create_body(proposal.name, BodyKind(proposal.kind), parent=proposal.parent,
                           purpose=proposal.purpose)
        terms = (f"{proposal.purpose}\n\n{proposal.representation}\n\n{proposal.value_added}")
        db.session.add(GroupTerms(body_id=body.id, terms_of_reference=terms,
                                  duration=proposal.duration))
        proposal.body_id = body.id
        proposal.body = body
    proposer = proposal.proposed_by
    if proposer is not None:
        queue_email(proposer.email, "partnership/proposal_decided", proposer.preferred_language,
                    proposal=proposal, name=proposer.name)


# --- funding ------------------------------------------------------------------------------
class PotExceeded(Exception):
    """The award would take the round's total past its pot."""


class CostExceeded(Exception):
    """The award would be more than the bid asked for (its cost)."""


def awarded_total(round_id: int) -> int:
    return db.session.scalar(db.select(db.func.coalesce(db.func.sum(FundingBid.award_pence), 0))
                             .where(FundingBid.round_id == round_id)) or 0


def _lock_round(round_id: int) -> FundingRound:
    """Lock the round's row until commit, so awards to it are made one after another.

    PostgreSQL: ``SELECT … FOR UPDATE`` makes a second award wait here until the
    first commits, then it sums the committed awards. SQLite has no row locks, so
    a no-op write first takes the database's write lock before anything is read.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(db.update(FundingRound).where(FundingRound.id == round_id)
                           .values(pot_pence=FundingRound.pot_pence)
                           .execution_options(synchronize_session=False))
    found = db.session.execute(
        db.select(FundingRound).where(FundingRound.id == round_id).with_for_update()
        .execution_options(populate_existing=True)).scalar_one_or_none()
    if found is None:
        raise LookupError(f"no funding round {round_id}")
    return found


def award(bid_id: int, pence: int, *, project_id: int | None = None) -> FundingBid:
    """Award ``pence`` to a bid and commit.

    Raises :class:`CostExceeded` past the bid's cost and :class:`PotExceeded` past
    what is left in the round's pot; either way nothing is saved.
    """
    bid = db.session.get(FundingBid, bid_id)
    if bid is None:
        raise LookupError(f"no bid {bid_id}")
    round_id = bid.round_id
    db.session.rollback()  # start the award's own transaction with the lock
    try:
        funding_round = _lock_round(round_id)
        bid = db.session.execute(db.select(FundingBid).where(FundingBid.id == bid_id)
                                 .execution_options(populate_existing=True)).scalar_one()
        if pence > bid.cost_pence:
            raise CostExceeded(bid.cost_pence)
        others = awarded_total(round_id) - (bid.award_pence or 0)
        if pence <= 0 or others + pence > funding_round.pot_pence:
            raise PotExceeded(funding_round.pot_pence - others)
        bid.award_pence, bid.awarded_at = pence, utcnow()
        if project_id is not None:
            bid.project_id = project_id
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return bid


# --- panel scores ---------------------------------------------------------------------------
def criteria_from_text(text: str) -> list[str]:
    """The criteria an officer typed, one a line, blank lines and bullets dropped."""
    return [line.strip().lstrip("-•*").strip() for line in text.splitlines()
            if line.strip().lstrip("-•*").strip()]


def score_bid(bid: FundingBid, officer: User, scores: dict[int, int]) -> None:
    """Record ``officer``'s score on each criterion (criterion id -> score), replacing any
    earlier score of theirs. The caller commits."""
    mine = {s.criterion_id: s for s in db.session.scalars(db.select(CriterionScore).where(
        CriterionScore.bid_id == bid.id, CriterionScore.officer_id == officer.id))}
    for criterion_id, value in scores.items():
        found = mine.get(criterion_id)
        if found is None:
            db.session.add(CriterionScore(bid_id=bid.id, criterion_id=criterion_id,
                                          officer_id=officer.id, score=value))
        else:
            found.score, found.scored_at = value, utcnow()


def officer_scores(bid: FundingBid, officer: User) -> dict[int, int]:
    return dict(db.session.execute(db.select(CriterionScore.criterion_id, CriterionScore.score)
                                   .where(CriterionScore.bid_id == bid.id,
                                          CriterionScore.officer_id == officer.id)).all())


def criterion_means(bid: FundingBid) -> dict[int, tuple[float, int]]:
    """Each criterion's mean score for the bid and how many officers scored it."""
    rows = db.session.execute(
        db.select(CriterionScore.criterion_id, db.func.avg(CriterionScore.score),
                  db.func.count(CriterionScore.id))
        .where(CriterionScore.bid_id == bid.id).group_by(CriterionScore.criterion_id)).all()
    return {criterion: (float(mean), count) for criterion, mean, count in rows}


def score_totals(round_id: int) -> dict[int, float]:
    """Each scored bid's total: the sum over the criteria of the panel's mean score."""
    means = (db.select(CriterionScore.bid_id.label("bid_id"),
                       db.func.avg(CriterionScore.score).label("mean"))
             .join(FundingBid, FundingBid.id == CriterionScore.bid_id)
             .where(FundingBid.round_id == round_id)
             .group_by(CriterionScore.bid_id, CriterionScore.criterion_id).subquery())
    rows = db.session.execute(db.select(means.c.bid_id, db.func.sum(means.c.mean))
                              .group_by(means.c.bid_id)).all()
    return {bid_id: float(total) for bid_id, total in rows}


def ranked(bids: list[FundingBid], totals: dict[int, float]) -> list[FundingBid]:
    """Highest total first; bids no one has scored last, in the order they came in."""
    return sorted(bids, key=lambda b: (b.id not in totals, -totals.get(b.id, 0), b.id))
