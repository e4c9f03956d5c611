"""The whole cycle through the web forms: submit → moderate → support → plan →
recommend → outcome → the people who raised it are emailed."""

from __future__ import annotations

from plugins.assembly.models import Recommendation, StatusChange, Support, Topic, TopicStatus
from portal.api import Body, BodyKind
from portal.extensions import db
from portal.mail import OutboxMessage
from tests.conftest import submit
from tests.plugins.assembly.conftest import SLUG, approve, send_topic, signed_in, topic_id


def outbox(app, recipient=None):
    with app.app_context():
        query = db.select(OutboxMessage).order_by(OutboxMessage.id)
        if recipient:
            query = query.where(OutboxMessage.recipient == recipient)
        return [(m.recipient, m.subject, m.body, m.language)
                for m in db.session.scalars(query)]


def test_a_topic_goes_from_submission_to_an_outcome_emailed_to_those_who_raised_it(
        app, client, make_user, login, event, question, as_officer, officer):
    make_user("asha@example.org", name="Asha Patel")
    login("asha@example.org")
    with app.app_context():
        db.session.add(Body(slug="hsp-board", name="HSP Board", kind=BodyKind.BOARD))
        db.session.commit()
        board = db.session.scalar(db.select(Body.id))

    # Submit: waits for an officer and is not public.
    assert send_topic(client, question, title="Shop local first", will_lead="y",
                      ).status_code == 302
    tid = topic_id(app, "Shop local first")
    public = app.test_client()
    assert "Shop local first" not in public.get(f"/en/assembly/{SLUG}").text
    assert public.get(f"/en/assembly/{SLUG}/topics/{tid}").status_code == 404
    assert "Shop local first" in as_officer.get(f"/en/assembly/manage/{event}/queue").text

    # Moderate: approved, now public.
    approve(as_officer, event, tid)
    assert "Shop local first" in public.get(f"/en/assembly/{SLUG}").text
    [(_to, _subject, approved, _lang)] = outbox(app, "asha@example.org")
    assert "it is now public" in approved
    assert f"http://portal.test/en/assembly/{SLUG}/topics/{tid}" in approved

    # Support, by someone who reads Gujarati.
    supporter = signed_in(app, make_user, "dev@example.org", language="gu", name="Dev Shah")
    assert submit(supporter, f"/en/assembly/{SLUG}/topics/{tid}/support", {},
                  form_url=f"/en/assembly/{SLUG}/topics/{tid}").status_code == 302
    assert "1 person wants to discuss this" in public.get(f"/en/assembly/{SLUG}").text

    # Plan: a round and a table, led by the submitter who volunteered.
    plan = f"/en/assembly/manage/{event}/plan"
    assert submit(as_officer, f"{plan}/rounds", {"round-number": "1", "round-starts": "18:30"},
                  form_url=plan).status_code == 302
    page = as_officer.get(plan).text
    assert "Asha Patel (volunteered)" in page
    with app.app_context():
        from plugins.assembly.models import Round
        round_id = db.session.scalar(db.select(Round.id))
        asha = db.session.scalar(db.select(Topic.submitter_id).where(Topic.id == tid))
    assert submit(as_officer, f"{plan}/tables", {
        "table-round_id": str(round_id), "table-number": "1", "table-topic_id": str(tid),
        "table-lead_id": str(asha), "table-capacity": "8"}, form_url=plan).status_code == 302
    running = public.get(f"/en/assembly/{SLUG}/running-order").text
    assert "Shop local first" in running and "Asha Patel" in running

    # Recommend: referred to the Board.
    recs = f"/en/assembly/manage/{event}/recommendations"
    assert submit(as_officer, recs, {"topic_id": str(tid), "body_id": str(board),
                                     "text": "Run a shop-local week."}).status_code == 302
    with app.app_context():
        rec = db.session.scalar(db.select(Recommendation.id))
    [_approved, referral] = outbox(app, "asha@example.org")
    assert "Referred to: HSP Board" in referral[2] and "Run a shop-local week." in referral[2]

    # Outcome: accepted, dated, and everyone who raised or supported it is told.
    assert submit(as_officer, f"{recs}/{rec}", {
        "status": "accepted", "on": "2026-03-01", "outcome": "The week runs in May.",
        "reason": ""}).status_code == 302
    outcomes = public.get(f"/en/assembly/{SLUG}/outcomes").text
    assert "Run a shop-local week." in outcomes and "The week runs in May." in outcomes
    assert "Accepted" in outcomes and "HSP Board" in outcomes
    mails = {m[0]: m for m in outbox(app) if "What happened" in m[1] or m[3] == "gu"}
    assert set(mails) == {"asha@example.org", "dev@example.org"}
    assert mails["dev@example.org"][3] == "gu"
    assert "તમારા વિચારનું શું થયું" in mails["dev@example.org"][1]
    assert "The week runs in May." in mails["asha@example.org"][2]
    assert f"/en/assembly/{SLUG}/outcomes" in mails["asha@example.org"][2]
    with app.app_context():
        history = db.session.scalars(db.select(StatusChange.status).order_by(
            StatusChange.id)).all()
    assert [s.value for s in history] == ["referred", "accepted"]


def test_not_taken_forward_needs_a_reason(app, client, make_user, login, event, question,
                                          as_officer):
    make_user()
    login()
    send_topic(client, question)
    tid = topic_id(app, "Shop local")
    approve(as_officer, event, tid)
    with app.app_context():
        from datetime import date
        board = Body(slug="hsp-board", name="HSP Board", kind=BodyKind.BOARD)
        db.session.add(board)
        db.session.flush()
        rec = Recommendation(event_id=event, topic_id=tid, text="Do it", body_id=board.id,
                             status_on=date.today())
        db.session.add(rec)
        db.session.commit()
        rec_id = rec.id
    url = f"/en/assembly/manage/{event}/recommendations/{rec_id}"
    response = submit(as_officer, url, {"status": "not_taken_forward", "on": "2026-03-01",
                                        "outcome": "", "reason": ""})
    assert response.status_code == 400
    assert "Say why it was not taken forward" in response.text
    assert not [m for m in outbox(app) if "What happened" in m[1]]


def test_an_officer_can_reject_with_a_reason_the_submitter_is_emailed(
        app, client, make_user, login, event, question, as_officer):
    make_user()
    login()
    send_topic(client, question, title="Off topic")
    tid = topic_id(app, "Off topic")
    url = f"/en/assembly/manage/{event}/topics/{tid}"
    assert submit(as_officer, f"{url}/reject", {"reason": ""}, form_url=url).status_code == 400
    assert submit(as_officer, f"{url}/reject", {"reason": "This is for the planning committee."},
                  form_url=url).status_code == 302
    [(_to, subject, body, _lang)] = outbox(app, "resident@example.org")
    assert "Spring Assembly" in subject and "This is for the planning committee." in body
    assert app.test_client().get(f"/en/assembly/{SLUG}/topics/{tid}").status_code == 404


def test_merging_a_duplicate_carries_its_supporters_without_counting_anyone_twice(
        app, client, make_user, login, event, question, as_officer):
    make_user()
    login()
    send_topic(client, question, title="Keep the library open")
    other = signed_in(app, make_user, "b@example.org")
    send_topic(other, question, title="Save our library")
    keep, dup = topic_id(app, "Keep the library open"), topic_id(app, "Save our library")
    approve(as_officer, event, keep)
    approve(as_officer, event, dup)
    both = signed_in(app, make_user, "both@example.org")
    only_dup = signed_in(app, make_user, "dup@example.org")
    for person, topics in ((both, (keep, dup)), (only_dup, (dup,))):
        for t in topics:
            submit(person, f"/en/assembly/{SLUG}/topics/{t}/support", {},
                   form_url=f"/en/assembly/{SLUG}/topics/{t}")
    url = f"/en/assembly/manage/{event}/topics/{dup}"
    assert submit(as_officer, f"{url}/merge", {"survivor": str(keep)},
                  form_url=url).status_code == 302
    with app.app_context():
        supporters = db.session.scalars(db.select(Support.user_id).where(
            Support.topic_id == keep)).all()
        assert len(supporters) == len(set(supporters)) == 3  # both, dup, b (its submitter)
        assert db.session.get(Topic, dup).status == TopicStatus.MERGED
    page = app.test_client().get(f"/en/assembly/{SLUG}").text
    assert "3 people want to discuss this" in page and "Save our library" not in page
    old_link = app.test_client().get(f"/en/assembly/{SLUG}/topics/{dup}")
    assert old_link.status_code == 301 and old_link.location.endswith(f"/topics/{keep}")
    [_approved, (_to, _subject, body, _lang)] = outbox(app, "b@example.org")
    assert "Keep the library open" in body and "put the two together" in body


def test_spam_is_rejected_in_bulk_without_emails_and_genuine_topics_stay(
        app, client, make_user, login, event, question, as_officer):
    make_user()
    login()
    send_topic(client, question, title="Genuine topic")
    genuine = topic_id(app, "Genuine topic")
    approve(as_officer, event, genuine)
    spammers = [signed_in(app, make_user, f"s{n}@example.org") for n in range(3)]
    for n, spammer in enumerate(spammers):
        send_topic(spammer, question, title=f"Cheap pills {n}")
    spam = [topic_id(app, f"Cheap pills {n}") for n in range(3)]
    queue = f"/en/assembly/manage/{event}/queue"
    page = as_officer.get(queue).text
    assert all(f"Cheap pills {n}" in page for n in range(3))
    response = submit(as_officer, f"{queue}/spam", {"topics": [str(t) for t in spam]},
                      form_url=queue)
    assert response.status_code == 302
    assert "Nothing to check." in as_officer.get(queue).text
    with app.app_context():
        assert {s.value for s in db.session.scalars(db.select(Topic.status).where(
            Topic.id.in_(spam)))} == {"rejected"}
    assert [m[0] for m in outbox(app)] == ["resident@example.org"]  # its approval only
    assert "Genuine topic" in app.test_client().get(f"/en/assembly/{SLUG}").text
