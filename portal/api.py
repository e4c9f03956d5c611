"""The core's public API for plugins.

Plugins import from here (and from ``portal.hookspecs``), never from the
core's internal modules, so the core can change its insides freely.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.access import access, allows
from portal.audit.models import EventKind as SecurityEventKind
from portal.audit.service import record as record_security_event
from portal.bodies.models import Body, BodyKind, Membership, MembershipRole, Sector
from portal.bodies.service import current_members, is_member
from portal.extensions import db, enum_column
from portal.forms import DateField, IntegerField, TimeField, keeps_answers, offered, strip
from portal.hookspecs import hookimpl
from portal.i18n import current_language
from portal.i18n import language as _language
from portal.identity.models import Organisation, Role, User
from portal.mail import queue_email, render_email
from portal.pagination import paginate
from portal.publishing.files import CheckedFile, UploadRejected, check_upload, download
from portal.publishing.models import Document
from portal.publishing.service import can_read as can_read_document
from portal.ratelimit import too_many
from portal.storage import MissingFile, StorageKey, files_from_storage, files_to_storage
from portal.storage import backend as file_storage
from portal.storage import discard as discard_stored_file
from portal.storage import open_file as open_stored_file
from portal.storage import send as send_stored_file
from portal.storage import store as store_file
from portal.timeutil import as_utc, utcnow


def readable_document(slug: str, user) -> Document | None:
    """A published document ``user`` may read (Part 2 rules applied), or None."""
    found = db.session.scalar(db.select(Document).where(Document.slug == slug))
    return found if found is not None and can_read_document(user, found) else None


def published_documents(slugs) -> dict[str, Document]:
    """Published, public (Part 1) documents by slug, with their versions, in one query.

    Plugins keep translatable texts (names, explanations) as publishing
    documents: each language's version holds that language's text.
    """
    from sqlalchemy.orm import selectinload

    from portal.publishing.models import Status

    wanted = {s for s in slugs if s}
    if not wanted:
        return {}
    found = db.session.scalars(
        db.select(Document).where(Document.slug.in_(wanted), Document.status == Status.PUBLISHED,
                                  Document.part2_paragraph.is_(None))
        .options(selectinload(Document.versions)))
    return {d.slug: d for d in found}


def publish_document(data: dict, author: User, publisher: User) -> Document:
    """Create a document from ``data`` (see publishing.service.snapshot) and publish it.

    For demo content and imports; ``publisher`` must differ from ``author``
    unless an administrator. The caller commits.
    """
    from portal.publishing import service

    document = service.new_document(author, data)
    db.session.flush()
    service.publish(document, publisher)
    return document


def language(code: str):
    """A language by its code: ``name`` (in itself), ``english_name``, ``direction``, ``rtl``.

    For text people write in a language other than the page's: mark it up with
    ``lang`` and ``dir`` so it is read and laid out the right way.
    """
    return _language(code)


def document_exists(slug: str) -> bool:
    return db.session.scalar(db.select(Document.id).where(Document.slug == slug)) is not None


def body_documents(body: Body, user, limit: int = 20) -> list[Document]:
    """A body's published agendas, minutes and reports ``user`` may read, newest first.

    Part 2 papers are included only for officers and the body's members, as on
    the publications pages. Show them with the ``latest_documents`` macro of
    ``publishing/_latest.html``, as the bodies pages do.
    """
    from sqlalchemy.orm import selectinload

    from portal.publishing.service import readable

    return list(db.session.scalars(
        readable(db.select(Document), user).where(Document.body_id == body.id)
        .options(selectinload(Document.versions))
        .order_by(Document.document_date.desc(), Document.id.desc()).limit(limit)))


def free_body_slug(name: str) -> str:
    """A body slug made from ``name`` that no body uses yet (``-2``, ``-3``… added if needed)."""
    import re
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:100] or "group"
    taken = set(db.session.scalars(db.select(Body.slug).where(
        (Body.slug == base) | Body.slug.like(f"{base}-%"))))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def create_body(name: str, kind: BodyKind, *, parent: Body | None = None, purpose: str = "",
                meets: str = "") -> Body:
    """Add a new partnership body with a free slug (e.g. a group Harrow Chief Executives
    endorsed). The caller commits."""
    body = Body(slug=free_body_slug(name), name=name, kind=kind,
                parent_id=parent.id if parent else None, purpose=purpose, meets=meets)
    db.session.add(body)
    db.session.flush()
    return body


@dataclass(frozen=True)
class IndicatorInfo:
    """A performance indicator a plugin offers to others (see ``portal_indicators``)."""

    code: str
    title: str
    at_risk: bool = False  # in danger of missing its (stretch) target
    url: str | None = None


def offered_indicators(lang: str | None = None) -> list[IndicatorInfo]:
    """Every indicator the enabled plugins offer, sorted by code; empty when none does."""
    from portal.plugins import host

    found: dict[str, IndicatorInfo] = {}
    for item in host().call_flat("portal_indicators", lang=lang or current_language().code):
        found.setdefault(item.code, item)
    return [found[code] for code in sorted(found)]


@dataclass(frozen=True)
class NavItem:
    """A link in the navigation or on the admin index."""

    label: str
    url: str
    order: int = 100
    access: str = "anonymous"


@dataclass(frozen=True)
class SearchResult:
    title: str
    url: str
    summary: str = ""
    kind: str = ""  # e.g. "Topic", "Report": shown beside the title
    lang: str | None = None  # the language the result is written in, if not the page's


@dataclass(frozen=True)
class DashboardCard:
    title: str
    body: str
    url: str | None = None
    link_text: str | None = None


__all__ = [
    "Body", "BodyKind", "DashboardCard", "Membership", "MembershipRole", "NavItem",
    "Organisation", "Role", "SearchResult", "Sector", "User", "access", "allows",
    "current_language", "current_members", "db", "document_exists", "hookimpl", "is_member",
    "language", "paginate", "publish_document", "published_documents", "queue_email",
    "readable_document", "render_email",
    # for plugins working with bodies and each other's indicators
    "IndicatorInfo", "body_documents", "create_body", "free_body_slug", "offered_indicators",
    # for plugins' models and forms
    "DateField", "IntegerField", "TimeField", "as_utc", "enum_column", "keeps_answers",
    "offered", "strip", "utcnow",
    # for files people upload (checked by their content, with a safe download name)
    "CheckedFile", "UploadRejected", "check_upload", "download",
    # where those files are kept: a StorageKey column holds what store_file returns
    "MissingFile", "StorageKey", "discard_stored_file", "file_storage", "open_stored_file",
    "send_stored_file", "store_file",
    # for a migration moving a table's files between a data column and storage
    "files_from_storage", "files_to_storage",
    # the administrators' security log (e.g. a confidential record opened)
    "SecurityEventKind", "record_security_event",
    # counting a burst of requests, shared by every process when Redis is configured
    "too_many",
]
