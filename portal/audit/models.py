"""Security-relevant events, kept for administrators."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l

from portal.extensions import db, enum_column
from portal.pagecache import NOT_ON_PUBLIC_PAGES
from portal.timeutil import utcnow


class EventKind(enum.StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGIN_BLOCKED = "login_blocked"
    LOGOUT = "logout"
    PASSWORD_CHANGED = "password_changed"
    ROLE_CHANGED = "role_changed"
    ORGANISATION_MEMBER_ADDED = "organisation_member_added"
    ORGANISATION_MEMBER_REMOVED = "organisation_member_removed"
    PLUGIN_ENABLED = "plugin_enabled"
    PLUGIN_DISABLED = "plugin_disabled"
    PART2_READ = "part2_read"
    CONFIDENTIAL_READ = "confidential_read"
    DATA_EXPORTED = "data_exported"
    ACCOUNT_DELETED = "account_deleted"


EVENT_LABELS = {
    EventKind.LOGIN: _l("Signed in"),
    EventKind.LOGIN_FAILED: _l("Sign-in refused (wrong email or password)"),
    EventKind.LOGIN_BLOCKED: _l("Sign-in blocked after too many failures"),
    EventKind.LOGOUT: _l("Signed out"),
    EventKind.PASSWORD_CHANGED: _l("Password changed"),
    EventKind.ROLE_CHANGED: _l("Account type changed"),
    EventKind.ORGANISATION_MEMBER_ADDED: _l("Person allowed to act for an organisation"),
    EventKind.ORGANISATION_MEMBER_REMOVED: _l("Person removed from an organisation"),
    EventKind.PLUGIN_ENABLED: _l("Plugin enabled"),
    EventKind.PLUGIN_DISABLED: _l("Plugin disabled"),
    EventKind.PART2_READ: _l("Part 2 (confidential) item read"),
    EventKind.CONFIDENTIAL_READ: _l("Confidential record opened"),
    EventKind.DATA_EXPORTED: _l("Personal data downloaded"),
    EventKind.ACCOUNT_DELETED: _l("Account deleted"),
}


class SecurityEvent(db.Model):
    __tablename__ = "security_event"
    __table_args__ = {"info": NOT_ON_PUBLIC_PAGES}

    id = db.Column(db.Integer, primary_key=True)
    at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow, index=True)
    kind = enum_column(EventKind, nullable=False, index=True)
    # Who did it (None: not signed in, or an account since deleted).
    actor_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    # What it was about, in words that stay readable after the thing is gone:
    # an email address, a plugin's name, a document's slug.
    subject = db.Column(db.String(300), nullable=False, default="")
    detail = db.Column(db.String(500), nullable=False, default="")
    address = db.Column(db.String(64), nullable=False, default="")

    actor = db.relationship("User", lazy="joined")

    @property
    def label(self) -> str:
        return str(EVENT_LABELS[self.kind])
