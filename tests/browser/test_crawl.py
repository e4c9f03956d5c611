"""Every core page, in every shipped language: axe (WCAG 2.2 AA), structure and reflow.

Each language is crawled once (anonymous, resident and administrator, plus each
form sent empty so its error summary shows); the three tests below read the
same crawl, so a failure says which kind of barrier it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe

from portal.i18n import language
from tests.browser.conftest import DESKTOP, LANGUAGES, NARROW

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


@dataclass
class Report:
    """What the crawl of one language found, by kind."""

    visited: list[str] = field(default_factory=list)
    axe: list[str] = field(default_factory=list)
    structure: list[str] = field(default_factory=list)
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
        page.set_viewport_size(NARROW)
        self.report.reflow += [f"{where}: {p}" for p in page.evaluate(REFLOW)]
        # Regions that scroll only at this width must be reachable by keyboard.
        narrow = page.evaluate(f"axe.run({json.dumps(AXE_NARROW)})")["violations"]
        self.report.reflow += [f"{where}: {v['id']} → {[n['target'] for n in v['nodes']]}"
                               for v in narrow]
        page.set_viewport_size(DESKTOP)


@pytest.fixture(scope="session")
def crawl(role_pages, live_server):
    """``crawl(lang)``: the language's report, crawled once for the three tests."""
    reports: dict[str, Report] = {}

    def run(lang: str) -> Report:
        if lang in reports:
            return reports[lang]
        report = reports[lang] = Report()
        c = Crawler(lang, report)
        anonymous = role_pages("anonymous")
        for path in ("/", "/account/login", "/account/register", "/account/forgot-password",
                     "/bodies/", "/search?q=no-such-thing"):
            c.open(anonymous, "anonymous", path)
        c.open(anonymous, "anonymous", "/bodies/hsp-board", shows="main table td")
        c.open(anonymous, "anonymous", "/publications/", shows=".results li a")
        c.open(anonymous, "anonymous", "/publications/?kind=report&year=2009",
               shows=".results li a")
        # Translated into gu and ar; English (with the fallback notice) elsewhere.
        c.open(anonymous, "anonymous", "/publications/hce-report-to-agm-2009",
               shows=".document")
        c.open(anonymous, "anonymous", "/publications/constitution", shows=".document")
        c.open(anonymous, "anonymous", "/publications/board-agm-agenda-2009-05-26",
               shows=".agenda li")
        for path in ("/scorecard/", "/scorecard/exceptions", "/scorecard/groups/childrens-trust",
                     "/scorecard/how-statuses-are-worked-out"):
            c.open(anonymous, "anonymous", path, shows="main .status")
        c.open(anonymous, "anonymous", "/scorecard/indicators/T1-ii", shows="main svg")
        meeting = live_server.ids["meeting"]
        c.open(anonymous, "anonymous", "/meetings/", shows=".results li a")
        c.open(anonymous, "anonymous", f"/meetings/{live_server.ids['board_meeting']}",
               shows="main .status")
        c.open(anonymous, "anonymous", f"/meetings/{meeting}", shows="main form #name")
        c.open(anonymous, "anonymous", f"/meetings/sign-ups/{live_server.ids['token']}",
               shows="main .status")
        c.submit_empty(anonymous, "anonymous", f"/meetings/{meeting}",
                       form="main form:has(#name)")
        ids = live_server.ids
        for path in ("/assembly/", "/assembly/partnership-summit",
                     "/assembly/autumn-assembly-2009?sort=question",
                     "/assembly/autumn-assembly-2009/running-order",
                     "/assembly/autumn-assembly-2009/outcomes"):
            c.open(anonymous, "anonymous", path, shows="main h1")
        c.open(anonymous, "anonymous",
               f"/assembly/autumn-assembly-2009/topics/{ids['assembly_topic']}",
               shows="main [lang][dir]")
        for path in ("/partnership/", "/partnership/referrals/", "/partnership/funding/"):
            c.open(anonymous, "anonymous", path, shows="main a[href*='/partnership/']")
        for slug in ("hsp-board", "safer-harrow", "recession-busting-group"):
            c.open(anonymous, "anonymous", f"/partnership/groups/{slug}", shows="main table td")
        c.open(anonymous, "anonymous", f"/partnership/referrals/{ids['referral']}",
               shows="main .status")
        c.open(anonymous, "anonymous", f"/partnership/projects/{ids['project']}",
               shows="main table td")
        c.open(anonymous, "anonymous", f"/partnership/funding/{ids['funding_round']}",
               shows="main table td")
        # The test plugin's search finds "cafe".
        c.open(anonymous, "anonymous", "/search?q=cafe", shows=".results li a")
        # A 404 from inside the language's pages (an unknown body), so it is in that language.
        c.open(anonymous, "anonymous", "/bodies/no-such-body", status=404)
        for path in ("/account/register", "/account/login", "/account/forgot-password"):
            c.submit_empty(anonymous, "anonymous", path)

        resident = role_pages("resident")
        for path in ("/dashboard", "/account/profile", "/account/delete"):
            c.open(resident, "resident", path)
        c.submit_empty(resident, "resident", "/account/profile", form="main form:has(#name)")
        c.submit_empty(resident, "resident", "/account/delete")
        c.open(resident, "resident", "/assembly/partnership-summit/topics/new",
               shows="main form #title")
        c.submit_empty(resident, "resident", "/assembly/partnership-summit/topics/new",
                       form="main form:has(#title)")
        c.open(resident, "resident", "/assembly/partnership-summit")

        member = role_pages("member")  # a voluntary organisation's contact
        for path in ("/compact/complaints/", "/compact/complaints/new",
                     "/compact/complaints/CPT-2009-0001"):
            c.open(member, "member", path)
        c.submit_empty(member, "member", "/compact/complaints/new")
        c.open(member, "member", "/partnership/proposals/new")
        c.open(member, "member", f"/partnership/proposals/{ids['proposal']}")
        c.open(member, "member", "/partnership/referrals/new", status=403)  # who may, and how
        c.submit_empty(member, "member", "/partnership/proposals/new")
        c.open(anonymous, "anonymous", "/compact/report/2009", shows="main li[lang=en]")
        for path in ("/accessibility", "/accessibility/report-a-problem",
                     "/help/another-format?page=/en/bodies/"):
            c.open(anonymous, "anonymous", path)
        c.submit_empty(anonymous, "anonymous", "/accessibility/report-a-problem")
        c.submit_empty(anonymous, "anonymous", "/help/another-format")

        admin = role_pages("admin")
        for path in ("/admin/", "/admin/plugins", "/admin/users",
                     f"/admin/users/{live_server.ids['resident']}", "/admin/organisations",
                     "/admin/organisations/havs", "/admin/bodies/", "/admin/bodies/new",
                     "/admin/bodies/hsp-board", "/admin/publications/",
                     "/admin/publications/new", f"/admin/publications/{live_server.ids['report']}",
                     f"/admin/publications/{live_server.ids['report']}/translations/gu",
                     f"/admin/publications/{live_server.ids['report']}/revisions",
                     f"/admin/publications/{live_server.ids['report']}/revisions/1",
                     "/admin/publications/translation-requests", "/scorecard/manage/",
                     "/scorecard/manage/quarters/8031", "/scorecard/manage/import",
                     "/meetings/manage/", "/meetings/manage/new",
                     f"/meetings/manage/{live_server.ids['meeting']}",
                     f"/meetings/manage/{live_server.ids['meeting']}/attendees",
                     f"/meetings/manage/{live_server.ids['board_meeting']}/attendance",
                     f"/meetings/manage/{live_server.ids['meeting']}/message",
                     "/compact/queue", "/compact/complaints/CPT-2009-0002",
                     f"/compact/complaints/CPT-{date.today().year}-9001",
                     "/compact/commitments/", "/compact/commitments/new",
                     "/admin/help-requests", "/admin/help-requests?state=done",
                     "/admin/security-log", "/admin/security-log?kind=login"):
            c.open(admin, "administrator", path)
        manage = "/assembly/manage"
        for path in (f"{manage}/", f"{manage}/new", f"{manage}/{ids['summit']}",
                     f"{manage}/{ids['summit']}/queue",
                     f"{manage}/{ids['summit']}/queue?show=all",
                     f"{manage}/{ids['summit']}/topics/{ids['summit_new_topic']}",
                     f"{manage}/{ids['assembly']}/plan",
                     f"{manage}/{ids['assembly']}/recommendations",
                     f"{manage}/{ids['assembly']}/recommendations/"
                     f"{ids['assembly_recommendation']}"):
            c.open(admin, "administrator", path)
        c.submit_empty(admin, "administrator", f"{manage}/new")
        c.submit_empty(admin, "administrator", f"{manage}/{ids['assembly']}/plan",
                       form="main form#round-form")
        c.submit_empty(admin, "administrator",
                       f"{manage}/{ids['summit']}/topics/{ids['summit_new_topic']}",
                       form="main form:has(#reason)")
        c.submit_empty(admin, "administrator", "/admin/publications/new")
        c.submit_empty(admin, "administrator", "/scorecard/manage/import")
        c.submit_empty(admin, "administrator", "/meetings/manage/new")
        c.submit_empty(admin, "administrator", "/compact/commitments/new")
        c.submit_empty(admin, "administrator", "/admin/bodies/new")
        project, funding_round = ids["project"], ids["funding_round"]
        for path in ("/partnership/proposals/", f"/partnership/proposals/{ids['proposal']}",
                     "/partnership/referrals/new",
                     f"/partnership/referrals/{ids['open_referral']}",
                     "/partnership/projects/new", f"/partnership/projects/{project}/plan",
                     f"/partnership/projects/{project}/reports/new", "/partnership/funding/new",
                     f"/partnership/funding/{funding_round}",
                     f"/partnership/funding/proposals/{ids['bid']}",
                     "/partnership/groups/hsp-board/edit", f"/partnership/projects/{project}/edit",
                     f"/partnership/projects/{project}/tasks/{ids['task']}/edit",
                     f"/partnership/projects/{project}/measures/{ids['measure']}/edit",
                     f"/partnership/projects/reports/{ids['progress_report']}/edit"):
            c.open(admin, "administrator", path)
        for path in ("/partnership/referrals/new", "/partnership/projects/new",
                     f"/partnership/projects/{project}/reports/new", "/partnership/funding/new"):
            c.submit_empty(admin, "administrator", path)
        c.submit_empty(admin, "administrator", f"/partnership/proposals/{ids['proposal']}")
        c.submit_empty(admin, "administrator", f"/partnership/projects/{project}/plan",
                       form="main #task-form")
        c.submit_empty(admin, "administrator", f"/partnership/funding/proposals/{ids['bid']}",
                       form="main #score-form")
        c.submit_empty(admin, "administrator", "/admin/bodies/hsp-board",
                       form="main form:has(#person_name)")
        return report

    return run


def failures(found: list[str], report: Report) -> str:
    return (f"{len(found)} problem(s) on {len(report.visited)} pages:\n  "
            + "\n  ".join(found))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_passes_axe_wcag_22_aa(lang, crawl):
    report = crawl(lang)
    assert not report.axe, failures(report.axe, report)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_one_h1_landmarks_skip_link_and_language_attributes(lang, crawl):
    report = crawl(lang)
    assert not report.structure, failures(report.structure, report)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_reflows_at_320_css_pixels(lang, crawl):
    report = crawl(lang)
    assert not report.reflow, failures(report.reflow, report)

