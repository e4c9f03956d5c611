"""Reading what the partnership publishes: listing, documents, files, feeds, sitemap."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import extract
from sqlalchemy.orm import selectinload

from portal import storage
from portal.access import access
from portal.audit import service as audit
from portal.audit.models import EventKind
from portal.bodies.models import Body
from portal.extensions import db
from portal.i18n import current_language, language
from portal.pagination import paginate
from portal.publishing import service
from portal.publishing.forms import ActionForm
from portal.publishing.models import Attachment, Document, DocumentKind, Version
from portal.publishing.render import render_markdown

bp = Blueprint("publishing", __name__)
root_bp = Blueprint("publishing_root", __name__)


def readable_document(slug: str) -> Document:
    """The document at ``slug`` if this reader may see it; 404 otherwise (never 403)."""
    document = db.session.scalar(db.select(Document).where(Document.slug == slug))
    if document is None or not service.can_read(current_user, document):
        abort(404)
    return document


@bp.get("/")
@access("anonymous")
def index():
    query = service.readable(db.select(Document), current_user)
    bodies = db.session.scalars(db.select(Body).order_by(Body.name)).all()
    chosen = {k: request.args.get(k, "") for k in ("body", "kind", "year", "language")}
    if chosen["body"]:
        body = next((b for b in bodies if b.slug == chosen["body"]), None)
        query = query.where(Document.body_id == (body.id if body else -1))
    if chosen["kind"] in {k.value for k in DocumentKind}:
        query = query.where(Document.kind == DocumentKind(chosen["kind"]))
    if chosen["year"].isdigit():
        query = query.where(extract("year", Document.document_date) == int(chosen["year"]))
    if chosen["language"] in current_app.config["LANGUAGES"]:
        query = query.where(Document.versions.any(Version.language == chosen["language"]))
    query = query.order_by(Document.document_date.desc(), Document.id.desc())
    page = paginate(query.options(selectinload(Document.versions)), per_page=20)
    years = sorted({y for (y,) in db.session.execute(
        service.readable(db.select(extract("year", Document.document_date)), current_user)
        .distinct())}, reverse=True)
    return render_template("publishing/index.html", page=page, bodies=bodies, years=years,
                           chosen=chosen, title=_("Publications"),
                           filtered={k: v for k, v in chosen.items() if v})


def _choose_version(document: Document, lang: str) -> tuple[Version, bool]:
    """The reader's language if there is a version in it, else English (fallback=True)."""
    version = document.version(lang)
    if version is not None:
        return version, False
    return document.source or document.versions[0], lang != document.source.language


@bp.get("/<slug>")
@access("anonymous")
def document(slug: str):
    doc = readable_document(slug)
    lang = current_language().code
    version, fallback = _choose_version(doc, lang)
    entitled = service.can_see_part2(current_user, doc)
    items = doc.agenda_items
    if entitled and (doc.part2 or any(i.part2 for i in items)):
        audit.record(EventKind.PART2_READ, doc.slug, commit=True)
    easy_read = doc.easy_read if doc.easy_read and doc.easy_read.is_published and \
        not doc.easy_read.part2 else None
    requested = f"{doc.id}:{lang}" in session.get("translation_requests", [])
    # The form (and its CSRF token, which makes the page one visitor's own) only
    # where it is offered: a page in its own language stays the same for everyone,
    # so the page cache can serve it.
    return render_template(
        "publishing/document.html", doc=doc, version=version, fallback=fallback,
        text=render_markdown(version.body), items=items,
        entitled=entitled, easy_read=easy_read, text_language=language(version.language),
        other_versions=[language(v.language) for v in doc.versions if v.language != lang],
        requested=requested,
        request_form=ActionForm() if fallback and not requested else None,
        title=version.title)


def _requester() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    # Anonymous readers are counted once per browser session.
    session.setdefault("reader", hashlib.sha256(str(datetime.now(UTC).timestamp()).encode()
                                                + current_app.secret_key.encode()).hexdigest())
    return f"session:{session['reader'][:40]}"


@bp.post("/<slug>/translation-requests")
@access("anonymous")
def request_translation(slug: str):
    doc = readable_document(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    lang = current_language().code
    if doc.version(lang) is not None:
        return redirect(url_for("publishing.document", slug=slug))
    service.request_translation(doc, lang, _requester())
    db.session.commit()
    session["translation_requests"] = session.get("translation_requests", [])[-50:] + [
        f"{doc.id}:{lang}"]
    flash(_("Thank you. We have recorded your request for this document in %(language)s.",
            language=current_language().name), "success")
    return redirect(url_for("publishing.document", slug=slug))


@bp.get("/<slug>/files/<int:attachment_id>")
@access("anonymous")
def attachment(slug: str, attachment_id: int):
    doc = readable_document(slug)
    file = db.session.get(Attachment, attachment_id)
    if file is None or file.document_id != doc.id or not file.is_published:
        abort(404)
    if doc.part2:
        audit.record(EventKind.PART2_READ, doc.slug, file.filename, commit=True)
    return storage.send(file.storage_key, file.filename, file.content_type)


@bp.get("/feeds/<body_slug>.atom")
@access("anonymous")
def feed(body_slug: str):
    body = db.session.scalar(db.select(Body).where(Body.slug == body_slug)) or abort(404)
    documents = db.session.scalars(
        service.readable(db.select(Document), current_user, include_part2=False)
        .where(Document.body_id == body.id)
        .order_by(Document.updated_at.desc()).limit(50)).all()
    lang = current_language().code
    entries = [(d, _choose_version(d, lang)[0]) for d in documents]
    updated = max((d.updated_at for d in documents), default=None)
    xml = render_template("publishing/feed.atom.xml", body=body, entries=entries,
                          updated=_rfc3339(updated), rfc3339=_rfc3339,
                          base=current_app.config["BASE_URL"].rstrip("/"))
    return Response(xml, mimetype="application/atom+xml")


def _rfc3339(moment: datetime | None) -> str:
    moment = moment or datetime(2000, 1, 1, tzinfo=UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@root_bp.get("/sitemap.xml")
@access("anonymous")
def sitemap():
    base = current_app.config["BASE_URL"].rstrip("/")
    languages = current_app.config["LANGUAGES"]
    documents = db.session.scalars(
        service.readable(db.select(Document), None, include_part2=False)
        .order_by(Document.id)).all()
    pages = [(url_for("core.home", lang=code), None) for code in languages]
    pages += [(url_for("publishing.index", lang=code), None) for code in languages]
    pages += [(url_for("publishing.document", lang=code, slug=d.slug), d.updated_at)
              for d in documents for code in languages]
    xml = render_template("publishing/sitemap.xml", pages=pages, base=base,
                          day=lambda m: (m or datetime.now(UTC)).date().isoformat())
    return Response(xml, mimetype="application/xml")



def publication_results(query: str, lang: str, limit: int) -> list:
    """Published documents matching ``query`` that the reader may see, for site search."""
    from portal.api import SearchResult
    from portal.labels import document_kind_label
    from portal.publishing.search import search_documents

    hits = search_documents(query, user=current_user, limit=limit, language=lang)
    documents = {d.id: d for d in db.session.scalars(
        db.select(Document).where(Document.id.in_({h.document_id for h in hits})))}
    return [SearchResult(title=h.title, summary=h.snippet,
                         url=url_for("publishing.document", slug=documents[h.document_id].slug),
                         kind=document_kind_label(documents[h.document_id].kind),
                         lang=h.language if h.language != lang else None)
            for h in hits if h.document_id in documents]
