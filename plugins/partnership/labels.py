"""Translated names for the plugin's states, shared by views, templates and emails."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from plugins.partnership.models import Direction, ProposalStatus, Rag
from plugins.partnership.service import ReferralStatus
from portal.api import BodyKind

DIRECTIONS = {
    Direction.TO_EXECUTIVE: _l("From a reference group to the Executive or Board"),
    Direction.FROM_EXECUTIVE: _l("From the Executive or Board to a reference group"),
}

PROPOSABLE_KINDS = [
    (BodyKind.TASK_AND_FINISH, _l("Task and finish group")),
    (BodyKind.DELIVERY_GROUP, _l("Delivery group")),
    (BodyKind.MANAGEMENT_GROUP, _l("Management group")),
    (BodyKind.REFERENCE_GROUP, _l("Reference group")),
]

PROPOSAL_STATUSES = {
    ProposalStatus.PROPOSED: _l("Waiting for a decision"),
    ProposalStatus.ENDORSED: _l("Endorsed"),
    ProposalStatus.DECLINED: _l("Declined"),
}

REFERRAL_STATUSES = {
    ReferralStatus.RAISED: _l("Raised"),
    ReferralStatus.ON_AGENDA: _l("On the agenda"),
    ReferralStatus.CONSIDERED: _l("Response received"),
    ReferralStatus.RETURNED: _l("Outcome sent to the chair"),
}

RAG_LABELS = {Rag.GREEN: _l("Green: on track"), Rag.AMBER: _l("Amber: some risk"),
              Rag.RED: _l("Red: off track")}
RAG_CLASSES = {Rag.GREEN: "status-ok", Rag.AMBER: "status-warn", Rag.RED: "status-bad"}


def labels() -> dict:
    return {"partnership_directions": DIRECTIONS, "partnership_proposal_statuses":
            PROPOSAL_STATUSES, "partnership_referral_statuses": REFERRAL_STATUSES,
            "partnership_rag": RAG_LABELS, "partnership_rag_classes": RAG_CLASSES}
