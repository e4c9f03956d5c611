"""Forms for officers keeping the bodies and their membership up to date."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from portal.bodies.models import BodyKind, MembershipRole, Sector
from portal.forms import DateField, IntegerField, offered, strip
from portal.labels import BODY_KINDS, MEMBERSHIP_ROLES, SECTORS


def _choices(labels):
    return [(key.value, str(label)) for key, label in labels.items()]



class BodyForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[
        DataRequired(message=_l("Enter a name")),
        Length(max=200, message=_l("Names can be at most 200 characters"))])
    slug = StringField(_l("Web address name"), filters=[strip], validators=[
        DataRequired(message=_l("Enter a web address name")),
        Length(max=120, message=_l("Web address names can be at most 120 characters"))])
    kind = SelectField(_l("Type"), validate_choice=False, validators=[offered])
    parent = SelectField(_l("Reports to"), validate_choice=False, validators=[offered])
    purpose = TextAreaField(_l("Purpose"), filters=[strip], validators=[Optional()])
    meets = StringField(_l("How often it meets"), filters=[strip], validators=[
        Length(max=200, message=_l("This can be at most 200 characters"))])
    quorum_members = IntegerField(_l("Quorum: voting members present"), validators=[
        Optional(), NumberRange(min=1, max=100, message=_l("Enter a number from 1 to 100"))])
    quorum_sectors = IntegerField(_l("Quorum: different sectors among them"), validators=[
        Optional(), NumberRange(min=1, max=6, message=_l("Enter a number from 1 to 6"))])
    quorum_sectors_counted = SelectMultipleField(
        _l("Quorum: sectors that count (none ticked: every sector)"),
        option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
        validate_choice=False)  # unknown values are dropped in apply_to

    def __init__(self, parents, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = _choices(BODY_KINDS)
        self.quorum_sectors_counted.choices = _choices(SECTORS)
        self.parent.choices = [("", str(_l("None")))] + [(str(b.id), b.name) for b in parents]

    def validate_slug(self, field):
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", field.data or ""):
            raise ValidationError(_l("Use lower-case letters, numbers and hyphens only"))

    def apply_to(self, body) -> None:
        body.name, body.slug = self.name.data, self.slug.data
        body.kind = BodyKind(self.kind.data)
        body.parent_id = int(self.parent.data) if self.parent.data else None
        body.purpose, body.meets = self.purpose.data or "", self.meets.data or ""
        body.quorum_members, body.quorum_sectors = self.quorum_members.data, \
            self.quorum_sectors.data
        choices = {value for value, _label in self.quorum_sectors_counted.choices}
        body.quorum_sectors_counted = ",".join(
            s for s in (self.quorum_sectors_counted.data or []) if s in choices)


class MembershipForm(FlaskForm):
    person_name = StringField(_l("Name of the member"), filters=[strip], validators=[
        DataRequired(message=_l("Enter the member's name")),
        Length(max=120, message=_l("Names can be at most 120 characters"))])
    account_email = EmailField(_l("Their account's email address (optional)"),
                               filters=[lambda v: v.strip().lower() if v else v],
                               validators=[Optional(), Email(
                                   message=_l("Enter an email address like name@example.org"),
                                   check_deliverability=False)])
    position = StringField(_l("Position"), filters=[strip], validators=[
        Length(max=200, message=_l("This can be at most 200 characters"))])
    organisation = SelectField(_l("Organisation represented"), validate_choice=False,
                               validators=[offered])
    sector = SelectField(_l("Sector"), validate_choice=False, validators=[offered])
    role = SelectField(_l("Role"), validate_choice=False, validators=[offered])
    started_on = DateField(_l("Member from"), validators=[
        InputRequired(message=_l("Enter the date they became a member, like 2026-04-01"))])

    def __init__(self, organisations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = [("", str(_l("None")))] + [
            (str(o.id), o.name) for o in organisations]
        self.sector.choices = _choices(SECTORS)
        self.role.choices = _choices(MEMBERSHIP_ROLES)
        if not self.role.data:
            self.role.data = MembershipRole.MEMBER.value
        if not self.sector.data:
            self.sector.data = Sector.VOLUNTARY.value


class EndMembershipForm(FlaskForm):
    ended_on = DateField(_l("Member until"), validators=[
        InputRequired(message=_l("Enter the last day of membership, like 2026-03-31"))])
