"""The partnership's bodies (Board, Executive, groups, Assembly) and who sits on them."""

from __future__ import annotations

import enum
from datetime import date

from portal.extensions import db, enum_column


class Sector(enum.StrEnum):
    """The sectors the constitution draws the Board's membership from (6.1)."""

    COUNCIL = "council"
    HEALTH = "health"  # Harrow Primary Care Trust, now the NHS
    POLICE = "police"
    BUSINESS = "business"
    VOLUNTARY = "voluntary"  # voluntary and community sector
    EDUCATION = "education"  # further and higher education


class BodyKind(enum.StrEnum):
    BOARD = "board"
    EXECUTIVE = "executive"  # the Executive, later Harrow Chief Executives
    MANAGEMENT_GROUP = "management_group"
    DELIVERY_GROUP = "delivery_group"
    TASK_AND_FINISH = "task_and_finish"
    REFERENCE_GROUP = "reference_group"
    ASSEMBLY = "assembly"


class MembershipRole(enum.StrEnum):
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    MEMBER = "member"
    NON_VOTING = "non_voting"  # e.g. reference and management group chairs on the Executive


class Body(db.Model):
    __tablename__ = "body"

    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(120), nullable=False, unique=True)
    name = db.Column(db.String(200), nullable=False)
    kind = enum_column(BodyKind, 30, nullable=False)
    parent_id = db.Column(db.ForeignKey("body.id", ondelete="SET NULL"))
    purpose = db.Column(db.Text, nullable=False, default="")
    # Quorum as the constitution states it: at least ``quorum_members`` voting
    # members present, drawn from at least ``quorum_sectors`` different sectors.
    quorum_members = db.Column(db.Integer)
    quorum_sectors = db.Column(db.Integer)
    # Comma-separated Sector values that count towards quorum; empty: every sector.
    quorum_sectors_counted = db.Column(db.String(200), nullable=False, default="",
                                       server_default="")
    # e.g. "at least three times a year"
    meets = db.Column(db.String(200), nullable=False, default="")

    parent = db.relationship("Body", remote_side=[id], backref="children")
    memberships = db.relationship("Membership", back_populates="body",
                                  cascade="all, delete-orphan",
                                  order_by="Membership.started_on")

    def __repr__(self) -> str:
        return f"<Body {self.slug}>"


class Membership(db.Model):
    """A seat on a body: a person, whom they represent, their role and dates."""

    __tablename__ = "membership"

    id = db.Column(db.Integer, primary_key=True)
    body_id = db.Column(db.ForeignKey("body.id", ondelete="CASCADE"), nullable=False,
                        index=True)
    # A member need not have an account; when they do, Part 2 access follows it.
    user_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    person_name = db.Column(db.String(120), nullable=False)
    position = db.Column(db.String(200), nullable=False, default="")  # e.g. "Leader of the Council"
    organisation_id = db.Column(db.ForeignKey("organisation.id", ondelete="SET NULL"))
    sector = enum_column(Sector, 30, nullable=False)
    role = enum_column(MembershipRole, 20, nullable=False,
                     default=MembershipRole.MEMBER)
    started_on = db.Column(db.Date, nullable=False)
    ended_on = db.Column(db.Date)

    body = db.relationship("Body", back_populates="memberships")
    user = db.relationship("User")
    organisation = db.relationship("Organisation", lazy="joined")

    @property
    def voting(self) -> bool:
        return self.role != MembershipRole.NON_VOTING

    def serving_on(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)
