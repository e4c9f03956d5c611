"""Form fields whose parse errors speak the user's language.

WTForms' own fields raise English messages when input cannot be parsed
("Not a valid date value."); these raise the portal's translated ones.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import fields


class DateField(fields.DateField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Enter a real date, like 2026-04-01")) from exc


class IntegerField(fields.IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Enter a whole number, like 12")) from exc


class TimeField(fields.TimeField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Enter a real time, like 18:30")) from exc


def strip(value):
    """A field filter: surrounding spaces never count."""
    return value.strip() if isinstance(value, str) else value


def offered(form, field):
    """A validator: the value must be one of the field's choices (translated message)."""
    from wtforms.validators import ValidationError

    if field.data not in {value for value, _label in field.choices}:
        raise ValidationError(_l("Choose one of the options"))
