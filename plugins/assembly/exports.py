"""Open data: an event's approved topics and its recommendations as CSV and JSON.

No personal data: no names or email addresses of residents, only the
organisation a topic was sent for (organisations are public).
"""

from __future__ import annotations

import csv
import io
import json

from flask import Response

from plugins.assembly.models import Recommendation, Topic
from plugins.assembly.views import bp, event_recommendations, load_event, public_topics
from portal.api import access, db

TOPIC_COLUMNS = ("id", "event", "big_question", "title", "description", "language",
                 "organisation", "supporters", "will_lead", "submitted_on")
RECOMMENDATION_COLUMNS = ("id", "event", "topic_id", "topic", "recommendation", "referred_to",
                          "status", "status_on", "reason", "outcome")


def _topic_row(event, t: Topic) -> dict:
    return {"id": t.id, "event": event.slug, "big_question": t.question.text if t.question else "",
            "title": t.title, "description": t.description, "language": t.language,
            "organisation": t.organisation.name if t.organisation else "",
            "supporters": t.support_count, "will_lead": t.will_lead,
            "submitted_on": t.created_at.date().isoformat()}


def _recommendation_row(event, r: Recommendation) -> dict:
    return {"id": r.id, "event": event.slug, "topic_id": r.topic_id, "topic": r.topic.title,
            "recommendation": r.text, "referred_to": r.body.name, "status": r.status.value,
            "status_on": r.status_on.isoformat(), "reason": r.reason, "outcome": r.outcome}


def _safe(value):
    """Spreadsheets run cells starting with these as formulas; make them plain text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv(columns, rows, name: str) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_safe(row[c]) for c in columns])
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{name}"'})


def _json(payload) -> Response:
    return Response(json.dumps(payload, ensure_ascii=False, indent=1),
                    mimetype="application/json")


def _topics(event):
    return db.session.scalars(public_topics(event).order_by(Topic.id)).all()


@bp.get("/<slug>/topics.csv")
@access("anonymous")
def topics_csv(slug: str):
    event = load_event(slug)
    return _csv(TOPIC_COLUMNS, [_topic_row(event, t) for t in _topics(event)],
                f"{event.slug}-topics.csv")


@bp.get("/<slug>/topics.json")
@access("anonymous")
def topics_json(slug: str):
    event = load_event(slug)
    return _json({"event": event.slug, "title": event.title,
                  "topics": [_topic_row(event, t) for t in _topics(event)]})


@bp.get("/<slug>/recommendations.csv")
@access("anonymous")
def recommendations_csv(slug: str):
    event = load_event(slug)
    return _csv(RECOMMENDATION_COLUMNS,
                [_recommendation_row(event, r) for r in event_recommendations(event)],
                f"{event.slug}-recommendations.csv")


@bp.get("/<slug>/recommendations.json")
@access("anonymous")
def recommendations_json(slug: str):
    event = load_event(slug)
    rows = []
    for r in event_recommendations(event):
        row = _recommendation_row(event, r)
        row["history"] = [{"status": h.status.value, "on": h.on.isoformat(), "note": h.note}
                          for h in r.history]
        rows.append(row)
    return _json({"event": event.slug, "title": event.title, "recommendations": rows})
