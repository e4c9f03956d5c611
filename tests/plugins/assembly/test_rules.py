"""The rules residents and officers rely on: the window, one support each, reports,
rate limits, who sees what, safe rendering, open data and the plugin switched off."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from plugins.assembly.models import CafeTable, Event, Round, Support, Topic
from portal.extensions import db
from portal.identity.models import Organisation, OrganisationMember, User
from tests.conftest import submit
from tests.plugins.assembly.conftest import SLUG, approve, send_topic, signed_in, topic_id


def close_window(app, event):
    with app.app_context():
        found = db.session.get(Event, event)
        found.window_closes_at = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()


def test_outside_the_window_the_form_is_closed_and_nothing_is_saved(
        app, client, make_user, login, event, question):
    make_user()
    login()
    form_url = f"/en/assembly/{SLUG}/topics/new"
    token_page = client.get(form_url).text
    close_window(app, event)
    assert "the window is closed" in client.get(form_url).text
    assert 'name="title"' not in client.get(form_url).text
    from tests.conftest import CSRF
    response = client.post(form_url, data={
        "csrf_token": CSRF.search(token_page).group(1), "title": "Late", "description": "x",
        "question_id": str(question), "language": "en", "organisation_id": ""})
    assert response.status_code == 409
    assert "the window is closed" in response.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Topic.id))) == 0


def test_a_person_supports_a_topic_once_and_can_withdraw(app, client, make_user, login, event,
                                                        question, as_officer):
    make_user()
    login()
    send_topic(client, question)
    tid = topic_id(app, "Shop local")
    approve(as_officer, event, tid)
    page = f"/en/assembly/{SLUG}/topics/{tid}"
    fan = signed_in(app, make_user, "fan@example.org")
    first = submit(fan, f"{page}/support", {}, form_url=page, follow_redirects=True)
    assert "Thank you: you support this topic." in first.text
    second = submit(fan, f"{page}/support", {}, form_url=page, follow_redirects=True)
    assert second.status_code == 200 and "You already support this topic." in second.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Support.id))) == 1
    submit(fan, f"{page}/unsupport", {}, form_url=page)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Support.id))) == 0


def test_topics_sort_by_support_and_newest(app, client, make_user, login, event, question,
                                           as_officer):
    make_user()
    login()
    for title in ("Older topic", "Newer topic"):
        send_topic(client, question, title=title)
        approve(as_officer, event, topic_id(app, title))
    older = topic_id(app, "Older topic")
    fan = signed_in(app, make_user, "fan@example.org")
    submit(fan, f"/en/assembly/{SLUG}/topics/{older}/support", {},
           form_url=f"/en/assembly/{SLUG}/topics/{older}")
    public = app.test_client()
    by_support = public.get(f"/en/assembly/{SLUG}?sort=support").text
    newest = public.get(f"/en/assembly/{SLUG}?sort=newest").text
    assert by_support.index("Older topic") < by_support.index("Newer topic")
    assert newest.index("Newer topic") < newest.index("Older topic")
    assert client.get(f"/en/assembly/{SLUG}?sort=question").status_code == 200


def test_a_new_topic_is_hidden_from_others_but_its_submitter_can_edit_and_withdraw_it(
        app, client, make_user, login, event, question):
    make_user()
    login()
    send_topic(client, question, title="My draft")
    tid = topic_id(app, "My draft")
    url = f"/en/assembly/{SLUG}/topics/{tid}"
    assert client.get(url).status_code == 200
    nosy = signed_in(app, make_user, "nosy@example.org")
    assert nosy.get(url).status_code == 404
    assert nosy.get(f"{url}/edit").status_code == 404
    assert app.test_client().get(url).status_code == 404
    assert submit(client, f"{url}/edit", {"title": "My better draft", "description": "More.",
                                          "question_id": str(question), "language": "en",
                                          "organisation_id": ""}).status_code == 302
    assert "My better draft" in client.get(url).text
    assert submit(client, f"{url}/withdraw", {}, form_url=url).status_code == 302
    with app.app_context():
        assert db.session.get(Topic, tid).status.value == "withdrawn"


def test_an_approved_topic_can_no_longer_be_edited(app, client, make_user, login, event,
                                                   question, as_officer):
    make_user()
    login()
    send_topic(client, question)
    tid = topic_id(app, "Shop local")
    approve(as_officer, event, tid)
    url = f"/en/assembly/{SLUG}/topics/{tid}"
    response = client.get(f"{url}/edit", follow_redirects=True)
    assert "can no longer be changed" in response.text


def test_scripts_and_event_handlers_in_topics_are_shown_as_text(app, client, make_user, login,
                                                               event, question, as_officer):
    make_user()
    login()
    title = "<script>alert('x')</script>"
    send_topic(client, question, title=title,
               description='<img src=x onerror="alert(1)"> and <b>bold</b>')
    tid = topic_id(app, title)
    approve(as_officer, event, tid)
    for url in (f"/en/assembly/{SLUG}", f"/en/assembly/{SLUG}/topics/{tid}",
                f"/en/assembly/manage/{event}/queue?show=all"):
        page = (as_officer if "manage" in url else app.test_client()).get(url).text
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert" in page
    assert "&lt;img src=x onerror=" in app.test_client().get(
        f"/en/assembly/{SLUG}/topics/{tid}").text


def test_topics_carry_their_language_and_direction(app, client, make_user, login, event,
                                                   question, as_officer):
    make_user()
    login()
    send_topic(client, question, title="تحسين الحدائق", language="ar")
    tid = topic_id(app, "تحسين الحدائق")
    approve(as_officer, event, tid)
    page = app.test_client().get(f"/en/assembly/{SLUG}").text
    assert '<span lang="ar" dir="rtl">تحسين الحدائق</span>' in page


def test_a_member_can_send_a_topic_for_their_organisation(app, client, make_user, login, event,
                                                          question, as_officer):
    uid = make_user()
    with app.app_context():
        org = Organisation(slug="havs", name="Harrow Association for Voluntary Service",
                           sector="voluntary")
        db.session.add(org)
        db.session.flush()
        db.session.add(OrganisationMember(user_id=uid, organisation_id=org.id))
        db.session.commit()
        org_id = org.id
    login()
    assert "Harrow Association for Voluntary Service" in client.get(
        f"/en/assembly/{SLUG}/topics/new").text
    send_topic(client, question, title="Grants for small groups", organisation_id=str(org_id))
    tid = topic_id(app, "Grants for small groups")
    approve(as_officer, event, tid)
    assert "From Harrow Association for Voluntary Service" in app.test_client().get(
        f"/en/assembly/{SLUG}").text
    other = signed_in(app, make_user, "other@example.org")
    response = send_topic(other, question, title="Pretend", organisation_id=str(org_id))
    assert response.status_code == 400


def test_sending_too_many_topics_in_a_day_is_refused_with_a_clear_error(
        app, client, make_user, login, event, question):
    make_user()
    login()
    for n in range(5):
        assert send_topic(client, question, title=f"Topic {n}").status_code == 302
    response = send_topic(client, question, title="One too many")
    assert response.status_code == 429
    assert "the most we accept in a day" in response.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Topic.id))) == 5


def test_one_report_keeps_a_topic_public_three_hide_it_until_an_officer_decides(
        app, client, make_user, login, event, question, as_officer):
    make_user()
    login()
    send_topic(client, question, title="Contested topic")
    tid = topic_id(app, "Contested topic")
    approve(as_officer, event, tid)
    url = f"/en/assembly/{SLUG}/topics/{tid}"
    reporters = [signed_in(app, make_user, f"r{n}@example.org") for n in range(3)]
    submit(reporters[0], f"{url}/report", {"reason": "I dislike it"}, form_url=url)
    submit(reporters[0], f"{url}/report", {"reason": "again"}, form_url=url)
    submit(reporters[0], f"{url}/report", {"reason": "and again"}, form_url=url)
    assert "Contested topic" in app.test_client().get(f"/en/assembly/{SLUG}").text
    assert "Contested topic" in as_officer.get(
        f"/en/assembly/manage/{event}/queue?show=reported").text
    for person in reporters[1:]:
        submit(person, f"{url}/report", {"reason": ""}, form_url=url)
    assert "Contested topic" not in app.test_client().get(f"/en/assembly/{SLUG}").text
    assert app.test_client().get(url).status_code == 404
    approve(as_officer, event, tid)  # the officer looked and keeps it
    assert "Contested topic" in app.test_client().get(f"/en/assembly/{SLUG}").text
    assert "Contested topic" not in as_officer.get(
        f"/en/assembly/manage/{event}/queue?show=reported").text


def test_the_plan_warns_when_one_lead_has_two_tables_in_a_round(
        app, client, make_user, login, event, question, as_officer, officer):
    make_user()
    login()
    for title in ("First", "Second"):
        send_topic(client, question, title=title)
        approve(as_officer, event, topic_id(app, title))
    with app.app_context():
        round_ = Round(event_id=event, number=1, starts_at=datetime.now(UTC))
        round_.tables = [CafeTable(number=n, topic_id=topic_id(app, t), lead_id=officer)
                         for n, t in ((1, "First"), (2, "Second"))]
        db.session.add(round_)
        db.session.commit()
    page = as_officer.get(f"/en/assembly/manage/{event}/plan").text
    assert page.count("Clash: leads another table in this round") == 2


def test_open_data_lists_approved_topics_without_personal_data(
        app, client, make_user, login, event, question, as_officer):
    make_user(name="Asha Patel")
    login()
    send_topic(client, question, title="Public one")
    send_topic(client, question, title="Still waiting")
    approve(as_officer, event, topic_id(app, "Public one"))
    anonymous = app.test_client()
    csv_text = anonymous.get(f"/en/assembly/{SLUG}/topics.csv").text
    data = json.loads(anonymous.get(f"/en/assembly/{SLUG}/topics.json").text)
    assert "Public one" in csv_text and "Still waiting" not in csv_text
    assert [t["title"] for t in data["topics"]] == ["Public one"]
    for text in (csv_text, json.dumps(data), anonymous.get(
            f"/en/assembly/{SLUG}/recommendations.csv").text):
        assert "Asha" not in text and "@example.org" not in text
    recs = json.loads(anonymous.get(f"/en/assembly/{SLUG}/recommendations.json").text)
    assert recs["recommendations"] == []


def test_an_unpublished_event_is_not_found_except_by_officers(app, event, as_officer):
    with app.app_context():
        db.session.get(Event, event).published = False
        db.session.commit()
    assert app.test_client().get(f"/en/assembly/{SLUG}").status_code == 404
    assert "Spring Assembly" not in app.test_client().get("/en/assembly/").text
    assert as_officer.get(f"/en/assembly/{SLUG}").status_code == 200


def test_residents_cannot_open_the_officers_pages(app, client, make_user, login, event):
    make_user()
    login()
    for url in ("/en/assembly/manage/", f"/en/assembly/manage/{event}/queue",
                f"/en/assembly/manage/{event}/plan"):
        assert client.get(url).status_code == 403


def test_an_officer_creates_an_event_through_the_form(app, as_officer):
    response = submit(as_officer, "/en/assembly/manage/new", {
        "kind": "summit", "title": "Winter Summit", "slug": "winter-summit",
        "description": "", "day": "2027-01-20", "starts": "10:00", "place": "Harrow Arts Centre",
        "access_info": "Step-free.", "questions": "Jobs\nHousing\n",
        "opens_day": "2026-12-01", "opens_time": "09:00", "closes_day": "2027-01-10",
        "closes_time": "17:00", "published": "y"})
    assert response.status_code == 302
    page = app.test_client().get("/en/assembly/winter-summit").text
    assert "Winter Summit" in page and "<li>Housing</li>" in page
    bad = submit(as_officer, "/en/assembly/manage/new", {"kind": "summit", "title": ""})
    assert bad.status_code == 400 and 'href="#title"' in bad.text


@pytest.mark.parametrize("app", [{"PLUGINS": "meetings"}], indirect=True)
def test_when_disabled_the_assembly_is_not_found_and_not_in_the_navigation(app, client, event):
    assert client.get("/en/assembly/").status_code == 404
    assert client.get(f"/en/assembly/{SLUG}").status_code == 404
    assert "/en/assembly/" not in client.get("/en/").text


def test_the_assembly_is_in_the_navigation(client):
    assert '<a href="/en/assembly/">Assembly</a>' in client.get("/en/").text
    with client.application.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_approved_topics_are_found_by_the_site_search_and_new_ones_are_not(
        app, client, make_user, login, event, question, as_officer):
    make_user()
    login()
    send_topic(client, question, title="Allotments for everyone")
    send_topic(client, question, title="Allotments waiting list")
    approve(as_officer, event, topic_id(app, "Allotments for everyone"))
    page = app.test_client().get("/en/search?q=allotments").text
    assert "Allotments for everyone" in page and "Allotments waiting list" not in page


def test_an_event_is_found_by_its_number_too(app, event):
    response = app.test_client().get(f"/en/assembly/{event}")
    assert response.status_code == 301 and response.location.endswith(f"/en/assembly/{SLUG}")
    assert app.test_client().get("/en/assembly/999").status_code == 404


def test_officers_see_how_many_topics_wait_on_their_dashboard(app, client, make_user, login,
                                                              event, question, as_officer):
    make_user()
    login()
    send_topic(client, question)
    assert "1 topic is waiting to be checked." in as_officer.get("/en/dashboard").text
    assert "waiting to be checked" not in client.get("/en/dashboard").text
    assert "Manage the Assembly and Summits" in as_officer.get("/en/admin/").text


def test_a_resident_in_no_organisation_sends_a_topic_from_the_form_as_shown(
        app, client, make_user, login, event, question):
    make_user()
    login()
    form_url = f"/en/assembly/{SLUG}/topics/new"
    assert 'name="organisation_id"' not in client.get(form_url).text  # nothing to choose
    response = submit(client, form_url, {"title": "Shop local", "description": "Help traders.",
                                         "question_id": str(question), "language": "en"})
    assert response.status_code == 302, response.text
    with app.app_context():
        topic = db.session.scalar(db.select(Topic))
        assert topic.title == "Shop local" and topic.organisation_id is None
