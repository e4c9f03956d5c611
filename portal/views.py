"""Core pages: the language redirect, health check, home, dashboard and search."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.access import access
from portal.extensions import db
from portal.i18n import current_language, redirect_to_best_language
from portal.plugins import host

root_bp = Blueprint("root", __name__)
bp = Blueprint("core", __name__)

SEARCH_LIMIT = 20


@root_bp.get("/")
@access("anonymous")
def index():
    """Send a visitor to the home page in the language they are likeliest to read."""
    return redirect_to_best_language()


@root_bp.get("/healthz")
@access("anonymous")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200


@bp.get("/")
@access("anonymous")
def home():
    return render_template("home.html")


@bp.get("/dashboard")
@access("resident")
def dashboard():
    cards = host().call_flat("portal_dashboard_cards", user=current_user,
                             lang=current_language().code)
    return render_template("dashboard.html", cards=cards)


@bp.get("/search")
@access("anonymous")
def search():
    query = " ".join(request.args.get("q", "").split())[:200]
    results = []
    if query:
        from portal.publishing.views import publication_results

        results += publication_results(query, current_language().code, SEARCH_LIMIT)
        for found in host().call("portal_search", query=query, lang=current_language().code,
                                 user=current_user, limit=SEARCH_LIMIT):
            results.extend(found[:SEARCH_LIMIT])
    title = _("Search results for “%(query)s”", query=query) if query else _("Search")
    return render_template("search.html", query=query, results=results, title=title)
