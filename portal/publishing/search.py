"""Full-text search over published documents, in every language.

One row per :class:`~portal.publishing.models.Version` of every *published*
document (Part 2 ones included, flagged so a query can filter by access) lives
in ``document_search``:

* **SQLite**: an FTS5 virtual table. The tokenizer is ``unicode61`` with
  ``categories 'L* N* Co M*'``: combining marks (Unicode Mn/Mc) are part of a
  word, so Gujarati words such as ``આરોગ્ય`` stay whole instead of being split
  at every vowel sign and virama (plain ``unicode61`` does split them).
  ``remove_diacritics 2`` folds Latin accents (``café`` finds ``cafe``).
* **PostgreSQL**: an ordinary table with a generated ``tsvector`` column built
  with the language-neutral ``simple`` configuration, weighted title (A) >
  summary (B) > text (C), and a GIN index.

The table is not a mapped model (an FTS5 table cannot be): it is created and
dropped by DDL events on ``db.metadata`` (so ``db.create_all()`` and
``db.drop_all()`` handle it) and by :func:`migration_upgrade` /
:func:`migration_downgrade` from an Alembic migration. Alembic autogenerate
should ignore ``document_search`` (and, on SQLite, ``document_search_*``).

Arabic writes the conjunctions and prepositions و ف ب ل ك and the article ال
onto the front of the next word ("والركود" = "and the recession"), which no
word tokenizer separates; a hidden, low-weighted ``variants`` column holds each
Arabic word normalised (no harakat or tatweel, one alef, ى→ي, ة→ه) with and
without those prefixes, so "الركود" and "ركود" both find "والركود".

Queries are reduced to words (letters, numbers and marks, as the tokenizer
sees them) and every word must match as a prefix, on both databases, so user
input can never be FTS5 or tsquery syntax.
"""

from __future__ import annotations

import html
import logging
import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from sqlalchemy import bindparam, event, text

from portal.extensions import db
from portal.publishing.models import Document, Status

__all__ = [
    "Hit", "TABLE", "create_search_index", "drop_search_index", "index_document",
    "migration_downgrade", "migration_upgrade", "reindex_all", "remove_document",
    "search_documents",
]

log = logging.getLogger(__name__)

TABLE = "document_search"
MAX_TERMS = 12
MAX_TERM_LENGTH = 64
MAX_QUERY_LENGTH = 500
# Private-use characters mark the matched words in snippets; stripped from
# indexed text so documents cannot forge them.
START, STOP = "\ue000", "\ue001"
SNIPPET_TOKENS = 24  # SQLite snippet() length in tokens

_SQLITE_TOKENIZER = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
_SQLITE_TOKENIZER_OLD = "unicode61 remove_diacritics 2"  # SQLite < 3.30: no categories
# bm25 weights, one per column (the five UNINDEXED ones first).
_SQLITE_WEIGHTS = "0.0, 0.0, 0.0, 0.0, 0.0, 10.0, 4.0, 1.0, 0.5"
# ts_rank weights {D (variants), C (text), B (summary), A (title)}: one title hit
# outranks any number of text hits.
_PG_WEIGHTS = "{0.1, 0.2, 0.5, 1.0}"


# --- DDL ----------------------------------------------------------------------------
def _sqlite_tokenizer() -> str:
    if sqlite3.sqlite_version_info >= (3, 30, 0):
        return _SQLITE_TOKENIZER
    log.warning("SQLite %s lacks the unicode61 categories option: words in scripts "
                "with combining marks are indexed in pieces", sqlite3.sqlite_version)
    return _SQLITE_TOKENIZER_OLD


def _create_statements(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
            "document_id UNINDEXED, version_id UNINDEXED, language UNINDEXED, "
            "part2 UNINDEXED, body_id UNINDEXED, title, summary, text, variants, "
            f'tokenize = "{_sqlite_tokenizer()}")',
        ]
    if dialect == "postgresql":
        return [
            f"CREATE TABLE IF NOT EXISTS {TABLE} ("
            "version_id integer PRIMARY KEY, "
            "document_id integer NOT NULL, "
            "language varchar(12) NOT NULL, "
            "part2 boolean NOT NULL DEFAULT false, "
            "body_id integer, "
            "title text NOT NULL DEFAULT '', "
            "summary text NOT NULL DEFAULT '', "
            "text text NOT NULL DEFAULT '', "
            "variants text NOT NULL DEFAULT '', "
            "tsv tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('simple'::regconfig, title), 'A') || "
            "setweight(to_tsvector('simple'::regconfig, summary), 'B') || "
            "setweight(to_tsvector('simple'::regconfig, text), 'C') || "
            "setweight(to_tsvector('simple'::regconfig, variants), 'D')) STORED)",
            f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_tsv ON {TABLE} USING gin (tsv)",
            f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_document_id ON {TABLE} (document_id)",
        ]
    raise NotImplementedError(f"document search does not support {dialect!r}")


def _drop_statements(dialect: str) -> list[str]:
    if dialect in ("sqlite", "postgresql"):
        return [f"DROP TABLE IF EXISTS {TABLE}"]  # PG drops its indexes with it
    raise NotImplementedError(f"document search does not support {dialect!r}")


def create_search_index(connection) -> None:
    """Create the search table on ``connection`` (idempotent)."""
    for statement in _create_statements(connection.dialect.name):
        connection.execute(text(statement))


def drop_search_index(connection) -> None:
    """Drop the search table on ``connection`` (idempotent)."""
    for statement in _drop_statements(connection.dialect.name):
        connection.execute(text(statement))


def migration_upgrade(op, *, backfill: bool = True) -> None:
    """For an Alembic migration's ``upgrade()``: create the table and index what is published.

    The backfill uses only SQL (no models) and is skipped in offline (``--sql``) mode.
    """
    context = op.get_context()
    for statement in _create_statements(context.dialect.name):
        op.execute(statement)
    if backfill and not context.as_sql:
        _backfill(op.get_bind())


def migration_downgrade(op) -> None:
    """For an Alembic migration's ``downgrade()``."""
    for statement in _drop_statements(op.get_context().dialect.name):
        op.execute(statement)


@event.listens_for(db.metadata, "after_create")
def _after_create(target, connection, **kw) -> None:
    create_search_index(connection)


@event.listens_for(db.metadata, "before_drop")
def _before_drop(target, connection, **kw) -> None:
    drop_search_index(connection)


# --- text ---------------------------------------------------------------------------
_MD_PATTERNS = [
    (re.compile(r"<!--.*?-->", re.S), " "),
    (re.compile(r"^\s{0,3}(```|~~~).*$", re.M), " "),  # code fences
    (re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$", re.M), " "),  # link reference definitions
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images → alt text
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # inline links → link text
    (re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),  # autolinks
    (re.compile(r"</?[A-Za-z][^>]*>"), " "),  # HTML tags
    (re.compile(r"^\s{0,3}#{1,6}\s*", re.M), ""),  # ATX headings
    (re.compile(r"^\s{0,3}(=+|-+)\s*$", re.M), " "),  # setext underlines / rules
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),  # block quotes
    (re.compile(r"^\s*([-*+]|\d+[.)])\s+", re.M), ""),  # list markers
    (re.compile(r"(\*\*|__|\*|_|~~|`+)(?=\S)|(?<=\S)(\*\*|__|\*|_|~~|`+)"), ""),  # emphasis, code
    (re.compile(r"\|"), " "),  # table cells
    (re.compile(r"^\s*:?-{3,}:?(\s+:?-{3,}:?)*\s*$", re.M), " "),  # table rules
]


def _strip_markdown(markdown: str) -> str:
    """A minimal Markdown → plain text, used when the renderer is unavailable."""
    out = markdown
    for pattern, replacement in _MD_PATTERNS:
        out = pattern.sub(replacement, out)
    return html.unescape(out)


def _plain_text(markdown: str) -> str:
    try:
        from portal.publishing.render import plain_text
    except ImportError:
        return _strip_markdown(markdown)
    return plain_text(markdown)


_CONTROL = re.compile(f"[\x00{START}{STOP}]")
_SPACE = re.compile(r"\s+")


def _clean(value: str | None) -> str:
    return _SPACE.sub(" ", _CONTROL.sub(" ", value or "")).strip()


def _words(value: str) -> list[str]:
    """Split text as the tokenizer does: runs of letters, numbers and marks."""
    words, current = [], []
    for char in unicodedata.normalize("NFC", value or ""):
        category = unicodedata.category(char)
        if category[0] in "LNM" or category == "Co":
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
_ARABIC_STRIP = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans({"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627",
                              "\u0671": "\u0627", "\u0649": "\u064a", "\u0629": "\u0647"})
# Proclitics, longest first: conjunction/preposition + article, article, single letters.
_ARABIC_PREFIXES = ("\u0648\u0627\u0644", "\u0641\u0627\u0644", "\u0628\u0627\u0644",
                    "\u0643\u0627\u0644", "\u0644\u0644", "\u0627\u0644", "\u0648",
                    "\u0641", "\u0628", "\u0644", "\u0643")
_ARTICLE = "\u0627\u0644"
_MIN_STEM = 2


def _arabic_normal(word: str) -> str:
    return _ARABIC_STRIP.sub("", word).translate(_ARABIC_FOLD)


def _arabic_forms(word: str) -> set[str]:
    """A word normalised, and without each proclitic it may carry."""
    normal = _arabic_normal(word)
    forms = {normal}
    for prefix in _ARABIC_PREFIXES:
        if normal.startswith(prefix) and len(normal) - len(prefix) >= _MIN_STEM:
            rest = normal[len(prefix):]
            forms.add(rest)
            if rest.startswith(_ARTICLE) and len(rest) - 2 >= _MIN_STEM:
                forms.add(rest[2:])
    return forms


def _variants(*values: str) -> str:
    """The extra forms of the Arabic-script words in ``values``, for the variants column."""
    forms: dict[str, None] = {}
    for value in values:
        for word in _words(value):
            if _ARABIC_LETTER.search(word):
                forms.update(dict.fromkeys(sorted(_arabic_forms(word) - {word})))
    return " ".join(forms)


def _terms(query: str) -> list[list[str]]:
    """The query's words (at most :data:`MAX_TERMS`), each with the forms it may match."""
    seen, terms = set(), []
    for word in _words((query or "")[:MAX_QUERY_LENGTH]):
        word = word[:MAX_TERM_LENGTH]
        if word.casefold() in seen:
            continue
        seen.add(word.casefold())
        forms = [word]
        if _ARABIC_LETTER.search(word):
            normal = _arabic_normal(word)
            if normal and normal != word:
                forms.append(normal)
        terms.append(forms)
    return terms[:MAX_TERMS]


def _fts5_query(terms: list[list[str]]) -> str:
    # Words never contain '"' (punctuation is a separator), so quoting is exact.
    groups = (" OR ".join(f'"{form}"*' for form in forms) for forms in terms)
    return " AND ".join(f"({group})" for group in groups)


def _tsquery(terms: list[list[str]]) -> str:
    def quoted(form: str) -> str:
        return "'" + form.replace("\\", "\\\\").replace("'", "''") + "':*"

    return " & ".join("(" + " | ".join(quoted(f) for f in forms) + ")" for forms in terms)


# --- writing ------------------------------------------------------------------------
def _dialect() -> str:
    return db.session.get_bind(Document).dialect.name


def remove_document(document_id: int) -> None:
    """Remove a document's rows from the index (in the current transaction)."""
    db.session.execute(text(f"DELETE FROM {TABLE} WHERE document_id = :id"),
                       {"id": document_id})


def _row(*, document_id, version_id, language, part2, body_id, title, summary,
         body, sqlite: bool) -> dict:
    title, summary, plain = _clean(title), _clean(summary), _clean(_plain_text(body or ""))
    return {"document_id": document_id, "version_id": version_id, "language": language,
            "part2": int(bool(part2)) if sqlite else bool(part2), "body_id": body_id,
            "title": title, "summary": summary, "text": plain,
            "variants": _variants(title, summary, plain)}


_INSERT = text(f"INSERT INTO {TABLE} (document_id, version_id, language, part2, body_id, "
               "title, summary, text, variants) VALUES (:document_id, :version_id, "
               ":language, :part2, :body_id, :title, :summary, :text, :variants)")


def index_document(document: Document) -> None:
    """(Re)write ``document``'s rows: one per version while it is published.

    Runs in the caller's transaction (call it where the document is published
    or withdrawn, before the commit).
    """
    if document.id is None or any(v.id is None for v in document.versions):
        db.session.flush()
    remove_document(document.id)
    if document.status != Status.PUBLISHED or not document.versions:
        return
    sqlite = _dialect() == "sqlite"
    db.session.execute(_INSERT, [
        _row(document_id=document.id, version_id=v.id, language=v.language,
             part2=document.part2, body_id=document.body_id, title=v.title,
             summary=v.summary, body=v.body, sqlite=sqlite)
        for v in document.versions])


def _backfill(connection) -> int:
    """Index every published document with plain SQL (usable from migrations)."""
    connection.execute(text(f"DELETE FROM {TABLE}"))
    found = connection.execute(text(
        "SELECT d.id, d.part2_paragraph, d.body_id, v.id, v.language, v.title, v.summary, "
        "v.body FROM document d JOIN document_version v ON v.document_id = d.id "
        "WHERE d.status = :published ORDER BY d.id, v.id"),
        {"published": Status.PUBLISHED.value}).all()
    sqlite = connection.dialect.name == "sqlite"
    rows = [_row(document_id=doc_id, version_id=version_id, language=language,
                 part2=paragraph is not None, body_id=body_id, title=title, summary=summary,
                 body=body, sqlite=sqlite)
            for doc_id, paragraph, body_id, version_id, language, title, summary, body in found]
    if rows:
        connection.execute(_INSERT, rows)
    return len(rows)


def reindex_all() -> int:
    """Rebuild the whole index in the current transaction; returns the rows written."""
    return _backfill(db.session.connection(bind_arguments={"mapper": Document}))


# --- searching ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Hit:
    """One document found; ``snippet`` is plain text (escape it when rendering)."""

    document_id: int
    version_id: int
    language: str
    title: str
    snippet: str
    rank: float  # higher is better; comparable only within one search
    slug: str = ""
    marked: str = field(default="", repr=False, compare=False)

    def snippet_html(self) -> Markup:
        """The snippet, escaped, with the matched words in ``<mark>``."""
        out = str(escape(self.marked or self.snippet))
        return Markup(out.replace(START, "<mark>").replace(STOP, "</mark>"))


def _access(user) -> tuple[str, dict]:
    """SQL limiting rows (aliases ``s`` index, ``d`` document) to what ``user`` may read."""
    if getattr(user, "is_officer", False):
        return "", {}
    from portal.publishing.service import member_body_ids

    bodies = sorted(member_body_ids(user)) if getattr(user, "is_authenticated", False) else []
    public = "(s.part2 = :no AND d.part2_paragraph IS NULL)"
    if not bodies:
        return f" AND {public}", {}
    return f" AND ({public} OR d.body_id IN :bodies)", {"bodies": bodies}


def _text(sql: str, params: dict):
    statement = text(sql)
    if "bodies" in params:
        statement = statement.bindparams(bindparam("bodies", expanding=True))
    return statement


def _pick_snippet(summary: str | None, body: str | None) -> str:
    for candidate in (summary, body):
        if candidate and START in candidate:
            return candidate
    return summary or body or ""


def _sqlite_search(terms, access, params, limit, language) -> list[Hit]:
    params = {**params, "match": _fts5_query(terms), "lang": language, "limit": limit,
              "published": Status.PUBLISHED.value, "no": 0}
    sql = f"""
        WITH hits AS (
            SELECT s.rowid AS rid, d.id AS document_id, d.slug AS slug,
                   CAST(s.version_id AS INTEGER) AS version_id, s.language AS language,
                   s.title AS title, bm25({TABLE}, {_SQLITE_WEIGHTS}) AS score
            FROM {TABLE} AS s JOIN document AS d ON d.id = s.document_id
            WHERE {TABLE} MATCH :match AND d.status = :published{access}
        ), ranked AS (
            SELECT hits.*,
                   row_number() OVER (PARTITION BY document_id
                                      ORDER BY language = :lang DESC, score, version_id) AS n,
                   min(score) OVER (PARTITION BY document_id) AS best
            FROM hits
        )
        SELECT rid, document_id, slug, version_id, language, title, best FROM ranked
        WHERE n = 1 ORDER BY best, language = :lang DESC, document_id LIMIT :limit
    """
    found = db.session.execute(_text(sql, params), params).all()
    if not found:
        return []
    snippet_params = {"match": params["match"], "rids": [row.rid for row in found]}
    snippets = {rid: (summary, body) for rid, summary, body in db.session.execute(
        text(f"""
            SELECT rowid, snippet({TABLE}, 6, :start, :stop, '…', {SNIPPET_TOKENS}),
                   snippet({TABLE}, 7, :start, :stop, '…', {SNIPPET_TOKENS})
            FROM {TABLE} WHERE {TABLE} MATCH :match AND rowid IN :rids
        """).bindparams(bindparam("rids", expanding=True)),
        {**snippet_params, "start": START, "stop": STOP})}
    hits = []
    for row in found:
        marked = _pick_snippet(*snippets.get(row.rid, ("", "")))
        hits.append(Hit(document_id=row.document_id, version_id=row.version_id,
                        language=row.language, title=row.title,
                        snippet=marked.replace(START, "").replace(STOP, ""),
                        rank=-float(row.best), slug=row.slug, marked=marked))
    return hits


def _postgres_search(terms, access, params, limit, language) -> list[Hit]:
    params = {**params, "tsq": _tsquery(terms), "lang": language, "limit": limit,
              "published": Status.PUBLISHED.value, "no": False, "weights": _PG_WEIGHTS,
              "options": (f'StartSel="{START}", StopSel="{STOP}", MaxWords=30, MinWords=12, '
                          'ShortWord=2, HighlightAll=false')}
    sql = f"""
        WITH q AS (SELECT to_tsquery('simple'::regconfig, :tsq) AS query),
        hits AS (
            SELECT d.id AS document_id, d.slug AS slug, s.version_id, s.language, s.title,
                   s.summary, s.text,
                   ts_rank(CAST(:weights AS real[]), s.tsv, q.query) AS score
            FROM {TABLE} AS s CROSS JOIN q JOIN document AS d ON d.id = s.document_id
            WHERE s.tsv @@ q.query AND d.status = :published{access}
        ), ranked AS (
            SELECT hits.*,
                   row_number() OVER (PARTITION BY document_id
                                      ORDER BY language = :lang DESC, score DESC,
                                               version_id) AS n,
                   max(score) OVER (PARTITION BY document_id) AS best
            FROM hits
        ), top AS (
            SELECT * FROM ranked WHERE n = 1
            ORDER BY best DESC, language = :lang DESC, document_id LIMIT :limit
        )
        SELECT top.document_id, top.slug, top.version_id, top.language, top.title, top.best,
               CASE WHEN top.summary <> ''
                    THEN ts_headline('simple'::regconfig, top.summary, q.query, :options)
               END AS summary_snippet,
               CASE WHEN top.text <> ''
                    THEN ts_headline('simple'::regconfig, top.text, q.query, :options)
               END AS text_snippet
        FROM top CROSS JOIN q
        ORDER BY top.best DESC, top.language = :lang DESC, top.document_id
    """
    hits = []
    for row in db.session.execute(_text(sql, params), params):
        marked = _pick_snippet(row.summary_snippet, row.text_snippet)
        hits.append(Hit(document_id=row.document_id, version_id=row.version_id,
                        language=row.language, title=row.title,
                        snippet=marked.replace(START, "").replace(STOP, ""),
                        rank=float(row.best), slug=row.slug, marked=marked))
    return hits


def search_documents(query: str, *, user, limit: int = 20,
                     language: str | None = None) -> list[Hit]:
    """Published documents matching every word of ``query`` (as a prefix), best first.

    Part 2 documents only for officers and current members of the document's
    body. Each document appears once, as its version in ``language`` when that
    matches, else its best-ranked version; on equal rank, ``language`` first.
    """
    terms = _terms(query)
    limit = max(0, min(int(limit), 200))
    if not terms or not limit:
        return []
    access, params = _access(user)
    dialect = _dialect()
    if dialect == "sqlite":
        return _sqlite_search(terms, access, params, limit, language or "")
    if dialect == "postgresql":
        return _postgres_search(terms, access, params, limit, language or "")
    raise NotImplementedError(f"document search does not support {dialect!r}")
