"""The contract between the portal and its plugins: every hook, in one place.

A plugin is a module (or object) whose functions are marked with
``portal.hookimpl`` and named after the specifications below. The portal calls
hooks only for *enabled* plugins, each plugin's implementation separately: an
implementation that raises is logged and skipped, and the rest still answer.
Call order between plugins is not significant; results come back as a list
(one item per plugin that returned something other than ``None``).

An implementation may accept fewer arguments than its specification lists, so
specifications can grow without breaking plugins. Hooks are called with
keyword arguments only.

Every hook declared here is documented in ``docs/plugins.md`` and exercised
by the test plugin in ``tests/plugins/every_hook.py``; the suite fails if one
is missing from either.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("portal")
hookimpl = pluggy.HookimplMarker("portal")


# --- Start-up ---------------------------------------------------------------
# Called once per process while the application is built, for every installed
# plugin (enabled or not: a plugin disabled now may be enabled later without a
# restart, so its routes and tables must exist).


@hookspec
def portal_startup(app):
    """Prepare the plugin for this application.

    :param app: the :class:`flask.Flask` application being built.
    :returns: nothing.

    Called once, before blueprints are registered. Raising here marks the
    plugin *unavailable* for this process: it is logged, shown as such on the
    admin page, and none of its other hooks are called.
    """


@hookspec
def portal_blueprints():
    """Blueprints serving the plugin's pages.

    :returns: a list of :class:`flask.Blueprint`. Each is mounted under the
        language prefix, so a blueprint with ``url_prefix="/assembly"`` serves
        ``/<lang>/assembly/…``; its views receive no ``lang`` argument (the
        portal pops it into ``flask.g.lang``).

    Called once at start-up. While the plugin is disabled its pages answer
    404.
    """


@hookspec
def portal_models():
    """The plugin's SQLAlchemy models (declared on ``portal.api.db``).

    :returns: a list of model classes. Importing them registers their tables
        on the portal's metadata, so the test suite and ``init-db`` create
        them and Alembic autogenerate sees them.

    Called once at start-up. Tables of a disabled plugin are kept untouched.
    """


@hookspec
def portal_migrations():
    """Where the plugin's Alembic migrations live.

    :returns: the path (``str`` or :class:`pathlib.Path`) of a ``versions``
        directory holding the plugin's own branch (its first revision has
        ``branch_labels = ("<plugin name>",)`` and ``depends_on`` the core's
        base revision).

    Called when the migration environment is set up (``portal init-db``,
    ``flask db …``).
    """


@hookspec
def portal_demo_content():
    """Load the plugin's demonstration content.

    :returns: a ``dict`` of what was created (e.g. ``{"indicators": 21}``),
        printed by the command, or ``None``.

    Called by ``portal seed-demo`` after the core's demo content (its
    organisations, bodies and accounts exist by then), for every enabled
    plugin. It must be safe to run twice and must commit its own work.
    """


@hookspec
def portal_demo_scale(scale):
    """Add bulk content for a benchmark: ``scale`` times the plugin's unit of volume.

    :param scale: a whole number, 1 or more (``portal seed-demo --scale N``).
    :returns: a ``dict`` of what was created, or ``None``.

    Called after :func:`portal_demo_content`, for every enabled plugin. A unit
    is a tenth of a busy borough's volume (e.g. 1,000 Assembly topics or 500
    meeting sign-ups), so ``--scale 10`` is the benchmark's load. Commit your
    own work; running it twice adds the volume twice.
    """


@hookspec
def portal_cli_commands():
    """Commands added to the ``portal`` command line.

    :returns: a list of :class:`click.Command` (or groups). They are added at
        start-up; while the plugin is disabled running one prints an error
        and exits with status 1.
    """


# --- Pages ------------------------------------------------------------------
# Called while a request is handled, only for enabled plugins.


@hookspec
def portal_navigation(user, lang):
    """Links for the site's main navigation.

    :param user: the current user (``flask_login.current_user``; may be
        anonymous).
    :param lang: the page's language code.
    :returns: a list of :class:`portal.api.NavItem`, or ``None``. Items are
        sorted by their ``order`` then label.

    Called on every page that renders the base layout.
    """


@hookspec
def portal_admin_pages(user):
    """Pages listed on the administrators' and officers' admin index.

    :param user: the current user (an officer or administrator).
    :returns: a list of :class:`portal.api.NavItem`; set ``access`` on each
        item to ``"officer"`` or ``"administrator"`` so it is shown only to
        those who may open it.

    Called when ``/<lang>/admin/`` is rendered.
    """


@hookspec
def portal_template_context():
    """Extra variables for every template.

    :returns: a ``dict`` merged into the template context. Name keys after the
        plugin (``{"assembly_open_events": …}``) so plugins cannot clash.

    Called for every rendered template.
    """


@hookspec
def portal_search(query, lang, user, limit):
    """Results for the site search at ``/<lang>/search``.

    :param query: the words searched for (stripped, never empty).
    :param lang: the page's language code.
    :param user: the current user: return only what this user may see.
    :param limit: the most results the portal will show from this plugin.
    :returns: a list of :class:`portal.api.SearchResult`.

    Called when someone searches. Confidential material must never be
    returned to a user not entitled to it.
    """


# --- Personal data ----------------------------------------------------------
# Called for every installed plugin, enabled or not: what a disabled plugin
# holds about a person is still theirs to see and to have removed.


@hookspec
def portal_personal_data(user):
    """What the plugin holds about ``user``, for their "download your data" file.

    :param user: the account asking for its data.
    :returns: a JSON-ready ``dict`` (strings, numbers, lists, dicts; dates as
        ISO 8601 strings) under the plugin's name in the file, or ``None``
        when the plugin holds nothing about them.

    Called when a signed-in person downloads their data from their profile.
    """


@hookspec
def portal_forget_user(user):
    """Remove or anonymise the plugin's personal data about ``user``.

    :param user: the account being deleted (still readable: email, id).
    :returns: nothing.

    Called in the transaction that deletes the account, before the core
    anonymises it; do not commit. Contributions meant to stay public (a topic,
    a message on a case) stay, and are shown as by "a former member", since
    the account's name reads so from then on. Raising here aborts the deletion.
    """


@hookspec
def portal_dashboard_cards(user, lang):
    """Cards on a signed-in user's dashboard at ``/<lang>/dashboard``.

    :param user: the signed-in user.
    :param lang: the page's language code.
    :returns: a list of :class:`portal.api.DashboardCard` (e.g. "3 topics
        waiting for moderation"), or ``None``.

    Called when the dashboard is rendered.
    """


# --- Between plugins ----------------------------------------------------------
# Called while a request is handled, only for enabled plugins, when another
# plugin asks through ``portal.api``.


@hookspec
def portal_indicators(lang):
    """Performance indicators the plugin offers for others to link to.

    :param lang: the page's language code (for translated titles).
    :returns: a list of :class:`portal.api.IndicatorInfo` (``code``, ``title``,
        ``at_risk``, ``url``), or ``None``.

    Called through :func:`portal.api.offered_indicators`, e.g. when a project
    plan links its outputs to scorecard indicators. With no plugin answering,
    callers simply offer no indicators. Codes are unique across plugins; the
    first plugin to offer a code wins.
    """
