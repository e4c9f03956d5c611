"""Back up and restore the whole database as one portable file.

``portal backup FILE`` writes every table the core and the installed plugins
define (rows, stored files included) to gzip-compressed JSON;
``portal restore FILE`` puts them back into a database migrated to the same
schema, replacing what it holds. The file does not depend on the database
engine, so a SQLite development database can be moved to PostgreSQL the same
way a production database is restored after a fault.

Values are written by their column's type: dates and times as ISO 8601,
binary data as base64, decimals as strings, JSON columns as they are.

Uploaded files live in storage (``portal.storage``), not in the database;
since format version 2 the backup holds every file a row refers to, by its
key, under ``files``, and a restore puts them back in this portal's storage
(whichever backend it uses). A version 1 backup, from before files left the
database, still restores: its files are moved from the rows into storage on
the way in, as the migrations that made that move would have done.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import logging
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Table, func, inspect, select, text, types

from portal import plugins, storage
from portal.extensions import db

log = logging.getLogger(__name__)

FORMAT = "harrow-portal-backup"
VERSION = 2
BATCH = 500


def storage_moves() -> dict[str, str]:
    """The migrations that moved files out of the rows into storage, by the revision each follows.

    A version 1 backup is of the schema before those moves. A migration says it is one
    with ``MOVES_FILES_TO_STORAGE = True``, in the core or in any installed plugin's
    branch, so a restore knows which schema a version 1 file comes to without naming
    any plugin's revisions here.
    """
    from alembic.script import ScriptDirectory
    from flask import current_app

    config = current_app.extensions["migrate"].migrate.get_config()
    return {script.down_revision: script.revision
            for script in ScriptDirectory.from_config(config).walk_revisions()
            if getattr(script.module, "MOVES_FILES_TO_STORAGE", False)
            and isinstance(script.down_revision, str)}


class BackupError(Exception):
    """The file cannot be restored into this database (wrong format or schema)."""


def _tables() -> list[Table]:
    present = set(inspect(db.engine).get_table_names())
    return [t for t in db.metadata.sorted_tables if t.name in present]


def _schema_heads() -> list[str]:
    if "alembic_version" not in inspect(db.engine).get_table_names():
        return []
    rows = db.session.execute(text("SELECT version_num FROM alembic_version"))
    return sorted(r[0] for r in rows)


def _dump_value(column_type: types.TypeEngine, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column_type, types.JSON):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Decimal):
        return str(value)
    return value


def _load_value(column_type: types.TypeEngine, value: Any) -> Any:
    if value is None or isinstance(column_type, types.JSON):
        return value
    if isinstance(column_type, types.Enum) and column_type.enum_class is not None:
        return column_type.enum_class(value)
    if isinstance(column_type, types.DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(column_type, types.Date):
        return dt.date.fromisoformat(value)
    if isinstance(column_type, types.Time):
        return dt.time.fromisoformat(value)
    if isinstance(column_type, types._Binary):
        return base64.b64decode(value)
    if isinstance(column_type, types.Numeric) and not isinstance(column_type, types.Float):
        return Decimal(value)
    return value


def dump() -> dict[str, Any]:
    """Everything in the database, as a JSON-ready document."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in _tables():
        order = list(table.primary_key.columns) or list(table.columns)
        rows = db.session.execute(select(table).order_by(*order)).mappings()
        tables[table.name] = [
            {c.name: _dump_value(c.type, row[c.name]) for c in table.columns} for row in rows]
    return {"format": FORMAT, "version": VERSION, "schema": _schema_heads(), "tables": tables,
            "files": _dump_files(tables)}


def _dump_files(tables: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    """Every stored file a row refers to, base64 by key (a missing one is logged, not fatal)."""
    files: dict[str, str] = {}
    for table in _tables():
        for column in storage.key_columns(table):
            for row in tables.get(table.name, []):
                key = row.get(column.name)
                if not key or key in files:
                    continue
                try:
                    files[key] = base64.b64encode(storage.read_file(key)).decode("ascii")
                except storage.MissingFile:
                    log.warning("backup: %s row %s refers to a missing file %s", table.name,
                                row.get("id"), key)
    return files


def write_backup(out: BinaryIO) -> dict[str, int]:
    """Write the backup to ``out``; returns the number of rows per table."""
    document = dump()
    with gzip.GzipFile(fileobj=out, mode="wb") as packed:
        packed.write(json.dumps(document, ensure_ascii=False).encode("utf-8"))
    return {name: len(rows) for name, rows in document["tables"].items()}


def read_backup(source: BinaryIO) -> dict[str, Any]:
    try:
        with gzip.GzipFile(fileobj=source, mode="rb") as packed:
            document = json.loads(packed.read().decode("utf-8"))
    except (OSError, EOFError, ValueError) as error:
        raise BackupError(f"not a portal backup: {error}") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError("not a portal backup")
    if document.get("version") == 1:
        return _from_version_1(document)
    if document.get("version") != VERSION:
        raise BackupError(f"backup format version {document.get('version')} is not supported")
    return document


def _from_version_1(document: dict[str, Any]) -> dict[str, Any]:
    """A version 1 document as version 2: files out of the rows, the schema moved on."""
    files: dict[str, str] = {}
    for table in db.metadata.sorted_tables:
        columns = storage.key_columns(table)
        for row in document["tables"].get(table.name, []) if columns else []:
            if "data" in row and not row.get(columns[0].name):
                key = storage.new_key()
                files[key] = row.pop("data") or ""
                row[columns[0].name] = key
    moves = storage_moves()
    schema = sorted(moves.get(head, head) for head in document.get("schema", []))
    return {**document, "version": VERSION, "schema": schema, "files": files}


def restore(document: dict[str, Any]) -> dict[str, int]:
    """Replace the database's rows with the backup's, in one transaction."""
    heads = _schema_heads()
    if document["schema"] != heads:
        raise BackupError(
            f"the backup is of schema {document['schema'] or 'unknown'}, this database is at "
            f"{heads or 'no schema'}: run `portal init-db` on a database of the same version")
    tables = _tables()
    unknown = set(document["tables"]) - {t.name for t in tables}
    if unknown:
        raise BackupError(f"the backup has tables this portal does not: {sorted(unknown)}")
    counts: dict[str, int] = {}
    try:
        _restore_files(document.get("files", {}))
        for table in reversed(tables):
            db.session.execute(table.delete())
        for table in tables:
            rows = document["tables"].get(table.name, [])
            columns = {c.name: c for c in table.columns}
            loaded = [{name: _load_value(columns[name].type, value)
                       for name, value in row.items() if name in columns} for row in rows]
            for start in range(0, len(loaded), BATCH):
                db.session.execute(table.insert(), loaded[start:start + BATCH])
            counts[table.name] = len(loaded)
        _reset_sequences(tables)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    plugins.host().choices_changed()  # the restored plugin switches, in every process
    return counts


def _restore_files(files: dict[str, str]) -> None:
    """Put the backup's files in storage, kept if the restore commits, deleted if not.

    A file already there under its key (a restore into the portal it came from)
    is left as it is: keys are never reused, so it is the same file.
    """
    for key, encoded in files.items():
        if storage.backend().exists(key):
            storage.keep(key)
        else:
            storage.store_as(key, base64.b64decode(encoded))


def _reset_sequences(tables: list[Table]) -> None:
    """PostgreSQL's id sequences continue after the restored rows (SQLite needs nothing)."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in tables:
        for column in table.primary_key.columns:
            if not (column.autoincrement is True or (
                    column.autoincrement == "auto" and isinstance(column.type, types.Integer)
                    and len(table.primary_key.columns) == 1)):
                continue
            sequence = db.session.scalar(
                text("SELECT pg_get_serial_sequence(:t, :c)"),
                {"t": table.name, "c": column.name})
            if sequence:
                highest = db.session.scalar(select(func.max(column)))
                db.session.execute(text("SELECT setval(:s, :v, :called)"),
                                   {"s": sequence, "v": highest or 1,
                                    "called": highest is not None})


def backup_to(path: Path) -> dict[str, int]:
    with path.open("wb") as out:
        return write_backup(out)


def restore_from(path: Path) -> dict[str, int]:
    with path.open("rb") as source:
        return restore(read_backup(source))
