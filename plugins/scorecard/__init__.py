"""The balanced scorecard plugin: LAA indicators, quarterly, in public.

Wiring only: the hook implementations that plug the scorecard into the portal.
"""

from __future__ import annotations

from pathlib import Path

from flask import url_for
from flask_babel import gettext as _

from portal.api import DashboardCard, IndicatorInfo, NavItem, SearchResult, db, hookimpl


@hookimpl
def portal_blueprints():
    from plugins.scorecard.manage import bp as manage_bp
    from plugins.scorecard.views import bp

    return [bp, manage_bp]


@hookimpl
def portal_models():
    from plugins.scorecard import models

    return [models.Block, models.Outcome, models.Indicator, models.Quarter, models.Actual]


@hookimpl
def portal_migrations():
    return Path(__file__).parent / "migrations" / "versions"


@hookimpl
def portal_cli_commands():
    from plugins.scorecard.importer import scorecard_cli

    return [scorecard_cli]


@hookimpl
def portal_navigation(user, lang):
    return [NavItem(_("Scorecard"), url_for("scorecard.index"), order=40)]


@hookimpl
def portal_admin_pages(user):
    return [NavItem(_("Scorecard: quarters"), url_for("scorecard_manage.quarters"), 40,
                    "officer")]


def quarter_name(index: int) -> str:
    """A financial-year quarter as readers say it, e.g. "Q3 2007/08"."""
    year, number = divmod(index, 4)
    return _("Q%(number)s %(year)s", number=number + 1,
             year=f"{year}/{(year + 1) % 100:02d}")


@hookimpl
def portal_template_context():
    from plugins.scorecard import rules
    from plugins.scorecard.views import STATUS_ICONS, STATUS_LABELS

    return {"quarter_name": quarter_name, "status_labels": STATUS_LABELS,
            "status_icons": STATUS_ICONS, "statuses": rules.Status}


@hookimpl
def portal_search(query, lang, user, limit):
    from plugins.scorecard.models import Indicator

    like = f"%{query.lower()}%"
    found = db.session.scalars(db.select(Indicator).where(
        db.func.lower(Indicator.name).like(like)).order_by(Indicator.code).limit(limit))
    return [SearchResult(title=i.name, url=url_for("scorecard.indicator", code=i.code),
                         kind=_("Scorecard indicator"), lang="en" if lang != "en" else None)
            for i in found]


@hookimpl
def portal_dashboard_cards(user, lang):
    if not user.is_officer:
        return None
    from plugins.scorecard.models import Actual, Quarter

    waiting = db.session.scalars(
        db.select(Quarter.index).where(Quarter.published_at.is_(None),
                                       Quarter.index.in_(db.select(Actual.quarter_index)))
        .order_by(Quarter.index)).all()
    if not waiting:
        return None
    return [DashboardCard(
        _("Scorecard"),
        _("Figures for %(quarter)s are entered but not yet published.",
          quarter=quarter_name(waiting[0])),
        url_for("scorecard_manage.quarters"), _("Review and publish"))]


@hookimpl
def portal_demo_scale(scale):
    from plugins.scorecard.demo import seed_scaled

    return seed_scaled(scale)


@hookimpl
def portal_indicators(lang):
    """The LAA indicators, flagged at risk when not on track for their stretch target."""
    from plugins.scorecard import rules, service

    card = service.build(service.latest_published(), language=lang or "en")
    safe = (rules.Status.ON_TRACK_STRETCH, rules.Status.NO_DATA)
    return [IndicatorInfo(row.indicator.code, row.text.name if row.text else row.indicator.name,
                          at_risk=row.assessment.status not in safe,
                          url=url_for("scorecard.indicator", code=row.indicator.code))
            for row in card.rows]


@hookimpl
def portal_demo_content():
    from plugins.scorecard.demo import seed_scorecard
    from plugins.scorecard.models import Quarter
    from plugins.scorecard.texts import seed_indicator_texts

    counts = seed_scorecard()
    db.session.execute(db.update(Quarter).values(demonstration=True))
    db.session.commit()
    counts["indicator_translations"] = seed_indicator_texts()
    return counts
