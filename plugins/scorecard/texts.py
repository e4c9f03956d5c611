"""Demo translations of indicator names, kept as publishing pages (one per indicator)."""

from __future__ import annotations

from datetime import date

from plugins.scorecard.models import Indicator
from portal.api import Role, User, db, publish_document

# code → {language: (name, explanation)}; English comes from the indicator itself.
TRANSLATIONS = {
    "T1-i": {
        "gu": ("છ અઠવાડિયે ફક્ત સ્તનપાનનો દર",
               "છ અઠવાડિયાની ઉંમરે ફક્ત માતાનું દૂધ પીતા બાળકોનો હિસ્સો."),
        "ar": ("معدلات الرضاعة الطبيعية الحصرية في الأسبوع السادس",
               "نسبة الرضّع الذين يتغذون على حليب الأم فقط في عمر ستة أسابيع."),
    },
    "T1-ii": {
        "gu": ("સ્તનપાન શરૂ કરવાનો દર", "જન્મ પછી સ્તનપાન શરૂ કરતી માતાઓનો હિસ્સો."),
        "ar": ("معدلات بدء الرضاعة الطبيعية",
               "نسبة الأمهات اللواتي يبدأن الرضاعة الطبيعية بعد الولادة."),
    },
}


def seed_indicator_texts() -> int:
    """Publish a page per translated indicator and link it; returns how many were made."""
    author = db.session.scalar(db.select(User).where(User.role == Role.OFFICER).limit(1))
    publisher = db.session.scalar(db.select(User).where(User.role == Role.ADMINISTRATOR)
                                  .limit(1))
    if author is None or publisher is None:
        return 0
    made = 0
    for code, languages in TRANSLATIONS.items():
        indicator = db.session.scalar(db.select(Indicator).where(Indicator.code == code))
        if indicator is None or indicator.document_slug:
            continue
        slug = f"scorecard-indicator-{code.lower()}"
        versions = {"en": {"title": indicator.name, "summary": indicator.explanation,
                           "body": indicator.explanation, "review": "source"}}
        for language, (name, explanation) in languages.items():
            versions[language] = {"title": name, "summary": explanation, "body": explanation,
                                  "review": "draft_translation"}
        publish_document({"slug": slug, "kind": "page", "body_id": None,
                          "document_date": date(2006, 4, 1).isoformat(),
                          "part2_paragraph": None, "easy_read_of_id": None,
                          "agenda_items": [], "versions": versions}, author, publisher)
        indicator.document_slug = slug
        made += 1
    db.session.commit()
    return made
