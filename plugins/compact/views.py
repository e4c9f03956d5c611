"""Lodging and following a Compact complaint; the case officers' queue."""

from __future__ import annotations

import csv
import io
import json

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.orm import selectinload

from plugins.compact import service
from plugins.compact.forms import MOVE_FORMS, OUTCOME_LABELS, AssignForm, ComplaintForm, MessageForm
from plugins.compact.models import (
    CaseEvent,
    CaseFile,
    CaseMessage,
    Commitment,
    Complaint,
    Stage,
)
from portal.api import (
    Organisation,
    Role,
    User,
    access,
    db,
    paginate,
    queue_email,
    send_stored_file,
    store_file,
)

bp = Blueprint("compact", __name__, url_prefix="/compact", template_folder="templates")


def _link(complaint: Complaint, language: str) -> str:
    base = current_app.config["BASE_URL"].rstrip("/")
    return base + url_for("compact.complaint", reference=complaint.reference, lang=language)


def _visible(reference: str) -> Complaint:
    """The complaint if this person may see it; 404 for everyone else (never 403)."""
    found = db.session.scalar(db.select(Complaint).where(Complaint.reference == reference))
    if found is None or not service.can_see(current_user, found):
        abort(404)
    return found


@bp.get("/complaints/")
@access("resident")
def complaints():
    query = service.visible(db.select(Complaint), current_user).options(
        selectinload(Complaint.organisation), selectinload(Complaint.concerns)).order_by(
        Complaint.lodged_at.desc())
    return render_template("compact/list.html", page=paginate(query), today=service.today(),
                           may_lodge=bool(service.lodging_organisations(current_user)),
                           title=_("Compact complaints"))


@bp.get("/queue")
@access("officer")
def queue():
    query = service.visible(db.select(Complaint), current_user).where(
        Complaint.stage != Stage.CLOSED).options(selectinload(Complaint.case_officer)).order_by(
        Complaint.due_on.is_(None), Complaint.due_on, Complaint.lodged_at)
    return render_template("compact/queue.html", page=paginate(query), today=service.today(),
                           title=_("Compact complaints: queue"))


@bp.route("/complaints/new", methods=["GET", "POST"])
@access("organisation_member")
def new():
    from plugins.compact.references import next_reference

    organisations = service.lodging_organisations(current_user)
    if not organisations:
        return render_template("compact/cannot_lodge.html",
                               title=_("Lodge a Compact complaint")), 403
    partners = db.session.scalars(db.select(Organisation).where(
        Organisation.id.not_in([o.id for o in organisations])).order_by(Organisation.name)).all()
    commitments = db.session.scalars(db.select(Commitment).where(Commitment.active)
                                     .order_by(Commitment.position)).all()
    form = ComplaintForm(organisations, partners, commitments)
    if form.validate_on_submit():
        moment = service.now()
        complaint = Complaint(
            reference=next_reference(moment.year), organisation_id=int(form.organisation.data),
            lodged_by_id=current_user.id, concerns_id=int(form.concerns.data),
            commitment_id=int(form.commitment.data), what_happened=form.what_happened.data,
            happened_on=form.happened_on.data, tried_already=form.tried_already.data or "",
            outcome_wanted=form.outcome_wanted.data, language=current_user.preferred_language,
            stage=Stage.RECEIVED, lodged_at=moment)
        from plugins.compact.working_days import due_date

        complaint.due_on = due_date("acknowledge", moment.date())
        db.session.add(complaint)
        db.session.flush()
        service.record(complaint, current_user, "lodged")
        _add_files(complaint, form.checked)
        queue_email(current_user.email, "compact_lodged", current_user.preferred_language,
                    complaint=complaint, person=current_user,
                    link=_link(complaint, current_user.preferred_language))
        db.session.commit()
        flash(_("Your complaint is lodged. Its reference is %(reference)s; we have emailed it "
                "to you.", reference=complaint.reference), "success")
        return redirect(url_for("compact.complaint", reference=complaint.reference))
    return render_template("compact/new.html", form=form,
                           title=_("Lodge a Compact complaint")), 400 if form.errors else 200


@bp.get("/complaints/<reference>")
@access("resident", hide=True)
def complaint(reference: str):
    found = _visible(reference)
    service.record(found, current_user, "viewed")
    db.session.commit()
    return _page(found)


def _page(found: Complaint, forms: dict | None = None, status: int = 200,
          message_form: MessageForm | None = None):
    moves = service.allowed_moves(current_user, found)
    forms = forms or {}
    for move in moves:
        forms.setdefault(move.name, MOVE_FORMS.get(move.name, FlaskForm)(formdata=None))
    handler = service.is_case_handler(current_user, found)
    events = db.session.scalars(db.select(CaseEvent).where(CaseEvent.complaint_id == found.id)
                                .options(selectinload(CaseEvent.actor))
                                .order_by(CaseEvent.id.desc()).limit(200)).all() \
        if handler else []
    officers = db.session.scalars(db.select(User).where(User.role.in_(
        [Role.OFFICER, Role.ADMINISTRATOR])).order_by(User.name)).all()
    assign = AssignForm(officers, formdata=None) if service.is_compact_admin(current_user) \
        else None
    if assign is not None and found.case_officer_id:
        assign.officer.data = str(found.case_officer_id)
    messages = db.select(CaseMessage).where(CaseMessage.complaint_id == found.id)
    lodged_files = db.select(CaseFile).where(CaseFile.complaint_id == found.id,
                                             CaseFile.message_id.is_(None))
    if not handler:
        messages = messages.where(CaseMessage.internal.is_(False))
    messages = db.session.scalars(messages.options(
        selectinload(CaseMessage.author), selectinload(CaseMessage.files))
        .order_by(CaseMessage.id)).all()
    lodged_files = db.session.scalars(lodged_files.order_by(CaseFile.id)).all()
    return render_template("compact/complaint.html", complaint=found, moves=moves, forms=forms,
                           events=events, handler=handler, assign=assign, messages=messages,
                           lodged_files=lodged_files,
                           message_form=message_form or MessageForm(formdata=None),
                           outcomes=OUTCOME_LABELS, today=service.today(),
                           title=_("Complaint %(reference)s", reference=found.reference)), status


@bp.post("/complaints/<reference>/moves/<name>")
@access("resident", hide=True)
def move(reference: str, name: str):
    found = _visible(reference)
    if name not in {m.name for m in service.allowed_moves(current_user, found)}:
        abort(404)
    form = MOVE_FORMS.get(name, FlaskForm)()
    if not form.validate_on_submit():
        if not form.errors.get("csrf_token") and form.errors:
            return _page(found, {name: form}, 400)
        abort(400)
    data = {k: v for k, v in form.data.items() if k != "csrf_token"}
    try:
        service.act(found, name, current_user,
                    link=_link(found, found.lodged_by.preferred_language
                               if found.lodged_by else "en"), **data)
    except service.NotAllowed:
        db.session.rollback()
        if name == "extend":
            form.due_on.errors.append(_("The new deadline must be later than the current one"))
            return _page(found, {name: form}, 400)
        abort(409)
    db.session.commit()
    flash(_("Saved. The complainant has been told."), "success")
    return redirect(url_for("compact.complaint", reference=found.reference))


@bp.post("/complaints/<reference>/messages")
@access("resident", hide=True)
def message(reference: str):
    """A message on the case; handlers may instead leave an internal note."""
    found = _visible(reference)
    form = MessageForm()
    if not form.validate_on_submit():
        if form.errors.get("csrf_token"):
            abort(400)
        return _page(found, message_form=form, status=400)
    handler = service.is_case_handler(current_user, found)
    internal = bool(form.internal.data) and handler
    sent = CaseMessage(complaint_id=found.id, author_id=current_user.id, text=form.text.data,
                       internal=internal, at=service.now())
    db.session.add(sent)
    db.session.flush()
    service.record(found, current_user, "note" if internal else "message")
    _add_files(found, form.checked, message=sent)
    if not internal:
        recipient = found.lodged_by if handler else found.case_officer
        if recipient is not None and recipient.id != current_user.id:
            queue_email(recipient.email, "compact_message", recipient.preferred_language,
                        complaint=found, person=recipient,
                        link=_link(found, recipient.preferred_language))
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for("compact.complaint", reference=found.reference) + "#messages")


@bp.post("/complaints/<reference>/assign")
@access("administrator", hide=True)
def assign(reference: str):
    found = _visible(reference)
    officers = db.session.scalars(db.select(User).where(User.role.in_(
        [Role.OFFICER, Role.ADMINISTRATOR]))).all()
    form = AssignForm(officers)
    if not form.validate_on_submit():
        abort(400)
    found.case_officer_id = int(form.officer.data)
    service.record(found, current_user, "assigned",
                   next(u.name for u in officers if u.id == found.case_officer_id))
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for("compact.complaint", reference=found.reference))




def _add_files(complaint: Complaint, checked, message: CaseMessage | None = None) -> None:
    """Keep the checked uploads on the case (and on the message they came with)."""
    for file, data in checked:
        db.session.add(CaseFile(
            complaint_id=complaint.id, message_id=message.id if message else None,
            uploaded_by_id=current_user.id, filename=file.safe_name,
            content_type=file.content_type, size=file.size,
            storage_key=store_file(data, file.content_type),  # deleted if the commit fails
            internal=bool(message and message.internal), at=service.now()))
        service.record(complaint, current_user, "file_added", file.safe_name)


@bp.get("/complaints/<reference>/files/<int:file_id>")
@access("resident", hide=True)
def case_file(reference: str, file_id: int):
    """A supporting file, for those who may see the case (internal ones for handlers only)."""
    found = _visible(reference)
    file = db.session.get(CaseFile, file_id)
    if file is None or file.complaint_id != found.id or (
            file.internal and not service.is_case_handler(current_user, found)):
        abort(404)
    service.record(found, current_user, "file_viewed", file.filename)
    db.session.commit()
    return send_stored_file(file.storage_key, file.filename, file.content_type, private=True)


@bp.get("/complaints/<reference>/case.json")
@access("resident", hide=True)
def export(reference: str):
    """The whole case as JSON, for the complainant's records or the officer's case file."""
    found = _visible(reference)
    handler = service.is_case_handler(current_user, found)
    service.record(found, current_user, "exported")
    db.session.commit()
    data = service.case_record(found, handler)
    return Response(json.dumps(data, ensure_ascii=False, indent=2),
                    mimetype="application/json", headers={
                        "Content-Disposition": f'attachment; filename="{found.reference}.json"',
                        "Cache-Control": "private, no-store"})


QUEUE_COLUMNS = ("reference", "stage", "due_on", "overdue", "lodged_on", "commitment",
                 "case_officer")


@bp.get("/queue.csv")
@access("officer")
def queue_csv():
    """The open cases this officer may see, as CSV; each listed case records the export."""
    found = db.session.scalars(service.visible(db.select(Complaint), current_user).where(
        Complaint.stage != Stage.CLOSED).options(
        selectinload(Complaint.case_officer), selectinload(Complaint.commitment)).order_by(
        Complaint.due_on.is_(None), Complaint.due_on, Complaint.lodged_at)).all()
    today = service.today()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(QUEUE_COLUMNS)
    for c in found:
        writer.writerow([c.reference, c.stage.value, c.due_on or "",
                         "yes" if c.due_on and c.due_on < today else "no",
                         c.lodged_at.date().isoformat(), c.commitment.code,
                         c.case_officer.name if c.case_officer else ""])
        service.record(c, current_user, "exported", "queue.csv")
    db.session.commit()
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="compact-queue.csv"',
        "Cache-Control": "private, no-store"})
