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


def _visible(html: str) -> str:
    """The words a reader sees, without tags and without the glossary's meanings."""
    return re.sub(r'<span class="term-meaning">.*?</span>|<[^>]+>', "", html)


def test_each_study_is_a_short_block_not_a_table(content: Content, html: str) -> None:
    """The studies are no table: each is a block headed by whom it studied, then what it found,
    then its pictures, then "Source:" and a link to its source named by its title."""
    section = _section(html, "evidence-figures")
    assert "<table" not in section and "<td" not in section
    for figure in content.about.figures:
        block = _study(html, figure.id)
        heading = re.match(r"<h3>(.*?)</h3><p>(.*?)</p>", block, re.S)
        assert heading, figure.id
        assert heading.group(1) == escape(figure.population), figure.id
        assert _visible(heading.group(2)) == escape(figure.finding), figure.id
        source = re.search(r'<p class="study-source">(.*?)</p>$', block, re.S)
        assert source, figure.id
        title = content.source(figure.citation.source).title
        assert _visible(source.group(1)).startswith(
            f"{content.about.text('figures_source')} {escape(title)}"
        ), figure.id
        assert f'href="{figure.citation.url}"' in source.group(1), figure.id
        assert block.index("<p>") < block.find("<svg") < block.index('class="study-source"') or (
            "<svg" not in block
        ), figure.id


def test_studies_not_only_about_cancer_come_last_in_one_closed_disclosure(
    content: Content, html: str
) -> None:
    """The cancer studies come first, in file order; the others follow in one closed
    disclosure named by its summary, with the note that compares with them last inside it (it
    never points at what is out of sight)."""
    section = _section(html, "evidence-figures")
    disclosures = re.findall(
        r'<details class="other-studies"( open)?><summary>(.*?)</summary>(.*?)</details></section>',
        section + "</section>",
        re.S,
    )
    assert len(disclosures) == 1
    opened, summary, inside = disclosures[0]
    assert not opened and summary == escape(content.about.text("figures_other"))
    shown = re.findall(r'data-figure="(\w+)"', section)
    hidden = re.findall(r'data-figure="(\w+)"', inside)
    figures = content.about.figures
    assert hidden == [f.id for f in figures if f.not_only_cancer]
    assert set(hidden) == {"van_such_2017", "swapp_2013"}
    assert shown == [f.id for f in figures if not f.not_only_cancer] + hidden
    assert inside.index('data-figure="swapp_2013"') < inside.index('class="figures-note"')
    assert section.count('class="figures-note"') == 1


def test_no_number_means_two_things_in_the_cancer_studies(content: Content) -> None:
    """In the main list a number in a picture's key or caption stands for one outcome only: the
    same "12 in 100" is never "changed" in one study and "stayed the same" in the next."""
    numbers: dict[int, set[str]] = {}
    for figure in (f for f in content.about.figures if not f.not_only_cancer):
        for icons in figure.icons:
            assert figure.key, figure.id
            for n, words in ((icons.count, figure.key.filled), (icons.half, figure.key.half)):
                if n:
                    numbers.setdefault(n, set()).add(f"{figure.id}:{words}")
    assert all(len(found) == 1 for found in numbers.values()), numbers


def test_a_note_for_reviewers_on_a_built_address_is_not_shown(content: Content, html: str) -> None:
    """How an address was built from a PubMed ID is kept in the data for reviewers, and the
    page links to the address without the note."""
    source = content.source("ray_coquard_2012")
    assert source.url_note and "PubMed ID" in source.url_note
    assert "PubMed" not in html and f'href="{source.url}"' in html


def _study(html: str, figure_id: str) -> str:
    block = re.search(
        rf'<div class="study" data-figure="{figure_id}">(.*?)</div>(?=<div class="study"|</div>'
        r'|</details>|<p class="figures-note">)',
        _section(html, "evidence-figures"),
        re.S,
    )
    assert block, figure_id
    return block.group(1)


def test_each_figure_that_fits_in_100_is_drawn_as_pictures_saying_their_numbers(
    content: Content, html: str
) -> None:
    """A figure with icons is drawn as pictures of 100 people side by side, each named by a label
    stating its numbers, under its caption if it has one, with one key; one too small for 100
    is in words only."""
    drawn = [f for f in content.about.figures if f.icons]
    assert len(drawn) >= 4
    for figure in content.about.figures:
        block = _study(html, figure.id)
        if not figure.icons:
            assert "<svg" not in block
            continue
        labels = re.findall(r'<svg class="icon-array" role="img" aria-label="([^"]*)"', block)
        captions = re.findall(r'<figcaption class="icon-array-caption">([^<]*)<', block)
        assert labels == [escape(i.label) for i in figure.icons], figure.id
        assert captions == [escape(i.caption) for i in figure.icons if i.caption], figure.id
        for icons in figure.icons:
            parts = [icons.count, icons.half, icons.outlined]
            for n in (p for p in parts if p):
                assert f"{n} in every 100" in " ".join(icons.label.split()), figure.id
        drawn_parts = [
            (i.count, i.half, 100 - i.count - i.half if i.outlined is None else i.outlined)
            for i in figure.icons
        ]
        assert block.count('class="fig-filled"') == sum(p[0] for p in drawn_parts)
        assert block.count('class="fig-half"') == sum(p[1] for p in drawn_parts)
        assert block.count('class="fig-empty"') == sum(p[2] for p in drawn_parts)
        assert block.count('class="icon-array-key"') == 1


def test_a_finding_in_parts_is_one_picture_with_three_kinds_of_figure(
    content: Content, html: str
) -> None:
    """The sarcoma study's parts (8, 35, 56 in 100) are one picture: filled, half filled and
    outlined figures in that order, the key naming each with its number; the place the study's
    rounded parts leave (they make 99) is left empty, not drawn as a person."""
    figure = next(f for f in content.about.figures if f.id == "ray_coquard_2012")
    assert len(figure.icons) == 1
    block = _study(html, figure.id)
    kinds = re.findall(r'<use class="fig-(\w+)"', block)
    assert kinds == ["filled"] * 8 + ["half"] * 35 + ["empty"] * 56
    key = re.search(r'<p class="icon-array-key">(.*?)</p>', block, re.S)
    assert key
    words = re.findall(r"</svg>([^<]+)</span>", key.group(1))
    assert words == [
        "Did not agree at all: 8 in 100",
        "Partly agreed: 35 in 100",
        "Fully agreed: 56 in 100",
    ]
    swatches = re.findall(r'class="icon-array-swatch key-(\w+)"', key.group(1))
    assert swatches == ["filled", "half", "empty"]


def test_each_study_has_its_own_direct_key_once(content: Content, html: str) -> None:
    """Each study with pictures has one key under all its pictures, in its own words (what
    filled and outlined mean there), never a general "the people counted in the title"."""
    section = _section(html, "evidence-figures")
    keys = re.findall(r'<p class="icon-array-key">(.*?)</p>', section, re.S)
    found = [tuple(re.findall(r"</svg>([^<]+)</span>", k)) for k in keys]
    # The page shows the cancer studies first, then the others.
    order = sorted((f for f in content.about.figures if f.key), key=lambda f: f.not_only_cancer)
    assert found == [
        tuple(escape(w) for w in (f.key.filled, f.key.half, f.key.outlined) if w) for f in order
    ]
    assert len(set(found)) == len(found) > 1
    assert "title" not in " ".join(w for k in found for w in k)


def test_every_picture_draws_only_shapes_in_the_text_colour(html: str) -> None:
    """Across all the study pictures figures are filled, half filled or outlined, painted only
    in currentColor or none (no pattern, no colour), so forced colours keep them apart."""
    section = _section(html, "evidence-figures")
    assert set(re.findall(r'class="fig-(\w+)"', section)) == {"filled", "half", "empty"}
    assert "<pattern" not in section and "url(" not in section
    assert set(re.findall(r'(?:fill|stroke)="([^"]*)"', section)) == {"currentColor", "none"}


def test_ids_on_the_page_are_unique(html: str) -> None:
    """No two elements of the about view share an id (each picture's ids come from its numbers
    and its label)."""
    ids = re.findall(r' id="([^"]+)"', html)
    assert ids and len(ids) == len(set(ids))


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
