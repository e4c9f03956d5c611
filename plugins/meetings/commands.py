"""The meetings plugin's commands: `portal meetings anonymise`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.group("meetings")
def meetings_cli() -> None:
    """Look after meetings' sign-ups."""


@meetings_cli.command("anonymise")
@click.option("--days", default=90, show_default=True,
              help="Anonymise sign-ups of meetings that ended more than this many days ago.")
@with_appcontext
def anonymise(days: int) -> None:
    """Remove attendees' personal details after a meeting (run daily from a scheduler)."""
    from plugins.meetings.signups import anonymise_after
    from portal.api import db

    count = anonymise_after(days)
    db.session.commit()
    click.echo(f"{count} sign-ups anonymised")
