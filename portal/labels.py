"""Translated names for the core's enumerations, for templates and forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.bodies.models import BodyKind, MembershipRole, Sector
from portal.identity.models import Role
from portal.publishing.models import DocumentKind, ReviewState

SECTORS = {
    Sector.COUNCIL: _l("Council"),
    Sector.HEALTH: _l("Health (NHS)"),
    Sector.POLICE: _l("Police"),
    Sector.BUSINESS: _l("Business"),
    Sector.VOLUNTARY: _l("Voluntary and community sector"),
    Sector.EDUCATION: _l("Further and higher education"),
}

BODY_KINDS = {
    BodyKind.BOARD: _l("Board"),
    BodyKind.EXECUTIVE: _l("Executive"),
    BodyKind.MANAGEMENT_GROUP: _l("Management group"),
    BodyKind.DELIVERY_GROUP: _l("Delivery group"),
    BodyKind.TASK_AND_FINISH: _l("Task and finish group"),
    BodyKind.REFERENCE_GROUP: _l("Reference group"),
    BodyKind.ASSEMBLY: _l("Assembly"),
}

MEMBERSHIP_ROLES = {
    MembershipRole.CHAIR: _l("Chair"),
    MembershipRole.VICE_CHAIR: _l("Vice-chair"),
    MembershipRole.MEMBER: _l("Member"),
    MembershipRole.NON_VOTING: _l("Non-voting member"),
}

ROLES = {
    Role.RESIDENT: _l("Resident"),
    Role.OFFICER: _l("Partnership officer"),
    Role.ADMINISTRATOR: _l("Administrator"),
}


def sector_label(value) -> str:
    return str(SECTORS[Sector(value)])


def body_kind_label(value) -> str:
    return str(BODY_KINDS[BodyKind(value)])


def membership_role_label(value) -> str:
    return str(MEMBERSHIP_ROLES[MembershipRole(value)])


def role_label(value) -> str:
    return str(ROLES[Role(value)])


TEMPLATE_GLOBALS = {
    "sector_label": sector_label,
    "body_kind_label": body_kind_label,
    "membership_role_label": membership_role_label,
    "role_label": role_label,
}


# --- publishing -------------------------------------------------------------------
DOCUMENT_KINDS = {
    DocumentKind.PAGE: _l("Page"),
    DocumentKind.REPORT: _l("Report"),
    DocumentKind.AGENDA: _l("Agenda"),
    DocumentKind.MINUTES: _l("Minutes"),
}

REVIEW_STATES = {
    ReviewState.SOURCE: _l("Original English text"),
    ReviewState.HUMAN_REVIEWED: _l("Translation reviewed by a person"),
    ReviewState.DRAFT_TRANSLATION: _l("Draft translation, not yet reviewed"),
}

# Schedule 12A to the Local Government Act 1972: why an item is taken in private.
SCHEDULE_12A = {
    1: _l("Paragraph 1: information relating to any individual"),
    2: _l("Paragraph 2: information likely to reveal the identity of an individual"),
    3: _l("Paragraph 3: information about the financial or business affairs of any "
          "particular person"),
    4: _l("Paragraph 4: consultations or negotiations on a labour relations matter"),
    5: _l("Paragraph 5: information covered by legal professional privilege"),
    6: _l("Paragraph 6: a proposed notice, order or direction under any enactment"),
    7: _l("Paragraph 7: the prevention, investigation or prosecution of crime"),
}


def document_kind_label(value) -> str:
    return str(DOCUMENT_KINDS[DocumentKind(value)])


def review_label(value) -> str:
    return str(REVIEW_STATES[ReviewState(value)])


def schedule_12a_label(paragraph: int) -> str:
    return str(SCHEDULE_12A[int(paragraph)])


TEMPLATE_GLOBALS.update(document_kind_label=document_kind_label, review_label=review_label,
                        schedule_12a_label=schedule_12a_label)
