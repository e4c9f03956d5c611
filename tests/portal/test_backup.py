"""`portal backup` and `portal restore` round-trip a populated database."""

from __future__ import annotations

import gzip
import json

from portal import storage
from portal.backup import dump
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
