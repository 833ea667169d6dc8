"""Every patient-facing text in data/ reads at US grade 8 or below, one test case per item.

The rule for each length (prose, short text, label) is in explainer/readability.py's docstring:
prose is graded by Flesch-Kincaid and SMOG as textstat gives them; a text of one or two
sentences by Flesch-Kincaid and by SMOG on the text padded to 3 sentences with a plain carrier
sentence; a label of 1 to 4 words must hold no word of 3+ syllables off the Dale-Chall list.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from explainer import default_content
from explainer.content import DATA_DIR
from explainer.data_files import FILES as DATA_FILES
from explainer.readability import (
    CARRIER,
    EXCEPTIONS,
    FAMILIAR_EXTRA,
    MAX_GRADE,
    Item,
    dashboard_text,
    grade,
    grade_text,
    patient_texts,
)

ITEMS = patient_texts(default_content())

#: Keys whose values are ids, references, numbers, dates, addresses, names (readability's
#: EXCEPTIONS) or notes for reviewers, never shown.
NOT_PROSE = {
    "id", "cite", "cites", "kind", "group", "default", "when", "unless", "criterion", "value",
    "level", "expected", "answers", "pair", "why", "first", "produced", "next_review_by",
    "reviewer", "name", "age", "cancer", "priorities", "speaks_for", "notes", "url", "title",
    "publisher", "reviewed", "date_note", "routes", "term", "forms", "write_in", "dates", "stage", "urgent_stage", "icon",
}  # fmt: skip
#: The content files (every one the loader reads); in sources.yaml the article's own words are
#: quoted, not graded.
FILES = DATA_FILES


@pytest.mark.parametrize("item", ITEMS, ids=[i.id for i in ITEMS])
def test_text_is_at_grade_8_or_below(item: Item) -> None:
    """The item passes the rule for its length; a failure names the item and its grades."""
    result = grade(item)
    assert result.passed, f"{result.problem()}: {item.text!r}"


def _strings(node: object, key: str = "") -> Iterator[str]:
    if key in NOT_PROSE or (isinstance(node, dict) and node.get("verbatim") is True):
        return
    if isinstance(node, str):
        yield " ".join(node.split())
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, str(k))
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v, key)


@pytest.mark.parametrize("name", FILES)
def test_every_string_in_the_file_is_graded(name: str) -> None:
    """Every text in a content file is one of the graded items: a new field cannot slip by."""
    raw = yaml.safe_load(Path(DATA_DIR, f"{name}.yaml").read_text(encoding="utf-8"))
    graded = {" ".join(i.text.split()) for i in ITEMS}
    missing = [s for s in _strings(raw) if s not in graded]
    assert not missing, f"{name}.yaml: not graded: {missing}"


def test_item_ids_are_unique_and_name_the_file() -> None:
    """Each item id is unique and starts with its file name, as `criteria.yaml:rare_cancer:help`."""
    ids = [i.id for i in ITEMS]
    assert len(ids) == len(set(ids))
    assert "criteria.yaml:rare_cancer:help" in ids
    assert all(i.split(":")[0] in {f"{f}.yaml" for f in FILES} for i in ids)


def test_the_whole_dashboard_text_is_at_grade_8_or_below() -> None:
    """All patient-facing text, concatenated in display order, is at grade 8 or below."""
    fk, smog = grade_text(dashboard_text(ITEMS))
    assert fk <= MAX_GRADE and smog <= MAX_GRADE, (fk, smog)


# -- the rule itself: it fails hard text -------------------------------------------------------


@pytest.mark.parametrize("label", ["Oncologist", "Your consultation", "Histopathology results"])
def test_a_label_with_a_hard_word_fails(label: str) -> None:
    """A short label fails when it holds a long word that is not familiar."""
    result = grade(Item("x", label))
    assert (result.rule, result.passed) == ("label", False)
    assert result.hard_words


@pytest.mark.parametrize("label", ["Second opinion", "Your next steps", "Family doctor"])
def test_a_plain_label_passes(label: str) -> None:
    """A label of familiar words passes, whatever Flesch-Kincaid would make of it."""
    assert grade(Item("x", label)).passed


def test_a_short_text_with_three_long_words_fails_smog() -> None:
    """One sentence with three long words fails SMOG, though textstat alone would give it 0."""
    text = "Your oncologist may suggest chemotherapy or radiation for you."
    result = grade(Item("x", text))
    assert result.rule == "short"
    assert result.smog > MAX_GRADE and not result.passed


def test_a_web_address_counts_as_one_plain_word() -> None:
    """A web address is copied, not read: it stands as one plain word, so a short sentence that
    gives one still passes; the same sentence with the address's parts as words fails."""
    address = "www.cancer.gov/about-cancer/managing-care/services"
    assert grade(Item("x", f"Its address is {address}.")).passed
    spelled = "Its address is cancer government about cancer managing care services organization."
    assert not grade(Item("x", spelled)).passed


def test_a_long_winding_sentence_fails_flesch_kincaid() -> None:
    """A single long sentence of middling words fails Flesch-Kincaid."""
    text = (
        "Whenever you are considering whether another physician should review your situation, "
        "remember that insurers frequently require documentation beforehand."
    )
    result = grade(Item("x", text))
    assert result.fk > MAX_GRADE and not result.passed


def test_the_exceptions_are_few_and_each_has_a_reason() -> None:
    """Only quoted words and names go ungraded, and each exception says why."""
    assert len(EXCEPTIONS) <= 3 and all(EXCEPTIONS.values())
    verbatim = [p for s in default_content().sources for p in s.passages if p.verbatim]
    assert {s.id for s in default_content().sources if any(p.verbatim for p in s.passages)} == {
        "webmd_2009"
    }
    assert not {p.text for p in verbatim} & {i.text for i in ITEMS}


def test_the_carrier_and_the_extra_words_stay_plain() -> None:
    """The carrier sentence scores low and the accepted extra words are few, each with a reason."""
    assert grade_text(" ".join([CARRIER] * 3)) <= (1.0, 3.2)
    assert len(FAMILIAR_EXTRA) <= 3 and all(FAMILIAR_EXTRA.values())
