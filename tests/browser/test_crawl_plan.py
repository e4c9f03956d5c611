"""The browser crawl's plan covers every page a person can reach (no browser needed).

With the demo content loaded, a test client signs in as each of the crawl's roles
and follows every link from ``/en/`` (links only: no form is sent); every HTML
page it reaches, by endpoint, must be in ``crawl_plan.PLAN`` for one of the
roles that reached it. A new page linked from anywhere therefore fails here
until the plan visits it, and so gets the axe, structure and reflow checks.
The same walk checks that no page refreshes or moves on by itself (WCAG 2.2.1).
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from werkzeug.exceptions import HTTPException

from portal.demo import DEMO_ACCOUNTS
from portal.extensions import db
from tests.browser.crawl_plan import PLAN, ROLES
from tests.browser.demo_data import load_demo
from tests.conftest import make_app, submit

ACCOUNTS = {"resident": DEMO_ACCOUNTS[2], "member": DEMO_ACCOUNTS[3],
            "officer": DEMO_ACCOUNTS[1], "administrator": DEMO_ACCOUNTS[0]}
# Enough of one kind of page (one topic, one meeting…) to find where its kind links to.
PER_ENDPOINT = 4


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The portal with the browser crawl's demo content, and its ids."""
    app = make_app(tmp_path_factory.mktemp("crawl-plan"))
    with app.app_context():
        db.drop_all()
    ids, _names = load_demo(app)
    yield app, {**ids, "year": date.today().year}
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def client_as(app, role: str):
    client = app.test_client()
    if role in ACCOUNTS:
        email, password, _who = ACCOUNTS[role]
        response = submit(client, "/en/account/login", {"email": email, "password": password})
        assert response.status_code == 302, f"{role} could not sign in"
    return client


def endpoint(app, path: str) -> str | None:
    try:
        return app.url_map.bind("portal.test").match(path, method="GET")[0]
    except HTTPException:
        return None


REFRESH = re.compile(r"<meta[^>]+http-equiv=[\"']?refresh", re.I)


def reachable(app, client, timed: list[str]) -> dict[str, str]:
    """Every HTML page's endpoint reached by links from /en/, with one URL that reached it.

    Pages that refresh or move on by themselves are added to ``timed``.
    """
    found: dict[str, str] = {}
    tried: dict[str, int] = defaultdict(int)
    queue, queued = deque(["/en/"]), {"/en/"}
    while queue:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code in (301, 302, 303, 307, 308):
            links = [response.headers["Location"]]
        elif response.status_code == 200 and response.mimetype == "text/html":
            name = endpoint(app, urlsplit(url).path)
            if not app.view_functions[name].__module__.startswith("tests."):
                found.setdefault(name, url)  # the test plugin's page ships with no portal
            html = response.get_data(as_text=True)
            if "Refresh" in response.headers or REFRESH.search(html):
                timed.append(url)
            parser = Links()
            parser.feed(html)
            links = parser.hrefs
        else:
            continue
        for href in links:
            target = urlsplit(urldefrag(urljoin(f"http://portal.test{url}", href))[0])
            if target.netloc != "portal.test" or not target.path.startswith("/en/"):
                continue  # another site, or the same page in another language
            link = target.path + (f"?{target.query}" if target.query else "")
            name = endpoint(app, target.path)
            if link in queued or name is None or tried[name] >= PER_ENDPOINT:
                continue
            if name == "identity.logout":
                continue
            tried[name] += 1
            queued.add(link)
            queue.append(link)
    return found


def planned(app, ids: dict) -> set[tuple[str, str]]:
    return {(visit.role, endpoint(app, "/en" + visit.path.format(**ids).split("?")[0]))
            for visit in PLAN}


def test_the_crawl_plan_visits_pages_as_every_role():
    assert {visit.role for visit in PLAN} == set(ROLES)


def test_every_planned_page_answers_its_role_as_the_crawl_expects(demo):
    app, ids = demo
    problems = []
    for role in ROLES:
        client = client_as(app, role)
        for visit in (v for v in PLAN if v.role == role and not v.submit):
            path = "/en" + visit.path.format(**ids)
            status = client.get(path).status_code
            if status != visit.status:
                problems.append(f"{role} {path}: HTTP {status}, expected {visit.status}")
    assert not problems, "\n  ".join(["stale crawl plan:", *problems])


@pytest.fixture(scope="module")
def walk(demo):
    """Each role's walk from /en/: ``(endpoint -> [(role, url)…], pages that refresh)``."""
    app, _ids = demo
    reached, timed = defaultdict(list), []
    for role in ROLES:
        for name, url in reachable(app, client_as(app, role), timed).items():
            reached[name].append((role, url))
    return reached, timed


def test_every_page_reachable_from_the_home_page_is_in_the_crawl_plan(demo, walk):
    app, ids = demo
    plan, (reached, _timed) = planned(app, ids), walk
    uncovered = [f"{name}: reached by {', '.join(f'{r} at {u}' for r, u in by)}"
                 for name, by in sorted(reached.items())
                 if not any((role, name) in plan for role, _url in by)]
    assert len(reached) > 60, sorted(reached)  # the links really were followed
    assert not uncovered, (f"{len(uncovered)} page(s) a person can reach that the browser "
                           "crawl (tests/browser/crawl_plan.py) never visits:\n  "
                           + "\n  ".join(uncovered))


def test_no_page_reachable_from_the_home_page_refreshes_or_moves_on_by_itself(walk):
    _reached, timed = walk
    assert not timed, f"pages with a Refresh header or meta refresh: {timed}"
