"""Fixtures: a fresh application and database for every test, a real SMTP server.

Tests run on SQLite (a file per test) unless ``PORTAL_TEST_DB=postgres``, when
they use ``PORTAL_TEST_DATABASE_URL`` (tables dropped and re-created per test).
"""

from __future__ import annotations

import os
import re
import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message

import pytest
from aiosmtpd.controller import Controller

from portal import create_app
from portal.extensions import db

TEST_PLUGIN = "tests.plugins.every_hook"


def database_url(tmp_path) -> str:
    if os.environ.get("PORTAL_TEST_DB") == "postgres":
        return os.environ["PORTAL_TEST_DATABASE_URL"]
    return f"sqlite:///{tmp_path / 'portal.db'}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Mailbox:
    """What the loopback SMTP server has received."""

    messages: list[Message] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler
        with self.lock:
            self.messages.append(message_from_bytes(envelope.original_content,
                                                    policy=policy.default))
        return "250 Message accepted"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]

    @staticmethod
    def body(message: Message) -> str:
        return message.get_content()

    def link(self, message: Message) -> str:
        return re.search(r"https?://\S+", self.body(message)).group(0)


@pytest.fixture
def smtp():
    """A real SMTP server on loopback; ``smtp.port`` and ``smtp.mailbox``."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    controller.mailbox = mailbox
    yield controller
    controller.stop()


def make_app(tmp_path, **overrides):
    config = {
        "TESTING": True,
        "DATABASE_URL": database_url(tmp_path),
        "SECRET_KEY": "test-secret",
        "EXTRA_PLUGINS": TEST_PLUGIN,
        "MAIL_PORT": 1,  # nothing listens there unless a test passes its server
        "MAIL_TIMEOUT": 2,
        "BASE_URL": "http://portal.test",
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture
def app(tmp_path, request):
    overrides = getattr(request, "param", {}) or {}
    application = make_app(tmp_path, **overrides)
    with application.app_context():
        db.drop_all()
        db.create_all()
    yield application
    with application.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, url: str) -> str:
    page = client.get(url)
    found = CSRF.search(page.get_data(as_text=True))
    assert found, f"no CSRF token on {url} ({page.status_code})"
    return found.group(1)


def submit(client, url: str, data: dict, *, form_url: str | None = None, **kwargs):
    """Post a form as a browser would: with the CSRF token from the form's page."""
    payload = {"csrf_token": csrf_token(client, form_url or url), **data}
    return client.post(url, data=payload, **kwargs)


@pytest.fixture
def make_user(app):
    """Create a verified account: ``make_user(email, role=..., password=...)``."""
    from portal.identity.models import Role, User, utcnow

    def create(email="resident@example.org", *, name="Test Person", role=Role.RESIDENT,
               password="correct horse battery", language="en", verified=True):
        with app.app_context():
            user = User(email=email, name=name, role=role, preferred_language=language,
                        email_verified_at=utcnow() if verified else None)
            user.set_password(password)
            db.session.add(user)
            db.session.commit()
            return user.id

    return create


@pytest.fixture
def login(client):
    def sign_in(email="resident@example.org", password="correct horse battery"):
        response = submit(client, "/en/account/login", {"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return sign_in
