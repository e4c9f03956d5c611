"""The outbox: written with the change it reports, delivered later, never lost."""

from __future__ import annotations

from datetime import timedelta

from portal.extensions import db
from portal.mail import OutboxMessage, deliver_pending, queue_email


def queue(app, to="someone@example.org", language="en"):
    from portal.identity.models import User

    with app.test_request_context():
        user = User(email=to, name="Someone", preferred_language=language)
        queue_email(to, "password_reset", language, user=user, link="http://portal.test/x")
        db.session.commit()


def rows(app):
    with app.app_context():
        return db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_an_email_is_only_queued_if_its_transaction_commits(app):
    from portal.identity.models import User

    with app.test_request_context():
        user = User(email="x@example.org", name="X")
        queue_email("x@example.org", "password_reset", "en", user=user, link="http://x")
        db.session.rollback()
    assert rows(app) == []


def test_an_email_is_written_in_the_recipients_language(app):
    queue(app, language="ar")
    [row] = rows(app)
    assert row.language == "ar"
    with app.test_request_context():
        from flask_babel import force_locale, gettext

        with force_locale("ar"):
            greeting = gettext("Hello %(name)s,", name="Someone")
    assert greeting in row.body


def test_an_unknown_language_falls_back_to_the_default(app):
    queue(app, language="xx")
    assert rows(app)[0].language == "en"


def test_delivery_over_smtp_marks_the_email_sent(app, smtp):
    queue(app)
    app.config["MAIL_PORT"] = smtp.port
    with app.app_context():
        assert deliver_pending() == (1, 0)
    [row] = rows(app)
    assert row.status == "sent" and row.sent_at is not None
    [message] = smtp.mailbox.to("someone@example.org")
    assert message["Content-Language"] == "en"
    assert "http://portal.test/x" in smtp.mailbox.body(message)


def test_an_smtp_outage_loses_nothing_and_the_email_goes_when_it_is_back(app, smtp):
    queue(app)
    app.config["MAIL_PORT"] = 1  # nothing listens: connection refused
    with app.app_context():
        assert deliver_pending() == (0, 1)
        row = db.session.scalar(db.select(OutboxMessage))
        assert (row.status, row.attempts) == ("pending", 1)
        assert "ConnectionRefused" in row.last_error
        # Not retried before its time…
        app.config["MAIL_PORT"] = smtp.port
        assert deliver_pending() == (0, 0)
        # …and sent once it is due.
        row.next_attempt_at = row.next_attempt_at - timedelta(hours=2)
        db.session.commit()
        assert deliver_pending() == (1, 0)
    assert len(smtp.mailbox.to("someone@example.org")) == 1
    assert rows(app)[0].status == "sent"


def test_an_email_is_given_up_after_the_last_attempt(app):
    queue(app)
    app.config.update(MAIL_PORT=1, MAIL_MAX_ATTEMPTS=2)
    with app.app_context():
        for _ in range(2):
            deliver_pending()
            db.session.execute(db.update(OutboxMessage).values(
                next_attempt_at=OutboxMessage.created_at))
            db.session.commit()
    assert rows(app)[0].status == "failed"


def test_send_mail_command_delivers_and_reports(app, smtp):
    queue(app)
    app.config["MAIL_PORT"] = smtp.port
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert "1 sent, 0 failed" in result.output
    assert len(smtp.mailbox.messages) == 1


def test_send_mail_command_fails_visibly_during_an_outage(app):
    queue(app)
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 1
    assert rows(app)[0].status == "pending"
