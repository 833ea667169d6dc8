"""Another language's data files: the same shape as the English ones, texts in that language.

``data/es/NAME.yaml`` mirrors ``data/NAME.yaml`` and passes the same schema. Only the texts a
visitor reads (``TEXT_FIELDS``) may differ; every other value (ids, citations, routes, answers,
dates, numbers, our research notes) must be the English file's, so the advice, its reasons and its
sources are the same in every language and ``advise()`` needs no language. :func:`check_same_shape`
refuses a file where a key exists in one language and not the other, a list has another length, or
a value that is not a text differs, naming the file and the key.

The one key a translation adds: the article and most sources are English, so a quote (a passage
with ``verbatim: true``) keeps its ``text`` in English, word for word, and carries ``translation``,
our rendering, shown marked as ours. It is required in another language's file and refused in the
English one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .errors import ContentError

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "RANGE_WORDS",
    "SOURCE_LANGUAGE",
    "TEXT_FIELDS",
    "check_same_shape",
    "language_of",
]

#: The languages the explainer speaks; the first is the default and the one the data is written
#: in first (data/), each other in its own folder (data/es/).
LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = LANGUAGES[0]
#: The language of the sources' own words (every source in data/sources.yaml is in English): their
#: quotes and titles are marked with it on a page in another language, for screen readers.
SOURCE_LANGUAGE = "en"

#: Per data file, the keys whose values are texts a visitor reads (a string, or a list of them);
#: ``None``: every value is. A list of texts (month names, a term's forms) may differ in length.
TEXT_FIELDS: Mapping[str, frozenset[str] | None] = {
    "sources": frozenset({"text", "date_note", "url_note"}),  # `text`: not of a quote
    "criteria": frozenset({"label", "question", "help"}),
    "levels": frozenset(
        {
            "label",
            "description",
            "summary",
            "urgent_summary",
            "key_point",
            "urgent_key_point",
            "yes",
            "no",
            "second",
            "third",
            "change",
            "change_to_yes",
            "change_to_no",
        }
    ),
    "rules": frozenset({"reason", "text"}),
    "steps": frozenset({"text", "why"}),
    "scenarios": frozenset({"cancer", "title", "story"}),
    "ui": None,
    "about": frozenset(
        {
            "what_this_is",
            "trust_date_heading",
            "produced_lead",
            "update_policy_heading",
            "next_review_lead",
            "triggers_lead",
            "funding_heading",
            "pros_cons_heading",
            "pros_cons_intro",
            "pros_heading",
            "cons_heading",
            "figures_heading",
            "figures_intro",
            "figures_uncertainty",
            "figures_source",
            "figures_other",
            "language_heading",
            "language_note",
            "months",
            "day",
            "month",
            "who",
            "how_often",
            "triggers",
            "funding",
            "text",
            "finding",
            "population",
            "filled",
            "outlined",
            "caption",
            "label",
            "half",
        }
    ),
    "options": frozenset(
        {
            "heading",
            "text",
            "title",
            "why",
            "note",
            "each",
            "label",
            "ask",
            "collect_label",
            "urgent_text",
        }
    ),
    "glossary": frozenset({"term", "forms", "definition"}),
}

#: How a passage in each language writes a range of numbers ("12 to 69 in 100"): the loader
#: finds a picture's numbers in its passage this way.
RANGE_WORDS: Mapping[str, str] = {"en": "{low} to {high}", "es": "{low} a {high}"}

#: Text fields whose numbers may be written otherwise in a translation: a date in words.
NUMBERS_MAY_DIFFER = frozenset({"date_note"})
_NUMBER = re.compile(r"\d+(?:[,.]\d{3})*")


def numbers(text: str) -> list[str]:
    """The numbers in a text, sorted (a translation may order a sentence otherwise), thousands
    separators dropped ("1,000" and "1.000" are "1000"): a translation says the same numbers
    (a phone number, "12 in 100", a cost)."""
    return sorted(re.sub(r"[,.]", "", n) for n in _NUMBER.findall(text))


#: The key a quote carries in another language: our rendering of the source's words.
TRANSLATION = "translation"


def language_of(value: object) -> str:
    """The language a visitor asked for (``?lang=``): one of ``LANGUAGES``, else the default.

    Anything else (unknown, empty, not a string) is the default: never an error, never echoed.
    """
    return value if isinstance(value, str) and value in LANGUAGES else DEFAULT_LANGUAGE


def check_same_shape(
    name: str, english: Any, other: Any, label: str, english_label: str | None = None
) -> None:
    """Refuse ``other`` (the file ``label``, e.g. ``data/es/criteria.yaml``) unless it has the
    English file's (``english_label``) keys, lists and values everywhere but in its texts
    (``TEXT_FIELDS``)."""
    _Compare(name, label, english_label or f"data/{name}.yaml").walk(english, other, name, None)


class _Compare:
    def __init__(self, name: str, label: str, english_label: str) -> None:
        self.texts = TEXT_FIELDS[name]
        self.name = name
        self.label = label
        self.english_label = english_label

    def fail(self, path: str, problem: str, label: str | None = None) -> ContentError:
        label = label or self.label
        return ContentError(f"{label}: key {path!r}: {problem}", file=label, item=None, field=path)

    def is_text(self, key: str | None) -> bool:
        return key is not None and (self.texts is None or key in self.texts)

    def walk(self, english: Any, other: Any, path: str, key: str | None) -> None:
        if isinstance(english, dict):
            self.mapping(english, other, path)
        elif isinstance(english, list):
            self.list(english, other, path, key)
        elif self.is_text(key) and isinstance(english, str):
            if not isinstance(other, str) or not other.strip():
                raise self.fail(path, "must be a text, as in the English file")
            if key not in NUMBERS_MAY_DIFFER and numbers(english) != numbers(other):
                raise self.fail(
                    path,
                    f"must give the English text's numbers {numbers(english)}, "
                    f"not {numbers(other)}",
                )
        elif english != other or type(english) is not type(other):
            raise self.fail(path, f"must be the same as in the English file ({english!r})")

    def mapping(self, english: dict[Any, Any], other: Any, path: str) -> None:
        if not isinstance(other, dict):
            raise self.fail(path, "must be a mapping, as in the English file")
        quote = self.name == "sources" and english.get("verbatim") is True
        for key in english:
            if key not in other:
                raise self.fail(f"{path}.{key}", "is in the English file and not in this one")
        for key in other:
            if key in english:
                continue
            if key == TRANSLATION and quote:
                continue
            raise self.fail(f"{path}.{key}", "is in this file and not in the English one")
        if TRANSLATION in english:
            raise self.fail(
                f"{path}.{TRANSLATION}",
                "only a quote in another language's file has a translation",
                self.english_label,
            )
        if quote and "text" in english and not str(other.get(TRANSLATION, "")).strip():
            raise self.fail(
                f"{path}.{TRANSLATION}",
                "a quote keeps the source's words in `text` and needs our rendering here",
            )
        for key, value in english.items():
            if quote and key == "text":  # the source's own words, never translated
                if other[key] != value:
                    raise self.fail(f"{path}.text", "a quote must be the source's words, exactly")
                continue
            self.walk(value, other[key], f"{path}.{key}", str(key))

    def list(self, english: list[Any], other: Any, path: str, key: str | None) -> None:
        if not isinstance(other, list):
            raise self.fail(path, "must be a list, as in the English file")
        texts = self.is_text(key) and all(isinstance(v, str) for v in english)
        if texts:
            if not other or not all(isinstance(v, str) and v.strip() for v in other):
                raise self.fail(path, "must be a list of texts, as in the English file")
            if key != "forms" and len(other) != len(english):
                raise self.fail(path, f"must have {len(english)} items, as in the English file")
            return
        if len(other) != len(english):
            raise self.fail(path, f"must have {len(english)} items, as in the English file")
        for i, (a, b) in enumerate(zip(english, other, strict=True)):
            item = a.get("id") if isinstance(a, dict) else None
            self.walk(a, b, f"{path}[{item if item is not None else i}]", key)
