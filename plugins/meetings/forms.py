"""Forms: officers set up meetings; residents sign up."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from plugins.meetings.models import MeetingKind
from portal.api import DateField, IntegerField, TimeField, document_exists, offered, strip

LONDON = ZoneInfo("Europe/London")

KIND_LABELS = {
    MeetingKind.STAKEHOLDER: _l("Stakeholder meeting"),
    MeetingKind.BOARD: _l("Board meeting"),
    MeetingKind.EXECUTIVE: _l("Executive meeting"),
    MeetingKind.ASSEMBLY: _l("Assembly session"),
    MeetingKind.OTHER: _l("Other meeting"),
}




def london(day, moment: time) -> datetime:
    """A Europe/London wall-clock time as an aware datetime (right across clock changes)."""
    return datetime.combine(day, moment, tzinfo=LONDON)


class MeetingForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[
        DataRequired(message=_l("Enter a title")),
        Length(max=200, message=_l("Titles can be at most 200 characters"))])
    kind = SelectField(_l("Type"), validate_choice=False, validators=[offered])
    body_id = SelectField(_l("Body"), validate_choice=False, validators=[offered])
    description = TextAreaField(_l("What the meeting is about"), filters=[strip])
    day = DateField(_l("Date"), validators=[
        InputRequired(message=_l("Enter a real date, like 2026-04-01"))])
    starts = TimeField(_l("Starts at"), validators=[
        InputRequired(message=_l("Enter a real time, like 18:30"))])
    ends = TimeField(_l("Ends at"), validators=[
        InputRequired(message=_l("Enter a real time, like 18:30"))])
    venue = StringField(_l("Venue"), filters=[strip], validators=[Length(max=300)])
    address = TextAreaField(_l("Address"), filters=[strip])
    online_url = URLField(_l("Online meeting link"), filters=[strip], validators=[
        Optional(), Length(max=500)])
    step_free = BooleanField(_l("Step-free access"))
    hearing_loop = BooleanField(_l("Hearing loop"))
    parking = BooleanField(_l("Accessible parking"))
    access_notes = TextAreaField(_l("More about access"), filters=[strip])
    capacity = IntegerField(_l("Places"), validators=[
        InputRequired(message=_l("Enter a whole number, like 12")),
        NumberRange(min=1, max=5000, message=_l("Enter a number from 1 to 5,000"))])
    max_places = IntegerField(_l("Most places one person can book"), default=4, validators=[
        InputRequired(message=_l("Enter a whole number, like 12")),
        NumberRange(min=1, max=20, message=_l("Enter a number from 1 to 20"))])
    agenda_slug = StringField(_l("Agenda: web address name of the published agenda"),
                              filters=[strip], validators=[Length(max=160)])
    minutes_slug = StringField(_l("Minutes: web address name of the published minutes"),
                               filters=[strip], validators=[Length(max=160)])
    opens_day = DateField(_l("Sign-up opens on"), validators=[
        InputRequired(message=_l("Enter a real date, like 2026-04-01"))])
    opens_time = TimeField(_l("Sign-up opens at"), default=time(9, 0), validators=[
        InputRequired(message=_l("Enter a real time, like 18:30"))])
    closes_day = DateField(_l("Sign-up closes on"), validators=[
        InputRequired(message=_l("Enter a real date, like 2026-04-01"))])
    closes_time = TimeField(_l("Sign-up closes at"), default=time(17, 0), validators=[
        InputRequired(message=_l("Enter a real time, like 18:30"))])

    def __init__(self, bodies, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [(k.value, str(label)) for k, label in KIND_LABELS.items()]
        self.body_id.choices = [("", str(_l("None")))] + [(str(b.id), b.name) for b in bodies]

    def validate_ends(self, field):
        if self.starts.data and field.data and field.data <= self.starts.data:
            raise ValidationError(_l("The meeting must end after it starts"))

    def validate_closes_day(self, field):
        if self.opens_day.data and field.data and field.data < self.opens_day.data:
            raise ValidationError(_l("Sign-up must close on or after the day it opens"))
        if self.day.data and field.data and field.data > self.day.data:
            raise ValidationError(_l("Sign-up must close by the day of the meeting"))

    def validate_agenda_slug(self, field):
        if field.data and not document_exists(field.data):
            raise ValidationError(_l("No publication has this web address name"))

    validate_minutes_slug = validate_agenda_slug

    def validate_closes_time(self, field):
        days = (self.opens_day.data, self.closes_day.data, self.opens_time.data, field.data)
        if all(v is not None for v in days) and self.opens_day.data == self.closes_day.data \
                and field.data <= self.opens_time.data:
            raise ValidationError(_l("Sign-up must close after it opens"))

    def validate_online_url(self, field):
        if field.data and not field.data.startswith(("https://", "http://")):
            raise ValidationError(_l("Enter a web address starting with https://"))


class SignUpForm(FlaskForm):
    name = StringField(_l("Your name"), filters=[strip], validators=[
        DataRequired(message=_l("Enter your name")),
        Length(max=120, message=_l("Names can be at most 120 characters"))])
    email = EmailField(_l("Email address"), filters=[
        lambda v: v.strip().lower() if isinstance(v, str) else v], validators=[
        DataRequired(message=_l("Enter your email address")),
        Email(message=_l("Enter an email address like name@example.org"),
              check_deliverability=False)])
    places = IntegerField(_l("Number of places"), default=1, validators=[
        InputRequired(message=_l("Enter a whole number, like 12"))])
    wheelchair = BooleanField(_l("A wheelchair space"))
    hearing_loop = BooleanField(_l("A hearing loop"))
    bsl = BooleanField(_l("A British Sign Language (BSL) interpreter"))
    large_print = BooleanField(_l("Papers in large print"))
    interpreter_language = StringField(_l("An interpreter in this language"), filters=[strip],
                                       validators=[Length(max=80)])
    other_needs = TextAreaField(_l("Anything else that would help you take part"),
                                filters=[strip], validators=[Length(max=1000)])
    dietary_needs = TextAreaField(_l("Dietary needs"), filters=[strip],
                                  validators=[Length(max=500)])
    may_contact = BooleanField(_l("You may contact me about future partnership meetings"))

    def __init__(self, maximum: int, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.places.validators = list(self.places.validators) + [NumberRange(
            min=1, max=maximum,
            message=_l("Choose from 1 to %(max)s places", max=maximum))]

    def needs(self) -> dict:
        return {name: getattr(self, name).data for name in (
            "wheelchair", "hearing_loop", "bsl", "large_print", "interpreter_language",
            "other_needs", "dietary_needs")}
