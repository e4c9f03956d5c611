"""The Harrow Partnership Portal: the application factory."""

from __future__ import annotations

import logging
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

from portal import config as portal_config

__all__ = ["create_app"]

log = logging.getLogger(__name__)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the portal: config → extensions → plugins → core blueprints.

    ``test_config`` overrides settings (keys without the ``PORTAL_`` prefix),
    as the test suite does to point each test at its own database.
    """
    app = Flask(__name__, instance_relative_config=True)
    settings = portal_config.from_environment()
    settings.update(test_config or {})
    _configure(app, settings)

    from portal import errors, i18n, layout, pagecache, plugins, ratelimit, security, storage
    from portal.extensions import babel, csrf, db, login_manager, migrate

    db.init_app(app)
    ratelimit.init_app(app)
    storage.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    csrf.init_app(app)
    # Where the catalogs are: every folder there with a catalog is a shipped language.
    app.config.setdefault("TRANSLATIONS_DIR", i18n.TRANSLATIONS)
    babel.init_app(app, locale_selector=i18n.select_locale,
                   default_translation_directories=str(app.config["TRANSLATIONS_DIR"]))
    i18n.init_app(app)
    layout.init_app(app)
    _configure_login(app, login_manager)

    # Core models must be known before plugins add theirs.
    from portal import mail  # noqa: F401
    from portal.audit import models as _audit  # noqa: F401
    from portal.bodies import models as _bodies  # noqa: F401
    from portal.help import models as _help  # noqa: F401
    from portal.identity import models as _identity  # noqa: F401
    from portal.publishing import models as _publishing  # noqa: F401
    from portal.publishing import search as _search_index  # noqa: F401  (creates its table)

    plugins.init_app(app)
    # Set up every relationship now (backrefs such as Body.children exist only
    # once mappers are configured), not on whichever query happens to come first.
    from sqlalchemy.orm import configure_mappers

    configure_mappers()
    _configure_migrations(app, migrate)
    _register_blueprints(app)
    errors.init_app(app)
    security.init_app(app)
    pagecache.init_app(app)
    _trust_proxies(app)

    from portal import cli

    cli.init_app(app)
    return app


def _configure(app: Flask, settings: dict[str, Any]) -> None:
    os.makedirs(app.instance_path, exist_ok=True)
    url = settings.pop("DATABASE_URL") or f"sqlite:///{Path(app.instance_path) / 'portal.db'}"
    secret = settings.pop("SECRET_KEY")
    if not secret:
        secret = _instance_secret(Path(app.instance_path))
    app.config.update(settings)
    app.config.update(
        SQLALCHEMY_DATABASE_URI=url,
        SECRET_KEY=secret,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,  # tied to the session instead of a clock
        # No time limits on people (WCAG 2.2.1): a sign-in lasts until the browser
        # closes, or a year with "Keep me signed in"; nothing ends it for being idle.
        REMEMBER_COOKIE_DURATION=timedelta(days=365),
        BABEL_DEFAULT_LOCALE=settings.get("DEFAULT_LOCALE", "en"),
        BABEL_DEFAULT_TIMEZONE="Europe/London",
        MAX_CONTENT_LENGTH=20 * 1024 * 1024,
    )
    if str(settings.get("BASE_URL", "")).startswith("https://"):
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    app.config.update(REMEMBER_COOKIE_HTTPONLY=True)
    if url.startswith("sqlite"):
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"connect_args": {"timeout": 15}})
    else:
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})


def _trust_proxies(app: Flask) -> None:
    """Outermost: every middleware (the page cache's key) sees the visitor's scheme and host."""
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies,
                                x_host=proxies)


def _instance_secret(instance: Path) -> str:
    """A key kept in the instance folder, so sessions survive a restart in development."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(portal_config.ephemeral_secret())
        path.chmod(0o600)
    return path.read_text().strip()


def _configure_login(app: Flask, login_manager) -> None:
    from flask import g
    from flask_babel import lazy_gettext

    from portal.extensions import db
    from portal.identity.models import User

    login_manager.init_app(app)
    login_manager.login_view = "identity.login"
    login_manager.login_message = lazy_gettext("Please sign in to open that page.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str):
        ident, _, token = user_id.partition(":")
        if not ident.isdigit() or g.get("database_unavailable"):
            return None
        user = db.session.get(User, int(ident))
        if user is None or user.session_token != token or user.deleted_at is not None:
            return None
        return user


def _register_blueprints(app: Flask) -> None:
    from portal.admin.views import bp as admin_bp
    from portal.bodies.admin import bp as bodies_admin_bp
    from portal.bodies.views import bp as bodies_bp
    from portal.help.views import bp as help_bp
    from portal.identity.views import bp as identity_bp
    from portal.publishing.admin import bp as publishing_admin_bp
    from portal.publishing.views import bp as publishing_bp
    from portal.publishing.views import root_bp as publishing_root_bp
    from portal.views import bp as core_bp
    from portal.views import root_bp

    app.register_blueprint(root_bp)
    app.register_blueprint(publishing_root_bp)
    app.register_blueprint(core_bp, url_prefix="/<lang>")
    app.register_blueprint(help_bp, url_prefix="/<lang>")
    app.register_blueprint(identity_bp, url_prefix="/<lang>/account")
    app.register_blueprint(bodies_bp, url_prefix="/<lang>/bodies")
    app.register_blueprint(admin_bp, url_prefix="/<lang>/admin")
    app.register_blueprint(bodies_admin_bp, url_prefix="/<lang>/admin/bodies")
    app.register_blueprint(publishing_bp, url_prefix="/<lang>/publications")
    app.register_blueprint(publishing_admin_bp, url_prefix="/<lang>/admin/publications")


def _configure_migrations(app: Flask, migrate) -> None:
    """Alembic sees the core's versions plus every installed plugin's branch."""

    @migrate.configure
    def add_plugin_branches(config):
        from portal.plugins import host

        core = Path(__file__).parent / "migrations" / "versions"
        locations = [str(core)]
        for _name, path in host(app).call_installed("portal_migrations"):
            locations.append(str(path))
        config.set_main_option("version_locations", os.pathsep.join(locations))
        return config
