"""Accounts, organisations and the records that keep sign-in safe."""

from __future__ import annotations

import enum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from sqlalchemy.orm import synonym

from portal.bodies.models import Sector
from portal.extensions import db, enum_column
from portal.pagecache import NOT_ON_PUBLIC_PAGES
from portal.timeutil import utcnow

_hasher = PasswordHasher()
# Verified against when an email is unknown, so a failed sign-in takes the
# same time whether or not the account exists.
_DUMMY_HASH = _hasher.hash("not a real password")



class Role(enum.StrEnum):
    """A person's standing in the portal; organisation membership is separate."""

    RESIDENT = "resident"
    OFFICER = "officer"  # partnership staff (the Policy and Partnership Service)
    ADMINISTRATOR = "administrator"


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(254), nullable=False, unique=True)
    password_hash = db.Column(db.String(255), nullable=False)
    role = enum_column(Role, 20, nullable=False,
                     default=Role.RESIDENT)
    preferred_language = db.Column(db.String(12), nullable=False, default="en")
    email_verified_at = db.Column(db.DateTime(timezone=True))
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)
    # Changing the password invalidates other sessions and reset links.
    session_token = db.Column(db.String(64), nullable=False)
    # Set when the person deleted their account: the row stays so that what
    # they contributed in public keeps an author, shown as "a former member".
    deleted_at = db.Column(db.DateTime(timezone=True))
    _name = db.Column("name", db.String(120), nullable=False)

    def _get_name(self) -> str:
        if self.deleted_at is not None:
            from flask_babel import gettext

            return gettext("A former member")
        return self._name

    def _set_name(self, value: str) -> None:
        self._name = value

    name = synonym("_name", descriptor=property(_get_name, _set_name))

    organisation_memberships = db.relationship(
        "OrganisationMember", back_populates="user", cascade="all, delete-orphan",
        lazy="select",
    )

    def set_password(self, password: str) -> None:
        import secrets

        self.password_hash = _hasher.hash(password)
        self.session_token = secrets.token_hex(16)

    def check_password(self, password: str) -> bool:
        try:
            ok = _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        if ok and _hasher.check_needs_rehash(self.password_hash):
            self.password_hash = _hasher.hash(password)
        return ok

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_officer(self) -> bool:
        return self.role in (Role.OFFICER, Role.ADMINISTRATOR)

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR

    @property
    def organisations(self) -> list[Organisation]:
        return [m.organisation for m in self.organisation_memberships]

    def __repr__(self) -> str:
        return f"<User {self.email}>"


def verify_unknown_password(password: str) -> None:
    """Spend the time a real check would, for an email with no account."""
    try:
        _hasher.verify(_DUMMY_HASH, password)
    except VerificationError:
        pass


class Organisation(db.Model):
    """A partner or community organisation: a council, an NHS trust, a charity…"""

    __tablename__ = "organisation"

    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(120), nullable=False, unique=True)
    name = db.Column(db.String(200), nullable=False)
    sector = enum_column(Sector, 30, nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    website = db.Column(db.String(300), nullable=False, default="")

    members = db.relationship("OrganisationMember", back_populates="organisation",
                              cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"


class OrganisationMember(db.Model):
    """A person who may act for an organisation."""

    __tablename__ = "organisation_member"
    __table_args__ = (db.UniqueConstraint("user_id", "organisation_id"),)

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False)
    organisation_id = db.Column(db.ForeignKey("organisation.id", ondelete="CASCADE"),
                                nullable=False)
    # A contact may add and remove the organisation's other members.
    is_contact = db.Column(db.Boolean, nullable=False, default=False)
    joined_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)

    user = db.relationship("User", back_populates="organisation_memberships")
    organisation = db.relationship("Organisation", back_populates="members", lazy="joined")


class LoginAttempt(db.Model):
    """A sign-in attempt; recent failures throttle further attempts.

    Kept in the database so every worker process sees the same count.
    """

    __tablename__ = "login_attempt"
    __table_args__ = {"info": NOT_ON_PUBLIC_PAGES}

    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(254), nullable=False, index=True)
    remote_addr = db.Column(db.String(64), nullable=False, index=True)
    succeeded = db.Column(db.Boolean, nullable=False)
    at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow, index=True)


class PasswordReset(db.Model):
    """A single-use, expiring password-reset link (only its hash is stored)."""

    __tablename__ = "password_reset"
    __table_args__ = {"info": NOT_ON_PUBLIC_PAGES}

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)
    expires_at = db.Column(db.DateTime(timezone=True), nullable=False)
    used_at = db.Column(db.DateTime(timezone=True))

    user = db.relationship("User")
