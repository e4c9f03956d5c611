"""The outbox: every email is a row first, delivered later.

:func:`queue_email` renders a message in the recipient's language and adds it
to the current database session, so it is committed in the same transaction
as the change it reports (or not at all). ``portal send-mail`` delivers
pending rows over SMTP; a failure leaves the row pending with a later retry
time, so an SMTP outage delays mail but loses none.
"""

from __future__ import annotations

import logging
import smtplib
import time
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, render_template
from flask_babel import force_locale

from portal.extensions import db
from portal.pagecache import NOT_ON_PUBLIC_PAGES
from portal.timeutil import utcnow

log = logging.getLogger(__name__)



class OutboxMessage(db.Model):
    __tablename__ = "outbox_message"
    __table_args__ = {"info": NOT_ON_PUBLIC_PAGES}

    id = db.Column(db.Integer, primary_key=True)
    recipient = db.Column(db.String(254), nullable=False)
    subject = db.Column(db.String(300), nullable=False)
    body = db.Column(db.Text, nullable=False)
    language = db.Column(db.String(12), nullable=False)
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)
    # pending → sent, or pending → failed after MAIL_MAX_ATTEMPTS tries
    status = db.Column(db.String(10), nullable=False, default="pending", index=True)
    attempts = db.Column(db.Integer, nullable=False, default=0)
    next_attempt_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)
    last_error = db.Column(db.Text)
    sent_at = db.Column(db.DateTime(timezone=True))
    message_id = db.Column(db.String(200))


def queue_email(recipient: str, template: str, language: str, **context) -> OutboxMessage:
    """Add an email to the outbox in ``language``; the caller commits.

    ``template`` names a pair under ``templates/email/``: ``<name>.subject.txt``
    and ``<name>.txt``, rendered with ``context`` while the recipient's
    language is in force.
    """
    message = render_email(recipient, template, language, **context)
    db.session.add(message)
    return message


def render_email(recipient: str, template: str, language: str, **context) -> OutboxMessage:
    """The message :func:`queue_email` would queue, rendered but not added to the session.

    For a caller that holds a lock while it writes: render first, then
    ``db.session.add`` the message with the change it reports, so the lock is
    not held while templates are drawn.
    """
    from portal.i18n import FORMAT_LOCALES

    if language not in current_app.config["LANGUAGES"]:
        language = current_app.config["DEFAULT_LOCALE"]
    with force_locale(FORMAT_LOCALES.get(language, language)):
        context.setdefault("lang", language)
        subject = render_template(f"email/{template}.subject.txt", **context).strip()
        body = render_template(f"email/{template}.txt", **context)
    return OutboxMessage(recipient=recipient, subject=" ".join(subject.split()), body=body,
                         language=language)


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


def _claim(batch: int) -> list[OutboxMessage]:
    query = (
        db.select(OutboxMessage)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= utcnow())
        .order_by(OutboxMessage.id)
        .limit(batch)
    )
    if db.engine.dialect.name == "postgresql":
        # Several workers may run: each takes rows no other holds.
        query = query.with_for_update(skip_locked=True)
    return list(db.session.scalars(query))


def _connect() -> smtplib.SMTP:
    cfg = current_app.config
    cls = smtplib.SMTP_SSL if cfg["MAIL_USE_SSL"] else smtplib.SMTP
    smtp = cls(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=cfg["MAIL_TIMEOUT"])
    if cfg["MAIL_USE_TLS"]:
        smtp.starttls()
    if cfg["MAIL_USERNAME"]:
        smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
    return smtp


def _as_email(row: OutboxMessage) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = current_app.config["MAIL_SENDER"]
    msg["To"] = row.recipient
    msg["Subject"] = row.subject
    msg["Message-ID"] = row.message_id or make_msgid(domain="harrowpartnership.org.uk")
    msg.set_content(row.body)
    msg["Content-Language"] = row.language  # after set_content, which clears Content-*
    return msg


def deliver_pending(batch: int = 50) -> tuple[int, int]:
    """Send what is due; return (sent, failed this round). Commits as it goes."""
    rows = _claim(batch)
    if not rows:
        db.session.commit()
        return 0, 0
    sent = failed = 0
    smtp = None
    try:
        smtp = _connect()
    except (OSError, smtplib.SMTPException) as exc:
        for row in rows:
            _record_failure(row, exc)
        db.session.commit()
        return 0, len(rows)
    try:
        for row in rows:
            email = _as_email(row)
            row.message_id = email["Message-ID"]
            try:
                smtp.send_message(email)
            except (OSError, smtplib.SMTPException) as exc:
                _record_failure(row, exc)
                failed += 1
            else:
                row.status, row.sent_at, row.attempts = "sent", utcnow(), row.attempts + 1
                row.last_error = None
                sent += 1
            db.session.commit()
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            pass
    return sent, failed


def _record_failure(row: OutboxMessage, exc: BaseException) -> None:
    row.attempts += 1
    row.last_error = f"{type(exc).__name__}: {exc}"
    if row.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        row.status = "failed"
        log.error("giving up on email %s to %s: %s", row.id, row.recipient, row.last_error)
    else:
        row.next_attempt_at = utcnow() + _backoff(row.attempts)
        log.warning("email %s not sent (attempt %s): %s", row.id, row.attempts, row.last_error)


def run_worker(interval: float = 5.0, once: bool = False) -> None:
    """Deliver mail until stopped (``once``: a single round)."""
    while True:
        sent, failed = deliver_pending()
        if sent or failed:
            log.info("outbox: %s sent, %s failed", sent, failed)
        if once:
            return
        time.sleep(interval)
