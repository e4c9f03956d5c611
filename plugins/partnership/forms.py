"""Forms: proposals for groups, referrals, project plans and reports, funding rounds and bids."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms import fields as wtfields
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from portal.api import BodyKind, DateField, IntegerField, offered, strip

REQUIRED = _l("This cannot be empty")
MAX_CRITERIA = 20
DATE = _l("Enter a real date, like 2026-04-01")


def _text(label, *, required=True, max_length=None, area=True):
    validators = [DataRequired(message=REQUIRED)] if required else []
    if max_length:
        validators.append(Length(max=max_length, message=_l(
            "This can be at most %(max)s characters", max=max_length)))
    return (TextAreaField if area else StringField)(label, filters=[strip],
                                                     validators=validators)


class PoundsField(wtfields.StringField):
    """An amount in pounds (e.g. "£12,500" or "12500.50"), held as whole pence."""

    def process_formdata(self, valuelist):
        self.data = None
        raw = (valuelist[0] if valuelist else "").strip()
        if not raw:
            return
        cleaned = re.sub(r"[£,\s]", "", raw)
        try:
            pounds = Decimal(cleaned)
        except InvalidOperation as exc:
            raise ValueError(_l("Enter an amount in pounds, like 12,500")) from exc
        if not pounds.is_finite() or pounds <= 0 or pounds != pounds.quantize(Decimal("0.01")) \
                or pounds > Decimal("100000000"):
            raise ValueError(_l("Enter an amount in pounds, like 12,500"))
        self.data = int(pounds * 100)

    def _value(self):
        return self.raw_data[0] if self.raw_data else (
            f"{self.data / 100:.2f}" if self.data else "")


def _chosen(form, field):
    allowed = {value for value, _label in field.choices}
    if any(value not in allowed for value in field.data or []):
        raise ValidationError(_l("Choose one of the options"))


class IndicatorsField(SelectMultipleField):
    """Indicators offered by other plugins (none when no plugin offers any)."""

    def __init__(self, label, **kwargs):
        super().__init__(label, validate_choice=False, validators=[_chosen],
                         option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
                         **kwargs)


def indicator_choices(indicators) -> list[tuple[str, str]]:
    return [(i.code, f"{i.code}: {i.title}") for i in indicators]


def _drop_indicators(form, indicators, name="indicators"):
    if indicators:
        getattr(form, name).choices = indicator_choices(indicators)
    else:
        delattr(form, name)


PROPOSABLE = (BodyKind.TASK_AND_FINISH, BodyKind.DELIVERY_GROUP, BodyKind.MANAGEMENT_GROUP,
              BodyKind.REFERENCE_GROUP)


class ProposalForm(FlaskForm):
    name = _text(_l("Name of the group"), max_length=200, area=False)
    kind = SelectField(_l("Type of group"), validate_choice=False, validators=[offered])
    parent_id = SelectField(_l("Reports to"), validate_choice=False, validators=[offered])
    purpose = _text(_l("Purpose"))
    duration = _text(_l("Duration"), max_length=200, area=False)
    representation = _text(_l("Organisations to be represented, and at what level"))
    value_added = _text(_l("The value the group would add"))

    def __init__(self, kinds, bodies, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [(k.value, label) for k, label in kinds]
        self.parent_id.choices = [(str(b.id), b.name) for b in bodies]


class DecisionForm(FlaskForm):
    decision = RadioField(_l("Decision of Harrow Chief Executives"), choices=[
        ("endorse", _l("Endorse: set up the group")), ("decline", _l("Decline"))],
        validators=[InputRequired(message=_l("Choose one of the options"))])
    reason = _text(_l("Reason"), required=False, max_length=2000)

    def validate_reason(self, field):
        if self.decision.data == "decline" and not field.data:
            raise ValidationError(_l("Say why the proposal is declined"))


class ReferralForm(FlaskForm):
    direction = SelectField(_l("Direction"), validate_choice=False, validators=[offered])
    reference_group_id = SelectField(_l("Reference group"), validate_choice=False,
                                     validators=[offered])
    body_id = SelectField(_l("Executive or Board"), validate_choice=False, validators=[offered])
    title = _text(_l("Issue"), max_length=200, area=False)
    report = _text(_l("Written report or minuted request"), max_length=20000)
    raised_on = DateField(_l("Date raised"), validators=[InputRequired(message=DATE)])

    def __init__(self, directions, groups, bodies, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.direction.choices = directions
        self.reference_group_id.choices = [(str(b.id), b.name) for b in groups]
        self.body_id.choices = [(str(b.id), b.name) for b in bodies]


class AgendaForm(FlaskForm):
    meeting_on = DateField(_l("Date of the meeting that will consider it"),
                           validators=[InputRequired(message=DATE)])


class OutcomeForm(FlaskForm):
    outcome = _text(_l("Outcome or response"), max_length=20000)
    outcome_on = DateField(_l("Date considered"), validators=[InputRequired(message=DATE)])


class GroupTermsForm(FlaskForm):
    """What the constitution asks each group to publish (10.2), as officers keep it."""

    terms_of_reference = _text(_l("Terms of reference"), max_length=20000)
    purpose = _text(_l("Purpose"), required=False, max_length=5000)
    meets = _text(_l("Meeting pattern"), required=False, max_length=200, area=False)
    duration = _text(_l("Duration"), required=False, max_length=200, area=False)
    chairs_elected_on = DateField(_l("Date of the latest annual election of chair and "
                                     "vice-chair"), validators=[Optional()])


class ProjectForm(FlaskForm):
    body_id = SelectField(_l("Delivery group"), validate_choice=False, validators=[offered])
    title = _text(_l("Title"), max_length=200, area=False)
    aim = _text(_l("Aim"))
    objectives = _text(_l("Objectives"))
    resources = _text(_l("Resources required"))
    starts_on = DateField(_l("Starts on"), validators=[InputRequired(message=DATE)])
    ends_on = DateField(_l("Ends on"), validators=[InputRequired(message=DATE)])

    def __init__(self, groups, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.body_id.choices = [(str(b.id), b.name) for b in groups]

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end must be on or after the start"))


class TaskForm(FlaskForm):
    description = _text(_l("Task"), max_length=2000)
    lead_id = SelectField(_l("Lead organisation"), validate_choice=False, validators=[offered])
    partners = _text(_l("Partners involved"), required=False, max_length=500, area=False)
    due_on = DateField(_l("To be completed by"), validators=[InputRequired(message=DATE)])

    def __init__(self, organisations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lead_id.choices = [(str(o.id), o.name) for o in organisations]


class MeasureForm(FlaskForm):
    kind = RadioField(_l("Output or outcome"), choices=[
        ("output", _l("Output")), ("outcome", _l("Outcome"))],
        validators=[InputRequired(message=_l("Choose one of the options"))])
    description = _text(_l("Description"), max_length=2000)
    indicator = SelectField(_l("Performance indicator"), validate_choice=False,
                            validators=[offered])

    def __init__(self, indicators, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if indicators:
            self.indicator.choices = [("", _l("None"))] + indicator_choices(indicators)
        else:
            delattr(self, "indicator")


class ReportForm(FlaskForm):
    period_end = DateField(_l("End of the quarter reported"),
                           validators=[InputRequired(message=DATE)])
    status = RadioField(_l("Status"), choices=[
        ("green", _l("Green: on track")), ("amber", _l("Amber: some risk")),
        ("red", _l("Red: off track"))],
        validators=[InputRequired(message=_l("Choose one of the options"))])
    progress = _text(_l("Progress"), max_length=20000)
    barriers = _text(_l("Barriers to success"), required=False, max_length=20000)
    remedial_action = _text(_l("Remedial action taken"), required=False, max_length=20000)


class RoundForm(FlaskForm):
    title = _text(_l("Title"), max_length=200, area=False)
    pot = PoundsField(_l("Pot (pounds)"), validators=[InputRequired(message=_l(
        "Enter an amount in pounds, like 12,500"))])
    indicators = IndicatorsField(_l("Priority indicators"))
    criteria = _text(_l("Published criteria, one a line"), max_length=20000)
    deadline = DateField(_l("Deadline for proposals"), validators=[InputRequired(message=DATE)])

    def __init__(self, indicators, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _drop_indicators(self, indicators)

    def validate_criteria(self, field):
        from plugins.partnership.service import criteria_from_text

        lines = criteria_from_text(field.data or "")
        if len(lines) > MAX_CRITERIA:
            raise ValidationError(_l("A round can have at most %(max)s criteria",
                                     max=MAX_CRITERIA))
        if any(len(line) > 500 for line in lines):
            raise ValidationError(_l("Each criterion can be at most %(max)s characters",
                                     max=500))


class BidForm(FlaskForm):
    body_id = SelectField(_l("Partnership group"), validate_choice=False, validators=[offered])
    title = _text(_l("Project"), max_length=200, area=False)
    summary = _text(_l("What the project will do"), max_length=20000)
    indicators = IndicatorsField(_l("Indicators it addresses"))
    cost = PoundsField(_l("Cost (pounds)"), validators=[InputRequired(message=_l(
        "Enter an amount in pounds, like 12,500"))])
    milestones = _text(_l("Milestones"), max_length=20000)

    def __init__(self, groups, indicators, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.body_id.choices = [(str(b.id), b.name) for b in groups]
        _drop_indicators(self, indicators)


class ScoreForm(FlaskForm):
    """The single 0–100 score of a round opened before criteria were scored one by one."""

    score = IntegerField(_l("Panel score (0 to 100)"), validators=[
        InputRequired(message=_l("Enter a whole number, like 12")),
        NumberRange(min=0, max=100, message=_l("Enter a number from 0 to 100"))])
    score_notes = _text(_l("How it meets the criteria"), required=False, max_length=5000)


def criteria_score_form(criteria, scale: int, data: dict[int, int] | None = None, **kwargs):
    """One score (0 to ``scale``) per published criterion, labelled with the criterion."""

    class CriteriaScoreForm(FlaskForm):
        pass

    message = _l("Enter a whole number from 0 to %(max)s", max=scale)
    for criterion in criteria:
        setattr(CriteriaScoreForm, f"criterion_{criterion.id}", IntegerField(
            criterion.text, validators=[InputRequired(message=message),
                                        NumberRange(min=0, max=scale, message=message)]))
    form = CriteriaScoreForm(**kwargs)
    if not form.is_submitted() and data:
        for criterion in criteria:
            if criterion.id in data:
                form[f"criterion_{criterion.id}"].data = data[criterion.id]
    return form


def criteria_scores(form, criteria) -> dict[int, int]:
    return {c.id: form[f"criterion_{c.id}"].data for c in criteria}


class AwardForm(FlaskForm):
    amount = PoundsField(_l("Amount awarded (pounds)"), validators=[InputRequired(message=_l(
        "Enter an amount in pounds, like 12,500"))])
    project_id = SelectField(_l("Project reporting progress"), validate_choice=False,
                             validators=[offered])

    def __init__(self, projects, cost_pence: int, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cost_pence = cost_pence
        self.project_id.choices = [("", _l("None yet"))] + [(str(p.id), p.title)
                                                             for p in projects]

    def validate_amount(self, field):
        if field.data is not None and field.data > self.cost_pence:
            from plugins.partnership.service import money

            raise ValidationError(_l("An award cannot be more than the project costs: at most "
                                     "%(cost)s", cost=money(self.cost_pence)))
