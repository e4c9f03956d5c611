"""Questions the rest of the portal asks about bodies and their members."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_

from portal.bodies.models import Body, Membership
from portal.extensions import db


def _serving(day: date):
    return (Membership.started_on <= day) & or_(Membership.ended_on.is_(None),
                                                  Membership.ended_on >= day)


def current_members(body: Body, on: date | None = None) -> list[Membership]:
    """Memberships of ``body`` in force on ``on`` (today by default), chair first."""
    day = on or date.today()
    rows = db.session.scalars(
        db.select(Membership).where(Membership.body_id == body.id, _serving(day))
    ).all()
    order = {"chair": 0, "vice_chair": 1, "member": 2, "non_voting": 3}
    return sorted(rows, key=lambda m: (order[m.role.value], m.person_name))


def is_member(user, body: Body, on: date | None = None) -> bool:
    """Whether a signed-in ``user`` sits on ``body`` on ``on`` (for Part 2 access)."""
    if not getattr(user, "is_authenticated", False):
        return False
    day = on or date.today()
    found = db.session.scalar(
        db.select(Membership.id).where(
            Membership.body_id == body.id, Membership.user_id == user.id, _serving(day)
        ).limit(1)
    )
    return found is not None
