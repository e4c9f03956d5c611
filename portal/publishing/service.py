"""Publishing rules: who may read what, drafts, two-person publishing, revisions.

The document's rows are what readers see. An officer's change is kept as a
*draft* snapshot on the document; another officer (or an administrator)
publishes it, which applies the snapshot, records a :class:`Revision` and
refreshes the search index in the same transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import or_

from portal.bodies.models import Membership
from portal.extensions import db
from portal.publishing.models import (
    AgendaItem,
    Document,
    DocumentKind,
    ReviewState,
    Revision,
    Status,
    TranslationRequest,
    Version,
)
from portal.timeutil import utcnow

SOURCE_LANGUAGE = "en"


class NotAllowed(Exception):
    """The workflow forbids this (e.g. publishing your own edit)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code



# --- who may read -------------------------------------------------------------
def member_body_ids(user, on: date | None = None) -> set[int]:
    """Bodies the user sits on today (one query)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    day = on or date.today()
    rows = db.session.scalars(
        db.select(Membership.body_id).where(
            Membership.user_id == user.id, Membership.started_on <= day,
            or_(Membership.ended_on.is_(None), Membership.ended_on >= day)))
    return set(rows)


def readable(query, user, *, include_part2: bool = True):
    """Limit a ``select(Document)`` to what ``user`` may read.

    Readers see published documents; Part 2 ones only officers and members of
    the body concerned. With ``include_part2=False`` (feeds, sitemap) nobody
    sees Part 2.
    """
    query = query.where(Document.status == Status.PUBLISHED)
    if not include_part2:
        return query.where(Document.part2_paragraph.is_(None))
    if getattr(user, "is_officer", False):
        return query
    bodies = member_body_ids(user)
    if bodies:
        return query.where(or_(Document.part2_paragraph.is_(None), Document.body_id.in_(bodies)))
    return query.where(Document.part2_paragraph.is_(None))


def can_read(user, document: Document) -> bool:
    """Readers (officers too) see published documents; drafts are edited in the admin."""
    if document.status != Status.PUBLISHED:
        return False
    return can_see_part2(user, document) if document.part2 else True


def can_see_part2(user, document: Document) -> bool:
    if getattr(user, "is_officer", False):
        return True
    return document.body_id is not None and document.body_id in member_body_ids(user)


# --- snapshots --------------------------------------------------------------------
def snapshot(document: Document) -> dict[str, Any]:
    """The document as readers see it now, as plain data."""
    return {
        "slug": document.slug,
        "kind": document.kind.value,
        "body_id": document.body_id,
        "document_date": document.document_date.isoformat(),
        "part2_paragraph": document.part2_paragraph,
        "easy_read_of_id": document.easy_read_of_id,
        "versions": {
            v.language: {"title": v.title, "summary": v.summary, "body": v.body,
                         "review": v.review.value}
            for v in sorted(document.versions, key=lambda v: v.language)
        },
        "agenda_items": [{"title": i.title, "part2_paragraph": i.part2_paragraph}
                         for i in document.agenda_items],
    }


def working_copy(document: Document) -> dict[str, Any]:
    """What an officer edits: the waiting draft, else the live document."""
    return document.draft or snapshot(document)


def _apply(document: Document, data: dict[str, Any]) -> None:
    document.slug = data["slug"]
    document.kind = DocumentKind(data["kind"])
    document.body_id = data["body_id"]
    document.document_date = date.fromisoformat(data["document_date"])
    document.part2_paragraph = data["part2_paragraph"]
    document.easy_read_of_id = data.get("easy_read_of_id")
    existing = {v.language: v for v in document.versions}
    for language, text in data["versions"].items():
        version = existing.pop(language, None)
        if version is None:
            version = Version(language=language)
            document.versions.append(version)
        if (version.title, version.summary, version.body) != (text["title"], text["summary"],
                                                              text["body"]):
            version.updated_at = utcnow()
        version.title, version.summary, version.body = text["title"], text["summary"], \
            text["body"]
        version.review = ReviewState(text["review"])
    for gone in existing.values():
        document.versions.remove(gone)
    document.agenda_items[:] = [
        AgendaItem(position=n, title=item["title"], part2_paragraph=item["part2_paragraph"])
        for n, item in enumerate(data.get("agenda_items", []), start=1)]


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    """Names of what changed, e.g. ``["title (gu)", "part2_paragraph"]``."""
    if before is None:
        return ["created"]
    changes = [k for k in ("slug", "kind", "body_id", "document_date", "part2_paragraph",
                           "easy_read_of_id", "agenda_items") if before.get(k) != after.get(k)]
    languages = sorted(set(before["versions"]) | set(after["versions"]))
    for lang in languages:
        old, new = before["versions"].get(lang), after["versions"].get(lang)
        if old is None:
            changes.append(f"added ({lang})")
        elif new is None:
            changes.append(f"removed ({lang})")
        else:
            changes += [f"{field} ({lang})" for field in ("title", "summary", "body", "review")
                        if old[field] != new[field]]
    return changes


# --- workflow ---------------------------------------------------------------------
def new_document(author, data: dict[str, Any]) -> Document:
    """A new, unpublished document holding ``data`` as its draft."""
    document = Document(slug=data["slug"], kind=DocumentKind(data["kind"]),
                        document_date=date.fromisoformat(data["document_date"]),
                        status=Status.DRAFT, created_by_id=author.id)
    db.session.add(document)
    save_draft(document, author, data)
    return document


def save_draft(document: Document, editor, data: dict[str, Any]) -> None:
    if document.published_at is not None and data["slug"] != document.slug:
        raise NotAllowed("slug-fixed")  # published addresses never change
    document.draft = data
    document.draft_by_id = editor.id
    document.draft_at = utcnow()


def may_publish(user, document: Document) -> bool:
    """A second officer publishes; an administrator may publish anything."""
    if document.draft is None or not getattr(user, "is_officer", False):
        return False
    return user.is_administrator or document.draft_by_id != user.id


def publish(document: Document, publisher) -> Revision:
    if not may_publish(publisher, document):
        raise NotAllowed("second-officer")
    from portal.publishing.search import index_document

    previous = latest_revision(document)
    data = document.draft
    _apply(document, data)
    now = utcnow()
    revision = Revision(document_id=document.id, number=(previous.number + 1) if previous else 1,
                        edited_by_id=document.draft_by_id, published_by_id=publisher.id,
                        changes=changed_fields(previous.snapshot if previous else None, data),
                        snapshot=data, created_at=now)
    for attachment in document.attachments:
        if attachment.published_at is None:
            attachment.published_at = now
            revision.changes = [*revision.changes, f"file added ({attachment.filename})"]
    db.session.add(revision)
    document.status = Status.PUBLISHED
    document.published_at = document.published_at or now
    document.updated_at = now
    document.draft = document.draft_by_id = document.draft_at = None
    db.session.flush()
    index_document(document)
    return revision


def withdraw(document: Document) -> None:
    from portal.publishing.search import index_document

    document.status = Status.WITHDRAWN
    index_document(document)


def restore(document: Document, revision: Revision, editor) -> None:
    """Make an earlier revision the waiting draft (published by a second officer)."""
    data = dict(revision.snapshot)
    data["slug"] = document.slug
    save_draft(document, editor, data)


def latest_revision(document: Document) -> Revision | None:
    return db.session.scalar(db.select(Revision).where(Revision.document_id == document.id)
                             .order_by(Revision.number.desc()).limit(1))


# --- translations -----------------------------------------------------------------
def request_translation(document: Document, language: str, requester: str) -> bool:
    """Count one reader's request; False if they had already asked."""
    exists = db.session.scalar(db.select(TranslationRequest.id).where(
        TranslationRequest.document_id == document.id, TranslationRequest.language == language,
        TranslationRequest.requester == requester))
    if exists:
        return False
    db.session.add(TranslationRequest(document=document, language=language, requester=requester))
    return True


def translation_queue():
    """(document, language, number of requests) for missing translations, most wanted first."""
    count = db.func.count(TranslationRequest.id).label("requests")
    query = (db.select(TranslationRequest.document_id, TranslationRequest.language, count)
             .join(Document, Document.id == TranslationRequest.document_id)
             .outerjoin(Version, (Version.document_id == TranslationRequest.document_id)
                        & (Version.language == TranslationRequest.language))
             .where(Version.id.is_(None), Document.status == Status.PUBLISHED)
             .group_by(TranslationRequest.document_id, TranslationRequest.language)
             .order_by(count.desc(), TranslationRequest.document_id))
    return query
