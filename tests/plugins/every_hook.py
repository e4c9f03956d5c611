"""A plugin implementing every hook, so a hook the portal stops calling fails a test.

Each implementation records that it was called in ``CALLS`` (per process) and
returns something a test can see on a page or in the database.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Blueprint, url_for

from portal.api import (
    DashboardCard,
    IndicatorInfo,
    NavItem,
    SearchResult,
    access,
    db,
    hookimpl,
)

CALLS: set[str] = set()

bp = Blueprint("every_hook", __name__, url_prefix="/every-hook")


@bp.get("/")
@access("anonymous")
def page():
    return "every-hook page"


class EveryHookNote(db.Model):
    __tablename__ = "every_hook_note"

    id = db.Column(db.Integer, primary_key=True)
    text = db.Column(db.String(100), nullable=False)


@click.command("every-hook-ping")
def ping():
    """Say pong (a plugin's CLI command)."""
    click.echo("pong")


@hookimpl
def portal_startup(app):
    CALLS.add("portal_startup")
    app.config.setdefault("EVERY_HOOK_STARTED", True)


@hookimpl
def portal_blueprints():
    CALLS.add("portal_blueprints")
    return [bp]


@hookimpl
def portal_models():
    CALLS.add("portal_models")
    return [EveryHookNote]


@hookimpl
def portal_migrations():
    CALLS.add("portal_migrations")
    return Path(__file__).parent / "every_hook_migrations"


@hookimpl
def portal_demo_content():
    CALLS.add("portal_demo_content")
    if db.session.scalar(db.select(EveryHookNote).where(EveryHookNote.text == "demo")) is None:
        db.session.add(EveryHookNote(text="demo"))
        db.session.commit()
    return {"every_hook_notes": 1}


@hookimpl
def portal_cli_commands():
    CALLS.add("portal_cli_commands")
    return [ping]


@hookimpl
def portal_navigation(user, lang):
    CALLS.add("portal_navigation")
    return [NavItem("Every hook", url_for("every_hook.page"), order=50)]


@hookimpl
def portal_admin_pages(user):
    CALLS.add("portal_admin_pages")
    return [NavItem("Every hook settings", url_for("every_hook.page"), access="officer")]


@hookimpl
def portal_template_context():
    CALLS.add("portal_template_context")
    return {"every_hook_marker": "every-hook-context"}


@hookimpl
def portal_search(query, lang, user, limit):
    CALLS.add("portal_search")
    if "cafe" in query.lower():
        return [SearchResult("Every hook café result", url_for("every_hook.page"),
                             summary="Found by the test plugin", kind="Test")]
    return []


@hookimpl
def portal_demo_scale(scale):
    CALLS.add("portal_demo_scale")
    db.session.add_all([EveryHookNote(text=f"bulk {n}") for n in range(scale)])
    db.session.commit()
    return {"every_hook_bulk_notes": scale}


@hookimpl
def portal_personal_data(user):
    CALLS.add("portal_personal_data")
    return {"greeting": f"Hello {user.email}"}


FORGOTTEN: list[str] = []


@hookimpl
def portal_forget_user(user):
    CALLS.add("portal_forget_user")
    FORGOTTEN.append(user.email)


@hookimpl
def portal_dashboard_cards(user, lang):
    CALLS.add("portal_dashboard_cards")
    return [DashboardCard("Every hook card", f"Hello {user.name}")]


@hookimpl
def portal_indicators(lang):
    CALLS.add("portal_indicators")
    return [IndicatorInfo("EH-1", "Every hook indicator", at_risk=True)]
