"""Full-text search over published documents: SQLite FTS5 or PostgreSQL, every language."""

from __future__ import annotations

import random
from datetime import date

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import inspect, text

from portal.bodies.models import Body, BodyKind, Membership, Sector
from portal.extensions import db
from portal.identity.models import Role, User
from portal.publishing.models import Document, DocumentKind, ReviewState, Status, Version
from portal.publishing.search import (
    TABLE,
    _strip_markdown,
    index_document,
    reindex_all,
    remove_document,
    search_documents,
)

ANONYMOUS = AnonymousUserMixin()

HEALTH_EN = "Health and wellbeing partnership plan"
HEALTH_GU = "આરોગ્ય અને સુખાકારી ભાગીદારી યોજના"
HEALTH_AR = "خطة الشراكة للصحة والرفاهية"


def add_document(slug, versions, *, status=Status.PUBLISHED, body=None, part2=None,
                 index=True):
    document = Document(slug=slug, kind=DocumentKind.REPORT, status=status, body=body,
                        part2_paragraph=part2)
    for language, title, summary, text_ in versions:
        document.versions.append(Version(
            language=language, title=title, summary=summary, body=text_,
            review=ReviewState.SOURCE if language == "en" else ReviewState.HUMAN_REVIEWED))
    db.session.add(document)
    db.session.flush()
    if index:
        index_document(document)
    db.session.commit()
    return document


def add_user(email, role=Role.RESIDENT):
    user = User(email=email, name=email.split("@")[0], role=role)
    user.set_password("correct horse battery")
    db.session.add(user)
    db.session.commit()
    return user


def slugs(hits):
    return [hit.slug for hit in hits]


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield app


@pytest.fixture
def library(ctx):
    """A translated public plan, an English-only leaflet, a draft and a Part 2 report."""
    board = Body(slug="hsp-board", name="HSP Board", kind=BodyKind.BOARD)
    db.session.add(board)
    db.session.commit()
    add_document("health-plan", [
        ("en", HEALTH_EN, "How partners work together on health.",
         "## Priorities\n\nThe **partnership** will support *breastfeeding* and "
         "[healthy eating](https://example.org/eat)."),
        ("gu", HEALTH_GU, "આરોગ્ય માટે ભાગીદારો સાથે કામ કરે છે.",
         "હેરો વ્યૂહાત્મક ભાગીદારી સ્તનપાનને ટેકો આપશે."),
        ("ar", HEALTH_AR, "كيف يعمل الشركاء معاً من أجل الصحة.",
         "ستدعم الشراكة الرضاعة الطبيعية في هارو."),
    ])
    add_document("leaflet", [("en", "Breastfeeding cafe leaflet", "Where to go.",
                              "Drop in on Tuesdays.")])
    add_document("draft-budget", [("en", "Draft budget", "Not agreed.",
                                   "Breastfeeding budget secrets.")], status=Status.DRAFT)
    add_document("exempt-report", [("en", "Contract award", "Exempt under paragraph 3.",
                                    "Tender prices for breastfeeding services.")],
                 body=board, part2=3)
    return board


def test_the_index_table_is_created_and_dropped_with_the_schema(ctx):
    names = inspect(db.engine).get_table_names()
    assert TABLE in names
    assert TABLE not in db.metadata.tables  # not a mapped model
    db.drop_all()
    assert TABLE not in inspect(db.engine).get_table_names()
    db.create_all()


def test_an_english_query_finds_the_english_version(library):
    hits = search_documents("breastfeeding", user=ANONYMOUS)
    assert set(slugs(hits)) == {"health-plan", "leaflet"}
    plan = next(h for h in hits if h.slug == "health-plan")
    assert plan.language == "en" and plan.title == HEALTH_EN
    assert "breastfeeding" in plan.snippet and "**" not in plan.snippet
    assert "<mark>breastfeeding</mark>" in plan.snippet_html()
    # Prefix match, any case.
    assert "leaflet" in slugs(search_documents("BREASTFEED", user=ANONYMOUS))
    # Markdown link targets are not indexed.
    assert search_documents("example", user=ANONYMOUS) == []


@pytest.mark.parametrize("word", ["આરોગ્ય", "ભાગીદારી", "સ્તનપાન"])
def test_a_gujarati_word_finds_the_gujarati_version(library, word):
    hits = search_documents(word, user=ANONYMOUS)
    assert [(h.slug, h.language) for h in hits] == [("health-plan", "gu")]
    assert hits[0].title == HEALTH_GU


def test_gujarati_words_are_not_split_at_vowel_signs(library):
    # "આર" is the start of "આરોગ્ય" as unicode61 without mark categories splits it;
    # a word that merely shares consonants must not match.
    assert search_documents("ગ", user=ANONYMOUS) == []
    assert search_documents("ભાગ", user=ANONYMOUS)[0].language == "gu"  # a prefix


def test_an_arabic_query_finds_the_arabic_version(library):
    hits = search_documents("الشراكة", user=ANONYMOUS)
    assert [(h.slug, h.language) for h in hits] == [("health-plan", "ar")]
    assert hits[0].title == HEALTH_AR


@pytest.mark.parametrize("word", [
    "الركود",  # attached conjunction: the text has "والركود" ("and the recession")
    "ركود",  # no article either
    "شراكة",  # "الشراكة" without the article
    "اهداف",  # "أهداف" written without the hamza
    "المجلس",  # written with harakat in the text: "المَجْلِسُ"
    "بالمجلس",  # a query word that carries a preposition matches itself
])
def test_arabic_words_are_found_through_attached_prefixes_and_spelling(ctx, word):
    add_document("annual-report", [
        ("en", "Annual report", "", "Partnership and recession"),
        ("ar", "التقرير السنوي", "أهداف الشراكة",
         "الشراكة والركود. اجتمع المَجْلِسُ بالمجلس."),
    ])
    hits = search_documents(word, user=ANONYMOUS)
    assert [(h.slug, h.language, h.title) for h in hits] == [
        ("annual-report", "ar", "التقرير السنوي")]


def test_arabic_prefix_stripping_keeps_short_words_and_titles_rank_first(ctx):
    add_document("in-title", [("ar", "الركود الاقتصادي", "", "نص")])
    add_document("in-text", [("ar", "تقرير", "", "عن الركود والركود")])
    assert slugs(search_documents("الركود", user=ANONYMOUS)) == ["in-title", "in-text"]
    assert search_documents("ل", user=ANONYMOUS) == []


def test_a_document_is_found_once_preferring_the_readers_language(library):
    # A query matching every version returns the document once.
    add_document("names", [("en", "Harrow 2030", "", "Harrow"),
                           ("gu", "Harrow 2030 ગુજરાતી", "", "Harrow"),
                           ("ar", "Harrow 2030 عربي", "", "Harrow")])
    hits = search_documents("Harrow 2030", user=ANONYMOUS)
    assert slugs(hits) == ["names"]
    assert search_documents("Harrow 2030", user=ANONYMOUS, language="gu")[0].language == "gu"
    assert search_documents("Harrow 2030", user=ANONYMOUS, language="ar")[0].language == "ar"


def test_drafts_are_not_found(library):
    assert "draft-budget" not in slugs(search_documents("budget", user=ANONYMOUS))
    officer = add_user("officer@example.org", Role.OFFICER)
    assert search_documents("budget secrets", user=officer) == []


def test_part2_is_found_only_by_officers_and_members_of_its_body(library):
    resident = add_user("resident@example.org")
    officer = add_user("officer@example.org", Role.OFFICER)
    member = add_user("member@example.org")
    former = add_user("former@example.org")
    db.session.add_all([
        Membership(body=library, user=member, person_name="Member", sector=Sector.HEALTH,
                   started_on=date(2020, 1, 1)),
        Membership(body=library, user=former, person_name="Former", sector=Sector.POLICE,
                   started_on=date(2015, 1, 1), ended_on=date(2019, 1, 1)),
    ])
    db.session.commit()
    for user in (ANONYMOUS, None, resident, former):
        assert "exempt-report" not in slugs(search_documents("tender", user=user))
        assert "exempt-report" not in slugs(search_documents("breastfeeding", user=user))
    for user in (officer, member):
        assert slugs(search_documents("tender", user=user)) == ["exempt-report"]
        assert "exempt-report" in slugs(search_documents("breastfeeding", user=user))


def test_part2_flag_and_body_are_stored_in_the_index(library):
    row = db.session.execute(text(
        f"SELECT s.part2, s.body_id FROM {TABLE} s JOIN document d ON d.id = s.document_id "
        "WHERE d.slug = 'exempt-report'")).one()
    assert bool(row.part2) is True and row.body_id == library.id


def test_reindexing_after_withdrawal_removes_the_document(library):
    plan = db.session.scalar(db.select(Document).filter_by(slug="health-plan"))
    plan.status = Status.WITHDRAWN
    index_document(plan)
    db.session.commit()
    assert "health-plan" not in slugs(search_documents("breastfeeding", user=ANONYMOUS))
    assert search_documents("ભાગીદારી", user=ANONYMOUS) == []
    count = db.session.scalar(text(f"SELECT count(*) FROM {TABLE} WHERE document_id = :id"),
                              {"id": plan.id})
    assert count == 0


def test_reindexing_replaces_edited_text_and_remove_document_clears_rows(library):
    leaflet = db.session.scalar(db.select(Document).filter_by(slug="leaflet"))
    leaflet.versions[0].title = "Baby feeding drop-in"
    index_document(leaflet)
    db.session.commit()
    assert "leaflet" not in slugs(search_documents("cafe", user=ANONYMOUS))
    assert slugs(search_documents("drop-in", user=ANONYMOUS)) == ["leaflet"]
    remove_document(leaflet.id)
    db.session.commit()
    assert search_documents("drop-in", user=ANONYMOUS) == []


def test_reindex_all_rebuilds_from_published_documents(library):
    db.session.execute(text(f"DELETE FROM {TABLE}"))
    assert search_documents("breastfeeding", user=ANONYMOUS) == []
    assert reindex_all() == 5  # 3 versions + leaflet + Part 2 report; not the draft
    db.session.commit()
    assert set(slugs(search_documents("breastfeeding", user=ANONYMOUS))) == {
        "health-plan", "leaflet"}


@pytest.mark.parametrize("query", [
    '"', "AND", "NEAR(", "*", "'; DROP TABLE document; --", "", "   ", "OR", "NOT", "-",
    '"unbalanced', "title:partnership", "^", "a:*", "!&|()", "\\", "'", "\x00", "((((",
    "NEAR(breastfeeding cafe, 2)", "breastfeeding AND", "{title}: x", "a" * 5000,
    " ".join(["word"] * 100), "\u0301", "ًّ̃",
])
def test_hostile_queries_never_raise(library, query):
    hits = search_documents(query, user=ANONYMOUS)
    assert isinstance(hits, list)
    assert "exempt-report" not in slugs(hits)
    assert db.session.scalar(text("SELECT count(*) FROM document")) == 4


def test_random_queries_never_raise(library):
    rng = random.Random(1972)
    alphabet = list('"*^:(){}+-!&|\\\'<>.,;~ \t\nANDORNOTNEARaeé') + list(
        "આરોગ્યભાગીદારી") + list("الشراكةوبلفكًّ") + ["\u0301", "\u200d", "\ue000", "\x00"]
    for _ in range(150):
        query = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        assert isinstance(search_documents(query, user=ANONYMOUS), list), query


def test_search_syntax_is_treated_as_words(library):
    # Words from search syntax are just words; punctuation separates them.
    # "AND" is a word here: only the plan (its English title has "and") matches.
    assert slugs(search_documents("breastfeeding AND", user=ANONYMOUS)) == ["health-plan"]
    assert slugs(search_documents('"cafe leaflet"', user=ANONYMOUS)) == ["leaflet"]
    assert slugs(search_documents("title:leaflet", user=ANONYMOUS)) == []  # needs both words


def test_title_matches_rank_above_summary_and_text_matches(ctx):
    add_document("in-text", [("en", "Annual report", "Progress this year.",
                              "Recycling. " * 5 + "More about recycling and recycling.")])
    add_document("in-title", [("en", "Recycling", "What goes in which bin.", "Bins.")])
    add_document("in-summary", [("en", "Waste strategy", "Recycling targets.", "Targets.")])
    hits = search_documents("recycling", user=ANONYMOUS)
    assert slugs(hits) == ["in-title", "in-summary", "in-text"]
    assert hits[0].rank > hits[1].rank > hits[2].rank


def test_limit_is_respected(library):
    for n in range(5):
        add_document(f"extra-{n}", [("en", f"Breastfeeding note {n}", "", "")])
    assert len(search_documents("breastfeeding", user=ANONYMOUS, limit=3)) == 3
    assert search_documents("breastfeeding", user=ANONYMOUS, limit=0) == []


def test_the_fallback_markdown_stripper_keeps_words_only():
    plain = _strip_markdown("# Title\n\n> **Bold** and _it_ [link](http://x.test) "
                            "![alt text](i.png) `code` <b>tag</b> &amp;\n\n- item\n1. one")
    for word in ("Title", "Bold", "it", "link", "alt text", "code", "tag", "&", "item", "one"):
        assert word in plain
    for junk in ("#", "**", "http://x.test", "i.png", "`", "<b>", "](", "- item", "1."):
        assert junk not in plain
