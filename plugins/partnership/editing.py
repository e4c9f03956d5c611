"""Keeping the record up to date: officers edit a group's terms, a project's plan, its tasks
and its outputs and outcomes; a progress report is edited by its author or an officer.

The routes join the ``partnership_work`` blueprint of :mod:`plugins.partnership.manage`.
"""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from plugins.partnership import service
from plugins.partnership.forms import (
    GroupTermsForm,
    MeasureForm,
    ProjectForm,
    ReportForm,
    TaskForm,
)
from plugins.partnership.manage import bodies, bp, form_page, project_or_404
from plugins.partnership.models import (
    GroupTerms,
    MeasureKind,
    ProgressReport,
    ProjectMeasure,
    ProjectTask,
    Rag,
)
from portal.api import Body, BodyKind, Organisation, access, db, offered_indicators


# --- a group's terms ------------------------------------------------------------------------
@bp.route("/groups/<slug>/edit", methods=["GET", "POST"])
@access("officer")
def edit_group(slug: str):
    body = db.session.scalar(db.select(Body).where(Body.slug == slug)) or abort(404)
    terms = db.session.scalar(db.select(GroupTerms).where(GroupTerms.body_id == body.id))
    form = GroupTermsForm()
    if not form.is_submitted():
        form.purpose.data, form.meets.data = body.purpose, body.meets
        if terms is not None:
            form.terms_of_reference.data = terms.terms_of_reference
            form.duration.data = terms.duration
            form.chairs_elected_on.data = terms.chairs_elected_on
    if form.validate_on_submit():
        if terms is None:
            terms = GroupTerms(body_id=body.id)
            db.session.add(terms)
        body.purpose, body.meets = form.purpose.data or "", form.meets.data or ""
        terms.terms_of_reference = form.terms_of_reference.data
        terms.duration = form.duration.data or ""
        terms.chairs_elected_on = form.chairs_elected_on.data
        db.session.commit()
        flash(_("The group's terms are saved."), "success")
        return redirect(url_for("partnership.group", slug=body.slug))
    return form_page(form, _("Edit the terms of %(name)s", name=body.name),
                     back=url_for("partnership.group", slug=body.slug))


# --- a project's plan -----------------------------------------------------------------------
@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@access("officer")
def edit_project(project_id: int):
    project = project_or_404(project_id)
    form = ProjectForm(bodies(BodyKind.DELIVERY_GROUP, BodyKind.TASK_AND_FINISH), obj=project)
    if not form.is_submitted():
        form.body_id.data = str(project.body_id)
    if form.validate_on_submit():
        project.body_id = int(form.body_id.data)
        for name in ("title", "aim", "objectives", "resources", "starts_on", "ends_on"):
            setattr(project, name, form[name].data)
        db.session.commit()
        flash(_("The project plan is saved."), "success")
        return redirect(url_for("partnership.project", project_id=project.id))
    return form_page(form, _("Edit the plan: %(title)s", title=project.title),
                     back=url_for("partnership.project", project_id=project.id))


def _part(model, project_id: int, part_id: int):
    """A task or an output/outcome of this project (404 if it belongs to another)."""
    part = db.session.get(model, part_id)
    if part is None or part.project_id != project_id:
        abort(404)
    return part


@bp.route("/projects/<int:project_id>/tasks/<int:task_id>/edit", methods=["GET", "POST"])
@access("officer")
def edit_task(project_id: int, task_id: int):
    task = _part(ProjectTask, project_id, task_id)
    organisations = db.session.scalars(db.select(Organisation).order_by(Organisation.name)).all()
    form = TaskForm(organisations, obj=task)
    if not form.is_submitted():
        form.lead_id.data = str(task.lead_id) if task.lead_id else ""
    if form.validate_on_submit():
        task.description, task.partners = form.description.data, form.partners.data or ""
        task.lead_id, task.due_on = int(form.lead_id.data), form.due_on.data
        db.session.commit()
        flash(_("The task is saved."), "success")
        return redirect(url_for("partnership_work.plan", project_id=project_id))
    return form_page(form, _("Edit a task"),
                     back=url_for("partnership_work.plan", project_id=project_id))


@bp.route("/projects/<int:project_id>/measures/<int:measure_id>/edit", methods=["GET", "POST"])
@access("officer")
def edit_measure(project_id: int, measure_id: int):
    measure = _part(ProjectMeasure, project_id, measure_id)
    form = MeasureForm(offered_indicators())
    if not form.is_submitted():
        form.kind.data, form.description.data = measure.kind.value, measure.description
        if "indicator" in form:
            form.indicator.data = measure.indicator_code
    if form.validate_on_submit():
        measure.kind, measure.description = MeasureKind(form.kind.data), form.description.data
        if "indicator" in form:  # without the scorecard, an existing link is kept
            measure.indicator_code = form.indicator.data or ""
        db.session.commit()
        flash(_("The output or outcome is saved."), "success")
        return redirect(url_for("partnership_work.plan", project_id=project_id))
    return form_page(form, _("Edit an output or outcome"),
                     back=url_for("partnership_work.plan", project_id=project_id))


@bp.post("/projects/<int:project_id>/tasks/<int:task_id>/remove")
@access("officer")
def remove_task(project_id: int, task_id: int):
    task = _part(ProjectTask, project_id, task_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    db.session.delete(task)
    db.session.commit()
    flash(_("The task is removed."), "success")
    return redirect(url_for("partnership_work.plan", project_id=project_id))


@bp.post("/projects/<int:project_id>/measures/<int:measure_id>/remove")
@access("officer")
def remove_measure(project_id: int, measure_id: int):
    measure = _part(ProjectMeasure, project_id, measure_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    db.session.delete(measure)
    db.session.commit()
    flash(_("The output or outcome is removed."), "success")
    return redirect(url_for("partnership_work.plan", project_id=project_id))


# --- progress reports -----------------------------------------------------------------------
@bp.route("/projects/reports/<int:report_id>/edit", methods=["GET", "POST"])
@access("organisation_member")
def edit_report(report_id: int):
    report = db.session.get(ProgressReport, report_id) or abort(404)
    if not service.may_edit_report(current_user, report):
        abort(403)
    form = ReportForm(obj=report)
    if not form.is_submitted():
        form.status.data = report.status.value
    if form.validate_on_submit():
        report.period_end, report.status = form.period_end.data, Rag(form.status.data)
        report.progress = form.progress.data
        report.barriers = form.barriers.data or ""
        report.remedial_action = form.remedial_action.data or ""
        db.session.commit()
        flash(_("The progress report is saved."), "success")
        return redirect(url_for("partnership.project", project_id=report.project_id))
    back = url_for("partnership.project", project_id=report.project_id)
    return form_page(form, _("Edit the progress report for the quarter ending %(date)s",
                             date=format_date(report.period_end, "long")), back=back)
