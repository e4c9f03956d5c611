"""Configuration read from ``PORTAL_*`` environment variables.

Every setting has a default that works for a developer's machine; a deployment
overrides them in the environment (``PORTAL_DATABASE_URL``, ``PORTAL_SECRET_KEY``,
``PORTAL_PLUGINS``, ``PORTAL_MAIL_*``…). Values are parsed to the type of the
default, so ``PORTAL_MAIL_PORT=2525`` becomes an int.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

DEFAULTS: dict[str, Any] = {
    # None means "SQLite in the instance folder", resolved in create_app.
    "DATABASE_URL": None,
    "SECRET_KEY": None,
    # Comma-separated names of the plugins enabled on first start; "all" (or
    # unset) enables every installed plugin. Administrators change the set
    # later from /<lang>/admin/plugins or `portal plugins enable|disable`.
    "PLUGINS": "all",
    # Extra plugin modules (dotted import paths) registered besides the
    # entry-point group: for development and the test suite.
    "EXTRA_PLUGINS": "",
    "DEFAULT_LOCALE": "en",
    "BASE_URL": "http://127.0.0.1:5000",
    "MAIL_SERVER": "127.0.0.1",
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_USE_SSL": False,
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_TIMEOUT": 10,
    "MAIL_SENDER": "Harrow Strategic Partnership <noreply@harrowpartnership.org.uk>",
    "MAIL_MAX_ATTEMPTS": 8,
    # Login throttling: this many failures for one email (or five times as
    # many from one address) within the window blocks further attempts.
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_WINDOW_MINUTES": 15,
    "PASSWORD_RESET_HOURS": 2,
    "EMAIL_VERIFY_DAYS": 3,
    # Cookies only over HTTPS; on by default when BASE_URL is an https:// address.
    "SESSION_COOKIE_SECURE": False,
    # How many reverse proxies (e.g. nginx) stand in front of the portal and set
    # X-Forwarded-For/-Proto/-Host; 0 trusts none of those headers.
    "TRUSTED_PROXIES": 0,
    # Redis for counts every process shares (rate limits), e.g.
    # redis://127.0.0.1:6379/0; empty: each process counts in its own memory.
    "REDIS_URL": "",
    # Where uploaded files are kept (see portal/storage.py): empty for the
    # folder instance/uploads, file:///path for another folder, or
    # s3://BUCKET/optional-prefix for an S3-compatible object store.
    "STORAGE_URL": "",
    "STORAGE_S3_ENDPOINT_URL": "",
    "STORAGE_S3_REGION": "",
    # How long a rendered anonymous page is kept and served again (seconds;
    # 0 turns the page cache off). Any database write invalidates every page at
    # once, so this only bounds how stale a page about time can get (a window
    # that has just closed). In Redis when REDIS_URL is set (portal/pagecache.py).
    "PAGE_CACHE_SECONDS": 60,
    # Requests for help and problem reports one address may send per hour.
    "HELP_REQUESTS_PER_HOUR": 5,
    # The date the accessibility statement was last reviewed (YYYY-MM-DD).
    "ACCESSIBILITY_REVIEWED": "2026-12-02",
}


def _coerce(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    return raw


def from_environment(environ: os._Environ[str] | dict[str, str] | None = None) -> dict[str, Any]:
    """Return the portal's settings: defaults overlaid by ``PORTAL_*`` variables."""
    environ = os.environ if environ is None else environ
    settings: dict[str, Any] = {}
    for key, default in DEFAULTS.items():
        raw = environ.get(f"PORTAL_{key}")
        settings[key] = default if raw is None else _coerce(raw, default)
    # Plugins' own settings (e.g. PORTAL_MEETINGS_REMINDER_HOURS) come through
    # as strings; each plugin parses what it reads.
    for name, raw in environ.items():
        if name.startswith("PORTAL_") and name[7:] not in DEFAULTS and not name.startswith(
                "PORTAL_TEST_"):
            settings[name[7:]] = raw
    return settings


def ephemeral_secret() -> str:
    """A random key for development when no PORTAL_SECRET_KEY is given."""
    return secrets.token_hex(32)
