"""The migrations move files that were kept in the database into storage, and back."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from plugins.compact.models import CaseFile
from portal.extensions import db
from portal.publishing.models import Attachment
from tests.conftest import make_app
from tests.plugins.compact.conftest import as_user, world  # noqa: F401  (the Compact's people)
from tests.plugins.compact.test_files_and_exports import CSV, PDF, lodge_with
from tests.portal.test_plugins import drop_everything, logging_left_alone, portal
from tests.portal.test_storage import attach, download_link, draft, officers, publish  # noqa: F401


@pytest.fixture
def app(tmp_path):
    """This module's app: its database built by the migrations (``portal init-db``)."""
    application = make_app(tmp_path)
    drop_everything(application)
    migrate(application, "upgrade", "heads")
    yield application
    drop_everything(application)


def migrate(app, *args: str) -> None:
    with logging_left_alone():
        result = portal(app, "db", *args)
    assert result.exit_code == 0, result.output


def blobs(app, table: str) -> list[bytes]:
    with app.app_context(), db.engine.connect() as connection:
        return [bytes(row[0]) for row in connection.execute(
            sa.text(f"SELECT data FROM {table} ORDER BY id"))]


def columns(app, table: str) -> set[str]:
    with app.app_context():
        return {c["name"] for c in sa.inspect(db.engine).get_columns(table)}


def test_files_kept_in_the_database_move_into_storage_and_download(app, officers, world,  # noqa: F811
                                                                   login, client):
    document_id = draft(app, officers)
    login("author@example.org")
    assert attach(client, document_id).status_code == 302
    publish(app, document_id, officers)
    lodged = lodge_with(app, world, [("letter.pdf", PDF), ("timeline.csv", CSV)])
    reference = re.search(r"(CPT-\d{4}-\d{4})", lodged.headers["Location"]).group(1)

    # Back to the schema that kept the bytes in the rows, and no files stored at all.
    migrate(app, "downgrade", "0007_account_deleted_at")
    migrate(app, "downgrade", "compact_0003")
    assert "storage_key" not in columns(app, "attachment")
    assert blobs(app, "attachment") == [PDF]
    assert blobs(app, "compact_case_file") == [PDF, CSV]
    shutil.rmtree(app.extensions["portal.storage"].root)

    migrate(app, "upgrade", "heads")
    assert "data" not in columns(app, "attachment") | columns(app, "compact_case_file")
    root = Path(app.extensions["portal.storage"].root)
    with app.app_context():
        attachment = db.session.scalar(db.select(Attachment))
        files = db.session.scalars(db.select(CaseFile).order_by(CaseFile.id)).all()
        assert (root / attachment.storage_key[:2] / attachment.storage_key).read_bytes() == PDF
        assert [(root / f.storage_key[:2] / f.storage_key).read_bytes() for f in files] == [
            PDF, CSV]
        file_id = files[1].id
    response = app.test_client().get(download_link(client))
    assert response.status_code == 200 and response.data == PDF
    response = as_user(app, "member@example.org").get(
        f"/en/compact/complaints/{reference}/files/{file_id}")
    assert response.status_code == 200 and response.data == CSV
