"""Every patient-facing text in data/ reads at US grade 8 or below, one test case per item; every
Spanish text in data/es/ reads "bastante fácil" or easier (INFLESZ 65 or above), one case per item.

The rule for each length (prose, short text, label) is in explainer/readability.py's docstring:
prose is graded by Flesch-Kincaid and SMOG as textstat gives them; a text of one or two
sentences by Flesch-Kincaid and by SMOG on the text padded to 3 sentences with a plain carrier
sentence; a label of 1 to 4 words must hold no word of 3+ syllables off the Dale-Chall list.
In Spanish, a text of 5 words or more by INFLESZ (textstat's Szigriszt-Pazos), and a label must
hold no word of 4+ syllables off the most frequent words of textstat's Spanish list. A text
shown but not held to the rule (the link to the other language, our translation of a quote) is
an exception with its reason.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from explainer import default_content
from explainer.content import DATA_DIR
from explainer.data_files import FILES as DATA_FILES
from explainer.errors import ContentError
from explainer.readability import (
    CARRIER,
    EXCEPTIONS,
    EXCEPTIONS_ES,
    FAMILIAR_EXTRA,
    FAMILIAR_EXTRA_ES,
    MAX_GRADE,
    MIN_INFLESZ,
    NOT_TEXTS,
    Grade,
    Item,
    SpanishGrade,
    dashboard_text,
    grade,
    grade_content,
    grade_es,
    grade_text,
    grade_text_es,
    inflesz_band,
    patient_texts,
)

ITEMS = patient_texts(default_content())


def _spanish_items() -> tuple[Item, ...] | str:
    """The Spanish items, or why data/es/ does not load: the English cases still run."""
    try:
        return patient_texts(default_content("es"))
    except ContentError as e:
        return str(e)


_ES = _spanish_items()
ITEMS_ES = _ES if isinstance(_ES, tuple) else ()

#: Keys whose values are ids, references, numbers, dates, addresses, names (readability's
#: EXCEPTIONS) or notes for reviewers, never shown.
NOT_PROSE = {
    "id", "cite", "cites", "kind", "group", "default", "when", "unless", "criterion", "value",
    "level", "expected", "answers", "pair", "why", "first", "produced", "next_review_by",
    "reviewer", "name", "age", "cancer", "priorities", "speaks_for", "notes", "url", "title",
    "publisher", "reviewed", "date_note", "routes", "term", "forms", "write_in", "dates", "stage", "urgent_stage", "icon",
    "date", *NOT_TEXTS,
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


@pytest.mark.parametrize("name", FILES)
def test_every_string_in_the_spanish_file_is_graded(name: str) -> None:
    """The same for data/es/: every Spanish text is one of the Spanish items."""
    assert ITEMS_ES, f"data/es does not load: {_ES}"
    raw = yaml.safe_load(Path(DATA_DIR, "es", f"{name}.yaml").read_text(encoding="utf-8"))
    graded = {" ".join(i.text.split()) for i in ITEMS_ES}
    missing = [s for s in _strings(raw) if s not in graded]
    assert not missing, f"es/{name}.yaml: not graded: {missing}"


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


def test_a_short_text_without_an_end_mark_still_gets_its_smog() -> None:
    """Without a full stop the carrier would join the text's sentence and SMOG would be a silent
    0: the text gets its full stop first, so the same words fail with or without one."""
    text = "Your oncologist may suggest chemotherapy or radiation for you"
    result = grade(Item("x", text))
    assert result.smog == grade(Item("x", f"{text}.")).smog > MAX_GRADE
    assert not result.passed


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
    """Only quoted words, names and the link named in Spanish go ungraded, and each exception
    says why; the one exception shown as an item is that link, measured but not failed."""
    assert len(EXCEPTIONS) <= 4 and all(EXCEPTIONS.values())
    verbatim = [p for s in default_content().sources for p in s.passages if p.verbatim]
    assert {s.id for s in default_content().sources if any(p.verbatim for p in s.passages)} == {
        "webmd_2009"
    }
    assert not {p.text for p in verbatim} & {i.text for i in ITEMS}
    excepted = [i for i in ITEMS if i.exception]
    assert [i.id for i in excepted] == ["ui.yaml:language_switch"]
    assert excepted[0].exception == EXCEPTIONS["ui.yaml: language_switch"]
    assert "ui.yaml:language_switch_code" not in {i.id for i in ITEMS}


def test_the_carrier_and_the_extra_words_stay_plain() -> None:
    """The carrier sentence scores low and the accepted extra words are few, each with a reason."""
    assert grade_text(" ".join([CARRIER] * 3)) <= (1.0, 3.2)
    assert len(FAMILIAR_EXTRA) <= 3 and all(FAMILIAR_EXTRA.values())


# -- Spanish: every item, then the rule itself --------------------------------------------------


@pytest.mark.parametrize(
    "item", ITEMS_ES or [None], ids=[i.id for i in ITEMS_ES] or ["data/es does not load"]
)
def test_spanish_text_is_fairly_easy_or_easier(item: Item | None) -> None:
    """The Spanish item passes the rule for its length (INFLESZ at least 65, or a label with no
    hard word), or is an exception with its reason; a failure names the item and its score."""
    assert item is not None, f"data/es does not load: {_ES}"
    result = grade_es(item)
    assert result.passed, f"{result.problem()}: {item.text!r}"
    assert not item.exception or item.exception in EXCEPTIONS_ES.values()


def test_the_spanish_items_are_the_english_ones_plus_each_quote_s_translation() -> None:
    """Same ids, same order; a quote's translation is an exception with its reason, and the
    quote itself (English, the source's words) is not a Spanish item."""
    assert ITEMS_ES, f"data/es does not load: {_ES}"
    translations = [i for i in ITEMS_ES if i.id.endswith(":translation")]
    assert [i.id for i in ITEMS_ES if i not in translations] == [i.id for i in ITEMS]
    quotes = [p for s in default_content("es").sources for p in s.passages if p.verbatim]
    assert len(translations) == len(quotes) > 0
    assert not {p.text for p in quotes} & {i.text for i in ITEMS_ES}
    reason = EXCEPTIONS_ES["sources.yaml: passages with verbatim: true, translation"]
    assert all(i.exception == reason for i in translations)
    switch = next(i for i in ITEMS_ES if i.id == "ui.yaml:language_switch")
    assert switch.exception == EXCEPTIONS_ES["ui.yaml: language_switch"]
    assert {i.id for i in ITEMS_ES if i.exception} == {switch.id, *(i.id for i in translations)}


def test_content_is_graded_in_its_own_language() -> None:
    """grade_content grades English content by grade level and Spanish content by INFLESZ."""
    assert ITEMS_ES, f"data/es does not load: {_ES}"
    english, spanish = grade_content(default_content()), grade_content(default_content("es"))
    assert all(isinstance(g, Grade) for g in english) and len(english) == len(ITEMS)
    assert all(isinstance(g, SpanishGrade) for g in spanish) and len(spanish) == len(ITEMS_ES)


EASY_ES = "Puede pedir otra opinión. Es su derecho. Su médico no se va a enojar."
HARD_ES = (
    "La consideración multidisciplinaria de las circunstancias institucionales constituye un "
    "requisito fundamental para determinar la idoneidad terapéutica."
)


def test_an_easy_spanish_text_passes_and_a_hard_one_fails() -> None:
    """Short plain sentences score "muy fácil"; one long sentence of long words fails, and both
    carry a Fernández-Huerta score, which has no target."""
    easy, hard = grade_es(Item("x", EASY_ES)), grade_es(Item("x", HARD_ES))
    assert (easy.rule, easy.passed, easy.band.es) == ("prose", True, "muy fácil")
    assert easy.inflesz >= MIN_INFLESZ and easy.fernandez_huerta > 80
    assert (hard.rule, hard.passed, hard.band.es) == ("short", False, "muy difícil")
    assert hard.inflesz < 40 and hard.fernandez_huerta < 40
    assert "INFLESZ" in hard.problem() and not easy.problem()


def test_the_inflesz_bands() -> None:
    """Barrio-Cantalejo's bands: below 40, 40-55, 55-65, 65-80, above 80."""
    bands = {s: inflesz_band(s).es for s in (39.9, 40, 54.9, 55, 64.9, 65, 80, 80.1)}
    assert bands == {
        39.9: "muy difícil",
        40: "algo difícil",
        54.9: "algo difícil",
        55: "normal",
        64.9: "normal",
        65: "bastante fácil",
        80: "bastante fácil",
        80.1: "muy fácil",
    }
    assert inflesz_band(MIN_INFLESZ).en == "fairly easy"


@pytest.mark.parametrize(
    "label",
    ["Oncólogo", "Consulta multidisciplinaria", "Resultados histopatológicos", "Quimioterapia"],
)
def test_a_spanish_label_with_a_hard_word_fails(label: str) -> None:
    """A Spanish label fails when it holds a word of 4+ syllables that is not familiar."""
    result = grade_es(Item("x", label))
    assert (result.rule, result.passed) == ("label", False)
    assert result.hard_words


@pytest.mark.parametrize(
    "label",
    ["Segunda opinión", "Sus próximos pasos", "Médico de familia", "¿Qué quiere decir esto?"],
)
def test_a_plain_spanish_label_passes(label: str) -> None:
    """A label of familiar or short words passes, whatever INFLESZ would make of it."""
    result = grade_es(Item("x", label))
    assert (result.rule, result.passed) == ("label", True)


def test_english_grades_are_the_same_after_spanish_ones() -> None:
    """Spanish grading uses its own textstat instance: the English grade, and textstat's own
    module-level measures, are the same before and after it, whatever order tests run in."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # textstat 0.7.4 imports the deprecated pkg_resources
        import textstat  # type: ignore[import-untyped]
        from textstat.textstat import textstatistics  # type: ignore[import-untyped]

    text = "Whenever you are considering another physician, remember your insurance rules."
    before = (grade(Item("x", text)), textstat.flesch_reading_ease(text))
    spanish = grade_es(Item("x", HARD_ES))
    after = (grade(Item("x", text)), textstat.flesch_reading_ease(text))
    assert before == after
    assert grade_text_es(HARD_ES) == (spanish.inflesz, spanish.fernandez_huerta)
    # Whatever ran before: the module-level textstat measures as a fresh, English one does.
    assert textstat.flesch_reading_ease(text) == textstatistics().flesch_reading_ease(text)
    assert textstat.flesch_reading_ease(HARD_ES) != spanish.inflesz


def test_the_spanish_exceptions_and_extra_words_have_reasons() -> None:
    """Each Spanish exception says why; the accepted extra label words are few, each with one."""
    assert len(EXCEPTIONS_ES) <= 5 and all(EXCEPTIONS_ES.values())
    assert len(FAMILIAR_EXTRA_ES) <= 5 and all(FAMILIAR_EXTRA_ES.values())
