"""Turn an officer's Markdown into HTML the public can safely read.

Officers write documents in Markdown, and the public reads the result, so the
output is treated as untrusted whatever the editor typed. Two layers:

1. markdown-it-py (CommonMark plus tables) builds the HTML. Raw HTML in the
   input is *enabled*, because officers paste ``<abbr title="...">`` and the odd
   hand-made table; a small token pass turns ``#`` headings into ``<h2>`` (the
   page has its own ``<h1>``), marks header cells ``scope="col"`` and shows an
   image as its alt text.
2. nh3 (ammonia, a real HTML5 parser) then cleans the whole output against an
   explicit allow-list. This is the security boundary: anything markdown-it let
   through, raw HTML included, is parsed again and reduced to the tags,
   attributes and URL schemes below. No ``on*`` handler, ``style``, ``<script>``
   or ``javascript:``/``data:``/``vbscript:`` URL can survive it.

Images are not allowed: pictures belong in attachments, which are checked and
served by the portal, and an ``<img>`` pointing elsewhere would let a
third party track readers; nor can alt text be guaranteed. ``![alt](url)``
therefore shows just its alt text.
"""

from __future__ import annotations

import html
import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "abbr",
    "table", "thead", "tbody", "tr", "th", "td",
}
# "*": set() replaces ammonia's default generic attributes (lang, title) so
# that only what is listed here survives.
ALLOWED_ATTRIBUTES = {"*": set(), "a": {"href", "title"}, "abbr": {"title"}}
ATTRIBUTE_VALUES = {"th": {"scope": {"col", "row", "colgroup", "rowgroup"}}}
URL_SCHEMES = {"http", "https", "mailto"}  # relative URLs pass through too
# Tags removed *with* their content: their text is code or a fallback, never
# something the reader should see as prose.
DROP_WITH_CONTENT = {
    "script", "style", "iframe", "object", "embed", "applet", "noscript", "noembed",
    "noframes", "template", "textarea", "select", "svg", "math", "title", "xmp",
}

_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=DROP_WITH_CONTENT,
    attributes=ALLOWED_ATTRIBUTES,
    tag_attribute_values=ATTRIBUTE_VALUES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)
_TEXT_ONLY = nh3.Cleaner(tags=set(), clean_content_tags=DROP_WITH_CONTENT, strip_comments=True)


def _portal_tokens(state) -> None:
    """Core rule: demote h1 to h2, give header cells a scope, drop style attributes.

    Working on tokens (not on the HTML string) means only headings markdown-it
    itself made are touched; a raw ``<h1>`` is not allowed and nh3 removes it.
    """
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"
        elif token.type == "th_open":
            token.attrs.pop("style", None)
            token.attrSet("scope", "col")
        elif token.type == "td_open":
            token.attrs.pop("style", None)


def _image_as_text(renderer, tokens, idx, options, env) -> str:
    token = tokens[idx]
    return escapeHtml(renderer.renderInlineAsText(token.children or [], options, env))


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.core.ruler.push("portal_tokens", _portal_tokens)
    md.add_render_rule("image", _image_as_text)
    return md


_MD = _markdown()


def render_markdown(text: str) -> Markup:
    """Markdown to clean HTML, safe to put straight into a page."""
    return Markup(_CLEANER.clean(_MD.render(text or "")))


def plain_text(text: str) -> str:
    """The Markdown as plain text, for search indexing and summaries.

    It goes through the same renderer and sanitiser first, so text a reader
    cannot see (comments, scripts, styles) never reaches the index. The result
    is text, not HTML: entities are decoded, so a template must escape it as it
    does any other string (Jinja does this by default). Blocks become lines.
    """
    stripped = html.unescape(_TEXT_ONLY.clean(_MD.render(text or "")))
    lines = (re.sub(r"\s+", " ", line).strip() for line in stripped.splitlines())
    return "\n".join(line for line in lines if line)
