"""One access-rule decorator for every route.

Each view declares who may open it: ``anonymous`` (everyone), ``resident``
(any signed-in, verified account), ``organisation_member`` (signed in and a
member of at least one organisation), ``officer`` (partnership staff, and
administrators) or ``administrator``. A test walks the URL map and fails for a
view without a rule.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Literal

from flask import abort, redirect, request, url_for
from flask_login import current_user

Rule = Literal["anonymous", "resident", "organisation_member", "officer", "administrator"]
RULES: tuple[str, ...] = (
    "anonymous", "resident", "organisation_member", "officer", "administrator")


def allows(user, rule: str) -> bool:
    """Whether ``user`` passes ``rule`` (usable outside views, e.g. for links)."""
    if rule == "anonymous":
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if rule == "resident":
        return True
    if rule == "organisation_member":
        return bool(user.organisation_memberships) or user.is_officer
    if rule == "officer":
        return user.is_officer
    if rule == "administrator":
        return user.is_administrator
    raise ValueError(f"unknown access rule {rule!r}")


def access(rule: Rule, *, hide: bool = False) -> Callable:
    """Declare who may open a view.

    Anonymous visitors to a protected page are sent to sign in and brought
    back. A signed-in user without the right gets 403, or 404 when ``hide`` is
    set (confidential things must not reveal that they exist).
    """
    if rule not in RULES:
        raise ValueError(f"unknown access rule {rule!r}")

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            if not allows(current_user, rule):
                if not current_user.is_authenticated and not hide:
                    return redirect(url_for("identity.login", next=request.full_path.rstrip("?")))
                abort(404 if hide else 403)
            return view(*args, **kwargs)

        guarded.access_rule = rule
        guarded.access_hide = hide
        return guarded

    return decorate
