"""The accessibility statement and the help queue officers work through."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from portal.access import access
from portal.extensions import db
from portal.forms import keeps_answers
from portal.help.forms import (
    FORMAT_LABELS,
    DoneForm,
    FormatRequestForm,
    ProblemReportForm,
    portal_path,
)
from portal.help.models import Format, HelpRequest, RequestKind
from portal.i18n import current_language
from portal.mail import queue_email
from portal.pagination import paginate
from portal.ratelimit import too_many
from portal.timeutil import utcnow

bp = Blueprint("help", __name__)


def reviewed_on() -> date:
    """When the accessibility statement was last reviewed (``PORTAL_ACCESSIBILITY_REVIEWED``)."""
    return date.fromisoformat(str(current_app.config["ACCESSIBILITY_REVIEWED"]))


@bp.get("/accessibility")
@access("anonymous")
def statement():
    return render_template("help/accessibility.html", reviewed=reviewed_on(),
                           title=_("Accessibility statement"))


def _save(kind: RequestKind, form) -> HelpRequest:
    found = HelpRequest(kind=kind, language=current_language().code,
                        user_id=current_user.id if current_user.is_authenticated else None,
                        page=form.page.data or "", details=form.details.data or "",
                        name=form.name.data or "", email=form.email.data or "")
    if kind == RequestKind.FORMAT:
        found.format = Format(form.format.data)
        if found.format == Format.LANGUAGE:
            found.language_wanted = form.language_wanted.data
    db.session.add(found)
    db.session.flush()
    if found.email:
        queue_email(found.email, "help_received", found.language, help_request=found)
    db.session.commit()
    return found


def _prefill(form) -> None:
    if current_user.is_authenticated and not form.is_submitted():
        form.name.data = form.name.data or current_user.name
        form.email.data = form.email.data or current_user.email


def _over_limit(form) -> bool:
    """Refuse a burst from one address (the form shows why, with a 429)."""
    limit = int(current_app.config["HELP_REQUESTS_PER_HOUR"])
    if not too_many("help-request", request.remote_addr or "unknown", limit=limit,
                    per_seconds=3600):
        return False
    form.form_errors.append(_("You have sent a lot of requests in the last hour. Wait a while "
                              "and try again, or telephone or write to the partnership."))
    return True


def _status(form) -> int:
    if form.form_errors:
        return 429
    return 400 if form.errors else 200


@bp.route("/accessibility/report-a-problem", methods=["GET", "POST"])
@access("anonymous")
@keeps_answers
def report_problem():
    form = ProblemReportForm()
    if not form.is_submitted():
        form.page.data = request.args.get("page", "")[:500]
    _prefill(form)
    if form.validate_on_submit() and not _over_limit(form):
        _save(RequestKind.PROBLEM, form)
        flash(_("Thank you. Your report has reached the partnership's officers."), "success")
        return redirect(url_for("help.statement"))
    return render_template("help/report_problem.html", form=form,
                           title=_("Report an accessibility problem")), _status(form)


@bp.route("/help/another-format", methods=["GET", "POST"])
@access("anonymous")
@keeps_answers
def another_format():
    form = FormatRequestForm()
    if not form.is_submitted():
        form.page.data = portal_path(request.args.get("page", ""))
    _prefill(form)
    if form.validate_on_submit() and not _over_limit(form):
        found = _save(RequestKind.FORMAT, form)
        flash(_("Thank you. We will contact you about the format you need."), "success")
        return redirect(found.page or url_for("core.home"))
    return render_template("help/another_format.html", form=form,
                           title=_("Ask for this page in another format")), _status(form)


def _queue_page(query, state: str, forms: dict | None = None, status: int = 200):
    page = paginate(query)
    forms = forms or {}
    for item in page.items:
        forms.setdefault(item.id, DoneForm(formdata=None, prefix=f"r{item.id}"))
    return render_template("help/queue.html", page=page, state=state, formats=FORMAT_LABELS,
                           forms=forms, title=_("Requests for help")), status


@bp.get("/admin/help-requests")
@access("officer")
def queue():
    state = request.args.get("state", "open")
    if state not in ("open", "done"):
        abort(404)
    query = db.select(HelpRequest).where(
        HelpRequest.done_at.is_(None) if state == "open" else HelpRequest.done_at.is_not(None))
    query = query.order_by(HelpRequest.created_at if state == "open"
                           else HelpRequest.done_at.desc())
    return _queue_page(query.options(selectinload(HelpRequest.done_by)), state)


@bp.post("/admin/help-requests/<int:request_id>/done")
@access("officer")
def done(request_id: int):
    found = db.session.get(HelpRequest, request_id)
    if found is None:
        abort(404)
    if found.done_at is not None:
        abort(409)
    form = DoneForm(prefix=f"r{found.id}")
    if not form.validate_on_submit():
        if form.errors.get("csrf_token"):
            abort(400)
        return _queue_page(db.select(HelpRequest).where(HelpRequest.id == found.id), "open",
                           {found.id: form}, 400)
    found.done_at, found.done_by_id, found.reply = utcnow(), current_user.id, form.reply.data
    if found.email:
        queue_email(found.email, "help_done", found.language, help_request=found)
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for("help.queue"))
