"""The scorecard in public: by block, by management group, per indicator, exceptions, data."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from plugins.scorecard import rules, service
from plugins.scorecard.chart import line_chart
from plugins.scorecard.models import Indicator
from portal.api import Body, BodyKind, access, current_language, db

bp = Blueprint("scorecard", __name__, url_prefix="/scorecard", template_folder="templates")

STATUS_LABELS = {
    rules.Status.ON_TRACK_STRETCH: _l("On track for stretch target"),
    rules.Status.ON_TRACK_TARGET: _l("On track for target"),
    rules.Status.AT_RISK: _l("At risk"),
    rules.Status.OFF_TRACK: _l("Off track"),
    rules.Status.NO_DATA: _l("No data"),
}
# Shape and text carry the meaning; colour only supplements them.
STATUS_ICONS = {
    rules.Status.ON_TRACK_STRETCH: "★", rules.Status.ON_TRACK_TARGET: "✓",
    rules.Status.AT_RISK: "▲", rules.Status.OFF_TRACK: "✕", rules.Status.NO_DATA: "–",
}
EXCEPTIONS = {rules.Status.AT_RISK, rules.Status.OFF_TRACK}
FORMATS = {"csv", "json"}


def _as_of() -> int | None:
    """The quarter shown: the latest published; officers may preview any (?quarter=N)."""
    latest = service.latest_published()
    asked = request.args.get("quarter", "")
    if asked:
        if not asked.isdigit() or not getattr(current_user, "is_officer", False):
            abort(404)
        return int(asked)
    return latest


def _group(slug: str) -> Body:
    body = db.session.scalar(db.select(Body).where(Body.slug == slug))
    if body is None or body.kind != BodyKind.MANAGEMENT_GROUP:
        abort(404)
    return body


def _groups() -> list[Body]:
    used = db.select(Indicator.management_group_id).distinct()
    return list(db.session.scalars(db.select(Body).where(Body.id.in_(used)).order_by(Body.name)))


@bp.get("/")
@access("anonymous")
def index():
    card = service.build(_as_of(), language=current_language().code)
    return render_template("scorecard/index.html", card=card, groups=_groups(),
                           title=_("Partnership scorecard"), data_endpoint="scorecard.data",
                           data_args={})


@bp.get("/groups/<slug>")
@access("anonymous")
def group(slug: str):
    body = _group(slug)
    card = service.build(_as_of(), group_id=body.id, language=current_language().code)
    return render_template("scorecard/index.html", card=card, group=body, groups=_groups(),
                           title=_("Scorecard of %(group)s", group=body.name),
                           data_endpoint="scorecard.group_data", data_args={"slug": slug})


@bp.get("/exceptions")
@access("anonymous")
def exceptions():
    card = service.build(_as_of(), only=EXCEPTIONS, language=current_language().code)
    return render_template("scorecard/index.html", card=card, exceptions=True, groups=_groups(),
                           title=_("Exception report: indicators at risk or off track"),
                           data_endpoint="scorecard.exceptions_data", data_args={})


@bp.get("/indicators/<code>")
@access("anonymous")
def indicator(code: str):
    card = service.build(_as_of(), indicator_code=code,
                         language=current_language().code)
    if not card.rows:
        abort(404)
    row = card.rows[0]
    chart = line_chart(row.indicator, row.history, card.quarter)
    return render_template("scorecard/indicator.html", card=card, row=row, chart=chart,
                           title=row.text.name)


@bp.get("/how-statuses-are-worked-out")
@access("anonymous")
def method():
    return render_template("scorecard/method.html", title=_("How statuses are worked out"),
                           tolerance=rules.AT_RISK_TOLERANCE * 100)


# --- open data ---------------------------------------------------------------------
COLUMNS = ["block", "outcome_code", "outcome", "indicator_code", "indicator", "unit",
           "higher_is_better", "baseline", "target", "stretch_target", "quarter",
           "latest_quarter", "latest_value", "expected_target", "expected_stretch", "status",
           "forecast_value", "reward_maximum", "reward_forecast", "management_group",
           "lead_partner"]


def _number(value) -> str | None:
    return None if value is None else format(Decimal(value).normalize(), "f")


def records(card: service.Scorecard) -> list[dict]:
    """One flat record per indicator: the columns of the CSV and the items of the JSON."""
    out = []
    for block in card.blocks:
        for outcome in block.outcomes:
            for row in outcome.rows:
                i, a = row.indicator, row.assessment
                out.append({
                    "block": block.block.name, "outcome_code": outcome.outcome.code,
                    "outcome": outcome.outcome.name, "indicator_code": i.code,
                    "indicator": i.name, "unit": i.unit, "higher_is_better": i.higher_is_better,
                    "baseline": _number(i.baseline), "target": _number(i.target),
                    "stretch_target": _number(i.stretch_target),
                    "quarter": rules.quarter_label(card.quarter) if card.quarter else None,
                    "latest_quarter": rules.quarter_label(a.latest_quarter)
                    if a.latest_quarter is not None else None,
                    "latest_value": _number(a.latest_value),
                    "expected_target": _number(a.expected_target),
                    "expected_stretch": _number(a.expected_stretch),
                    "status": a.status.value, "forecast_value": _number(a.forecast),
                    "reward_maximum": _number(outcome.outcome.reward),
                    "reward_forecast": _number(outcome.forecast),
                    "management_group": i.management_group.name if i.management_group else None,
                    "lead_partner": i.lead_partner.name if i.lead_partner else None,
                    "history": [{"quarter": rules.quarter_label(q), "value": _number(v)}
                                for q, v in sorted(row.history.items())],
                })
    return out


def download(card: service.Scorecard, fmt: str, name: str) -> Response:
    if fmt not in FORMATS:
        abort(404)
    items = records(card)
    if fmt == "json":
        body = json.dumps({
            "quarter": rules.quarter_label(card.quarter) if card.quarter else None,
            "reward": {"forecast": _number(card.forecast_total),
                       "maximum": _number(card.maximum_total)},
            "indicators": items}, ensure_ascii=False, indent=2)
        response = Response(body, mimetype="application/json")
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(items)
        response = Response(buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@bp.get("/data.<fmt>")
@access("anonymous")
def data(fmt: str):
    return download(service.build(_as_of()), fmt, "scorecard")


@bp.get("/groups/<slug>/data.<fmt>")
@access("anonymous")
def group_data(slug: str, fmt: str):
    body = _group(slug)
    return download(service.build(_as_of(), group_id=body.id), fmt, f"scorecard-{slug}")


@bp.get("/exceptions/data.<fmt>")
@access("anonymous")
def exceptions_data(fmt: str):
    return download(service.build(_as_of(), only=EXCEPTIONS), fmt, "scorecard-exceptions")
