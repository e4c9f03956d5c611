"""The plain rules: the submission window, clashes in the café plan, and that list
pages cost the same number of queries however many topics there are."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import event as sa_event

from plugins.assembly import service
from plugins.assembly.models import Support, Topic, TopicStatus
from portal.extensions import db
from portal.identity.models import User
from tests.plugins.assembly.conftest import SLUG

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("opens, closes, is_open", [
    (NOW - timedelta(days=1), NOW + timedelta(days=1), True),
    (NOW, NOW + timedelta(days=1), True),  # opens on the minute
    (NOW - timedelta(days=1), NOW, False),  # closed on the minute
    (NOW + timedelta(seconds=1), NOW + timedelta(days=1), False),
    (NOW.replace(tzinfo=None) - timedelta(hours=1), NOW.replace(tzinfo=None)
     + timedelta(hours=1), True),  # SQLite hands back naive UTC
])
def test_the_window_is_open_from_its_opening_until_its_closing(opens, closes, is_open):
    event = SimpleNamespace(window_opens_at=opens, window_closes_at=closes)
    assert service.window_open(event, NOW) is is_open


def table(id_, lead):
    return SimpleNamespace(id=id_, lead_id=lead)


@pytest.mark.parametrize("rounds, clashing", [
    ([[table(1, 7), table(2, 8)]], set()),
    ([[table(1, 7), table(2, 7)]], {1, 2}),
    ([[table(1, 7)], [table(2, 7)]], set()),  # the same lead in two rounds is fine
    ([[table(1, None), table(2, None)]], set()),  # nobody yet is no clash
    ([[table(1, 7), table(2, 8), table(3, 7)]], {1, 3}),
])
def test_a_clash_is_one_lead_at_two_tables_in_one_round(rounds, clashing):
    assert service.clashes([SimpleNamespace(tables=t) for t in rounds]) == clashing


def count_queries(app, client, url) -> int:
    seen = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    sa_event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa_event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def add_topics(app, event, question, n):
    with app.app_context():
        people = [User(email=f"p{len(str(n))}-{i}@example.org", name=f"P{i}",
                       password_hash="x", session_token=f"t{n}-{i}") for i in range(3)]
        db.session.add_all(people)
        db.session.flush()
        for i in range(n):
            topic = Topic(event_id=event, question_id=question, title=f"Topic {n}-{i}",
                          description="d", status=TopicStatus.APPROVED,
                          submitter_id=people[0].id)
            db.session.add(topic)
            db.session.flush()
            db.session.add_all(Support(topic_id=topic.id, user_id=p.id) for p in people)
        db.session.commit()


def test_the_event_page_and_open_data_do_not_query_per_topic(app, event, question):
    client = app.test_client()
    add_topics(app, event, question, 2)
    pages = (f"/en/assembly/{SLUG}", f"/en/assembly/{SLUG}/topics.json",
             f"/en/assembly/{SLUG}/outcomes", f"/en/assembly/{SLUG}/running-order")
    few = [count_queries(app, client, url) for url in pages]
    add_topics(app, event, question, 15)
    many = [count_queries(app, client, url) for url in pages]
    assert many == few
