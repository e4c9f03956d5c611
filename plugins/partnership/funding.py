"""Funding rounds at work: opening a round with its criteria, proposals from groups, the
panel's scores on each criterion, awards (never past the bid's cost or the pot), publishing.

The routes join the ``partnership_work`` blueprint of :mod:`plugins.partnership.manage`.
"""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from plugins.partnership import service
from plugins.partnership.forms import (
    AwardForm,
    BidForm,
    RoundForm,
    ScoreForm,
    criteria_score_form,
    criteria_scores,
)
from plugins.partnership.manage import bodies, bp, form_page
from plugins.partnership.models import (
    SCORE_MAX,
    FundingBid,
    FundingCriterion,
    FundingRound,
    Project,
)
from portal.api import Body, Membership, access, db, offered_indicators, utcnow


@bp.route("/funding/new", methods=["GET", "POST"])
@access("officer")
def new_round():
    indicators = offered_indicators()
    form = RoundForm(indicators)
    if not form.is_submitted() and "indicators" in form:
        form.indicators.data = [i.code for i in indicators if i.at_risk]
    if form.validate_on_submit():
        codes = form.indicators.data if "indicators" in form else []
        funding_round = FundingRound(title=form.title.data, pot_pence=form.pot.data,
                                     indicator_codes=",".join(codes), criteria="",
                                     deadline=form.deadline.data, opened_by_id=current_user.id)
        for position, text in enumerate(service.criteria_from_text(form.criteria.data)):
            funding_round.criteria_list.append(FundingCriterion(position=position, text=text))
        db.session.add(funding_round)
        db.session.commit()
        flash(_("The funding round is open."), "success")
        return redirect(url_for("partnership.funding_round", round_id=funding_round.id))
    return form_page(form, _("Open a funding round"), _(
        "Write each criterion the panel will score on its own line. Each officer on the panel "
        "scores every proposal from 0 to %(max)s on each criterion.", max=SCORE_MAX))


def _round(round_id: int) -> FundingRound:
    return db.session.get(FundingRound, round_id) or abort(404)


def _my_groups():
    if current_user.is_officer:
        return bodies()
    ids = db.select(Membership.body_id).where(Membership.user_id == current_user.id,
                                              Membership.ended_on.is_(None))
    return db.session.scalars(db.select(Body).where(Body.id.in_(ids)).order_by(Body.name)).all()


@bp.route("/funding/<int:round_id>/proposals/new", methods=["GET", "POST"])
@access("organisation_member")
def new_bid(round_id: int):
    funding_round = _round(round_id)
    if funding_round.published_at is not None or date.today() > funding_round.deadline:
        abort(409)
    groups = _my_groups()
    if not groups:
        abort(403)
    form = BidForm(groups, [i for i in offered_indicators()
                            if not funding_round.codes or i.code in funding_round.codes])
    if form.validate_on_submit():
        codes = form.indicators.data if "indicators" in form else []
        db.session.add(FundingBid(
            round_id=funding_round.id, body_id=int(form.body_id.data), title=form.title.data,
            summary=form.summary.data, indicator_codes=",".join(codes), cost_pence=form.cost.data,
            milestones=form.milestones.data, submitted_by_id=current_user.id))
        db.session.commit()
        flash(_("Your proposal is in. The panel will score it against the criteria."),
              "success")
        return redirect(url_for("partnership.funding_round", round_id=funding_round.id))
    return form_page(form, _("Propose a project for %(round)s", round=funding_round.title),
                     back=url_for("partnership.funding_round", round_id=funding_round.id))


def _bid(bid_id: int) -> FundingBid:
    return db.session.get(FundingBid, bid_id) or abort(404)


def _projects():
    return db.session.scalars(db.select(Project).order_by(Project.title)).all()


def _score_form(bid: FundingBid):
    criteria = bid.round.criteria_list
    if not criteria:
        return ScoreForm(prefix="score")
    return criteria_score_form(criteria, SCORE_MAX, service.officer_scores(bid, current_user),
                               prefix="score")


def _bid_page(bid, score=None, award=None, status=200):
    score = score or _score_form(bid)
    award = award or AwardForm(_projects(), bid.cost_pence, prefix="award")
    criteria = bid.round.criteria_list
    means = service.criterion_means(bid) if criteria else {}
    return render_template("partnership/bid.html", bid=bid, score=score, award=award,
                           service=service, awarded=service.awarded_total(bid.round_id),
                           criteria=criteria, means=means, scale=SCORE_MAX,
                           total=sum(mean for mean, _count in means.values()),
                           title=bid.title), status


@bp.get("/funding/proposals/<int:bid_id>")
@access("officer")
def bid(bid_id: int):
    return _bid_page(_bid(bid_id))


@bp.post("/funding/proposals/<int:bid_id>/score")
@access("officer")
def score_bid(bid_id: int):
    found = _bid(bid_id)
    form = _score_form(found)
    if not form.validate_on_submit():
        return _bid_page(found, score=form, status=400)
    criteria = found.round.criteria_list
    if criteria:
        service.score_bid(found, current_user, criteria_scores(form, criteria))
    else:
        found.score, found.score_notes = form.score.data, form.score_notes.data or ""
    db.session.commit()
    flash(_("The score is saved."), "success")
    return redirect(url_for("partnership_work.bid", bid_id=found.id))


@bp.post("/funding/proposals/<int:bid_id>/award")
@access("officer")
def award_bid(bid_id: int):
    found = _bid(bid_id)
    form = AwardForm(_projects(), found.cost_pence, prefix="award")
    if found.round.published_at is not None:
        abort(409)
    if not form.validate_on_submit():
        return _bid_page(found, award=form, status=400)
    project_id = int(form.project_id.data) if form.project_id.data else None
    try:
        service.award(found.id, form.amount.data, project_id=project_id)
    except service.CostExceeded as exc:
        found = _bid(bid_id)
        form.amount.errors = [_("An award cannot be more than the project costs: at most "
                                "%(cost)s", cost=service.money(exc.args[0]))]
        return _bid_page(found, award=form, status=400)
    except service.PotExceeded as exc:
        found = _bid(bid_id)
        form.amount.errors = [_("That would take the awards past the pot: at most %(left)s "
                                "is left.", left=service.money(max(exc.args[0], 0)))]
        return _bid_page(found, award=form, status=409)
    flash(_("The award is recorded."), "success")
    return redirect(url_for("partnership_work.bid", bid_id=found.id))


@bp.post("/funding/<int:round_id>/publish")
@access("officer")
def publish_round(round_id: int):
    from flask_wtf import FlaskForm

    funding_round = _round(round_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    if funding_round.published_at is None:
        funding_round.published_at = utcnow()
        db.session.commit()
    flash(_("The awards are published."), "success")
    return redirect(url_for("partnership.funding_round", round_id=funding_round.id))
