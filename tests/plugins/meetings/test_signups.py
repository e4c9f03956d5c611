"""Signing up for meetings: capacity, the waiting list, private links, needs, forgetting."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Blueprint
from jinja2 import TemplateNotFound

import plugins.meetings.models  # noqa: F401  (so db.create_all() makes the tables)
from plugins.meetings import signups
from plugins.meetings.models import Meeting, MeetingKind, SignUp, SignUpState
from portal.extensions import db
from portal.mail import OutboxMessage

TEMPLATES = Path(signups.__file__).parent / "templates"
NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def meetings_app(app):
    """The app, able to render the plugin's emails even if its blueprint is not wired yet."""
    try:
        app.jinja_env.get_template("email/meetings_confirmed.txt")
    except TemplateNotFound:
        app.register_blueprint(Blueprint("meetings_test_templates", __name__,
                                         template_folder=str(TEMPLATES)))
    return app


def make_meeting(app, *, capacity=10, max_places=4, opens=-1, closes=7, starts=14,
                 **fields) -> int:
    """A meeting; ``opens``, ``closes`` and ``starts`` are days from now."""
    with app.app_context():
        start = NOW + timedelta(days=starts)
        meeting = Meeting(
            title="Stakeholder conference", kind=MeetingKind.STAKEHOLDER,
            starts_at=start, ends_at=start + timedelta(hours=2),
            venue="Harrow Civic Centre", address="Station Road, Harrow HA1 2XY",
            capacity=capacity, max_places_per_sign_up=max_places,
            sign_up_opens_at=NOW + timedelta(days=opens),
            sign_up_closes_at=NOW + timedelta(days=closes), **fields)
        db.session.add(meeting)
        db.session.commit()
        return meeting.id


def join(app, meeting_id, name="Asha Patel", places=1, language="en", **kwargs):
    """Sign up and commit; returns (sign-up id, state, raw token)."""
    with app.app_context():
        kwargs.setdefault("email", f"{name.split()[0].lower()}@example.org")
        record, token = signups.sign_up(meeting_id, name=name, places=places,
                                        language=language, **kwargs)
        db.session.commit()
        return record.id, record.state, token


def taken(app, meeting_id) -> int:
    with app.app_context():
        return db.session.get(Meeting, meeting_id).places_taken


def outbox(app) -> list[OutboxMessage]:
    with app.app_context():
        return db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def states(app, meeting_id) -> dict[str, SignUpState]:
    with app.app_context():
        rows = db.session.scalars(db.select(SignUp).where(SignUp.meeting_id == meeting_id))
        return {s.name: s.state for s in rows}


# --- capacity and the waiting list ------------------------------------------------------
def test_people_are_confirmed_until_the_meeting_is_full_then_wait(meetings_app):
    app = meetings_app
    meeting = make_meeting(app, capacity=3)
    for name in ("Asha One", "Ben Two", "Cara Three"):
        assert join(app, meeting, name)[1] == SignUpState.CONFIRMED
    assert join(app, meeting, "Dev Four")[1] == SignUpState.WAITING
    assert taken(app, meeting) == 3

    mails = outbox(app)
    assert [m.recipient for m in mails] == ["asha@example.org", "ben@example.org",
                                            "cara@example.org", "dev@example.org"]
    assert mails[0].subject == "Your place at Stakeholder conference"
    assert "/en/meetings/sign-ups/" in mails[0].body
    assert "Harrow Civic Centre" in mails[0].body
    assert mails[0].body.rstrip().endswith("Harrow Strategic Partnership")
    assert mails[3].subject == "You are on the waiting list for Stakeholder conference"
    assert "waiting list" in mails[3].body


def test_a_party_bigger_than_the_places_left_waits_whole(meetings_app):
    app = meetings_app
    meeting = make_meeting(app, capacity=5)
    assert join(app, meeting, "Asha Patel", places=3)[1] == SignUpState.CONFIRMED
    assert join(app, meeting, "Ben Family", places=3)[1] == SignUpState.WAITING
    assert taken(app, meeting) == 3  # no partial booking: two places are still free
    assert join(app, meeting, "Cara Pair", places=2)[1] == SignUpState.CONFIRMED
    assert taken(app, meeting) == 5


def test_the_email_uses_the_link_the_views_build(meetings_app):
    app = meetings_app
    meeting = make_meeting(app)
    _id, _state, token = join(app, meeting,
                              link_for=lambda t: f"http://portal.test/gu/meetings/sign-ups/{t}")
    assert f"http://portal.test/gu/meetings/sign-ups/{token}" in outbox(app)[0].body


def test_the_email_is_drawn_again_when_the_meeting_filled_while_waiting_for_the_lock(
        meetings_app):
    """The email is drawn before the lock for the outcome the places free then predict:
    if someone else took the last place meanwhile, the person is told they wait."""
    app = meetings_app
    meeting = make_meeting(app, capacity=2)
    with app.app_context():
        seen = db.session.get(Meeting, meeting)  # this request read it: two places free
        with db.engine.begin() as other:  # another sign-up commits, and a new title
            other.execute(db.update(Meeting).where(Meeting.id == meeting).values(
                places_taken=2, title="Spring conference"))
        record, _token = signups.sign_up(meeting, name="Asha Patel", email="asha@example.org",
                                         places=1, language="en")
        db.session.commit()
        assert record.state == SignUpState.WAITING and seen.places_taken == 2
    (message,) = outbox(app)
    assert "Spring conference is full, so you are on the waiting list." in message.body
    assert "Stakeholder conference" not in message.body + message.subject


def test_a_place_freed_while_waiting_for_the_lock_goes_to_the_party_that_expected_to_wait(
        meetings_app):
    """Predicted to wait (the meeting was full when read, and its email drawn so), the
    sign-up finds under the lock that a place has come free: it is seated, and told so."""
    app = meetings_app
    meeting = make_meeting(app, capacity=2)
    join(app, meeting, "Asha Patel", places=2)
    with app.app_context():
        seen = db.session.get(Meeting, meeting)  # this request read it: full
        assert seen.places_taken == 2
        with db.engine.begin() as other:  # Asha cancels and commits meanwhile
            other.execute(db.update(Meeting).where(Meeting.id == meeting).values(
                places_taken=0))
        record, _token = signups.sign_up(meeting, name="Ben Jones", email="ben@example.org",
                                         places=1, language="en")
        db.session.commit()
        assert record.state == SignUpState.CONFIRMED
    assert taken(app, meeting) == 1
    assert "You have a place" in outbox(app)[-1].body


def test_a_cancellation_among_many_waiting_sign_ups_still_seats_the_waiting_list(
        meetings_app):
    """A cancellation and the sign-ups arriving with it take the meeting's lock in turn, so
    the cancellation sees every sign-up committed before it: the freed places never stay
    empty while someone who fits is waiting."""
    app = meetings_app
    meeting = make_meeting(app, capacity=4)
    tokens = [join(app, meeting, f"Early {n} Person")[2] for n in range(4)]
    barrier = threading.Barrier(21)
    errors: list[BaseException] = []

    def waiting(number: int) -> None:
        try:
            barrier.wait(timeout=30)
            join(app, meeting, f"Late {number} Person")
        except BaseException as exc:  # asserted below
            errors.append(exc)

    def cancelling() -> None:
        try:
            barrier.wait(timeout=30)
            with app.app_context():
                for token in tokens[:2]:
                    signups.cancel(signups.find_by_token(token))
                    db.session.commit()
        except BaseException as exc:  # asserted below
            errors.append(exc)

    threads = [threading.Thread(target=waiting, args=(n,)) for n in range(20)]
    threads.append(threading.Thread(target=cancelling))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == [] and not any(t.is_alive() for t in threads)
    counted = list(states(app, meeting).values())
    assert counted.count(SignUpState.CANCELLED) == 2
    assert counted.count(SignUpState.CONFIRMED) == 4
    assert counted.count(SignUpState.WAITING) == 18
    assert taken(app, meeting) == 4


# --- private links and cancelling ---------------------------------------------------------
def test_only_a_hash_of_the_token_is_kept_and_the_token_finds_the_sign_up(meetings_app):
    app = meetings_app
    meeting = make_meeting(app)
    sign_up_id, _state, token = join(app, meeting)
    with app.app_context():
        record = signups.find_by_token(token)
        assert record.id == sign_up_id
        assert token not in record.token_hash and len(record.token_hash) == 64
        assert signups.find_by_token(token + "x") is None
        assert signups.find_by_token("") is None


def test_cancelling_by_token_frees_the_places_and_promotes_the_first_waiting(meetings_app):
    app = meetings_app
    meeting = make_meeting(app, capacity=2)
    _a, _s, asha = join(app, meeting, "Asha Patel", places=2)
    join(app, meeting, "Nikhil Shah", language="gu")  # waiting, first in the queue
    join(app, meeting, "Ben Second")  # waiting, second
    with app.app_context():
        promoted = signups.cancel(signups.find_by_token(asha),
                                  link_for=lambda t, lang: f"http://portal.test/{lang}/s/{t}")
        db.session.commit()
        assert [p.name for p in promoted] == ["Nikhil Shah", "Ben Second"]
        cancelled = signups.find_by_token(asha)
        assert cancelled.state == SignUpState.CANCELLED and cancelled.cancelled_at is not None
    assert states(app, meeting) == {"Asha Patel": SignUpState.CANCELLED,
                                    "Nikhil Shah": SignUpState.CONFIRMED,
                                    "Ben Second": SignUpState.CONFIRMED}
    assert taken(app, meeting) == 2

    mails = outbox(app)[3:]
    assert [(m.recipient, m.language) for m in mails] == [
        ("asha@example.org", "en"), ("nikhil@example.org", "gu"), ("ben@example.org", "en")]
    assert "is cancelled" in mails[0].subject
    to_nikhil = mails[1]
    with app.test_request_context():
        from flask_babel import force_locale, format_date, gettext

        with force_locale("gu"):
            when = format_date(NOW + timedelta(days=14), "full")
            sign_off = gettext("Harrow Strategic Partnership")
    assert sign_off != "Harrow Strategic Partnership"  # the catalog has it in Gujarati
    assert when in to_nikhil.body and sign_off in to_nikhil.body
    assert "http://portal.test/gu/s/" in to_nikhil.body


def test_a_promoted_person_gets_a_new_link_and_the_old_one_stops_working(meetings_app):
    app = meetings_app
    meeting = make_meeting(app, capacity=1)
    _a, _s, asha = join(app, meeting, "Asha Patel")
    ben_id, _s, ben_old = join(app, meeting, "Ben Waiting")
    with app.app_context():
        signups.cancel(signups.find_by_token(asha))
        db.session.commit()
        assert signups.find_by_token(ben_old) is None
    promoted_mail = outbox(app)[-1]
    assert promoted_mail.recipient == "ben@example.org"
    new_token = promoted_mail.body.split("/en/meetings/sign-ups/")[1].split()[0]
    with app.app_context():
        assert signups.find_by_token(new_token).id == ben_id


def test_a_waiting_party_that_does_not_fit_keeps_its_turn_but_smaller_ones_may_go_ahead(
        meetings_app):
    app = meetings_app
    meeting = make_meeting(app, capacity=4)
    _a, _s, asha = join(app, meeting, "Asha One", places=1)
    join(app, meeting, "Ben Full", places=3)
    join(app, meeting, "Cara Three", places=3)  # waits
    join(app, meeting, "Dev One", places=1)  # waits
    with app.app_context():
        promoted = signups.cancel(signups.find_by_token(asha))
        db.session.commit()
        assert [p.name for p in promoted] == ["Dev One"]  # one place: Cara's three do not fit
    assert states(app, meeting)["Cara Three"] == SignUpState.WAITING
    assert taken(app, meeting) == 4


def test_cancelling_twice_or_a_waiting_sign_up_frees_nothing(meetings_app):
    app = meetings_app
    meeting = make_meeting(app, capacity=1)
    join(app, meeting, "Asha One")
    _b, _s, ben = join(app, meeting, "Ben Waiting")
    with app.app_context():
        assert signups.cancel(signups.find_by_token(ben)) == []
        assert signups.cancel(signups.find_by_token(ben)) == []
        db.session.commit()
    assert taken(app, meeting) == 1
    assert [m.recipient for m in outbox(app)].count("ben@example.org") == 2  # waiting, cancelled


def test_changing_places_frees_or_takes_places(meetings_app):
    app = meetings_app
    meeting = make_meeting(app, capacity=5)
    _a, _s, asha = join(app, meeting, "Asha Patel", places=3)
    join(app, meeting, "Ben Pair", places=2)  # the meeting is full
    join(app, meeting, "Cara Pair", places=2)  # waits
    with app.app_context():
        with pytest.raises(signups.SignUpClosed) as refused:
            signups.change_places(signups.find_by_token(asha), 4)
        db.session.rollback()
    assert refused.value.code == "not_enough_places"
    assert taken(app, meeting) == 5
    with app.app_context():
        promoted = signups.change_places(signups.find_by_token(asha), 1)
        db.session.commit()
        assert [p.name for p in promoted] == ["Cara Pair"]
    assert taken(app, meeting) == 5
    assert states(app, meeting)["Cara Pair"] == SignUpState.CONFIRMED


def test_a_waiting_party_that_shrinks_to_fit_is_confirmed_and_keeps_its_link(meetings_app):
    app = meetings_app
    meeting = make_meeting(app, capacity=3)
    join(app, meeting, "Asha Patel", places=2)
    ben_id, _s, ben = join(app, meeting, "Ben Family", places=3)  # waits
    with app.app_context():
        promoted = signups.change_places(signups.find_by_token(ben), 1)
        db.session.commit()
        assert [p.id for p in promoted] == [ben_id]
        assert signups.find_by_token(ben).state == SignUpState.CONFIRMED
    assert taken(app, meeting) == 3
    mail = outbox(app)[-1]
    assert mail.recipient == "ben@example.org" and "/meetings/sign-ups/" not in mail.body
    assert "earlier email" in mail.body


# --- refusals -----------------------------------------------------------------------------
@pytest.mark.parametrize(("when", "places", "code"), [
    ({"opens": 1}, 1, "not_open_yet"),
    ({"opens": -10, "closes": -1}, 1, "closed"),
    ({"cancelled_at": NOW}, 1, "cancelled_meeting"),
    ({}, 5, "too_many_places"),
    ({}, 0, "too_many_places"),
])
def test_a_sign_up_outside_the_rules_is_refused(meetings_app, when, places, code):
    app = meetings_app
    meeting = make_meeting(app, max_places=4, **when)
    with app.app_context():
        with pytest.raises(signups.SignUpClosed) as refused:
            signups.sign_up(meeting, name="A", email="a@example.org", places=places,
                            language="en")
        db.session.rollback()
    assert refused.value.code == code
    assert states(app, meeting) == {} and outbox(app) == [] and taken(app, meeting) == 0


def test_the_window_is_judged_at_the_time_given(meetings_app):
    app = meetings_app
    meeting = make_meeting(app, opens=1, closes=3)
    assert join(app, meeting, now=NOW + timedelta(days=2))[1] == SignUpState.CONFIRMED
    with app.app_context(), pytest.raises(signups.SignUpClosed, match="closed"):
        signups.sign_up(meeting, name="B", email="b@example.org", places=1, language="en",
                        now=NOW + timedelta(days=4))


# --- needs and forgetting -------------------------------------------------------------------
def test_the_needs_summary_totals_confirmed_people(meetings_app):
    app = meetings_app
    meeting = make_meeting(app, capacity=6)
    join(app, meeting, "Asha One", places=2,
         needs={"wheelchair": True, "interpreter_language": "Gujarati"})
    join(app, meeting, "Ben Two", needs={"interpreter_language": " gujarati ", "bsl": True,
                                         "dietary_needs": "Vegetarian"})
    join(app, meeting, "Cara Three", needs={"interpreter_language": "Romanian",
                                            "wheelchair": True, "large_print": True,
                                            "other_needs": "Seat near the front"})
    join(app, meeting, "Dev Four", places=2, needs={"hearing_loop": True})
    join(app, meeting, "Eve Waiting", needs={"wheelchair": True,
                                             "interpreter_language": "Arabic"})  # waits
    with app.test_request_context():
        rows = db.session.scalars(db.select(SignUp).where(SignUp.meeting_id == meeting)).all()
        totals = signups.needs_summary(rows)
        labels = [t.label for t in totals]
    assert [(t.kind, t.language, t.count) for t in totals] == [
        ("wheelchair", None, 2), ("hearing_loop", None, 1), ("bsl", None, 1),
        ("large_print", None, 1), ("interpreter", "Gujarati", 2),
        ("interpreter", "Romanian", 1), ("other", None, 1), ("dietary", None, 1)]
    assert labels[4] == "Gujarati interpreter"


def test_unknown_needs_are_a_programming_error(meetings_app):
    meeting = make_meeting(meetings_app)
    with meetings_app.app_context(), pytest.raises(ValueError):
        signups.sign_up(meeting, name="A", email="a@example.org", places=1, language="en",
                        needs={"wheelchiar": True})


def test_sign_ups_are_anonymised_some_days_after_the_meeting_and_only_once(meetings_app):
    app = meetings_app
    meeting = make_meeting(app, opens=-30, closes=-22, starts=-20)
    recent = make_meeting(app, opens=-30, closes=-6, starts=-5)
    with app.app_context():
        old = SignUp(meeting_id=meeting, name="Asha Patel", email="asha@example.org",
                     places=2, state=SignUpState.CONFIRMED, token_hash="a" * 64,
                     wheelchair=True, interpreter_language="Gujarati",
                     dietary_needs="Halal", other_needs="Quiet room", may_contact=True)
        new = SignUp(meeting_id=recent, name="Ben Recent", email="ben@example.org",
                     state=SignUpState.CONFIRMED, token_hash="b" * 64, bsl=True)
        db.session.add_all([old, new])
        db.session.commit()
        old_id = old.id

        assert signups.anonymise_after(30) == 0  # not yet
        assert signups.anonymise_after(14) == 1
        db.session.commit()
        assert signups.anonymise_after(14) == 0  # idempotent
        db.session.expire_all()
        old, new = db.session.get(SignUp, old_id), db.session.get(SignUp, new.id)
        assert (old.name, old.email) == ("—", f"anonymised-{old_id}@invalid")
        assert not (old.wheelchair or old.hearing_loop or old.bsl or old.large_print
                    or old.may_contact)
        assert old.interpreter_language == old.dietary_needs == old.other_needs == ""
        assert old.anonymised_at is not None and old.places == 2
        assert new.name == "Ben Recent" and new.bsl and new.anonymised_at is None


# --- many people at once ----------------------------------------------------------------------
def _sign_up_together(app, meeting_id, people: int) -> list[BaseException]:
    barrier = threading.Barrier(people)
    errors: list[BaseException] = []

    def one(number: int) -> None:
        try:
            with app.app_context():
                barrier.wait(timeout=30)
                signups.sign_up(meeting_id, name=f"Person {number}",
                                email=f"p{number}@example.org", places=1, language="en")
                db.session.commit()
        except BaseException as exc:  # collected, asserted below
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a sign-up hung"
    return errors


def test_capacity_holds_when_fifty_people_sign_up_at_once(meetings_app):
    app = meetings_app
    meeting = make_meeting(app, capacity=10)
    errors = _sign_up_together(app, meeting, 50)
    assert errors == []
    counted = list(states(app, meeting).values())
    assert counted.count(SignUpState.CONFIRMED) == 10
    assert counted.count(SignUpState.WAITING) == 40
    assert taken(app, meeting) == 10
    assert len(outbox(app)) == 50


def test_deleting_an_account_cancels_its_coming_bookings_and_forgets_the_rest(meetings_app,
                                                                           make_user):
    app = meetings_app
    uid = make_user("asha@example.org", name="Asha Patel")
    coming = make_meeting(app, capacity=1)
    past = make_meeting(app, opens=-30, closes=-20, starts=-10)
    join(app, coming, needs={"wheelchair": True})  # by the address of the account
    _, waiting, _ = join(app, coming, name="Ben Jones")
    assert waiting == SignUpState.WAITING
    with app.app_context():
        db.session.add(SignUp(meeting_id=past, user_id=uid, name="Asha Patel",
                              email="asha@example.org", places=1, token_hash="x" * 64,
                              state=SignUpState.CONFIRMED, bsl=True))
        db.session.commit()
        from plugins.meetings import portal_personal_data
        from portal.identity.models import User
        user = db.session.get(User, uid)
        held = portal_personal_data(user)
        assert [s["meeting"] for s in held["sign_ups"]] == ["Stakeholder conference"] * 2
        assert held["sign_ups"][0]["wheelchair"] is True

        from portal.identity.privacy import delete_account
        delete_account(user)
        db.session.commit()
        records = db.session.scalars(db.select(SignUp).order_by(SignUp.id)).all()
        asha_coming, ben, asha_past = records
        assert asha_coming.state == SignUpState.CANCELLED and asha_coming.anonymised_at
        assert ben.state == SignUpState.CONFIRMED  # the waiting list moved up
        assert asha_past.anonymised_at and not asha_past.bsl and asha_past.user_id is None
        assert "asha@example.org" not in {r.email for r in records}
        recipients = {m.recipient for m in db.session.scalars(db.select(OutboxMessage))}
        assert "ben@example.org" in recipients and "asha@example.org" not in recipients
