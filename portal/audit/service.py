"""Writing to the security log."""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from portal.audit.models import EventKind, SecurityEvent
from portal.extensions import db


def record(kind: EventKind | str, subject: str = "", detail: str = "", *, actor=None,
           commit: bool = False) -> SecurityEvent:
    """Add an event to the session (and commit it when ``commit``).

    ``actor`` defaults to the signed-in user. Left uncommitted, the event is
    saved with (and only with) the change it records.
    """
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    event = SecurityEvent(kind=EventKind(kind), subject=subject[:300], detail=detail[:500],
                          actor_id=getattr(actor, "id", None),
                          address=(request.remote_addr or "")[:64]
                          if has_request_context() else "")
    db.session.add(event)
    if commit:
        db.session.commit()
    return event
