"""The partnership plugin: the structure in public, referrals between groups, project plans
and funding rounds.

Wiring only: the hook implementations that plug the partnership's working into the portal.
"""

from __future__ import annotations

from pathlib import Path

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.api import DashboardCard, NavItem, SearchResult, db, hookimpl


@hookimpl
def portal_startup(app):
    app.config.setdefault("PARTNERSHIP_REFERRAL_DAYS", 90)


@hookimpl
def portal_blueprints():
    # funding and editing add their routes to the work blueprint when imported
    from plugins.partnership import editing, funding  # noqa: F401
    from plugins.partnership.manage import bp as work_bp
    from plugins.partnership.views import bp

    return [bp, work_bp]


@hookimpl
def portal_models():
    from plugins.partnership.models import MODELS

    return MODELS


@hookimpl
def portal_migrations():
    return Path(__file__).parent / "migrations" / "versions"


@hookimpl
def portal_navigation(user, lang):
    return [NavItem(_("How the partnership works"), url_for("partnership.structure"), order=20)]


@hookimpl
def portal_admin_pages(user):
    return [
        NavItem(_("Proposals for new groups"), url_for("partnership_work.proposals"), 50,
                "officer"),
        NavItem(_("Start a project plan"), url_for("partnership_work.new_project"), 51,
                "officer"),
        NavItem(_("Open a funding round"), url_for("partnership_work.new_round"), 52,
                "officer"),
    ]


@hookimpl
def portal_template_context():
    from plugins.partnership.labels import labels
    from plugins.partnership.service import money

    return {**labels(), "partnership_money": money}


@hookimpl
def portal_search(query, lang, user, limit):
    from plugins.partnership.models import Project

    like = f"%{query.lower()}%"
    found = db.session.scalars(db.select(Project).where(
        db.func.lower(Project.title).like(like)).order_by(Project.title).limit(limit))
    return [SearchResult(title=p.title, url=url_for("partnership.project", project_id=p.id),
                         summary=p.aim[:200], kind=_("Project")) for p in found]


@hookimpl
def portal_dashboard_cards(user, lang):
    if not user.is_officer:
        return None
    from datetime import date

    from plugins.partnership.models import Referral
    from plugins.partnership.service import is_overdue

    waiting = db.session.scalars(db.select(Referral).where(Referral.outcome_on.is_(None))).all()
    overdue = sum(is_overdue(r, date.today()) for r in waiting)
    if not overdue:
        return None
    return [DashboardCard(_("Referrals"), ngettext(
        "%(num)s referral has had no outcome for too long.",
        "%(num)s referrals have had no outcome for too long.", overdue),
        url_for("partnership.referrals"), _("See the referrals"))]


@hookimpl
def portal_demo_content():
    from plugins.partnership.demo import seed_partnership

    return seed_partnership()
