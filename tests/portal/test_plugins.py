"""Plugins: every hook wired and documented, live enabling, isolation of failures.

Most tests use the test plugin ``tests/plugins/every_hook.py``, which
implements every hook and leaves a visible trace of each; the failing plugins
live beside it (``crashing_*``, ``broken_import``, ``misspelt_hook``).
"""

from __future__ import annotations

import itertools
import logging
import re
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import render_template_string

from portal import hookspecs
from portal.api import IndicatorInfo, offered_indicators
from portal.cli import main
from portal.extensions import db
from portal.identity.models import Role, User, utcnow
from portal.plugins import PluginSetting, host
from tests.conftest import REDIS_URL, TEST_PLUGIN, make_app, submit
from tests.plugins import every_hook
from tests.portal.test_ratelimit import redis_or_skip

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "plugins.md"
HOOKS = sorted(name for name, spec in vars(hookspecs).items() if hasattr(spec, "portal_spec"))
PASSWORD = "correct horse battery"
PAGE = "/en/every-hook/"
_accounts = itertools.count(1)


# --- helpers ------------------------------------------------------------------


@pytest.fixture
def build(tmp_path):
    """Build apps sharing one database: ``build(**overrides)``.

    The first app creates the tables; every app is cleaned up afterwards, so
    this also works on PostgreSQL, where all tests share one database.
    """
    apps = []

    def make(**overrides):
        application = make_app(tmp_path, **overrides)
        if not apps:
            with application.app_context():
                db.drop_all()
                db.create_all()
        apps.append(application)
        return application

    yield make
    for application in reversed(apps):
        with application.app_context():
            db.session.remove()
            if application is apps[0]:
                db.drop_all()
            db.engine.dispose()


def add_user(app, email: str, role: Role = Role.RESIDENT, name: str = "Test Person") -> int:
    with app.app_context():
        user = User(email=email, name=name, role=role, preferred_language="en",
                    email_verified_at=utcnow())
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        return user.id


def sign_in(client, email: str) -> None:
    response = submit(client, "/en/account/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)


def signed_in(app, role: Role, name: str = "Test Person"):
    """A test client signed in as a new account with ``role``."""
    email = f"{role.value}-{next(_accounts)}@example.org"
    add_user(app, email, role, name)
    client = app.test_client()
    sign_in(client, email)
    return client


def portal(app, *args: str):
    """Run ``portal <args>`` against ``app``."""
    return app.test_cli_runner().invoke(main, list(args))


def text(response) -> str:
    return response.get_data(as_text=True)


def nav_links(html: str) -> list[str]:
    """The labels of the main navigation's links."""
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S)
    assert nav, "the page has no main navigation"
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav.group(0))


def plugin_row(html: str, name: str) -> str:
    """The admin page's table row for plugin ``name``."""
    for row in html.split("<tr>"):
        if f'<span dir="ltr">{name}</span>' in row:
            return row.split("</tr>", 1)[0]
    raise AssertionError(f"plugin {name} is not listed on the admin page")


def listed_state(app, name: str) -> str:
    """The state ``portal plugins list`` shows for plugin ``name``."""
    result = portal(app, "plugins", "list")
    assert result.exit_code == 0, result.output
    for line in result.output.splitlines():
        if line.startswith(f"{name}\t"):
            return line.split("\t")[1]
    raise AssertionError(f"plugin {name} is not listed:\n{result.output}")


def plugin_failures(caplog, hook: str) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name == "portal.plugins" and f"failed in {hook}" in r.getMessage()]


# --- every hook is called, visible and documented ---------------------------


def test_every_hook_is_called_during_start_up_pages_and_the_command_line(build):
    every_hook.CALLS.clear()
    app = build()
    anonymous = app.test_client()
    officer = signed_in(app, Role.OFFICER)

    for client, url in [(anonymous, "/en/"), (anonymous, "/en/search?q=cafe"),
                        (officer, "/en/"), (officer, "/en/dashboard"), (officer, "/en/admin/"),
                        (officer, "/en/search?q=cafe"), (officer, "/en/account/your-data.json")]:
        assert client.get(url).status_code == 200, url
    resident = signed_in(app, Role.RESIDENT)
    deleted = submit(resident, "/en/account/delete", {"password": PASSWORD, "understood": "y"})
    assert deleted.status_code == 302
    assert portal(app, "every-hook-ping").exit_code == 0
    seeded = portal(app, "seed-demo", "--scale", "1")
    assert seeded.exit_code == 0, seeded.output
    assert "every_hook_notes 1" in seeded.output and "every_hook_bulk_notes 1" in seeded.output
    with app.app_context():  # what `portal init-db` and `portal db …` do first
        app.extensions["migrate"].migrate.get_config()
    with app.test_request_context("/en/"):  # what a plugin wanting indicators does
        offered_indicators(lang="en")

    assert set(HOOKS) <= every_hook.CALLS, sorted(set(HOOKS) - every_hook.CALLS)


def test_plugin_indicators_are_offered_to_other_plugins_through_the_api(build):
    app = build()
    with app.test_request_context("/en/"):
        offered = offered_indicators(lang="en")
        assert IndicatorInfo("EH-1", "Every hook indicator", at_risk=True) in offered
        host(app).set_enabled("every_hook", False)
        assert all(i.code != "EH-1" for i in offered_indicators(lang="en"))


def test_startup_hook_prepares_the_plugin(app):
    assert app.config["EVERY_HOOK_STARTED"] is True


def test_plugin_blueprint_serves_its_page_under_the_language_prefix(client):
    response = client.get(PAGE)

    assert response.status_code == 200
    assert text(response) == "every-hook page"


def test_plugin_models_are_tables_in_the_database(app):
    with app.app_context():
        db.session.add(every_hook.EveryHookNote(text="kept"))
        db.session.commit()
        assert db.session.scalar(sa.text("SELECT text FROM every_hook_note")) == "kept"


def test_plugin_migration_branch_is_known_to_alembic(app):
    with app.app_context():
        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
        heads = {label for head in script.get_heads()
                 for label in script.get_revision(head).branch_labels}

    assert {"core", "every_hook"} <= heads


def test_plugin_navigation_link_is_on_the_home_page(client):
    html = text(client.get("/en/"))

    assert "Every hook" in nav_links(html)
    assert f'<a href="{PAGE}">Every hook</a>' in html  # also under "Get involved"


def test_plugin_card_is_on_a_signed_in_users_dashboard(build):
    app = build()
    resident = signed_in(app, Role.RESIDENT, name="Asha Patel")

    html = text(resident.get("/en/dashboard"))

    assert "<h2>Every hook card</h2>" in html
    assert "Hello Asha Patel" in html


def test_plugin_results_are_in_the_site_search(client):
    html = text(client.get("/en/search?q=Cafe"))

    assert f'<a href="{PAGE}">Every hook café result</a>' in html
    assert "Found by the test plugin" in html


def test_plugin_admin_page_is_listed_on_the_admin_index_for_officers(build):
    app = build()
    officer = signed_in(app, Role.OFFICER)

    html = text(officer.get("/en/admin/"))

    assert f'<a href="{PAGE}">Every hook settings</a>' in html


def test_plugin_template_context_reaches_every_template(app):
    with app.test_request_context("/en/"):
        assert render_template_string("{{ every_hook_marker }}") == "every-hook-context"


def test_plugin_cli_command_runs_while_the_plugin_is_enabled(app):
    result = portal(app, "every-hook-ping")

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "pong"


def test_every_hook_has_a_docstring_in_the_hookspecs():
    assert HOOKS, "no hook specifications found"
    undocumented = [name for name in HOOKS if not (getattr(hookspecs, name).__doc__ or "").strip()]
    assert undocumented == []


def test_every_hook_has_a_section_in_the_plugin_guide():
    headings = set(re.findall(r"^### (portal_\w+)\s*$", DOCS.read_text(), re.M))

    assert sorted(set(HOOKS) - headings) == []


def test_plugin_guide_documents_no_hook_that_does_not_exist():
    headings = set(re.findall(r"^### (portal_\w+)\s*$", DOCS.read_text(), re.M))

    assert sorted(headings - set(HOOKS)) == []


def test_every_hook_is_implemented_by_the_test_plugin():
    source = Path(every_hook.__file__).read_text()
    missing = [name for name in HOOKS
               if f"def {name}(" not in source
               or not hasattr(getattr(every_hook, name, None), "portal_impl")]

    assert missing == []


# --- enabling and disabling, live across instances ---------------------------


@pytest.fixture(params=["database", "redis"])
def two_instances(request, build):
    """Two app instances on one database (as two workers), and a stored note.

    Twice: reading the choices from the database on every request, and with Redis,
    where each instance keeps its copy while the shared version is unchanged.
    """
    overrides = {}
    if request.param == "redis":
        redis_or_skip()
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
        overrides = {"REDIS_URL": REDIS_URL}
    a, b = build(**overrides), build(**overrides)
    with b.app_context():
        db.session.add(every_hook.EveryHookNote(text="written while enabled"))
        db.session.commit()
    admin_on_a = signed_in(a, Role.ADMINISTRATOR, name="Admin")
    officer_on_b = signed_in(b, Role.OFFICER, name="Officer B")
    return a, b, admin_on_a, officer_on_b


def disable_on_admin_page(admin_client) -> None:
    response = submit(admin_client, "/en/admin/plugins", {"name": "every_hook",
                                                          "action": "disable"})
    assert response.status_code == 302
    assert "Plugin every_hook is disabled" in text(admin_client.get("/en/admin/plugins"))


def test_disabling_on_one_instance_hides_the_page_on_another_at_once(two_instances):
    a, b, admin_on_a, officer_on_b = two_instances
    assert b.test_client().get(PAGE).status_code == 200

    disable_on_admin_page(admin_on_a)

    assert b.test_client().get(PAGE).status_code == 404
    assert officer_on_b.get(PAGE).status_code == 404


def test_disabling_on_one_instance_removes_its_links_card_and_results_on_another(two_instances):
    a, b, admin_on_a, officer_on_b = two_instances
    assert "Every hook" in nav_links(text(officer_on_b.get("/en/")))

    disable_on_admin_page(admin_on_a)

    home = text(officer_on_b.get("/en/"))
    assert "Every hook" not in nav_links(home)
    assert PAGE not in home
    assert "Every hook card" not in text(officer_on_b.get("/en/dashboard"))
    assert "Every hook café result" not in text(officer_on_b.get("/en/search?q=cafe"))
    assert "Every hook settings" not in text(officer_on_b.get("/en/admin/"))


def test_disabling_keeps_the_plugins_data(two_instances):
    a, b, admin_on_a, _officer_on_b = two_instances

    disable_on_admin_page(admin_on_a)

    with b.app_context():
        notes = db.session.scalars(db.select(every_hook.EveryHookNote.text)).all()
    assert notes == ["written while enabled"]


def test_enabling_from_the_command_line_serves_the_page_again_on_another_instance(
        two_instances):
    a, b, admin_on_a, officer_on_b = two_instances
    disable_on_admin_page(admin_on_a)
    assert b.test_client().get(PAGE).status_code == 404

    result = portal(a, "plugins", "enable", "every_hook")

    assert result.exit_code == 0, result.output
    assert b.test_client().get(PAGE).status_code == 200
    assert "Every hook" in nav_links(text(officer_on_b.get("/en/")))


def test_with_redis_an_instance_reads_the_choices_once_until_they_change(build):
    from tests.portal.test_query_counts import counting

    redis_or_skip()
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    a, b = build(REDIS_URL=REDIS_URL), build(REDIS_URL=REDIS_URL)

    def reads(application) -> int:
        with counting(application) as statements:
            assert application.test_client().get(PAGE).status_code in {200, 404}
        return sum("plugin_setting" in statement for statement in statements)

    reads(b)  # the first request starts the version
    assert reads(b) == 1 and reads(b) == 0  # read once, then b's copy serves
    with a.test_request_context():
        host(a).set_enabled("every_hook", False)
    assert reads(b) == 1 and b.test_client().get(PAGE).status_code == 404
    # A change behind the portal's back (by hand in the database) shows once the
    # copy is older than KEEP_SECONDS, or at once after choices_changed().
    with a.app_context():
        db.session.execute(sa.update(PluginSetting).values(enabled=True))
        db.session.commit()
    assert b.test_client().get(PAGE).status_code == 404
    with a.app_context():
        host(a).choices_changed()
    host(b).KEEP_SECONDS = 0  # copies b keeps from now on are out of date at once
    assert b.test_client().get(PAGE).status_code == 200
    with a.app_context():
        db.session.execute(sa.update(PluginSetting).values(enabled=False))
        db.session.commit()
    assert b.test_client().get(PAGE).status_code == 404


def test_with_redis_unreachable_the_choices_are_read_on_every_request(build):
    from tests.portal.test_query_counts import counting

    application = build(REDIS_URL="redis://127.0.0.1:1/0")
    for _ in range(2):
        with counting(application) as statements:
            assert application.test_client().get(PAGE).status_code == 200
        assert sum("plugin_setting" in statement for statement in statements) == 1


@pytest.mark.parametrize("setting", ["", "some_other_plugin"])
def test_plugin_not_named_in_portal_plugins_starts_disabled(build, setting):
    app = build(PLUGINS=setting)
    client = app.test_client()

    assert client.get(PAGE).status_code == 404
    assert "Every hook" not in nav_links(text(client.get("/en/")))
    assert listed_state(app, "every_hook") == "disabled"


@pytest.mark.parametrize("setting", ["all", "every_hook", "some_other_plugin, every_hook"])
def test_plugin_named_in_portal_plugins_starts_enabled(build, setting):
    app = build(PLUGINS=setting)

    assert app.test_client().get(PAGE).status_code == 200


def test_plugin_disabled_by_portal_plugins_can_be_enabled_without_a_restart(build):
    app = build(PLUGINS="")
    client = app.test_client()
    assert client.get(PAGE).status_code == 404

    assert portal(app, "plugins", "enable", "every_hook").exit_code == 0

    assert client.get(PAGE).status_code == 200
    with app.app_context():
        assert db.session.get(PluginSetting, "every_hook").enabled is True


def test_disabled_plugins_cli_command_refuses_to_run(build):
    app = build(PLUGINS="")

    result = portal(app, "every-hook-ping")

    assert result.exit_code != 0
    assert "disabled" in result.output
    assert "pong" not in result.output


def test_building_an_app_leaves_the_plugins_command_object_untouched(build):
    # The command is shared by every app in the process; wrapping it in place
    # nested one guard per app until Python's recursion limit was reached.
    original = every_hook.ping.callback
    first, second = build(), build()

    assert every_hook.ping.callback is original
    assert first.cli.commands["every-hook-ping"] is not second.cli.commands["every-hook-ping"]
    assert portal(second, "every-hook-ping").output.strip() == "pong"


# --- failures are isolated ----------------------------------------------------


STARTUP_CRASH = f"{TEST_PLUGIN},tests.plugins.crashing_startup"
HOOKS_CRASH = f"{TEST_PLUGIN},tests.plugins.crashing_hooks"


def test_plugin_failing_at_start_up_is_listed_as_unavailable(build):
    app = build(EXTRA_PLUGINS=STARTUP_CRASH)

    assert listed_state(app, "crashing_startup") == "unavailable"
    assert listed_state(app, "every_hook") == "enabled"
    assert "broken at start-up" in portal(app, "plugins", "list").output


def test_plugin_failing_at_start_up_is_shown_unavailable_on_the_admin_page(build):
    app = build(EXTRA_PLUGINS=STARTUP_CRASH)
    admin = signed_in(app, Role.ADMINISTRATOR)

    html = text(admin.get("/en/admin/plugins"))

    assert "Unavailable: it failed to start" in plugin_row(html, "crashing_startup")
    assert "Enable crashing_startup" not in html
    assert "Enabled" in plugin_row(html, "every_hook")


def test_plugin_failing_at_start_up_cannot_be_enabled(build):
    app = build(EXTRA_PLUGINS=STARTUP_CRASH)

    result = portal(app, "plugins", "enable", "crashing_startup")

    assert result.exit_code != 0
    assert "failed to start" in result.output


def test_portal_serves_pages_when_a_plugin_failed_at_start_up(build):
    app = build(EXTRA_PLUGINS=STARTUP_CRASH)
    client = app.test_client()

    home = client.get("/en/")

    assert home.status_code == 200
    assert "Every hook" in nav_links(text(home))
    assert "Never shown" not in text(home)
    assert client.get(PAGE).status_code == 200


def test_plugin_raising_in_navigation_and_template_context_is_logged_and_skipped(
        build, caplog):
    app = build(EXTRA_PLUGINS=HOOKS_CRASH)

    home = app.test_client().get("/en/")

    assert home.status_code == 200
    assert "Every hook" in nav_links(text(home))
    assert plugin_failures(caplog, "portal_navigation")
    assert plugin_failures(caplog, "portal_template_context")
    with app.test_request_context("/en/"):
        assert render_template_string("{{ every_hook_marker }}") == "every-hook-context"


def test_plugin_raising_in_search_is_logged_and_skipped(build, caplog):
    app = build(EXTRA_PLUGINS=HOOKS_CRASH)

    response = app.test_client().get("/en/search?q=cafe")

    assert response.status_code == 200
    assert "Every hook café result" in text(response)
    assert plugin_failures(caplog, "portal_search") == [
        "plugin crashing_hooks failed in portal_search; skipped"]


def test_plugin_that_fails_to_import_does_not_take_the_portal_down(build, caplog):
    app = build(EXTRA_PLUGINS=f"{TEST_PLUGIN},tests.plugins.broken_import")

    home = app.test_client().get("/en/")

    assert home.status_code == 200
    assert "Every hook" in nav_links(text(home))
    assert listed_state(app, "broken_import") == "unavailable"
    assert "plugin broken_import could not be loaded" in caplog.text


def test_plugin_implementing_an_unknown_hook_is_unavailable(build):
    app = build(EXTRA_PLUGINS=f"{TEST_PLUGIN},tests.plugins.misspelt_hook")

    home = app.test_client().get("/en/")

    assert home.status_code == 200
    assert listed_state(app, "misspelt_hook") == "unavailable"
    assert "portal_navigaton" in portal(app, "plugins", "list").output
    assert "Misspelt plugin" not in text(home)
    assert "Every hook" in nav_links(text(home))


# --- discovery through the entry-point group ----------------------------------


DEMO_PLUGIN = '''
from portal.api import NavItem, hookimpl


@hookimpl
def portal_navigation(user, lang):
    return [NavItem("Demo noticeboard", "/" + lang + "/demo-noticeboard", order=60)]
'''


@pytest.fixture
def installed_demo_plugin(tmp_path, monkeypatch):
    """A distribution "demo-plugin" 1.0 declaring ``demo = demo_plugin`` as a plugin."""
    site = tmp_path / "site-packages"
    info = site / "demo_plugin-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: demo-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[portal.plugins]\ndemo = demo_plugin\n")
    (site / "demo_plugin.py").write_text(DEMO_PLUGIN)
    monkeypatch.syspath_prepend(str(site))
    yield
    sys.modules.pop("demo_plugin", None)


@pytest.mark.usefixtures("installed_demo_plugin")
def test_installed_plugin_is_listed_with_its_version(build):
    app = build(EXTRA_PLUGINS="")
    admin = signed_in(app, Role.ADMINISTRATOR)

    row = plugin_row(text(admin.get("/en/admin/plugins")), "demo")

    assert '<span class="hint" dir="ltr">1.0</span>' in row
    assert "Enabled" in row
    assert listed_state(app, "demo") == "enabled"
    assert "every_hook" not in host(app).plugins


@pytest.mark.usefixtures("installed_demo_plugin")
def test_installed_plugin_navigation_link_renders(build):
    app = build(EXTRA_PLUGINS="")

    html = text(app.test_client().get("/en/"))

    assert "Demo noticeboard" in nav_links(html)
    assert '<a href="/en/demo-noticeboard">Demo noticeboard</a>' in html


# --- the admin page is for administrators -----------------------------------


def test_admin_plugins_page_sends_anonymous_visitors_to_sign_in(client):
    response = client.get("/en/admin/plugins")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/en/account/login")


def test_admin_plugins_page_is_forbidden_to_residents(build):
    app = build()
    resident = signed_in(app, Role.RESIDENT)

    assert resident.get("/en/admin/plugins").status_code == 403
    assert submit(resident, "/en/admin/plugins", {"name": "every_hook", "action": "disable"},
                  form_url="/en/").status_code == 403
    assert app.test_client().get(PAGE).status_code == 200


def test_admin_plugins_change_without_csrf_token_is_rejected(build):
    app = build()
    admin = signed_in(app, Role.ADMINISTRATOR)

    response = admin.post("/en/admin/plugins", data={"name": "every_hook", "action": "disable"})

    assert response.status_code == 400
    assert app.test_client().get(PAGE).status_code == 200


def test_admin_plugins_change_for_an_unknown_plugin_is_rejected(build):
    app = build()
    admin = signed_in(app, Role.ADMINISTRATOR)

    response = submit(admin, "/en/admin/plugins", {"name": "no_such_plugin",
                                                    "action": "disable"})

    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalars(db.select(PluginSetting)).all() == []


# --- migrations -----------------------------------------------------------------


def drop_everything(app) -> None:
    with app.app_context():
        db.session.remove()
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        db.engine.dispose()


@contextmanager
def logging_left_alone():
    """Alembic's env.py calls ``fileConfig``, replacing the root logger's set-up."""
    root = logging.getLogger()
    level, handlers = root.level, root.handlers[:]
    try:
        yield
    finally:
        root.setLevel(level)
        root.handlers[:] = handlers


@pytest.fixture
def migrated_app(tmp_path):
    """An app whose empty database was brought up to date by ``portal init-db``."""
    app = make_app(tmp_path)
    drop_everything(app)
    with logging_left_alone():
        result = portal(app, "init-db")
    assert result.exit_code == 0, result.output
    assert "Database is up to date." in result.output
    yield app
    drop_everything(app)


def tables_of(app) -> set[str]:
    """The tables this app's models declare: the core's and its installed plugins'."""
    core = {mapper.local_table.name for mapper in db.Model.registry.mappers
            if mapper.class_.__module__.startswith("portal.")}
    plugins = {model.__table__.name for _name, models in
               host(app).call_installed("portal_models") for model in models}
    return core | plugins


def test_init_db_creates_the_core_and_plugin_tables(migrated_app):
    with migrated_app.app_context():
        created = set(sa.inspect(db.engine).get_table_names())
        applied = set(db.session.scalars(sa.text("SELECT version_num FROM alembic_version")))

    assert {"user_account", "plugin_setting", "every_hook_note"} <= created
    assert tables_of(migrated_app) <= created
    assert "every_hook_0001" in applied


def test_models_do_not_drift_from_the_migrations(migrated_app):
    ours = tables_of(migrated_app)

    def include(obj, name, type_, reflected, compare_to):
        # Only this app's tables: db.metadata also holds any other plugin's
        # models imported in this process, and PostgreSQL may hold strangers.
        return name in ours if type_ == "table" else True

    with migrated_app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include,
                                                               "compare_type": True})
        differences = compare_metadata(context, db.metadata)

    assert differences == []
