"""Translated names for the core's enumerations, for templates and forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.bodies.models import BodyKind, MembershipRole, Sector
from portal.identity.models import Role

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
