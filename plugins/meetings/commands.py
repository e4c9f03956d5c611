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


@meetings_cli.command("remind")
@click.option("--hours", type=int, default=None,
              help="Remind people of meetings starting within this many hours "
                   "(default: PORTAL_MEETINGS_REMINDER_HOURS, else 48).")
@with_appcontext
def remind(hours: int | None) -> None:
    """Queue reminder emails for coming meetings (run hourly from a scheduler)."""
    from plugins.meetings.messages import send_reminders
    from portal.api import db

    count = send_reminders(hours)
    db.session.commit()
    click.echo(f"{count} reminders queued")
