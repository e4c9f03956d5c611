"""Browser fixtures: one live server and one Chromium for the whole session.

The server is the real application (with the demo content and the test plugin,
whose search finds "cafe") on a SQLite file, served by Werkzeug in a daemon
thread. Chromium is Debian's, driven by Playwright; when it cannot start the
suite is skipped locally and fails on CI (``CI=true``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from portal import create_app
from portal.demo import DEMO_ACCOUNTS, seed_demo
from portal.extensions import db
from portal.i18n import shipped_codes
from tests.conftest import TEST_PLUGIN

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}
LANGUAGES = shipped_codes()
# The demo accounts by the part of their address before the @: admin, officer, resident…
ACCOUNTS = {email.split("@")[0]: (email, password) for email, password, _role in DEMO_ACCOUNTS}
ADMIN, RESIDENT = ACCOUNTS["admin"], ACCOUNTS["resident"]


@dataclass
class LiveServer:
    url: str
    app: object
    ids: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The portal with the demo content, on SQLite, at http://127.0.0.1:<port>."""
    folder: Path = tmp_path_factory.mktemp("browser")
    app = create_app({
        "TESTING": True,
        "DATABASE_URL": f"sqlite:///{folder / 'portal.db'}",
        "SECRET_KEY": "browser-test-secret",
        "EXTRA_PLUGINS": TEST_PLUGIN,
        "MAIL_PORT": 1,
        "MAIL_TIMEOUT": 2,
    })
    with app.app_context():
        db.create_all()
        seed_demo()
        from portal.plugins import host

        host(app).call("portal_demo_content")
        from portal.identity.models import User

        resident = db.session.scalar(db.select(User).where(User.email == RESIDENT[0]))
        from portal.publishing.models import Document

        report = db.session.scalar(db.select(Document.id).where(
            Document.slug == "hce-report-to-agm-2009"))
        from plugins.meetings import signups
        from plugins.meetings.models import Meeting

        meeting = db.session.scalar(db.select(Meeting).where(
            Meeting.title == "Spring stakeholder meeting"))
        _record, token = signups.sign_up(meeting.id, name="Browser Tester",
                                         email="browser@example.org", places=1, language="en")
        db.session.commit()
        board_meeting = db.session.scalar(db.select(Meeting.id).where(
            Meeting.title == "HSP Board: autumn meeting"))
        from plugins.partnership.models import (
            FundingBid,
            FundingRound,
            GroupProposal,
            Project,
            Referral,
        )

        partnership = {
            "referral": db.session.scalar(db.select(Referral.id).where(
                Referral.title == "Grants process and the Compact")),
            "open_referral": db.session.scalar(db.select(Referral.id).where(
                Referral.outcome_on.is_(None))),
            "project": db.session.scalar(db.select(Project.id).where(
                Project.title == "Tackling domestic violence")),
            "funding_round": db.session.scalar(db.select(FundingRound.id)),
            "bid": db.session.scalar(db.select(FundingBid.id)),
            "proposal": db.session.scalar(db.select(GroupProposal.id)),
        }
        from plugins.partnership.models import ProgressReport, ProjectMeasure, ProjectTask

        partnership |= {
            name: db.session.scalar(db.select(model.id).where(
                model.project_id == partnership["project"]).order_by(model.id).limit(1))
            for name, model in (("task", ProjectTask), ("measure", ProjectMeasure),
                                ("progress_report", ProgressReport))}
        from plugins.assembly.models import Event, Topic, TopicStatus

        assembly = db.session.scalar(db.select(Event.id).where(
            Event.slug == "autumn-assembly-2009"))
        summit = db.session.scalar(db.select(Event.id).where(Event.slug == "partnership-summit"))
        ids, names = {"resident": resident.id, "report": report, "meeting": meeting.id,
                      "board_meeting": board_meeting, "token": token,
                      "assembly": assembly, "summit": summit,
                      "assembly_topic": db.session.scalar(db.select(Topic.id).where(
                          Topic.event_id == assembly).order_by(Topic.id).limit(1)),
                      "summit_new_topic": db.session.scalar(db.select(Topic.id).where(
                          Topic.event_id == summit, Topic.status == TopicStatus.NEW)),
                      "assembly_recommendation": db.session.scalar(db.text(
                          "select min(id) from assembly_recommendation")), **partnership}, {
                     "resident": resident.name}
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = url
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(url=url, app=app, ids=ids, names=names)
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test."""
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is not installed")
    from playwright.sync_api import Error, sync_playwright

    manager = sync_playwright().start()
    try:
        chromium = manager.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Error as error:
        manager.stop()
        _unavailable(f"Playwright cannot launch {CHROMIUM}: {error}")
    yield chromium
    chromium.close()
    manager.stop()


@pytest.fixture
def new_context(browser, live_server) -> Iterator[Callable]:
    """Fresh browser contexts, closed after the test: ``new_context(**options)``."""
    made = []

    def make(**options):
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


def sign_in(page, email: str, password: str, lang: str = "en") -> None:
    """Sign in through the login form, as a person would, and wait for the dashboard."""
    page.goto(f"/{lang}/account/login")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.rstrip("/").endswith("/dashboard"), f"sign-in failed: {page.url}"


@pytest.fixture(scope="session")
def role_pages(browser, live_server) -> Iterator[Callable]:
    """One page per role for the session: ``role_pages("admin")``, signed in once."""
    pages: dict[str, object] = {}
    accounts = {"anonymous": None, "resident": RESIDENT, "admin": ADMIN,
                "member": ACCOUNTS["havs"]}

    def get(role: str):
        if role not in pages:
            context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
            context.set_default_timeout(10_000)
            page = context.new_page()
            if accounts[role]:
                sign_in(page, *accounts[role])
            pages[role] = page
        return pages[role]

    yield get
    for page in pages.values():
        page.context.close()
