"""Finding, loading and calling plugins.

Every installed plugin is loaded and its blueprints registered at start-up
(Flask cannot add routes later); whether it is *enabled* is a row in the
``plugin_setting`` table, so an administrator's change takes effect at once in
every worker process. Without Redis the table is read on every request; with
``PORTAL_REDIS_URL`` each process keeps its copy while a version number in
Redis is unchanged (one GET a request instead of a query), and switching a
plugin, or restoring a backup, moves the version on. Until a row exists the
``PORTAL_PLUGINS`` setting decides. Disabled plugins' pages answer 404 and
their hooks are not called; their tables are left alone.
"""

from __future__ import annotations

import importlib
import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import entry_points
from typing import Any

import pluggy
from flask import Flask, abort, current_app, g, has_request_context, request
from sqlalchemy.exc import SQLAlchemyError

from portal import hookspecs, pagecache
from portal.extensions import db

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "portal.plugins"


class PluginSetting(db.Model):
    """Whether a plugin is enabled in this deployment (absent: config decides)."""

    __tablename__ = "plugin_setting"
    # Every page's navigation shows the switches, read from each process's copy.
    __table_args__ = {"info": pagecache.ON_EVERY_PAGE}

    name = db.Column(db.String(80), primary_key=True)
    enabled = db.Column(db.Boolean, nullable=False)
    changed_at = db.Column(db.DateTime(timezone=True), nullable=False)


@dataclass
class PluginInfo:
    name: str
    module: Any
    source: str  # the entry point or module it came from
    version: str = ""
    error: str | None = None  # set when start-up failed: the plugin is unavailable
    blueprints: list[str] = field(default_factory=list)

    @property
    def available(self) -> bool:
        return self.error is None


class PluginHost:
    """The application's plugin manager and its bookkeeping.

    Kept on the app (``app.extensions["portal.plugins"]``), never global, so
    two applications in one process (as in the tests) do not share state.
    """

    # How long a process may keep its copy of the saved choices (with Redis).
    KEEP_SECONDS = 30

    def __init__(self, app: Flask):
        self.app = app
        self.pm = pluggy.PluginManager("portal")
        self.pm.add_hookspecs(hookspecs)
        self.plugins: dict[str, PluginInfo] = {}
        self.blueprint_owner: dict[str, str] = {}
        # With Redis: a number every process reads before trusting its copy of the
        # switches. It is read *before* the table and moved on only *after* a change
        # is committed, so a copy read while a change was committing is kept under
        # the old number and read again next time. Unreachable: the table is read.
        url = app.config.get("REDIS_URL") or ""
        self.version = (pagecache.RedisVersion(
            pagecache.redis_client(url), f"portal:plugins:{pagecache.namespace(app)}:version",
            "plugin settings version") if url else None)
        self._kept: tuple[int, dict[str, bool], float] | None = None
        app.extensions["portal.plugins"] = self

    # -- loading -------------------------------------------------------------
    def discover(self) -> None:
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            version = ep.dist.version if ep.dist else ""
            self._load(ep.name, ep.load, f"{ep.group}:{ep.value}", version)
        extra = self.app.config.get("EXTRA_PLUGINS") or ""
        names = extra if isinstance(extra, list | tuple) else extra.split(",")
        for dotted in (n.strip() for n in names):
            if dotted:
                name = dotted.rsplit(".", 1)[-1]
                self._load(name, lambda d=dotted: importlib.import_module(d), dotted, "")
        self._reject_unknown_hooks()

    def _reject_unknown_hooks(self) -> None:
        """Mark unavailable every plugin implementing a hook the spec lacks (a typo)."""
        while True:
            try:
                self.pm.check_pending()
                return
            except pluggy.PluginValidationError as exc:
                name = self.pm.get_name(exc.plugin)
                log.error("plugin %s is unavailable: %s", name, exc)
                if name in self.plugins:
                    self._fail(name, exc)
                else:  # cannot happen today; never loop forever
                    self.pm.unregister(exc.plugin)

    def _load(self, name: str, loader, source: str, version: str) -> None:
        if name in self.plugins:
            log.warning("plugin %s is installed twice; keeping %s", name, self.plugins[name].source)
            return
        try:
            module = loader()
            module = getattr(module, "plugin", module)
            self.pm.register(module, name=name)
        except Exception as exc:  # a broken plugin must not take the portal down
            log.exception("plugin %s could not be loaded", name)
            self.plugins[name] = PluginInfo(name, None, source, version, error=repr(exc))
            return
        self.plugins[name] = PluginInfo(name, module, source, version)

    def _fail(self, name: str, exc: BaseException) -> None:
        info = self.plugins.get(name)
        if info is None:
            return
        info.error = repr(exc)
        if info.module is not None and self.pm.is_registered(info.module):
            self.pm.unregister(info.module)

    def start(self) -> None:
        """Run start-up hooks and register every available plugin's blueprints."""
        for name in list(self.plugins):
            if not self.plugins[name].available:
                continue
            try:
                self._call_one(name, "portal_startup", app=self.app)
                for model_list in self._call_one(name, "portal_models"):
                    list(model_list or [])
                blueprints = [bp for bps in self._call_one(name, "portal_blueprints") for bp in bps]
            except Exception as exc:
                log.exception("plugin %s failed at start-up and is unavailable", name)
                self._fail(name, exc)
                continue
            for bp in blueprints:
                prefix = "/<lang>" + (bp.url_prefix or "")
                self.app.register_blueprint(bp, url_prefix=prefix)
                self.blueprint_owner[bp.name] = name
                self.plugins[name].blueprints.append(bp.name)

    def _call_one(self, name: str, hook: str, **kwargs) -> list:
        """Call one plugin's implementation of ``hook`` (letting errors out)."""
        results = []
        for impl in getattr(self.pm.hook, hook).get_hookimpls():
            if impl.plugin_name == name:
                results.append(impl.function(**{a: kwargs[a] for a in impl.argnames}))
        return results

    def call_installed_strictly(self, hook: str, **kwargs) -> list[tuple[str, Any]]:
        """Like :meth:`call_installed`, but a failing plugin's error is raised.

        For hooks whose work must be complete or not happen at all, such as
        forgetting a person whose account is being deleted.
        """
        return [(name, r) for name, info in self.plugins.items() if info.available
                for r in self._call_one(name, hook, **kwargs) if r is not None]

    def call_installed(self, hook: str, **kwargs) -> list[tuple[str, Any]]:
        """Call ``hook`` on every available plugin, enabled or not, at start-up.

        Returns ``(plugin name, result)`` pairs; a failing plugin is logged and
        skipped.
        """
        results = []
        for name, info in self.plugins.items():
            if not info.available:
                continue
            try:
                results += [(name, r) for r in self._call_one(name, hook, **kwargs)
                            if r is not None]
            except Exception:
                log.exception("plugin %s failed in %s; skipped", name, hook)
        return results

    # -- enabled set ---------------------------------------------------------
    def configured_default(self, name: str) -> bool:
        """Whether ``PLUGINS`` enables ``name`` before any choice is saved.

        Unset or ``"all"``: every plugin; otherwise the comma-separated names,
        so an explicitly empty ``PORTAL_PLUGINS=`` enables none.
        """
        setting = self.app.config.get("PLUGINS")
        if setting is None or setting.strip().lower() == "all":
            return True
        return name in {n.strip() for n in setting.split(",") if n.strip()}

    def enabled_names(self) -> set[str]:
        """Names of available plugins enabled now (one small query per request)."""
        if "portal_enabled_plugins" in g:
            return g.portal_enabled_plugins
        if g.get("database_unavailable"):  # drawing the "temporarily unavailable" page
            return set()
        saved = self.saved_choices()
        names = {
            n for n, info in self.plugins.items()
            if info.available and saved.get(n, self.configured_default(n))
        }
        g.portal_enabled_plugins = names
        return names

    def saved_choices(self) -> dict[str, bool]:
        """The ``plugin_setting`` rows as {name: enabled}: this process's copy while the
        version in Redis says it is current, and younger than KEEP_SECONDS; else read."""
        version = self.version.read() if self.version is not None else None
        kept = self._kept
        if version is not None and kept is not None and kept[0] == version \
                and kept[2] > time.monotonic():
            return kept[1]
        try:
            rows = db.session.execute(db.select(PluginSetting.name, PluginSetting.enabled))
            saved = dict(rows.all())
        except SQLAlchemyError:
            db.session.rollback()
            # No table yet (before init-db): fall back to the configuration. A
            # database that cannot be reached at all is an outage, not that.
            db.session.execute(db.text("SELECT 1"))
            return {}
        if version is not None:
            self._kept = (version, saved, time.monotonic() + self.KEEP_SECONDS)
        return saved

    def choices_changed(self) -> None:
        """Call after committing a change to ``plugin_setting`` made other than by
        :meth:`set_enabled`: every process reads the table again."""
        self._kept = None
        g.pop("portal_enabled_plugins", None)
        if self.version is not None:
            self.version.bump()

    def is_enabled(self, name: str) -> bool:
        return name in self.enabled_names()

    def set_enabled(self, name: str, enabled: bool) -> None:
        if name not in self.plugins:
            raise KeyError(name)
        row = db.session.get(PluginSetting, name)
        now = datetime.now(UTC)
        from portal.audit.models import EventKind
        from portal.audit.service import record

        if row is None or row.enabled != enabled:
            record(EventKind.PLUGIN_ENABLED if enabled else EventKind.PLUGIN_DISABLED, name,
                   "" if has_request_context() else "command line")
        if row is None:
            db.session.add(PluginSetting(name=name, enabled=enabled, changed_at=now))
        else:
            row.enabled, row.changed_at = enabled, now
        db.session.commit()
        self.choices_changed()

    # -- calling -------------------------------------------------------------
    def call(self, hook: str, **kwargs) -> list:
        """Call ``hook`` on every enabled plugin, isolating each one's failure."""
        enabled = self.enabled_names()
        results = []
        for impl in getattr(self.pm.hook, hook).get_hookimpls():
            if impl.plugin_name not in enabled:
                continue
            try:
                result = impl.function(**{a: kwargs[a] for a in impl.argnames})
            except Exception:
                log.exception("plugin %s failed in %s; skipped", impl.plugin_name, hook)
                # A failed flush leaves the session unusable: roll back so the
                # next plugin (or the page) can go on; otherwise keep its work.
                if not db.session.is_active:
                    db.session.rollback()
                continue
            if result is not None:
                results.append(result)
        return results

    def call_flat(self, hook: str, **kwargs) -> list:
        """Like :meth:`call`, for hooks returning lists: one flat list."""
        return [item for result in self.call(hook, **kwargs) for item in result]

    def guard_request(self) -> None:
        """Answer 404 for pages of a plugin that is disabled (or unavailable)."""
        blueprint = request.blueprint
        if not blueprint:
            return
        owner = self.blueprint_owner.get(blueprint.split(".", 1)[0])
        if owner and not self.is_enabled(owner):
            abort(404)


def host(app: Flask | None = None) -> PluginHost:
    return (app or current_app).extensions["portal.plugins"]


def init_app(app: Flask) -> PluginHost:
    plugin_host = PluginHost(app)
    plugin_host.discover()
    plugin_host.start()
    app.before_request(plugin_host.guard_request)

    @app.context_processor
    def plugin_context() -> dict:
        merged: dict = {}
        for extra in plugin_host.call("portal_template_context"):
            merged.update(extra)
        return merged

    return plugin_host
