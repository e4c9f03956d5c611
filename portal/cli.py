"""The ``portal`` command line: set-up, demo data, plugins, mail and the server."""

from __future__ import annotations

import copy
import functools
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext


def _create_app(*_args, **_kwargs) -> Flask:
    from portal import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False,
             add_version_option=False)
def main() -> None:
    """Run and look after the Harrow Partnership Portal."""


@click.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--debug/--no-debug", default=False)
@with_appcontext
def run_command(host: str, port: int, debug: bool) -> None:
    """Serve the portal (development server; use gunicorn in production)."""
    from werkzeug.serving import run_simple

    # Flask's app.run() refuses to start inside its own command line, so serve
    # with Werkzeug directly (what app.run() does underneath).
    app = current_app._get_current_object()
    app.debug = debug
    run_simple(host, port, app, use_reloader=False, use_debugger=debug, threaded=True)


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create the database or bring it up to date (core and every plugin)."""
    from flask_migrate import upgrade

    upgrade(revision="heads")
    click.echo("Database is up to date.")


@click.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", default="Administrator", show_default=True)
@click.password_option()
@with_appcontext
def create_admin(email: str, name: str, password: str) -> None:
    """Create an administrator account (or promote an existing one)."""
    from portal.extensions import db
    from portal.identity.models import Role, User, utcnow
    from portal.identity.service import find_user

    if len(password) < 10:
        raise click.BadParameter("at least 10 characters", param_hint="password")
    user = find_user(email)
    if user is None:
        user = User(email=email.strip().lower(), name=name)
        db.session.add(user)
    user.set_password(password)
    user.role = Role.ADMINISTRATOR
    user.email_verified_at = user.email_verified_at or utcnow()
    db.session.commit()
    click.echo(f"Administrator {user.email} is ready.")


@click.command("seed-demo")
@click.option("--scale", type=click.IntRange(min=0), default=0, show_default=True,
              help="Also add N units of bulk content for a benchmark (10 is a busy borough).")
@with_appcontext
def seed_demo(scale: int) -> None:
    """Load the demo content: sectors' organisations, bodies, demo accounts."""
    from portal.demo import seed_demo as load
    from portal.demo import seed_scaled
    from portal.plugins import host

    counts = load()
    for extra in host().call("portal_demo_content"):
        counts.update(extra)
    if scale:
        counts.update(seed_scaled(scale))
        for extra in host().call("portal_demo_scale", scale=scale):
            counts.update(extra)
    click.echo("Demo content loaded: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def backup(path: Path) -> None:
    """Write the whole database (every table, stored files included) to PATH."""
    from portal.backup import backup_to

    counts = backup_to(path)
    click.echo(f"Backed up {sum(counts.values())} rows from {len(counts)} tables to {path}.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the database's contents without asking.")
@with_appcontext
def restore(path: Path, yes: bool) -> None:
    """Replace the database's contents with the backup at PATH (same schema version)."""
    from portal.backup import BackupError, restore_from

    if not yes:
        click.confirm("This replaces everything in the database. Go on?", abort=True)
    try:
        counts = restore_from(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {sum(counts.values())} rows into {len(counts)} tables.")


@click.group("plugins")
def plugins_group() -> None:
    """List, enable or disable plugins for this deployment."""


@plugins_group.command("list")
@with_appcontext
def plugins_list() -> None:
    from portal.plugins import host

    h = host()
    enabled = h.enabled_names()
    for name, info in sorted(h.plugins.items()):
        state = "unavailable" if not info.available else (
            "enabled" if name in enabled else "disabled")
        click.echo(f"{name}\t{state}\t{info.source}")
        if info.error:
            click.echo(f"\t{info.error}")


def _toggle(name: str, enabled: bool) -> None:
    from portal.plugins import host

    h = host()
    if name not in h.plugins:
        raise click.ClickException(f"no plugin named {name!r} is installed")
    if enabled and not h.plugins[name].available:
        raise click.ClickException(f"plugin {name!r} failed to start: {h.plugins[name].error}")
    h.set_enabled(name, enabled)
    click.echo(f"{name} {'enabled' if enabled else 'disabled'}")


@plugins_group.command("enable")
@click.argument("name")
@with_appcontext
def plugins_enable(name: str) -> None:
    _toggle(name, True)


@plugins_group.command("disable")
@click.argument("name")
@with_appcontext
def plugins_disable(name: str) -> None:
    _toggle(name, False)


@click.command("send-mail")
@click.option("--loop", is_flag=True, help="Keep running, delivering new mail as it arrives.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between rounds.")
@with_appcontext
def send_mail(loop: bool, interval: float) -> None:
    """Deliver the outbox over SMTP (retrying failures later)."""
    from portal.mail import deliver_pending, run_worker

    if loop:
        run_worker(interval=interval)
        return
    sent, failed = deliver_pending()
    click.echo(f"{sent} sent, {failed} failed")
    if failed:
        sys.exit(1)


def _guarded(command: click.Command, plugin: str) -> click.Command:
    """Make a plugin's command refuse to run while the plugin is disabled.

    Guards a copy: the plugin's command object is shared by every app built
    in the process (the tests build hundreds), and wrapping it in place would
    nest one guard per app until the recursion limit is hit.
    """
    callback = command.callback
    command = copy.copy(command)

    @functools.wraps(callback)
    def run(*args, **kwargs):
        from portal.plugins import host

        if not host().is_enabled(plugin):
            raise click.ClickException(f"plugin {plugin!r} is disabled")
        return callback(*args, **kwargs)

    command.callback = with_appcontext(run) if callback else None
    return command


CORE_COMMANDS = [run_command, init_db, create_admin, seed_demo, backup, restore, plugins_group,
                 send_mail]


def init_app(app: Flask) -> None:
    """Put the core's and plugins' commands on the app (``portal <command>``)."""
    from portal.plugins import host

    for command in CORE_COMMANDS:
        app.cli.add_command(command)
    for plugin, commands in host(app).call_installed("portal_cli_commands"):
        for command in commands:
            app.cli.add_command(_guarded(command, plugin))
