"""The meetings plugin: stakeholder and public meetings, sign-ups and waiting lists.

Wiring only: the hook implementations that plug meetings into the portal.
"""

from __future__ import annotations

from pathlib import Path

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.api import DashboardCard, NavItem, SearchResult, db, hookimpl


@hookimpl
def portal_blueprints():
    from plugins.meetings.manage import bp as manage_bp
    from plugins.meetings.views import bp

    return [bp, manage_bp]


@hookimpl
def portal_models():
    from plugins.meetings.models import Attendance, Decision, Meeting, SignUp

    return [Meeting, SignUp, Attendance, Decision]


@hookimpl
def portal_migrations():
    return Path(__file__).parent / "migrations" / "versions"


@hookimpl
def portal_cli_commands():
    from plugins.meetings.commands import meetings_cli

    return [meetings_cli]


@hookimpl
def portal_navigation(user, lang):
    return [NavItem(_("Meetings"), url_for("meetings.index"), order=30)]


@hookimpl
def portal_admin_pages(user):
    return [NavItem(_("Manage meetings"), url_for("meetings_manage.index"), 30, "officer")]


@hookimpl
def portal_search(query, lang, user, limit):
    from plugins.meetings.models import Meeting

    like = f"%{query.lower()}%"
    found = db.session.scalars(db.select(Meeting).where(
        db.func.lower(Meeting.title).like(like)).order_by(Meeting.starts_at.desc()).limit(limit))
    return [SearchResult(title=m.title, url=url_for("meetings.meeting", meeting_id=m.id),
                         kind=_("Meeting")) for m in found]


@hookimpl
def portal_demo_scale(scale):
    from plugins.meetings.demo import seed_scaled

    return seed_scaled(scale)


@hookimpl
def portal_personal_data(user):
    from plugins.meetings.signups import of_person

    records = of_person(user.id, user.email)
    if not records:
        return None
    return {"sign_ups": [{
        "meeting": r.meeting.title, "starts_at": r.meeting.starts_at.isoformat(),
        "name": r.name, "email": r.email, "places": r.places, "state": r.state.value,
        "language": r.language, "wheelchair": r.wheelchair, "hearing_loop": r.hearing_loop,
        "bsl": r.bsl, "large_print": r.large_print,
        "interpreter_language": r.interpreter_language, "other_needs": r.other_needs,
        "dietary_needs": r.dietary_needs, "may_contact": r.may_contact,
        "signed_up_at": r.created_at.isoformat(),
    } for r in records]}


@hookimpl
def portal_forget_user(user):
    from plugins.meetings.signups import forget

    forget(user.id, user.email)


@hookimpl
def portal_dashboard_cards(user, lang):
    from plugins.meetings.models import Meeting, SignUp, SignUpState
    from plugins.meetings.views import now

    count = db.session.scalar(
        db.select(db.func.count(SignUp.id)).join(SignUp.meeting).where(
            SignUp.user_id == user.id, SignUp.state != SignUpState.CANCELLED,
            Meeting.starts_at >= now()))
    if not count:
        return None
    return [DashboardCard(_("Meetings"),
                          ngettext("You are signed up for %(num)s coming meeting.",
                                   "You are signed up for %(num)s coming meetings.", count),
                          url_for("meetings.index"), _("See the meetings"))]


@hookimpl
def portal_demo_content():
    from plugins.meetings.demo import seed_meetings

    return seed_meetings()
