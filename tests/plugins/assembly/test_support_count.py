"""The stored support count on topics: kept in step with the supports, filled by the
migration, and what the list "most support first" orders by (issue 9)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from plugins.assembly import service
from plugins.assembly.models import Support, Topic, TopicStatus
from portal.extensions import db
from portal.identity.models import User
from tests.conftest import make_app, submit
from tests.plugins.assembly.conftest import SLUG, approve, send_topic, signed_in, topic_id
from tests.plugins.assembly.test_service import count_queries
from tests.portal.test_plugins import drop_everything, logging_left_alone


def stored_count(app, tid) -> int:
    with app.app_context():
        return db.session.scalar(db.select(Topic.support_count).where(Topic.id == tid))


def test_supporting_and_withdrawing_move_the_stored_count(app, client, make_user, login,
                                                          event, question, as_officer):
    make_user()
    login()
    send_topic(client, question)
    tid = topic_id(app, "Shop local")
    approve(as_officer, event, tid)
    page = f"/en/assembly/{SLUG}/topics/{tid}"
    fans = [signed_in(app, make_user, f"fan{n}@example.org") for n in range(3)]
    for fan in fans:
        submit(fan, f"{page}/support", {}, form_url=page)
    submit(fans[0], f"{page}/support", {}, form_url=page)  # twice counts once
    assert stored_count(app, tid) == 3
    assert "3 people want to discuss this" in client.get(page).text
    submit(fans[1], f"{page}/unsupport", {}, form_url=page)
    submit(fans[1], f"{page}/unsupport", {}, form_url=page)  # nothing left to withdraw
    assert stored_count(app, tid) == 2
    assert "2 people want to discuss this" in client.get(f"/en/assembly/{SLUG}").text


def test_a_merge_adds_the_carried_supporters_to_the_survivors_count(app, event, question,
                                                                    make_user):
    people = [make_user(f"p{n}@example.org") for n in range(4)]
    with app.app_context():
        keep, dup = (Topic(event_id=event, question_id=question, title=t, description="d",
                           status=TopicStatus.APPROVED, submitter_id=people[0])
                     for t in ("Keep", "Duplicate"))
        db.session.add_all([keep, dup])
        db.session.flush()
        db.session.add_all([Support(topic_id=keep.id, user_id=people[1]),
                            Support(topic_id=dup.id, user_id=people[1]),
                            Support(topic_id=dup.id, user_id=people[2])])
        db.session.commit()
        assert (keep.support_count, dup.support_count) == (1, 2)
        assert service.merge(dup, keep) == 1  # people[2]; people[1] already there
        db.session.commit()
        assert keep.support_count == 1 + 1
        assert keep.support_count == db.session.scalar(
            db.select(db.func.count(Support.id)).where(Support.topic_id == keep.id))


def test_the_list_most_supported_first_reads_the_stored_count(app, event, question,
                                                              make_user):
    people = [make_user(f"p{n}@example.org") for n in range(3)]
    with app.app_context():
        topics = [Topic(event_id=event, question_id=question, title=f"Topic {n}",
                        description="d", status=TopicStatus.APPROVED) for n in range(3)]
        db.session.add_all(topics)
        db.session.flush()
        db.session.add_all([Support(topic_id=topics[2].id, user_id=p) for p in people]
                           + [Support(topic_id=topics[0].id, user_id=people[0])])
        db.session.commit()
    client = app.test_client()
    statements = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", seen)
    try:
        html = client.get(f"/en/assembly/{SLUG}?sort=support").text
    finally:
        with app.app_context():
            sa.event.remove(db.engine, "before_cursor_execute", seen)
    assert html.index("Topic 2") < html.index("Topic 0") < html.index("Topic 1")
    # No query counts supports per topic any more.
    assert not any("assembly_support" in s for s in statements)
    assert count_queries(app, client, f"/en/assembly/{SLUG}") == len(statements)


def test_the_migration_fills_the_count_from_the_supports_already_given(tmp_path):
    app = make_app(tmp_path)
    drop_everything(app)
    try:
        with app.app_context(), logging_left_alone():
            upgrade(revision="assembly_0001")
            with db.engine.begin() as connection:
                user = connection.execute(sa.text(
                    "INSERT INTO user_account (email, name, password_hash, role, "
                    "preferred_language, session_token, created_at) VALUES ('a@example.org', "
                    "'A', 'x', 'resident', 'en', 't', CURRENT_TIMESTAMP) RETURNING id"
                )).scalar()
                event = connection.execute(sa.text(
                    "INSERT INTO assembly_event (slug, kind, title, description, starts_at, "
                    "place, access_info, window_opens_at, window_closes_at, published, "
                    "created_at) VALUES ('e', 'assembly', 'E', '', CURRENT_TIMESTAMP, '', '', "
                    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, true, CURRENT_TIMESTAMP) "
                    "RETURNING id")).scalar()
                topics = [connection.execute(sa.text(
                    "INSERT INTO assembly_topic (event_id, title, description, language, "
                    "will_lead, status, reject_reason, created_at) VALUES (:e, :t, 'd', 'en', "
                    "false, 'approved', '', CURRENT_TIMESTAMP) RETURNING id"),
                    {"e": event, "t": t}).scalar() for t in ("Supported", "Not yet")]
                connection.execute(sa.text(
                    "INSERT INTO assembly_support (topic_id, user_id, created_at) "
                    "VALUES (:t, :u, CURRENT_TIMESTAMP)"), {"t": topics[0], "u": user})
            upgrade(revision="heads")
            counts = dict(db.session.execute(db.select(Topic.title, Topic.support_count)).all())
            assert counts == {"Supported": 1, "Not yet": 0}
            assert db.session.scalar(db.select(db.func.count(User.id))) == 1
    finally:
        drop_everything(app)


@pytest.mark.parametrize("app", [{"PAGE_CACHE_SECONDS": 60}], indirect=True)
def test_the_list_is_served_from_the_page_cache_until_someone_supports(
        app, client, make_user, login, event, question, as_officer):
    make_user()
    login()
    send_topic(client, question)
    tid = topic_id(app, "Shop local")
    approve(as_officer, event, tid)
    visitor = app.test_client()
    listing = f"/en/assembly/{SLUG}"
    first = visitor.get(listing)
    assert first.headers["Cache-Control"].startswith("public") and "Set-Cookie" not in first.headers
    assert count_queries(app, visitor, listing) == 0
    page = f"/en/assembly/{SLUG}/topics/{tid}"
    fan = signed_in(app, make_user, "fan@example.org")
    submit(fan, f"{page}/support", {}, form_url=page)
    assert "1 person wants to discuss this" in visitor.get(listing).text
