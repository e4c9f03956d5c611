"""Meetings as iCalendar: London local times with a VTIMEZONE, stable UIDs, escaped text.

Everything is checked by parsing the output back with icalendar, as a calendar app would.
No database: the meetings are built in memory.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from plugins.meetings.calendar import (
    LONDON,
    PRODID,
    calendar_for,
    describe,
    meeting_event,
)
from plugins.meetings.models import Meeting, MeetingKind

URL = "https://portal.example/meetings/{id}"
GUJARATI = "હેરો ભાગીદારી બેઠક"  # "Harrow partnership meeting"


def make_meeting(starts_at: datetime, ends_at: datetime | None = None, **fields) -> Meeting:
    values = dict(
        id=7, title="Stakeholder meeting", kind=MeetingKind.STAKEHOLDER,
        description="Have your say on the partnership's plans.",
        starts_at=starts_at, ends_at=ends_at or starts_at + timedelta(hours=2),
        venue="Harrow Civic Centre", address="Station Road\nHarrow\nHA1 2XY", online_url="",
        step_free=False, hearing_loop=False, parking=False, access_notes="",
        cancelled_at=None, capacity=100,
    )
    values.update(fields)
    return Meeting(**values)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def parse(meetings: list[Meeting], **kwargs) -> Calendar:
    data = calendar_for(meetings, lambda m: URL.format(id=m.id), "Harrow meetings", **kwargs)
    assert isinstance(data, bytes)
    return Calendar.from_ical(data)


def only_event(meeting: Meeting, **kwargs):
    (event,) = parse([meeting], **kwargs).events
    return event


def unfolded(data: bytes) -> str:
    return data.decode("utf-8").replace("\r\n ", "")


# --- times ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("stored", "local_day"), [
    (utc(2026, 10, 20, 17, 30), 20),  # British Summer Time: UTC+1
    (utc(2026, 11, 3, 18, 30), 3),    # Greenwich Mean Time: UTC+0
])
def test_half_past_six_in_london_either_side_of_the_clock_change(stored, local_day):
    meeting = make_meeting(stored)
    data = calendar_for([meeting], lambda m: "https://x.example/", "Meetings")
    month = stored.month
    assert f"DTSTART;TZID=Europe/London:2026{month:02}{local_day:02}T183000" in unfolded(data)
    assert f"DTEND;TZID=Europe/London:2026{month:02}{local_day:02}T203000" in unfolded(data)

    event = Calendar.from_ical(data).events[0]
    assert (event.start.hour, event.start.minute) == (18, 30)
    assert event.start.tzinfo == ZoneInfo("Europe/London")
    assert event.start == stored  # the same instant
    assert event.end == stored + timedelta(hours=2)


def test_naive_times_from_sqlite_are_read_as_utc():
    event = only_event(make_meeting(datetime(2026, 10, 20, 17, 30)))
    assert (event.start.hour, event.start.minute) == (18, 30)
    assert event.start == utc(2026, 10, 20, 17, 30)


def test_the_vtimezone_has_standard_and_daylight_and_gives_the_right_offsets():
    calendar = parse([make_meeting(utc(2026, 10, 20, 17, 30)),
                      make_meeting(utc(2026, 11, 3, 18, 30), id=8)])
    (timezone,) = calendar.timezones
    assert timezone["TZID"] == "Europe/London"
    assert timezone.standard and timezone.daylight
    assert {str(s["TZNAME"]) for s in timezone.daylight} == {"BST"}
    assert calendar.get_missing_tzids() == set()
    # Build a time zone from the VTIMEZONE alone (not the system's zoneinfo by name), as a
    # calendar app that does not know "Europe/London" would, and check that it reads London
    # wall-clock times (what DTSTART and DTEND hold) as the same instants, around both changes.
    from_vtimezone = timezone.to_tz(lookup_tzid=False)
    for wall_clock in (datetime(2026, 3, 29, 0, 59), datetime(2026, 3, 29, 2, 0),
                       datetime(2026, 10, 20, 18, 30), datetime(2026, 10, 25, 0, 30),
                       datetime(2026, 10, 25, 1, 30), datetime(2026, 10, 25, 2, 0),
                       datetime(2026, 10, 25, 3, 30), datetime(2026, 11, 3, 18, 30)):
        assert wall_clock.replace(tzinfo=from_vtimezone).utcoffset() == \
            wall_clock.replace(tzinfo=LONDON).utcoffset(), wall_clock


def test_a_meeting_across_the_clock_change_lasts_four_real_hours():
    # 25 October 2026: clocks go back at 02:00 BST. 00:30 BST is 23:30 UTC the day before;
    # 03:30 GMT is 03:30 UTC.
    meeting = make_meeting(utc(2026, 10, 24, 23, 30), utc(2026, 10, 25, 3, 30))
    data = calendar_for([meeting], lambda m: "https://x.example/", "Meetings")
    assert "DTSTART;TZID=Europe/London:20261025T003000" in unfolded(data)
    assert "DTEND;TZID=Europe/London:20261025T033000" in unfolded(data)
    event = Calendar.from_ical(data).events[0]
    assert event.start.astimezone(UTC) == utc(2026, 10, 24, 23, 30)
    assert event.end.astimezone(UTC) == utc(2026, 10, 25, 3, 30)
    # Subtracting two London times gives wall-clock time (3 hours); the real time is 4.
    assert event.end.astimezone(UTC) - event.start.astimezone(UTC) == timedelta(hours=4)


def test_the_repeated_hour_when_the_clocks_go_back_keeps_the_right_instant():
    first = make_meeting(utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 0, 45))  # 01:30 BST
    second = make_meeting(utc(2026, 10, 25, 1, 30), utc(2026, 10, 25, 1, 45), id=8)  # 01:30 GMT
    data = calendar_for([first, second], lambda m: "https://x.example/", "Meetings")
    text = unfolded(data)
    assert "DTSTART;TZID=Europe/London:20261025T013000" in text
    assert "DTSTART:20261025T013000Z" in text  # "01:30 London" would mean the first one
    # Compare in UTC: Python never calls a time in the repeated hour equal to one in another zone.
    starts = [e.start.astimezone(UTC) for e in Calendar.from_ical(data).events]
    assert starts == [utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30)]


def test_dtstamp_is_now_in_utc():
    before = datetime.now(UTC).replace(microsecond=0)
    event = only_event(make_meeting(utc(2026, 10, 20, 17, 30)))
    stamp = event.DTSTAMP
    assert stamp.tzinfo is not None and stamp.utcoffset() == timedelta(0)
    assert before <= stamp <= datetime.now(UTC)


# --- identity, status, location ------------------------------------------------------------

def test_uid_is_stable_and_names_the_meeting():
    meeting = make_meeting(utc(2026, 10, 20, 17, 30), id=42)
    first = only_event(meeting)
    again = only_event(meeting)
    assert first["UID"] == again["UID"] == "meeting-42@harrowpartnership.org.uk"
    assert str(meeting_event(meeting, "https://x.example/")["UID"]) == first["UID"]


def test_an_unsaved_meeting_cannot_go_in_a_calendar():
    with pytest.raises(ValueError):
        meeting_event(make_meeting(utc(2026, 10, 20, 17, 30), id=None), "https://x.example/")


def test_status_is_cancelled_or_confirmed():
    cancelled = make_meeting(utc(2026, 10, 20, 17, 30), cancelled_at=utc(2026, 10, 1, 9))
    going_ahead = make_meeting(utc(2026, 11, 3, 18, 30), id=8)
    events = parse([cancelled, going_ahead]).events
    assert [str(e["STATUS"]) for e in events] == ["CANCELLED", "CONFIRMED"]


def test_location_of_an_online_meeting_is_its_link():
    meeting = make_meeting(utc(2026, 10, 20, 17, 30), venue="", address="",
                           online_url="https://meet.example/abc?x=1;y=2")
    event = only_event(meeting)
    assert str(event["LOCATION"]) == "https://meet.example/abc?x=1;y=2"
    assert "Join online" not in str(event["DESCRIPTION"])


def test_location_of_a_meeting_in_a_venue_is_venue_and_address_on_one_line():
    event = only_event(make_meeting(utc(2026, 10, 20, 17, 30)))
    assert str(event["LOCATION"]) == "Harrow Civic Centre, Station Road, Harrow, HA1 2XY"


def test_a_hybrid_meeting_is_located_at_the_venue_with_the_link_in_the_description():
    meeting = make_meeting(utc(2026, 10, 20, 17, 30), online_url="https://meet.example/abc")
    event = only_event(meeting)
    assert str(event["LOCATION"]).startswith("Harrow Civic Centre")
    assert "Join online: https://meet.example/abc" in str(event["DESCRIPTION"])


def test_url_comes_from_the_callback():
    calendar = parse([make_meeting(utc(2026, 10, 20, 17, 30), id=3),
                      make_meeting(utc(2026, 11, 3, 18, 30), id=4)])
    assert [str(e["URL"]) for e in calendar.events] == [URL.format(id=3), URL.format(id=4)]


# --- text ----------------------------------------------------------------------------------

def test_description_has_the_access_information_in_plain_english():
    meeting = make_meeting(utc(2026, 10, 20, 17, 30), step_free=True, hearing_loop=True,
                           access_notes="Enter by the side door.")
    description = str(only_event(meeting)["DESCRIPTION"])
    assert description.startswith("Have your say on the partnership's plans.")
    assert "Access: Step-free access. Hearing loop. Enter by the side door." in description
    assert "Parking" not in description
    assert description == describe(meeting)


def test_the_caller_can_compose_the_description_for_example_translated():
    meeting = make_meeting(utc(2026, 10, 20, 17, 30))
    event = meeting_event(meeting, "https://x.example/", description=GUJARATI)
    assert str(event["DESCRIPTION"]) == GUJARATI
    event = only_event(meeting, describe_meeting=lambda m: f"{GUJARATI} #{m.id}")
    assert str(event["DESCRIPTION"]) == f"{GUJARATI} #7"


def test_text_with_commas_semicolons_newlines_and_gujarati_is_escaped_and_round_trips():
    title = f"Budget, priorities; and you\n{GUJARATI}"
    description = "Line one, with a comma;\nline two\\ with a backslash\n" + GUJARATI * 5
    venue = "Civic Centre; Room 3, first floor"
    meeting = make_meeting(utc(2026, 10, 20, 17, 30), title=title, description=description,
                           venue=venue, address="")
    data = calendar_for([meeting], lambda m: "https://x.example/", f"બેઠકો, {GUJARATI}")

    text = unfolded(data)
    assert "SUMMARY:Budget\\, priorities\\; and you\\n" + GUJARATI in text
    assert "LOCATION:Civic Centre\\; Room 3\\, first floor" in text
    assert "\\\\ with a backslash" in text
    for line in data.split(b"\r\n"):  # folded at 75 octets, never inside a character
        assert len(line) <= 75
        line.decode("utf-8")

    calendar = Calendar.from_ical(data)
    event = calendar.events[0]
    assert str(event["SUMMARY"]) == title
    assert str(event["DESCRIPTION"]) == description
    assert str(event["LOCATION"]) == venue
    assert str(calendar["X-WR-CALNAME"]) == f"બેઠકો, {GUJARATI}"


# --- the calendar --------------------------------------------------------------------------

def test_the_calendar_header_and_one_event_per_meeting():
    meetings = [make_meeting(utc(2026, 10, 20, 17, 30), id=1),
                make_meeting(utc(2026, 11, 3, 18, 30), id=2),
                make_meeting(utc(2027, 3, 2, 18, 30), id=3)]
    calendar = parse(meetings)
    assert str(calendar["PRODID"]) == PRODID == "-//Harrow Strategic Partnership//Portal//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "Harrow meetings"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/London"
    assert [str(e["UID"]) for e in calendar.events] == [
        f"meeting-{n}@harrowpartnership.org.uk" for n in (1, 2, 3)]
    assert len(calendar.timezones) == 1


def test_an_empty_calendar_has_no_timezone_and_still_parses():
    calendar = parse([])
    assert calendar.events == [] and calendar.timezones == []
    assert str(calendar["X-WR-CALNAME"]) == "Harrow meetings"
