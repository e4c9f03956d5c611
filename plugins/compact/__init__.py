"""The Compact plugin: complaints from voluntary and community organisations.

Wiring only: the hook implementations that plug the Compact into the portal.
"""

from __future__ import annotations

from pathlib import Path

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.api import DashboardCard, NavItem, db, hookimpl

# The Compact's commitments that complaints most often concern; the list is
# data (compact_commitment) that administrators can extend.
COMMITMENTS = [
    ("consultation", "Consult for 12 weeks wherever possible before decisions that affect "
                     "the sector"),
    ("funding-notice", "Give three months' written notice of changes to funding"),
    ("grant-process", "Run fair, open and transparent grant and funding processes"),
    ("full-cost-recovery", "Recognise full cost recovery in funding"),
    ("independence", "Respect the sector's independence, including its right to campaign"),
]


@hookimpl
def portal_blueprints():
    from plugins.compact import admin, public  # noqa: F401  (their routes join bp)
    from plugins.compact.views import bp

    return [bp]


@hookimpl
def portal_models():
    from plugins.compact import models

    return [models.Commitment, models.Complaint, models.CaseEvent, models.CaseMessage,
            models.ReferenceCounter, models.CaseFile]


@hookimpl
def portal_migrations():
    return Path(__file__).parent / "migrations" / "versions"


@hookimpl
def portal_navigation(user, lang):
    return [NavItem(_("Compact complaints"), url_for("compact.complaints"), order=60,
                    access="resident"),
            NavItem(_("Compact report"), url_for("compact.report_latest"), order=61)]


@hookimpl
def portal_admin_pages(user):
    return [NavItem(_("Compact complaints: queue"), url_for("compact.queue"), 50, "officer"),
            NavItem(_("Compact commitments"), url_for("compact.commitments"), 51,
                    "administrator")]


@hookimpl
def portal_personal_data(user):
    """Complaints the person lodged and the messages they wrote on cases.

    Internal notes are the partnership's, not the person's, and are left out.
    """
    from plugins.compact.models import CaseMessage, Complaint

    lodged = db.session.scalars(db.select(Complaint).where(Complaint.lodged_by_id == user.id)
                                .options(db.joinedload(Complaint.organisation),
                                         db.joinedload(Complaint.concerns))
                                .order_by(Complaint.id)).all()
    messages = db.session.scalars(
        db.select(CaseMessage).where(CaseMessage.author_id == user.id,
                                     CaseMessage.internal.is_(False))
        .options(db.joinedload(CaseMessage.complaint)).order_by(CaseMessage.id)).all()
    if not lodged and not messages:
        return None
    return {
        "complaints_lodged": [{
            "reference": c.reference, "for_organisation": c.organisation.name,
            "concerning": c.concerns.name, "what_happened": c.what_happened,
            "outcome_wanted": c.outcome_wanted, "lodged_at": c.lodged_at.isoformat(),
            "stage": c.stage.value} for c in lodged],
        "messages": [{"complaint": m.complaint.reference, "text": m.text,
                      "at": m.at.isoformat()} for m in messages],
    }


@hookimpl
def portal_dashboard_cards(user, lang):
    from plugins.compact import service
    from plugins.compact.models import Complaint, Stage

    if not user.is_officer:
        return None
    open_cases = db.select(db.func.count(Complaint.id)).where(Complaint.stage != Stage.CLOSED)
    overdue = db.session.scalar(service.visible(open_cases, user).where(
        Complaint.due_on < service.today()))
    if not overdue:
        return None
    return [DashboardCard(_("Compact complaints"),
                          ngettext("%(num)s case is overdue.", "%(num)s cases are overdue.",
                                   overdue),
                          url_for("compact.queue"), _("Open the queue"))]


@hookimpl
def portal_demo_content():
    from plugins.compact.demo import seed_compact

    return seed_compact()
