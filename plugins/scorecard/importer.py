"""Import a quarter's actuals for the scorecard's indicators from a CSV file.

The file is checked as a whole before anything is written: every bad line is
reported with its line number and the reason, and nothing is saved until the
file is clean. A figure already published is never overwritten silently: a
different value for it needs a note, and the earlier figure is kept (marked
superseded) beside the correction.

CSV format
----------

- UTF-8 text; a byte-order mark (as Excel's "CSV UTF-8" writes) is allowed.
- The first line is the header, naming the columns ``indicator``, ``quarter``,
  ``value`` and, optionally, ``note``, in any order. Names are not
  case-sensitive and spaces around them are ignored. Any other column, or a
  column named twice, is an error.
- Then one line per figure (at most 5,000). Blank lines are ignored.

  ``indicator``
      The indicator's code, e.g. ``T1-i``.
  ``quarter``
      The financial year and quarter, e.g. ``2008/09 Q3`` (October to
      December 2008). ``2008-09 Q3`` and ``2008/2009 Q3`` are accepted too.
  ``value``
      A number with a full stop for decimals: ``1234.5``, ``-3``, ``0.25``.
      No thousands separators, units or percent signs; at most 10 digits
      before the point and 4 after.
  ``note``
      Free text, at most 500 characters. Required when the line changes a
      figure in a quarter that is already published: it explains the
      correction.

Example::

    indicator,quarter,value,note
    T1-i,2008/09 Q3,41.5,
    T1-ii,2008/09 Q3,1200,Provisional: March data to follow
    T1-i,2008/09 Q2,40.2,Re-counted after the audit

A line whose value equals the current figure changes nothing (it is counted as
unchanged). A line for a quarter not yet known to the scorecard creates the
quarter, unpublished.

Command line: ``portal scorecard import FILE [--as EMAIL]``.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from dataclasses import dataclass
from decimal import Decimal

import click
from flask.cli import with_appcontext
from flask_babel import lazy_gettext as _l

from plugins.scorecard.models import Actual, Indicator, Quarter, utcnow
from portal.api import User, db

MAX_ROWS = 5000
MAX_NOTE = 500
REQUIRED_COLUMNS = ("indicator", "quarter", "value")
COLUMNS = (*REQUIRED_COLUMNS, "note")
CORRECTION = "Correction"

_QUARTER = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*Q\s*([1-4])$", re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?(\d*)(?:\.(\d*))?$")


@dataclass
class RowError:
    """A reason (a lazy translated string) the file cannot be imported, and its line."""

    line: int
    reason: str


@dataclass
class ParsedRow:
    """A line of the file, checked and resolved against the database."""

    line: int
    indicator_id: int
    quarter_index: int
    value: Decimal
    note: str


@dataclass
class ImportResult:
    created: int = 0
    corrected: int = 0
    unchanged: int = 0


# --- parsing -------------------------------------------------------------------------------
def parse_quarter(text: str) -> int | None:
    """``"2008/09 Q3"`` → 8034 (financial year start × 4 + quarter − 1), or None."""
    found = _QUARTER.match(" ".join(text.split()))
    if not found:
        return None
    start, end, number = int(found[1]), found[2], int(found[3])
    if int(end) != (start + 1 if len(end) == 4 else (start + 1) % 100):
        return None
    return start * 4 + number - 1


def quarter_label(index: int) -> str:
    """8034 → ``"2008/09 Q3"``."""
    year = index // 4
    return f"{year}/{(year + 1) % 100:02d} Q{index % 4 + 1}"


def parse_value(text: str) -> Decimal | None:
    """A plain decimal number that fits Numeric(14, 4), or None."""
    found = _NUMBER.match(text)
    if not found or not (found[1] or found[2]):
        return None
    whole, fraction = found[1].lstrip("0"), (found[2] or "").rstrip("0")
    if len(whole) > 10 or len(fraction) > 4:
        return None
    return Decimal(text)


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"


def _decode(data: str | bytes) -> tuple[str | None, RowError | None]:
    if isinstance(data, str):
        return data.removeprefix("\ufeff"), None
    try:
        return bytes(data).decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = bytes(data)[:exc.start].count(b"\n") + 1
        return None, RowError(line, _l('The file is not UTF-8 text: save it as "CSV UTF-8".'))


def _records(text: str):
    """(line where the record starts, fields) for each non-blank record; csv.Error as fields."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield start, None
            start = reader.line_num + 1
            continue
        if any(f.strip() for f in fields):
            yield start, fields
        start = reader.line_num + 1


def _quoted(names) -> str:
    return ", ".join(f'"{n}"' for n in names)


def _header(line: int, fields: list[str]) -> tuple[list[str], list[RowError]]:
    names = [f.strip().lower() for f in fields]
    errors = []
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        errors.append(RowError(line, _l(
            "Missing column(s): %(columns)s. The first line must be the header: "
            "indicator,quarter,value,note", columns=_quoted(missing))))
    extra = [n for i, n in enumerate(names) if n not in COLUMNS or n in names[:i]]
    if extra:
        errors.append(RowError(line, _l(
            "Unexpected or repeated column(s): %(columns)s. The columns are indicator, quarter, "
            "value and (optionally) note, each once.", columns=_quoted(extra))))
    return names, errors


@dataclass
class _Line:
    line: int
    code: str
    quarter_index: int | None
    value: Decimal | None
    note: str
    ok: bool = True


def _read(text: str) -> tuple[list[_Line], list[RowError]]:
    """Syntax only: the header, then each line's fields, without the database."""
    records = _records(text)
    first = next(records, None)
    if first is None:
        return [], [RowError(1, _no_figures())]
    header_line, fields = first
    if fields is None:
        return [], [RowError(header_line, _bad_line())]
    names, errors = _header(header_line, fields)
    if errors:
        return [], errors
    lines: list[_Line] = []
    for count, (number, fields) in enumerate(records):
        if count == MAX_ROWS:
            return [], [RowError(number, _l(
                "The file has more than %(limit)s rows of figures: split it into smaller files.",
                limit=f"{MAX_ROWS:,}"))]
        if fields is None or any(f.strip() for f in fields[len(names):]):
            errors.append(RowError(number, _bad_line()))
            continue
        cells = dict(zip(names, (f.strip() for f in fields), strict=False))
        line = _Line(number, cells.get("indicator", ""), None, None, cells.get("note", ""))
        for column in REQUIRED_COLUMNS:
            if not cells.get(column):
                errors.append(RowError(number, _l('The "%(column)s" column is empty.',
                                                  column=column)))
                line.ok = False
        if quarter := cells.get("quarter"):
            line.quarter_index = parse_quarter(quarter)
            if line.quarter_index is None:
                line.ok = False
                errors.append(RowError(number, _l(
                    'The quarter "%(quarter)s" is not understood: write it like 2008/09 Q3.',
                    quarter=quarter)))
        if value := cells.get("value"):
            line.value = parse_value(value)
            if line.value is None:
                line.ok = False
                errors.append(RowError(number, _l(
                    'The value "%(value)s" is not a number as expected: use a full stop for '
                    "decimals, no thousands separators, and at most 4 decimal places "
                    "(like 1234.5).", value=value)))
        if len(line.note) > MAX_NOTE:
            line.ok = False
            errors.append(RowError(number, _l("The note is longer than %(limit)s characters.",
                                              limit=MAX_NOTE)))
        lines.append(line)
    if not lines and not errors:
        return [], [RowError(header_line + 1, _no_figures())]
    return lines, errors


def _no_figures():
    return _l("The file has no figures: it needs a header row (indicator,quarter,value,note) "
              "and at least one row of figures.")


def _bad_line():
    return _l("This line has more values than the header has columns, or is not valid CSV.")


# --- checking against the database --------------------------------------------------------
def _indicator_ids(codes: set[str]) -> dict[str, int]:
    """Code as written → indicator id, in one query; an exact match wins over one in
    another case, and a code matching several indicators only by case is unknown."""
    if not codes:
        return {}
    found = db.session.execute(
        db.select(Indicator.id, Indicator.code)
        .where(db.func.lower(Indicator.code).in_({c.lower() for c in codes}))).all()
    exact = {code: id_ for id_, code in found}
    folded: dict[str, list[int]] = {}
    for id_, code in found:
        folded.setdefault(code.lower(), []).append(id_)
    ids = {}
    for code in codes:
        if code in exact:
            ids[code] = exact[code]
        elif len(folded.get(code.lower(), [])) == 1:
            ids[code] = folded[code.lower()][0]
    return ids


def _current(pairs: set[tuple[int, int]]) -> dict[tuple[int, int], tuple[Decimal, bool]]:
    """(indicator, quarter) → (current value, quarter published?), in one query."""
    if not pairs:
        return {}
    rows = db.session.execute(
        db.select(Actual.indicator_id, Actual.quarter_index, Actual.value, Quarter.published_at)
        .outerjoin(Quarter, Quarter.index == Actual.quarter_index)
        .where(Actual.superseded_at.is_(None),
               Actual.indicator_id.in_({i for i, _ in pairs}),
               Actual.quarter_index.in_({q for _, q in pairs}))
        .order_by(Actual.id)).all()
    return {(i, q): (value, published is not None) for i, q, value, published in rows
            if (i, q) in pairs}


def validate(data: str | bytes) -> tuple[list[ParsedRow], list[RowError]]:
    """Check a whole file; return its good rows and every error, ordered by line.

    Import the rows only if the errors are empty. Two queries at most, whatever
    the file's length.
    """
    text, error = _decode(data)
    if error:
        return [], [error]
    lines, errors = _read(text)
    ids = _indicator_ids({line.code for line in lines if line.code})
    seen: dict[tuple[int, int], int] = {}
    candidates: list[tuple[_Line, int]] = []
    for line in lines:
        indicator_id = ids.get(line.code)
        if line.code and indicator_id is None:
            errors.append(RowError(line.line, _l('Unknown indicator "%(code)s".',
                                                 code=line.code)))
            continue
        if not line.ok:
            continue
        key = (indicator_id, line.quarter_index)
        if key in seen:
            errors.append(RowError(line.line, _l(
                "The same indicator and quarter appear twice in the file "
                "(also on line %(other)s).", other=seen[key])))
            continue
        seen[key] = line.line
        candidates.append((line, indicator_id))
    current = _current(set(seen))
    rows = []
    for line, indicator_id in candidates:
        existing = current.get((indicator_id, line.quarter_index))
        if existing and existing[1] and existing[0] != line.value and not line.note:
            errors.append(RowError(line.line, _l(
                "%(quarter)s is published and this would change its figure from %(old)s to "
                "%(new)s: add a note explaining the correction.",
                quarter=quarter_label(line.quarter_index), old=_number(existing[0]),
                new=_number(line.value))))
            continue
        rows.append(ParsedRow(line.line, indicator_id, line.quarter_index, line.value,
                              line.note))
    errors.sort(key=lambda e: e.line)
    return rows, errors


# --- writing -------------------------------------------------------------------------------
def correction_note(note: str) -> str:
    note = note.strip()
    if not note:
        return CORRECTION
    return note if note.lower().startswith(CORRECTION.lower()) else f"{CORRECTION}: {note}"


def import_rows(rows: list[ParsedRow], user: User | None) -> ImportResult:
    """Write validated rows in the caller's transaction (the caller commits).

    A new figure is added; a different value for a current figure supersedes it
    (kept, with ``superseded_at`` set) with a new figure noted as a correction;
    an equal value changes nothing. Quarters not yet known are created,
    unpublished. Raises ValueError if a row would change a published figure
    without a note (``validate`` reports that first).
    """
    result = ImportResult()
    if not rows:
        return result
    indicator_ids = {r.indicator_id for r in rows}
    indexes = {r.quarter_index for r in rows}
    current: dict[tuple[int, int], list[Actual]] = {}
    for actual in db.session.scalars(
            db.select(Actual).where(Actual.superseded_at.is_(None),
                                    Actual.indicator_id.in_(indicator_ids),
                                    Actual.quarter_index.in_(indexes))
            .order_by(Actual.id)):
        current.setdefault((actual.indicator_id, actual.quarter_index), []).append(actual)
    published = dict(db.session.execute(
        db.select(Quarter.index, Quarter.published_at).where(Quarter.index.in_(indexes))).all())
    for index in sorted(indexes - set(published)):
        db.session.add(Quarter(index=index))
    now = utcnow()
    entered_by_id = user.id if user is not None else None
    for row in rows:
        key = (row.indicator_id, row.quarter_index)
        figures = current.get(key, [])
        note = row.note.strip()
        if figures and figures[-1].value == row.value:
            result.unchanged += 1
            continue
        if figures:
            if published.get(row.quarter_index) is not None and not note:
                raise ValueError(f"line {row.line}: a published figure would change "
                                 "without a note")
            for old in figures:
                old.superseded_at = now
            note = correction_note(note)
            result.corrected += 1
        else:
            result.created += 1
        actual = Actual(indicator_id=row.indicator_id, quarter_index=row.quarter_index,
                        value=row.value, note=note, entered_by_id=entered_by_id,
                        entered_at=now)
        db.session.add(actual)
        current[key] = [actual]
    db.session.flush()
    return result


def import_csv(data: str | bytes, user: User | None
               ) -> tuple[ImportResult | None, list[RowError]]:
    """Validate the whole file and, only if it is clean, import it (the caller commits)."""
    rows, errors = validate(data)
    if errors:
        return None, errors
    return import_rows(rows, user), []


# --- command line --------------------------------------------------------------------------
@click.group("scorecard")
def scorecard_cli() -> None:
    """The balanced scorecard: import quarterly actuals."""
    # A callback of its own, so the portal's plugin guard (which wraps callbacks)
    # also stops the subcommands while the plugin is disabled.


@scorecard_cli.command("import")
@click.argument("file", type=click.File("rb"))
@click.option("--as", "as_email", metavar="EMAIL",
              help="The officer's email address, recorded as having entered the figures.")
@with_appcontext
def import_command(file, as_email: str | None) -> None:
    """Import actuals from a CSV FILE (indicator,quarter,value,note); all or nothing."""
    user = None
    if as_email:
        user = db.session.scalar(db.select(User).where(User.email == as_email.strip().lower()))
        if user is None:
            raise click.ClickException(f"no account with the email address {as_email}")
    result, errors = import_csv(file.read(), user)
    if errors:
        db.session.rollback()
        for error in errors:
            click.echo(f"line {error.line}: {error.reason}", err=True)
        click.echo(f"Nothing imported: {len(errors)} error(s).", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"Imported: {result.created} new, {result.corrected} corrected, "
               f"{result.unchanged} unchanged.")
