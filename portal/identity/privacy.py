"""A person's own data: everything held about them, and deleting their account.

Downloading gives one JSON file with the account, the organisations the
person acts for, their seats on partnership bodies, their requests for help,
the security log's record of their sign-ins, and what each installed plugin
holds (``portal_personal_data``).

Deleting keeps the account's row so that public contributions keep an author,
but empties it of the person: the name reads "A former member", the email
address and password are replaced by values nobody can sign in with, every
session ends, organisation memberships go, and requests for help lose the
name and address. Seats on bodies stay as the public record of who sat
there, unlinked from the account. Plugins forget what they hold in the same
transaction (``portal_forget_user``); if one fails, nothing is deleted.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_

from portal.audit import service as audit
from portal.audit.models import EventKind, SecurityEvent
from portal.bodies.models import Membership
from portal.extensions import db
from portal.help.models import HelpRequest
from portal.identity.models import LoginAttempt, PasswordReset, Role, User
from portal.mail import OutboxMessage
from portal.plugins import host
from portal.timeutil import utcnow


class CannotDelete(Exception):
    """The account cannot be deleted now (e.g. the portal's only administrator)."""


def _when(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def personal_data(user: User) -> dict[str, Any]:
    """Everything the portal holds about ``user``, JSON-ready."""
    seats = db.session.scalars(
        db.select(Membership).where(Membership.user_id == user.id)
        .options(db.joinedload(Membership.body), db.joinedload(Membership.organisation))
        .order_by(Membership.started_on)).all()
    help_requests = db.session.scalars(
        db.select(HelpRequest).where(or_(HelpRequest.user_id == user.id,
                                         HelpRequest.email == user.email))
        .order_by(HelpRequest.id)).all()
    events = db.session.scalars(
        db.select(SecurityEvent).where(SecurityEvent.actor_id == user.id)
        .order_by(SecurityEvent.id)).all()
    return {
        "account": {
            "email": user.email, "name": user.name, "account_type": user.role.value,
            "language": user.preferred_language, "created_at": _when(user.created_at),
            "email_verified_at": _when(user.email_verified_at),
        },
        "organisations": [m.organisation.name for m in user.organisation_memberships],
        "seats_on_bodies": [{
            "body": s.body.name, "name_shown": s.person_name, "position": s.position,
            "organisation": s.organisation.name if s.organisation else None,
            "sector": s.sector.value, "role": s.role.value,
            "started_on": _when(s.started_on), "ended_on": _when(s.ended_on),
        } for s in seats],
        "requests_for_help": [{
            "kind": r.kind.value, "page": r.page, "details": r.details, "name": r.name,
            "email": r.email, "received_at": _when(r.created_at), "reply": r.reply,
        } for r in help_requests],
        "security_log": [{"at": _when(e.at), "event": e.kind.value, "address": e.address}
                         for e in events],
        "plugins": dict(host().call_installed("portal_personal_data", user=user)),
    }


def delete_account(user: User) -> None:
    """Delete ``user``'s account as described above; the caller commits."""
    if user.role == Role.ADMINISTRATOR:
        others = db.session.scalar(db.select(db.func.count(User.id)).where(
            User.role == Role.ADMINISTRATOR, User.id != user.id, User.deleted_at.is_(None)))
        if not others:
            raise CannotDelete("the only administrator")
    host().call_installed_strictly("portal_forget_user", user=user)
    email = user.email
    db.session.execute(db.update(HelpRequest).where(
        or_(HelpRequest.user_id == user.id, HelpRequest.email == email))
        .values(name="", email="", user_id=None))
    db.session.execute(db.update(Membership).where(Membership.user_id == user.id)
                       .values(user_id=None))
    db.session.execute(db.delete(LoginAttempt).where(LoginAttempt.email == email))
    db.session.execute(db.delete(PasswordReset).where(PasswordReset.user_id == user.id))
    db.session.execute(db.delete(OutboxMessage).where(
        OutboxMessage.recipient == email, OutboxMessage.status == "pending"))
    user.organisation_memberships.clear()
    audit.record(EventKind.ACCOUNT_DELETED, f"account {user.id}", actor=user)
    user.email = f"deleted-{user.id}@deleted.invalid"
    user.name = ""
    user.role = Role.RESIDENT
    user.set_password(secrets.token_urlsafe(32))  # a new session token ends every session
    user.email_verified_at = None
    user.deleted_at = utcnow()
