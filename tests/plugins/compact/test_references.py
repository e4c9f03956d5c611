"""Complaint references: CPT-<year>-<NNNN>, sequential per year, never issued twice."""

from __future__ import annotations

import threading

import plugins.compact.models  # noqa: F401  (its tables, for the app fixture's create_all)
from plugins.compact.models import ReferenceCounter
from plugins.compact.references import next_reference
from portal.extensions import db


def test_references_are_sequential_within_a_year_and_restart_each_year(app):
    with app.app_context():
        assert [next_reference(2026) for _ in range(3)] == [
            "CPT-2026-0001", "CPT-2026-0002", "CPT-2026-0003"]
        assert next_reference(2027) == "CPT-2027-0001"
        assert next_reference(2026) == "CPT-2026-0004"
        db.session.commit()
    with app.app_context():
        assert next_reference(2027) == "CPT-2027-0002"
        db.session.commit()
        counters = {c.year: c.last for c in db.session.scalars(db.select(ReferenceCounter))}
        assert counters == {2026: 4, 2027: 2}


def test_numbers_are_zero_padded_to_four_digits_and_grow_past_9999(app):
    with app.app_context():
        db.session.add(ReferenceCounter(year=2026, last=9998))
        db.session.commit()
        assert next_reference(2026) == "CPT-2026-9999"
        assert next_reference(2026) == "CPT-2026-10000"
        assert next_reference(2031) == "CPT-2031-0001"
        db.session.commit()


def test_a_reference_belongs_to_the_callers_transaction(app):
    with app.app_context():
        assert next_reference(2026) == "CPT-2026-0001"
        db.session.rollback()  # the complaint was not saved: its number was not used
        assert next_reference(2026) == "CPT-2026-0001"
        db.session.commit()
        assert next_reference(2026) == "CPT-2026-0002"
        db.session.commit()


def test_complaints_lodged_at_the_same_moment_get_distinct_references(app):
    threads_count = 30
    barrier = threading.Barrier(threads_count)
    lock = threading.Lock()
    issued: list[str] = []
    errors: list[BaseException] = []

    def lodge():
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                reference = next_reference(2026)
                db.session.commit()
                with lock:
                    issued.append(reference)
            except BaseException as exc:  # collected and asserted below
                with lock:
                    errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=lodge) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert sorted(issued) == [f"CPT-2026-{n:04d}" for n in range(1, threads_count + 1)]
    with app.app_context():
        assert db.session.get(ReferenceCounter, 2026).last == threads_count
