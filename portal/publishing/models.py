"""Documents the partnership publishes: pages, reports, agendas and minutes.

A :class:`Document` holds what is the same in every language (slug, type,
body, date, Part 2 status); each language's text is a :class:`Version`.
English is the source version every document has. Publishing a change
snapshots the document into a :class:`Revision`.
"""

from __future__ import annotations

import enum
from datetime import date

from portal.extensions import db, enum_column
from portal.storage import StorageKey
from portal.timeutil import utcnow


class DocumentKind(enum.StrEnum):
    PAGE = "page"
    REPORT = "report"
    AGENDA = "agenda"
    MINUTES = "minutes"


class Status(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class ReviewState(enum.StrEnum):
    SOURCE = "source"  # the English original
    HUMAN_REVIEWED = "human_reviewed"
    DRAFT_TRANSLATION = "draft_translation"


# Schedule 12A to the Local Government Act 1972, Part 1: the descriptions of
# exempt information that justify taking an item in Part 2 (private).
SCHEDULE_12A = (1, 2, 3, 4, 5, 6, 7)


class Document(db.Model):
    __tablename__ = "document"

    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(160), nullable=False, unique=True)
    kind = enum_column(DocumentKind, 20, nullable=False)
    body_id = db.Column(db.ForeignKey("body.id", ondelete="SET NULL"), index=True)
    document_date = db.Column(db.Date, nullable=False, default=date.today)
    status = enum_column(Status, 20, nullable=False, default=Status.DRAFT, index=True)
    # Part 2 (confidential): the Schedule 12A paragraph that justifies it.
    part2_paragraph = db.Column(db.Integer)
    # The standard document this one is the easy-read version of.
    easy_read_of_id = db.Column(db.ForeignKey("document.id", ondelete="SET NULL"), unique=True)

    created_by_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)
    published_at = db.Column(db.DateTime(timezone=True), index=True)  # first publication
    updated_at = db.Column(db.DateTime(timezone=True))  # latest publication
    # The rows above and the versions are what readers see. An officer's edit
    # waits here, as a snapshot, until a second officer publishes it.
    draft = db.Column(db.JSON)
    draft_by_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"))
    draft_at = db.Column(db.DateTime(timezone=True))

    body = db.relationship("Body", lazy="joined")
    versions = db.relationship("Version", back_populates="document",
                               cascade="all, delete-orphan", lazy="selectin")
    agenda_items = db.relationship("AgendaItem", back_populates="document",
                                   cascade="all, delete-orphan", order_by="AgendaItem.position")
    attachments = db.relationship("Attachment", back_populates="document",
                                  cascade="all, delete-orphan", order_by="Attachment.id")
    easy_read_of = db.relationship("Document", remote_side=[id],
                                   backref=db.backref("easy_read", uselist=False))
    draft_by = db.relationship("User", foreign_keys=[draft_by_id])

    @property
    def part2(self) -> bool:
        return self.part2_paragraph is not None

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def version(self, language: str) -> Version | None:
        return next((v for v in self.versions if v.language == language), None)

    @property
    def source(self) -> Version | None:
        return self.version("en")

    @property
    def published_attachments(self) -> list[Attachment]:
        return [a for a in self.attachments if a.is_published]

    def __repr__(self) -> str:
        return f"<Document {self.slug}>"


class Version(db.Model):
    """The document's text in one language."""

    __tablename__ = "document_version"
    __table_args__ = (db.UniqueConstraint("document_id", "language"),)

    id = db.Column(db.Integer, primary_key=True)
    document_id = db.Column(db.ForeignKey("document.id", ondelete="CASCADE"), nullable=False)
    language = db.Column(db.String(12), nullable=False)
    title = db.Column(db.String(300), nullable=False)
    summary = db.Column(db.Text, nullable=False, default="")
    body = db.Column(db.Text, nullable=False, default="")  # Markdown, sanitised on render
    review = enum_column(ReviewState, 20, nullable=False, default=ReviewState.SOURCE)
    updated_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)

    document = db.relationship("Document", back_populates="versions")


class AgendaItem(db.Model):
    __tablename__ = "agenda_item"

    id = db.Column(db.Integer, primary_key=True)
    document_id = db.Column(db.ForeignKey("document.id", ondelete="CASCADE"), nullable=False,
                            index=True)
    position = db.Column(db.Integer, nullable=False)
    title = db.Column(db.String(300), nullable=False)
    part2_paragraph = db.Column(db.Integer)

    document = db.relationship("Document", back_populates="agenda_items")

    @property
    def part2(self) -> bool:
        return self.part2_paragraph is not None


class Attachment(db.Model):
    __tablename__ = "attachment"

    id = db.Column(db.Integer, primary_key=True)
    document_id = db.Column(db.ForeignKey("document.id", ondelete="CASCADE"), nullable=False,
                            index=True)
    filename = db.Column(db.String(200), nullable=False)  # safe download name
    content_type = db.Column(db.String(120), nullable=False)
    size = db.Column(db.Integer, nullable=False)
    storage_key = db.Column(StorageKey, nullable=False)  # the file itself: see portal.storage
    uploaded_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)
    # Set when a second officer publishes the document with this file; until
    # then readers cannot see or download it.
    published_at = db.Column(db.DateTime(timezone=True))

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    document = db.relationship("Document", back_populates="attachments")


class Revision(db.Model):
    """A published state of a document, kept so it can be viewed and restored."""

    __tablename__ = "document_revision"
    __table_args__ = (db.UniqueConstraint("document_id", "number"),)

    id = db.Column(db.Integer, primary_key=True)
    document_id = db.Column(db.ForeignKey("document.id", ondelete="CASCADE"), nullable=False,
                            index=True)
    number = db.Column(db.Integer, nullable=False)
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)
    edited_by_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"))
    published_by_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"))
    changes = db.Column(db.JSON, nullable=False, default=list)  # field names that changed
    snapshot = db.Column(db.JSON, nullable=False)

    edited_by = db.relationship("User", foreign_keys=[edited_by_id])
    published_by = db.relationship("User", foreign_keys=[published_by_id])


class TranslationRequest(db.Model):
    """A reader asked for a document in their language (one per reader)."""

    __tablename__ = "translation_request"
    __table_args__ = (db.UniqueConstraint("document_id", "language", "requester"),)

    id = db.Column(db.Integer, primary_key=True)
    document_id = db.Column(db.ForeignKey("document.id", ondelete="CASCADE"), nullable=False)
    language = db.Column(db.String(12), nullable=False)
    # "user:<id>" for a signed-in reader, else a hash of the anonymous session.
    requester = db.Column(db.String(80), nullable=False)
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)

    document = db.relationship("Document")
