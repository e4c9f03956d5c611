"""Importing actuals from CSV: checked as a whole, all or nothing, corrections kept."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import event

import plugins.scorecard.models  # noqa: F401  (the plugin is not wired in: its tables)
from plugins.scorecard.importer import (
    ImportResult,
    import_csv,
    parse_quarter,
    parse_value,
    scorecard_cli,
    validate,
)
from plugins.scorecard.models import Actual, Block, Indicator, Outcome, Quarter, utcnow
from portal.api import Role, User, db

Q3 = 2008 * 4 + 2  # 2008/09 Q3
Q2 = 2008 * 4 + 1
HEADER = "indicator,quarter,value,note\n"


@pytest.fixture
def indicators(app):
    """Indicators T1-i, T1-ii and T2-i; code → id."""
    with app.app_context():
        block = Block(slug="cyp", name="Children and Young People")
        first = Outcome(block=block, code="T1", name="Fewer young people not in work")
        second = Outcome(block=block, code="T2", name="More adults volunteering")
        made = [Indicator(outcome=outcome, code=code, name=code, unit="%", baseline=10,
                          target=20, stretch_target=25, baseline_quarter=8024,
                          target_quarter=8040)
                for outcome, code in ((first, "T1-i"), (first, "T1-ii"), (second, "T2-i"))]
        db.session.add_all([block, *made])
        db.session.commit()
        return {i.code: i.id for i in made}


def actuals(*, current_only=False):
    """(indicator id, quarter, value, note, superseded?) for every figure, by id."""
    query = db.select(Actual).order_by(Actual.id)
    if current_only:
        query = query.where(Actual.superseded_at.is_(None))
    return [(a.indicator_id, a.quarter_index, a.value, a.note, a.superseded_at is not None)
            for a in db.session.scalars(query)]


def count_actuals() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Actual))


def reasons(errors) -> list[tuple[int, str]]:
    return [(e.line, str(e.reason)) for e in errors]


def publish(index: int) -> None:
    quarter = db.session.scalar(db.select(Quarter).where(Quarter.index == index))
    if quarter is None:
        quarter = Quarter(index=index)
        db.session.add(quarter)
    quarter.published_at = utcnow()
    db.session.commit()


def existing(indicator_id: int, index: int, value: str, note: str = "") -> None:
    db.session.add(Actual(indicator_id=indicator_id, quarter_index=index,
                          value=Decimal(value), note=note))
    db.session.commit()


# --- parsing ------------------------------------------------------------------------------
@pytest.mark.parametrize("text, index", [
    ("2008/09 Q3", Q3), ("2008-09 Q3", Q3), ("2008/2009 q3", Q3), ("  2008 / 09   Q3 ", Q3),
    ("1999/00 Q1", 1999 * 4), ("2008/09 Q5", None), ("2008/10 Q3", None), ("2008 Q3", None),
    ("Q3 2008/09", None), ("", None),
])
def test_parse_quarter(text, index):
    assert parse_quarter(text) == index


@pytest.mark.parametrize("text, value", [
    ("41.5", Decimal("41.5")), ("-3", Decimal("-3")), (".25", Decimal("0.25")),
    ("+7.", Decimal("7")), ("1234567890.1234", Decimal("1234567890.1234")),
    ("1,234", None), ("1 234", None), ("41.5%", None), ("1e3", None), ("NaN", None),
    ("Infinity", None), (".", None), ("-", None), ("12345678901", None), ("0.12345", None),
])
def test_parse_value(text, value):
    assert parse_value(text) == value


# --- importing ----------------------------------------------------------------------------
def test_a_clean_file_imports(app, indicators, make_user):
    officer = make_user("officer@harrow.gov.uk", role=Role.OFFICER)
    data = (HEADER + "T1-i,2008/09 Q3,41.5,\n"
            "T1-ii,2008-09 Q3,1200,Provisional\n"
            "T2-i,2008/09 Q2,0.25\n")
    with app.app_context():
        user = db.session.get(User, officer)
        result, errors = import_csv(data, user)
        assert errors == []
        assert result == ImportResult(created=3, corrected=0, unchanged=0)
        db.session.commit()
    with app.app_context():
        assert actuals() == [
            (indicators["T1-i"], Q3, Decimal("41.5"), "", False),
            (indicators["T1-ii"], Q3, Decimal("1200"), "Provisional", False),
            (indicators["T2-i"], Q2, Decimal("0.25"), "", False),
        ]
        assert {a.entered_by_id for a in db.session.scalars(db.select(Actual))} == {officer}
        quarters = db.session.scalars(db.select(Quarter).order_by(Quarter.index)).all()
        assert [(q.index, q.published_at) for q in quarters] == [(Q2, None), (Q3, None)]


def test_one_bad_row_writes_nothing_then_the_fixed_file_imports(app, indicators):
    good = "T1-i,2008/09 Q3,41.5,\nT1-ii,2008/09 Q3,12,\nT2-i,2008/09 Q3,3,\n"
    bad = good.replace("T1-ii,2008/09 Q3,12", "T1-ii,2008/09 Q3,twelve")
    with app.app_context():
        before = count_actuals()
        result, errors = import_csv(HEADER + bad, None)
        assert result is None
        assert reasons(errors) == [(3, 'The value "twelve" is not a number as expected: use a '
                                       "full stop for decimals, no thousands separators, and "
                                       "at most 4 decimal places (like 1234.5).")]
        db.session.commit()
        assert count_actuals() == before == 0
        assert db.session.scalar(db.select(db.func.count()).select_from(Quarter)) == 0

        result, errors = import_csv(HEADER + good, None)
        assert errors == []
        assert result == ImportResult(created=3)
        db.session.commit()
        assert count_actuals() == 3


def test_every_error_is_reported_at_once(app, indicators):
    data = (HEADER
            + "T1-i,2008/09 Q3,41.5,\n"            # 2: fine
            + "T9-x,2008/09 Q3,1,\n"               # 3: unknown indicator
            + "T1-ii,Autumn 2008,2,\n"             # 4: quarter
            + "T2-i,2008/09 Q3,\"1,200\",\n"       # 5: thousands separator
            + "\n"                                 # 6: blank, ignored
            + "T2-i,2008/09 Q2,,\n"                # 7: no value
            + "T1-ii,2008/09 Q2,5," + "x" * 501 + "\n"  # 8: note too long
            + "T1-i,2008/09 Q2,1,note,extra\n"     # 9: more values than columns
            + "Nope,2008/09 Q9,n/a,\n")            # 10: three reasons
    with app.app_context():
        result, errors = import_csv(data, None)
        assert result is None
        assert reasons(errors) == [
            (3, 'Unknown indicator "T9-x".'),
            (4, 'The quarter "Autumn 2008" is not understood: write it like 2008/09 Q3.'),
            (5, 'The value "1,200" is not a number as expected: use a full stop for decimals, '
                "no thousands separators, and at most 4 decimal places (like 1234.5)."),
            (7, 'The "value" column is empty.'),
            (8, "The note is longer than 500 characters."),
            (9, "This line has more values than the header has columns, or is not valid CSV."),
            (10, 'The quarter "2008/09 Q9" is not understood: write it like 2008/09 Q3.'),
            (10, 'The value "n/a" is not a number as expected: use a full stop for decimals, '
                 "no thousands separators, and at most 4 decimal places (like 1234.5)."),
            (10, 'Unknown indicator "Nope".'),
        ]
        assert count_actuals() == 0


def test_line_numbers_count_physical_lines(app, indicators):
    data = HEADER + 'T1-i,2008/09 Q3,1,"a note\nover two lines"\nT1-ii,2008/09 Q3,x,\n'
    with app.app_context():
        rows, errors = validate(data)
        assert [r.line for r in rows] == [2]
        assert rows[0].note == "a note\nover two lines"
        assert [e.line for e in errors] == [4]


def test_the_same_indicator_and_quarter_twice(app, indicators):
    data = (HEADER + "T1-i,2008/09 Q3,1,\n"
            "T1-ii,2008/09 Q3,2,\n"
            "t1-i,2008-09 Q3,1,\n"        # same code in another case, same quarter
            "T1-i,2008/09 Q2,1,\n")
    with app.app_context():
        result, errors = import_csv(data, None)
        assert reasons(errors) == [
            (4, "The same indicator and quarter appear twice in the file (also on line 2).")]
        assert count_actuals() == 0


@pytest.mark.parametrize("header, expected", [
    ("indicator,quarter,value,note,owner",
     ['Unexpected or repeated column(s): "owner". The columns are indicator, quarter, value '
      "and (optionally) note, each once."]),
    ("indicator,quarter,note,note",
     ['Missing column(s): "value". The first line must be the header: '
      "indicator,quarter,value,note",
      'Unexpected or repeated column(s): "note". The columns are indicator, quarter, value '
      "and (optionally) note, each once."]),
    ("T1-i,2008/09 Q3,41.5",
     ['Missing column(s): "indicator", "quarter", "value". The first line must be the header: '
      "indicator,quarter,value,note",
      'Unexpected or repeated column(s): "t1-i", "2008/09 q3", "41.5". The columns are '
      "indicator, quarter, value and (optionally) note, each once."]),
])
def test_columns_are_checked(app, indicators, header, expected):
    with app.app_context():
        result, errors = import_csv(header + "\nT1-i,2008/09 Q3,41.5,\n", None)
        assert result is None
        assert reasons(errors) == [(1, reason) for reason in expected]
        assert count_actuals() == 0


def test_header_names_ignore_case_spaces_and_order_and_note_is_optional(app, indicators):
    with app.app_context():
        rows, errors = validate(" Value , QUARTER,Indicator \r\n12,2008/09 Q3,T1-i\r\n")
        assert errors == []
        assert [(r.line, r.indicator_id, r.quarter_index, r.value, r.note) for r in rows] == [
            (2, indicators["T1-i"], Q3, Decimal("12"), "")]


def test_a_byte_order_mark_is_allowed(app, indicators):
    data = ("\ufeff" + HEADER + "T1-i,2008/09 Q3,41.5,Über\n").encode("utf-8")
    with app.app_context():
        result, errors = import_csv(data, None)
        assert errors == []
        assert result.created == 1
        db.session.commit()
        assert actuals() == [(indicators["T1-i"], Q3, Decimal("41.5"), "Über", False)]


@pytest.mark.parametrize("data, expected", [
    (b"", [(1, "The file has no figures: it needs a header row (indicator,quarter,value,note) "
               "and at least one row of figures.")]),
    (HEADER.encode() + b"\n,,,\n", [(2, "The file has no figures: it needs a header row "
                                         "(indicator,quarter,value,note) and at least one row "
                                         "of figures.")]),
    (HEADER.encode() + b"T1-i,2008/09 Q3,1,\nT1-ii,2008/09 Q3,2,caf\xe9\n",
     [(3, 'The file is not UTF-8 text: save it as "CSV UTF-8".')]),
])
def test_empty_and_undecodable_files(app, indicators, data, expected):
    with app.app_context():
        result, errors = import_csv(data, None)
        assert result is None
        assert reasons(errors) == expected


def test_too_many_rows(app, indicators):
    data = HEADER + "T1-i,2008/09 Q3,1,\n" * 5001
    with app.app_context():
        result, errors = import_csv(data, None)
        assert reasons(errors) == [
            (5002, "The file has more than 5,000 rows of figures: split it into smaller files.")]


def test_a_published_figure_changes_only_with_a_note(app, indicators):
    t1 = indicators["T1-i"]
    with app.app_context():
        existing(t1, Q3, "41.5", "As reported")
        publish(Q3)

        result, errors = import_csv(HEADER + "T1-i,2008/09 Q3,42,\n", None)
        assert result is None
        assert reasons(errors) == [
            (2, "2008/09 Q3 is published and this would change its figure from 41.5 to 42: "
                "add a note explaining the correction.")]
        assert actuals() == [(t1, Q3, Decimal("41.5"), "As reported", False)]

        result, errors = import_csv(HEADER + "T1-i,2008/09 Q3,42,Late returns counted\n", None)
        assert errors == []
        assert result == ImportResult(created=0, corrected=1, unchanged=0)
        db.session.commit()
        assert actuals() == [
            (t1, Q3, Decimal("41.5"), "As reported", True),
            (t1, Q3, Decimal("42"), "Correction: Late returns counted", False),
        ]
        assert actuals(current_only=True) == [
            (t1, Q3, Decimal("42"), "Correction: Late returns counted", False)]

        # A note already saying so is not prefixed twice.
        result, errors = import_csv(HEADER + "T1-i,2008/09 Q3,43,Correction: typo\n", None)
        db.session.commit()
        assert actuals(current_only=True) == [(t1, Q3, Decimal("43"), "Correction: typo", False)]
        assert count_actuals() == 3


def test_an_unpublished_figure_is_superseded_without_a_note(app, indicators):
    t1 = indicators["T1-i"]
    with app.app_context():
        existing(t1, Q3, "41.5")
        result, errors = import_csv(HEADER + "T1-i,2008/09 Q3,40,\n", None)
        assert errors == []
        assert result == ImportResult(corrected=1)
        db.session.commit()
        assert actuals() == [(t1, Q3, Decimal("41.5"), "", True),
                             (t1, Q3, Decimal("40"), "Correction", False)]


def test_unchanged_values_are_no_ops(app, indicators):
    t1, t2 = indicators["T1-i"], indicators["T2-i"]
    with app.app_context():
        existing(t1, Q3, "41.5")
        existing(t2, Q3, "7")
        publish(Q3)
        # Same values (written differently), no notes, in a published quarter: fine.
        result, errors = import_csv(HEADER + "T1-i,2008/09 Q3,41.50,\nT2-i,2008/09 Q3,7.0,\n"
                                    "T1-ii,2008/09 Q3,3,\n", None)
        assert errors == []
        assert result == ImportResult(created=1, corrected=0, unchanged=2)
        db.session.commit()
        assert actuals() == [(t1, Q3, Decimal("41.5"), "", False),
                             (t2, Q3, Decimal("7"), "", False),
                             (indicators["T1-ii"], Q3, Decimal("3"), "", False)]


def test_validate_makes_a_bounded_number_of_queries(app, indicators):
    codes = list(indicators)
    lines = [f"{codes[n % 3]},{2000 + n // 3}/{(2001 + n // 3) % 100:02d} Q{n % 4 + 1},{n},"
             for n in range(200)]
    with app.app_context():
        existing(indicators[codes[0]], parse_quarter("2000/01 Q1"), "0")
        publish(parse_quarter("2000/01 Q1"))
        statements = []

        def count(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            rows, errors = validate(HEADER + "\n".join(lines))
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert errors == []
        assert len(rows) == 200
        assert len(statements) <= 5, statements


# --- command line ---------------------------------------------------------------------------
def test_the_command_reports_lines_and_fails_then_imports(app, indicators, make_user, tmp_path):
    officer = make_user("officer@harrow.gov.uk", role=Role.OFFICER)
    path = tmp_path / "q3.csv"
    path.write_text(HEADER + "T1-i,2008/09 Q3,41.5,\nT1-x,2008/09 Q3,2,\nT2-i,Q3,3,\n",
                    encoding="utf-8")
    runner = app.test_cli_runner()

    result = runner.invoke(scorecard_cli, ["import", str(path)])
    assert result.exit_code == 1, result.output
    assert 'line 3: Unknown indicator "T1-x".' in result.output
    assert 'line 4: The quarter "Q3" is not understood' in result.output
    with app.app_context():
        assert count_actuals() == 0

    path.write_text(HEADER + "T1-i,2008/09 Q3,41.5,\nT1-ii,2008/09 Q3,2,\nT2-i,2008/09 Q3,3,\n",
                    encoding="utf-8")
    result = runner.invoke(scorecard_cli, ["import", str(path), "--as", "Officer@Harrow.gov.uk"])
    assert result.exit_code == 0, result.output
    assert "Imported: 3 new, 0 corrected, 0 unchanged." in result.output
    with app.app_context():
        assert count_actuals() == 3
        assert {a.entered_by_id for a in db.session.scalars(db.select(Actual))} == {officer}

    result = runner.invoke(scorecard_cli, ["import", str(path), "--as", "nobody@example.org"])
    assert result.exit_code == 1
    assert "no account with the email address nobody@example.org" in result.output
