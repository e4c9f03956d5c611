"""Forms for accounts: every message is translatable, every field labelled."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from portal.i18n import languages

MIN_PASSWORD = 10


def _required(message):
    return DataRequired(message=message)


def _language_choices():
    return [(lang.code, lang.name) for lang in languages()]


def _new_password(label=None):
    return PasswordField(
        label or _l("Password"),
        validators=[_required(_l("Enter a password")),
                    Length(min=MIN_PASSWORD, max=200,
                           message=_l("Your password must be at least %(min)d characters long",
                                      min=MIN_PASSWORD))],
    )


def _confirm():
    return PasswordField(
        _l("Confirm password"),
        validators=[_required(_l("Enter the password again")),
                    EqualTo("password", message=_l("The passwords do not match"))],
    )


def _email_field(label=None):
    return EmailField(
        label or _l("Email address"),
        validators=[_required(_l("Enter your email address")),
                    Email(message=_l("Enter an email address like name@example.org"),
                          check_deliverability=False),
                    Length(max=254, message=_l("Email addresses can be at most 254 characters"))],
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
    )


class RegisterForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[
        _required(_l("Enter your name")),
        Length(max=120, message=_l("Names can be at most 120 characters"))],
        filters=[lambda v: v.strip() if isinstance(v, str) else v])
    email = _email_field()
    password = _new_password()
    confirm = _confirm()
    preferred_language = SelectField(_l("Preferred language"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preferred_language.choices = _language_choices()
        self.preferred_language.pre_validate = _choice_validator(self.preferred_language)


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(_l("Password"), validators=[_required(_l("Enter your password"))])
    remember = BooleanField(_l("Keep me signed in on this device"))


class ForgotPasswordForm(FlaskForm):
    email = _email_field()


class ResetPasswordForm(FlaskForm):
    password = _new_password(_l("New password"))
    confirm = _confirm()


class ProfileForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[
        _required(_l("Enter your name")),
        Length(max=120, message=_l("Names can be at most 120 characters"))],
        filters=[lambda v: v.strip() if isinstance(v, str) else v])
    preferred_language = SelectField(_l("Preferred language"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preferred_language.choices = _language_choices()
        self.preferred_language.pre_validate = _choice_validator(self.preferred_language)


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[_required(_l("Enter your current password"))])
    password = _new_password(_l("New password"))
    confirm = _confirm()


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password"),
                             validators=[_required(_l("Enter your password"))])
    understood = BooleanField(
        _l("I understand that my account will be deleted and cannot be brought back"),
        validators=[DataRequired(message=_l("Tick the box to confirm you want your account "
                                            "deleted"))])


class ActingForForm(FlaskForm):
    organisation = SelectField(_l("Act for"), coerce=str)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = [("", str(_l("Myself")))] + [
            (str(org.id), org.name) for org in user.organisations]
        self.organisation.pre_validate = _choice_validator(self.organisation)


def _choice_validator(field):
    """Reject a value not offered, with a translated message."""
    from wtforms.validators import ValidationError

    def check(form):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Choose one of the options"))

    return check
