"""Dates as a visitor reads them: "November 25, 2026", not "2026-11-25".

An ISO date is a code to work out, not words (PEMAT-P item 6, numbers clear). The month names
and the order of the parts are words, so they live in data (``data/about.yaml`` ``dates``); the
pages keep the ISO form only for machines, in ``<time datetime>``.
"""

from __future__ import annotations

import re

from .model import DateWords

__all__ = ["date_words"]

#: A full date ("2009-04-23") or a month alone ("2021-03"), as sources.yaml allows.
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?")


def date_words(iso: str, words: DateWords) -> str:
    """``iso`` in words: a full date by ``words.day``, a month alone by ``words.month`` (a source
    reviewed in "2021-03" gave no day, so none is made up). Raises ValueError on any other form."""
    found = _ISO.fullmatch(iso)
    if found is None or not 1 <= int(found.group(2)) <= len(words.months):
        raise ValueError(f"date: need YYYY-MM-DD or YYYY-MM, got {iso!r}")
    year, month, day = found.groups()
    name = words.months[int(month) - 1]
    if day is None:
        return words.month.format(month=name, year=year)
    return words.day.format(month=name, day=int(day), year=year)
