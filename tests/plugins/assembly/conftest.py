"""An Assembly with its window open, and helpers to act through its pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from plugins.assembly.models import BigQuestion, Event, EventKind, Topic
from portal.extensions import db
from portal.identity.models import Role
from tests.conftest import submit

SLUG = "spring-assembly"


@pytest.fixture
def event(app):
    """A published Assembly whose window for topics is open; returns its id."""
    with app.app_context():
        now = datetime.now(UTC)
        found = Event(slug=SLUG, kind=EventKind.ASSEMBLY, title="Spring Assembly",
                      starts_at=now + timedelta(days=30), place="Harrow Civic Centre",
                      access_info="Step-free entrance.", window_opens_at=now - timedelta(days=1),
                      window_closes_at=now + timedelta(days=20), published=True)
        found.questions = [BigQuestion(position=1, text="The recession"),
                           BigQuestion(position=2, text="Public health")]
        db.session.add(found)
        db.session.commit()
        return found.id


@pytest.fixture
def question(app, event):
    with app.app_context():
        return db.session.get(Event, event).questions[0].id


@pytest.fixture
def officer(app, make_user):
    return make_user("officer@example.org", name="Olu Officer", role=Role.OFFICER)


@pytest.fixture
def as_officer(app, officer):
    """A second client, signed in as the officer."""
    other = app.test_client()
    submit(other, "/en/account/login", {"email": "officer@example.org",
                                        "password": "correct horse battery"})
    return other


def send_topic(client, question, title="Shop local", description="Help small traders.",
               **extra):
    data = {"title": title, "description": description, "question_id": str(question),
            "language": "en", "organisation_id": "", **extra}
    return submit(client, f"/en/assembly/{SLUG}/topics/new", data)


def topic_id(app, title) -> int:
    with app.app_context():
        return db.session.scalar(db.select(Topic.id).where(Topic.title == title))


def approve(as_officer, event, tid):
    response = submit(as_officer, f"/en/assembly/manage/{event}/topics/{tid}/approve", {},
                      form_url=f"/en/assembly/manage/{event}/topics/{tid}")
    assert response.status_code == 302
    return response


def signed_in(app, make_user, email, language="en", name="Someone"):
    make_user(email, name=name, language=language)
    other = app.test_client()
    submit(other, "/en/account/login", {"email": email, "password": "correct horse battery"})
    return other
