"""Response headers every page gets: no framing, no sniffing, scripts only from us."""

from __future__ import annotations

import re

from flask import Flask, current_app, g, request, session
from flask.sessions import SecureCookieSessionInterface
from werkzeug.exceptions import BadRequest

from portal import pagecache

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


# C0 control characters other than tab, line feed and carriage return, DEL,
# and the two Unicode non-characters: nobody types them, PostgreSQL refuses
# NUL in text, and they can hide content from people reading it.
UNTYPEABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


class UntypeableCharacters(BadRequest):
    """A form or query string carried control characters: refused as a whole."""


def refuse_untypeable_characters() -> None:
    values = list(request.args.values())
    if request.method in {"POST", "PUT", "PATCH"}:
        values += list(request.form.values())
    if any(UNTYPEABLE.search(v) for v in values):
        raise UntypeableCharacters()


def shareable(response) -> bool:
    """Whether a page is the same for every visitor who has no session."""
    from flask_login import current_user

    return (request.method in {"GET", "HEAD"} and response.status_code == 200
            and "Cache-Control" not in response.headers
            and current_app.config["SESSION_COOKIE_NAME"] not in request.cookies
            and not session.modified and "csrf_token" not in g
            and not current_user.is_authenticated)


def token_shareable(response) -> bool:
    """Whether a page is the same for every visitor without a session but for its form token.

    A cookieless visitor's page whose session came to hold nothing but the CSRF
    token Flask-WTF made for its form and Flask-Login's "not fresh" mark (no
    flashed message, no signed-in user): the page cache can keep it with the
    token taken out, and give every later visitor the page with a token of
    their own (portal/pagecache.py).
    """
    from flask_login import current_user

    return (request.method == "GET" and response.status_code == 200
            and "Cache-Control" not in response.headers
            and current_app.config["SESSION_COOKIE_NAME"] not in request.cookies
            and isinstance(g.get("csrf_token"), str) and "csrf_token" in session
            and set(session) <= pagecache.HARMLESS_SESSION_KEYS
            and not current_user.is_authenticated)


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signing serializer made once per key.

    Flask builds a new serializer (and its signer) for every request that opens or
    saves a session; the page cache reads and writes sessions too. The cookies are
    exactly Flask's: same name, flags, salt, key derivation and format.
    """

    def __init__(self):
        self._serializers: dict = {}

    def get_signing_serializer(self, app: Flask):
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        found = self._serializers.get(keys)
        if found is None:
            found = super().get_signing_serializer(app)
            if found is None:  # no secret key: Flask then gives a null session
                return None
            self._serializers = {keys: found}  # a changed key replaces the old one
        return found


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    app.before_request(refuse_untypeable_characters)

    @app.after_request
    def add_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        # Browsers only honour HSTS over HTTPS (behind a proxy: TRUSTED_PROXIES).
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security",
                                        "max-age=31536000; includeSubDomains")
        if "text/html" in response.content_type:
            response.headers.setdefault("Vary", "Cookie")
            if shareable(response):
                # The same page for every visitor without a session: caches may
                # keep it but must ask again each time; the ETag (a digest of
                # the page) lets them, and browsers, get a 304 until it changes,
                # e.g. when something on it is published.
                response.headers["Cache-Control"] = "public, max-age=0, must-revalidate"
                response.add_etag()
                return response.make_conditional(request)
            if token_shareable(response):
                request.environ[pagecache.TOKEN] = g.csrf_token
            # Pages with a signed-in user's details, a form token or a notice
            # meant for one visitor must not be cached anywhere.
            response.headers.setdefault("Cache-Control", "no-store")
        return response
