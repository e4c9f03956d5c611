"""Signing up for meetings: places, the waiting list, private links and forgetting.

The rules, which the views only call:

* A party (one sign-up of 1 to ``max_places_per_sign_up`` places) is CONFIRMED if all
  its places fit, otherwise the whole party WAITS: places are never split.
* ``Meeting.places_taken`` is the sum of the confirmed parties' places. Every change
  to it, and to which sign-ups are confirmed or waiting, happens with the meeting's
  row locked (:func:`_lock_meeting`), so the capacity holds however many people sign
  up at the same moment.
* Free places go to the earliest party they fit, whole. When places free up the
  waiting list is read in order of sign-up and each party that fits in what is
  free is confirmed; one that does not fit stays first in the queue for the next
  places, and smaller parties after it may go ahead. We chose this over stopping
  at the first party that does not fit because a new sign-up is confirmed
  whenever it fits: with "stop", a person waiting behind a party of four would
  watch a newcomer take the place freed before them, and places would stay empty.
  So the one rule everywhere is: in order of sign-up, a party is seated as soon
  as all its places are free. The price is that a large party can be overtaken by
  smaller ones; parties are small (at most ``max_places_per_sign_up``), which
  limits it. As promotion runs whenever places are freed, a waiting party never
  fits in the free places before the meeting begins, so a newcomer cannot
  overtake one that fits.
* A private link (a random token; only its SHA-256 is stored) lets the person see,
  change or cancel their sign-up. A promoted person gets a new link in the email
  saying they have a place, because the old token is not kept and cannot be resent;
  the link from their waiting-list email stops working.

Nothing here commits: the caller commits, so the emails queued in the outbox are
written in the same transaction as the change they report (or not at all). After a
:class:`SignUpClosed` the caller should roll back.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _

from plugins.meetings.models import Meeting, SignUp, SignUpState
from portal.api import User, as_utc, db, queue_email, render_email, utcnow

# sign_up: token → absolute URL of the private link (the caller knows the language).
LinkFor = Callable[[str], str]
# cancel / change_places: (token, language) → URL; promoted people have their own language.
LinkForLanguage = Callable[[str, str], str]

NEED_FLAGS = ("wheelchair", "hearing_loop", "bsl", "large_print")
NEED_TEXTS = ("interpreter_language", "other_needs", "dietary_needs")
ANONYMOUS_NAME = "—"


class SignUpClosed(Exception):
    """The sign-up (or change) is refused; ``code`` says why.

    ``not_open_yet``, ``closed``, ``cancelled_meeting``, ``too_many_places`` (more
    than a party may book, or more than the meeting holds), ``not_enough_places``
    (only from :func:`change_places`: a confirmed party cannot grow that much).
    """

    CODES = frozenset({"not_open_yet", "closed", "cancelled_meeting", "too_many_places",
                       "not_enough_places"})

    def __init__(self, code: str):
        if code not in self.CODES:
            raise ValueError(code)
        super().__init__(code)
        self.code = code


# --- helpers ---------------------------------------------------------------------------
def _now(now: datetime | None) -> datetime:
    """``now`` (default: the current time) in UTC, as SQLite stores times without a zone."""
    return as_utc(now or utcnow()).astimezone(UTC)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, _digest(token)


def default_link(token: str, language: str = "en") -> str:
    """A relative link; the views pass ``link_for`` to make an absolute one."""
    return f"/{language}/meetings/sign-ups/{token}"


def _lock_meeting(meeting_id: int) -> Meeting:
    """Lock the meeting's row for the rest of the transaction and read it fresh.

    PostgreSQL: ``SELECT … FOR NO KEY UPDATE`` takes the row lock; a second
    transaction waits there until the first commits, then reads the committed
    ``places_taken``. "No key": the lock does not wait for (or block) the key-share
    lock PostgreSQL takes on the meeting when a sign-up referring to it is inserted,
    so a sign-up written before its lock is taken (:func:`sign_up`) cannot deadlock
    with another one doing the same.

    SQLite has no row locks (``FOR UPDATE`` is left out), and a transaction's first
    statements may be reads that see the database before a concurrent writer
    commits: two sign-ups could both count the same free place. So we *write*
    first: the no-op UPDATE makes SQLite take the database's write lock (waiting up
    to the busy timeout for another writer to finish) *before* anything is read,
    and from then on no one else can change the meeting or its sign-ups until we
    commit or roll back. Starting with the write also avoids SQLite's deadlock
    between two readers both trying to become the writer, which fails at once
    with "database is locked" instead of waiting.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(
            db.update(Meeting).where(Meeting.id == meeting_id)
            .values(places_taken=Meeting.places_taken)
            .execution_options(synchronize_session=False))
    meeting = db.session.execute(
        db.select(Meeting).where(Meeting.id == meeting_id).with_for_update(key_share=True)
        .execution_options(populate_existing=True)).scalar_one_or_none()
    if meeting is None:
        raise LookupError(f"no meeting {meeting_id}")
    return meeting


def _check_open(meeting: Meeting, now: datetime) -> None:
    if meeting.cancelled_at is not None:
        raise SignUpClosed("cancelled_meeting")
    if now < as_utc(meeting.sign_up_opens_at):
        raise SignUpClosed("not_open_yet")
    if now > as_utc(meeting.sign_up_closes_at):
        raise SignUpClosed("closed")


def _check_places(meeting: Meeting, places: int) -> None:
    if (not isinstance(places, int) or places < 1 or places > meeting.max_places_per_sign_up
            or places > meeting.capacity):
        raise SignUpClosed("too_many_places")


def _language(language: str | None) -> str:
    if language in current_app.config["LANGUAGES"]:
        return language
    return current_app.config["DEFAULT_LOCALE"]


def _email(template: str, sign_up: SignUp, link: str | None) -> None:
    queue_email(sign_up.email, template, sign_up.language, meeting=sign_up.meeting,
                sign_up=sign_up, link=link)


def _as_emailed(meeting: Meeting) -> dict:
    """Everything a sign-up email could say about a meeting: every column but the
    running count of places taken (which decides confirmed or waiting instead)."""
    return {column.key: getattr(meeting, column.key)
            for column in db.inspect(Meeting).column_attrs if column.key != "places_taken"}


def _render(confirmed: bool, record: SignUp, meeting: Meeting, link: str):
    return render_email(record.email, "meetings_confirmed" if confirmed else "meetings_waiting",
                        record.language, meeting=meeting, sign_up=record, link=link)


# --- signing up ---------------------------------------------------------------------------
def sign_up(meeting_id: int, *, name: str, email: str, places: int, language: str,
            user: User | None = None, needs: dict | None = None, may_contact: bool = False,
            now: datetime | None = None,
            link_for: LinkFor | None = None) -> tuple[SignUp, str]:
    """Sign a party up: CONFIRMED if all its places fit, otherwise WAITING.

    Returns the sign-up and the raw token of its private link (only its hash is
    stored). Queues "meetings_confirmed" or "meetings_waiting" in ``language``.
    Raises :class:`SignUpClosed`; the caller commits (or rolls back).
    """
    now = _now(now)
    needs = dict(needs or {})
    unknown = set(needs) - set(NEED_FLAGS) - set(NEED_TEXTS)
    if unknown:
        raise ValueError(f"unknown needs: {sorted(unknown)}")
    language = _language(language)

    # Refuse early, before taking the lock, when we can tell from what we have ...
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        raise LookupError(f"no meeting {meeting_id}")
    _check_open(meeting, now)
    _check_places(meeting, places)

    token, token_hash = _new_token()
    link = link_for(token) if link_for else default_link(token, language)
    record = SignUp(
        meeting_id=meeting.id, user_id=user.id if user is not None else None,
        name=name.strip(), email=email.strip(), language=language, places=places,
        may_contact=bool(may_contact), token_hash=token_hash, created_at=now,
        **{flag: bool(needs.get(flag)) for flag in NEED_FLAGS},
        **{text: (needs.get(text) or "").strip() for text in NEED_TEXTS},
    )
    # Draw the email and write both rows before taking the lock (every other sign-up to
    # this meeting waits for whoever holds it), for the outcome the places free now
    # predict; under the lock only the decision is made, and the email drawn again if
    # the outcome, or what the email says about the meeting, changed. Rows written
    # before the lock are seen by no one else until the commit, by then decided.
    fits = meeting.places_taken + places <= meeting.capacity
    described = _as_emailed(meeting)
    record.state = SignUpState.CONFIRMED if fits else SignUpState.WAITING
    message = _render(fits, record, meeting, link)
    db.session.add(record)
    db.session.add(message)
    db.session.flush()

    # ... and check again under the lock, on the row as it is now.
    meeting = _lock_meeting(meeting_id)
    _check_open(meeting, now)
    _check_places(meeting, places)
    if meeting.places_taken + places <= meeting.capacity:
        record.state = SignUpState.CONFIRMED
        meeting.places_taken += places
    else:
        record.state = SignUpState.WAITING
    if (record.state == SignUpState.CONFIRMED) != fits or _as_emailed(meeting) != described:
        drawn = _render(record.state == SignUpState.CONFIRMED, record, meeting, link)
        message.subject, message.body = drawn.subject, drawn.body
    db.session.flush()
    return record, token


def find_by_token(token: str | None) -> SignUp | None:
    """The sign-up a private link belongs to, or None."""
    if not token or len(token) > 200:
        return None
    return db.session.scalar(db.select(SignUp).where(SignUp.token_hash == _digest(token)))


# --- cancelling, changing, the waiting list ------------------------------------------------
def _promote(meeting: Meeting, link_for: LinkForLanguage | None, now: datetime,
             holding_link: SignUp | None = None) -> list[SignUp]:
    """Confirm, in order of sign-up, each waiting party that fits. The caller holds the lock.

    ``holding_link``: a sign-up whose owner is using their private link right now
    (changing their places); if promoted, it keeps its token and the email says so.
    """
    if meeting.cancelled_at is not None or now >= as_utc(meeting.starts_at):
        return []  # no one is offered a place at a meeting that is off or has begun
    waiting = db.session.scalars(
        db.select(SignUp).where(SignUp.meeting_id == meeting.id,
                                SignUp.state == SignUpState.WAITING)
        .order_by(SignUp.id).execution_options(populate_existing=True)).all()
    promoted = []
    for party in waiting:
        if meeting.places_taken >= meeting.capacity:
            break
        if meeting.places_taken + party.places > meeting.capacity:
            continue  # it waits for more places; a smaller party after it may fit
        party.state = SignUpState.CONFIRMED
        meeting.places_taken += party.places
        promoted.append(party)
        if party is holding_link:
            _email("meetings_promoted", party, None)
            continue
        # The old token is not kept, so the email needs a new link to change or cancel.
        token, party.token_hash = _new_token()
        link = link_for(token, party.language) if link_for else default_link(
            token, party.language)
        _email("meetings_promoted", party, link)
    return promoted


def fill_from_waiting_list(meeting_id: int, *, link_for: LinkForLanguage | None = None,
                           now: datetime | None = None) -> list[SignUp]:
    """Offer free places to the waiting list, e.g. after an officer raised the capacity."""
    meeting = _lock_meeting(meeting_id)
    return _promote(meeting, link_for, _now(now))


def cancel(record: SignUp, *, link_for: LinkForLanguage | None = None,
           now: datetime | None = None) -> list[SignUp]:
    """Cancel a sign-up, free its places and confirm whom the waiting list lets in.

    Queues "meetings_cancelled" to the person cancelling and "meetings_promoted" (in
    their own language, with a new private link) to each person promoted; returns
    those promoted. Cancelling twice does nothing the second time.
    """
    now = _now(now)
    meeting = _lock_meeting(record.meeting_id)
    db.session.refresh(record)  # its state as it is now, under the lock
    if record.state == SignUpState.CANCELLED:
        return []
    if record.state == SignUpState.CONFIRMED:
        meeting.places_taken = max(meeting.places_taken - record.places, 0)
    record.state = SignUpState.CANCELLED
    record.cancelled_at = now
    _email("meetings_cancelled", record, None)
    # Harmless when nothing was freed: no waiting party fits then.
    return _promote(meeting, link_for, now)


def change_places(record: SignUp, places: int, *, link_for: LinkForLanguage | None = None,
                  now: datetime | None = None) -> list[SignUp]:
    """Change how many places a party wants; returns anyone promoted as a result.

    A confirmed party may shrink at any time before the meeting (freeing places for
    the waiting list) and may grow while sign-up is open if the places are free
    (``SignUpClosed("not_enough_places")`` otherwise; it keeps what it has). A
    waiting party keeps its place in the queue whatever its size; if it now fits it
    is confirmed and keeps its private link (the one being used).
    """
    now = _now(now)
    meeting = _lock_meeting(record.meeting_id)
    db.session.refresh(record)
    if record.state == SignUpState.CANCELLED or meeting.cancelled_at is not None:
        raise SignUpClosed("cancelled_meeting" if meeting.cancelled_at else "closed")
    _check_places(meeting, places)
    growth = places - record.places
    if growth > 0:
        _check_open(meeting, now)
    elif now >= as_utc(meeting.starts_at):
        raise SignUpClosed("closed")
    if record.state == SignUpState.CONFIRMED:
        if meeting.places_taken + growth > meeting.capacity:
            raise SignUpClosed("not_enough_places")
        meeting.places_taken += growth
    record.places = places
    return _promote(meeting, link_for, now, holding_link=record)


# --- what officers need to know --------------------------------------------------------------
@dataclass(frozen=True)
class NeedTotal:
    """How many confirmed sign-ups need something (people, not places)."""

    kind: str  # wheelchair | hearing_loop | bsl | large_print | interpreter | other | dietary
    count: int
    language: str | None = None  # for an interpreter: the language, as people wrote it

    @property
    def label(self) -> str:
        """The need in the current language, e.g. "Gujarati interpreter"."""
        if self.kind == "interpreter":
            return _("%(language)s interpreter", language=self.language)
        return {  # the same words as the attendees page (manage_attendees.html)
            "wheelchair": _("Wheelchair spaces"),
            "hearing_loop": _("Hearing loop"),
            "bsl": _("BSL interpreter"),
            "large_print": _("Large print"),
            "other": _("Other needs"),
            "dietary": _("Dietary needs"),
        }[self.kind]


def needs_summary(sign_ups: Iterable[SignUp]) -> list[NeedTotal]:
    """Totals of the access and dietary needs of the CONFIRMED sign-ups given.

    Each sign-up counts once per need. Interpreters are grouped by language without
    regard to case or spacing ("gujarati " and "Gujarati" are one), named by the most
    common spelling. Needs nobody has are left out; the order is fixed: the boxes,
    the interpreters by language, then other and dietary needs.
    """
    confirmed = [s for s in sign_ups if s.state == SignUpState.CONFIRMED]
    totals = [NeedTotal(flag, n) for flag in NEED_FLAGS
              if (n := sum(1 for s in confirmed if getattr(s, flag)))]
    spellings: dict[str, Counter] = {}
    for s in confirmed:
        name = " ".join(s.interpreter_language.split())
        if name:
            spellings.setdefault(name.casefold(), Counter())[name] += 1
    for key in sorted(spellings):
        counter = spellings[key]
        totals.append(NeedTotal("interpreter", sum(counter.values()),
                                counter.most_common(1)[0][0]))
    for kind, field in (("other", "other_needs"), ("dietary", "dietary_needs")):
        if n := sum(1 for s in confirmed if getattr(s, field).strip()):
            totals.append(NeedTotal(kind, n))
    return totals


# --- forgetting ---------------------------------------------------------------------------------
def anonymise_after(days: int, now: datetime | None = None) -> int:
    """Remove personal details from sign-ups of meetings that ended over ``days`` ago.

    Name, email, access and dietary needs and the link to an account go; the state,
    places and language stay, for the figures. Returns how many sign-ups were
    anonymised now; running it again anonymises nothing twice.
    """
    now = _now(now)
    cutoff = now - timedelta(days=days)
    records = db.session.scalars(
        db.select(SignUp).join(Meeting)
        .where(Meeting.ends_at < cutoff, SignUp.anonymised_at.is_(None))
        .order_by(SignUp.id)).all()
    for record in records:
        anonymise(record, now)
    return len(records)


def anonymise(record: SignUp, now: datetime) -> None:
    """Remove one sign-up's personal details, keeping its state and places."""
    record.name = ANONYMOUS_NAME
    record.email = f"anonymised-{record.id}@invalid"
    for flag in NEED_FLAGS:
        setattr(record, flag, False)
    for text in NEED_TEXTS:
        setattr(record, text, "")
    record.may_contact = False
    record.user_id = None
    record.anonymised_at = now


def of_person(user_id: int, email: str) -> list[SignUp]:
    """A person's sign-ups, by account or by the address they gave, oldest first."""
    return db.session.scalars(
        db.select(SignUp).where(db.or_(SignUp.user_id == user_id,
                                       db.func.lower(SignUp.email) == email.lower()))
        .options(db.joinedload(SignUp.meeting)).order_by(SignUp.id)).all()


def forget(user_id: int, email: str, now: datetime | None = None) -> None:
    """For a deleted account: cancel coming bookings (the waiting list moves up), then
    anonymise every sign-up the person made."""
    now = _now(now)
    for record in of_person(user_id, email):
        if record.state != SignUpState.CANCELLED and _now(record.meeting.starts_at) > now:
            cancel(record, now=now)
        anonymise(record, now)
