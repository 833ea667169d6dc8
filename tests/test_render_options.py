"""The advice panel's numbers (explainer/render.py): the current plan's "no other doctor checks"
drawback in numbers, phone numbers kept whole, and source dates in words."""

from __future__ import annotations

import re
from html import escape

import pytest

from explainer import advise, default_content
from explainer.model import Content
from explainer.render import advice_html, options_html, sources_html


@pytest.fixture(scope="module")
def content() -> Content:
    return default_content()


def _option(html: str, css: str) -> str:
    found = re.search(
        rf'<div class="option {css}">(.*?)</div></div>(?=<div class="option|</div>$)', html, re.S
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
    assert "<svg" not in html


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
