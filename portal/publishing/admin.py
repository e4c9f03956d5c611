"""Officers write, translate, publish, restore and attach files to documents."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from portal import storage
from portal.access import access
from portal.bodies.models import Body
from portal.extensions import db
from portal.i18n import language, languages
from portal.pagination import paginate
from portal.publishing import service
from portal.publishing.files import UploadRejected, check_upload
from portal.publishing.forms import ActionForm, AttachmentForm, DocumentForm, TranslationForm
from portal.publishing.models import Attachment, Document, Revision

bp = Blueprint("publishing_admin", __name__)


def _document(document_id: int) -> Document:
    return db.session.get(Document, document_id) or abort(404)


def _document_form(document: Document | None, data: dict | None = None) -> DocumentForm:
    """The document form: from the request when posted, else filled from ``data``."""
    bodies = db.session.scalars(db.select(Body).order_by(Body.name)).all()
    others = db.session.scalars(
        db.select(Document).where(Document.id != (document.id if document else -1))
        .options(selectinload(Document.versions)).order_by(Document.slug)).all()
    if data is None:
        form = DocumentForm(bodies, others)
    else:
        form = DocumentForm(bodies, others, formdata=None)
        _fill(form, data)
    for _spare in range(3):  # room for new agenda items
        if len(form.agenda_items) < form.agenda_items.max_entries:
            form.agenda_items.append_entry()
    return form


def _fill(form: DocumentForm, data: dict) -> None:
    english = data["versions"].get("en", {})
    form.title.data, form.summary.data, form.text.data = (
        english.get("title"), english.get("summary"), english.get("body"))
    form.slug.data, form.kind.data = data["slug"], data["kind"]
    form.body_id.data = str(data["body_id"] or "")
    form.document_date.data = date.fromisoformat(data["document_date"])
    form.part2_paragraph.data = str(data["part2_paragraph"] or "")
    form.easy_read_of.data = str(data.get("easy_read_of_id") or "")
    for item in data.get("agenda_items", []):
        form.agenda_items.append_entry({"title": item["title"],
                                        "part2_paragraph": str(item["part2_paragraph"] or "")})


def _data(form: DocumentForm, previous: dict | None) -> dict:
    versions = dict(previous["versions"]) if previous else {}
    versions["en"] = {"title": form.title.data, "summary": form.summary.data or "",
                      "body": form.text.data or "", "review": "source"}
    return {
        "slug": form.slug.data, "kind": form.kind.data,
        "body_id": int(form.body_id.data) if form.body_id.data else None,
        "document_date": form.document_date.data.isoformat(),
        "part2_paragraph": int(form.part2_paragraph.data) if form.part2_paragraph.data else None,
        "easy_read_of_id": int(form.easy_read_of.data) if form.easy_read_of.data else None,
        "versions": versions,
        "agenda_items": [
            {"title": item.title.data, "part2_paragraph":
                int(item.part2_paragraph.data) if item.part2_paragraph.data else None}
            for item in form.agenda_items if item.title.data],
    }


def _slug_taken(slug: str, document_id: int | None) -> bool:
    found = db.session.scalar(db.select(Document.id).where(Document.slug == slug))
    return found is not None and found != document_id


@bp.get("/")
@access("officer")
def index():
    query = db.select(Document).options(selectinload(Document.versions)).order_by(
        Document.draft_at.is_(None), Document.draft_at.desc(), Document.document_date.desc())
    page = paginate(query, per_page=25)
    return render_template("publishing/admin_index.html", page=page, title=_("Publications"))


@bp.route("/new", methods=["GET", "POST"])
@access("officer")
def new():
    form = _document_form(None)
    if form.validate_on_submit():
        if _slug_taken(form.slug.data, None):
            form.slug.errors.append(_("Another document already uses this web address name"))
        else:
            document = service.new_document(current_user, _data(form, None))
            db.session.commit()
            flash(_("Draft saved. Another officer needs to publish it."), "success")
            return redirect(url_for("publishing_admin.edit", document_id=document.id))
    return render_template("publishing/admin_edit.html", form=form, doc=None,
                           title=_("New publication")), 400 if form.errors else 200


@bp.route("/<int:document_id>", methods=["GET", "POST"])
@access("officer")
def edit(document_id: int):
    document = _document(document_id)
    if request.method == "GET":
        return _edit_page(document, _document_form(document, service.working_copy(document)))
    form = _document_form(document)
    if form.validate_on_submit():
        if _slug_taken(form.slug.data, document.id):
            form.slug.errors.append(_("Another document already uses this web address name"))
        else:
            try:
                service.save_draft(document, current_user,
                                   _data(form, service.working_copy(document)))
            except service.NotAllowed:
                form.slug.errors.append(_("A published document's web address cannot change"))
            else:
                db.session.commit()
                flash(_("Draft saved. Another officer needs to publish it."), "success")
                return redirect(url_for("publishing_admin.edit", document_id=document.id))
    return _edit_page(document, form)


def _edit_page(document: Document, form: DocumentForm, upload: AttachmentForm | None = None):
    copy = service.working_copy(document)
    status = 400 if (form.errors or (upload and upload.errors)) else 200
    return render_template(
        "publishing/admin_edit.html", form=form, doc=document, copy=copy,
        translation_languages=[lang for lang in languages() if lang.code != "en"],
        may_publish=service.may_publish(current_user, document),
        upload=upload or AttachmentForm(formdata=None), action=ActionForm(),
        title=copy["versions"].get("en", {}).get("title") or document.slug), status


@bp.route("/<int:document_id>/translations/<code>", methods=["GET", "POST"])
@access("officer")
def translation(document_id: int, code: str):
    document = _document(document_id)
    if code == "en" or code not in [lang.code for lang in languages()]:
        abort(404)
    copy = service.working_copy(document)
    existing = copy["versions"].get(code)
    form = TranslationForm(formdata=request.form if request.method == "POST" else None)
    if request.method == "GET" and existing:
        form.title.data, form.summary.data, form.text.data, form.review.data = (
            existing["title"], existing["summary"], existing["body"], existing["review"])
    if request.method == "POST" and form.validate():
        data = dict(copy, versions=dict(copy["versions"]))
        data["versions"][code] = {"title": form.title.data, "summary": form.summary.data or "",
                                  "body": form.text.data or "", "review": form.review.data}
        service.save_draft(document, current_user, data)
        db.session.commit()
        flash(_("Translation saved as a draft. Another officer needs to publish it."), "success")
        return redirect(url_for("publishing_admin.edit", document_id=document.id))
    source = copy["versions"].get("en", {})
    return render_template("publishing/admin_translation.html", form=form, doc=document,
                           source=source, target=language(code),
                           title=_("Translation into %(language)s", language=language(code).name)
                           ), 400 if form.errors else 200


@bp.post("/<int:document_id>/publish")
@access("officer")
def publish(document_id: int):
    document = _document(document_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        revision = service.publish(document, current_user)
    except service.NotAllowed:
        flash(_("Another officer must publish your own changes."), "error")
        page, _status = _edit_page(document, _blank_form(document))
        return page, 403
    db.session.commit()
    flash(_("Published as revision %(number)s.", number=revision.number), "success")
    return redirect(url_for("publishing_admin.edit", document_id=document.id))


def _blank_form(document: Document) -> DocumentForm:
    return _document_form(document, service.working_copy(document))


@bp.post("/<int:document_id>/withdraw")
@access("officer")
def withdraw(document_id: int):
    document = _document(document_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    service.withdraw(document)
    db.session.commit()
    flash(_("The document is withdrawn: readers can no longer see it."), "success")
    return redirect(url_for("publishing_admin.edit", document_id=document.id))


@bp.get("/<int:document_id>/revisions")
@access("officer")
def revisions(document_id: int):
    document = _document(document_id)
    rows = db.session.scalars(
        db.select(Revision).where(Revision.document_id == document.id)
        .options(selectinload(Revision.edited_by), selectinload(Revision.published_by))
        .order_by(Revision.number.desc())).all()
    return render_template("publishing/admin_revisions.html", doc=document, revisions=rows,
                           action=ActionForm(), title=_("Revisions"))


@bp.get("/<int:document_id>/revisions/<int:number>")
@access("officer")
def revision(document_id: int, number: int):
    document = _document(document_id)
    found = db.session.scalar(db.select(Revision).where(
        Revision.document_id == document.id, Revision.number == number)) or abort(404)
    return render_template("publishing/admin_revision.html", doc=document, revision=found,
                           action=ActionForm(),
                           title=_("Revision %(number)s", number=found.number))


@bp.post("/<int:document_id>/revisions/<int:number>/restore")
@access("officer")
def restore(document_id: int, number: int):
    document = _document(document_id)
    found = db.session.scalar(db.select(Revision).where(
        Revision.document_id == document.id, Revision.number == number)) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    service.restore(document, found, current_user)
    db.session.commit()
    flash(_("Revision %(number)s is now the draft. Another officer needs to publish it.",
            number=number), "success")
    return redirect(url_for("publishing_admin.edit", document_id=document.id))


@bp.post("/<int:document_id>/attachments")
@access("officer")
def upload(document_id: int):
    document = _document(document_id)
    form = AttachmentForm()
    if form.validate_on_submit():
        data = form.file.data.read()
        try:
            checked = check_upload(form.file.data.filename or "", data)
        except UploadRejected as exc:
            form.file.errors.append(str(exc.reason))
        else:
            key = storage.store(data, checked.content_type)  # deleted if the commit fails
            db.session.add(Attachment(document=document, filename=checked.safe_name,
                                      content_type=checked.content_type, size=checked.size,
                                      storage_key=key))
            # A new file is a change like any other: a second officer publishes it.
            service.save_draft(document, current_user, service.working_copy(document))
            db.session.commit()
            flash(_("%(name)s is attached. Another officer needs to publish it.",
                    name=checked.safe_name), "success")
            return redirect(url_for("publishing_admin.edit", document_id=document.id))
    return _edit_page(document, _blank_form(document), upload=form)


@bp.post("/<int:document_id>/attachments/<int:attachment_id>/delete")
@access("officer")
def delete_attachment(document_id: int, attachment_id: int):
    document = _document(document_id)
    found = db.session.get(Attachment, attachment_id)
    if found is None or found.document_id != document.id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    db.session.delete(found)
    db.session.commit()
    flash(_("Removed."), "success")
    return redirect(url_for("publishing_admin.edit", document_id=document.id))


@bp.get("/translation-requests")
@access("officer")
def translation_requests():
    rows = db.session.execute(service.translation_queue().limit(200)).all()
    documents = {d.id: d for d in db.session.scalars(
        db.select(Document).where(Document.id.in_({r.document_id for r in rows}))
        .options(selectinload(Document.versions)))}
    queue = [(documents[r.document_id], language(r.language), r.requests) for r in rows]
    return render_template("publishing/admin_requests.html", queue=queue,
                           title=_("Translation requests"))
