"""The advice panel's numbers (explainer/render.py): the current plan's "no other doctor checks"
drawback in numbers, the review's findings as one picture after both options, phone numbers kept
whole, and source dates in words."""

from __future__ import annotations

import re
import shutil
from html import escape
from pathlib import Path

import pytest
import yaml

from explainer import ContentError, advise, default_content, load_content
from explainer.data_files import DATA_DIR
from explainer.model import Content, Ranges
from explainer.range_picture import hatch, range_svg
from explainer.render import advice_html, options_html, presenter_html, sources_html


@pytest.fixture(scope="module")
def content() -> Content:
    return default_content()


def _option(html: str, css: str) -> str:
    found = re.search(
        rf'<div class="option {css}">(.*?)</details></div>(?=<div class="option|</div>(?:<figure|$))',
        html,
        re.S,
    )
    assert found, css
    return found.group(1)


def test_the_current_plans_missing_check_has_numbers_and_no_picture_on_one_side(
    content: Content,
) -> None:
    """Going ahead with the current plan's drawback "no other doctor checks" says how often a
    second opinion changed things, and who found it, in words; neither option draws a picture,
    so the two are weighed in equal detail."""
    options = content.options
    assert options is not None
    html = options_html(advise({}, content), options, content.texts)
    drawback = next(d for d in options.current_drawbacks if d.id == "no_second_check")
    assert "12 to 69 in every 100" in drawback.text and "review of cancer studies" in drawback.text
    assert [c.source for c in drawback.citations] == ["ruetters_2016"]
    assert escape(drawback.text, quote=True).split(".")[0] in _option(html, "option-current")
    assert "<svg" not in _option(html, "option-current") + _option(html, "option-another")


def test_each_option_has_one_disclosure_of_sources_with_every_points_passage(
    content: Content,
) -> None:
    """Each option's sources sit behind one disclosure after its three parts, not one per part,
    and it still holds a passage under each point: what it involves, every good point and every
    drawback."""
    options = content.options
    assert options is not None
    advice = advise({"rare_cancer": True}, content)
    html = options_html(advice, options, content.texts)
    for css, involves, good, bad in (
        ("option-another", options.another_involves, advice.good_points, advice.drawbacks),
        (
            "option-current",
            options.current_involves,
            options.current_good,
            options.current_drawbacks,
        ),
    ):
        option = _option(html, css) + "</details>"
        assert option.count('<details class="citation') == 1, css
        assert option.rindex("<details") > option.index('class="drawbacks"'), css
        cited = re.findall(r'<p class="cited-point">(.*?)</p>', option)
        points = [involves.text] * len(involves.citations) + [
            p.text for p in (*good, *bad) for _ in p.citations
        ]
        assert cited == [escape(t, quote=True) for t in points], css


def _ranges(content: Content) -> Ranges:
    assert content.options is not None and content.options.ranges is not None
    return content.options.ranges


def _picture(html: str) -> str:
    """The options' picture: the figure right after the two options, never inside one."""
    found = re.search(
        r'<div class="options-side-by-side">.*?</details></div></div>'
        r'(<figure class="range-picture">.*?</figure>)',
        html,
        re.S,
    )
    assert found, "no picture right after the two options"
    return found.group(1)


def test_the_review_is_one_picture_after_both_options_named_by_its_four_numbers(
    content: Content,
) -> None:
    """After both options (not beside one), the review's two findings are one svg[role=img]
    whose label states 12 to 69 (changed) and 43 to 82 (agreed), with a title, why each is a
    range, the same numbers as visible text, and a "Source" link to the review's passage."""
    html = options_html(advise({}, content), content.options, content.texts)  # type: ignore[arg-type]
    picture = _picture(html)
    label = re.search(r'<svg class="range-svg" role="img" aria-label="([^"]*)"', picture)
    assert label, picture[:300]
    assert re.search(r"\b12 to 69 in every 100\b.*\b43 to 82 in every 100\b", label.group(1))
    ranges = _ranges(content)
    assert escape(ranges.title) in picture and escape(ranges.why) in picture
    shown = re.sub(r"<svg.*?</svg>", "", picture, flags=re.S)
    for bar in ranges.bars:
        assert f'<li class="range-{"solid" if bar.id == "changed" else "hatched"}">' in shown
        assert escape(ranges.text(bar)) in shown
    assert '<details class="citation"><summary>Source</summary>' in picture
    assert escape(ranges.citation.url) in picture and ranges.citation.source == "ruetters_2016"


def test_every_number_in_the_picture_is_in_its_passage(content: Content) -> None:
    """Each bar's "low to high" is in the passage the picture cites: the picture never shows a
    number its source does not give."""
    ranges = _ranges(content)
    quote = " ".join(ranges.citation.quote.split())
    assert [(b.low, b.high) for b in ranges.bars] == [(12, 69), (43, 82)]
    for bar in ranges.bars:
        assert f"{bar.low} to {bar.high}" in quote


@pytest.mark.parametrize(("low", "high"), [(12, 70), (13, 69), (69, 12)])
def test_a_bar_whose_numbers_are_not_its_passages_does_not_load(
    tmp_path: Path, low: int, high: int
) -> None:
    """A bar whose "low to high" is not in its cited passage (or runs backwards) stops the
    loader with an error naming the file, the bar and the field."""
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("schema"))
    path = folder / "options.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["ranges"]["bars"][0].update(low=low, high=high)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    assert (caught.value.file, caught.value.item, caught.value.field) == (
        "data/options.yaml",
        "changed",
        "low",
    )


def test_the_bars_differ_by_shape_and_are_painted_in_the_texts_colour(content: Content) -> None:
    """Both bars sit on the same outlined track from 0 to 100, drawn to scale; the first is
    solid, the next hatched, both outlined; no colour but currentColor is named, so forced
    colours keep them apart."""
    svg = range_svg(_ranges(content))
    assert svg.count('class="range-track"') == 2
    assert re.findall(r'class="range-bar range-(\w+)"', svg) == ["solid", "hatched"]
    colours = set(re.findall(r'(?:fill|stroke)="([^"]*)"', svg)) - {"none"}
    assert colours == {"currentColor"}
    assert not re.search(r"#[0-9a-fA-F]{3,6}\b|rgb\(", svg)
    widths = [
        float(w)
        for w in re.findall(
            r'<rect x="[^"]*" y="[^"]*" width="([^"]*)" height="20" fill="(?:currentColor|none)" stroke="currentColor" stroke-width="2"',
            svg,
        )
    ]
    track = float(
        re.search(r'class="range-track" x="[^"]*" y="[^"]*" width="([^"]*)"', svg).group(1)
    )  # type: ignore[union-attr]
    assert [round(w / track * 100) for w in widths] == [69 - 12, 82 - 43]


def test_hatching_stays_inside_its_bar() -> None:
    """The hatch lines rise at 45 degrees and never leave the box they fill."""
    lines = hatch(10, 50, 0, 20, 6)
    assert len(lines) >= 6
    for x1, y1, x2, y2 in lines:
        assert 10 <= x1 <= x2 <= 50 and 0 <= y2 <= y1 <= 20
        assert abs((x2 - x1) - (y1 - y2)) < 1e-9


def test_the_picture_is_in_the_advice_and_the_presenter_view_only_with_one_opinion(
    content: Content,
) -> None:
    """The advice and the presenter view (same renderer) show the picture after the options
    with one opinion so far; with two, the options are another opinion's alone, and no picture."""
    words = content.level_words, content.texts
    for answers in ({}, {"rare_cancer": True}):
        advice = advise(answers, content)
        html = advice_html(advice, *words, answers="", options=content.options)
        assert html.count('class="range-picture"') == 1 and _picture(html)
    story = next(s for s in content.scenarios if s.answers_dict().get("opinions_so_far") is None)
    advice = advise(story.answers_dict(), content)
    shown = presenter_html(
        story, 1, 1, advice, *words, answers="", route="", options=content.options
    )
    assert shown.count('<svg class="range-svg" role="img"') == 1 and _picture(shown)
    two = advise({"opinions_so_far": "two_disagree"}, content)
    assert "range-picture" not in advice_html(two, *words, answers="", options=content.options)


@pytest.mark.parametrize(
    "answers", [{}, {"care_route": "us_private"}, {"care_route": "uk_nhs"}], ids=str
)
def test_helpline_numbers_are_kept_on_one_line(
    content: Content, answers: dict[str, object]
) -> None:
    """Every helpline's phone number sits in a .phone span (no break at a hyphen on a phone)."""
    advice = advise(answers, content)
    html = advice_html(
        advice, content.level_words, content.texts, answers="", options=content.options
    )
    helplines = re.search(r'<section class="helplines">(.*?)</section>', html, re.S)
    assert helplines is not None
    numbers = re.findall(
        r"[0-9][0-9A-Z -]{9,}[0-9A-Z]", re.sub(r"<[^>]+>", "|", helplines.group(1))
    )
    wrapped = re.findall(r'<span class="phone">([^<]+)</span>', helplines.group(1))
    assert wrapped and set(wrapped) >= {n for n in numbers if "-" in n or n.startswith("0808")}


def test_source_dates_read_as_words(content: Content) -> None:
    """A source's review date is in words, a month alone as a month; the ISO form stays only
    for machines."""
    html = sources_html(content.sources, content.texts, content.about.dates)
    assert 'Reviewed: <time datetime="2009-04-23">April 23, 2009</time>.' in html
    assert '<time datetime="2021-03">March 2021</time>' in html
    assert not re.search(r">[^<]*[0-9]{4}-[0-9]{2}", html)
