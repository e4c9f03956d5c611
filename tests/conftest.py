"""Fixtures: a fresh application and database for every test, a real SMTP server.

Tests run on SQLite (a file per test) unless ``PORTAL_TEST_DB=postgres``, when
they use ``PORTAL_TEST_DATABASE_URL`` (tables dropped and re-created per test).
Under pytest-xdist each worker gets a database of its own on that server
(``test_gw0``, ``test_gw1``…, created when missing) and a Redis database of its
own, so the workers never see each other's rows or counters.
"""

from __future__ import annotations

import os
import re
import socket
import threading
from contextlib import closing
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from functools import cache

import pytest
from aiosmtpd.controller import Controller

from portal import create_app
from portal.extensions import db

TEST_PLUGIN = "tests.plugins.every_hook"


WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1"… or "" without xdist


def worker_number() -> int:
    return int(WORKER[2:]) if WORKER.startswith("gw") else 0


@cache
def _postgres_url() -> str:
    """The PostgreSQL URL, with this worker's own database under xdist (created if missing)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(os.environ["PORTAL_TEST_DATABASE_URL"])
    if not WORKER:
        return base.render_as_string(hide_password=False)
    name = f"{base.database}_{WORKER}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                 {"n": name}):
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def database_url(tmp_path) -> str:
    if os.environ.get("PORTAL_TEST_DB") == "postgres":
        return _postgres_url()
    return f"sqlite:///{tmp_path / 'portal.db'}"


# Redis database 15 without xdist, 14, 13… for the workers.
REDIS_URL = os.environ.get("PORTAL_TEST_REDIS_URL",
                           f"redis://127.0.0.1:6379/{15 - worker_number()}")


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
        "STORAGE_URL": (tmp_path / "uploads").as_uri(),  # never the repository's instance/
        # The page cache is off unless a test turns it on (tests/portal/test_page_cache.py):
        # tests that change the clock or the database behind the ORM's back stay exact.
        "PAGE_CACHE_SECONDS": 0,
    }
    config.update(overrides)
    return create_app(config)


_SCHEMAS: dict[tuple[str, ...], str] = {}


def _copy_schema(target: str, tmp_path_factory) -> None:
    """Give the SQLite file ``target`` every table, copied from a file made once.

    Creating the schema takes most of a test's set-up; each set of tables (it grows
    as plugins' models are imported) is created once per process and copied with
    SQLite's backup API.
    """
    import sqlite3

    from sqlalchemy import create_engine

    key = tuple(sorted(db.metadata.tables))
    if key not in _SCHEMAS:
        path = str(tmp_path_factory.mktemp("schema") / "portal.db")
        engine = create_engine(f"sqlite:///{path}")
        db.metadata.create_all(engine)
        engine.dispose()
        _SCHEMAS[key] = path
    with closing(sqlite3.connect(_SCHEMAS[key])) as source, \
            closing(sqlite3.connect(target)) as copy:
        source.backup(copy)


@pytest.fixture
def app(tmp_path, request, tmp_path_factory):
    overrides = getattr(request, "param", {}) or {}
    application = make_app(tmp_path, **overrides)
    url = application.config["SQLALCHEMY_DATABASE_URI"]
    sqlite_file = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else None
    with application.app_context():
        if sqlite_file:
            db.engine.dispose()  # nothing may hold the file while it is replaced
            _copy_schema(sqlite_file, tmp_path_factory)
        else:
            db.drop_all()
            db.create_all()
    yield application
    with application.app_context():
        db.session.remove()
        if not sqlite_file:  # a SQLite file goes with the test's folder
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
