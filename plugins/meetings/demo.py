"""Demonstration meetings: next year's three stakeholder meetings and a full one."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta

from plugins.meetings.forms import london
from plugins.meetings.models import Meeting, MeetingKind, SignUp, SignUpState
from portal.api import Body, db

# (title, kind, body slug, month, day, start, end, venue, capacity)
MEETINGS = [
    ("Spring stakeholder meeting", MeetingKind.STAKEHOLDER, None, 3, 12, time(18, 30),
     time(20, 30), "Harrow Civic Centre, Council Chamber", 120),
    ("Summer stakeholder meeting", MeetingKind.STAKEHOLDER, None, 7, 9, time(18, 30),
     time(20, 30), "Harrow Arts Centre", 120),
    ("Autumn stakeholder meeting", MeetingKind.STAKEHOLDER, None, 10, 29, time(18, 30),
     time(20, 30), "Harrow Civic Centre, Council Chamber", 120),
    ("HSP Board: public meeting", MeetingKind.BOARD, "hsp-board", 2, 5, time(14, 0),
     time(16, 0), "Harrow Civic Centre, Committee Room 1", 30),
    ("Community cohesion workshop", MeetingKind.OTHER, "community-cohesion", 1, 21, time(10, 0),
     time(12, 0), "Harrow Central Library, meeting room", 4),
]

# A full workshop with a waiting list: (name, state, places, interpreter)
SIGN_UPS = [
    ("Demo attendee A", SignUpState.CONFIRMED, 2, "Gujarati"),
    ("Demo attendee B", SignUpState.CONFIRMED, 1, ""),
    ("Demo attendee C", SignUpState.CONFIRMED, 1, "Tamil"),
    ("Demo attendee D", SignUpState.WAITING, 1, ""),
]


def seed_meetings() -> dict[str, int]:
    year = date.today().year + 1
    bodies = dict(db.session.execute(db.select(Body.slug, Body.id)).all())
    created = signed = 0
    for title, kind, body, month, day, start, end, venue, capacity in MEETINGS:
        if db.session.scalar(db.select(Meeting.id).where(Meeting.title == title)):
            continue
        when = date(year, month, day)
        meeting = Meeting(
            title=title, kind=kind, body_id=bodies.get(body) if body else None,
            description="Demonstration meeting.", venue=venue, address="Station Road, Harrow",
            starts_at=london(when, start).astimezone(UTC),
            ends_at=london(when, end).astimezone(UTC), step_free=True, hearing_loop=True,
            parking=kind != MeetingKind.OTHER, capacity=capacity, places_taken=0,
            sign_up_opens_at=datetime.now(UTC) - timedelta(days=1),
            sign_up_closes_at=london(when - timedelta(days=1), time(23, 59)).astimezone(UTC))
        db.session.add(meeting)
        created += 1
        if capacity == 4:
            db.session.flush()
            for n, (name, state, places, interpreter) in enumerate(SIGN_UPS):
                db.session.add(SignUp(
                    meeting=meeting, name=name, email=f"attendee{n}@example.org",
                    places=places, state=state, interpreter_language=interpreter,
                    token_hash=f"demo-{meeting.id}-{n}".ljust(64, "0")))
                if state == SignUpState.CONFIRMED:
                    meeting.places_taken += places
                signed += 1
    created += _past_board_meeting(bodies.get("hsp-board"))
    db.session.commit()
    return {"meetings": created, "sign_ups": signed}


def _past_board_meeting(board_id: int | None) -> int:
    """Last month's Board meeting, its register taken and a decision recorded."""
    from plugins.meetings.attendance import members_on_the_day, record
    from plugins.meetings.models import Decision, DecisionMethod

    title = "HSP Board: autumn meeting"
    if board_id is None or db.session.scalar(db.select(Meeting.id).where(Meeting.title == title)):
        return 0
    day = date.today() - timedelta(days=30)
    meeting = Meeting(
        title=title, kind=MeetingKind.BOARD, body_id=board_id,
        agenda_slug="board-agm-agenda-2009-05-26",
        description="Demonstration meeting.", venue="Harrow Civic Centre, Committee Room 1",
        starts_at=london(day, time(14, 0)).astimezone(UTC),
        ends_at=london(day, time(16, 0)).astimezone(UTC), step_free=True, hearing_loop=True,
        capacity=30, places_taken=0, sign_up_opens_at=london(day - timedelta(days=30), time(9, 0))
        .astimezone(UTC), sign_up_closes_at=london(day, time(9, 0)).astimezone(UTC))
    db.session.add(meeting)
    db.session.flush()
    members = members_on_the_day(meeting)
    seen, present = set(), set()
    for membership in members:  # one voting member from each of five sectors
        if membership.voting and membership.sector not in seen and len(seen) < 5:
            seen.add(membership.sector)
            present.add(membership.id)
    record(meeting, present)
    db.session.add(Decision(meeting_id=meeting.id, method=DecisionMethod.CONSENSUS,
                            text="Demonstration decision: the Board noted the quarterly "
                                 "scorecard and the exception report."))
    return 1


# One unit of bulk content: a meeting with 500 sign-ups (ten units: 5,000).
SCALED_SIGN_UPS = 500


def seed_scaled(scale: int) -> dict[str, int]:
    from portal.api import utcnow

    start = utcnow() + timedelta(days=60)
    made = db.session.scalar(db.select(db.func.count(Meeting.id)).where(
        Meeting.title.like("Bulk stakeholder meeting %")))
    for m in range(made, made + scale):
        meeting = Meeting(
            title=f"Bulk stakeholder meeting {m + 1}", kind=MeetingKind.STAKEHOLDER,
            description="A meeting made for measuring the portal under load.",
            venue="Harrow Civic Centre", address="Station Road, Harrow",
            starts_at=start + timedelta(days=m), ends_at=start + timedelta(days=m, hours=2),
            capacity=SCALED_SIGN_UPS * 4, max_places_per_sign_up=4, places_taken=SCALED_SIGN_UPS,
            sign_up_opens_at=utcnow() - timedelta(days=1), sign_up_closes_at=start)
        db.session.add(meeting)
        db.session.flush()
        db.session.add_all([SignUp(
            meeting_id=meeting.id, name=f"Bulk attendee {n}",
            email=f"bulk-{meeting.id}-{n}@example.org", places=1,
            state=SignUpState.CONFIRMED,
            token_hash=hashlib.sha256(f"bulk-{meeting.id}-{n}".encode()).hexdigest())
            for n in range(SCALED_SIGN_UPS)])
    db.session.commit()
    return {"bulk_meetings": scale, "bulk_sign_ups": scale * SCALED_SIGN_UPS}
