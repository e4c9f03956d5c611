"""A cache of rendered anonymous pages, served before Flask sees the request.

Most visitors are not signed in and read the same public pages: rendering each
one afresh takes 10–60 ms of a core (docs/performance.md). This WSGI
middleware keeps the pages the portal already marks as the same for everyone
(``security.shareable``: status 200, ``Cache-Control: public`` and an ETag, no
form token, no notice for one visitor) and answers later requests for the same
address with the stored page and its headers, without a request context or a
single SQL query.

* Where: in Redis when ``PORTAL_REDIS_URL`` is set (every worker and machine
  shares the pages and the generations), in this process's memory otherwise.
  Without Redis each worker invalidates only its own pages: a write made by
  another worker shows there after at most ``PORTAL_PAGE_CACHE_SECONDS``. So
  every process that writes (web, mail worker, ``portal`` commands) needs the
  same ``PORTAL_REDIS_URL`` (docs/deploy.md).
* How long: ``PORTAL_PAGE_CACHE_SECONDS`` (default 60); 0 turns the cache off.
* Invalidation: a generation number per table. A database commit that wrote a
  table a public page may show (ORM flush, or a bulk insert/update/delete
  through the session; tables marked ``NOT_ON_PUBLIC_PAGES`` — the outbox,
  sign-in attempts, reset links, the security log — do not count) moves that
  table's number on. A page is stored with the numbers, read *before* it was
  drawn, of the tables its statements named (every statement sent while it is
  drawn is read for the names of tables), and is never served once one of
  them has moved on: a publication, a moderated topic or a sign-up shows on
  the very next request, a page drawn while someone else's write was committed
  is discarded, and a sign-up to a meeting leaves the publications and the
  scorecard in the cache. One more number, ``EVERY_TABLE``, belongs to every page: a
  textual write, a write to a table marked ``ON_EVERY_PAGE`` (the plugin
  switches, which every page's navigation shows from each process's copy) and
  :func:`invalidate` move it on.
* Who gets cached pages: GET and HEAD without a signed-in user — no remember
  cookie, no ``Authorization`` header, and no session cookie unless that
  session holds nothing but a CSRF token (flashed messages, a chosen
  organisation, translation requests all mean the page is drawn afresh).
  Pages are only stored from requests with no session at all.
* Pages with a form: a page whose only per-visitor part is the CSRF token
  (``security.token_shareable``: a meeting's sign-up form, an Assembly topic's
  report form, "ask for a translation", the sign-in form) is kept with a
  placeholder where the token was, without the first visitor's cookie and
  marked ``no-store`` for any other cache. Each visitor served from it gets
  their own token, signed as Flask-WTF's ``generate_csrf`` signs it from the
  raw token in their session (a new one for a new session), put in the page,
  and, when the session is new, the signed session cookie Flask's session
  interface sets (:meth:`PageCache.with_token`; no request context, no
  database).

The key is the scheme, host, full path and query string and the page's
language (from the ``/<lang>/`` prefix); GET and HEAD share it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
import threading
import time
from collections import OrderedDict
from contextvars import ContextVar

from flask import Flask, current_app, has_app_context
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause
from werkzeug.http import dump_cookie, parse_cookie
from werkzeug.wrappers import Response

log = logging.getLogger(__name__)

EXTENSION = "portal.pagecache"
# What an anonymous visitor's session may hold and still be given a shared page:
# a form token (a kept page gets the visitor's own), Flask's own "permanent" flag
# and the "not fresh" mark Flask-Login puts in any session without a user.
HARMLESS_SESSION_KEYS = frozenset({"csrf_token", "_permanent", "_fresh"})
# Pages bigger than this are drawn each time rather than filling the cache.
MAX_PAGE_BYTES = 1024 * 1024
WROTE = "portal.pagecache.wrote"
COOKIES = "portal.pagecache.cookies"
# The visitor's session as anonymous() read it from their cookie (absent: no cookie).
SESSION = "portal.pagecache.session"
# Set in the WSGI environ by security.add_headers: the signed CSRF token a page
# was drawn with, when the token is all that makes the page this visitor's own.
TOKEN = "portal.pagecache.token"
# What a kept page holds where the token was. Nobody can type a NUL (the portal
# refuses it in any form or query string), so no content can contain this.
PLACEHOLDER = b"\x00portal-csrf-token\x00"
# The generation every stored page also depends on, beside those of the tables it
# read: moved on by a write whose tables are not known (a textual statement), by a
# write to an ON_EVERY_PAGE table and by invalidate().
EVERY_TABLE = "*"


class MemoryStore:
    """Pages in this process (development, tests, a single worker)."""

    def __init__(self, max_pages: int = 2000):
        self.generations: dict[str, int] = {EVERY_TABLE: int(time.time() * 1000)}
        self._pages: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._max = max_pages
        self._lock = threading.Lock()

    def lookup(self, key: str) -> tuple[dict[str, int], bytes | None]:
        with self._lock:
            found = self._pages.get(key)
            generations = dict(self.generations)
            if found is None or found[0] <= time.monotonic():
                return generations, None
            return generations, found[1]

    def store(self, key: str, blob: bytes, seconds: int) -> None:
        with self._lock:
            self._pages[key] = (time.monotonic() + seconds, blob)
            self._pages.move_to_end(key)
            while len(self._pages) > self._max:
                self._pages.popitem(last=False)

    def bump(self, tables=(EVERY_TABLE,)) -> None:
        with self._lock:
            for table in tables:
                self.generations[table] = self.generations.get(table, 0) + 1
            if EVERY_TABLE in tables:
                self._pages.clear()  # nothing older can be served again: free the memory


class RedisVersion:
    """A number in Redis that every process reads to tell whether its copy of
    something shared is current, moved on by whoever changes that thing.

    The plugin switches' version is one (``portal.plugins``). A missing number (new,
    flushed or evicted) starts again from the clock, so it can never come back round
    to an old copy's number.
    Errors are logged and read as "no number": the caller then trusts no copy.
    """

    def __init__(self, client, key: str, what: str):
        import redis

        self.redis = client
        self.errors = (redis.RedisError, OSError)
        self.key = key
        self.what = what

    def value(self, raw: bytes | None) -> int | None:
        """The number from what Redis returned for :attr:`key` (started if missing)."""
        if raw is None:
            self.redis.set(self.key, int(time.time() * 1000), nx=True)
            return None
        return int(raw)

    def read(self) -> int | None:
        try:
            return self.value(self.redis.get(self.key))
        except self.errors as error:
            log.warning("%s unavailable: %s", self.what, error)
            return None

    def bump(self) -> None:
        try:
            self.redis.incr(self.key)
        except self.errors as error:
            log.error("%s not moved on: %s", self.what, error)


def redis_client(url: str):
    """A Redis connection with short timeouts: a slow Redis must not hold up pages."""
    import redis

    return redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)


def namespace(app: Flask) -> str:
    """A name for this deployment's keys in Redis, from the database it uses, so two
    portals sharing one Redis (staging and live) never see each other's."""
    database = str(app.config.get("SQLALCHEMY_DATABASE_URI", "")).encode()
    return hashlib.sha256(database).hexdigest()[:12]


# Move each named table's number on in the JSON object of numbers, atomically; a
# missing object starts again from the clock (ARGV[2], for the name in ARGV[1]).
_BUMP = """
local raw = redis.call('GET', KEYS[1])
local numbers = raw and cjson.decode(raw) or {}
if numbers[ARGV[1]] == nil then numbers[ARGV[1]] = tonumber(ARGV[2]) end
for i = 3, #ARGV do numbers[ARGV[i]] = (numbers[ARGV[i]] or 0) + 1 end
redis.call('SET', KEYS[1], cjson.encode(numbers))
"""


class RedisStore:
    """Pages and the tables' generations shared by every process through Redis.

    The generations are one JSON object under one key, so a lookup reads them and
    the page in one MGET; a write moves its tables on with one script, atomically.
    """

    def __init__(self, url: str, namespace: str):
        import redis

        self.redis = redis_client(url)
        self.prefix = f"portal:page:{namespace}:"
        self.generations_key = self.prefix + "generations"
        self.errors = (redis.RedisError, OSError)
        self._bump = self.redis.register_script(_BUMP)

    def lookup(self, key: str) -> tuple[dict[str, int] | None, bytes | None]:
        """The current generations and the stored page, in one round trip."""
        try:
            raw, blob = self.redis.mget(self.generations_key, self.prefix + key)
            if raw is None:  # new, flushed or evicted: start again, trust no page
                self.redis.set(self.generations_key,
                               json.dumps({EVERY_TABLE: int(time.time() * 1000)}), nx=True)
                return None, None
            return json.loads(raw), blob
        except (*self.errors, ValueError) as error:
            log.warning("page cache unavailable: %s", error)
            return None, None

    def store(self, key: str, blob: bytes, seconds: int) -> None:
        try:
            self.redis.set(self.prefix + key, blob, ex=seconds)
        except self.errors as error:
            log.warning("page cache unavailable: %s", error)

    def bump(self, tables=(EVERY_TABLE,)) -> None:
        try:
            self._bump(keys=[self.generations_key],
                       args=[EVERY_TABLE, int(time.time() * 1000), *sorted(tables)])
        except self.errors as error:
            log.error("page cache generations not moved on: %s", error)


def encode(generations: dict[str, int], status: str, headers: list[tuple[str, str]],
           body: bytes, token: bool = False) -> bytes:
    head = json.dumps({"generations": generations, "status": status, "headers": headers,
                       "token": token})
    return head.encode() + b"\n" + body  # JSON never holds a raw line break


def decode(blob: bytes) -> tuple[dict[str, int], str, list[tuple[str, str]], bytes, bool]:
    """Generations read, status, headers, body and whether the body has a token placeholder."""
    head, _, body = blob.partition(b"\n")
    meta = json.loads(head)
    return (meta["generations"], meta["status"], [tuple(h) for h in meta["headers"]], body,
            bool(meta.get("token")))


def fresh(stored: dict[str, int], current: dict[str, int] | None) -> bool:
    """Whether a page drawn when the tables it read had ``stored`` generations is still
    what they hold: none of them, and not every table at once, has been written since."""
    return (current is not None and isinstance(stored, dict) and EVERY_TABLE in stored
            and all(current.get(table, 0) == number for table, number in stored.items()))


class PageCache:
    """The WSGI middleware: serve a stored page, or let Flask draw it and maybe keep it."""

    def __init__(self, app: Flask, wsgi_app, store):
        self.flask = app
        self.wsgi_app = wsgi_app
        self.store = store
        # Static files are never pages (and carry their own caching): no lookup for them.
        self.static = (app.static_url_path or "/static").rstrip("/") + "/"

    @property
    def seconds(self) -> int:
        return int(self.flask.config.get("PAGE_CACHE_SECONDS") or 0)

    def __call__(self, environ, start_response):
        seconds = self.seconds
        method = environ.get("REQUEST_METHOD", "GET")
        if (seconds <= 0 or method not in {"GET", "HEAD"}
                or environ.get("PATH_INFO", "").startswith(self.static)
                or not self.anonymous(environ)):
            return self.wsgi_app(environ, start_response)
        key = self.key(environ)
        generations, blob = self.store.lookup(key)
        if blob is not None:
            try:
                stored, status, headers, body, token = decode(blob)
            except (ValueError, KeyError, TypeError):  # not one of ours: draw the page
                stored = None
            if stored is not None and fresh(stored, generations):
                if token:
                    return self.with_token(environ, start_response, status, headers, body)
                response = Response(body, status=status, headers=headers)
                return response.make_conditional(environ)(environ, start_response)
        if method != "GET" or generations is None or not self.cookieless(environ):
            return self.wsgi_app(environ, start_response)
        return self.draw_and_keep(environ, start_response, key, generations, seconds)

    def draw_and_keep(self, environ, start_response, key, generations, seconds):
        seen: dict = {}

        def remember(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, list(headers)
            return start_response(status, headers, exc_info)

        # Which tables the page reads, from every statement sent while it is drawn.
        words: set[str] = set()
        reading = _READING.set(words)
        try:
            body_iter = self.wsgi_app(environ, remember)
        finally:
            _READING.reset(reading)
        status, headers = seen.get("status", ""), seen.get("headers", [])
        token = environ.get(TOKEN)
        if token is not None:
            if not token_storable(status, headers):
                return body_iter
        elif not storable(status, headers):
            return body_iter
        try:
            body = b"".join(body_iter)
        finally:
            if hasattr(body_iter, "close"):
                body_iter.close()
        if len(body) <= MAX_PAGE_BYTES:
            # Stored under the generations read before it was drawn, of the tables it
            # read: a write to one of them committed meanwhile makes it stale at once.
            read = {table: generations.get(table, 0)
                    for table in words.intersection(_table_names())}
            read[EVERY_TABLE] = generations[EVERY_TABLE]
            if token is None:
                blob = encode(read, status, headers, body)
            else:
                # The first visitor's token and cookie are theirs alone: keep neither.
                # (A page that built a form but does not show it has no token to take
                # out, and is served as it is.)
                kept = [(name, value) for name, value in headers
                        if name.lower() not in {"set-cookie", "content-length"}]
                blob = encode(read, status, kept,
                              body.replace(token.encode("ascii"), PLACEHOLDER), token=True)
            self.store.store(key, blob, seconds)
        return [body]

    def with_token(self, environ, start_response, status: str, headers: list, body: bytes):
        """Serve a kept page with this visitor's own CSRF token, and their session cookie
        if new.

        What Flask-WTF's ``generate_csrf`` and Flask's session interface would do in a
        request context, done directly (a request context and a response object cost
        as much again as serving the page): the raw token is the one the visitor's
        session holds, or a new one made as Flask-WTF makes it; the page gets it
        signed with Flask-WTF's serializer; the signed session cookie is set when the
        app's session interface would set it (a new session, or a permanent one
        refreshed on each request), as :meth:`session_cookie` spells it. The kept
        headers already say ``Vary: Cookie``. Nothing reaches the database.
        """
        if PLACEHOLDER not in body:
            return Response(body, status=status, headers=headers)(environ, start_response)
        app = self.flask
        interface = app.session_interface
        # anonymous() opened the visitor's session from its cookie (none: a new one).
        session = interface.session_class(environ.get(SESSION) or {})
        field = app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
        raw = session.get(field)
        if not isinstance(raw, str):
            raw = session[field] = hashlib.sha1(os.urandom(64)).hexdigest()
        signer = _csrf_serializer(app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key)
        page = body.replace(PLACEHOLDER, signer.dumps(raw).encode("ascii"))
        out = [*headers, ("Content-Length", str(len(page)))]
        if interface.should_set_cookie(app, session):
            out.append(("Set-Cookie", self.session_cookie(session)))
        start_response(status, out)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [page]

    def session_cookie(self, session) -> str:
        """The ``Set-Cookie`` value Flask's session interface sets for ``session``
        (``SecureCookieSessionInterface.save_session``, with the same settings)."""
        app = self.flask
        interface = app.session_interface
        return dump_cookie(
            interface.get_cookie_name(app),
            interface.get_signing_serializer(app).dumps(dict(session)),
            expires=interface.get_expiration_time(app, session),
            path=interface.get_cookie_path(app), domain=interface.get_cookie_domain(app),
            secure=interface.get_cookie_secure(app),
            httponly=interface.get_cookie_httponly(app),
            samesite=interface.get_cookie_samesite(app),
            partitioned=interface.get_cookie_partitioned(app),
            max_size=app.config.get("MAX_COOKIE_SIZE", 4093))

    def key(self, environ) -> str:
        # The page's language is the path's /<lang>/ prefix, so the path already keys it.
        path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
        address = "|".join([environ.get("wsgi.url_scheme", "http"),
                            environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""),
                            path, environ.get("QUERY_STRING", "")])
        return hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()

    def cookies(self, environ):
        """The request's cookies as Flask reads them, parsed once per request."""
        if COOKIES not in environ:
            environ[COOKIES] = parse_cookie(environ)
        return environ[COOKIES]

    def cookieless(self, environ) -> bool:
        return self.flask.config["SESSION_COOKIE_NAME"] not in self.cookies(environ)

    def anonymous(self, environ) -> bool:
        """No signed-in user and no session carrying anything meant for this visitor."""
        if environ.get("HTTP_AUTHORIZATION"):
            return False
        cookies = self.cookies(environ)
        if self.flask.config.get("REMEMBER_COOKIE_NAME", "remember_token") in cookies:
            return False
        raw = cookies.get(self.flask.config["SESSION_COOKIE_NAME"])
        if raw is None:
            return True
        serializer = self.flask.session_interface.get_signing_serializer(self.flask)
        try:
            data = serializer.loads(
                raw, max_age=int(self.flask.permanent_session_lifetime.total_seconds()))
        except Exception:  # tampered with or expired: let Flask deal with it
            return False
        if not isinstance(data, dict) or not set(data) <= HARMLESS_SESSION_KEYS:
            return False
        environ[SESSION] = data
        return True


@functools.lru_cache(maxsize=4)
def _csrf_serializer(secret) -> URLSafeTimedSerializer:
    """Flask-WTF's token serializer for a key (as ``generate_csrf`` makes it)."""
    return URLSafeTimedSerializer(secret, salt="wtf-csrf-token")


def token_storable(status: str, headers: list[tuple[str, str]]) -> bool:
    """A page the portal marked as everyone's but for its CSRF token (security.py)."""
    if not status.startswith("200"):
        return False
    names = {name.lower(): value for name, value in headers}
    return "no-store" in names.get("cache-control", "") and "text/html" in names.get(
        "content-type", "")


def storable(status: str, headers: list[tuple[str, str]]) -> bool:
    """What the portal itself marked as the same page for every visitor."""
    if not status.startswith("200"):
        return False
    names = {name.lower(): value for name, value in headers}
    return ("public" in names.get("cache-control", "") and "etag" in names
            and "set-cookie" not in names and "text/html" in names.get("content-type", ""))


# --- Invalidation -------------------------------------------------------------


# A model whose rows no page shows to anonymous visitors (sign-in attempts, the outbox,
# the security log) says so with ``__table_args__ = {"info": NOT_ON_PUBLIC_PAGES}``:
# writing it leaves the stored pages alone, so the mail worker's batches and every
# sign-in do not empty the cache.
NOT_ON_PUBLIC_PAGES = {"public_pages": False}
# A table whose rows change every page without every page reading it (the plugin
# switches, which each process keeps a copy of): writing it makes every page stale.
ON_EVERY_PAGE = {"public_pages": "every"}
# The words of the statements sent while a page is drawn (None: not drawing one).
_READING: ContextVar[set[str] | None] = ContextVar("portal.pagecache.reading", default=None)
_WORDS = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _table_names():
    from portal.extensions import db

    return db.metadata.tables.keys()


def _note_read(conn, cursor, statement, parameters, context, executemany) -> None:
    words = _READING.get()
    if words is not None:
        words.update(_WORDS.findall(statement))


def _written(table) -> set[str]:
    """What writing ``table`` moves on: its own generation (or every page's, or none),
    and those of the tables the database itself changes with it."""
    if table is None:
        return {EVERY_TABLE}
    return _own(table) | _changed_with(table, len(table.metadata.tables))


def _own(table) -> set[str]:
    public = table.info.get("public_pages", True)
    if public is False:
        return set()
    return {EVERY_TABLE} if public == "every" else {table.name}


# Foreign key actions by which the database changes rows of other tables.
_ACTIONS = {"CASCADE", "SET NULL", "SET DEFAULT"}


@functools.cache
def _changed_with(table, _tables: int) -> frozenset[str]:
    """Generations of the tables whose rows the database deletes or changes when rows
    of ``table`` are deleted or their keys change (ON DELETE / ON UPDATE CASCADE, SET
    NULL, SET DEFAULT), transitively: the ORM never sees those rows. The number of
    tables is part of the key, so a table defined later is taken into account."""
    found: set[str] = set()
    seen, todo = {table}, [table]
    while todo:
        parent = todo.pop()
        for other in table.metadata.tables.values():
            if other in seen:
                continue
            for fk in other.foreign_keys:
                if fk.target_fullname.rsplit(".", 1)[0] == parent.fullname and (
                        (fk.ondelete or "").upper() in _ACTIONS
                        or (fk.onupdate or "").upper() in _ACTIONS):
                    seen.add(other)
                    todo.append(other)
                    found |= _own(other)
                    break
    return frozenset(found)


def _mark_flush(session, flush_context) -> None:
    tables = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        for table in inspect(obj).mapper.tables:
            tables |= _written(table)
    if tables:
        session_wrote(session, tables)


def _mark_statement(state) -> None:
    statement = state.statement
    if state.is_insert or state.is_update or state.is_delete:
        tables = _written(getattr(statement, "table", None))
        if tables:
            session_wrote(state.session, tables)
    elif isinstance(statement, TextClause) and statement.text.lstrip()[:6].lower() not in {
            "select", "with"}:
        session_wrote(state.session)


def session_wrote(session, tables=(EVERY_TABLE,)) -> None:
    """Mark that the session's transaction wrote ``tables`` (all of them by default)."""
    session.info.setdefault(WROTE, set()).update(tables)


def _after_commit(session) -> None:
    tables = session.info.pop(WROTE, None)
    if tables and has_app_context():
        store = current_app.extensions.get(EXTENSION)
        if store is not None:
            store.bump(tables)


def _after_soft_rollback(session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the whole transaction is gone
        session.info.pop(WROTE, None)


def _listen_once() -> None:
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_flush", _mark_flush)
        event.listen(Session, "do_orm_execute", _mark_statement)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_soft_rollback)
        event.listen(Engine, "before_cursor_execute", _note_read)


def invalidate(app: Flask | None = None) -> None:
    """Forget every stored page now (e.g. after a change made outside the ORM)."""
    store = (app or current_app).extensions.get(EXTENSION)
    if store is not None:
        store.bump()


def init_app(app: Flask) -> None:
    app.config.setdefault("PAGE_CACHE_SECONDS", 60)
    url = app.config.get("REDIS_URL") or ""
    if url:
        store = RedisStore(url, namespace(app))
    else:
        store = MemoryStore()
    app.extensions[EXTENSION] = store
    app.wsgi_app = PageCache(app, app.wsgi_app, store)
    _listen_once()
