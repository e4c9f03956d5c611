"""Template globals shared by every page: navigation and the language switcher."""

from __future__ import annotations

from flask import Flask, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import allows
from portal.i18n import current_language, switch_url


def navigation() -> list:
    """The main navigation: the core's items and those of enabled plugins."""
    from portal.api import NavItem
    from portal.plugins import host

    items = [NavItem(_("Home"), url_for("core.home"), order=0),
             NavItem(_("Publications"), url_for("publishing.index"), order=10),
             NavItem(_("Partnership bodies"), url_for("bodies.index"), order=90)]
    items += host().call_flat("portal_navigation", user=current_user,
                              lang=current_language().code)
    items = [i for i in items if allows(current_user, i.access)]
    return sorted(items, key=lambda i: (i.order, i.label))


def init_app(app: Flask) -> None:
    from portal.labels import TEMPLATE_GLOBALS

    app.jinja_env.globals.update(navigation=navigation, switch_url=switch_url, **TEMPLATE_GLOBALS)
