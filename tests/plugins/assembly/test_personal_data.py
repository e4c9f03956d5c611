"""The Assembly's part of a person's data, and its bulk content for the benchmark."""

from __future__ import annotations

import json

from plugins.assembly.models import Topic
from portal.extensions import db
from tests.conftest import submit


def test_a_person_downloads_the_topics_they_sent_and_support(app, client, make_user, login):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    uid = make_user("ravi@example.org", name="Ravi Patel")
    with app.app_context():
        topic = db.session.scalar(db.select(Topic).order_by(Topic.id))
        topic.submitter_id = uid
        title = topic.title
        db.session.commit()
    login("ravi@example.org")
    data = json.loads(client.get("/en/account/your-data.json").data)
    sent = data["plugins"]["assembly"]["topics_sent"]
    assert [t["title"] for t in sent] == [title]
    # Deleting the account keeps the topic, shown as by a former member.
    assert submit(client, "/en/account/delete", {"password": "correct horse battery",
                                                 "understood": "y"}).status_code == 302
    with app.app_context():
        kept = db.session.scalar(db.select(Topic).where(Topic.title == title))
        assert kept.submitter.name == "A former member"


def test_seed_demo_at_scale_adds_a_thousand_topics_a_unit(app):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--scale", "1"])
    assert result.exit_code == 0, result.output
    assert "bulk_topics 1000" in result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Topic.id)).where(
            Topic.title.like("Bulk topic %"))) == 1000
