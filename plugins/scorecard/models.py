"""The balanced scorecard: blocks, outcomes (targets), indicators, quarters, actuals.

Constitution section 10: performance is managed through a balanced scorecard
focused on the Local Area Agreement indicators; management-group scorecards
roll up into the partnership's, reported to the Board every quarter.
"""

from __future__ import annotations

from portal.api import db, utcnow


class Block(db.Model):
    """An LAA block, e.g. Children and Young People, or Cross-cutting."""

    __tablename__ = "scorecard_block"

    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(80), nullable=False, unique=True)
    name = db.Column(db.String(200), nullable=False)
    position = db.Column(db.Integer, nullable=False, default=0)

    outcomes = db.relationship("Outcome", back_populates="block", order_by="Outcome.position")


class Outcome(db.Model):
    """An outcome the partnership works towards; for a stretched target, the reward at stake."""

    __tablename__ = "scorecard_outcome"

    id = db.Column(db.Integer, primary_key=True)
    block_id = db.Column(db.ForeignKey("scorecard_block.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    code = db.Column(db.String(20), nullable=False, unique=True)  # e.g. "T1" (reward element 1)
    name = db.Column(db.String(300), nullable=False)
    position = db.Column(db.Integer, nullable=False, default=0)
    # Share of the Performance Reward Grant (pounds) if every indicator reaches stretch.
    reward = db.Column(db.Numeric(12, 2))

    block = db.relationship("Block", back_populates="outcomes")
    indicators = db.relationship("Indicator", back_populates="outcome",
                                 order_by="Indicator.position")

    @property
    def stretched(self) -> bool:
        return self.reward is not None


class Indicator(db.Model):
    """What is measured, with its baseline, target and stretch target.

    Trajectories run in a straight line from the baseline (in the baseline
    quarter) to the target and stretch target (in the target quarter).
    """

    __tablename__ = "scorecard_indicator"

    id = db.Column(db.Integer, primary_key=True)
    outcome_id = db.Column(db.ForeignKey("scorecard_outcome.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    code = db.Column(db.String(20), nullable=False, unique=True)  # e.g. "T1-i"
    name = db.Column(db.String(300), nullable=False)
    explanation = db.Column(db.Text, nullable=False, default="")
    unit = db.Column(db.String(40), nullable=False)  # "%", "number", "rate per 1,000"
    higher_is_better = db.Column(db.Boolean, nullable=False, default=True)
    baseline = db.Column(db.Numeric(14, 4), nullable=False)
    target = db.Column(db.Numeric(14, 4), nullable=False)
    stretch_target = db.Column(db.Numeric(14, 4), nullable=False)
    # Quarters as an index: financial year start × 4 + (quarter − 1), e.g. 2006 Q1 = 8024.
    baseline_quarter = db.Column(db.Integer, nullable=False)
    target_quarter = db.Column(db.Integer, nullable=False)
    management_group_id = db.Column(db.ForeignKey("body.id", ondelete="SET NULL"), index=True)
    lead_partner_id = db.Column(db.ForeignKey("organisation.id", ondelete="SET NULL"))
    position = db.Column(db.Integer, nullable=False, default=0)
    # A publishing page whose versions give the name (title) and explanation
    # (summary) in other languages; empty: English only.
    document_slug = db.Column(db.String(160), nullable=False, default="", server_default="")

    outcome = db.relationship("Outcome", back_populates="indicators")
    management_group = db.relationship("Body")
    lead_partner = db.relationship("Organisation")


class Quarter(db.Model):
    """A financial-year quarter (Q1 = April–June) and whether it is published."""

    __tablename__ = "scorecard_quarter"

    id = db.Column(db.Integer, primary_key=True)
    index = db.Column(db.Integer, nullable=False, unique=True)  # year × 4 + quarter − 1
    published_at = db.Column(db.DateTime(timezone=True))
    published_by_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"))
    # Invented figures loaded by seed-demo, labelled as such wherever shown.
    demonstration = db.Column(db.Boolean, nullable=False, default=False)

    @property
    def year(self) -> int:
        return self.index // 4

    @property
    def number(self) -> int:
        return self.index % 4 + 1


class Actual(db.Model):
    """A quarter's figure for an indicator. A correction supersedes, never overwrites."""

    __tablename__ = "scorecard_actual"

    id = db.Column(db.Integer, primary_key=True)
    indicator_id = db.Column(db.ForeignKey("scorecard_indicator.id", ondelete="CASCADE"),
                             nullable=False)
    quarter_index = db.Column(db.Integer, nullable=False)
    value = db.Column(db.Numeric(14, 4), nullable=False)
    note = db.Column(db.Text, nullable=False, default="")
    entered_by_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"))
    entered_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)
    # Set when a correction replaces this figure; the current figure has none.
    superseded_at = db.Column(db.DateTime(timezone=True))

    indicator = db.relationship("Indicator")

    __table_args__ = (db.Index("ix_scorecard_actual_current", "indicator_id", "quarter_index"),)
