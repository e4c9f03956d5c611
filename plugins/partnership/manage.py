"""Working the partnership: proposing groups, referrals, project plans and reports.

The blueprint is shared: funding rounds (:mod:`.funding`) and editing (:mod:`.editing`)
add their routes to it.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from plugins.partnership import service
from plugins.partnership.forms import (
    AgendaForm,
    DecisionForm,
    MeasureForm,
    OutcomeForm,
    ProjectForm,
    ProposalForm,
    ReferralForm,
    ReportForm,
    TaskForm,
)
from plugins.partnership.labels import DIRECTIONS, PROPOSABLE_KINDS
from plugins.partnership.models import (
    Direction,
    GroupProposal,
    MeasureKind,
    ProgressReport,
    Project,
    ProjectMeasure,
    ProjectTask,
    ProposalStatus,
    Rag,
    Referral,
)
from plugins.partnership.views import may_report
from portal.api import (
    Body,
    BodyKind,
    Organisation,
    access,
    db,
    offered_indicators,
    paginate,
)

bp = Blueprint("partnership_work", __name__, url_prefix="/partnership",
               template_folder="templates")


def form_page(form, title, intro="", status=None, back=None):
    return render_template("partnership/form.html", form=form, title=title, intro=intro,
                           back=back), status or (400 if form.errors else 200)


def bodies(*kinds):
    query = db.select(Body).order_by(Body.name)
    if kinds:
        query = query.where(Body.kind.in_(kinds))
    return db.session.scalars(query).all()


# --- proposals for new groups -----------------------------------------------------------
@bp.route("/proposals/new", methods=["GET", "POST"])
@access("organisation_member")
def propose():
    form = ProposalForm(PROPOSABLE_KINDS, bodies())
    if form.validate_on_submit():
        proposal = GroupProposal(
            name=form.name.data, kind=form.kind.data, parent_id=int(form.parent_id.data),
            purpose=form.purpose.data, duration=form.duration.data,
            representation=form.representation.data, value_added=form.value_added.data,
            proposed_by_id=current_user.id)
        db.session.add(proposal)
        db.session.commit()
        flash(_("Your proposal is with Harrow Chief Executives."), "success")
        return redirect(url_for("partnership_work.proposal", proposal_id=proposal.id))
    return form_page(form, _("Propose a new group"), _(
        "Harrow Chief Executives endorse every new group. Say what it is for, how long it "
        "will last, who would sit on it and the value it would add."))


@bp.get("/proposals/")
@access("officer")
def proposals():
    page = paginate(db.select(GroupProposal).options(selectinload(GroupProposal.parent))
                    .order_by(GroupProposal.proposed_at.desc()), per_page=25)
    return render_template("partnership/proposals.html", page=page,
                           title=_("Proposals for new groups"))


def _own_proposal(proposal_id: int) -> GroupProposal:
    proposal = db.session.get(GroupProposal, proposal_id)
    if proposal is None or not (current_user.is_officer
                                or proposal.proposed_by_id == current_user.id):
        abort(404)
    return proposal


@bp.route("/proposals/<int:proposal_id>", methods=["GET", "POST"])
@access("organisation_member", hide=True)
def proposal(proposal_id: int):
    found = _own_proposal(proposal_id)
    form = None
    if current_user.is_officer and found.status == ProposalStatus.PROPOSED:
        form = DecisionForm()
        if form.validate_on_submit():
            service.decide(found, current_user, form.decision.data == "endorse",
                           form.reason.data or "")
            db.session.commit()
            flash(_("The decision is recorded and the proposer told."), "success")
            return redirect(url_for("partnership_work.proposal", proposal_id=found.id))
    elif _posted():
        abort(409 if current_user.is_officer else 403)
    return render_template("partnership/proposal.html", proposal=found, form=form,
                           title=found.name), 400 if form and form.errors else 200


def _posted() -> bool:
    from flask import request

    return request.method == "POST"


# --- referrals ------------------------------------------------------------------------------
@bp.route("/referrals/new", methods=["GET", "POST"])
@access("organisation_member")
def raise_referral():
    officer = current_user.is_officer
    groups = bodies(BodyKind.REFERENCE_GROUP) if officer else service.chairs(current_user)
    if not groups:
        return render_template("partnership/cannot_refer.html", officer=officer,
                               title=_("Raise an issue")), 403
    directions = [(d.value, str(DIRECTIONS[d])) for d in Direction
                  if officer or d == Direction.TO_EXECUTIVE]
    form = ReferralForm(directions, groups, bodies(BodyKind.BOARD, BodyKind.EXECUTIVE))
    if not form.is_submitted():
        form.raised_on.data = date.today()
    if form.validate_on_submit():
        referral = Referral(
            direction=Direction(form.direction.data),
            reference_group_id=int(form.reference_group_id.data),
            body_id=int(form.body_id.data), title=form.title.data, report=form.report.data,
            raised_by_id=current_user.id, raised_on=form.raised_on.data)
        service.raise_referral(referral)
        db.session.commit()
        flash(_("The referral is recorded."), "success")
        return redirect(url_for("partnership_work.referral", referral_id=referral.id))
    return form_page(form, _("Raise an issue"), _(
        "A reference group's chair raises an issue for the Executive or Board as a written "
        "report. Officers also record the Board's or Executive's requests for a group's input."))


def _referral(referral_id: int) -> Referral:
    return db.session.scalar(db.select(Referral).where(Referral.id == referral_id).options(
        selectinload(Referral.reference_group), selectinload(Referral.body))) or abort(404)


@bp.get("/referrals/<int:referral_id>")
@access("anonymous")
def referral(referral_id: int):
    found = _referral(referral_id)
    forms = _referral_forms(found)
    return _referral_page(found, *forms)


def _referral_forms(found: Referral):
    agenda = outcome = None
    if found.outcome_on is None:
        if current_user.is_authenticated and current_user.is_officer:
            agenda = AgendaForm(prefix="agenda")
        # The Executive's outcome is recorded by officers; a group's response also by its chair.
        may_answer = current_user.is_authenticated and (
            current_user.is_officer or (found.direction == Direction.FROM_EXECUTIVE
                                        and service.may_act_for_group(current_user,
                                                                       found.reference_group)))
        if may_answer and found.meeting_on is not None:
            outcome = OutcomeForm(prefix="outcome")
    return agenda, outcome


def _referral_page(found, agenda, outcome, status=200):
    return render_template("partnership/referral.html", referral=found, agenda=agenda,
                           outcome=outcome, service=service, title=found.title), status


@bp.post("/referrals/<int:referral_id>/agenda")
@access("officer")
def referral_agenda(referral_id: int):
    found = _referral(referral_id)
    agenda, outcome = _referral_forms(found)
    if agenda is None:
        abort(409)
    if not agenda.validate_on_submit():
        return _referral_page(found, agenda, outcome, 400)
    found.meeting_on = agenda.meeting_on.data
    db.session.commit()
    flash(_("The referral is on the agenda."), "success")
    return redirect(url_for("partnership_work.referral", referral_id=found.id))


@bp.post("/referrals/<int:referral_id>/outcome")
@access("organisation_member")
def referral_outcome(referral_id: int):
    found = _referral(referral_id)
    agenda, outcome = _referral_forms(found)
    if outcome is None:
        abort(403 if found.outcome_on is None else 409)
    if not outcome.validate_on_submit():
        return _referral_page(found, agenda, outcome, 400)
    service.record_outcome(found, outcome.outcome.data, outcome.outcome_on.data)
    db.session.commit()
    flash(_("The outcome is recorded."), "success")
    return redirect(url_for("partnership_work.referral", referral_id=found.id))


# --- projects ------------------------------------------------------------------------------
@bp.route("/projects/new", methods=["GET", "POST"])
@access("officer")
def new_project():
    form = ProjectForm(bodies(BodyKind.DELIVERY_GROUP, BodyKind.TASK_AND_FINISH))
    if form.validate_on_submit():
        project = Project(body_id=int(form.body_id.data), title=form.title.data,
                          aim=form.aim.data, objectives=form.objectives.data,
                          resources=form.resources.data, starts_on=form.starts_on.data,
                          ends_on=form.ends_on.data)
        db.session.add(project)
        db.session.commit()
        flash(_("The project plan is saved. Add its tasks, outputs and outcomes."), "success")
        return redirect(url_for("partnership_work.plan", project_id=project.id))
    return form_page(form, _("Start a project plan"))


def project_or_404(project_id: int) -> Project:
    return db.session.get(Project, project_id) or abort(404)


@bp.get("/projects/<int:project_id>/plan")
@access("officer")
def plan(project_id: int):
    return _plan_page(project_or_404(project_id))


def _plan_page(project, task=None, measure=None, status=200):
    organisations = db.session.scalars(db.select(Organisation).order_by(Organisation.name)).all()
    task = task or TaskForm(organisations, prefix="task")
    measure = measure or MeasureForm(offered_indicators(), prefix="measure")
    return render_template("partnership/plan.html", project=project, task=task,
                           measure=measure, title=_("Plan: %(title)s", title=project.title)
                           ), status


@bp.post("/projects/<int:project_id>/tasks")
@access("officer")
def add_task(project_id: int):
    project = project_or_404(project_id)
    organisations = db.session.scalars(db.select(Organisation).order_by(Organisation.name)).all()
    form = TaskForm(organisations, prefix="task")
    if not form.validate_on_submit():
        return _plan_page(project, task=form, status=400)
    db.session.add(ProjectTask(project_id=project.id, description=form.description.data,
                               lead_id=int(form.lead_id.data), partners=form.partners.data,
                               due_on=form.due_on.data))
    db.session.commit()
    flash(_("The task is added."), "success")
    return redirect(url_for("partnership_work.plan", project_id=project.id))


@bp.post("/projects/<int:project_id>/measures")
@access("officer")
def add_measure(project_id: int):
    project = project_or_404(project_id)
    form = MeasureForm(offered_indicators(), prefix="measure")
    if not form.validate_on_submit():
        return _plan_page(project, measure=form, status=400)
    code = form.indicator.data if "indicator" in form else ""
    db.session.add(ProjectMeasure(project_id=project.id, kind=MeasureKind(form.kind.data),
                                  description=form.description.data, indicator_code=code or ""))
    db.session.commit()
    flash(_("The output or outcome is added."), "success")
    return redirect(url_for("partnership_work.plan", project_id=project.id))


@bp.route("/projects/<int:project_id>/reports/new", methods=["GET", "POST"])
@access("organisation_member")
def new_report(project_id: int):
    project = project_or_404(project_id)
    if not may_report(current_user, project.body):
        abort(403)
    form = ReportForm()
    if form.validate_on_submit():
        db.session.add(ProgressReport(
            project_id=project.id, period_end=form.period_end.data, status=Rag(form.status.data),
            progress=form.progress.data, barriers=form.barriers.data or "",
            remedial_action=form.remedial_action.data or "", submitted_by_id=current_user.id))
        db.session.commit()
        flash(_("The progress report is saved."), "success")
        return redirect(url_for("partnership.project", project_id=project.id))
    return form_page(form, _("Progress report: %(title)s", title=project.title),
                      back=url_for("partnership.project", project_id=project.id))


