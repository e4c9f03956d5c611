"""The scorecard offers its indicators to other plugins through ``portal_indicators``."""

from __future__ import annotations

import pytest

from portal.api import offered_indicators
from portal.extensions import db


@pytest.fixture
def demo(app):
    from plugins.scorecard.demo import seed_scorecard
    from portal.demo import seed_demo

    with app.app_context():
        seed_demo()
        seed_scorecard()
        db.session.remove()
    return app


def test_indicators_are_offered_with_their_risk_of_missing_the_stretch_target(demo):
    with demo.test_request_context("/en/"):
        offered = {i.code: i for i in offered_indicators(lang="en")}

    assert offered["T7-i"].title == "Number of socially excluded adult volunteers in Harrow"
    assert offered["T7-i"].at_risk  # off track in the demo figures
    assert offered["T9-i"].at_risk  # at risk
    assert not offered["T1-ii"].at_risk  # on track for its stretch target
    assert offered["T7-i"].url == "/en/scorecard/indicators/T7-i"
