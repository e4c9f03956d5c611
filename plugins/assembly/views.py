"""The Assembly in public: events, topics, support, reports, running order, outcomes."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.orm import selectinload

from plugins.assembly import service
from plugins.assembly.forms import KIND_LABELS, STATUS_LABELS, ReportForm, TopicForm
from plugins.assembly.models import (
    BigQuestion,
    Event,
    Recommendation,
    Round,
    Topic,
    TopicStatus,
)
from portal.api import access, allows, db, keeps_answers, language, paginate

bp = Blueprint("assembly", __name__, url_prefix="/assembly", template_folder="templates")

SORTS = ("support", "newest", "question")


@bp.context_processor
def _helpers():
    return {"assembly_language": language, "assembly_kinds": KIND_LABELS,
            "assembly_statuses": STATUS_LABELS, "assembly_window_open": service.window_open}


def load_event(slug: str) -> Event:
    """A published event; unpublished ones exist only for officers."""
    event = db.session.scalar(db.select(Event).where(Event.slug == slug).options(
        selectinload(Event.questions)))
    if event is None and slug.isdigit():  # /assembly/<id> also finds it
        event = db.session.get(Event, int(slug))
    if event is None:
        abort(404)
    if not event.published and not allows(current_user, "officer"):
        abort(404)
    return event


def load_topic(event: Event, topic_id: int) -> Topic:
    topic = db.session.scalar(db.select(Topic).where(
        Topic.id == topic_id, Topic.event_id == event.id)) or abort(404)
    if not service.can_see(topic, current_user):
        abort(404)
    return topic


def public_topics(event: Event):
    return db.select(Topic).where(Topic.event_id == event.id,
                                  Topic.status == TopicStatus.APPROVED,
                                  Topic.hidden_at.is_(None))


@bp.get("/")
@access("anonymous")
def index():
    page = paginate(db.select(Event).where(Event.published.is_(True))
                    .order_by(Event.starts_at.desc()), per_page=20)
    return render_template("assembly/index.html", page=page,
                           title=_("The Assembly and Summits"))


@bp.get("/<slug>")
@access("anonymous")
def event(slug: str):
    found = load_event(slug)
    if found.slug != slug:
        return redirect(url_for("assembly.event", slug=found.slug), 301)
    sort = request.args.get("sort", "support")
    sort = sort if sort in SORTS else "support"
    query = public_topics(found)
    question = request.args.get("question", "")
    if question.isdigit():
        query = query.where(Topic.question_id == int(question))
    if sort == "newest":
        query = query.order_by(Topic.created_at.desc(), Topic.id.desc())
    elif sort == "question":
        query = query.outerjoin(BigQuestion, Topic.question_id == BigQuestion.id).order_by(
            BigQuestion.position, Topic.support_count.desc(), Topic.id)
    else:
        query = query.order_by(Topic.support_count.desc(), Topic.created_at.desc(), Topic.id)
    page = paginate(query, per_page=20)
    mine = []
    if current_user.is_authenticated:
        mine = db.session.scalars(db.select(Topic).where(
            Topic.event_id == found.id, Topic.submitter_id == current_user.id)
            .order_by(Topic.created_at.desc()).limit(50)).all()
    return render_template(
        "assembly/event.html", event=found, page=page, sort=sort, question=question,
        mine=mine, supported=service.supported_ids(current_user, [t.id for t in page.items]),
        title=found.title)


def _organisations():
    return sorted(current_user.organisations, key=lambda o: o.name)


def _topic_form_page(event: Event, form: TopicForm, status: int = 200, topic=None):
    return render_template("assembly/topic_form.html", event=event, form=form, topic=topic,
                           open=service.window_open(event),
                           title=_("Edit your topic") if topic else _("Bring a topic")), status


@bp.get("/<slug>/topics/new")
@access("resident")
def new_topic(slug: str):
    found = load_event(slug)
    form = TopicForm(found, _organisations())
    if not form.is_submitted():
        form.language.data = current_user.preferred_language
    return _topic_form_page(found, form)


def _apply(form: TopicForm, topic: Topic) -> None:
    topic.title, topic.description = form.title.data, form.description.data
    topic.question_id = int(form.question_id.data)
    topic.language = form.language.data
    topic.organisation_id = int(form.organisation_id.data) if form.organisation_id.data else None
    topic.will_lead = bool(form.will_lead.data)


@bp.post("/<slug>/topics/new")
@access("resident")
@keeps_answers
def create_topic(slug: str):
    found = load_event(slug)
    form = TopicForm(found, _organisations())
    if not form.validate_on_submit():
        return _topic_form_page(found, form, 400)
    if not service.window_open(found):
        form.form_errors.append(_("Topics cannot be sent now: the window is closed."))
        return _topic_form_page(found, form, 409)
    try:
        topic = service.submit(found, current_user)
    except service.RateLimited:
        form.form_errors.append(_("You have sent %(num)s topics for this event today, the most "
                                  "we accept in a day. Please try again tomorrow.",
                                  num=service.DAILY_LIMIT))
        return _topic_form_page(found, form, 429)
    _apply(form, topic)
    db.session.commit()
    flash(_("Thank you. Your topic is waiting for an officer to check it; it will be public "
            "once approved."), "success")
    return redirect(url_for("assembly.topic", slug=found.slug, topic_id=topic.id))


def _own_new_topic(slug: str, topic_id: int) -> tuple[Event, Topic]:
    found = load_event(slug)
    topic = load_topic(found, topic_id)
    if topic.submitter_id != current_user.id:
        abort(404)
    return found, topic


@bp.get("/<slug>/topics/<int:topic_id>/edit")
@access("resident")
def edit_topic(slug: str, topic_id: int):
    found, topic = _own_new_topic(slug, topic_id)
    if topic.status != TopicStatus.NEW:
        flash(_("This topic has been checked by an officer, so it can no longer be changed."),
              "info")
        return redirect(url_for("assembly.topic", slug=slug, topic_id=topic.id))
    form = TopicForm(found, _organisations(), obj=None)
    if not form.is_submitted():
        form.title.data, form.description.data = topic.title, topic.description
        form.question_id.data = str(topic.question_id or "")
        form.language.data = topic.language
        form.organisation_id.data = str(topic.organisation_id or "")
        form.will_lead.data = topic.will_lead
    return _topic_form_page(found, form, topic=topic)


@bp.post("/<slug>/topics/<int:topic_id>/edit")
@access("resident")
@keeps_answers
def update_topic(slug: str, topic_id: int):
    found, topic = _own_new_topic(slug, topic_id)
    form = TopicForm(found, _organisations())
    if not form.validate_on_submit():
        return _topic_form_page(found, form, 400, topic=topic)
    if topic.status != TopicStatus.NEW:
        form.form_errors.append(_("This topic has been checked by an officer, so it can no "
                                  "longer be changed."))
        return _topic_form_page(found, form, 409, topic=topic)
    _apply(form, topic)
    db.session.commit()
    flash(_("Your changes are saved."), "success")
    return redirect(url_for("assembly.topic", slug=slug, topic_id=topic.id))


@bp.post("/<slug>/topics/<int:topic_id>/withdraw")
@access("resident")
def withdraw_topic(slug: str, topic_id: int):
    _found, topic = _own_new_topic(slug, topic_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    topic.status = TopicStatus.WITHDRAWN
    db.session.commit()
    flash(_("Your topic is withdrawn."), "success")
    return redirect(url_for("assembly.event", slug=slug))


@bp.get("/<slug>/topics/<int:topic_id>")
@access("anonymous")
def topic(slug: str, topic_id: int):
    found = load_event(slug)
    merged = db.session.scalar(db.select(Topic).where(
        Topic.id == topic_id, Topic.event_id == found.id, Topic.status == TopicStatus.MERGED))
    if merged is not None and merged.merged_into is not None and merged.merged_into.public \
            and not service.can_see(merged, current_user):
        # A duplicate's old link leads to the topic it was merged into.
        return redirect(url_for("assembly.topic", slug=slug, topic_id=merged.merged_into_id),
                        301)
    return _topic_page(found, load_topic(found, topic_id), ReportForm())


def _topic_page(found: Event, topic: Topic, report_form: ReportForm, status: int = 200):
    supported = bool(service.supported_ids(current_user, [topic.id]))
    return render_template("assembly/topic.html", event=found, topic=topic, form=FlaskForm(),
                           report_form=report_form, supported=supported,
                           title=topic.title), status


@bp.post("/<slug>/topics/<int:topic_id>/support")
@access("resident")
def support(slug: str, topic_id: int):
    found = load_event(slug)
    topic = load_topic(found, topic_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    if not topic.public:
        abort(404)
    if service.support(topic, current_user):
        db.session.commit()
        flash(_("Thank you: you support this topic."), "success")
    else:
        flash(_("You already support this topic."), "info")
    return redirect(url_for("assembly.topic", slug=slug, topic_id=topic.id))


@bp.post("/<slug>/topics/<int:topic_id>/unsupport")
@access("resident")
def unsupport(slug: str, topic_id: int):
    found = load_event(slug)
    topic = load_topic(found, topic_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    service.withdraw_support(topic, current_user)
    db.session.commit()
    flash(_("You no longer support this topic."), "success")
    return redirect(url_for("assembly.topic", slug=slug, topic_id=topic.id))


@bp.post("/<slug>/topics/<int:topic_id>/report")
@access("anonymous")
def report(slug: str, topic_id: int):
    found = load_event(slug)
    topic = load_topic(found, topic_id)
    form = ReportForm()
    if not form.validate_on_submit():
        return _topic_page(found, topic, form, 400)
    if topic.public:
        service.report(topic, service.reporter_key(current_user, request.remote_addr),
                       form.reason.data or "")
        db.session.commit()
    flash(_("Thank you. An officer will look at this topic."), "success")
    return redirect(url_for("assembly.event", slug=slug))


@bp.get("/<slug>/running-order")
@access("anonymous")
def running_order(slug: str):
    found = load_event(slug)
    rounds = db.session.scalars(db.select(Round).where(Round.event_id == found.id).options(
        selectinload(Round.tables)).order_by(Round.number)).all()
    return render_template("assembly/running_order.html", event=found, rounds=rounds,
                           title=_("Running order: %(event)s", event=found.title))


def event_recommendations(found: Event) -> list[Recommendation]:
    return db.session.scalars(db.select(Recommendation).where(
        Recommendation.event_id == found.id).options(selectinload(Recommendation.history))
        .order_by(Recommendation.topic_id, Recommendation.id)).all()


@bp.get("/<slug>/outcomes")
@access("anonymous")
def outcomes(slug: str):
    found = load_event(slug)
    return render_template("assembly/outcomes.html", event=found,
                           recommendations=event_recommendations(found),
                           title=_("What happened to your ideas: %(event)s",
                                   event=found.title))
