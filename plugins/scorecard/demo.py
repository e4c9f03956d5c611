"""Demo scorecard: the Local Area Agreement's blocks, its 12 stretched targets and their indicators.

Facts come from the July 2006 scrutiny report on the LAA: the four blocks plus cross-cutting
issues, the 12 reward elements (T1–T12) with the indicators that measure them, and the maximum
Performance Reward Grant of £6,337,575 (pump priming: £961,900). Everything else is
DEMONSTRATION DATA, invented for the demo and not real Harrow performance:

- every baseline, target and stretch target, and every quarterly figure (actual);
- the split of the reward grant between targets. The papers give only the total, so it is
  shared equally in whole pounds (£528,132 for T1–T3, £528,131 for the rest, summing to
  exactly £6,337,575); the real agreement may weight the targets differently;
- which management group and lead partner own each indicator (plausible, not sourced).

The figures cover 2006/07 Q1 to 2007/08 Q4. Every quarter is published except 2007/08 Q4,
so the public scorecard shows 2007/08 Q3 while officers can preview the newer quarter. As of
2007/08 Q3 the indicators show every status: on track for stretch, on track for target, at
risk, off track, and no data (T6, community cohesion: its stretch target was still being
negotiated in June 2006 and no survey has reported against it). Two series have gaps and two
published figures were later corrected (the old figure is superseded, not overwritten).

:func:`seed_scorecard` is idempotent: blocks by slug, outcomes and indicators by code,
quarters by index, actuals by (indicator, quarter); it only creates what is missing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from plugins.scorecard.models import Actual, Block, Indicator, Outcome, Quarter
from portal.api import Body, Organisation, User, db

PUMP_PRIMING_GRANT = Decimal("961900.00")
REWARD_GRANT_MAXIMUM = Decimal("6337575.00")
BASELINE_QUARTER = 2005 * 4 + 3  # 2005/06 Q4 (January–March 2006)
TARGET_QUARTER = 2008 * 4 + 3  # 2008/09 Q4, the end of the three-year agreement

# slug, name (position follows the order)
BLOCKS: list[tuple[str, str]] = [
    ("children-and-young-people", "Children and Young People"),
    ("safer-and-stronger-communities", "Safer and Stronger Communities"),
    ("healthier-communities-and-older-people", "Healthier Communities and Older People"),
    ("economic-development-and-enterprise", "Economic Development and Enterprise"),
    ("cross-cutting", "Cross-cutting"),
]

# code, block slug, name: the 12 reward elements (stretched targets)
OUTCOMES: list[tuple[str, str, str]] = [
    ("T1", "children-and-young-people", "Improved health of babies during first year of life"),
    ("T2", "children-and-young-people", "Reducing school exclusions and improving attendance"),
    ("T3", "safer-and-stronger-communities",
     "Reduce the fear of crime amongst the population of Harrow"),
    ("T4", "safer-and-stronger-communities",
     "To improve people's perception of Anti-Social Behaviour and how it affects them"),
    ("T5", "safer-and-stronger-communities",
     "Reduce the level of Non-Residential burglary in the borough"),
    ("T6", "safer-and-stronger-communities",
     "A Harrow community that feels a strong sense of cohesion"),
    ("T7", "safer-and-stronger-communities",
     "Empowering people to become involved in their community through Volunteering"),
    ("T8", "healthier-communities-and-older-people",
     "Reducing the level of residential burglary where the victim is over 75 years of age"),
    ("T9", "healthier-communities-and-older-people",
     "Decrease harm from smoking and second hand smoke and reduce the number of adults "
     "smoking"),
    ("T10", "economic-development-and-enterprise",
     "Improving the skills base of Harrow and the employability of residents"),
    ("T11", "economic-development-and-enterprise", "Improving the life chances of young people"),
    ("T12", "cross-cutting",
     "More journeys to Grimsdyke School on foot rather than by car, for children's health "
     "and fitness"),
]

PCT, POLICE, COUNCIL, HAVS = "harrow-pct", "met-police-harrow", "harrow-council", "havs"
CT, SH, CC = "childrens-trust", "safer-harrow", "community-cohesion"
AHW, SDE = "adults-health-wellbeing", "sustainable-development-enterprise"
PERCENT, NUMBER, POINTS = "%", "number", "points"

# code, outcome, name, unit, higher is better, baseline, target, stretch,
# management group slug, lead partner slug, explanation
INDICATORS: list[tuple[str, str, str, str, bool, str, str, str, str, str, str]] = [
    ("T1-i", "T1", "Rates of exclusive breastfeeding at six weeks", PERCENT, True,
     "32", "38", "42", CT, PCT,
     "The share of babies fed only breast milk at their six-week check. Breastfeeding "
     "protects babies against infections in their first year."),
    ("T1-ii", "T1", "Breastfeeding initiation rates", PERCENT, True, "78", "82", "86", CT, PCT,
     "The share of mothers who start breastfeeding their baby after birth."),
    ("T2-1a", "T2", "Reduction of permanent exclusions", NUMBER, False, "28", "22", "18", CT,
     COUNCIL,
     "How many pupils were permanently excluded from Harrow schools in the last 12 months."),
    ("T2-1b", "T2", "Reduction of fixed period exclusions", NUMBER, False,
     "1450", "1250", "1100", CT, COUNCIL,
     "How many fixed-period (temporary) exclusions Harrow schools gave in the last 12 "
     "months."),
    ("T2-2a", "T2",
     "Improved attendance at 25% worst performing schools with regard to attendance: primary "
     "schools", PERCENT, True, "93.2", "94.2", "94.8", CT, COUNCIL,
     "Attendance at the quarter of Harrow's primary schools with the lowest attendance: the "
     "share of half-day sessions that pupils attended."),
    ("T2-2b", "T2",
     "Improved attendance at 25% worst performing schools with regard to attendance: "
     "secondary schools", PERCENT, True, "90.5", "91.8", "92.6", CT, COUNCIL,
     "Attendance at the quarter of Harrow's secondary schools with the lowest attendance: the "
     "share of half-day sessions that pupils attended."),
    ("T3", "T3",
     "Proportion of adults saying that they are in fear of being a victim of crime", PERCENT,
     False, "48", "42", "38", SH, POLICE,
     "The share of adults in the residents' survey who say they fear becoming a victim of "
     "crime. Harrow has low crime for London, but many people still feel unsafe."),
    ("T4", "T4",
     "% of residents who consider suite of ASB as a 'fairly' or 'very big' problem", PERCENT,
     False, "30", "26", "23", SH, COUNCIL,
     "The share of residents who say anti-social behaviour, such as vandalism, graffiti or "
     "rowdiness, is a fairly or very big problem where they live."),
    ("T5", "T5", "Level of Non-Residential burglaries in the Borough", NUMBER, False,
     "1180", "1030", "950", SH, POLICE,
     "Burglaries of shops, offices, sheds and other buildings that are not homes, recorded "
     "by the police over the last 12 months."),
    ("T6", "T6",
     "Proportion of adults who say that people from different backgrounds get on well in "
     "their neighbourhood", PERCENT, True, "76", "79", "82", CC, COUNCIL,
     "The share of adults who strongly or tend to agree that people from different "
     "backgrounds get on well together where they live. The target was still being agreed "
     "with Government in 2006, and no survey has reported against it yet."),
    ("T7-i", "T7", "Number of socially excluded adult volunteers in Harrow", NUMBER, True,
     "350", "500", "600", CC, HAVS,
     "Adults who volunteer in Harrow and who are, for example, unemployed, disabled or "
     "isolated. Volunteering builds their confidence, skills and links with others."),
    ("T7-ii", "T7", "Number of other adult volunteers in Harrow", NUMBER, True,
     "2400", "2900", "3200", CC, HAVS,
     "All other adults who volunteer with Harrow's voluntary and community groups."),
    ("T8", "T8", "Number of residential burglary where victim is over 75 years", NUMBER, False,
     "150", "120", "105", SH, POLICE,
     "Burglaries of homes where the victim is aged over 75, recorded by the police over the "
     "last 12 months. Includes distraction burglary by bogus callers."),
    ("T9-i", "T9", "Number of homes in Harrow that sign up to be 'smokefree'", NUMBER, True,
     "0", "1500", "2000", AHW, PCT,
     "Households that have promised to keep their home free of smoke, to protect children "
     "and others from second-hand smoke. A running total since the scheme began."),
    ("T9-ii", "T9",
     "Number of 4-week smoking quitters who attended the NHS smoking Service", NUMBER, True,
     "780", "1000", "1150", AHW, PCT,
     "People who used the NHS stop smoking service and had not smoked four weeks after "
     "their quit date, counted over the last 12 months."),
    ("T10-i", "T10", "Average point score per pupil at level 2", POINTS, True,
     "365", "380", "390", SDE, COUNCIL,
     "The average score of Harrow's 15-year-olds in GCSEs and equivalent qualifications. "
     "Better qualifications make young people more employable."),
    ("T11", "T11",
     "Percentage of young people age 16-18 who are NEET (not in education, employment or "
     "training) in Harrow LA area", PERCENT, False, "6.2", "5.0", "4.4", CT, COUNCIL,
     "The share of 16 to 18 year olds who are not in education, employment or training."),
    ("T12", "T12", "Proportion of journeys made to school by foot, as measured by local survey",
     PERCENT, True, "42", "50", "55", SDE, COUNCIL,
     "The share of pupils at Grimsdyke School who walk to school, from a hands-up survey in "
     "class. There is no survey in the summer holiday quarter."),
]

# Quarter index → published on (None: not yet published).
QUARTERS: list[tuple[int, datetime | None]] = [
    (8024, datetime(2006, 8, 17, 10, tzinfo=UTC)),  # 2006/07 Q1
    (8025, datetime(2006, 11, 16, 10, tzinfo=UTC)),
    (8026, datetime(2007, 2, 15, 10, tzinfo=UTC)),
    (8027, datetime(2007, 5, 17, 10, tzinfo=UTC)),
    (8028, datetime(2007, 8, 16, 10, tzinfo=UTC)),  # 2007/08 Q1
    (8029, datetime(2007, 11, 15, 10, tzinfo=UTC)),
    (8030, datetime(2008, 2, 14, 10, tzinfo=UTC)),  # 2007/08 Q3: what the public sees
    (8031, None),  # 2007/08 Q4: entered, awaiting publication
]
FIRST_QUARTER = QUARTERS[0][0]

# Invented figures, 2006/07 Q1 … 2007/08 Q4; None is a quarter with no figure.
# Intended status as of 2007/08 Q3 in the comment.
ACTUALS: list[tuple[str, tuple[str | None, ...]]] = [
    ("T1-i", ("32.7", "33.3", "34.1", "34.7", "35.3", "36.0", "36.7", "37.2")),  # target
    ("T1-ii", ("78.7", "79.4", "80.2", "80.8", "81.5", "82.2", "83.0", "83.8")),  # stretch
    ("T2-1a", ("27", "27", "25", "24", "24", "22", "21", "21")),  # stretch
    ("T2-1b", ("1435", "1419", "1406", "1390", "1375", "1363", "1342", "1327")),  # at risk
    ("T2-2a", ("93.3", "93.4", "93.5", "93.6", "93.7", "93.9", "94.0", "94.1")),  # target
    ("T2-2b", ("90.6", "90.6", "90.7", "90.7", "90.8", "90.8", "90.9", "90.9")),  # off track
    ("T3", ("47.3", "46.7", "46.0", "45.4", "44.6", "44.0", "43.3", "42.4")),  # target
    ("T4", ("29.7", "29.4", "29.1", "28.7", "28.5", "28.0", "27.8", "27.6")),  # at risk
    ("T5", ("1160", "1138", "1116", "1097", "1078", "1055", "1033", "1006")),  # stretch
    # T6: no data at all.
    ("T7-i", ("357", "361", "368", "373", "378", "390", "394", "396")),  # off track
    ("T7-ii", ("2454", "2508", "2558", "2621", "2662", "2729", "2779", "2818")),  # target
    ("T8", ("146", "142", "138", "133", "129", "126", "121", "116")),  # stretch
    ("T9-i", ("112", "229", None, "474", "551", "742", "814", "896")),  # at risk
    ("T9-ii", ("813", "848", "880", "913", "943", "976", "1015", "1050")),  # stretch
    ("T10-i", ("366.6", "368.4", "369.9", "371.6", "373.7", "375.0", "376.7", "378.4")),  # target
    ("T11", ("6.1", "6.1", "6.1", "6.0", "5.9", "5.9", "5.8", "5.8")),  # off track
    ("T12", ("42.9", None, "44.6", "45.6", "46.5", None, "48.1", "48.9")),  # target
]

# Published figures later corrected: code, quarter, figure first entered, corrected on, note.
# The figure in ACTUALS is the corrected one.
CORRECTIONS: dict[tuple[str, int], tuple[str, datetime, str]] = {
    ("T3", 8029): ("46.2", datetime(2008, 1, 10, 11, tzinfo=UTC),
                   "Corrected: the first figure came from unweighted survey returns; it is now "
                   "weighted to match Harrow's population."),
    ("T5", 8028): ("1102", datetime(2007, 10, 4, 15, tzinfo=UTC),
                   "Corrected: 24 offences recorded as non-residential burglary were found on "
                   "audit to be residential burglaries and have been moved."),
}


def _get_or_create(model: type[Any], lookup: dict[str, Any], **fields: Any) -> tuple[Any, bool]:
    """Return ``(row, created)``; ``fields`` are only applied to a new row."""
    row = db.session.scalar(db.select(model).filter_by(**lookup).limit(1))
    if row is not None:
        return row, False
    row = model(**lookup, **fields)
    db.session.add(row)
    db.session.flush()
    return row, True


def _id_by_slug(model: type[Any], slug: str) -> int | None:
    return db.session.scalar(db.select(model.id).filter_by(slug=slug).limit(1))


def reward_shares(count: int = len(OUTCOMES)) -> list[Decimal]:
    """Equal whole-pound shares of the reward grant (illustrative), summing to the maximum.

    The odd pounds go to the first targets, so no share has pence to round away.
    """
    pounds, odd = divmod(int(REWARD_GRANT_MAXIMUM), count)
    return [Decimal(pounds + (i < odd)).quantize(Decimal("0.01")) for i in range(count)]


def seed_scorecard(officer: User | None = None) -> dict[str, int]:
    """Load the demo scorecard; safe to run repeatedly. Returns how many rows were created.

    ``officer`` (optional) is recorded as having entered the figures and published the
    quarters. Run inside an application context, after :func:`portal.demo.seed_demo` so the
    management groups and partners can be linked (they are left empty if missing).
    """
    counts = {"blocks": 0, "outcomes": 0, "indicators": 0, "quarters": 0, "actuals": 0}
    officer_id = officer.id if officer is not None else None

    blocks: dict[str, Block] = {}
    for position, (slug, name) in enumerate(BLOCKS, start=1):
        blocks[slug], created = _get_or_create(Block, {"slug": slug}, name=name,
                                               position=position)
        counts["blocks"] += created

    outcomes: dict[str, Outcome] = {}
    for position, ((code, block, name), reward) in enumerate(
            zip(OUTCOMES, reward_shares(), strict=True), start=1):
        outcomes[code], created = _get_or_create(
            Outcome, {"code": code}, block_id=blocks[block].id, name=name, position=position,
            reward=reward)
        counts["outcomes"] += created

    indicators: dict[str, Indicator] = {}
    positions: dict[str, int] = {}
    for (code, outcome, name, unit, higher, baseline, target, stretch, group, lead,
         explanation) in INDICATORS:
        positions[outcome] = positions.get(outcome, 0) + 1
        indicators[code], created = _get_or_create(
            Indicator, {"code": code}, outcome_id=outcomes[outcome].id, name=name,
            explanation=explanation, unit=unit, higher_is_better=higher,
            baseline=Decimal(baseline), target=Decimal(target), stretch_target=Decimal(stretch),
            baseline_quarter=BASELINE_QUARTER, target_quarter=TARGET_QUARTER,
            management_group_id=_id_by_slug(Body, group),
            lead_partner_id=_id_by_slug(Organisation, lead), position=positions[outcome])
        counts["indicators"] += created

    entered_on: dict[int, datetime] = {}
    for index, published_at in QUARTERS:
        _, created = _get_or_create(
            Quarter, {"index": index}, published_at=published_at,
            published_by_id=officer_id if published_at is not None else None)
        counts["quarters"] += created
        # Figures go in a fortnight before the quarter is published.
        entered_on[index] = (published_at or datetime(2008, 5, 15, 10, tzinfo=UTC)) - timedelta(
            days=14)

    for code, values in ACTUALS:
        indicator = indicators[code]
        for index, value in enumerate(values, start=FIRST_QUARTER):
            if value is None:
                continue
            correction = CORRECTIONS.get((code, index))
            first_value, corrected_on, note = (correction if correction is not None
                                               else (value, None, ""))
            _, created = _get_or_create(
                Actual, {"indicator_id": indicator.id, "quarter_index": index},
                value=Decimal(first_value), note="", entered_by_id=officer_id,
                entered_at=entered_on[index], superseded_at=corrected_on)
            counts["actuals"] += created
            if created and correction is not None:
                db.session.add(Actual(indicator_id=indicator.id, quarter_index=index,
                                      value=Decimal(value), note=note, entered_by_id=officer_id,
                                      entered_at=corrected_on))
                counts["actuals"] += 1

    db.session.commit()
    return counts


# One unit of bulk content: four more published quarters of history for every
# indicator (ten units: 40 quarters), added before the earliest quarter so the
# current picture stays as the demo tells it.
SCALED_QUARTERS = 4


def seed_scaled(scale: int) -> dict[str, int]:
    earliest = db.session.scalar(db.select(db.func.min(Quarter.index)))
    if earliest is None:
        return {}
    indicators = db.session.scalars(db.select(Indicator)).all()
    published = datetime.now(UTC) - timedelta(days=365)
    quarters = range(earliest - scale * SCALED_QUARTERS, earliest)
    for index in quarters:
        db.session.add(Quarter(index=index, published_at=published, demonstration=True))
        db.session.add_all([Actual(indicator_id=i.id, quarter_index=index, value=i.baseline)
                            for i in indicators])
    db.session.commit()
    return {"bulk_quarters": len(quarters), "bulk_actuals": len(quarters) * len(indicators)}
