"""Demonstration content: terms of reference, new groups named in the 2011 review, a referral
from the Voluntary and Community Sector Forum, two projects and the 2009 funding round.

Structure, names and the £200,000 round follow the partnership's papers; the individual award
amounts, dates and report texts are invented for the demonstration and labelled as such.
The core's demo bodies are reused; only groups it lacks are added. Safe to run twice.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from plugins.partnership.models import (
    CriterionScore,
    Direction,
    FundingBid,
    FundingCriterion,
    FundingRound,
    GroupProposal,
    GroupTerms,
    MeasureKind,
    ProgressReport,
    Project,
    ProjectMeasure,
    ProjectTask,
    Rag,
    Referral,
)
from portal.api import (
    Body,
    BodyKind,
    Membership,
    MembershipRole,
    Organisation,
    Role,
    User,
    create_body,
    db,
)

# slug, name, kind, parent, meets, purpose: groups the 2011 review names that the core lacks
GROUPS = [
    ("better-together", "Better Together Group", BodyKind.TASK_AND_FINISH,
     "harrow-chief-executives",
     "every two months while the work lasts",
     "Good relations between Harrow's communities, taking on the relationship with the "
     "voluntary and community sector."),
    ("reablement-group", "Reablement Group", BodyKind.TASK_AND_FINISH, "adults-health-wellbeing",
     "monthly", "Helps older and disabled residents regain everyday skills after illness, so "
     "they can live independently and spend fewer days in hospital."),
]

# body slug: (terms of reference, duration, chairs elected on)
TERMS = {
    "hsp-board": ("Agrees the partnership's vision and priorities, owns the Sustainable "
                  "Community Strategy and the Local Area Agreement, and directs the Executive. "
                  "Four members from four of the six sectors make a quorum.", "",
                  date(2024, 5, 21)),
    "harrow-chief-executives": (
        "Leads delivery for the Board, holds the management groups to account and clears "
        "blockages. Endorses the terms of reference and size of every management, sub- and "
        "task-and-finish group. Considers reports referred by reference group chairs.", "",
        date(2024, 6, 3)),
    "safer-harrow": ("Statutory community safety partnership for the borough. Sets up and "
                     "performance-manages delivery groups on crime and domestic violence.", "",
                     date(2024, 9, 2)),
    "adults-health-wellbeing": ("Leads on independent living, fewer emergency bed days and "
                                "public health; oversees its sub-groups' project plans.", "",
                                date(2024, 9, 2)),
    "domestic-violence-delivery": ("Carries out the domestic violence project plan allocated by "
                                   "Safer Harrow and reports progress and barriers to it each "
                                   "quarter.", "Until March 2011, then reviewed",
                                   date(2025, 1, 14)),
    "recession-busting-group": ("Finds and carries out measures that ease the recession's "
                                "effect on residents and businesses.",
                                "Until the worklessness priority has been scoped",
                                date(2024, 10, 7)),
    "reablement-group": ("Plans and delivers reablement services with health and voluntary "
                         "partners.", "For the 2011/12 priorities", date(2025, 1, 14)),
    "better-together": ("Brings together partners working on community relations.",
                        "For the 2011/12 priorities", date(2025, 1, 14)),
    "vcs-forum": ("Self-governing forum of voluntary and community groups. Its chair raises "
                  "issues with the Executive by written report and answers the Board's "
                  "requests for advice; meets the Portfolio Holder quarterly.", "",
                  date(2025, 1, 14)),
}

CHAIRS = [("better-together", "Zainab Hussain", "Chair; community development lead, HAVS", "havs"),
          ("reablement-group", "Meera Joshi", "Chair; Director of Public Health", "harrow-pct")]

# Invented amounts (demonstration), within the real £200,000 pot: title, group, pounds, codes
AWARDS = [
    ("Independent living and fewer emergency bed days", "reablement-group", 45_000, ""),
    ("Cutting CO2 emissions from homes and offices", "sustainable-development-enterprise",
     35_000, ""),
    ("Biodiversity in Harrow's parks", "greener-harrow-reference", 20_000, ""),
    ("More residents taking part in sport", "community-cohesion", 30_000, ""),
    ("A voluntary and community sector that can flourish", "vcs-forum", 35_000, "T7-i"),
    ("Tackling domestic violence", "domestic-violence-delivery", 30_000, ""),
]


def _body(slug: str) -> Body | None:
    return db.session.scalar(db.select(Body).where(Body.slug == slug))


def _org(slug: str) -> Organisation | None:
    return db.session.scalar(db.select(Organisation).where(Organisation.slug == slug))


def _groups() -> int:
    created = 0
    for slug, name, kind, parent, meets, purpose in GROUPS:
        if _body(slug) is None and _body(parent) is not None:
            body = create_body(name, kind, parent=_body(parent), purpose=purpose, meets=meets)
            body.slug = slug
            created += 1
    db.session.flush()
    for slug, person, position, org in CHAIRS:
        body, organisation = _body(slug), _org(org)
        if body is None or organisation is None or body.memberships:
            continue
        db.session.add(Membership(body_id=body.id, person_name=person, position=position,
                                  organisation_id=organisation.id, sector=organisation.sector,
                                  role=MembershipRole.CHAIR, started_on=date(2025, 1, 14)))
    for slug, (terms, duration, elected) in TERMS.items():
        body = _body(slug)
        if body is None or db.session.scalar(
                db.select(GroupTerms.id).where(GroupTerms.body_id == body.id)):
            continue
        db.session.add(GroupTerms(body_id=body.id, terms_of_reference=terms, duration=duration,
                                  chairs_elected_on=elected))
    return created


def _people() -> tuple[User | None, User | None]:
    officer = db.session.scalar(db.select(User).where(User.role == Role.OFFICER).limit(1))
    havs = db.session.scalar(db.select(User).where(User.email == "havs@example.org"))
    return officer, havs


def _proposal(member: User | None) -> int:
    name = "Implications of welfare changes"
    if db.session.scalar(db.select(GroupProposal.id).where(GroupProposal.name == name)):
        return 0
    parent = _body("harrow-chief-executives")
    db.session.add(GroupProposal(
        name=name, kind=BodyKind.TASK_AND_FINISH.value, parent_id=parent.id if parent else None,
        purpose="Work out what the welfare changes mean for Harrow's residents and services, "
                "and agree a joint response.",
        duration="Six months, reporting to Harrow Chief Executives",
        representation="Council benefits and housing (head of service), Job Centre Plus "
                       "(district manager), HAVS and advice agencies (chief officers).",
        value_added="One picture of the changes' effect instead of each partner's own, and a "
                    "shared plan for advice services.",
        proposed_by_id=member.id if member else None))
    return 1


def _referrals(officer: User | None, havs: User | None) -> int:
    forum, executive, board = _body("vcs-forum"), _body("harrow-chief-executives"), _body(
        "hsp-board")
    greener = _body("greener-harrow-reference")
    if None in (forum, executive, board, greener) or db.session.scalar(
            db.select(Referral.id).limit(1)):
        return 0
    db.session.add(Referral(
        direction=Direction.TO_EXECUTIVE, reference_group_id=forum.id, body_id=executive.id,
        title="Grants process and the Compact",
        report="The Forum asks the Executive to review how partners run grant rounds, after "
               "voluntary groups complained under the Compact that decisions came late and "
               "without reasons. (Demonstration text.)",
        raised_by_id=havs.id if havs else None, raised_on=date(2009, 7, 6),
        meeting_on=date(2009, 9, 15),
        outcome="Harrow Chief Executives agreed that the grants process would change: clearer "
                "criteria, decisions with reasons, and a named contact for each round. "
                "(Demonstration text.)",
        outcome_on=date(2009, 9, 15), returned_at=datetime(2009, 9, 18, 10, 0, tzinfo=UTC)))
    db.session.add(Referral(
        direction=Direction.FROM_EXECUTIVE, reference_group_id=greener.id, body_id=board.id,
        title="Advice on the borough's carbon reduction plan",
        report="The Board minuted a request for Greener Harrow's advice on which carbon "
               "reduction measures partners should take first. (Demonstration text.)",
        raised_by_id=officer.id if officer else None, raised_on=date(2025, 2, 10)))
    return 2


def _projects(officer: User | None) -> dict[str, Project]:
    found = {p.title: p for p in db.session.scalars(db.select(Project))}
    specs = [
        ("Tackling domestic violence", "domestic-violence-delivery",
         "Reduce repeat victims of domestic violence in Harrow.",
         "Train frontline staff to spot abuse; extend the independent advocacy service; "
         "raise awareness in every community.",
         "£30,000 from the 2009 funding round (demonstration figure); staff time from the "
         "Council, police and PCT.", date(2009, 11, 1), date(2011, 3, 31),
         [("Train 200 frontline staff to recognise and refer abuse", "harrow-council",
           "Metropolitan Police – Harrow Borough; Harrow Primary Care Trust", date(2010, 6, 30)),
          ("Extend independent domestic violence advocacy to evenings", "havs",
           "Harrow Council", date(2010, 9, 30))],
         [(MeasureKind.OUTPUT, "Frontline staff trained", ""),
          (MeasureKind.OUTCOME, "Fewer repeat victims referred to the risk conference", "")],
         [(date(2009, 12, 31), Rag.GREEN, "Training programme agreed; first two sessions held.",
           "", ""),
          (date(2010, 3, 31), Rag.AMBER, "80 staff trained so far.",
           "Police shift patterns made sessions hard to attend.",
           "Extra evening sessions added with the Borough Commander's support.")]),
        ("Independent living and fewer emergency bed days", "reablement-group",
         "Help more older residents live independently after a stay in hospital.",
         "A six-week reablement service for people leaving hospital; a single point of "
         "referral for GPs and hospital staff.",
         "£45,000 from the 2009 funding round (demonstration figure); PCT therapists.",
         date(2009, 11, 1), date(2011, 3, 31),
         [("Set up a single referral point for hospital discharges", "harrow-pct",
           "Harrow Council adult services", date(2010, 3, 31))],
         [(MeasureKind.OUTPUT, "People completing six weeks of reablement", ""),
          (MeasureKind.OUTCOME, "Fewer emergency bed days for people over 75", "")],
         [(date(2010, 3, 31), Rag.GREEN, "Referral point open; 46 people supported.",
           "", "")]),
    ]
    for (title, group, aim, objectives, resources, start, end, tasks, measures,
         reports) in specs:
        body = _body(group)
        if title in found or body is None:
            continue
        project = Project(body_id=body.id, title=title, aim=aim, objectives=objectives,
                          resources=resources, starts_on=start, ends_on=end)
        db.session.add(project)
        for description, lead, partners, due in tasks:
            organisation = _org(lead)
            project.tasks.append(ProjectTask(description=description, partners=partners,
                                             lead_id=organisation.id if organisation else None,
                                             due_on=due))
        for kind, description, code in measures:
            project.measures.append(ProjectMeasure(kind=kind, description=description,
                                                   indicator_code=code))
        for period, status, progress, barriers, remedial in reports:
            project.reports.append(ProgressReport(
                period_end=period, status=status, progress=progress, barriers=barriers,
                remedial_action=remedial, submitted_by_id=officer.id if officer else None))
        found[title] = project
    db.session.flush()
    return found


ROUND_2009 = "2009 funding for LAA indicators at risk"
CRITERIA_2009 = ["How directly it moves the priority indicators",
                 "Partners working together on it", "Value for money",
                 "Results that can be measured"]
# Invented panel scores (demonstration), 0 to 5 on each criterion, in AWARDS' order.
SCORES_2009 = [(5, 4, 4, 3), (4, 3, 4, 5), (3, 4, 3, 3), (3, 3, 4, 3), (4, 5, 4, 3),
               (5, 5, 3, 4)]


def _criteria(officer: User | None) -> int:
    """The 2009 round's criteria as rows, and the demo officer's scores on each bid."""
    funding_round = db.session.scalar(db.select(FundingRound).where(
        FundingRound.title == ROUND_2009))
    if funding_round is None or funding_round.criteria_list:
        return 0
    criteria = [FundingCriterion(position=n, text=text) for n, text in enumerate(CRITERIA_2009)]
    funding_round.criteria_list.extend(criteria)
    db.session.flush()
    by_title = {b.title: b for b in funding_round.bids}
    for (title, *_rest), scores in zip(AWARDS, SCORES_2009, strict=True):
        bid = by_title.get(title)
        if bid is None or officer is None:
            continue
        for criterion, score in zip(criteria, scores, strict=True):
            db.session.add(CriterionScore(bid_id=bid.id, criterion_id=criterion.id,
                                          officer_id=officer.id, score=score))
    return len(criteria)


def _funding(officer: User | None, projects: dict[str, Project]) -> int:
    title = ROUND_2009
    if db.session.scalar(db.select(FundingRound.id).where(FundingRound.title == title)):
        return 0
    funding_round = FundingRound(
        title=title, pot_pence=200_000 * 100, indicator_codes="T7-i",
        criteria="Each management group chair chose one or two priority indicators in danger "
                 "of missing their stretch target. The panel of partnership officers scored "
                 "each proposal against the four criteria above.\n\nThe amounts awarded and "
                 "the scores are invented for this demonstration; the pot and the themes are "
                 "real.",
        deadline=date(2009, 9, 30), opened_by_id=officer.id if officer else None,
        opened_at=datetime(2009, 7, 1, 9, 0, tzinfo=UTC),
        published_at=datetime(2009, 10, 20, 9, 0, tzinfo=UTC))
    db.session.add(funding_round)
    for bid_title, group, pounds, codes in AWARDS:
        body = _body(group)
        if body is None:
            continue
        project = projects.get(bid_title)
        funding_round.bids.append(FundingBid(
            body_id=body.id, title=bid_title, summary=f"{bid_title}: a project for 2009 to 2011.",
            indicator_codes=codes, cost_pence=pounds * 100, milestones="Quarterly reports to "
            "the group's management group.", award_pence=pounds * 100,
            awarded_at=datetime(2009, 10, 13, 9, 0, tzinfo=UTC),
            project_id=project.id if project else None))
    return 1


def seed_partnership() -> dict[str, int]:
    officer, havs = _people()
    counts = {"groups": _groups()}
    counts["proposals"] = _proposal(havs)
    counts["referrals"] = _referrals(officer, havs)
    before = db.session.scalar(db.select(db.func.count(Project.id)))
    projects = _projects(officer)
    counts["projects"] = len(projects) - before
    counts["funding_rounds"] = _funding(officer, projects)
    db.session.flush()
    counts["funding_criteria"] = _criteria(officer)
    db.session.commit()
    return counts
