"""Meetings as iCalendar (RFC 5545): one event to download, or a feed of many.

Times are stored in UTC and written as Europe/London local times with a TZID,
with a VTIMEZONE in the calendar, so a meeting at 18:30 stays at 18:30 for
people in London whichever side of a clock change it falls.

The text written here (summaries, descriptions, locations) is data for calendar
apps. ``describe`` gives a short English description; a view that wants another
language composes its own and passes it in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from plugins.meetings.models import Meeting

LONDON = ZoneInfo("Europe/London")
PRODID = "-//Harrow Strategic Partnership//Portal//EN"
UID_DOMAIN = "harrowpartnership.org.uk"


def meeting_uid(meeting: Meeting) -> str:
    """The event's UID: the same every time, so calendar apps update rather than duplicate."""
    if meeting.id is None:
        raise ValueError("a meeting needs an id (save it first) before it can go in a calendar")
    return f"meeting-{meeting.id}@{UID_DOMAIN}"


def as_utc(moment: datetime) -> datetime:
    """A stored time as an aware UTC datetime (SQLite hands back naive ones, which are UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def london_time(moment: datetime) -> datetime:
    """A stored time as a Europe/London local time, for writing with TZID=Europe/London.

    In the hour that repeats when the clocks go back, a local time names two instants and
    calendar apps read it as the first (RFC 5545 3.3.5); a meeting in the second is written
    in UTC instead, so it is never shown an hour early.
    """
    instant = as_utc(moment)
    local = instant.astimezone(LONDON)
    if local.replace(fold=0).astimezone(UTC) != instant:
        return instant
    return local


def _text(value: str | None) -> str:
    """A text column's value, stripped ("" for a meeting built in memory and not yet saved)."""
    return (value or "").strip()


def location(meeting: Meeting) -> str:
    """Venue and address on one line, or the online link for a meeting held only online."""
    lines = _text(meeting.address).splitlines()
    address = ", ".join(line.strip() for line in lines if line.strip())
    place = ", ".join(part for part in (_text(meeting.venue), address) if part)
    return place or _text(meeting.online_url)


def access_information(meeting: Meeting) -> list[str]:
    """The venue's access facilities, in short plain English (only what the organiser ticked)."""
    lines = []
    if meeting.step_free:
        lines.append("Step-free access.")
    if meeting.hearing_loop:
        lines.append("Hearing loop.")
    if meeting.parking:
        lines.append("Parking.")
    if _text(meeting.access_notes):
        lines.append(_text(meeting.access_notes))
    return lines


def describe(meeting: Meeting) -> str:
    """The default (English) DESCRIPTION: the meeting's description, how to join, access."""
    parts = []
    if _text(meeting.description):
        parts.append(_text(meeting.description))
    online = _text(meeting.online_url)
    if online and location(meeting) != online:
        parts.append(f"Join online: {online}")
    access = access_information(meeting)
    if access:
        parts.append("Access: " + " ".join(access))
    return "\n\n".join(parts)


def meeting_event(meeting: Meeting, url: str, *, description: str | None = None) -> Event:
    """One meeting as a VEVENT; ``description`` replaces the English one from ``describe``."""
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", datetime.now(UTC).replace(microsecond=0))
    event.add("dtstart", london_time(meeting.starts_at))
    event.add("dtend", london_time(meeting.ends_at))
    event.add("summary", meeting.title)
    text = describe(meeting) if description is None else description
    if text:
        event.add("description", text)
    where = location(meeting)
    if where:
        event.add("location", where)
    event.add("url", url)
    event.add("status", "CANCELLED" if meeting.cancelled_at is not None else "CONFIRMED")
    return event


def calendar_for(
    meetings: Iterable[Meeting],
    url_for_meeting: Callable[[Meeting], str],
    name: str,
    *,
    describe_meeting: Callable[[Meeting], str] | None = None,
) -> bytes:
    """A VCALENDAR holding one VEVENT per meeting, with the VTIMEZONE they need, as bytes.

    ``describe_meeting`` composes each DESCRIPTION (for instance in the reader's language);
    without it the English ``describe`` is used.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", LONDON.key)
    years = []
    for meeting in meetings:
        calendar.add_component(meeting_event(
            meeting, url_for_meeting(meeting),
            description=describe_meeting(meeting) if describe_meeting else None,
        ))
        years += [as_utc(meeting.starts_at).year, as_utc(meeting.ends_at).year]
    if years:
        # Transitions only for the years the meetings fall in, not the library's 1970-2038.
        calendar.add_missing_timezones(first_date=date(min(years) - 1, 12, 1),
                                       last_date=date(max(years) + 1, 1, 31))
    return calendar.to_ical()
