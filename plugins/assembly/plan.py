"""Officers' café plan (rounds and tables, with clashes shown) and the follow-up of each
table's recommendations."""

from __future__ import annotations

from datetime import UTC, date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.orm import selectinload

from plugins.assembly import service
from plugins.assembly.forms import RecommendationForm, RoundForm, StatusForm, TableForm, london
from plugins.assembly.manage import _event, _local, bp
from plugins.assembly.models import (
    CafeTable,
    Event,
    Recommendation,
    RecommendationStatus,
    Round,
    Topic,
    TopicStatus,
)
from plugins.assembly.views import event_recommendations
from portal.api import Body, Role, User, access, db


def _plan_forms(event: Event, round_form=None, table_form=None):
    round_form = round_form or RoundForm(prefix="round")
    table_form = table_form or TableForm(prefix="table")
    table_form.round_id.choices = [(str(r.id), _("Round %(num)s", num=r.number))
                                   for r in event.rounds]
    topics = db.session.scalars(db.select(Topic).where(
        Topic.event_id == event.id, Topic.status == TopicStatus.APPROVED)
        .order_by(Topic.title)).all()
    table_form.topic_id.choices = [(str(t.id), t.title) for t in topics]
    volunteers = {t.submitter_id for t in topics if t.will_lead and t.submitter_id}
    partners = db.session.scalars(db.select(User).where(db.or_(
        User.id.in_(volunteers or {0}), User.role.in_([Role.OFFICER, Role.ADMINISTRATOR]),
        User.organisation_memberships.any())).order_by(User.name).limit(300)).all()
    table_form.lead_id.choices = [("", _("Nobody yet"))] + [
        (str(u.id), _("%(name)s (volunteered)", name=u.name) if u.id in volunteers else u.name)
        for u in partners]
    return round_form, table_form


def _plan_page(event, round_form=None, table_form=None, status=200):
    rounds = db.session.scalars(db.select(Round).where(Round.event_id == event.id).options(
        selectinload(Round.tables)).order_by(Round.number)).all()
    round_form, table_form = _plan_forms(event, round_form, table_form)
    return render_template("assembly/manage_plan.html", event=event, rounds=rounds,
                           clashes=service.clashes(rounds), round_form=round_form,
                           table_form=table_form, form=FlaskForm(),
                           title=_("Café plan: %(event)s", event=event.title)), status


@bp.get("/<int:event_id>/plan")
@access("officer")
def plan(event_id: int):
    return _plan_page(_event(event_id))


@bp.post("/<int:event_id>/plan/rounds")
@access("officer")
def add_round(event_id: int):
    event = _event(event_id)
    form = RoundForm(prefix="round")
    if not form.validate_on_submit():
        return _plan_page(event, round_form=form, status=400)
    if any(r.number == form.number.data for r in event.rounds):
        form.number.errors.append(_("There is already a round with this number"))
        return _plan_page(event, round_form=form, status=400)
    day = _local(event.starts_at).date()
    db.session.add(Round(event_id=event.id, number=form.number.data,
                         starts_at=london(day, form.starts.data).astimezone(UTC)))
    db.session.commit()
    flash(_("The round is added."), "success")
    return redirect(url_for("assembly_manage.plan", event_id=event.id))


@bp.post("/<int:event_id>/plan/tables")
@access("officer")
def add_table(event_id: int):
    event = _event(event_id)
    _r, form = _plan_forms(event, table_form=TableForm(prefix="table"))
    if not form.validate_on_submit():
        return _plan_page(event, table_form=form, status=400)
    round_ = db.session.get(Round, int(form.round_id.data))
    if any(t.number == form.number.data for t in round_.tables):
        form.number.errors.append(_("There is already a table with this number in that round"))
        return _plan_page(event, table_form=form, status=400)
    db.session.add(CafeTable(round_id=round_.id, number=form.number.data,
                             topic_id=int(form.topic_id.data),
                             lead_id=int(form.lead_id.data) if form.lead_id.data else None,
                             capacity=form.capacity.data))
    db.session.commit()
    flash(_("The table is added."), "success")
    return redirect(url_for("assembly_manage.plan", event_id=event.id))


@bp.post("/<int:event_id>/plan/tables/<int:table_id>/remove")
@access("officer")
def remove_table(event_id: int, table_id: int):
    event = _event(event_id)
    table = db.session.get(CafeTable, table_id)
    if table is None or table.round.event_id != event.id:
        abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    db.session.delete(table)
    db.session.commit()
    flash(_("The table is removed."), "success")
    return redirect(url_for("assembly_manage.plan", event_id=event.id))


def _bodies():
    return db.session.scalars(db.select(Body).order_by(Body.name)).all()


def _recommendation_form(event: Event, form=None) -> RecommendationForm:
    form = form or RecommendationForm()
    tabled = db.session.scalars(db.select(Topic).where(Topic.id.in_(
        db.select(CafeTable.topic_id).join(Round).where(Round.event_id == event.id)))
        .order_by(Topic.title)).all()
    form.topic_id.choices = [(str(t.id), t.title) for t in tabled]
    form.body_id.choices = [(str(b.id), b.name) for b in _bodies()]
    return form


def _recommendations_page(event, form=None, status=200):
    return render_template("assembly/manage_recommendations.html", event=event,
                           form=_recommendation_form(event, form),
                           recommendations=event_recommendations(event),
                           title=_("Recommendations: %(event)s", event=event.title)), status


@bp.get("/<int:event_id>/recommendations")
@access("officer")
def recommendations(event_id: int):
    return _recommendations_page(_event(event_id))


@bp.post("/<int:event_id>/recommendations")
@access("officer")
def add_recommendation(event_id: int):
    event = _event(event_id)
    form = _recommendation_form(event)
    if not form.validate_on_submit():
        return _recommendations_page(event, form, 400)
    rec = Recommendation(event_id=event.id, topic_id=int(form.topic_id.data), text=form.text.data,
                         body_id=int(form.body_id.data), status=RecommendationStatus.REFERRED,
                         status_on=date.today())
    db.session.add(rec)
    db.session.flush()
    # The referral is the first dated status, and those who raised the topic hear of it.
    service.change_status(rec, RecommendationStatus.REFERRED, on=rec.status_on, note="",
                          reason="", user=current_user)
    db.session.commit()
    flash(_("The recommendation is recorded as referred."), "success")
    return redirect(url_for("assembly_manage.recommendations", event_id=event.id))


def _recommendation(event: Event, rec_id: int) -> Recommendation:
    rec = db.session.get(Recommendation, rec_id)
    if rec is None or rec.event_id != event.id:
        abort(404)
    return rec


def _status_page(event, rec, form, status=200):
    return render_template("assembly/manage_status.html", event=event, rec=rec, form=form,
                           title=_("Update a recommendation")), status


@bp.get("/<int:event_id>/recommendations/<int:rec_id>")
@access("officer")
def status(event_id: int, rec_id: int):
    event = _event(event_id)
    rec = _recommendation(event, rec_id)
    form = StatusForm()
    form.status.data, form.on.data = rec.status.value, date.today()
    form.outcome.data, form.reason.data = rec.outcome, rec.reason
    return _status_page(event, rec, form)


@bp.post("/<int:event_id>/recommendations/<int:rec_id>")
@access("officer")
def change_status(event_id: int, rec_id: int):
    event = _event(event_id)
    rec = _recommendation(event, rec_id)
    form = StatusForm()
    if not form.validate_on_submit():
        return _status_page(event, rec, form, 400)
    emailed = service.change_status(rec, RecommendationStatus(form.status.data), on=form.on.data,
                                    note=form.outcome.data or "", reason=form.reason.data or "",
                                    user=current_user)
    db.session.commit()
    flash(ngettext("Saved. %(num)s person who raised or supported it has been emailed.",
                   "Saved. %(num)s people who raised or supported it have been emailed.",
                   emailed), "success")
    return redirect(url_for("assembly_manage.recommendations", event_id=event.id))

