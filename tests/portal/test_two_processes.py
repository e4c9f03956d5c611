"""Two portal processes, one PostgreSQL, one Redis: what must hold across them does.

Plugin switches, rate limits and meeting capacity are decided in shared
stores (the database and Redis), never in one process's memory, so any number
of gunicorn workers behave as one portal. Runs on the PostgreSQL pass
(``PORTAL_TEST_DB=postgres``), with Redis on 127.0.0.1:6379.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.plugins import host
from portal.timeutil import utcnow
from tests.conftest import free_port
from tests.portal.test_ratelimit import REDIS_URL, redis_or_skip

pytestmark = pytest.mark.skipif(os.environ.get("PORTAL_TEST_DB") != "postgres",
                                reason="needs the shared PostgreSQL database")
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Browser:
    """A visitor with cookies, talking to one process."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect())

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=20) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def post_form(self, page: str, action: str, data: dict) -> int:
        _, html = self.get(page)
        token = CSRF.search(html).group(1)
        body = urllib.parse.urlencode({"csrf_token": token, **data}).encode()
        try:
            with self.opener.open(self.base + action, data=body, timeout=20) as r:
                return r.status
        except urllib.error.HTTPError as e:
            return e.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def two_processes(app, tmp_path):
    redis_or_skip()
    import redis
    redis.Redis.from_url(REDIS_URL).flushdb()
    env = {**os.environ, "PORTAL_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "PORTAL_SECRET_KEY": "shared-secret", "PORTAL_REDIS_URL": REDIS_URL,
           "PORTAL_HELP_REQUESTS_PER_HOUR": "3", "PORTAL_MAIL_PORT": "1"}
    processes, urls = [], []
    for _ in range(2):
        port = free_port()
        processes.append(subprocess.Popen(
            [sys.executable, "-c", "from portal.cli import main; main()", "run",
             "--port", str(port)], env=env, cwd=str(tmp_path),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        urls.append(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 60
    for url in urls:
        while True:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
    yield urls
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


# The test's own app writes as a third process of the same deployment: with the
# same Redis, so its commits invalidate the pages the other two have cached.
@pytest.mark.parametrize("app", [{"REDIS_URL": REDIS_URL}], indirect=True)
def test_plugin_switches_rate_limits_and_capacity_hold_across_processes(app, two_processes):
    a, b = (Browser(url) for url in two_processes)

    # A plugin switched off in one process is off in the other at once.
    assert b.get("/en/meetings/")[0] == 200
    with app.test_request_context():
        host(app).set_enabled("meetings", False)
        db.session.commit()
    assert a.get("/en/meetings/")[0] == 404 and b.get("/en/meetings/")[0] == 404
    with app.test_request_context():
        host(app).set_enabled("meetings", True)
        db.session.commit()
    assert a.get("/en/meetings/")[0] == 200

    # Three help requests an hour from one address, wherever they land.
    page = "/en/accessibility/report-a-problem"
    answers = [browser.post_form(page, page, {"details": "The chart is not read out."})
               for browser in (a, b, a, b)]
    assert answers == [302, 302, 302, 429]

    # One place left, two people taking it at the same moment through different processes.
    from plugins.meetings.models import Meeting, MeetingKind, SignUp, SignUpState
    with app.app_context():
        start = utcnow() + timedelta(days=10)
        meeting = Meeting(title="Stakeholder conference", kind=MeetingKind.STAKEHOLDER,
                          starts_at=start, ends_at=start + timedelta(hours=2),
                          venue="Harrow Civic Centre", address="Station Road",
                          capacity=1, max_places_per_sign_up=1,
                          sign_up_opens_at=utcnow() - timedelta(days=1),
                          sign_up_closes_at=start - timedelta(days=1))
        db.session.add(meeting)
        db.session.commit()
        meeting_id = meeting.id
    results = {}

    def take(name, browser):
        results[name] = browser.post_form(
            f"/en/meetings/{meeting_id}", f"/en/meetings/{meeting_id}/sign-up",
            {"name": name, "email": f"{name.lower()}@example.org", "places": "1"})

    threads = [threading.Thread(target=take, args=(n, br)) for n, br in
               (("Asha", a), ("Ben", b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(results.values()) == {302}, results
    with app.app_context():
        states = sorted(s.state for s in db.session.scalars(
            db.select(SignUp).where(SignUp.meeting_id == meeting_id)))
        assert states == sorted([SignUpState.CONFIRMED, SignUpState.WAITING])
        assert db.session.get(Meeting, meeting_id).places_taken == 1
