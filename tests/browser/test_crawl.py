"""Every page, in every shipped language: axe (WCAG 2.2 AA), structure, focus and reflow.

Each language is crawled once, by the plan in ``crawl_plan`` (anonymous, resident,
organisation member, officer and administrator, plus each form sent empty so its
error summary shows), in one test per language; each kind of barrier is a subtest
of that test, so a failure says which kind it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe

from portal.i18n import language
from tests.browser.conftest import DESKTOP, LANGUAGES, NARROW
from tests.browser.crawl_plan import PLAN

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                          "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}
AXE_NARROW = {"runOnly": {"type": "rule", "values": ["scrollable-region-focusable"]},
              "resultTypes": ["violations"]}

STRUCTURE = """() => {
  const problems = [];
  const h1s = document.querySelectorAll('h1').length;
  if (h1s !== 1) problems.push(`${h1s} <h1> elements, expected exactly one`);
  const focusable = [...document.querySelectorAll(
      'a[href], button, input, select, textarea, summary, [tabindex]')]
    .filter(el => !el.disabled && el.type !== 'hidden' && el.tabIndex >= 0);
  const first = focusable[0];
  if (!first || !first.matches('a.skip-link') || first.getAttribute('href') !== '#main')
    problems.push(`first focusable element is ${first ? first.outerHTML.slice(0, 80) : 'none'}`
                  + ', not the skip link to #main');
  const main = document.getElementById('main');
  if (!main || main.tagName !== 'MAIN') problems.push('#main is not the <main> element');
  const landmarks = {header: 'body > header', nav: 'header nav', main: 'main',
                     footer: 'body > footer'};
  for (const [name, selector] of Object.entries(landmarks))
    if (!document.querySelector(selector)) problems.push(`no <${name}> landmark (${selector})`);
  if (document.querySelectorAll('main').length !== 1) problems.push('more than one <main>');
  return {
    lang: document.documentElement.getAttribute('lang'),
    dir: document.documentElement.getAttribute('dir'),
    switcher: [...document.querySelectorAll('nav.languages a')].map(
      a => [a.textContent.trim(), a.getAttribute('lang')]),
    problems,
  };
}"""

REFLOW = """() => {
  const problems = [];
  const width = window.innerWidth;
  const scroll = document.documentElement.scrollWidth;
  if (scroll > width) problems.push(`page scrolls sideways: scrollWidth ${scroll}px > ${width}px`);
  const describe = el => `<${el.tagName.toLowerCase()}> “${el.textContent.trim().slice(0, 40)}”`;
  for (const el of document.querySelectorAll('button, .button, input[type=submit], nav a')) {
    if (!el.getClientRects().length || el.closest('.visually-hidden')) continue;
    const box = el.getBoundingClientRect();
    // Inside a scroll region (a wide table) it is reached by scrolling that region.
    let inRegion = false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
      if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX)) inRegion = true;
    if (!inRegion && (box.left < -1 || box.right > width + 1))
      problems.push(`${describe(el)} sticks out of the viewport (${box.left}–${box.right}px)`);
    // Inline boxes wrap and have no client width; block-level ones may clip their text.
    if (getComputedStyle(el).display !== 'inline' && el.scrollWidth > el.clientWidth + 1)
      problems.push(`${describe(el)} text clipped: ${el.scrollWidth}px in ${el.clientWidth}px`);
  }
  return problems;
}"""

# Every element a keyboard reaches shows that it has the focus (WCAG 2.4.7): focused, its
# outline, box-shadow or background differs from how it looks unfocused.
FOCUS = """() => {
  const problems = [];
  const look = el => { const s = getComputedStyle(el);
    return {outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1,
            shadow: s.boxShadow, background: s.backgroundColor}; };
  const reachable = [...document.querySelectorAll(
      'a[href], button, input, select, textarea, summary, [tabindex]')]
    .filter(el => !el.disabled && el.type !== 'hidden' && el.tabIndex >= 0);
  for (const el of reachable) {
    if (document.activeElement && document.activeElement !== document.body)
      document.activeElement.blur();
    const before = look(el);
    el.focus({preventScroll: true});
    if (document.activeElement !== el) continue;  // not focusable after all (e.g. hidden)
    const after = look(el);
    if (!after.outline && after.shadow === before.shadow
        && after.background === before.background)
      problems.push(`<${el.tagName.toLowerCase()}> “${(el.textContent || el.name || '')
        .trim().slice(0, 40)}” shows no focus indicator`);
  }
  if (document.activeElement) document.activeElement.blur();
  return problems;
}"""


@dataclass
class Report:
    """What the crawl of one language found, by kind."""

    visited: list[str] = field(default_factory=list)
    axe: list[str] = field(default_factory=list)
    structure: list[str] = field(default_factory=list)
    focus: list[str] = field(default_factory=list)
    reflow: list[str] = field(default_factory=list)


class Crawler:
    def __init__(self, lang: str, report: Report):
        self.lang, self.report, self.axe = lang, report, Axe()
        self.expected = {"lang": lang, "dir": "rtl" if language(lang).rtl else "ltr",
                         "switcher": [[language(c).name, c] for c in LANGUAGES]}

    def open(self, page, role: str, path: str, *, status: int = 200,
             shows: str | None = None) -> None:
        """Visit ``path``; ``shows`` is a selector the page must contain."""
        response = page.goto(f"/{self.lang}{path}")
        where = f"{role} {page.url}"
        if response is None or response.status != status:
            self.report.structure.append(
                f"{where}: HTTP {response and response.status}, expected {status}")
        if shows and not page.locator(shows).count():
            self.report.structure.append(f"{where}: nothing matches {shows!r}")
        self.check(page, where)

    def submit_empty(self, page, role: str, path: str, form: str = "main form") -> None:
        """Send a form with nothing filled in; its error summary must show."""
        page.goto(f"/{self.lang}{path}")
        page.locator(f"{form} input:not([type=hidden]):not([type=checkbox])").evaluate_all(
            "inputs => inputs.forEach(i => { i.value = ''; })")
        with page.expect_navigation():
            page.locator(f"{form} button[type=submit]").click()
        where = f"{role} {page.url} (form sent empty)"
        if not page.locator(".error-summary a[href^='#']").count():
            self.report.structure.append(f"{where}: no error summary with links to the fields")
        self.check(page, where)

    def check(self, page, where: str) -> None:
        self.report.visited.append(where)
        for v in self.axe.run(page, options=AXE_OPTIONS).response["violations"]:
            targets = ", ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:5])
            self.report.axe.append(
                f"{where}: {v['id']} ({v['impact']}) {v['help']} → {targets}")
        found = page.evaluate(STRUCTURE)
        self.report.structure += [f"{where}: {p}" for p in found["problems"]]
        for key in ("lang", "dir", "switcher"):
            if found[key] != self.expected[key]:
                self.report.structure.append(
                    f"{where}: {key} is {found[key]!r}, expected {self.expected[key]!r}")
        self.report.focus += [f"{where}: {p}" for p in page.evaluate(FOCUS)]
        page.set_viewport_size(NARROW)
        self.report.reflow += [f"{where}: {p}" for p in page.evaluate(REFLOW)]
        # Regions that scroll only at this width must be reachable by keyboard.
        narrow = page.evaluate(f"axe.run({json.dumps(AXE_NARROW)})")["violations"]
        self.report.reflow += [f"{where}: {v['id']} → {[n['target'] for n in v['nodes']]}"
                               for v in narrow]
        page.set_viewport_size(DESKTOP)


@pytest.fixture(scope="session")
def crawl(role_pages, live_server):
    """``crawl(lang)``: the language's report, crawled once for the four tests."""
    reports: dict[str, Report] = {}
    values = {**live_server.ids, "year": date.today().year}

    def run(lang: str) -> Report:
        if lang in reports:
            return reports[lang]
        report = reports[lang] = Report()
        c = Crawler(lang, report)
        for visit in PLAN:
            page, path = role_pages(visit.role), visit.path.format(**values)
            if visit.submit:
                c.submit_empty(page, visit.role, path, form=visit.submit)
            else:
                c.open(page, visit.role, path, status=visit.status, shows=visit.shows)
        return report

    return run


def failures(found: list[str], report: Report) -> str:
    return (f"{len(found)} problem(s) on {len(report.visited)} pages:\n  "
            + "\n  ".join(found))


# What the crawl checks on every page, each reported on its own when it fails.
BARRIERS = {
    "axe": "axe-core finds no WCAG 2.2 AA violation",
    "structure": "one h1, the landmarks, the skip link first, the language's lang and dir",
    "reflow": "reflows at 320 CSS pixels",
    "focus": "every element the keyboard reaches shows its focus",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_in_the_language_is_accessible(lang, crawl, subtests):
    # One test per language, so a language is crawled once on whichever xdist worker
    # runs it; each kind of barrier is a subtest of its own, failing on its own.
    report = crawl(lang)
    assert report.visited
    for kind, what in BARRIERS.items():
        with subtests.test(what):
            found = getattr(report, kind)
            assert not found, failures(found, report)
