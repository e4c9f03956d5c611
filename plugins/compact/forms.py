"""Forms for lodging a complaint and for moving it along."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, MultipleFileField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from plugins.compact.models import Outcome
from portal.api import DateField, UploadRejected, check_upload, offered, strip

MAX_FILES = 5

OUTCOME_LABELS = {
    Outcome.UPHELD: _l("Upheld"),
    Outcome.PARTLY_UPHELD: _l("Partly upheld"),
    Outcome.NOT_UPHELD: _l("Not upheld"),
    Outcome.WITHDRAWN: _l("Withdrawn by the complainant"),
}



def _text(label, message, maximum=5000, required=True):
    checks = [Length(max=maximum, message=_l("This can be at most %(max)s characters",
                                              max=f"{maximum:,}"))]
    if required:
        checks.insert(0, DataRequired(message=message))
    return TextAreaField(label, filters=[strip], validators=checks)


class FilesForm(FlaskForm):
    """A form that may carry supporting files, each checked by its content.

    After validation ``checked`` holds ``(CheckedFile, bytes)`` for every file
    chosen; a bad file fails the form, so nothing is saved.
    """

    files = MultipleFileField(_l("Supporting files (optional)"))

    def validate_files(self, field):
        self.checked = []
        chosen = [f for f in field.data or [] if getattr(f, "filename", "")]
        if len(chosen) > MAX_FILES:
            raise ValidationError(_l("Choose at most %(num)s files", num=MAX_FILES))
        for upload in chosen:
            data = upload.read()
            try:
                checked = check_upload(upload.filename, data)
            except UploadRejected as exc:
                raise ValidationError(_l("%(name)s: %(reason)s", name=upload.filename,
                                         reason=exc.reason)) from exc
            self.checked.append((checked, data))


class ComplaintForm(FilesForm):
    organisation = SelectField(_l("Complaining for"), validate_choice=False, validators=[offered])
    concerns = SelectField(_l("Which partner it is about"),
                           validate_choice=False, validators=[offered])
    commitment = SelectField(_l("Which Compact commitment was not kept"),
                             validate_choice=False, validators=[offered])
    what_happened = _text(_l("What happened"), _l("Tell us what happened"))
    happened_on = DateField(_l("When it happened"), validators=[
        InputRequired(message=_l("Enter a real date, like 2026-04-01"))])
    tried_already = _text(_l("What you have already tried"), "", required=False)
    outcome_wanted = _text(_l("What outcome you want"), _l("Tell us what outcome you want"))

    def __init__(self, organisations, partners, commitments, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = [(str(o.id), o.name) for o in organisations]
        self.concerns.choices = [(str(o.id), o.name) for o in partners]
        self.commitment.choices = [(str(c.id), c.title) for c in commitments]

    def validate_happened_on(self, field):
        if field.data and field.data > datetime.now(UTC).date():
            raise ValidationError(_l("The date cannot be in the future"))


class OutcomeForm(FlaskForm):
    outcome = SelectField(_l("Decision on the complaint"),
                          validate_choice=False, validators=[offered])
    text = _text(_l("The answer to the complainant"), _l("Write the answer"))
    changes = _text(_l("What the partner has changed as a result (published without names)"),
                    "", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = [(o.value, str(label)) for o, label in OUTCOME_LABELS.items()
                                if o != Outcome.WITHDRAWN]


class EscalateForm(FlaskForm):
    to = StringField(_l("Referred to"), filters=[strip], validators=[
        DataRequired(message=_l("Say who the case was referred to")),
        Length(max=300, message=_l("This can be at most %(max)s characters", max="300"))])


class FindingForm(FlaskForm):
    text = _text(_l("Their finding"), _l("Write the finding"))


class ExtendForm(FlaskForm):
    due_on = DateField(_l("New deadline"), validators=[
        InputRequired(message=_l("Enter a real date, like 2026-04-01"))])
    reason = _text(_l("Reason (the complainant is told)"), _l("Give a reason"), 1000)


class ReasonForm(FlaskForm):
    text = _text(_l("Anything you want to add (optional)"), "", 2000, required=False)


class MessageForm(FilesForm):
    text = _text(_l("Your message"), _l("Write your message"), 5000)
    internal = BooleanField(_l("Internal note: officers only, not sent to the complainant"))


class AssignForm(FlaskForm):
    officer = SelectField(_l("Case officer"), validate_choice=False, validators=[offered])

    def __init__(self, officers, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.officer.choices = [(str(u.id), u.name) for u in officers]


# The form each move needs (moves not listed need only the CSRF token).
MOVE_FORMS = {
    "outcome": OutcomeForm, "review_outcome": OutcomeForm, "escalate": EscalateForm,
    "finding": FindingForm, "extend": ExtendForm, "withdraw": ReasonForm,
    "request_review": ReasonForm,
}
