"""Meetings through their pages: sign up, private link, cancel, organise, calendars."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from plugins.meetings.models import Meeting, SignUp, SignUpState
from portal.extensions import db
from portal.identity.models import Role
from portal.mail import OutboxMessage
from tests.conftest import submit


@pytest.fixture
def meeting(app):
    with app.app_context():
        now = datetime.now(UTC)
        found = Meeting(title="Spring stakeholder meeting", kind="stakeholder",
                        starts_at=now + timedelta(days=30), ends_at=now + timedelta(days=30,
                                                                                   hours=2),
                        venue="Harrow Civic Centre", capacity=2, places_taken=0,
                        max_places_per_sign_up=2, step_free=True,
                        sign_up_opens_at=now - timedelta(days=1),
                        sign_up_closes_at=now + timedelta(days=29))
        db.session.add(found)
        db.session.commit()
        return found.id


def sign_up(client, meeting_id, name, email, lang="en", **extra):
    data = {"name": name, "email": email, "places": "1", **extra}
    return submit(client, f"/{lang}/meetings/{meeting_id}/sign-up", data,
                  form_url=f"/{lang}/meetings/{meeting_id}")


def private_link(app, email) -> str:
    with app.app_context():
        message = db.session.scalars(db.select(OutboxMessage).where(
            OutboxMessage.recipient == email).order_by(OutboxMessage.id.desc())).first()
    return re.search(r"https?://\S+", message.body).group(0).replace("http://portal.test", "")


def test_signing_up_without_an_account_books_a_place_and_emails_a_private_link(app, client,
                                                                              meeting):
    response = sign_up(client, meeting, "Asha Patel", "asha@example.org", lang="gu",
                       wheelchair="y", interpreter_language="Gujarati")
    assert response.status_code == 302
    link = private_link(app, "asha@example.org")
    assert link.startswith("/gu/meetings/sign-ups/")
    page = app.test_client().get(link).get_data(as_text=True)
    assert "Asha Patel" in page and "Spring stakeholder meeting" in page
    with app.app_context():
        record = db.session.scalar(db.select(SignUp))
        assert record.state == SignUpState.CONFIRMED and record.wheelchair
        assert record.language == "gu"


def test_when_full_people_wait_and_a_cancellation_promotes_the_first(app, client, meeting):
    for n in range(3):
        sign_up(client, meeting, f"Person {n}", f"p{n}@example.org")
    with app.app_context():
        states = [s.state for s in db.session.scalars(db.select(SignUp).order_by(SignUp.id))]
    assert states == [SignUpState.CONFIRMED, SignUpState.CONFIRMED, SignUpState.WAITING]
    other = app.test_client()
    link = private_link(app, "p0@example.org")
    assert submit(other, link + "/cancel", {}, form_url=link).status_code == 302
    with app.app_context():
        states = {s.email: s.state for s in db.session.scalars(db.select(SignUp))}
        promoted = db.session.scalars(db.select(OutboxMessage).where(
            OutboxMessage.recipient == "p2@example.org")).all()
    assert states["p0@example.org"] == SignUpState.CANCELLED
    assert states["p2@example.org"] == SignUpState.CONFIRMED
    assert len(promoted) == 2  # waiting, then promoted


def test_a_bad_private_link_is_not_found(client, meeting):
    assert client.get("/en/meetings/sign-ups/not-a-token").status_code == 404


def test_bad_sign_up_input_is_refused_and_nothing_saved(app, client, meeting):
    response = sign_up(client, meeting, "", "not-an-email", places="99")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'href="#name"' in page and 'href="#email"' in page and 'href="#places"' in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(SignUp.id))) == 0


def test_an_officer_sets_up_a_meeting_in_london_time_across_the_clock_change(app, client,
                                                                            make_user, login):
    make_user("clerk@example.org", role=Role.OFFICER)
    login("clerk@example.org")
    data = {"title": "Autumn stakeholder meeting", "kind": "stakeholder", "body_id": "",
            "description": "", "day": "2026-11-03", "starts": "18:30", "ends": "20:30",
            "venue": "Harrow Arts Centre", "address": "", "online_url": "", "access_notes": "",
            "capacity": "100", "max_places": "4", "opens_day": "2026-10-01",
            "opens_time": "09:00", "closes_day": "2026-11-02", "closes_time": "17:00",
            "step_free": "y"}
    assert submit(client, "/en/meetings/manage/new", data).status_code == 302
    summer = dict(data, title="Summer meeting", day="2026-10-20", closes_day="2026-10-19")
    assert submit(client, "/en/meetings/manage/new", summer).status_code == 302
    with app.app_context():
        starts = {m.title: m.starts_at.replace(tzinfo=UTC) if m.starts_at.tzinfo is None
                  else m.starts_at for m in db.session.scalars(db.select(Meeting))}
    assert starts["Autumn stakeholder meeting"].astimezone(UTC).hour == 18  # GMT
    assert starts["Summer meeting"].astimezone(UTC).hour == 17  # BST
    bad = submit(client, "/en/meetings/manage/new", dict(data, ends="17:00", capacity="0"))
    assert bad.status_code == 400


def test_organisers_see_access_needs_totalled_and_can_export_them(app, client, meeting,
                                                                  make_user, login):
    sign_up(client, meeting, "A", "a@example.org", bsl="y", interpreter_language="Gujarati")
    sign_up(client, meeting, "B", "b@example.org", bsl="y", interpreter_language="gujarati")
    make_user("clerk@example.org", role=Role.OFFICER)
    login("clerk@example.org")
    page = client.get(f"/en/meetings/manage/{meeting}/attendees").get_data(as_text=True)
    assert "BSL interpreter: 2" in page
    assert re.search(r"Gujarati interpreter: 2", page, re.IGNORECASE)
    csv_text = client.get(f"/en/meetings/manage/{meeting}/attendees.csv").get_data(as_text=True)
    assert "a@example.org" in csv_text and csv_text.startswith("state,name,email")


def test_attendee_details_are_for_organisers_only(app, client, meeting, make_user, login):
    make_user()
    login()
    assert client.get(f"/en/meetings/manage/{meeting}/attendees").status_code == 403


def test_the_meeting_and_the_feed_download_as_icalendar(app, client, meeting):
    single = client.get(f"/en/meetings/{meeting}/calendar.ics")
    assert single.mimetype == "text/calendar"
    events = Calendar.from_ical(single.data).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Spring stakeholder meeting"]
    feed = Calendar.from_ical(client.get("/en/meetings/calendar.ics").data)
    assert len(feed.walk("VEVENT")) == 1


def test_the_listing_shows_upcoming_meetings(client, meeting):
    page = client.get("/en/meetings/").get_data(as_text=True)
    assert f'href="/en/meetings/{meeting}"' in page


def test_personal_details_are_anonymised_after_the_retention_period(app, meeting):
    with app.app_context():
        found = db.session.get(Meeting, meeting)
        db.session.add(SignUp(meeting=found, name="Old Attendee", email="old@example.org",
                              places=1, state=SignUpState.CONFIRMED, token_hash="x" * 64))
        found.starts_at = datetime.now(UTC) - timedelta(days=100)
        found.ends_at = datetime.now(UTC) - timedelta(days=100)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["meetings", "anonymise", "--days", "90"])
    assert result.exit_code == 0 and "1 sign-ups anonymised" in result.output
    with app.app_context():
        record = db.session.scalar(db.select(SignUp))
        assert record.name != "Old Attendee" and "old@" not in record.email


def test_an_officer_records_attendance_and_the_page_says_whether_it_was_quorate(
        app, client, make_user, login):
    from datetime import date

    from portal.bodies.models import Body, BodyKind, Membership, Sector

    with app.app_context():
        board = Body(slug="hsp-board", name="HSP Board", kind=BodyKind.BOARD,
                     quorum_members=4, quorum_sectors=4)
        seats = [Membership(body=board, person_name=f"Member {s.value}", sector=s,
                            started_on=date(2020, 1, 1))
                 for s in (Sector.COUNCIL, Sector.HEALTH, Sector.POLICE, Sector.BUSINESS)]
        seats.append(Membership(body=board, person_name="Second councillor",
                                sector=Sector.COUNCIL, started_on=date(2020, 1, 1)))
        db.session.add_all([board, *seats])
        now = datetime.now(UTC)
        found = Meeting(title="Board", kind="board", body=board, starts_at=now - timedelta(days=1),
                        ends_at=now - timedelta(hours=20), capacity=10, places_taken=0,
                        sign_up_opens_at=now - timedelta(days=9),
                        sign_up_closes_at=now - timedelta(days=2))
        db.session.add(found)
        db.session.commit()
        meeting_id, ids = found.id, {m.person_name: m.id for m in seats}
    make_user("clerk@example.org", role=Role.OFFICER)
    login("clerk@example.org")
    url = f"/en/meetings/manage/{meeting_id}/attendance"
    three_sectors = [ids["Member council"], ids["Second councillor"], ids["Member health"],
                     ids["Member police"]]
    submit(client, url, {"present": [str(i) for i in three_sectors]})
    assert "Not quorate" in client.get(f"/en/meetings/{meeting_id}").get_data(as_text=True)
    four_sectors = three_sectors + [ids["Member business"]]
    submit(client, url, {"present": [str(i) for i in four_sectors]})
    page = client.get(f"/en/meetings/{meeting_id}").get_data(as_text=True)
    assert "Quorate" in page and "Not quorate" not in page
    tie = submit(client, f"/en/meetings/manage/{meeting_id}/decisions",
                 {"text": "Fund the project", "method": "casting_vote", "votes_for": "3",
                  "votes_against": "2"}, form_url=url)
    assert tie.status_code == 400
    ok = submit(client, f"/en/meetings/manage/{meeting_id}/decisions",
                {"text": "Fund the project", "method": "casting_vote", "votes_for": "2",
                 "votes_against": "2", "abstentions": "1"}, form_url=url)
    assert ok.status_code == 302
    page = client.get(f"/en/meetings/{meeting_id}").get_data(as_text=True)
    assert "Fund the project" in page and "2 for, 2 against, 1 abstaining" in page


def test_reminders_go_once_to_confirmed_people_before_the_meeting(app, client, meeting):
    sign_up(client, meeting, "Asha", "asha@example.org", lang="ro")
    with app.app_context():
        found = db.session.get(Meeting, meeting)
        found.starts_at = datetime.now(UTC) + timedelta(hours=20)
        db.session.commit()
    runner = app.test_cli_runner()
    assert "0 reminders" in runner.invoke(args=["meetings", "remind", "--hours", "12"]).output
    assert "1 reminders" in runner.invoke(args=["meetings", "remind", "--hours", "24"]).output
    assert "0 reminders" in runner.invoke(args=["meetings", "remind", "--hours", "24"]).output
    with app.app_context():
        reminder = db.session.scalars(db.select(OutboxMessage).where(
            OutboxMessage.recipient == "asha@example.org").order_by(
            OutboxMessage.id.desc())).first()
    assert reminder.language == "ro" and "Spring stakeholder meeting" in reminder.subject


def test_the_reminder_time_comes_from_the_environment(tmp_path, monkeypatch):
    from portal.config import from_environment

    monkeypatch.setenv("PORTAL_MEETINGS_REMINDER_HOURS", "72")
    assert from_environment()["MEETINGS_REMINDER_HOURS"] == "72"


def test_organisers_email_everyone_signed_up_through_the_outbox(app, client, meeting,
                                                               make_user, login):
    for n in range(3):
        sign_up(client, meeting, f"Person {n}", f"p{n}@example.org")
    make_user("clerk@example.org", role=Role.OFFICER)
    login("clerk@example.org")
    url = f"/en/meetings/manage/{meeting}/message"
    assert submit(client, url, {"subject": "", "text": ""}).status_code == 400
    response = submit(client, url, {"subject": "Room change", "text": "We meet in Room 2."})
    assert response.status_code == 302
    with app.app_context():
        sent = db.session.scalars(db.select(OutboxMessage).where(
            OutboxMessage.subject.like("%Room change%"))).all()
    assert sorted(m.recipient for m in sent) == ["p0@example.org", "p1@example.org"]
    assert "We meet in Room 2." in sent[0].body


def test_a_meeting_links_its_published_papers_and_hides_part2_ones(app, client, meeting,
                                                                  make_user, login):
    from portal.publishing import service
    from portal.publishing.models import Document

    make_user("clerk@example.org", role=Role.OFFICER)
    admin_id = make_user("boss@example.org", role=Role.ADMINISTRATOR)
    with app.app_context():
        from portal.identity.models import User

        author = db.session.scalar(db.select(User).where(User.email == "clerk@example.org"))
        for slug, part2 in (("spring-agenda", None), ("spring-private-minutes", 1)):
            doc = service.new_document(author, {
                "slug": slug, "kind": "agenda", "body_id": None, "part2_paragraph": part2,
                "document_date": "2026-03-01", "easy_read_of_id": None, "agenda_items": [],
                "versions": {"en": {"title": f"Paper {slug}", "summary": "", "body": "",
                                    "review": "source"}}})
            db.session.flush()
            service.publish(doc, db.session.get(User, admin_id))
        found = db.session.get(Meeting, meeting)
        found.agenda_slug, found.minutes_slug = "spring-agenda", "spring-private-minutes"
        db.session.commit()
        assert db.session.scalar(db.select(db.func.count(Document.id))) == 2
    page = client.get(f"/en/meetings/{meeting}").get_data(as_text=True)
    assert "Paper spring-agenda" in page and "spring-private-minutes" not in page
    login("clerk@example.org")
    page = client.get(f"/en/meetings/{meeting}").get_data(as_text=True)
    assert "Paper spring-private-minutes" in page
    bad = submit(client, f"/en/meetings/manage/{meeting}", {
        "title": "X", "kind": "stakeholder", "body_id": "", "day": "2026-11-03",
        "starts": "18:30", "ends": "20:30", "capacity": "10", "max_places": "2",
        "opens_day": "2026-10-01", "opens_time": "09:00", "closes_day": "2026-11-02",
        "closes_time": "17:00", "agenda_slug": "no-such-paper"})
    assert bad.status_code == 400 and "No publication has this web address name" in \
        bad.get_data(as_text=True)


def test_the_private_link_lets_people_change_their_number_of_places(app, client, meeting):
    sign_up(client, meeting, "Asha", "asha@example.org")
    link = private_link(app, "asha@example.org")
    other = app.test_client()
    assert submit(other, link + "/places", {"places": "2"}, form_url=link).status_code == 302
    too_many = submit(other, link + "/places", {"places": "5"}, form_url=link)
    assert too_many.status_code == 409
    with app.app_context():
        record = db.session.scalar(db.select(SignUp))
        found = db.session.get(Meeting, meeting)
        assert (record.places, found.places_taken) == (2, 2)


def test_a_signed_in_sign_up_reads_nothing_again_after_saving(app, client, make_user, meeting):
    """Profiled for issue 9: the notice and the redirect need no query after the commit."""
    from tests.portal.test_query_counts import counting

    make_user("resident@example.org", name="Ravi Resident")
    assert submit(client, "/en/account/login", {
        "email": "resident@example.org", "password": "correct horse battery"}
    ).status_code == 302
    url = f"/en/meetings/{meeting}"
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                      client.get(url).get_data(as_text=True)).group(1)
    with counting(app) as statements:
        response = client.post(url + "/sign-up", data={
            "csrf_token": token, "name": "Ravi Resident", "email": "resident@example.org",
            "places": "1"})
    assert response.status_code == 302
    kinds = [" ".join(s.split()).split(" ", 1)[0].upper() for s in statements]
    last_write = max(i for i, kind in enumerate(kinds) if kind in {"INSERT", "UPDATE"})
    assert kinds[last_write + 1:] == []  # nothing loaded again after the writes
    assert len(statements) <= 9
    assert "You have a place." in client.get(url).get_data(as_text=True)
