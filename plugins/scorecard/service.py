"""Assembling a scorecard: every indicator with its status, in a handful of queries.

Views, downloads and the exception report all read the same :class:`Scorecard`,
so the CSV and JSON always say what the pages say.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.orm import selectinload

from plugins.scorecard import rules
from plugins.scorecard.models import Actual, Block, Indicator, Outcome, Quarter
from portal.api import db, published_documents


@dataclass
class Text:
    """An indicator's name and explanation in the reader's language, where translated."""

    name: str
    explanation: str
    language: str  # the language the text is in ("en" when not translated)


@dataclass
class Row:
    indicator: Indicator
    assessment: rules.Assessment
    history: dict[int, Decimal]  # quarter index → current figure, up to the scorecard's quarter
    text: Text | None = None


@dataclass
class OutcomeRow:
    outcome: Outcome
    rows: list[Row]
    forecast: Decimal | None  # reward forecast for stretched targets


@dataclass
class BlockRow:
    block: Block
    outcomes: list[OutcomeRow]


@dataclass
class Scorecard:
    quarter: int | None  # the quarter it reports (latest published, for the public)
    blocks: list[BlockRow] = field(default_factory=list)
    forecast_total: Decimal = Decimal(0)
    maximum_total: Decimal = Decimal(0)
    demonstration: bool = False

    @property
    def rows(self) -> list[Row]:
        return [r for b in self.blocks for o in b.outcomes for r in o.rows]

    def counts(self) -> dict:
        return rules.rollup(r.assessment.status for r in self.rows)


def published_quarters() -> list[int]:
    return list(db.session.scalars(db.select(Quarter.index).where(
        Quarter.published_at.is_not(None)).order_by(Quarter.index)))


def latest_published() -> int | None:
    return db.session.scalar(db.select(db.func.max(Quarter.index)).where(
        Quarter.published_at.is_not(None)))


def build(as_of: int | None, *, group_id: int | None = None,
          only: set[rules.Status] | None = None, indicator_code: str | None = None,
          language: str = "en") -> Scorecard:
    """The scorecard as of quarter ``as_of`` (None: no published quarter yet).

    ``group_id`` keeps one management group's indicators; ``only`` keeps rows
    with those statuses (the exception report). Four queries, however large.
    """
    card = Scorecard(quarter=as_of)
    if as_of is not None:
        card.demonstration = bool(db.session.scalar(db.select(Quarter.demonstration).where(
            Quarter.index == as_of)))
    blocks = db.session.scalars(db.select(Block).order_by(Block.position).options(
        selectinload(Block.outcomes).selectinload(Outcome.indicators)
        .joinedload(Indicator.management_group),
        selectinload(Block.outcomes).selectinload(Outcome.indicators)
        .joinedload(Indicator.lead_partner))).all()
    history: dict[int, dict[int, Decimal]] = defaultdict(dict)
    if as_of is not None:
        for indicator_id, quarter, value in db.session.execute(
                db.select(Actual.indicator_id, Actual.quarter_index, Actual.value).where(
                    Actual.superseded_at.is_(None), Actual.quarter_index <= as_of)):
            history[indicator_id][quarter] = value
    rewards = []
    for block in blocks:
        block_row = BlockRow(block, [])
        for outcome in block.outcomes:
            rows = []
            all_assessments = []
            for indicator in outcome.indicators:
                assessment = rules.status(plan_of(indicator), history[indicator.id],
                                          as_of if as_of is not None else -1)
                all_assessments.append(assessment)
                if group_id is not None and indicator.management_group_id != group_id:
                    continue
                if only is not None and assessment.status not in only:
                    continue
                if indicator_code is not None and indicator.code != indicator_code:
                    continue
                rows.append(Row(indicator, assessment, history[indicator.id]))
            forecast = None
            if outcome.reward is not None:
                forecast = rules.reward_forecast(outcome.reward, all_assessments)
                if rows:
                    rewards.append((outcome.reward, all_assessments))
            if rows:
                block_row.outcomes.append(OutcomeRow(outcome, rows, forecast))
        if block_row.outcomes:
            card.blocks.append(block_row)
    card.forecast_total, card.maximum_total = rules.total_forecast(rewards)
    _translate(card.rows, language)
    return card


def _translate(rows: list[Row], language: str) -> None:
    """Names and explanations from the indicators' publishing pages (one query)."""
    documents = published_documents(r.indicator.document_slug for r in rows)
    for row in rows:
        indicator = row.indicator
        document = documents.get(indicator.document_slug)
        version = document.version(language) if document else None
        if version is not None:
            row.text = Text(version.title, version.summary or indicator.explanation, language)
        else:
            row.text = Text(indicator.name, indicator.explanation, "en")


def plan_of(indicator: Indicator) -> rules.Plan:
    return rules.Plan(baseline=indicator.baseline, target=indicator.target,
                      stretch=indicator.stretch_target,
                      higher_is_better=indicator.higher_is_better,
                      baseline_quarter=indicator.baseline_quarter,
                      target_quarter=indicator.target_quarter)
