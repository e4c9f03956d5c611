"""Complaint reference numbers: CPT-<year>-<number>, never issued twice.

The year's counter is bumped with one atomic ``INSERT … ON CONFLICT DO UPDATE
… RETURNING``: PostgreSQL locks the counter row for the rest of the
transaction, and SQLite takes its database write lock, so two complaints
lodged at the same moment get consecutive numbers, never the same one.
"""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from plugins.compact.models import ReferenceCounter
from portal.api import db


def next_reference(year: int) -> str:
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(ReferenceCounter).values(year=year, last=1)
    statement = statement.on_conflict_do_update(
        index_elements=[ReferenceCounter.year],
        set_={"last": ReferenceCounter.last + 1}).returning(ReferenceCounter.last)
    number = db.session.execute(statement).scalar_one()
    return f"CPT-{year}-{number:04d}"
