"""The partnership in public: its structure, each group, referrals, projects and funding."""

from __future__ import annotations

from collections import OrderedDict

from flask import Blueprint, abort, render_template
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from plugins.partnership import service
from plugins.partnership.models import (
    SCORE_MAX,
    FundingBid,
    FundingRound,
    GroupTerms,
    Project,
    Referral,
)
from portal.api import (
    Body,
    BodyKind,
    Membership,
    MembershipRole,
    Sector,
    access,
    body_documents,
    current_members,
    db,
    offered_indicators,
    paginate,
)

bp = Blueprint("partnership", __name__, url_prefix="/partnership", template_folder="templates")

# The family of groups as the constitution draws it, top down; the Assembly and the
# reference groups sit beside the line of accountability.
LINE = (BodyKind.BOARD, BodyKind.EXECUTIVE, BodyKind.MANAGEMENT_GROUP, BodyKind.DELIVERY_GROUP,
        BodyKind.TASK_AND_FINISH)
BESIDE = (BodyKind.REFERENCE_GROUP, BodyKind.ASSEMBLY)


def indicators_by_code() -> dict:
    return {i.code: i for i in offered_indicators()}


@bp.get("/")
@access("anonymous")
def structure():
    bodies = db.session.scalars(db.select(Body).options(selectinload(Body.children))
                                .order_by(Body.name)).all()
    roots = [b for b in bodies
             if b.kind in LINE and (b.parent is None or b.parent.kind not in LINE)]
    beside = [b for b in bodies if b.kind in BESIDE]
    return render_template("partnership/structure.html", roots=roots, beside=beside,
                           line=LINE, title=_("How the partnership is organised"))


def _body(slug: str) -> Body:
    return db.session.scalar(db.select(Body).where(Body.slug == slug)) or abort(404)


@bp.get("/groups/<slug>")
@access("anonymous")
def group(slug: str):
    body = _body(slug)
    terms = db.session.scalar(db.select(GroupTerms).where(GroupTerms.body_id == body.id))
    members = current_members(body)
    by_sector: OrderedDict = OrderedDict((s, []) for s in Sector)
    for m in members:
        by_sector[m.sector].append(m)
    chairs = [m for m in members if m.role in (MembershipRole.CHAIR, MembershipRole.VICE_CHAIR)]
    groups = [body.id] + [c.id for c in body.children]
    projects = db.session.scalars(
        db.select(Project).where(Project.body_id.in_(groups))
        .options(selectinload(Project.reports), selectinload(Project.body))
        .order_by(Project.title)).all()
    referrals = db.session.scalars(
        db.select(Referral).where((Referral.reference_group_id == body.id)
                                  | (Referral.body_id == body.id))
        .options(selectinload(Referral.reference_group), selectinload(Referral.body))
        .order_by(Referral.raised_on.desc()).limit(20)).all()
    return render_template(
        "partnership/group.html", body=body, terms=terms, chairs=chairs,
        by_sector=[(s, ms) for s, ms in by_sector.items() if ms], members=members,
        documents=body_documents(body, current_user, limit=10), projects=projects,
        referrals=referrals, service=service, title=body.name)


@bp.get("/referrals/")
@access("anonymous")
def referrals():
    page = paginate(db.select(Referral).options(
        selectinload(Referral.reference_group), selectinload(Referral.body))
        .order_by(Referral.raised_on.desc(), Referral.id.desc()), per_page=25)
    return render_template("partnership/referrals.html", page=page, service=service,
                           may_raise=bool(service.chairs(current_user))
                           or getattr(current_user, "is_officer", False),
                           title=_("Referrals between groups"))


@bp.get("/projects/<int:project_id>")
@access("anonymous")
def project(project_id: int):
    found = db.session.scalar(db.select(Project).where(Project.id == project_id).options(
        selectinload(Project.tasks), selectinload(Project.measures),
        selectinload(Project.reports))) or abort(404)
    return render_template("partnership/project.html", project=found,
                           indicators=indicators_by_code(),
                           may_report=may_report(current_user, found.body), service=service,
                           title=found.title)


def may_report(user, body: Body) -> bool:
    """Officers and the delivery group's own members report its progress."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_officer:
        return True
    return db.session.scalar(db.select(Membership.id).where(
        Membership.body_id == body.id, Membership.user_id == user.id,
        Membership.ended_on.is_(None)).limit(1)) is not None


@bp.get("/funding/")
@access("anonymous")
def funding():
    page = paginate(db.select(FundingRound).order_by(FundingRound.opened_at.desc()),
                    per_page=20)
    return render_template("partnership/funding.html", page=page, service=service,
                           title=_("Funding rounds"))


@bp.get("/funding/<int:round_id>")
@access("anonymous")
def funding_round(round_id: int):
    found = db.session.scalar(db.select(FundingRound).where(FundingRound.id == round_id)
                              .options(selectinload(FundingRound.criteria_list))) or abort(404)
    officer = getattr(current_user, "is_officer", False)
    bids = db.session.scalars(db.select(FundingBid).where(FundingBid.round_id == found.id)
                              .options(selectinload(FundingBid.project))
                              .order_by(FundingBid.score.desc().nulls_last(), FundingBid.id)
                              ).all()
    totals = {}
    if found.criteria_list:
        # Officers see the bids ranked by the panel's total (the sum of criterion means).
        totals = service.score_totals(found.id)
        bids = service.ranked(bids, totals)
    if not officer:
        # Until the awards are published the public sees the round, not the bids.
        bids = [b for b in bids if found.published_at and b.award_pence]
        totals = {}
    return render_template("partnership/round.html", round=found, bids=bids, officer=officer,
                           awarded=service.awarded_total(found.id), service=service,
                           totals=totals, scale=SCORE_MAX, indicators=indicators_by_code(),
                           title=found.title)
