"""Officers' pages: events and the moderation queue (the café plan is in plan.py)."""

from __future__ import annotations

from datetime import UTC

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_wtf import FlaskForm
from sqlalchemy.orm import selectinload

from plugins.assembly import service
from plugins.assembly.forms import (
    LONDON,
    EventForm,
    MergeForm,
    RejectForm,
    SpamForm,
    london,
)
from plugins.assembly.models import (
    BigQuestion,
    Event,
    EventKind,
    Topic,
    TopicStatus,
)
from plugins.assembly.views import _helpers
from portal.api import access, as_utc, db, paginate

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
    base = current_app.config["BASE_URL"].rstrip("/")
    language = topic.submitter.preferred_language if topic.submitter else None
    service.approve(topic, base + url_for("assembly.topic", slug=event.slug, topic_id=topic.id,
                                          lang=language or "en"))
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
