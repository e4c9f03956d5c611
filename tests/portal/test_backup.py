"""`portal backup` and `portal restore` round-trip a populated database."""

from __future__ import annotations

import gzip
import json

from portal import storage
from portal.backup import dump, storage_moves
from portal.extensions import db
from portal.identity.models import User
from portal.publishing.models import Attachment, Document


def _populate(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        document = db.session.scalar(db.select(Document).order_by(Document.id))
        db.session.add(Attachment(document=document, filename="plan.pdf",
                                  content_type="application/pdf", size=6,
                                  storage_key=storage.store(b"%PDF\x00\xff", "application/pdf")))
        db.session.commit()


def test_backup_and_restore_round_trip_every_row(app, tmp_path):
    _populate(app)
    with app.app_context():
        before = dump()
    assert before["tables"]["user_account"] and before["tables"]["document"]
    path = tmp_path / "portal-backup.json.gz"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output

    with app.app_context():  # the fault: everything gone
        db.drop_all()
        db.create_all()
        assert db.session.scalar(db.select(db.func.count(User.id))) == 0

    result = runner.invoke(args=["restore", "--yes", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert dump() == before
        attachment = db.session.scalar(db.select(Attachment).where(
            Attachment.filename == "plan.pdf"))
        assert storage.read_file(attachment.storage_key) == b"%PDF\x00\xff"
        # New rows continue after the restored ids (PostgreSQL's sequences were reset).
        highest = db.session.scalar(db.select(db.func.max(User.id)))
        user = User(email="after-restore@example.org", name="After Restore")
        user.set_password("correct horse battery")
        db.session.add(user)
        db.session.commit()
        assert user.id > highest


def test_restore_refuses_a_file_that_is_not_a_backup(app, tmp_path):
    _populate(app)
    path = tmp_path / "not-a-backup.gz"
    path.write_bytes(gzip.compress(b'{"hello": "world"}'))
    result = app.test_cli_runner().invoke(args=["restore", "--yes", str(path)])
    assert result.exit_code != 0
    assert "not a portal backup" in result.output
    with app.app_context():  # nothing was touched
        assert db.session.scalar(db.select(db.func.count(User.id))) > 0


def test_restore_refuses_a_backup_of_another_schema_version(app, tmp_path):
    _populate(app)
    path = tmp_path / "backup.json.gz"
    with app.app_context():
        document = dump()
    document["schema"] = ["0099_future"]
    path.write_bytes(gzip.compress(json.dumps(document).encode()))
    result = app.test_cli_runner().invoke(args=["restore", "--yes", str(path)])
    assert result.exit_code != 0
    assert "0099_future" in result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id))) > 0


def _stored(app) -> list:
    root = app.extensions["portal.storage"].root
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_backup_holds_the_stored_files_and_a_restore_puts_them_back(app, tmp_path):
    _populate(app)
    path = tmp_path / "portal-backup.json.gz"
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", str(path)]).exit_code == 0
    with gzip.open(path) as packed:
        document = json.load(packed)
    assert document["version"] == 2 and len(document["files"]) == 1

    with app.app_context():  # the fault: the database and the uploads folder both lost
        db.drop_all()
        db.create_all()
    for stored in _stored(app):
        stored.unlink()

    result = runner.invoke(args=["restore", "--yes", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        attachment = db.session.scalar(db.select(Attachment))
        assert storage.read_file(attachment.storage_key) == b"%PDF\x00\xff"
    assert len(_stored(app)) == 1


def test_restoring_over_a_portal_removes_the_files_the_backup_does_not_hold(app, tmp_path):
    _populate(app)
    path = tmp_path / "portal-backup.json.gz"
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", str(path)]).exit_code == 0
    with app.app_context():  # a file added after the backup
        document = db.session.scalar(db.select(Document).order_by(Document.id))
        db.session.add(Attachment(document=document, filename="later.pdf",
                                  content_type="application/pdf", size=5,
                                  storage_key=storage.store(b"%PDF-", "application/pdf")))
        db.session.commit()
        kept = db.session.scalar(db.select(Attachment.storage_key).where(
            Attachment.filename == "plan.pdf"))
    assert len(_stored(app)) == 2
    assert runner.invoke(args=["restore", "--yes", str(path)]).exit_code == 0
    assert [p.name for p in _stored(app)] == [kept]


def test_the_migrations_that_moved_files_into_storage_are_found_in_every_branch(app):
    # The core's own and a plugin's, each marked in its migration, none named by the core.
    with app.app_context():
        assert storage_moves() == {"0007_account_deleted_at": "0008_attachment_storage",
                                   "compact_0003": "compact_0004"}


def test_a_version_1_backup_with_files_in_the_rows_still_restores(app, tmp_path):
    _populate(app)
    with app.app_context():
        document = dump()
    # As the portal wrote it before files left the database.
    files = document.pop("files")
    for row in document["tables"]["attachment"]:
        row["data"] = files[row.pop("storage_key")]
    document["version"] = 1
    document["schema"] = sorted({"0008_attachment_storage": "0007_account_deleted_at",
                                 "compact_0004": "compact_0003"}.get(head, head)
                                for head in document["schema"])
    path = tmp_path / "old-backup.json.gz"
    path.write_bytes(gzip.compress(json.dumps(document).encode()))
    for stored in _stored(app):
        stored.unlink()

    result = app.test_cli_runner().invoke(args=["restore", "--yes", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        attachment = db.session.scalar(db.select(Attachment).where(
            Attachment.filename == "plan.pdf"))
        assert storage.read_file(attachment.storage_key) == b"%PDF\x00\xff"
