"""Officers' pages: events, the moderation queue, the café plan and the follow-up."""

from __future__ import annotations

from datetime import UTC, date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.orm import selectinload

from plugins.assembly import service
from plugins.assembly.forms import (
    LONDON,
    EventForm,
    MergeForm,
    RecommendationForm,
    RejectForm,
    RoundForm,
    SpamForm,
    StatusForm,
    TableForm,
    london,
)
from plugins.assembly.models import (
    BigQuestion,
    CafeTable,
    Event,
    EventKind,
    Recommendation,
    RecommendationStatus,
    Round,
    StatusChange,
    Topic,
    TopicStatus,
)
from plugins.assembly.views import _helpers, event_recommendations
from portal.api import Body, Role, User, access, as_utc, db, paginate

bp = Blueprint("assembly_manage", __name__, url_prefix="/assembly/manage",
               template_folder="templates")
bp.context_processor(_helpers)

QUEUE_FILTERS = ("new", "reported", "all")


def _event(event_id: int) -> Event:
    return db.session.get(Event, event_id) or abort(404)


def _local(moment):
    return as_utc(moment).astimezone(LONDON)


@bp.get("/")
@access("officer")
def index():
    page = paginate(db.select(Event).order_by(Event.starts_at.desc()), per_page=20)
    waiting = dict(db.session.execute(db.select(Topic.event_id, db.func.count(Topic.id)).where(
        Topic.status == TopicStatus.NEW).group_by(Topic.event_id)).all())
    return render_template("assembly/manage_index.html", page=page, waiting=waiting,
                           title=_("Manage the Assembly and Summits"))


def _taken(current: Event | None):
    def taken(slug: str) -> bool:
        query = db.select(Event.id).where(Event.slug == slug)
        if current is not None:
            query = query.where(Event.id != current.id)
        return db.session.scalar(query) is not None
    return taken


def _apply(form: EventForm, event: Event) -> None:
    event.kind, event.title, event.slug = EventKind(form.kind.data), form.title.data, form.slug.data
    event.description, event.place = form.description.data or "", form.place.data
    event.access_info = form.access_info.data
    event.starts_at = london(form.day.data, form.starts.data).astimezone(UTC)
    event.window_opens_at = london(form.opens_day.data, form.opens_time.data).astimezone(UTC)
    event.window_closes_at = london(form.closes_day.data, form.closes_time.data).astimezone(UTC)
    event.published = bool(form.published.data)
    lines = form.question_lines()
    existing = list(event.questions)
    for position, text in enumerate(lines, start=1):
        if position <= len(existing):
            existing[position - 1].text = text
        else:
            event.questions.append(BigQuestion(position=position, text=text))
    removed = existing[len(lines):]
    if removed:
        ids = [q.id for q in removed]
        db.session.execute(db.update(Topic).where(Topic.question_id.in_(ids))
                           .values(question_id=None))
        for q in removed:
            event.questions.remove(q)


def _fill(form: EventForm, event: Event) -> None:
    form.kind.data, form.title.data, form.slug.data = event.kind.value, event.title, event.slug
    form.description.data, form.place.data = event.description, event.place
    form.access_info.data, form.published.data = event.access_info, event.published
    form.day.data, form.starts.data = (_local(event.starts_at).date(),
                                       _local(event.starts_at).time())
    form.opens_day.data, form.opens_time.data = (_local(event.window_opens_at).date(),
                                                 _local(event.window_opens_at).time())
    form.closes_day.data, form.closes_time.data = (_local(event.window_closes_at).date(),
                                                   _local(event.window_closes_at).time())
    form.questions.data = "\n".join(q.text for q in event.questions)


def _event_form_page(form, event=None, status=200):
    return render_template("assembly/manage_event.html", form=form, event=event,
                           title=event.title if event else _("New Assembly or Summit")), status


@bp.get("/new")
@access("officer")
def new():
    return _event_form_page(EventForm(taken=_taken(None)))


@bp.post("/new")
@access("officer")
def create():
    form = EventForm(taken=_taken(None))
    if not form.validate_on_submit():
        return _event_form_page(form, status=400)
    event = Event()
    db.session.add(event)
    _apply(form, event)
    db.session.commit()
    flash(_("The event is saved."), "success")
    return redirect(url_for("assembly_manage.edit", event_id=event.id))


@bp.get("/<int:event_id>")
@access("officer")
def edit(event_id: int):
    event = _event(event_id)
    form = EventForm(taken=_taken(event))
    _fill(form, event)
    return _event_form_page(form, event)


@bp.post("/<int:event_id>")
@access("officer")
def update(event_id: int):
    event = _event(event_id)
    form = EventForm(taken=_taken(event))
    if not form.validate_on_submit():
        return _event_form_page(form, event, 400)
    _apply(form, event)
    db.session.commit()
    flash(_("The event is saved."), "success")
    return redirect(url_for("assembly_manage.edit", event_id=event.id))


@bp.get("/<int:event_id>/queue")
@access("officer")
def queue(event_id: int):
    event = _event(event_id)
    show = request.args.get("show", "new")
    show = show if show in QUEUE_FILTERS else "new"
    query = db.select(Topic).where(Topic.event_id == event.id).options(
        selectinload(Topic.submitter))
    if show == "new":
        query = query.where(Topic.status == TopicStatus.NEW)
    elif show == "reported":
        query = query.where(Topic.status == TopicStatus.APPROVED, Topic.open_reports > 0)
    page = paginate(query.order_by(Topic.hidden_at.is_(None), Topic.created_at, Topic.id),
                    per_page=25)
    return render_template("assembly/manage_queue.html", event=event, page=page, show=show,
                           filters=QUEUE_FILTERS, form=SpamForm(),
                           title=_("Topics to check: %(event)s", event=event.title))


@bp.post("/<int:event_id>/queue/spam")
@access("officer")
def reject_spam(event_id: int):
    event = _event(event_id)
    form = SpamForm()
    if not form.validate_on_submit():
        abort(400)
    ids = [int(v) for v in form.topics.data or [] if v.isdigit()]
    found = db.session.scalars(db.select(Topic).where(
        Topic.event_id == event.id, Topic.id.in_(ids),
        Topic.status.in_([TopicStatus.NEW, TopicStatus.APPROVED]))).all() if ids else []
    for topic in found:
        service.reject(topic, _("Rejected as spam"), notify=False)
    db.session.commit()
    if found:
        flash(ngettext("%(num)s topic rejected as spam.", "%(num)s topics rejected as spam.",
                       len(found)), "success")
    else:
        flash(_("Choose the topics to reject as spam."), "info")
    return redirect(url_for("assembly_manage.queue", event_id=event.id,
                            show=request.args.get("show", "new")))


def _topic(event: Event, topic_id: int) -> Topic:
    return db.session.scalar(db.select(Topic).where(
        Topic.id == topic_id, Topic.event_id == event.id)) or abort(404)


def _merge_form(event: Event, topic: Topic, formdata=None) -> MergeForm:
    form = MergeForm(formdata=formdata) if formdata is not None else MergeForm()
    others = db.session.scalars(db.select(Topic).where(
        Topic.event_id == event.id, Topic.status == TopicStatus.APPROVED,
        Topic.id != topic.id).order_by(Topic.title)).all()
    form.survivor.choices = [(str(t.id), t.title) for t in others]
    return form


def _moderate_page(event, topic, reject_form=None, merge_form=None, status=200):
    from plugins.assembly.models import TopicReport

    reports = db.session.scalars(db.select(TopicReport).where(
        TopicReport.topic_id == topic.id, TopicReport.resolved_at.is_(None))
        .order_by(TopicReport.id)).all()
    return render_template("assembly/manage_topic.html", event=event, topic=topic,
                           form=FlaskForm(), reject_form=reject_form or RejectForm(),
                           merge_form=merge_form or _merge_form(event, topic), reports=reports,
                           title=_("Check a topic: %(title)s", title=topic.title)), status


@bp.get("/<int:event_id>/topics/<int:topic_id>")
@access("officer")
def moderate(event_id: int, topic_id: int):
    event = _event(event_id)
    return _moderate_page(event, _topic(event, topic_id))


@bp.post("/<int:event_id>/topics/<int:topic_id>/approve")
@access("officer")
def approve(event_id: int, topic_id: int):
    event = _event(event_id)
    topic = _topic(event, topic_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    service.approve(topic)
    db.session.commit()
    flash(_("The topic is approved and public."), "success")
    return redirect(url_for("assembly_manage.queue", event_id=event.id))


@bp.post("/<int:event_id>/topics/<int:topic_id>/keep")
@access("officer")
def keep(event_id: int, topic_id: int):
    event = _event(event_id)
    topic = _topic(event, topic_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    service.keep(topic)
    db.session.commit()
    flash(_("The reports are closed and the topic stays public."), "success")
    return redirect(url_for("assembly_manage.queue", event_id=event.id, show="reported"))


@bp.post("/<int:event_id>/topics/<int:topic_id>/reject")
@access("officer")
def reject(event_id: int, topic_id: int):
    event = _event(event_id)
    topic = _topic(event, topic_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return _moderate_page(event, topic, reject_form=form, status=400)
    service.reject(topic, form.reason.data)
    db.session.commit()
    flash(_("The topic is rejected and the person who sent it has been emailed."), "success")
    return redirect(url_for("assembly_manage.queue", event_id=event.id))


@bp.post("/<int:event_id>/topics/<int:topic_id>/merge")
@access("officer")
def merge(event_id: int, topic_id: int):
    event = _event(event_id)
    topic = _topic(event, topic_id)
    form = _merge_form(event, topic, formdata=request.form)
    if not form.validate_on_submit():
        return _moderate_page(event, topic, merge_form=form, status=400)
    survivor = _topic(event, int(form.survivor.data))
    service.merge(topic, survivor)
    db.session.commit()
    flash(_("The topic is merged into “%(title)s”; its supporters carried over.",
            title=survivor.title), "success")
    return redirect(url_for("assembly_manage.queue", event_id=event.id))


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
    db.session.add(StatusChange(recommendation_id=rec.id, status=rec.status, on=rec.status_on,
                                changed_by_id=current_user.id))
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

