"""The demo content the browser crawl runs on, and the ids its plan refers to.

Shared by the live server (``conftest.live_server``) and the test that checks
the crawl plan against the links a person can follow (``test_crawl_plan``),
so both see the same portal.
"""

from __future__ import annotations

from flask import Flask

from portal.demo import DEMO_ACCOUNTS, seed_demo
from portal.extensions import db

RESIDENT_EMAIL = DEMO_ACCOUNTS[2][0]


def load_demo(app: Flask) -> tuple[dict[str, object], dict[str, str]]:
    """Create the tables, load the demo content and a meeting sign-up.

    Returns the ids the crawl plan's paths use (``{meeting}``, ``{token}``…)
    and the names the tests look for on pages.
    """
    from plugins.assembly.models import Event, Topic, TopicStatus
    from plugins.meetings import signups
    from plugins.meetings.models import Meeting
    from plugins.partnership.models import (
        FundingBid,
        FundingRound,
        GroupProposal,
        ProgressReport,
        Project,
        ProjectMeasure,
        ProjectTask,
        Referral,
    )
    from portal.identity.models import User
    from portal.plugins import host
    from portal.publishing.models import Document

    with app.app_context():
        db.create_all()
        seed_demo()
        host(app).call("portal_demo_content")
        one = db.session.scalar
        resident = one(db.select(User).where(User.email == RESIDENT_EMAIL))
        meeting = one(db.select(Meeting).where(Meeting.title == "Spring stakeholder meeting"))
        _record, token = signups.sign_up(meeting.id, name="Browser Tester",
                                         email="browser@example.org", places=1, language="en")
        db.session.commit()
        assembly = one(db.select(Event.id).where(Event.slug == "autumn-assembly-2009"))
        summit = one(db.select(Event.id).where(Event.slug == "partnership-summit"))
        ids = {
            "resident": resident.id,
            "report": one(db.select(Document.id).where(
                Document.slug == "hce-report-to-agm-2009")),
            "meeting": meeting.id,
            "board_meeting": one(db.select(Meeting.id).where(
                Meeting.title == "HSP Board: autumn meeting")),
            "token": token,
            "assembly": assembly,
            "summit": summit,
            "assembly_topic": one(db.select(Topic.id).where(
                Topic.event_id == assembly).order_by(Topic.id).limit(1)),
            "summit_new_topic": one(db.select(Topic.id).where(
                Topic.event_id == summit, Topic.status == TopicStatus.NEW)),
            "assembly_recommendation": one(db.text(
                "select min(id) from assembly_recommendation")),
            "referral": one(db.select(Referral.id).where(
                Referral.title == "Grants process and the Compact")),
            "open_referral": one(db.select(Referral.id).where(Referral.outcome_on.is_(None))),
            "project": one(db.select(Project.id).where(
                Project.title == "Tackling domestic violence")),
            "funding_round": one(db.select(FundingRound.id)),
            "bid": one(db.select(FundingBid.id)),
            "proposal": one(db.select(GroupProposal.id)),
        }
        ids |= {name: one(db.select(model.id).where(model.project_id == ids["project"])
                          .order_by(model.id).limit(1))
                for name, model in (("task", ProjectTask), ("measure", ProjectMeasure),
                                    ("progress_report", ProgressReport))}
        names = {"resident": resident.name}
        db.session.remove()
    return ids, names
