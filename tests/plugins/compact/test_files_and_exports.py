"""Supporting files, the case export and the queue export: kept as confidential as the case."""

from __future__ import annotations

import json
import re
from io import BytesIO

import pytest

from plugins.compact.models import CaseEvent, CaseFile, Complaint
from portal.extensions import db
from tests.conftest import submit
from tests.plugins.compact.conftest import as_user

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
CSV = b"date,what\n2026-10-01,Grant panel met without notes\n"


def lodge_with(app, world, files):
    client = as_user(app, "member@example.org")
    page = client.get("/en/compact/complaints/new").get_data(as_text=True)
    commitment = re.search(r'<option value="(\d+)">Run fair', page).group(1)
    return submit(client, "/en/compact/complaints/new", {
        "organisation": str(world["vcs"]), "concerns": str(world["council"]),
        "commitment": commitment, "what_happened": "The grants round was not explained.",
        "happened_on": "2026-10-01", "outcome_wanted": "A fair and open process.",
        "files": [(BytesIO(data), name) for name, data in files]},
        content_type="multipart/form-data")


@pytest.fixture
def case(app, world):
    """A lodged complaint with a letter, assigned to the case officer: its reference."""
    response = lodge_with(app, world, [("Letter to the grants team.pdf", PDF),
                                       ("timeline.csv", CSV)])
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        complaint = db.session.scalar(db.select(Complaint))
        complaint.case_officer_id = world["officer"]
        db.session.commit()
        return complaint.reference


def file_ids(app) -> dict[str, int]:
    with app.app_context():
        return {f.filename: f.id for f in db.session.scalars(db.select(CaseFile))}


def test_files_lodged_with_a_complaint_are_listed_and_downloadable(app, world, case):
    member = as_user(app, "member@example.org")
    page = member.get(f"/en/compact/complaints/{case}").get_data(as_text=True)
    assert "Letter to the grants team.pdf" in page and "timeline.csv" in page
    letter = file_ids(app)["Letter to the grants team.pdf"]
    response = member.get(f"/en/compact/complaints/{case}/files/{letter}")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    with app.app_context():
        actions = [(e.action, e.detail) for e in db.session.scalars(
            db.select(CaseEvent).order_by(CaseEvent.id))]
    assert ("file_added", "Letter to the grants team.pdf") in actions
    assert ("file_viewed", "Letter to the grants team.pdf") in actions


def test_a_file_that_is_not_what_its_name_says_refuses_the_whole_complaint(app, world):
    response = lodge_with(app, world, [("letter.pdf", b"<html><script>alert(1)</script>")])
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'href="#files"' in page and "does not look like a PDF file" in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Complaint.id))) == 0
        assert db.session.scalar(db.select(db.func.count(CaseFile.id))) == 0


def test_at_most_five_files_can_be_lodged(app, world):
    response = lodge_with(app, world, [(f"letter-{n}.pdf", PDF) for n in range(6)])
    assert response.status_code == 400
    assert "Choose at most 5 files" in response.get_data(as_text=True)


def test_files_on_an_internal_note_are_for_case_handlers_only(app, world, case):
    base = f"/en/compact/complaints/{case}"
    officer, member = as_user(app, "officer@example.org"), as_user(app, "member@example.org")
    for text, internal, name in (("Here is the panel's scoring.", "", "scores.csv"),
                                 ("Grants team's notes.", "y", "notes.pdf")):
        data = {"text": text, "files": [(BytesIO(CSV if name.endswith("csv") else PDF), name)]}
        if internal:
            data["internal"] = internal
        assert submit(officer, base + "/messages", data, form_url=base,
                      content_type="multipart/form-data").status_code == 302
    ids = file_ids(app)
    member_page = member.get(base).get_data(as_text=True)
    assert "scores.csv" in member_page and "notes.pdf" not in member_page
    assert member.get(f"{base}/files/{ids['scores.csv']}").status_code == 200
    assert member.get(f"{base}/files/{ids['notes.pdf']}").status_code == 404
    assert officer.get(f"{base}/files/{ids['notes.pdf']}").status_code == 200


ENTITLED = {"member@example.org", "colleague@example.org", "officer@example.org",
            "admin@example.org"}
EVERYONE = ("member@example.org", "colleague@example.org", "stranger@example.org",
            "officer@example.org", "other@example.org", "admin@example.org", None)


def test_files_and_the_export_answer_404_to_everyone_not_entitled(app, world, case):
    letter = file_ids(app)["Letter to the grants team.pdf"]
    urls = [f"/en/compact/complaints/{case}/files/{letter}",
            f"/en/compact/complaints/{case}/case.json"]
    for email in EVERYONE:
        client = as_user(app, email) if email else app.test_client()
        for url in urls:
            assert client.get(url).status_code == (200 if email in ENTITLED else 404), \
                (email, url)


def test_a_file_id_under_another_case_reveals_nothing(app, world, case):
    from portal.identity.models import Organisation

    letter = file_ids(app)["Letter to the grants team.pdf"]
    stranger = as_user(app, "stranger@example.org")
    with app.app_context():
        own = db.session.scalar(db.select(Organisation.id).where(
            Organisation.slug == "other-group"))
    page = stranger.get("/en/compact/complaints/new").get_data(as_text=True)
    commitment = re.search(r'<option value="(\d+)">Run fair', page).group(1)
    response = submit(stranger, "/en/compact/complaints/new", {
        "organisation": str(own), "concerns": str(world["council"]), "commitment": commitment,
        "what_happened": "Notice of a funding cut came late.", "happened_on": "2026-09-01",
        "outcome_wanted": "Three months' notice."})
    own_reference = re.search(r"(CPT-\d{4}-\d{4})", response.headers["Location"]).group(1)
    assert stranger.get(f"/en/compact/complaints/{own_reference}").status_code == 200
    # The letter belongs to the other organisation's case: not found under the stranger's own.
    assert stranger.get(f"/en/compact/complaints/{own_reference}/files/{letter}"
                        ).status_code == 404
    assert stranger.get(f"/en/compact/complaints/{case}/files/{letter}").status_code == 404


def test_the_case_export_leaves_internal_notes_and_the_trail_to_handlers(app, world, case):
    base = f"/en/compact/complaints/{case}"
    officer, member = as_user(app, "officer@example.org"), as_user(app, "member@example.org")
    submit(officer, base + "/messages", {"text": "Internal: ask the panel.", "internal": "y"},
           form_url=base)
    mine = json.loads(member.get(base + "/case.json").data)
    theirs = json.loads(officer.get(base + "/case.json").data)
    assert mine["reference"] == case and mine["what_happened"].startswith("The grants round")
    assert [f["name"] for f in mine["files"]] == ["Letter to the grants team.pdf",
                                                 "timeline.csv"]
    assert "Internal: ask the panel." not in json.dumps(mine) and "audit_trail" not in mine
    assert "Internal: ask the panel." in json.dumps(theirs)
    assert {"lodged", "exported"} <= {e["action"] for e in theirs["audit_trail"]}


def test_the_queue_export_lists_only_the_cases_an_officer_may_see(app, world, case):
    mine = as_user(app, "officer@example.org").get("/en/compact/queue.csv")
    assert mine.status_code == 200 and mine.mimetype == "text/csv"
    lines = mine.get_data(as_text=True).splitlines()
    assert lines[0].startswith("reference,stage,due_on,overdue")
    assert lines[1].startswith(f"{case},received,")
    other = as_user(app, "other@example.org").get("/en/compact/queue.csv")
    assert case not in other.get_data(as_text=True)
    assert as_user(app, "member@example.org").get("/en/compact/queue.csv").status_code == 403
    assert app.test_client().get("/en/compact/queue.csv").status_code == 302  # sign in first


def stored(app) -> dict[str, bytes]:
    root = app.extensions["portal.storage"].root
    return {p.name: p.read_bytes() for p in root.rglob("*") if p.is_file()} if root.exists() else {}


def test_case_files_are_kept_in_storage_not_in_the_case(app, world, case):
    with app.app_context():
        keys = {f.filename: f.storage_key for f in db.session.scalars(db.select(CaseFile))}
    assert stored(app) == {keys["Letter to the grants team.pdf"]: PDF, keys["timeline.csv"]: CSV}


def test_a_complaint_whose_commit_fails_leaves_no_stored_file(app, world):
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    def refuse(session):
        raise RuntimeError("the database went away")

    event.listen(Session, "before_commit", refuse)
    try:
        with pytest.raises(RuntimeError):
            lodge_with(app, world, [("letter.pdf", PDF)])
    finally:
        event.remove(Session, "before_commit", refuse)
    assert stored(app) == {}
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(CaseFile.id))) == 0


def test_deleting_a_case_file_deletes_the_stored_file(app, world, case):
    with app.app_context():
        letter = db.session.scalar(db.select(CaseFile).where(CaseFile.filename == "timeline.csv"))
        db.session.delete(letter)
        db.session.commit()
    assert list(stored(app).values()) == [PDF]


def test_deleting_a_complaint_deletes_every_file_on_the_case(app, world, case):
    member = as_user(app, "member@example.org")
    response = submit(member, f"/en/compact/complaints/{case}/messages",
                      {"text": "Here is the reply we had.",
                       "files": [(BytesIO(PDF), "reply.pdf")]},
                      form_url=f"/en/compact/complaints/{case}",
                      content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert len(stored(app)) == 3
    with app.app_context():  # as a retention clean-up would: the database cascades
        db.session.execute(db.delete(Complaint).where(Complaint.reference == case))
        db.session.commit()
    assert stored(app) == {}
