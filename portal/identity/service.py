"""Account rules: sign-in throttling, verification and reset tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func

from portal.extensions import db
from portal.identity.models import LoginAttempt, PasswordReset, User
from portal.timeutil import as_utc, utcnow


def find_user(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == email.strip().lower()))


# --- throttling ----------------------------------------------------------------
def login_blocked(email: str, remote_addr: str) -> bool:
    """Too many recent failures for this email, or from this address."""
    cfg = current_app.config
    since = utcnow() - timedelta(minutes=cfg["LOGIN_WINDOW_MINUTES"])
    recent = db.select(func.count(LoginAttempt.id)).where(
        LoginAttempt.succeeded.is_(False), LoginAttempt.at >= since)
    by_email = db.session.scalar(recent.where(LoginAttempt.email == email))
    if by_email >= cfg["LOGIN_MAX_FAILURES"]:
        return True
    by_addr = db.session.scalar(recent.where(LoginAttempt.remote_addr == remote_addr))
    return by_addr >= cfg["LOGIN_MAX_FAILURES"] * 5


def record_attempt(email: str, remote_addr: str, succeeded: bool) -> None:
    db.session.add(LoginAttempt(email=email, remote_addr=remote_addr, succeeded=succeeded))
    if succeeded:
        # A successful sign-in clears the slate for this email.
        db.session.execute(db.delete(LoginAttempt).where(
            LoginAttempt.email == email, LoginAttempt.succeeded.is_(False)))


# --- email verification ----------------------------------------------------------
def _verifier() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="portal.verify-email")


def verification_token(user: User) -> str:
    return _verifier().dumps({"id": user.id, "email": user.email})


def verify_email(token: str) -> User | None:
    """Mark the account verified; None if the link is bad, expired or stale."""
    max_age = current_app.config["EMAIL_VERIFY_DAYS"] * 86400
    try:
        data = _verifier().loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    user = db.session.get(User, data.get("id")) if isinstance(data, dict) else None
    if user is None or user.email != data.get("email"):
        return None
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    return user


# --- password reset ---------------------------------------------------------------
def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_password_reset(user: User) -> str:
    """Create a single-use reset token; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    db.session.add(PasswordReset(user=user, token_hash=_digest(token),
                                 expires_at=utcnow() + timedelta(hours=hours)))
    return token


def usable_reset(token: str) -> PasswordReset | None:
    reset = db.session.scalar(
        db.select(PasswordReset).where(PasswordReset.token_hash == _digest(token)))
    if reset is None or reset.used_at is not None or as_utc(reset.expires_at) <= utcnow():
        return None
    return reset


def complete_password_reset(reset: PasswordReset, password: str) -> User:
    """Set the new password and spend every open reset link of the account."""
    user = reset.user
    user.set_password(password)
    now = utcnow()
    db.session.execute(
        db.update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now))
    if user.email_verified_at is None:
        user.email_verified_at = now  # the link proved they own the address
    return user
