"""Compact complaints through the web: lodging, the lifecycle, confidentiality, audit."""

from __future__ import annotations

import plugins.compact.models  # noqa: F401  (tables for create_all)
from plugins.compact.models import CaseEvent, Complaint, Stage
from portal.extensions import db
from portal.mail import OutboxMessage
from tests.conftest import csrf_token, submit
from tests.plugins.compact.conftest import as_user, lodge


def test_lodging_gives_a_reference_on_screen_and_by_email(app, world):
    reference = lodge(app, world)
    client = as_user(app, "member@example.org")
    assert reference in client.get(f"/en/compact/complaints/{reference}").get_data(as_text=True)
    with app.app_context():
        [mail] = db.session.scalars(db.select(OutboxMessage).where(
            OutboxMessage.recipient == "member@example.org")).all()
        complaint = db.session.scalar(db.select(Complaint))
        assert complaint.stage == Stage.RECEIVED and complaint.due_on is not None
    assert reference in mail.subject and mail.language == "gu"


def test_bad_complaints_are_refused_with_errors(app, world):
    client = as_user(app, "member@example.org")
    response = submit(client, "/en/compact/complaints/new", {
        "organisation": "999", "concerns": "", "commitment": "", "what_happened": "",
        "happened_on": "2999-01-01", "outcome_wanted": ""})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for anchor in ("#organisation", "#what_happened", "#happened_on", "#outcome_wanted"):
        assert f'href="{anchor}"' in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Complaint.id))) == 0


def test_only_voluntary_organisation_members_can_lodge(app, world):
    assert as_user(app, "officer@example.org").get(
        "/en/compact/complaints/new").status_code == 403


def test_the_access_matrix_answers_404_to_everyone_not_entitled(app, world):
    reference = lodge(app, world)
    with app.app_context():
        complaint = db.session.scalar(db.select(Complaint))
        complaint.case_officer_id = world["officer"]
        db.session.commit()
    urls = [f"/en/compact/complaints/{reference}",
            f"/en/compact/complaints/{reference}/moves/acknowledge",
            f"/en/compact/complaints/{reference}/assign"]
    allowed = {"member@example.org", "colleague@example.org", "officer@example.org",
               "admin@example.org"}
    for email in ("member@example.org", "colleague@example.org", "stranger@example.org",
                  "officer@example.org", "other@example.org", "admin@example.org", None):
        client = as_user(app, email) if email else app.test_client()
        status = client.get(urls[0]).status_code
        assert status == (200 if email in allowed else 404), email
        if email not in allowed:
            token = csrf_token(client, "/en/account/login" if email is None else "/en/")
            for url in urls[1:]:
                assert client.post(url, data={"csrf_token": token}).status_code == 404, (email,
                                                                                         url)
    # Guessing another reference reveals nothing either.
    assert as_user(app, "stranger@example.org").get(
        "/en/compact/complaints/CPT-2026-9999").status_code == 404


def test_the_whole_lifecycle_through_the_forms_emails_the_complainant(app, world):
    reference = lodge(app, world)
    base = f"/en/compact/complaints/{reference}"
    admin = as_user(app, "admin@example.org")
    assert submit(admin, base + "/assign", {"officer": str(world["officer"])},
                  form_url=base).status_code == 302
    officer = as_user(app, "officer@example.org")
    member = as_user(app, "member@example.org")
    for client, move, data in [
        (officer, "acknowledge", {}),
        (officer, "investigate", {}),
        (officer, "extend", {"due_on": "2099-01-01", "reason": "Waiting for grant papers."}),
        (officer, "outcome", {"outcome": "partly_upheld", "text": "Partly upheld.",
                              "changes": "Scoring criteria are now published."}),
        (member, "request_review", {"text": "We are not satisfied."}),
        (officer, "acknowledge_review", {}),
        (officer, "review_outcome", {"outcome": "not_upheld", "text": "Review done."}),
        (officer, "escalate", {"to": "Mutual dispute resolution with adjoining boroughs"}),
        (officer, "finding", {"text": "The process was fair."}),
        (officer, "close", {}),
    ]:
        response = submit(client, f"{base}/moves/{move}", data, form_url=base)
        assert response.status_code == 302, (move, response.get_data(as_text=True)[:300])
    with app.app_context():
        complaint = db.session.scalar(db.select(Complaint))
        actions = [e.action for e in db.session.scalars(
            db.select(CaseEvent).where(CaseEvent.complaint_id == complaint.id)
            .order_by(CaseEvent.id)) if e.action != "viewed"]
        updates = db.session.scalars(db.select(OutboxMessage).where(
            OutboxMessage.recipient == "member@example.org")).all()
        assert complaint.stage == Stage.CLOSED and complaint.closed_at is not None
        assert complaint.changes_made == "Scoring criteria are now published."
    assert actions == ["lodged", "assigned", "acknowledge", "investigate", "extend", "outcome",
                       "request_review", "acknowledge_review", "review_outcome", "escalate",
                       "finding", "close"]
    assert len(updates) == 1 + 10  # lodged, then one per change of the case
    assert any("Waiting for grant papers." in m.body for m in updates)


def test_a_move_out_of_turn_is_refused(app, world):
    reference = lodge(app, world)
    member = as_user(app, "member@example.org")
    base = f"/en/compact/complaints/{reference}"
    assert submit(member, f"{base}/moves/close", {}, form_url=base).status_code == 404
    assert submit(member, f"{base}/moves/request_review", {}, form_url=base).status_code == 404


def test_viewing_is_written_to_the_audit_trail(app, world):
    reference = lodge(app, world)
    as_user(app, "colleague@example.org").get(f"/en/compact/complaints/{reference}")
    with app.app_context():
        viewers = {e.actor.email for e in db.session.scalars(
            db.select(CaseEvent).where(CaseEvent.action == "viewed"))}
    assert "colleague@example.org" in viewers


def test_the_queue_lists_cases_by_due_date_and_flags_overdue_ones(app, world):
    from datetime import date

    reference = lodge(app, world)
    with app.app_context():
        complaint = db.session.scalar(db.select(Complaint))
        complaint.due_on = date(2020, 1, 2)
        complaint.case_officer_id = world["officer"]
        db.session.commit()
    page = as_user(app, "officer@example.org").get("/en/compact/queue").get_data(as_text=True)
    assert reference in page and "Overdue" in page
    other = as_user(app, "other@example.org").get("/en/compact/queue").get_data(as_text=True)
    assert reference not in other



def test_complainant_and_officer_exchange_messages_and_notes_stay_internal(app, world):
    reference = lodge(app, world)
    with app.app_context():
        complaint = db.session.scalar(db.select(Complaint))
        complaint.case_officer_id = world["officer"]
        db.session.commit()
    base = f"/en/compact/complaints/{reference}"
    member, officer = as_user(app, "member@example.org"), as_user(app, "officer@example.org")
    assert submit(member, base + "/messages", {"text": "Any news?"}, form_url=base
                  ).status_code == 302
    assert submit(officer, base + "/messages", {"text": "Chasing the grants team.",
                                                "internal": "y"}, form_url=base
                  ).status_code == 302
    assert submit(officer, base + "/messages", {"text": "We expect an answer soon."},
                  form_url=base).status_code == 302
    assert submit(member, base + "/messages", {"text": ""}, form_url=base).status_code == 400
    member_page = member.get(base).get_data(as_text=True)
    officer_page = officer.get(base).get_data(as_text=True)
    assert "Any news?" in member_page and "We expect an answer soon." in member_page
    assert "Chasing the grants team." not in member_page
    assert "Chasing the grants team." in officer_page
    with app.app_context():
        to_officer = db.session.scalars(db.select(OutboxMessage).where(
            OutboxMessage.recipient == "officer@example.org")).all()
        to_member = db.session.scalars(db.select(OutboxMessage).where(
            OutboxMessage.recipient == "member@example.org")).all()
    # The member had the lodging email and one for the officer's message; the
    # internal note emails no one.
    assert len(to_officer) == 1 and len(to_member) == 2
    assert "Any news?" not in to_officer[0].body  # confidential text stays on the portal
