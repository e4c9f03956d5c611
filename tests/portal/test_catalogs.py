"""Every shipped catalog is complete and current with the source text."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from portal.i18n import TRANSLATIONS, shipped_codes

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
            "lazy_ngettext": (1, 2)}


def source_messages() -> set[str]:
    with open(ROOT / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.fixture(scope="module")
def messages():
    return source_messages()


def catalog(code):
    with open(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(BytesIO(f.read()), locale=code)


TRANSLATED = [c for c in shipped_codes() if c != "en"]


def test_the_required_languages_are_shipped():
    assert {"en", "gu", "ta", "ro", "pl", "pt", "so", "ar", "ur", "fa"} <= set(shipped_codes())


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalog_has_every_source_string_translated(code, messages):
    cat = catalog(code)
    missing = sorted(m for m in messages if m not in cat or not _translated(cat[m]))
    assert not missing, f"{code}: untranslated (run `make extract-messages`, then translate): " \
                        f"{missing[:10]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalog_has_no_stale_or_fuzzy_entries(code, messages):
    cat = catalog(code)
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in cat if m.id}
    stale = sorted(ids - messages)
    fuzzy = sorted(str(m.id) for m in cat if m.id and m.fuzzy)
    assert not stale, f"{code}: entries no longer in the source: {stale[:10]}"
    assert not fuzzy, f"{code}: fuzzy entries need review: {fuzzy[:10]}"
    assert not cat.obsolete, f"{code}: obsolete (#~) entries: {list(cat.obsolete)[:10]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_plural_entries_have_every_form_of_the_language(code):
    cat = catalog(code)
    for message in cat:
        if message.id and message.pluralizable:
            assert len(message.string) == cat.num_plurals, (code, message.id)


@pytest.mark.parametrize("code", TRANSLATED)
def test_placeholders_are_kept_in_translations(code):
    import re

    pattern = re.compile(r"%\((\w+)\)[sd]")
    for message in catalog(code):
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[1]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            assert set(pattern.findall(text)) <= set(pattern.findall(source)), (code, source)


def _translated(message) -> bool:
    if message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


REVIEW_STATES = {"reviewed by a fluent speaker",
                 "machine-assisted, not yet reviewed by a fluent speaker"}


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalog_records_whether_a_fluent_speaker_reviewed_it(code):
    text = (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    states = [line.split(":", 1)[1].strip() for line in text.splitlines()
              if line.startswith("# X-Review-Status:")]
    assert len(states) == 1 and states[0] in REVIEW_STATES, states
