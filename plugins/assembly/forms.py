"""Forms: officers set up events, plan the café and record outcomes; people bring topics."""

from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from plugins.assembly.models import EventKind, RecommendationStatus
from portal.api import DateField, IntegerField, TimeField, language, offered, strip

LONDON = ZoneInfo("Europe/London")

KIND_LABELS = {EventKind.ASSEMBLY: _l("Assembly"), EventKind.SUMMIT: _l("Summit")}

STATUS_LABELS = {
    RecommendationStatus.REFERRED: _l("Referred"),
    RecommendationStatus.CONSIDERING: _l("Under consideration"),
    RecommendationStatus.ACCEPTED: _l("Accepted"),
    RecommendationStatus.NOT_TAKEN_FORWARD: _l("Not taken forward"),
    RecommendationStatus.DONE: _l("Done"),
}

# Languages a topic may be written in: the portal's and those widely spoken in Harrow.
TOPIC_LANGUAGES = ["en", "gu", "ta", "hi", "ur", "pa", "bn", "pl", "ro", "so", "ar", "pt"]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def london(day, moment: time) -> datetime:
    """A Europe/London wall-clock time as an aware datetime (right across clock changes)."""
    return datetime.combine(day, moment, tzinfo=LONDON)


def _required_date(label):
    return DateField(label, validators=[
        InputRequired(message=_l("Enter a real date, like 2026-04-01"))])


def _required_time(label, default=None):
    return TimeField(label, default=default, validators=[
        InputRequired(message=_l("Enter a real time, like 18:30"))])


class EventForm(FlaskForm):
    kind = SelectField(_l("Type"), validate_choice=False, validators=[offered])
    title = StringField(_l("Title"), filters=[strip], validators=[
        DataRequired(message=_l("Enter a title")),
        Length(max=200, message=_l("Titles can be at most 200 characters"))])
    slug = StringField(_l("Web address name"), filters=[strip], validators=[
        DataRequired(message=_l("Enter a web address name, like autumn-assembly-2009")),
        Length(max=120)])
    description = TextAreaField(_l("What the event is about"), filters=[strip])
    day = _required_date(_l("Date"))
    starts = _required_time(_l("Starts at"))
    place = StringField(_l("Place"), filters=[strip], validators=[
        DataRequired(message=_l("Enter the place")), Length(max=300)])
    access_info = TextAreaField(_l("Access information"), filters=[strip], validators=[
        DataRequired(message=_l("Say how people can get in and take part"))])
    questions = TextAreaField(_l("The big questions, one a line, in order"), filters=[strip],
                              validators=[DataRequired(message=_l("Enter at least one question"))])
    opens_day = _required_date(_l("Topics can be sent from"))
    opens_time = _required_time(_l("Topics can be sent from (time)"), time(9, 0))
    closes_day = _required_date(_l("Topics can be sent until"))
    closes_time = _required_time(_l("Topics can be sent until (time)"), time(17, 0))
    published = BooleanField(_l("Published: everyone can see the event"))

    def __init__(self, *args, taken=lambda slug: False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [(k.value, str(label)) for k, label in KIND_LABELS.items()]
        self._taken = taken

    def validate_slug(self, field):
        if not SLUG.match(field.data or "") or field.data == "manage":
            raise ValidationError(_l("Use lower-case letters, digits and hyphens only"))
        if self._taken(field.data):
            raise ValidationError(_l("Another event has this web address name"))

    def validate_closes_day(self, field):
        if None in (self.opens_day.data, self.opens_time.data, field.data,
                    self.closes_time.data):
            return
        if london(field.data, self.closes_time.data) <= london(self.opens_day.data,
                                                                 self.opens_time.data):
            raise ValidationError(_l("The window must close after it opens"))

    def question_lines(self) -> list[str]:
        return [line.strip()[:300] for line in (self.questions.data or "").splitlines()
                if line.strip()]


class TopicForm(FlaskForm):
    title = StringField(_l("Your topic"), filters=[strip], validators=[
        DataRequired(message=_l("Enter your topic")),
        Length(max=200, message=_l("Titles can be at most 200 characters"))])
    description = TextAreaField(_l("What you would like to discuss, and why"), filters=[strip],
                                validators=[
        DataRequired(message=_l("Say what you would like to discuss")),
        Length(max=3000, message=_l("Write at most 3,000 characters"))])
    question_id = SelectField(_l("Which big question is it about?"), validate_choice=False,
                              validators=[offered])
    language = SelectField(_l("The language you wrote it in"), validate_choice=False,
                           validators=[offered])
    # Shown only to people who belong to an organisation; without it, "Myself".
    organisation_id = SelectField(_l("Sent by"), validate_choice=False, validators=[offered],
                                  default="")
    will_lead = BooleanField(_l("I am willing to lead a table on this topic"))

    def __init__(self, event, organisations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_id.choices = [("", str(_l("Choose a question")))] + [
            (str(q.id), q.text) for q in event.questions]
        self.language.choices = [(c, language(c).name) for c in TOPIC_LANGUAGES]
        self.organisation_id.choices = [("", str(_l("Myself")))] + [
            (str(o.id), o.name) for o in organisations]

    def validate_question_id(self, field):
        if not field.data:
            raise ValidationError(_l("Choose a question"))


class ReportForm(FlaskForm):
    reason = TextAreaField(_l("What is wrong with it? (optional)"), filters=[strip],
                           validators=[Length(max=1000)])


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Reason (we email it to the person who sent the topic)"),
                           filters=[strip],
                           validators=[DataRequired(message=_l("Give a reason"))])


class MergeForm(FlaskForm):
    survivor = SelectField(_l("The topic it duplicates"), validate_choice=False,
                           validators=[offered])


class SpamForm(FlaskForm):
    topics = SelectMultipleField(_l("Topics"), coerce=str, validate_choice=False)


class RoundForm(FlaskForm):
    number = IntegerField(_l("Round number"), validators=[
        InputRequired(message=_l("Enter a whole number, like 12")),
        NumberRange(min=1, max=20, message=_l("Enter a number from 1 to 20"))])
    starts = _required_time(_l("Round starts at"))


class TableForm(FlaskForm):
    round_id = SelectField(_l("Round"), validate_choice=False, validators=[offered])
    number = IntegerField(_l("Table number"), validators=[
        InputRequired(message=_l("Enter a whole number, like 12")),
        NumberRange(min=1, max=100, message=_l("Enter a number from 1 to 100"))])
    topic_id = SelectField(_l("Topic"), validate_choice=False, validators=[offered])
    lead_id = SelectField(_l("Session lead"), validate_choice=False, validators=[offered])
    capacity = IntegerField(_l("Seats at the table"), default=8, validators=[
        InputRequired(message=_l("Enter a whole number, like 12")),
        NumberRange(min=1, max=100, message=_l("Enter a number from 1 to 100"))])


class RecommendationForm(FlaskForm):
    topic_id = SelectField(_l("Table (topic)"), validate_choice=False, validators=[offered])
    text = TextAreaField(_l("Recommendation"), filters=[strip], validators=[
        DataRequired(message=_l("Enter the recommendation"))])
    body_id = SelectField(_l("Referred to"), validate_choice=False, validators=[offered])


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), validate_choice=False, validators=[offered])
    on = _required_date(_l("Date of the change"))
    outcome = TextAreaField(_l("What was decided"), filters=[strip])
    reason = TextAreaField(_l("Reason it was not taken forward"), filters=[strip])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [(s.value, str(label)) for s, label in STATUS_LABELS.items()]

    def validate_reason(self, field):
        if self.status.data == RecommendationStatus.NOT_TAKEN_FORWARD.value and not field.data:
            raise ValidationError(_l("Say why it was not taken forward"))
