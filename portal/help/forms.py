"""Forms for asking for another format and for reporting an accessibility problem."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from portal.forms import offered, strip
from portal.help.models import Format

FORMAT_LABELS = {
    Format.EASY_READ: _l("Easy read"),
    Format.LARGE_PRINT: _l("Large print"),
    Format.AUDIO: _l("Audio recording"),
    Format.BRAILLE: _l("Braille"),
    Format.LANGUAGE: _l("Another language"),
    Format.OTHER: _l("Something else"),
}


def portal_path(value):
    """A filter: keep only a path on this portal (never another site's address)."""
    if not isinstance(value, str):
        return ""
    value = value.strip()[:500]
    if not value.startswith("/") or value.startswith("//") or re.search(r"[\x00-\x1f\x7f\\]",
                                                                         value):
        return ""
    return value


def _length(maximum):
    return Length(max=maximum, message=_l("This can be at most %(max)s characters",
                                          max=f"{maximum:,}"))


def _email(required: bool):
    checks = [Email(message=_l("Enter an email address like name@example.org"),
                    check_deliverability=False), _length(254)]
    checks.insert(0, DataRequired(message=_l("Enter your email address")) if required
                  else Optional())
    return EmailField(_l("Email address"), validators=checks, filters=[
        lambda v: v.strip().lower() if isinstance(v, str) else v])


class FormatRequestForm(FlaskForm):
    page = HiddenField(filters=[portal_path])
    format = SelectField(_l("The format you need"), validate_choice=False, validators=[offered])
    language_wanted = StringField(_l("Which language"), filters=[strip],
                                  validators=[_length(100)])
    details = TextAreaField(_l("Anything else we should know (optional)"), filters=[strip],
                            validators=[_length(2000)])
    name = StringField(_l("Your name"), filters=[strip], validators=[
        DataRequired(message=_l("Enter your name")), _length(200)])
    email = _email(required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.format.choices = [("", _l("Choose a format"))] + [
            (f.value, label) for f, label in FORMAT_LABELS.items()]

    def validate_language_wanted(self, field):
        if self.format.data == Format.LANGUAGE.value and not field.data:
            raise ValidationError(_l("Say which language you need"))


class ProblemReportForm(FlaskForm):
    page = StringField(_l("The page with the problem (optional)"), filters=[strip],
                       validators=[_length(500)])
    details = TextAreaField(_l("What the problem is"), filters=[strip], validators=[
        DataRequired(message=_l("Tell us what the problem is")), _length(5000)])
    name = StringField(_l("Your name (optional)"), filters=[strip], validators=[_length(200)])
    email = _email(required=False)


class DoneForm(FlaskForm):
    reply = TextAreaField(_l("What was done (sent to the person who asked)"), filters=[strip],
                          validators=[DataRequired(message=_l("Say what was done")),
                                      _length(2000)])
