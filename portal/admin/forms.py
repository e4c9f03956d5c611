"""Forms of the admin pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, SelectField
from wtforms.validators import DataRequired, Email, ValidationError

from portal.identity.models import Role
from portal.labels import ROLES


class PluginToggleForm(FlaskForm):
    name = HiddenField(validators=[DataRequired()])
    action = HiddenField(validators=[DataRequired()])

    def validate_action(self, field):
        if field.data not in {"enable", "disable"}:
            raise ValidationError(_l("Choose one of the options"))


class RoleForm(FlaskForm):
    role = SelectField(_l("Account type"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [(r.value, str(ROLES[r])) for r in Role]

    def validate_role(self, field):
        if field.data not in {r.value for r in Role}:
            raise ValidationError(_l("Choose one of the options"))


class AddMemberForm(FlaskForm):
    email = EmailField(
        _l("Email address of the person to add"),
        validators=[DataRequired(message=_l("Enter your email address")),
                    Email(message=_l("Enter an email address like name@example.org"),
                          check_deliverability=False)],
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
    )
