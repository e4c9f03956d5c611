"""Markdown rendering: whatever an officer types, readers get only safe HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from markupsafe import Markup

from portal.publishing.render import plain_text, render_markdown

# Written out here rather than imported, so a careless change to the module's
# allow-list makes these tests fail instead of silently agreeing with it.
SAFE_TAGS = {"p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre",
             "blockquote", "ul", "ol", "li", "a", "abbr",
             "table", "thead", "tbody", "tr", "th", "td"}
SAFE_ATTRIBUTES = {"a": {"href", "title", "rel"}, "abbr": {"title"}, "th": {"scope"}}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "text <script>alert(1)</script> after",
    "<img src=x onerror=alert(1)>",
    "![x](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<svg><a xlink:href='javascript:alert(1)'><text>x</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">CLICK</math>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](jav&#x09;ascript:alert(1))",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">x</a>',
    '<a href="  JAVASCRIPT:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "[x](vbscript:msgbox(1))",
    '<a href="VBScript:msgbox(1)">x</a>',
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "[x][evil]\n\n[evil]: javascript:alert(1)",
    '[x][evil]\n\n[evil]: <javascript:alert(1)> "t"',
    "| a | b |\n|---|---|\n| <a href='javascript:alert(1)'>x</a> | <b onmouseover=alert(1)>y</b> |",
    "<iframe src='https://evil.example'></iframe>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<object data='evil.swf'></object><embed src='evil.swf'>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<p style='background:url(javascript:alert(1))'>x</p>",
    "<!-- <script>alert(1)</script> -->visible",
    "<!--><script>alert(1)</script>-->",
    "<div><p><b><i><script>alert(1)",
    "<scr<script>ipt>alert(1)</script>",
    "<<script>script>alert(1)<</script>/script>",
    "<form action='https://evil.example'><input name=password><button>Go</button></form>",
    "<base href='https://evil.example/'>",
    "<meta http-equiv='refresh' content='0;url=javascript:alert(1)'>",
    "<link rel=stylesheet href='https://evil.example/x.css'>",
    "<p onclick='alert(1)'>hi</p>",
    "<h2 onmouseover=alert(1)>hi</h2>",
    "<a href='https://ok.example' onclick='alert(1)' target=_blank>ok</a>",
    "<abbr title='x' onfocus=alert(1) tabindex=0>HSP</abbr>",
    "<td background='javascript:alert(1)'>x</td>",
    "<a href='/x' rel='opener'>x</a>",
    "<details open ontoggle=alert(1)>",
    "<textarea><script>alert(1)</script></textarea>",
    "<noscript><p title='</noscript><img src=x onerror=alert(1)>'></noscript>",
    "<template><script>alert(1)</script></template>",
    "*<img src=x onerror=alert(1)>*",
]


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def _tags(html: str):
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.tags


def _url(value: str | None) -> str:
    """A URL as a browser reads it: entities decoded, whitespace and controls removed."""
    return re.sub(r"[\x00-\x20]", "", value or "").lower()


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_input_is_made_safe(source):
    html = str(render_markdown(source))
    lowered = html.lower()
    assert "<script" not in lowered
    assert not re.search(r"<[^>]*\son\w+\s*=", lowered), html
    for element in ("iframe", "object", "embed", "style", "form", "input", "base", "meta",
                    "link", "svg", "math", "img", "textarea", "template"):
        assert f"<{element}" not in lowered, html
    for tag, attrs in _tags(html):
        assert tag in SAFE_TAGS, html
        for name, value in attrs:
            assert name in SAFE_ATTRIBUTES.get(tag, set()), html
            if name in ("href", "src"):
                assert not _url(value).startswith(BAD_SCHEMES), html
                assert not any(scheme in _url(value) for scheme in BAD_SCHEMES), html


def test_there_are_enough_hostile_cases():
    assert len(HOSTILE) >= 25


def test_returns_markup_that_jinja_will_not_escape_again():
    assert isinstance(render_markdown("hi"), Markup)
    assert render_markdown("") == ""


def test_headings_start_at_h2_because_the_page_has_its_own_h1():
    html = render_markdown("# Annual report\n\n## Summary\n\n### Detail")
    assert "<h1" not in html
    assert "<h2>Annual report</h2>" in html
    assert "<h2>Summary</h2>" in html
    assert "<h3>Detail</h3>" in html


def test_setext_h1_is_demoted_too():
    assert "<h2>Title</h2>" in render_markdown("Title\n=====")


def test_lists_and_emphasis():
    html = render_markdown("- one\n- **two**\n\n1. *first*\n2. second")
    assert "<ul>\n<li>one</li>\n<li><strong>two</strong></li>\n</ul>" in html
    assert "<ol>" in html and "<li><em>first</em></li>" in html


def test_tables_get_header_scope_and_lose_inline_styles():
    html = render_markdown("| Ward | Turnout |\n|:--|--:|\n| Edgware | 34% |")
    assert '<th scope="col">Ward</th>' in html
    assert "<td>Edgware</td>" in html and "<td>34%</td>" in html
    assert "style" not in html


def test_links_get_rel_and_keep_safe_urls():
    html = render_markdown('[site](https://harrow.example/a?b=1&c=2 "Home") '
                           "[page](/about) [mail](mailto:hsp@harrow.example)")
    assert ('<a href="https://harrow.example/a?b=1&amp;c=2" title="Home" '
            'rel="noopener noreferrer nofollow">site</a>') in html
    assert '<a href="/about" rel="noopener noreferrer nofollow">page</a>' in html
    assert 'href="mailto:hsp@harrow.example"' in html


def test_editor_cannot_choose_rel_or_target():
    html = render_markdown("<a href='/x' rel='opener' target='_blank'>x</a>")
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "opener'" not in html and "target" not in html


def test_abbreviations_are_kept():
    html = render_markdown('The <abbr title="Harrow Strategic Partnership">HSP</abbr> met.')
    assert '<abbr title="Harrow Strategic Partnership">HSP</abbr>' in html


def test_images_become_their_alt_text():
    html = render_markdown("![Map of *Harrow* wards](https://tracker.example/map.png)")
    assert "<img" not in html and "tracker.example" not in html
    assert "Map of Harrow wards" in html


def test_gujarati_and_arabic_text_is_preserved():
    gujarati = "હેરો વ્યૂહાત્મક ભાગીદારી"
    arabic = "شراكة هارو الاستراتيجية"
    html = render_markdown(f"# {gujarati}\n\n{arabic}")
    assert f"<h2>{gujarati}</h2>" in html
    assert f"<p>{arabic}</p>" in html


def test_code_is_escaped_not_run():
    html = render_markdown("```html\n<script>alert(1)</script>\n```\n\nUse `<b>` for bold.")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<code>&lt;b&gt;</code>" in html
    assert "<script" not in html


def test_comments_are_stripped():
    assert "secret" not in render_markdown("Visible <!-- secret note -->")


def test_plain_text_has_no_tags_and_keeps_words():
    text = plain_text("# Budget\n\nThe **total** is [£5m](https://x.example).\n\n"
                      "- Edgware\n- Pinner\n\n<p onclick=x>Raw & ready</p>")
    assert text == "Budget\nThe total is £5m.\nEdgware\nPinner\nRaw & ready"


def test_plain_text_leaves_out_what_readers_cannot_see():
    text = plain_text("Hello <!-- internal --> <script>var secret = 1</script>"
                      "<style>.x{}</style>world")
    assert "internal" not in text and "secret" not in text and ".x" not in text
    assert "Hello" in text and "world" in text


def test_plain_text_of_gujarati():
    assert plain_text("## અહેવાલ\n\n*સારાંશ*") == "અહેવાલ\nસારાંશ"
