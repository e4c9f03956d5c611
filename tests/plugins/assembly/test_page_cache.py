"""An Assembly topic's page, with its report form, from the page cache (issue 9).

The page is the same for every anonymous visitor but for the form's CSRF token:
it is kept once and each visitor gets a token of their own that works.
"""

from __future__ import annotations

import pytest

from plugins.assembly.models import TopicReport
from portal.extensions import db
from tests.conftest import CSRF
from tests.plugins.assembly.conftest import SLUG, approve, send_topic, topic_id
from tests.portal.test_query_counts import counting

pytestmark = pytest.mark.parametrize("app", [{"PAGE_CACHE_SECONDS": 60}], indirect=True)


def test_a_kept_topic_page_gives_each_visitor_a_report_token_of_their_own(
        app, client, make_user, login, event, question, as_officer):
    make_user("asha@example.org", name="Asha Patel")
    login("asha@example.org")
    assert send_topic(client, question, title="Shop local first").status_code == 302
    tid = topic_id(app, "Shop local first")
    approve(as_officer, event, tid)
    url = f"/en/assembly/{SLUG}/topics/{tid}"

    app.test_client().get(url)  # drawn for the first visitor, and kept
    visitors, tokens = [app.test_client(), app.test_client()], []
    for visitor in visitors:
        with counting(app) as statements:
            page = visitor.get(url)
        assert statements == [] and "Shop local first" in page.text
        tokens.append(CSRF.search(page.text).group(1))
    assert tokens[0] != tokens[1]
    # Two people, from two addresses (one report per person counts).
    for n, (visitor, token) in enumerate(zip(visitors, tokens, strict=True)):
        response = visitor.post(url + "/report", data={"csrf_token": token,
                                                       "reason": "Advertising."},
                                environ_base={"REMOTE_ADDR": f"192.0.2.{n + 1}"})
        assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(TopicReport.id))) == 2
