"""Officers' forms for documents, their translations and attachments."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import FieldList, Form, FormField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from portal.forms import DateField, offered, strip
from portal.labels import DOCUMENT_KINDS, REVIEW_STATES, SCHEDULE_12A
from portal.publishing.models import ReviewState

MAX_BODY = 200_000




def _part2_choices():
    return [("", str(_l("Part 1: open to the public")))] + [
        (str(n), str(label)) for n, label in SCHEDULE_12A.items()]


class _Text:
    """Title, summary and Markdown body: the same in every language."""

    @staticmethod
    def title():
        return StringField(_l("Title"), filters=[strip], validators=[
            DataRequired(message=_l("Enter a title")),
            Length(max=300, message=_l("Titles can be at most 300 characters"))])

    @staticmethod
    def summary():
        return TextAreaField(_l("Summary"), filters=[strip], validators=[
            Length(max=2000, message=_l("The summary can be at most 2,000 characters"))])

    @staticmethod
    def body():
        return TextAreaField(_l("Text"), filters=[strip], validators=[
            Length(max=MAX_BODY, message=_l("The text is too long"))])


class AgendaItemForm(Form):
    title = StringField(_l("Agenda item"), filters=[strip], validators=[
        Optional(), Length(max=300, message=_l("Titles can be at most 300 characters"))])
    part2_paragraph = SelectField(_l("Who can see it"), default="", filters=[lambda v: v or ""],
                                  validate_choice=False, validators=[offered])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.part2_paragraph.choices = _part2_choices()


class DocumentForm(FlaskForm):
    title = _Text.title()
    slug = StringField(_l("Web address name"), filters=[strip], validators=[
        DataRequired(message=_l("Enter a web address name")),
        Length(max=160, message=_l("Web address names can be at most 160 characters"))])
    kind = SelectField(_l("Type"), validate_choice=False, validators=[offered])
    body_id = SelectField(_l("Published by"), validate_choice=False, validators=[offered])
    document_date = DateField(_l("Meeting or report date"), validators=[
        InputRequired(message=_l("Enter a real date, like 2026-04-01"))])
    part2_paragraph = SelectField(_l("Who can see it"), validate_choice=False, validators=[offered])
    easy_read_of = SelectField(_l("Easy-read version of"),
                               validate_choice=False, validators=[offered])
    summary = _Text.summary()
    text = _Text.body()
    agenda_items = FieldList(FormField(AgendaItemForm), min_entries=0, max_entries=40)

    def __init__(self, bodies, documents, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [(k.value, str(label)) for k, label in DOCUMENT_KINDS.items()]
        self.body_id.choices = [("", str(_l("None")))] + [(str(b.id), b.name) for b in bodies]
        self.part2_paragraph.choices = _part2_choices()
        self.easy_read_of.choices = [("", str(_l("None")))] + [
            (str(d.id), d.source.title if d.source else d.slug) for d in documents]

    def validate_slug(self, field):
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", field.data or ""):
            raise ValidationError(_l("Use lower-case letters, numbers and hyphens only"))


class TranslationForm(FlaskForm):
    title = _Text.title()
    summary = _Text.summary()
    text = _Text.body()
    review = SelectField(_l("Review status"), validate_choice=False, validators=[offered])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.review.choices = [(r.value, str(label)) for r, label in REVIEW_STATES.items()
                               if r != ReviewState.SOURCE]


class AttachmentForm(FlaskForm):
    file = FileField(_l("File"), validators=[FileRequired(message=_l("Choose a file"))])


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token is needed."""
