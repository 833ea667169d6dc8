"""The explainer in Spanish (``?lang=es``), in a real browser on the real server.

Every view speaks the link's language, with the page's language set for screen readers; a switch
on every view keeps the answers; the links the page writes keep the language; an unknown language
is English, calmly, and never echoed; a page in Spanish shows no English sentence of data/
outside the elements marked English (the sources' own words and titles); axe finds nothing, and
nothing scrolls sideways, wide and on a phone.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from playwright.sync_api import expect
from pypdf import PdfReader
from test_accessibility import SIZES, assert_clean
from voila_harness import CHANGE_TIMEOUT_MS, PAGE_TIMEOUT_MS, Dashboard

from explainer import advise, default_content
from explainer.data_files import DATA_DIR, FILES
from explainer.translation import TEXT_FIELDS

SPANISH = default_content("es")
ENGLISH = default_content()
VIEWS = {
    "self-check": ("?lang=es&rare_cancer=yes", ".advice-region .advice"),
    "presenter": ("?view=present&lang=es", ".presenter"),
    "plan": ("?view=handout&lang=es&rare_cancer=yes", ".handout .summary"),
}
#: A sentence (or a fragment between placeholders) this long is one no Spanish page may show.
MIN_WORDS = 4

#: The visible text of the page outside elements marked with another language than the page's
#: (a source's own words and titles are English, marked lang="en"), every disclosure opened.
VISIBLE_TEXT = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const page = document.documentElement.lang;
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!el || !el.checkVisibility()) continue;
    const marked = el.closest('[lang]');
    if (marked && marked.lang !== page) continue;
    parts.push(walker.currentNode.textContent);
  }
  return parts.join(' ');
}"""


def _strings(value: object, key: str | None, texts: frozenset[str] | None) -> list[str]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(v, str(k), texts)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v, key, texts)]
    if isinstance(value, str) and key is not None and (texts is None or key in texts):
        return [value]
    return []


def english_sentences() -> set[str]:
    """Every sentence of every English text in data/ (split at placeholders too) of at least
    ``MIN_WORDS`` words, that its Spanish file does not use as it is (a name)."""
    found: set[str] = set()
    for name in FILES:
        english = yaml.safe_load((DATA_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
        spanish = yaml.safe_load((DATA_DIR / "es" / f"{name}.yaml").read_text(encoding="utf-8"))
        same = set(_strings(spanish, None, TEXT_FIELDS[name]))
        for text in _strings(english, None, TEXT_FIELDS[name]):
            if text in same:
                continue
            for part in re.split(r"\{\w+\}|(?<=[.!?:;])\s+", " ".join(text.split())):
                part = part.strip(" .,:;“”\"'")
                if len(part.split()) >= MIN_WORDS:
                    found.add(part)
    return found


def test_the_sentences_to_look_for_are_many() -> None:
    """The check below looks for hundreds of sentences (an empty set would pass anything)."""
    assert len(english_sentences()) > 500


def _english_on_screen(page) -> list[str]:
    text = " ".join(page.evaluate(VISIBLE_TEXT).split())
    return sorted(s for s in english_sentences() if s in text)


def test_a_spanish_link_gives_the_whole_self_check_in_spanish(page, server) -> None:
    """``/?lang=es&rare_cancer=yes``: the page's language is Spanish, its heading, title and
    advice are Spanish, and no English sentence of data/ shows in any of its three views."""
    dash = Dashboard(page).open(server.url + "?lang=es&rare_cancer=yes")
    dash.wait_for_level("essential")
    assert page.evaluate("document.documentElement.lang") == "es"
    assert page.locator("h1:visible").inner_text() == SPANISH.texts["title"]
    assert page.title() == SPANISH.texts["page_title"]
    summary = advise({"rare_cancer": True}, SPANISH).summary
    assert " ".join(summary.split()) in " ".join(dash.advice.inner_text().split())
    assert _english_on_screen(page) == []
    for key in ("nav_stories", "nav_sources"):
        dash.nav_button(SPANISH.texts[key]).click()
        page.locator(".stories, .sources-view").locator("visible=true").first.wait_for()
        assert _english_on_screen(page) == [], key
    # The quotes are the article's own words, in English, marked so, with our rendering.
    quote = page.locator('blockquote[lang="en"]').first
    assert quote.count() == 1
    assert (
        page.locator(".quote-translation")
        .first.inner_text()
        .startswith(SPANISH.texts["quote_translation"])
    )


def test_the_check_finds_english_on_a_spanish_page(page, server) -> None:
    """The English page shows many of those sentences: the check above can fail."""
    Dashboard(page).open(server.url + "?rare_cancer=yes").wait_for_level("essential")
    page.evaluate("document.documentElement.lang = 'es'")  # as a page left in English would
    assert len(_english_on_screen(page)) > 20


@pytest.mark.parametrize("view", ["presenter", "plan"])
def test_the_presenter_and_the_plan_speak_spanish(page, server, view: str) -> None:
    query, ready = VIEWS[view]
    page.goto(server.url + query)
    page.locator(ready).first.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
    assert page.evaluate("document.documentElement.lang") == "es"
    heading = SPANISH.texts["presenter_title" if view == "presenter" else "handout_title"]
    assert heading in page.locator("h1:visible").first.inner_text()
    assert _english_on_screen(page) == []


def test_the_pdf_is_in_spanish_with_its_accents(page, server, tmp_path: Path) -> None:
    page.goto(server.url + VIEWS["plan"][0])
    page.locator(".handout .summary").wait_for(timeout=PAGE_TIMEOUT_MS)
    page.locator(".download-pdf").click()
    link = page.locator("a.pdf-link")
    link.wait_for(timeout=CHANGE_TIMEOUT_MS)
    assert link.get_attribute("download") == SPANISH.texts["pdf_file_name"]
    with page.expect_download() as download_info:
        link.click()
    target = tmp_path / "plan.pdf"
    download_info.value.save_as(target)
    reader = PdfReader(target)
    text = " ".join("".join(p.extract_text() for p in reader.pages).split())
    first = advise({"rare_cancer": True}, SPANISH).key_points[0].text
    assert " ".join(first.split()) in text
    assert "opinión" in text and re.search(r"\d{1,2} de [a-zé]+ de \d{4}", text)
    assert reader.trailer["/Root"].get("/Lang") == "es"
    # The PDF's type speaks Latin-1 (explainer/pdf.py): "¿", "ñ" and the accents are drawn.
    assert "¿" in text or "ñ" in text
    # Outside the sources' own titles and publishers (their names, in English, as on the page).
    for source in SPANISH.sources:
        text = text.replace(source.title, "").replace(source.publisher, "")
    assert sorted(s for s in english_sentences() if s in text) == []


@pytest.mark.parametrize(
    ("start", "ready"),
    [
        ("?rare_cancer=yes&opinions_so_far=two_disagree", ".advice-region .advice"),
        ("?view=handout&rare_cancer=yes", ".handout .summary"),
        ("?view=present&story=amara_sarcoma", ".presenter"),
    ],
)
def test_the_switch_keeps_the_answers_both_ways(page, server, start: str, ready: str) -> None:
    page.goto(server.url + start)
    page.locator(ready).first.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
    before = parse_qs(urlsplit(page.url).query)
    switch = page.locator(".language-switch-region a.language-link")
    assert switch.get_attribute("lang") == "es"
    assert switch.inner_text() == ENGLISH.texts["language_switch"]
    switch.click()
    page.wait_for_url(re.compile(r"lang=es"))
    page.locator(ready).first.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
    assert page.evaluate("document.documentElement.lang") == "es"
    assert parse_qs(urlsplit(page.url).query) == {**before, "lang": ["es"]}
    back = page.locator(".language-switch-region a.language-link")
    assert (
        back.inner_text() == SPANISH.texts["language_switch"] and back.get_attribute("lang") == "en"
    )
    back.click()
    page.wait_for_url(lambda url: "lang=" not in url)
    page.locator(ready).first.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
    assert page.evaluate("document.documentElement.lang") == "en"
    assert parse_qs(urlsplit(page.url).query) == before


def test_the_links_the_page_writes_keep_the_language(page, server) -> None:
    """ "Copy the link", the plan's link and the way back from the presenter keep ``lang=es``;
    after a change, the switch carries the new answers."""
    dash = Dashboard(page).open(server.url + "?lang=es")
    dash.set_yes_no("rare_cancer", True)
    dash.wait_for_level("essential")
    # Each link is redrawn by a message of its own, after the advice's: wait for each.
    expect(page.locator(".share-link")).to_have_attribute("href", "?lang=es&rare_cancer=yes")
    expect(page.locator(".handout-link")).to_have_attribute(
        "href", "?view=handout&lang=es&rare_cancer=yes"
    )
    expect(page.locator(".language-switch-region a.language-link")).to_have_attribute(
        "href", "?rare_cancer=yes"
    )
    page.goto(server.url + "?view=present&lang=es")
    page.locator(".presenter").wait_for(timeout=PAGE_TIMEOUT_MS)
    assert page.locator("a.back-link").get_attribute("href") == "?lang=es"


@pytest.mark.parametrize("value", ["qx", "zz-evil<b>qz", "ES", ""])
def test_an_unknown_language_is_english_calmly_and_never_echoed(page, server, value: str) -> None:
    """English, with the calm "part of your link could not be used" notice, and the value
    nowhere in the page (values chosen to appear in no page otherwise)."""
    dash = Dashboard(page)
    page.goto(server.url + "?rare_cancer=yes&lang=" + value)
    dash.advice.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
    dash.wait_for_level("essential")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1:visible").inner_text() == ENGLISH.texts["title"]
    whole = page.content()  # the head (title, lang) and the body, as the page holds them now
    if value:
        assert ENGLISH.texts["link_ignored"] in page.locator(".notice-region").inner_text()
    for token in ("qx", "evil", "qz"):  # in no page otherwise, escaped or not
        assert token not in whole, token


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
@pytest.mark.parametrize("view", VIEWS, ids=list(VIEWS))
def test_axe_finds_nothing_in_spanish_and_nothing_scrolls_sideways(
    page, server, view: str, size: str
) -> None:
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    query, ready = VIEWS[view]
    page.goto(server.url + query)
    page.locator(ready).first.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
    assert_clean(page)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    widest = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('body *')]"
        ".filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect().right))"
    )
    assert widest <= width + 1, f"something reaches {widest}px on a {width}px screen"
    # Spanish runs longer: no button's words are cut off (a fixed-height button may not grow).
    clipped = page.evaluate(
        "() => [...document.querySelectorAll('.explainer-app button')]"
        ".filter(b => b.offsetParent !== null && (b.scrollHeight > b.clientHeight + 1"
        " || b.scrollWidth > b.clientWidth + 1)).map(b => b.innerText)"
    )
    assert clipped == [], clipped


def test_the_first_paint_is_in_the_link_s_language(browser, server) -> None:
    """Before the widgets arrive, a Spanish link shows the Spanish heading and questions, and
    none of the English first paint (the page holds both: explainer/preview.py)."""
    context = browser.new_context(viewport={"width": 375, "height": 812})
    try:
        page = context.new_page()
        page.route("**/widgets.js*", lambda route: route.abort())
        page.goto(server.url + "?lang=es")
        spanish = page.locator('#explainer-preview [data-explainer-lang="es"]')
        spanish.locator("h1").wait_for()
        assert spanish.locator("h1").inner_text() == SPANISH.texts["title"]
        assert spanish.locator(".preview-questions").is_visible()  # only `lang`: no answers
        assert page.locator('#explainer-preview [data-explainer-lang="en"]').is_hidden()
        assert page.locator("#loading").inner_text() == SPANISH.texts["loading"]
        assert page.title() == SPANISH.texts["page_title"]
        assert _english_on_screen(page) == []
    finally:
        context.close()
