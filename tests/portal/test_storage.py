"""Uploaded files live in storage (a folder or an S3 bucket), in step with the database."""

from __future__ import annotations

import re
import urllib.request
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal import storage
from portal.extensions import db
from portal.identity.models import Role, User
from portal.publishing import service
from portal.publishing.models import Attachment, Document
from tests.conftest import free_port, make_app, submit

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def stored_files(app) -> list[Path]:
    root = Path(app.extensions["portal.storage"].root)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# -- the backends ---------------------------------------------------------------------------


def exercise(backend) -> None:
    key = storage.new_key()
    assert not backend.exists(key)
    backend.put(key, b"first", "text/plain")
    assert backend.exists(key) and backend.read(key) == b"first"
    backend.put(key, BytesIO(b"from a stream" * 100_000), "text/plain")
    with backend.open(key) as source:
        assert source.read() == b"from a stream" * 100_000
    backend.delete(key)
    assert not backend.exists(key)
    backend.delete(key)  # deleting twice is no error
    with pytest.raises(storage.MissingFile):
        backend.open(key)


def test_local_backend_stores_reads_and_deletes(tmp_path):
    backend = storage.LocalStorage(tmp_path / "uploads")
    exercise(backend)


@pytest.mark.parametrize("key", ["../../etc/passwd", "report.pdf", "/abs", "A" * 32, ""])
def test_a_key_that_is_not_one_the_portal_made_is_refused(tmp_path, key):
    backend = storage.LocalStorage(tmp_path / "uploads")
    with pytest.raises(ValueError):
        backend.put(key, b"x", "text/plain")
    with pytest.raises(ValueError):
        backend.open(key)
    assert not (tmp_path / "uploads").exists() or not any((tmp_path / "uploads").rglob("*"))


def test_storage_url_chooses_the_backend(tmp_path):
    assert storage.from_url("", instance_path=tmp_path).root == tmp_path / "uploads"
    assert storage.from_url("file:///srv/portal%20files").root == Path("/srv/portal files")
    with pytest.raises(ValueError):
        storage.from_url("ftp://example.org/files")
    with pytest.raises(ValueError):
        storage.from_url("s3:///no-bucket")


@pytest.fixture
def s3(monkeypatch):
    """A moto S3 server on loopback with a bucket ``portal-files``; its endpoint URL."""
    import boto3
    from moto.server import ThreadedMotoServer

    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "eu-west-2"}.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    # moto keeps its buckets in this process, across servers: start from none.
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"),
                           timeout=10).close()
    boto3.client("s3", endpoint_url=endpoint, region_name="eu-west-2").create_bucket(
        Bucket="portal-files", CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    yield endpoint
    server.stop()


def objects(endpoint: str) -> list[str]:
    import boto3

    listing = boto3.client("s3", endpoint_url=endpoint, region_name="eu-west-2").list_objects_v2(
        Bucket="portal-files")
    return sorted(item["Key"] for item in listing.get("Contents", []))


def test_s3_backend_stores_reads_and_deletes_under_its_prefix(s3):
    backend = storage.from_url("s3://portal-files/harrow/uploads", endpoint_url=s3,
                               region="eu-west-2")
    exercise(backend)
    key = storage.new_key()
    backend.put(key, PDF, "application/pdf")
    assert objects(s3) == [f"harrow/uploads/{key}"]


# -- attachments through the routes ---------------------------------------------------------


@pytest.fixture
def officers(app, make_user):
    return {"author": make_user("author@example.org", role=Role.OFFICER),
            "second": make_user("second@example.org", role=Role.OFFICER)}


def draft(app, officers) -> int:
    with app.app_context():
        document = service.new_document(db.session.get(User, officers["author"]), {
            "slug": "annual-report", "kind": "report", "body_id": None,
            "document_date": "2026-11-01", "part2_paragraph": None, "easy_read_of_id": None,
            "agenda_items": [],
            "versions": {"en": {"title": "Annual report", "summary": "", "body": "Text",
                                "review": "source"}}})
        db.session.commit()
        return document.id


def attach(client, document_id: int, data: bytes = PDF, name: str = "../../Board minutes.pdf"):
    url = f"/en/admin/publications/{document_id}"
    return submit(client, url + "/attachments", {"file": (BytesIO(data), name)}, form_url=url,
                  content_type="multipart/form-data")


def publish(app, document_id: int, officers) -> None:
    with app.app_context():
        service.publish(db.session.get(Document, document_id),
                        db.session.get(User, officers["second"]))
        db.session.commit()


def download_link(client) -> str:
    page = client.get("/en/publications/annual-report").get_data(as_text=True)
    return re.search(r'href="(/en/publications/annual-report/files/\d+)"', page).group(1)


def test_an_attachment_is_kept_in_storage_and_downloads_from_it(app, client, officers, login):
    document_id = draft(app, officers)
    login("author@example.org")
    assert attach(client, document_id).status_code == 302
    (path,) = stored_files(app)
    assert path.read_bytes() == PDF and ".." not in str(path) and "minutes" not in path.name
    with app.app_context():
        attachment = db.session.scalar(db.select(Attachment))
        assert attachment.storage_key == path.name
    assert app.test_client().get(f"/en/publications/annual-report/files/{attachment.id}"
                                 ).status_code == 404  # not published yet: same rule as before
    publish(app, document_id, officers)
    response = app.test_client().get(download_link(client))
    assert response.status_code == 200 and response.data == PDF
    assert response.mimetype == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_missing_stored_file_answers_not_found(app, client, officers, login):
    document_id = draft(app, officers)
    login("author@example.org")
    attach(client, document_id)
    publish(app, document_id, officers)
    for path in stored_files(app):
        path.unlink()
    assert client.get(download_link(client)).status_code == 404


def test_a_failed_commit_leaves_no_stored_file(app, client, officers, login):
    document_id = draft(app, officers)
    login("author@example.org")

    def refuse(session):
        raise RuntimeError("the database went away")

    event.listen(Session, "before_commit", refuse)
    try:
        with pytest.raises(RuntimeError):
            attach(client, document_id)
    finally:
        event.remove(Session, "before_commit", refuse)
    assert stored_files(app) == []
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 0


def test_removing_an_attachment_deletes_its_file(app, client, officers, login):
    document_id = draft(app, officers)
    login("author@example.org")
    attach(client, document_id)
    attach(client, document_id, name="second.pdf")
    with app.app_context():
        first, second = db.session.scalars(db.select(Attachment).order_by(Attachment.id))
        first_id, kept = first.id, second.storage_key
    url = f"/en/admin/publications/{document_id}"
    response = submit(client, f"{url}/attachments/{first_id}/delete", {}, form_url=url)
    assert response.status_code == 302
    assert [p.name for p in stored_files(app)] == [kept]


def test_an_attachment_deleted_after_a_commit_or_as_an_orphan_loses_its_file(app, client,
                                                                             officers, login):
    document_id = draft(app, officers)
    login("author@example.org")
    attach(client, document_id)
    attach(client, document_id, name="second.pdf")
    with app.app_context():
        first, second = db.session.scalars(db.select(Attachment).order_by(Attachment.id))
        db.session.commit()  # every attribute expired
        db.session.delete(first)
        db.session.commit()
        assert len(stored_files(app)) == 1
        document = db.session.get(Document, document_id)
        assert [a.id for a in document.attachments] == [second.id]
        document.attachments.clear()  # the orphan goes (delete-orphan)
        db.session.commit()
    assert stored_files(app) == []


def test_a_deletion_that_rolls_back_keeps_the_file(app, client, officers, login):
    document_id = draft(app, officers)
    login("author@example.org")
    attach(client, document_id)
    with app.app_context():
        db.session.delete(db.session.scalar(db.select(Attachment)))
        db.session.flush()
        db.session.rollback()
    assert len(stored_files(app)) == 1


def test_deleting_a_document_deletes_its_attachments_files(app, client, officers, login):
    document_id = draft(app, officers)
    login("author@example.org")
    attach(client, document_id)
    with app.app_context():
        db.session.delete(db.session.get(Document, document_id))
        db.session.commit()
    assert stored_files(app) == []


def test_a_bulk_delete_deletes_the_files_once_it_commits(app, client, officers, login):
    document_id = draft(app, officers)
    login("author@example.org")
    attach(client, document_id)
    with app.app_context():
        db.session.execute(db.delete(Attachment).where(Attachment.document_id == document_id))
        assert len(stored_files(app)) == 1  # not before the commit
        db.session.commit()
    assert stored_files(app) == []


def test_attachments_round_trip_through_an_s3_bucket(s3, tmp_path, make_user):
    app = make_app(tmp_path, STORAGE_URL="s3://portal-files/attachments",
                   STORAGE_S3_ENDPOINT_URL=s3, STORAGE_S3_REGION="eu-west-2")
    with app.app_context():
        db.drop_all()
        db.create_all()
        officers = {}
        for name in ("author", "second"):
            user = User(email=f"{name}@example.org", name=name, role=Role.OFFICER,
                        email_verified_at=db.func.now())
            user.set_password("correct horse battery")
            db.session.add(user)
            db.session.flush()
            officers[name] = user.id
        db.session.commit()
    try:
        client = app.test_client()
        submit(client, "/en/account/login", {"email": "author@example.org",
                                             "password": "correct horse battery"})
        document_id = draft(app, officers)
        assert attach(client, document_id).status_code == 302
        (name,) = objects(s3)
        assert re.fullmatch(r"attachments/[0-9a-f]{32}", name)
        publish(app, document_id, officers)
        response = app.test_client().get(download_link(client))
        assert response.status_code == 200 and response.data == PDF
    finally:
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
