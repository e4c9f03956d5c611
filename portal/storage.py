"""Where uploaded files live: outside the database, so the application is stateless.

``PORTAL_STORAGE_URL`` chooses the backend: unset, a folder ``uploads`` in the
instance folder; ``file:///srv/portal/uploads`` another folder;
``s3://BUCKET/optional/prefix`` an S3-compatible object store through boto3
(``PORTAL_STORAGE_S3_ENDPOINT_URL`` for MinIO, Ceph, Garage…,
``PORTAL_STORAGE_S3_REGION``; credentials the standard AWS way).

A row keeps a file by its key (a :class:`StorageKey` column). Keys are made
here, random, and never from the uploader's file name, so no name can reach
outside the folder or the bucket's prefix.

Files follow the database transaction they were stored in:

- a file stored during a transaction that does not commit is deleted
  (a failed commit leaves no orphan);
- a file whose row is deleted (one row, a row deleted with its parent by
  ``ON DELETE CASCADE``, or a bulk ``DELETE``) is deleted once the
  transaction commits, never before, so a rollback keeps it.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import tempfile
import uuid
from pathlib import Path
from typing import IO, BinaryIO, Protocol
from urllib.parse import unquote, urlsplit

from flask import current_app
from sqlalchemy import String, Table, event, inspect, select, true
from sqlalchemy.orm import Mapper, Session, object_session
from sqlalchemy.types import TypeDecorator

log = logging.getLogger(__name__)

KEY = re.compile(r"[0-9a-f]{32}")
CHUNK = 1024 * 1024
_PUT = "portal.storage.put"  # session.info: [(backend, key)] stored in this transaction
_DROP = "portal.storage.drop"  # session.info: [(backend, key)] to delete when it commits
_KEEP = "portal.storage.keep"  # session.info: {key} not to delete although a row went


class MissingFile(LookupError):
    """No file is stored under this key."""


class StorageKey(TypeDecorator):
    """A column holding a stored file's key (32 hexadecimal characters)."""

    impl = String(64)
    cache_ok = True


def _check(key: str) -> str:
    if not isinstance(key, str) or not KEY.fullmatch(key):
        raise ValueError(f"not a storage key: {key!r}")
    return key


def new_key() -> str:
    return uuid.uuid4().hex


class Backend(Protocol):
    def put(self, key: str, source: bytes | IO[bytes], content_type: str) -> None: ...
    def open(self, key: str) -> BinaryIO: ...
    def read(self, key: str) -> bytes: ...
    def delete(self, key: str) -> None: ...
    def exists(self, key: str) -> bool: ...


class LocalStorage:
    """Files in a folder: ``ROOT/ab/ab12…`` (the first two characters spread them out)."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"LocalStorage({str(self.root)!r})"

    def _path(self, key: str) -> Path:
        key = _check(key)
        return self.root / key[:2] / key

    def put(self, key: str, source: bytes | IO[bytes], content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside its place and renamed: a reader never sees half a file.
        handle, partial = tempfile.mkstemp(dir=path.parent, prefix=".partial-")
        try:
            with os.fdopen(handle, "wb") as out:
                if isinstance(source, bytes | bytearray | memoryview):
                    out.write(source)
                else:
                    while chunk := source.read(CHUNK):
                        out.write(chunk)
            os.replace(partial, path)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise

    def open(self, key: str) -> BinaryIO:
        try:
            return self._path(key).open("rb")
        except FileNotFoundError:
            raise MissingFile(key) from None

    def read(self, key: str) -> bytes:
        with self.open(key) as source:
            return source.read()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()


class S3Storage:
    """Objects ``PREFIX/ab12…`` in a bucket of an S3-compatible store."""

    def __init__(self, bucket: str, prefix: str = "", *, endpoint_url: str | None = None,
                 region: str | None = None):
        import boto3  # the `s3` extra: only deployments that use S3 install it

        self.bucket, self.prefix = bucket, prefix.strip("/")
        self.client = boto3.client("s3", endpoint_url=endpoint_url or None,
                                   region_name=region or None)

    def __repr__(self) -> str:
        return f"S3Storage({self.bucket!r}, {self.prefix!r})"

    def _name(self, key: str) -> str:
        key = _check(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def _missing(self, error) -> bool:
        return error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}

    def put(self, key: str, source: bytes | IO[bytes], content_type: str) -> None:
        extra = {"ContentType": content_type or "application/octet-stream"}
        if isinstance(source, bytes | bytearray | memoryview):
            self.client.put_object(Bucket=self.bucket, Key=self._name(key), Body=bytes(source),
                                   **extra)
        else:
            self.client.upload_fileobj(source, self.bucket, self._name(key), ExtraArgs=extra)

    def open(self, key: str) -> BinaryIO:
        from botocore.exceptions import ClientError

        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._name(key))["Body"]
        except ClientError as error:
            if self._missing(error):
                raise MissingFile(key) from None
            raise

    def read(self, key: str) -> bytes:
        body = self.open(key)
        try:
            return body.read()
        finally:
            body.close()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if self._missing(error):
                return False
            raise
        return True


def from_url(url: str, *, instance_path: str | Path = "instance", endpoint_url: str = "",
             region: str = "") -> Backend:
    """The backend a ``PORTAL_STORAGE_URL`` names (empty: ``uploads`` in the instance folder)."""
    if not url:
        return LocalStorage(Path(instance_path) / "uploads")
    parts = urlsplit(url)
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost") or not parts.path:
            raise ValueError(f"PORTAL_STORAGE_URL: a file URL needs an absolute path: {url!r}")
        return LocalStorage(Path(unquote(parts.path)))
    if parts.scheme == "s3":
        if not parts.netloc:
            raise ValueError(f"PORTAL_STORAGE_URL: an s3 URL needs a bucket: {url!r}")
        return S3Storage(parts.netloc, unquote(parts.path), endpoint_url=endpoint_url,
                         region=region)
    raise ValueError(f"PORTAL_STORAGE_URL must start with file:// or s3://, not {url!r}")


def init_app(app) -> None:
    app.extensions["portal.storage"] = from_url(
        app.config.get("STORAGE_URL") or "", instance_path=app.instance_path,
        endpoint_url=app.config.get("STORAGE_S3_ENDPOINT_URL") or "",
        region=app.config.get("STORAGE_S3_REGION") or "")


def backend() -> Backend:
    """This application's storage (``current_app`` needed)."""
    return current_app.extensions["portal.storage"]


def _session() -> Session:
    from portal.extensions import db

    return db.session()


def store(source: bytes | IO[bytes], content_type: str) -> str:
    """Store a file and return its new key, for a row added in the current transaction.

    If the transaction does not commit, the file is deleted again.
    """
    return store_as(new_key(), source, content_type)


def store_as(key: str, source: bytes | IO[bytes],
             content_type: str = "application/octet-stream") -> str:
    """Store a file under a key made earlier (a restore's); otherwise as :func:`store`."""
    session = _session()
    session.connection()  # the transaction the file belongs to has begun
    where = backend()
    where.put(_check(key), source, content_type)
    session.info.setdefault(_PUT, []).append((where, key))
    return key


def keep(key: str) -> None:
    """Keep an already stored file even if the current transaction deletes its row
    (a restore deletes every row, then adds back those that refer to it)."""
    session = _session()
    session.connection()
    session.info.setdefault(_KEEP, set()).add(_check(key))


def discard(key: str | None) -> None:
    """Delete a stored file when the current transaction commits (not if it rolls back).

    Deleting the row that holds the key does this by itself.
    """
    if key:
        session = _session()
        session.connection()
        session.info.setdefault(_DROP, []).append((backend(), _check(key)))


def open_file(key: str) -> BinaryIO:
    """A stored file to read (close it after), or :class:`MissingFile`."""
    return backend().open(key)


def read_file(key: str) -> bytes:
    return backend().read(key)


def send(key: str, filename: str, content_type: str, *, private: bool = False):
    """A download response streaming the stored file (see ``publishing.files.download``)."""
    from flask import abort

    from portal.publishing.files import download

    try:
        source = open_file(key)
    except MissingFile:
        log.error("stored file %s (%s) is missing from %r", key, filename, backend())
        abort(404)
    return download(source, filename, content_type, private=private)


# -- migrations: a table's files between a data column and storage -------------------------


def _file_table(name: str, data: str, key: str) -> Table:
    from sqlalchemy import Column, Integer, LargeBinary, MetaData

    return Table(name, MetaData(), Column("id", Integer, primary_key=True),
                 Column(data, LargeBinary), Column(key, String(64)),
                 Column("content_type", String(120)))


def files_to_storage(connection, table_name: str, *, data: str = "data",
                     key: str = "storage_key") -> int:
    """For a migration: store each row's bytes (``data``) and keep the new key (``key``).

    One row at a time, so no more than one file is in memory; if a row fails,
    the files stored so far are deleted again. Returns how many were moved.
    """
    table, where, stored = _file_table(table_name, data, key), backend(), []
    ids = connection.execute(select(table.c.id).where(table.c[key].is_(None))
                             .order_by(table.c.id)).scalars().all()
    try:
        for row_id in ids:
            row = connection.execute(select(table.c[data], table.c.content_type)
                                     .where(table.c.id == row_id)).one()
            stored.append(new_key())
            where.put(stored[-1], bytes(row[0] or b""), row[1] or "")
            connection.execute(table.update().where(table.c.id == row_id)
                               .values({key: stored[-1]}))
    except BaseException:
        for done in stored:
            where.delete(done)
        raise
    return len(ids)


def files_from_storage(connection, table_name: str, *, data: str = "data",
                       key: str = "storage_key") -> int:
    """For a downgrade: read each row's stored file back into its ``data`` column.

    The stored copies stay (the downgrade may yet roll back); returns the count.
    """
    table, where = _file_table(table_name, data, key), backend()
    rows = connection.execute(select(table.c.id, table.c[key]).order_by(table.c.id)).all()
    for row_id, stored in rows:
        connection.execute(table.update().where(table.c.id == row_id)
                           .values({data: where.read(stored)}))
    return len(rows)


# -- which rows hold files ------------------------------------------------------------------


# The answers depend only on the schema, so they are worked out once, not on every
# delete and flush; the number of tables is part of the key, so a table defined later
# (a plugin imported after the first question) gets them worked out again.
@functools.cache
def key_columns(table: Table) -> tuple:
    return tuple(c for c in table.columns if isinstance(c.type, StorageKey))


@functools.cache
def _children_by_table(metadata, _tables: int) -> dict:
    children: dict = {}
    for other in metadata.tables.values():
        for fk in other.foreign_keys:
            if (fk.ondelete or "").upper() == "CASCADE":
                children.setdefault(fk.column.table, []).append((other, fk))
    return children


def _cascading_children(table: Table) -> list[tuple[Table, object]]:
    """Tables whose rows the database deletes with a row of ``table``, with the foreign key."""
    return _children_by_table(table.metadata, len(table.metadata.tables)).get(table, [])


def _holds_files(table: Table) -> bool:
    """Whether rows of ``table``, or the rows the database deletes with them, hold files."""
    return _holds(table, len(table.metadata.tables))


@functools.cache
def _holds(table: Table, _tables: int, seen: frozenset = frozenset()) -> bool:
    if key_columns(table):
        return True
    return any(_holds(child, _tables, seen | {table}) for child, _fk in
               _cascading_children(table) if child not in seen)


def _keys_below(executor, table: Table, where, seen: frozenset = frozenset()) -> set:
    """Keys held by the rows of ``table`` matching ``where`` and by the rows deleted with them.

    ``executor`` is the session or the connection of the transaction deleting them.
    """
    keys: set[str] = set()
    columns = key_columns(table)
    if columns:
        for row in executor.execute(select(*columns).where(where)):
            keys.update(value for value in row if value)
    for child, fk in _cascading_children(table):
        if child not in seen and _holds(child, len(table.metadata.tables), seen | {table}):
            keys |= _keys_below(executor, child,
                                fk.parent.in_(select(fk.column).where(where)), seen | {table})
    return keys


def _drop(session: Session, keys) -> None:
    if keys:
        where = current_app.extensions["portal.storage"]
        session.info.setdefault(_DROP, []).extend((where, key) for key in keys)


@event.listens_for(Mapper, "before_delete")
def _row_deleted(mapper, connection, target) -> None:
    """A row about to be deleted (by ``session.delete`` or as an orphan): its files and
    those of the rows the database deletes with it."""
    table = mapper.local_table
    if not isinstance(table, Table) or not _holds_files(table):
        return
    state = inspect(target)
    where = true()
    for column, value in zip(mapper.primary_key, state.identity, strict=True):
        where = where & (column == value)
    session = object_session(target)
    if session is not None:
        # Read from the database, which still has the row: the instance may be expired.
        _drop(session, _keys_below(connection, table, where))


@event.listens_for(Session, "after_flush")
def _after_flush(session, flush_context) -> None:
    """A row whose key was replaced by another: the old file goes."""
    keys: set[str] = set()
    for obj in session.dirty:
        state = inspect(obj)
        table = state.mapper.local_table
        if not isinstance(table, Table):
            continue
        for column in key_columns(table):
            history = state.attrs[state.mapper.get_property_by_column(column).key].history
            keys.update(value for value in history.deleted if value)
    _drop(session, keys)


@event.listens_for(Session, "do_orm_execute")
def _bulk_delete(state) -> None:
    """``DELETE`` statements run through the session (retention clean-ups, restores)."""
    if not state.is_delete:
        return
    table = getattr(state.statement, "table", None)
    if not isinstance(table, Table):
        return
    table = table.metadata.tables.get(table.fullname, table)  # the Table, not an ORM alias of it
    if not _holds_files(table):
        return
    where = state.statement.whereclause
    _drop(state.session, _keys_below(state.session, table, where if where is not None else true()))


@event.listens_for(Session, "after_commit")
def _after_commit(session) -> None:
    kept = {key for _where, key in session.info.pop(_PUT, [])} | session.info.pop(_KEEP, set())
    for where, key in session.info.pop(_DROP, []):
        if key in kept:  # stored again in this transaction (a restore): still wanted
            continue
        try:
            where.delete(key)
        except Exception:  # the row is gone either way; an orphan file is only space
            log.exception("could not delete stored file %s from %r", key, where)


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session, transaction) -> None:
    """A transaction that ended without committing: its new files go, its deletions don't."""
    if transaction.parent is not None:
        return
    session.info.pop(_DROP, None)
    session.info.pop(_KEEP, None)
    for where, key in session.info.pop(_PUT, []):
        try:
            where.delete(key)
        except Exception:
            log.exception("could not delete stored file %s from %r", key, where)
