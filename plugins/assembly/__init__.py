"""The Assembly plugin: the partnership's Assembly (café-style debate on the big questions,
up to twice a year) and Summits (partners select topics and lead sessions).

Residents, voluntary organisations and partners bring topics before the event; the
event turns them into recommendations; the partnership reports back what became of
them. Wiring only: the hook implementations that plug the Assembly into the portal.
"""

from __future__ import annotations

from pathlib import Path

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.api import DashboardCard, NavItem, SearchResult, allows, db, hookimpl


@hookimpl
def portal_blueprints():
    from plugins.assembly import exports, plan  # noqa: F401  (they add routes to the blueprints)
    from plugins.assembly.manage import bp as manage_bp
    from plugins.assembly.views import bp

    return [bp, manage_bp]


@hookimpl
def portal_models():
    from plugins.assembly.models import MODELS

    return MODELS


@hookimpl
def portal_migrations():
    return Path(__file__).parent / "migrations" / "versions"


@hookimpl
def portal_navigation(user, lang):
    return [NavItem(_("Assembly"), url_for("assembly.index"), order=35)]


@hookimpl
def portal_admin_pages(user):
    return [NavItem(_("Manage the Assembly and Summits"), url_for("assembly_manage.index"), 35,
                    "officer")]


@hookimpl
def portal_search(query, lang, user, limit):
    from plugins.assembly.models import Event, Topic, TopicStatus

    like = f"%{query.lower()}%"
    found = db.session.execute(
        db.select(Topic, Event.slug).join(Event, Topic.event_id == Event.id).where(
            Event.published.is_(True), Topic.status == TopicStatus.APPROVED,
            Topic.hidden_at.is_(None), db.func.lower(Topic.title).like(like))
        .order_by(Topic.created_at.desc()).limit(limit)).all()
    return [SearchResult(t.title, url_for("assembly.topic", slug=slug, topic_id=t.id),
                         summary=t.description[:200], kind=_("Topic"),
                         lang=t.language if t.language != lang else None)
            for t, slug in found]


@hookimpl
def portal_dashboard_cards(user, lang):
    from plugins.assembly.models import Topic, TopicStatus

    if not allows(user, "officer"):
        return None
    count = db.session.scalar(db.select(db.func.count(Topic.id)).where(
        Topic.status == TopicStatus.NEW))
    if not count:
        return None
    return [DashboardCard(_("Assembly"),
                          ngettext("%(num)s topic is waiting to be checked.",
                                   "%(num)s topics are waiting to be checked.", count),
                          url_for("assembly_manage.index"), _("Check the topics"))]


@hookimpl
def portal_demo_content():
    from plugins.assembly.demo import seed_assembly

    return seed_assembly()


@hookimpl
def portal_demo_scale(scale):
    from plugins.assembly.demo import seed_scaled

    return seed_scaled(scale)


@hookimpl
def portal_personal_data(user):
    """The topics a person sent (whatever became of them) and the topics they support."""
    from plugins.assembly.models import Support, Topic

    topics = db.session.scalars(db.select(Topic).where(Topic.submitter_id == user.id)
                                .options(db.joinedload(Topic.event)).order_by(Topic.id)).all()
    supported = db.session.scalars(
        db.select(Topic).join(Support, Support.topic_id == Topic.id)
        .where(Support.user_id == user.id).order_by(Topic.id)).all()
    if not topics and not supported:
        return None
    return {
        "topics_sent": [{"event": t.event.title, "title": t.title,
                         "description": t.description, "language": t.language,
                         "status": t.status.value, "sent_at": t.created_at.isoformat(),
                         "offered_to_lead": t.will_lead} for t in topics],
        "topics_supported": [t.title for t in supported],
    }
