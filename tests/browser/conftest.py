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
from portal.demo import DEMO_ACCOUNTS
from portal.extensions import db
from portal.i18n import shipped_codes
from tests.browser.demo_data import load_demo
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
    ids, names = load_demo(app)
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
    """One page per role for the session: ``role_pages("officer")``, signed in once.

    The roles are ``crawl_plan.ROLES``.
    """
    pages: dict[str, object] = {}
    accounts = {"anonymous": None, "resident": RESIDENT, "member": ACCOUNTS["havs"],
                "officer": ACCOUNTS["officer"], "administrator": ADMIN}

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
