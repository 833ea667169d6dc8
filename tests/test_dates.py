"""Dates as a visitor reads them (explainer/dates.py): words from data, never an ISO code."""

from __future__ import annotations

import pytest

from explainer import default_content
from explainer.dates import date_words
from explainer.model import DateWords

WORDS = default_content().about.dates


@pytest.mark.parametrize(
    ("iso", "words"),
    [
        ("2026-11-25", "November 25, 2026"),
        ("2009-04-03", "April 3, 2009"),
        ("2025-01-02", "January 2, 2025"),
        ("2021-03", "March 2021"),
        ("2019-12", "December 2019"),
    ],
)
def test_a_date_reads_as_words_and_a_month_alone_gets_no_day(iso: str, words: str) -> None:
    """A full date gets its month's name and its day without a leading zero; a source that gave
    only a month ("2021-03") is not given a day it never had."""
    assert date_words(iso, WORDS) == words


def test_the_words_come_from_data() -> None:
    """Another language's month names and order are a change to data, not to code."""
    french = DateWords(
        ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
         "octobre", "novembre", "décembre"),
        "{day} {month} {year}",
        "{month} {year}",
    )  # fmt: skip
    assert date_words("2026-11-25", french) == "25 novembre 2026"
    assert date_words("2021-03", french) == "mars 2021"


def test_the_data_names_twelve_months_in_order() -> None:
    assert len(WORDS.months) == 12
    assert (WORDS.months[0], WORDS.months[-1]) == ("January", "December")


@pytest.mark.parametrize("bad", ["2026", "2026-13-01", "2026-00", "25/11/2026", "2026-11-25x", ""])
def test_anything_else_is_refused_naming_it(bad: str) -> None:
    with pytest.raises(ValueError, match=repr(bad).replace("[", r"\[")):
        date_words(bad, WORDS)
