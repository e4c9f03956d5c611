"""The public sign-up form under hostile input: a clear 4xx, never a 500, nothing half-saved."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.plugins.meetings.test_signups import make_meeting
from tests.portal.test_hostile_input import check_answer, fields_of, hostile


def test_the_sign_up_form_survives_hostile_input(app, client):
    meeting = make_meeting(app, capacity=500)
    url = f"/gu/meetings/{meeting}"
    names = fields_of(client, url, "email")
    post_to = f"/gu/meetings/{meeting}/sign-up"

    @settings(max_examples=25, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(st.fixed_dictionaries({name: hostile for name in names}))
    def send(data):
        check_answer(app, client, post_to, data, "gu", form_url=url)

    send()
