"""Form fields whose parse errors speak the user's language.

WTForms' own fields raise English messages when input cannot be parsed
("Not a valid date value."); these raise the portal's translated ones.
"""

from __future__ import annotations

from collections.abc import Callable

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


def keeps_answers(view: Callable) -> Callable:
    """Show a form again, with what was typed, when its token is no longer accepted.

    The token has no time limit (``WTF_CSRF_TIME_LIMIT`` is off) but belongs to
    the browser's session, which ends when someone signs in or out in another
    tab or the browser forgets it. CSRF protection would then refuse the post
    before the view runs, with an error page, and the half-filled form would be
    lost. For a view marked with this, the form checks its own token instead:
    ``validate_on_submit()`` fails, the form is shown again with the answers
    kept and the error summary asks to send it again (with a fresh token).
    Only for views that change nothing unless their form validates.
    """
    from portal.extensions import csrf

    return csrf.exempt(view)
