"""Requests from readers that officers deal with as a queue."""

from __future__ import annotations

import enum

from portal.extensions import db, enum_column
from portal.timeutil import utcnow


class RequestKind(enum.StrEnum):
    FORMAT = "format"  # this page in another format or language
    PROBLEM = "problem"  # an accessibility problem on the portal


class Format(enum.StrEnum):
    EASY_READ = "easy_read"
    LARGE_PRINT = "large_print"
    AUDIO = "audio"
    BRAILLE = "braille"
    LANGUAGE = "language"  # another language, named in ``language_wanted``
    OTHER = "other"


class HelpRequest(db.Model):
    __tablename__ = "help_request"

    id = db.Column(db.Integer, primary_key=True)
    kind = enum_column(RequestKind, 20, nullable=False, index=True)
    page = db.Column(db.String(500), nullable=False, default="")  # a path on the portal
    format = enum_column(Format, 20)
    language_wanted = db.Column(db.String(100), nullable=False, default="")
    details = db.Column(db.Text, nullable=False, default="")
    name = db.Column(db.String(200), nullable=False, default="")
    email = db.Column(db.String(254), nullable=False, default="")
    language = db.Column(db.String(12), nullable=False)  # the requester's page language
    user_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow,
                           index=True)
    done_at = db.Column(db.DateTime(timezone=True))
    done_by_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"))
    reply = db.Column(db.Text, nullable=False, default="")  # what the officer did

    done_by = db.relationship("User", foreign_keys=[done_by_id])
