"""The partnership at work: group terms, proposals for new groups, referrals, projects, funding.

Bodies and their members are the core's (``portal.api.Body``, ``Membership``);
this plugin adds what the constitution asks of each group (terms of reference,
10.2), the 2011 rules for proposing a group, the referrals of 5.3.5, the
project plans and progress reports of 10.3 and the funding rounds of 2009.
Money is held in pence, as integers.
"""

from __future__ import annotations

import enum

from portal.api import db, enum_column, utcnow


class GroupTerms(db.Model):
    """A body's terms of reference, how long it lasts and when its chairs are elected."""

    __tablename__ = "partnership_group_terms"

    id = db.Column(db.Integer, primary_key=True)
    body_id = db.Column(db.ForeignKey("body.id", ondelete="CASCADE"), nullable=False,
                        unique=True)
    terms_of_reference = db.Column(db.Text, nullable=False, default="")
    duration = db.Column(db.String(200), nullable=False, default="")  # task-and-finish groups
    # Chair and vice-chair are elected each year (constitution 8); the latest election.
    chairs_elected_on = db.Column(db.Date)

    body = db.relationship("Body")


class ProposalStatus(enum.StrEnum):
    PROPOSED = "proposed"
    ENDORSED = "endorsed"
    DECLINED = "declined"


class GroupProposal(db.Model):
    """A proposal for a new group, for Harrow Chief Executives to endorse (2011 review)."""

    __tablename__ = "partnership_group_proposal"

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(200), nullable=False)
    kind = db.Column(db.String(30), nullable=False)  # a BodyKind value
    parent_id = db.Column(db.ForeignKey("body.id", ondelete="SET NULL"))
    purpose = db.Column(db.Text, nullable=False)
    duration = db.Column(db.String(200), nullable=False)
    representation = db.Column(db.Text, nullable=False)  # organisations and at what level
    value_added = db.Column(db.Text, nullable=False)
    proposed_by_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"))
    proposed_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)
    status = enum_column(ProposalStatus, 20, nullable=False, default=ProposalStatus.PROPOSED)
    decided_at = db.Column(db.DateTime(timezone=True))
    decided_by_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"))
    reason = db.Column(db.Text, nullable=False, default="")
    body_id = db.Column(db.ForeignKey("body.id", ondelete="SET NULL"))  # the group it became

    parent = db.relationship("Body", foreign_keys=[parent_id])
    body = db.relationship("Body", foreign_keys=[body_id])
    proposed_by = db.relationship("User", foreign_keys=[proposed_by_id])


class Direction(enum.StrEnum):
    TO_EXECUTIVE = "to_executive"  # a reference group raises an issue with the Executive/Board
    FROM_EXECUTIVE = "from_executive"  # the Board or Executive asks a reference group for input


class Referral(db.Model):
    """An issue passed between a reference group and the Executive or Board (5.3.5)."""

    __tablename__ = "partnership_referral"

    id = db.Column(db.Integer, primary_key=True)
    direction = enum_column(Direction, 20, nullable=False)
    reference_group_id = db.Column(db.ForeignKey("body.id", ondelete="CASCADE"), nullable=False,
                                   index=True)
    body_id = db.Column(db.ForeignKey("body.id", ondelete="CASCADE"), nullable=False)
    title = db.Column(db.String(200), nullable=False)
    report = db.Column(db.Text, nullable=False)  # the written report, or the minuted request
    raised_by_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"))
    raised_on = db.Column(db.Date, nullable=False)
    # The meeting that considers it: the Executive's or Board's, or the reference group's.
    meeting_on = db.Column(db.Date)
    outcome = db.Column(db.Text, nullable=False, default="")
    outcome_on = db.Column(db.Date)
    # When the outcome went back to the group's chair, or the response to the Board/Executive.
    returned_at = db.Column(db.DateTime(timezone=True))

    reference_group = db.relationship("Body", foreign_keys=[reference_group_id])
    body = db.relationship("Body", foreign_keys=[body_id])


class Rag(enum.StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class Project(db.Model):
    """A delivery group's project and its plan (constitution 10.3)."""

    __tablename__ = "partnership_project"

    id = db.Column(db.Integer, primary_key=True)
    body_id = db.Column(db.ForeignKey("body.id", ondelete="CASCADE"), nullable=False, index=True)
    title = db.Column(db.String(200), nullable=False)
    aim = db.Column(db.Text, nullable=False)
    objectives = db.Column(db.Text, nullable=False, default="")
    resources = db.Column(db.Text, nullable=False, default="")
    starts_on = db.Column(db.Date)
    ends_on = db.Column(db.Date)
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)

    body = db.relationship("Body")
    tasks = db.relationship("ProjectTask", back_populates="project", order_by="ProjectTask.id",
                            cascade="all, delete-orphan")
    measures = db.relationship("ProjectMeasure", back_populates="project",
                               order_by="ProjectMeasure.id", cascade="all, delete-orphan")
    reports = db.relationship("ProgressReport", back_populates="project",
                              order_by="ProgressReport.period_end.desc()",
                              cascade="all, delete-orphan")


class ProjectTask(db.Model):
    __tablename__ = "partnership_project_task"

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.ForeignKey("partnership_project.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    description = db.Column(db.Text, nullable=False)
    lead_id = db.Column(db.ForeignKey("organisation.id", ondelete="SET NULL"))
    partners = db.Column(db.String(500), nullable=False, default="")
    due_on = db.Column(db.Date)

    project = db.relationship("Project", back_populates="tasks")
    lead = db.relationship("Organisation", lazy="joined")


class MeasureKind(enum.StrEnum):
    OUTPUT = "output"
    OUTCOME = "outcome"


class ProjectMeasure(db.Model):
    """An output or outcome of a project, optionally linked to a performance indicator."""

    __tablename__ = "partnership_project_measure"

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.ForeignKey("partnership_project.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    kind = enum_column(MeasureKind, 10, nullable=False)
    description = db.Column(db.Text, nullable=False)
    indicator_code = db.Column(db.String(20), nullable=False, default="")

    project = db.relationship("Project", back_populates="measures")


class ProgressReport(db.Model):
    """A quarterly progress report: progress, barriers to success, remedial action."""

    __tablename__ = "partnership_progress_report"

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.ForeignKey("partnership_project.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    period_end = db.Column(db.Date, nullable=False)  # the end of the quarter reported
    status = enum_column(Rag, 10, nullable=False)
    progress = db.Column(db.Text, nullable=False)
    barriers = db.Column(db.Text, nullable=False, default="")
    remedial_action = db.Column(db.Text, nullable=False, default="")
    submitted_by_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"))
    submitted_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)

    project = db.relationship("Project", back_populates="reports")


class FundingRound(db.Model):
    """Money set aside for projects on priority indicators, e.g. £200,000 in 2009."""

    __tablename__ = "partnership_funding_round"

    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    pot_pence = db.Column(db.BigInteger, nullable=False)
    indicator_codes = db.Column(db.String(500), nullable=False, default="")  # comma-separated
    # What the round says about its criteria; the criteria scored are FundingCriterion rows.
    criteria = db.Column(db.Text, nullable=False)
    deadline = db.Column(db.Date, nullable=False)
    opened_by_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"))
    opened_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)
    published_at = db.Column(db.DateTime(timezone=True))  # awards made public

    bids = db.relationship("FundingBid", back_populates="round", order_by="FundingBid.id")
    criteria_list = db.relationship("FundingCriterion", back_populates="round",
                                    order_by="FundingCriterion.position",
                                    cascade="all, delete-orphan")

    @property
    def codes(self) -> list[str]:
        return [c for c in self.indicator_codes.split(",") if c]


class FundingBid(db.Model):
    """A partnership group's proposal to a funding round, its panel score and any award."""

    __tablename__ = "partnership_funding_bid"

    id = db.Column(db.Integer, primary_key=True)
    round_id = db.Column(db.ForeignKey("partnership_funding_round.id", ondelete="CASCADE"),
                         nullable=False, index=True)
    body_id = db.Column(db.ForeignKey("body.id", ondelete="CASCADE"), nullable=False)
    title = db.Column(db.String(200), nullable=False)
    summary = db.Column(db.Text, nullable=False)
    indicator_codes = db.Column(db.String(500), nullable=False, default="")
    cost_pence = db.Column(db.BigInteger, nullable=False)
    milestones = db.Column(db.Text, nullable=False, default="")
    submitted_by_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"))
    submitted_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)
    # A single panel score, 0–100, from before rounds published criteria to score one by one.
    score = db.Column(db.Integer)
    score_notes = db.Column(db.Text, nullable=False, default="")
    award_pence = db.Column(db.BigInteger)
    awarded_at = db.Column(db.DateTime(timezone=True))
    project_id = db.Column(db.ForeignKey("partnership_project.id", ondelete="SET NULL"))

    round = db.relationship("FundingRound", back_populates="bids")
    body = db.relationship("Body", lazy="joined")
    project = db.relationship("Project")

    @property
    def codes(self) -> list[str]:
        return [c for c in self.indicator_codes.split(",") if c]


SCORE_MAX = 5  # each criterion is scored 0 (not met) to 5 (fully met)


class FundingCriterion(db.Model):
    """One of a round's published criteria, which the panel scores each bid against."""

    __tablename__ = "partnership_funding_criterion"

    id = db.Column(db.Integer, primary_key=True)
    round_id = db.Column(db.ForeignKey("partnership_funding_round.id", ondelete="CASCADE"),
                         nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False, default=0)
    text = db.Column(db.String(500), nullable=False)

    round = db.relationship("FundingRound", back_populates="criteria_list")


class CriterionScore(db.Model):
    """An officer's score for a bid on one criterion; scoring again replaces it."""

    __tablename__ = "partnership_criterion_score"
    __table_args__ = (db.UniqueConstraint("bid_id", "criterion_id", "officer_id"),)

    id = db.Column(db.Integer, primary_key=True)
    bid_id = db.Column(db.ForeignKey("partnership_funding_bid.id", ondelete="CASCADE"),
                       nullable=False, index=True)
    criterion_id = db.Column(db.ForeignKey("partnership_funding_criterion.id",
                                           ondelete="CASCADE"), nullable=False)
    # Kept (without its officer) if the account is deleted, so past rankings stand.
    officer_id = db.Column(db.ForeignKey("user_account.id", ondelete="SET NULL"))
    score = db.Column(db.Integer, nullable=False)
    scored_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)


MODELS = [GroupTerms, GroupProposal, Referral, Project, ProjectTask, ProjectMeasure,
          ProgressReport, FundingRound, FundingBid, FundingCriterion, CriterionScore]
