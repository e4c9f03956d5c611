"""Demonstration cases: the two 2009 grants-process complaints and one open case."""

from __future__ import annotations

from datetime import UTC, date, datetime

from plugins.compact import COMMITMENTS
from plugins.compact.models import CaseEvent, Commitment, Complaint, Outcome, Stage
from plugins.compact.working_days import due_date
from portal.api import Organisation, Role, User, db


def ensure_commitments() -> int:
    made = 0
    for position, (code, title) in enumerate(COMMITMENTS):
        if db.session.scalar(db.select(Commitment.id).where(Commitment.code == code)) is None:
            db.session.add(Commitment(code=code, title=title, position=position))
            made += 1
    db.session.flush()
    return made


def seed_compact() -> dict[str, int]:
    made = ensure_commitments()
    organisation = db.session.scalar(db.select(Organisation).where(Organisation.slug == "havs"))
    council = db.session.scalar(db.select(Organisation).where(
        Organisation.slug == "harrow-council"))
    lodger = db.session.scalar(db.select(User).where(User.email == "havs@example.org"))
    officer = db.session.scalar(db.select(User).where(User.role == Role.OFFICER).limit(1))
    grants = db.session.scalar(db.select(Commitment).where(Commitment.code == "grant-process"))
    if None in (organisation, council, lodger, officer, grants):
        db.session.commit()
        return {"commitments": made, "complaints": 0}
    cases = [
        ("CPT-2009-0001", datetime(2009, 2, 10, tzinfo=UTC), Stage.CLOSED, Outcome.PARTLY_UPHELD,
         "Demonstration case: the grants round's scoring was not explained to applicants.",
         "The council now publishes its scoring criteria and gives written feedback to every "
         "applicant."),
        ("CPT-2009-0002", datetime(2009, 3, 2, tzinfo=UTC), Stage.CLOSED, Outcome.PARTLY_UPHELD,
         "Demonstration case: decisions on the grants round came after funding had ended.",
         "Changes have been made to the grants process so decisions come before funding "
         "ends."),
        (f"CPT-{date.today().year}-9001", datetime.now(UTC), Stage.RECEIVED, None,
         "Demonstration case: a consultation on community premises ran for four weeks.", ""),
    ]
    created = 0
    for reference, lodged, stage, outcome, text, changes in cases:
        if db.session.scalar(db.select(Complaint.id).where(Complaint.reference == reference)):
            continue
        complaint = Complaint(
            reference=reference, organisation_id=organisation.id, lodged_by_id=lodger.id,
            concerns_id=council.id, commitment_id=grants.id, what_happened=text,
            happened_on=lodged.date(), outcome_wanted="A fair and open process.",
            stage=stage, outcome=outcome, changes_made=changes, case_officer_id=officer.id,
            lodged_at=lodged,
            due_on=None if stage == Stage.CLOSED else due_date("acknowledge", lodged.date()),
            answered_at=lodged if outcome else None, answered_in_time=True if outcome else None,
            closed_at=lodged if stage == Stage.CLOSED else None)
        db.session.add(complaint)
        db.session.flush()
        db.session.add(CaseEvent(complaint_id=complaint.id, actor_id=lodger.id, action="lodged",
                                 at=lodged))
        created += 1
    db.session.commit()
    return {"commitments": made, "complaints": created}
