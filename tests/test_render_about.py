"""The "about" HTML: every trust item in its own classed section, escaped, cited and linked."""

from __future__ import annotations

import dataclasses
import re
from html import escape
from html.parser import HTMLParser

import pytest

from explainer import default_content
from explainer.model import Content
from explainer.render import about_html, nowrap_phones

SECTIONS = ("trust-date", "update-policy", "funding", "pros-cons", "evidence-figures")


@pytest.fixture(scope="module")
def content() -> Content:
    return default_content()


@pytest.fixture(scope="module")
def html(content: Content) -> str:
    return about_html(content, content.texts)


def _section(html: str, css_class: str) -> str:
    found = re.search(rf'<section class="{css_class}">(.*?)</section>', html, re.S)
    assert found, f"no section {css_class!r}"
    return found.group(1)


@pytest.mark.parametrize("css_class", SECTIONS)
def test_each_trust_item_is_a_section_with_a_heading(html: str, css_class: str) -> None:
    """Each trust item is a section with its class and an h2 heading first."""
    assert _section(html, css_class).startswith("<h2>")


def test_what_this_is_and_the_plain_statements_come_first(content: Content, html: str) -> None:
    """The about section opens with what this is, then not advice, then privacy."""
    about = _section(html, "about")
    texts = content.texts
    order = [content.about.text("what_this_is"), texts["not_advice"], texts["privacy"]]
    assert [about.index(t) for t in order] == sorted(about.index(t) for t in order)


def test_the_production_date_and_next_review_are_words_for_people_and_iso_for_machines(
    content: Content, html: str
) -> None:
    """The date written and the next review date read as words ("November 25, 2026"), in <time>
    elements that keep the ISO date; no ISO date is left in the text a visitor reads."""
    assert content.about.produced == "2026-11-25"
    written = '<time datetime="2026-11-25">November 25, 2026</time>'
    assert written in _section(html, "trust-date")
    policy = _section(html, "update-policy")
    assert (
        f'<time datetime="{content.about.policy.next_review_by}">November 25, 2027</time>' in policy
    )
    assert not re.search(r">[^<]*[0-9]{4}-[0-9]{2}", html)


def test_reviewers_are_named_once_the_team_names_them(content: Content) -> None:
    """With no reviewer named, the page says who checks the content and leaves the makers no
    note; once named, the names are shown."""
    unnamed = about_html(content, content.texts)
    assert content.about.policy.reviewer is None
    assert content.about.policy.who in unnamed and 'class="reviewer"' not in unnamed
    policy = dataclasses.replace(content.about.policy, reviewer="Dr A. Example & team")
    named = dataclasses.replace(content, about=dataclasses.replace(content.about, policy=policy))
    html = about_html(named, content.texts)
    assert '<p class="reviewer">Dr A. Example &amp; team</p>' in html


def test_pros_and_cons_are_two_lists_of_equal_length_each_cited(html: str) -> None:
    """Good points and drawbacks are side by side, as many of each; after each list, one
    disclosure holds every point's source under that point's words."""
    section = _section(html, "pros-cons")
    pros = re.search(r'<div class="pros">(.*?)</div>', section, re.S)
    cons = re.search(r'<div class="drawbacks">(.*?)</div>', section, re.S)
    assert pros and cons
    items = [re.findall(r"<li data-point=.*?</li>", g.group(1), re.S) for g in (pros, cons)]
    assert len(items[0]) == len(items[1]) > 1
    for group, listed in zip((pros, cons), items, strict=True):
        assert "citation" not in "".join(listed)
        cited = re.findall(r'<p class="cited-point">(.*?)</p>', group.group(1), re.S)
        # The list's words without the glossary's meanings (a disclosure is never changed).
        shown = [re.sub(r'<span class="term-meaning">.*?</span>|<[^>]+>', "", li) for li in listed]
        assert group.group(1).count('<details class="citation grouped">') == 1
        assert set(cited) == set(shown)


def test_figures_table_has_finding_population_and_a_source_link(
    content: Content, html: str
) -> None:
    """Each figure is a row with its finding, its population and a link to its source."""
    section = _section(html, "evidence-figures")
    assert "<caption>" in section and section.count('<th scope="col">') == 3
    for figure in content.about.figures:
        row = re.search(rf'<tr data-figure="{figure.id}">(.*?)</tr>', section, re.S)
        assert row, figure.id
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
        assert len(cells) == 3
        assert cells[1].strip()
        assert f'href="{figure.citation.url}"' in cells[2]


def test_a_note_for_reviewers_on_a_built_address_is_not_shown(content: Content, html: str) -> None:
    """How an address was built from a PubMed ID is kept in the data for reviewers, and the
    page links to the address without the note."""
    source = content.source("ray_coquard_2012")
    assert source.url_note and "PubMed ID" in source.url_note
    assert "PubMed" not in html and f'href="{source.url}"' in html


def _row(html: str, figure_id: str) -> str:
    row = re.search(
        rf'<tr data-figure="{figure_id}">(.*?)</tr>', _section(html, "evidence-figures"), re.S
    )
    assert row, figure_id
    return row.group(1)


def test_each_figure_that_fits_in_100_is_drawn_as_pictures_saying_their_numbers(
    content: Content, html: str
) -> None:
    """A figure with icons is drawn as pictures of 100 people side by side, each named by a label
    and a caption that state its number, with one key; one too small for 100 is in words only."""
    drawn = [f for f in content.about.figures if f.icons]
    assert len(drawn) >= 4
    for figure in content.about.figures:
        row = _row(html, figure.id)
        if not figure.icons:
            assert "<svg" not in row
            continue
        labels = re.findall(r'<svg class="icon-array" role="img" aria-label="([^"]*)"', row)
        captions = re.findall(r'<figcaption class="icon-array-caption">([^<]*)<', row)
        assert labels == [escape(i.label) for i in figure.icons], figure.id
        assert captions == [escape(i.caption) for i in figure.icons], figure.id
        for icons in figure.icons:
            assert f"{icons.count} in every 100" in icons.label, figure.id
            assert f"{icons.count} in 100" in icons.caption, figure.id
        assert row.count('class="fig-') == 100 * len(figure.icons)
        assert row.count('class="fig-filled"') == sum(i.count for i in figure.icons)
        assert row.count('class="icon-array-key"') == 1


def test_every_picture_has_the_same_two_kinds_with_one_meaning(content: Content, html: str) -> None:
    """Across all the study pictures there are only filled and outlined figures, and every key
    gives them the same words: no hatching that means a range in one and a part in another."""
    section = _section(html, "evidence-figures")
    assert set(re.findall(r'class="fig-(\w+)"', section)) == {"filled", "empty"}
    assert "<pattern" not in section
    keys = re.findall(r'<p class="icon-array-key">(.*?)</p>', section, re.S)
    words = {tuple(re.findall(r"</svg>([^<]+)</span>", k)) for k in keys}
    about = content.about
    assert words == {(about.text("icons_one"), about.text("icons_rest"))}
    assert len(keys) == len([f for f in about.figures if f.icons])


def test_a_range_is_its_lowest_and_its_highest_study(content: Content) -> None:
    """A finding given as a range ("12 to 69") is two pictures, the lower first."""
    for figure_id in ("ruetters_2016", "hillen_2017"):
        figure = next(f for f in content.about.figures if f.id == figure_id)
        counts = [i.count for i in figure.icons]
        assert len(counts) == 2 and counts[0] < counts[1], figure_id
        assert [i.caption.split(":")[0] for i in figure.icons] == ["Lowest study", "Highest study"]


def test_phone_numbers_do_not_break_across_lines(content: Content) -> None:
    """Each phone number in a helpline is kept whole on one line (a .phone span), in the text and
    never inside a tag's attribute."""
    html = nowrap_phones(
        '<p title="1-800-227-2345">Call 1-800-4-CANCER (1-800-422-6237) or '
        "0808 808 00 00 in 2026.</p><svg><title>1-800-227-2345</title></svg>"
    )
    assert html == (
        '<p title="1-800-227-2345">Call <span class="phone">1-800-4-CANCER</span> '
        '(<span class="phone">1-800-422-6237</span>) or <span class="phone">0808 808 00 00</span>'
        " in 2026.</p><svg><title>1-800-227-2345</title></svg>"
    )


def test_content_is_escaped(content: Content) -> None:
    """Markup in the content is shown as text, never parsed."""
    bad = dataclasses.replace(
        content.about,
        funding=("<script>alert(1)</script>",),
        texts=(*content.about.texts, ("what_this_is", '"><img src=x>')),
    )
    html = about_html(dataclasses.replace(content, about=bad), content.texts)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


class _Checker(HTMLParser):
    """Collects start tags and checks that every tag opened is closed in order."""

    VOID = frozenset({"br", "img", "input", "meta", "link", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.headings: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "h2", "h3", "h4"):
            self.headings.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (self.stack[-3:], tag)
        self.stack.pop()


def test_markup_is_well_formed_and_headings_do_not_skip_levels(html: str) -> None:
    """Every tag closes in order; headings go h2, then h3 under it, never h1 or h4."""
    checker = _Checker()
    checker.feed(html)
    assert checker.stack == []
    assert set(checker.headings) == {"h2", "h3"} and checker.headings[0] == "h2"
