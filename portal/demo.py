"""Demo content for the portal: partner organisations, the partnership's bodies and their seats.

Facts (structure, sectors, quorum, meeting frequency, group names) follow the partnership's
constitution and its 2009 and 2011 papers. The people are invented; their real-world seats are
in ``position``. :func:`seed_demo` is idempotent: it looks everything up by slug, email or
(body, person, position) and only creates what is missing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from portal.bodies.models import Body, BodyKind, Membership, MembershipRole, Sector
from portal.extensions import db
from portal.identity.models import Organisation, OrganisationMember, Role, User, utcnow

# (email, password, role description), for the README.
DEMO_ACCOUNTS: list[tuple[str, str, str]] = [
    ("admin@example.org", "harrow-demo-admin", "Administrator: manages users and content"),
    ("officer@example.org", "harrow-demo-officer", "Officer: Policy and Partnership staff"),
    ("resident@example.org", "harrow-demo-resident", "Resident (prefers Gujarati)"),
    ("havs@example.org", "harrow-demo-member",
     "Resident, HAVS contact and member of the VCS Forum (sees Part 2 papers)"),
]

# slug, name, sector, description
ORGANISATIONS: list[tuple[str, str, Sector, str]] = [
    ("harrow-council", "Harrow Council", Sector.COUNCIL,
     "The London Borough of Harrow. Accountable body for the Local Area Agreement; its "
     "committee and Policy and Partnership staff service the partnership's meetings."),
    ("harrow-pct", "Harrow Primary Care Trust (NHS)", Sector.HEALTH,
     "Harrow's local NHS trust. Its Chair has a Board seat and its Chief Executive sits on "
     "Harrow Chief Executives."),
    ("met-police-harrow", "Metropolitan Police – Harrow Borough", Sector.POLICE,
     "The borough's police command, led by the Harrow Borough Commander."),
    ("metropolitan-police-authority", "Metropolitan Police Authority", Sector.POLICE,
     "Oversees the Metropolitan Police; its Chair, or a nominee, holds a Board seat."),
    ("harrow-chamber-of-commerce", "Harrow Chamber of Commerce", Sector.BUSINESS,
     "Membership body for local firms; helps elect the four business members of the Board."),
    ("harrow-in-business", "Harrow in Business", Sector.BUSINESS,
     "Business support agency for the borough; its Chief Executive joined Harrow Chief "
     "Executives when the group was formed."),
    ("havs", "Harrow Association for Voluntary Service (HAVS)", Sector.VOLUNTARY,
     "Umbrella body for Harrow's voluntary and community groups. Runs the election of the "
     "sector's four Board representatives."),
    ("greener-harrow", "Greener Harrow", Sector.VOLUNTARY,
     "Self-governing environmental network that advises the partnership."),
    ("harrow-senior-residents", "Harrow Senior Residents People's Assembly", Sector.VOLUNTARY,
     "Forum for the borough's older residents, successor to the earlier older people's groups."),
    ("harrow-college", "Harrow College", Sector.EDUCATION,
     "Further and higher education representative: a local college governing body stands in "
     "for the education sector's seat in this demo."),
]

_AS_NEEDED = "as often as needed to deliver its priorities"
# slug, name, kind, parent slug, quorum (members, sectors) or None, meets, purpose
BODIES: list[tuple[str, str, BodyKind, str | None, tuple[int, int] | None, str, str]] = [
    ("hsp-board", "Harrow Strategic Partnership Board", BodyKind.BOARD, None, (4, 4),
     "at least three times a year",
     "Sets the partnership's strategic direction, champions the Sustainable Community Strategy "
     "and the Local Area Agreement, and tells the Executive what to deliver and by when. Holds "
     "partners to account, looks for mainstream budgets that can back shared priorities and "
     "plans how any LAA reward grant is spent."),
    ("harrow-chief-executives", "Harrow Chief Executives (HSP Executive)", BodyKind.EXECUTIVE,
     "hsp-board", (3, 3), "at least six times a year",
     "Heads of the main public services with voluntary and business sector leaders. Takes "
     "decisions for the Board where delegated, oversees LAA delivery and holds the thematic "
     "management groups to account, clearing blockages where it can."),
    ("childrens-trust", "Children's Trust", BodyKind.MANAGEMENT_GROUP,
     "harrow-chief-executives", None, _AS_NEEDED,
     "Thematic group for children and young people, including the stretch targets on infant "
     "health, school exclusions and attendance."),
    ("adults-health-wellbeing", "Adults Health and Wellbeing Group", BodyKind.MANAGEMENT_GROUP,
     "harrow-chief-executives", None, _AS_NEEDED,
     "Healthier communities and older people: independent living, fewer emergency hospital "
     "bed days and public health as a partnership priority."),
    ("safer-harrow", "Safer Harrow Management Group", BodyKind.MANAGEMENT_GROUP,
     "harrow-chief-executives", None, _AS_NEEDED,
     "Community safety, on a statutory footing: fear of crime, anti-social behaviour, "
     "burglary and domestic violence."),
    ("community-cohesion", "Community Cohesion Management Group", BodyKind.MANAGEMENT_GROUP,
     "harrow-chief-executives", None, _AS_NEEDED,
     "Voluntary and community organisations working for good relations between Harrow's "
     "communities and for more local volunteering."),
    ("sustainable-development-enterprise", "Sustainable Development and Enterprise Management "
     "Group", BodyKind.MANAGEMENT_GROUP, "harrow-chief-executives", None, _AS_NEEDED,
     "Housing, planning, economic development and the environment, with links to the Rayners "
     "Lane regeneration programme."),
    ("domestic-violence-delivery", "Domestic Violence Delivery Group", BodyKind.DELIVERY_GROUP,
     "safer-harrow", None, "as often as its project plan requires",
     "Runs a time-limited domestic violence project, one of those funded in 2009 from the "
     "£200,000 set aside for LAA indicators at risk of missing their stretch target."),
    ("recession-busting-group", "Recession Busting Group", BodyKind.TASK_AND_FINISH,
     "harrow-chief-executives", None, "as required; reports to Harrow Chief Executives",
     "Cross-organisational group set up in 2009 to find and carry out measures that ease the "
     "effect of the recession on Harrow's residents and businesses."),
    ("vcs-forum", "Voluntary and Community Sector Forum", BodyKind.REFERENCE_GROUP, "hsp-board",
     None, "as the Forum decides",
     "Self-governing forum of voluntary and community groups. Its chair can raise issues with "
     "the Executive by written report and answers the Board's requests for advice."),
    ("greener-harrow-reference", "Greener Harrow", BodyKind.REFERENCE_GROUP, "hsp-board", None,
     "as the group decides",
     "Environmental reference group offering specialist advice; sends a representative to "
     "the Assembly."),
    ("senior-residents-reference", "Harrow Senior Residents People's Assembly",
     BodyKind.REFERENCE_GROUP, "hsp-board", None, "as the group decides",
     "Brings older residents' views to the partnership; sends a representative to the "
     "Assembly."),
    ("harrow-assembly", "Harrow Assembly", BodyKind.ASSEMBLY, None, None,
     "up to twice a year",
     "Informal, café-style debate on the big questions for Harrow, proposed in the 2011 "
     "structure review. Open to all sectors and the reference groups; partners can bring an "
     "issue to the table and recommendations are worked up afterwards."),
]

C, V, M, N = (MembershipRole.CHAIR, MembershipRole.VICE_CHAIR, MembershipRole.MEMBER,
              MembershipRole.NON_VOTING)
_BOARD, _EXEC = date(2024, 5, 21), date(2024, 6, 3)
_MG, _OTHER = date(2024, 9, 2), date(2025, 1, 14)
_VCS = "Voluntary and community sector representative (elected through HAVS)"
_BIZ = "Business representative (elected with Harrow Chamber of Commerce)"
_MG_CHAIR = "Management group chair (no vote)"

# body slug, person, position, organisation slug, role, started on (sector follows the org)
MEMBERSHIPS: list[tuple[str, str, str, str, MembershipRole, date]] = [
    ("hsp-board", "Asha Patel", "Leader of Harrow Council", "harrow-council", C, _BOARD),
    ("hsp-board", "Tom Reilly", "Portfolio Holder for Partnership, Harrow Council",
     "harrow-council", M, _BOARD),
    ("hsp-board", "Miriam Cohen", "Councillor, nominated by the majority group",
     "harrow-council", M, _BOARD),
    ("hsp-board", "Kwame Boateng", "Councillor, nominated by the minority group",
     "harrow-council", M, _BOARD),
    ("hsp-board", "Helen Marsh", "Chair, Harrow Primary Care Trust", "harrow-pct", M, _BOARD),
    ("hsp-board", "Rajiv Sharma", "Metropolitan Police Authority (Chair's representative)",
     "metropolitan-police-authority", M, _BOARD),
    ("hsp-board", "Sunil Mehta", _BIZ, "harrow-chamber-of-commerce", M, _BOARD),
    ("hsp-board", "Anca Popescu", _BIZ, "harrow-chamber-of-commerce", M, _BOARD),
    ("hsp-board", "Claire Dawson", _BIZ, "harrow-in-business", M, _BOARD),
    ("hsp-board", "Farhan Qureshi", _BIZ, "harrow-in-business", M, date(2025, 2, 10)),
    ("hsp-board", "Nalini Sivakumar", _VCS, "havs", V, _BOARD),
    ("hsp-board", "Abdi Warsame", _VCS, "havs", M, _BOARD),
    ("hsp-board", "Bernadette Kelly", _VCS, "harrow-senior-residents", M, _BOARD),
    ("hsp-board", "Jakub Nowak", _VCS, "greener-harrow", M, date(2025, 2, 10)),
    ("hsp-board", "Olumide Adeyemi", "Further/higher education governing body member",
     "harrow-college", M, _BOARD),
    ("harrow-chief-executives", "Margaret Dunne", "Chief Executive, Harrow Council",
     "harrow-council", C, _EXEC),
    ("harrow-chief-executives", "Sanjay Desai", "Chief Executive, Harrow Primary Care Trust",
     "harrow-pct", V, _EXEC),
    ("harrow-chief-executives", "Laura Bennett", "Harrow Borough Commander",
     "met-police-harrow", M, _EXEC),
    ("harrow-chief-executives", "Yusuf Hassan", "Deputy Leader of the Council",
     "harrow-council", M, _EXEC),
    ("harrow-chief-executives", "Joan Fernandes",
     "Chief Executive, HAVS (voluntary and community sector representative)", "havs", M, _EXEC),
    ("harrow-chief-executives", "Claire Dawson", "Business representative",
     "harrow-in-business", M, _EXEC),
    ("harrow-chief-executives", "Olumide Adeyemi", "Further/higher education representative",
     "harrow-college", M, _EXEC),
    ("harrow-chief-executives", "Asha Patel", "Chair of the HSP Board", "harrow-council", M,
     _EXEC),
    ("harrow-chief-executives", "Fatima Rahimi", "Reference group chair (no vote)", "havs", N,
     _EXEC),
    ("harrow-chief-executives", "Paul Adebayo", _MG_CHAIR, "harrow-council", N, _EXEC),
    ("harrow-chief-executives", "Meera Joshi", _MG_CHAIR, "harrow-pct", N, _EXEC),
    ("harrow-chief-executives", "Gareth Lewis", _MG_CHAIR, "met-police-harrow", N, _EXEC),
    ("harrow-chief-executives", "Zainab Hussain", _MG_CHAIR, "havs", N, _EXEC),
    ("harrow-chief-executives", "Richard Hale", _MG_CHAIR, "harrow-chamber-of-commerce", N,
     _EXEC),
    ("childrens-trust", "Paul Adebayo", "Champion; Director of Children's Services",
     "harrow-council", C, _MG),
    ("adults-health-wellbeing", "Meera Joshi", "Champion; Director of Public Health",
     "harrow-pct", C, _MG),
    ("safer-harrow", "Gareth Lewis", "Champion; Superintendent, Harrow Borough",
     "met-police-harrow", C, _MG),
    ("community-cohesion", "Zainab Hussain", "Champion; community development lead, HAVS",
     "havs", C, _MG),
    ("sustainable-development-enterprise", "Richard Hale",
     "Champion; President, Harrow Chamber of Commerce", "harrow-chamber-of-commerce", C, _MG),
    ("domestic-violence-delivery", "Shirin Karimi",
     "Lead, nominated by Safer Harrow; domestic violence co-ordinator", "harrow-council", C,
     _OTHER),
    ("recession-busting-group", "Leo Fitzgerald", "Chair; Chief Executive, Harrow in Business",
     "harrow-in-business", C, date(2024, 10, 7)),
    ("vcs-forum", "Fatima Rahimi", "Chair of the Forum", "havs", C, _OTHER),
    ("greener-harrow-reference", "Jakub Nowak", "Chair", "greener-harrow", C, _OTHER),
    ("senior-residents-reference", "Bernadette Kelly", "Chair", "harrow-senior-residents", C,
     _OTHER),
]

# email, password, name, role, preferred language, organisation (contact) slug
_USERS: list[tuple[str, str, str, Role, str, str | None]] = [
    ("officer@example.org", "harrow-demo-officer", "Daniel Okafor", Role.OFFICER, "en", None),
    ("resident@example.org", "harrow-demo-resident", "Priya Shah", Role.RESIDENT, "gu", None),
    ("havs@example.org", "harrow-demo-member", "Grace Mensah", Role.RESIDENT, "en", "havs"),
]
# The HAVS user's seat on the VCS Forum, so a Part 2 demo has a member to sign in as.
_HAVS_SEAT = ("vcs-forum", "Voluntary sector member (HAVS)", date(2025, 3, 3))


def _get_or_create(model: type[Any], lookup: dict[str, Any], **fields: Any) -> tuple[Any, bool]:
    """Return ``(row, created)``; ``fields`` are only applied to a new row."""
    row = db.session.scalar(db.select(model).filter_by(**lookup).limit(1))
    if row is not None:
        return row, False
    row = model(**lookup, **fields)
    db.session.add(row)
    db.session.flush()
    return row, True


def _user(email: str, password: str, name: str, role: Role, language: str) -> tuple[User, bool]:
    user = db.session.scalar(db.select(User).filter_by(email=email).limit(1))
    if user is not None:
        return user, False
    user = User(email=email, name=name, role=role, preferred_language=language,
                email_verified_at=utcnow())
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user, True


def seed_demo(admin_email: str = "admin@example.org",
              admin_password: str = "harrow-demo-admin") -> dict[str, int]:
    """Load the demo content; safe to run repeatedly. Returns how many rows were created."""
    counts = {"organisations": 0, "bodies": 0, "memberships": 0, "users": 0,
              "organisation_members": 0}

    orgs: dict[str, Organisation] = {}
    for slug, name, sector, description in ORGANISATIONS:
        orgs[slug], created = _get_or_create(Organisation, {"slug": slug}, name=name,
                                             sector=sector, description=description)
        counts["organisations"] += created

    bodies: dict[str, Body] = {}
    for slug, name, kind, parent, quorum, meets, purpose in BODIES:
        members, sectors = quorum or (None, None)
        bodies[slug], created = _get_or_create(
            Body, {"slug": slug}, name=name, kind=kind,
            parent_id=bodies[parent].id if parent else None, purpose=purpose,
            quorum_members=members, quorum_sectors=sectors, meets=meets,
        )
        counts["bodies"] += created

    users: list[tuple[User, str | None]] = []
    specs = [(admin_email, admin_password, "Demo Administrator", Role.ADMINISTRATOR, "en", None),
             *_USERS]
    for email, password, name, role, language, org_slug in specs:
        user, created = _user(email, password, name, role, language)
        counts["users"] += created
        users.append((user, org_slug))

    havs_user: User | None = None
    for user, org_slug in users:
        if org_slug is None:
            continue
        havs_user = user
        _, created = _get_or_create(
            OrganisationMember, {"user_id": user.id, "organisation_id": orgs[org_slug].id},
            is_contact=True,
        )
        counts["organisation_members"] += created

    seats = [(body, person, position, orgs[org], role, start, None)
             for body, person, position, org, role, start in MEMBERSHIPS]
    if havs_user is not None:
        body, position, start = _HAVS_SEAT
        seats.append((body, havs_user.name, position, orgs["havs"], M, start, havs_user.id))
    for body_slug, person, position, org, role, start, user_id in seats:
        _, created = _get_or_create(
            Membership,
            {"body_id": bodies[body_slug].id, "person_name": person, "position": position},
            organisation_id=org.id, sector=org.sector, role=role, started_on=start,
            ended_on=None, user_id=user_id,
        )
        counts["memberships"] += created

    # Documents are written by the officer and published by the administrator,
    # as the two-person rule requires.
    from portal.publishing.demo import seed_publications

    author = next(u for u, _org in users if u.role == Role.OFFICER)
    publisher = next(u for u, _org in users if u.role == Role.ADMINISTRATOR)
    db.session.flush()
    counts["publications"] = seed_publications(author, publisher)

    db.session.commit()
    return counts


# One unit of bulk content (``portal seed-demo --scale N``): 20 publications,
# each in every shipped language; ten units are the benchmark's 200.
SCALED_PUBLICATIONS = 20


def seed_scaled(scale: int) -> dict[str, int]:
    """Bulk publications for a benchmark, published through the two-officer workflow."""
    from portal.i18n import shipped_codes
    from portal.publishing import service
    from portal.publishing.models import Document

    officers = db.session.scalars(db.select(User).where(
        User.role.in_([Role.OFFICER, Role.ADMINISTRATOR])).order_by(User.id)).all()
    author, publisher = officers[0], officers[-1]
    board = db.session.scalar(db.select(Body).where(Body.slug == "hsp-board"))
    start = db.session.scalar(db.select(db.func.count(Document.id)).where(
        Document.slug.like("bulk-report-%")))
    languages = shipped_codes()
    for n in range(start, start + scale * SCALED_PUBLICATIONS):
        text = "## Progress\n\nThe group met and reviewed its indicators. " * 20
        versions = {code: {"title": f"Partnership report {n + 1} ({code})",
                           "summary": "A report made for measuring the portal under load.",
                           "body": text,
                           "review": "source" if code == "en" else "draft_translation"}
                    for code in languages}
        document = service.new_document(author, {
            "slug": f"bulk-report-{n + 1}", "kind": "report",
            "body_id": board.id if board else None,
            "document_date": date(2009, 1, 1).replace(day=1 + n % 28).isoformat(),
            "part2_paragraph": None, "easy_read_of_id": None, "agenda_items": [],
            "versions": versions})
        db.session.flush()
        service.publish(document, publisher)
    db.session.commit()
    return {"bulk_publications": scale * SCALED_PUBLICATIONS}
