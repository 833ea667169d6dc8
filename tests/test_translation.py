"""The Spanish content (data/es/): the loader's checks, and the same advice in every language.

A translation may change only the words a visitor reads: the advice (its levels, reasons, steps,
cautions, sources) must be the same for every answer set, whatever the language. The loader
refuses a file whose keys, lists or other values differ from the English one, naming the file and
the key; these tests break a copy of data/ in each such way.
"""

from __future__ import annotations

import dataclasses
import shutil
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml

from explainer import Advice, advise, default_content, load_content
from explainer.data_files import DATA_DIR, FILES
from explainer.errors import ContentError
from explainer.model import Citation
from explainer.translation import (
    LANGUAGES,
    TEXT_FIELDS,
    check_same_shape,
    language_of,
    numbers,
)
from tests import answer_space

SPANISH = "es"

#: Fields of the model that hold words a visitor reads, blanked before advice is compared.
_WORDED = {"text", "summary", "translation", "label", "description"}


def _shape(value: Any) -> Any:
    """``value`` with every word a visitor reads blanked: what must not depend on language."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {}
        for f in dataclasses.fields(value):
            inner = getattr(value, f.name)
            quoted = getattr(value, "verbatim", False)  # a quote stays the source's own words
            blank = f.name in _WORDED or (f.name == "quote" and not quoted)
            fields[f.name] = "" if blank and isinstance(inner, str) else _shape(inner)
        return (type(value).__name__, fields)
    if isinstance(value, tuple | list):
        return tuple(_shape(v) for v in value)
    return value


def test_the_spanish_content_loads_with_the_english_ids() -> None:
    english, spanish = default_content(), default_content(SPANISH)
    assert spanish.language == SPANISH and english.language == "en"
    assert [c.id for c in spanish.criteria] == [c.id for c in english.criteria]
    assert [s.id for s in spanish.scenarios] == [s.id for s in english.scenarios]
    assert spanish.texts["language"] == SPANISH
    assert spanish.texts["title"] != english.texts["title"]


def test_every_quote_keeps_the_source_s_words_and_has_a_spanish_rendering() -> None:
    english, spanish = default_content(), default_content(SPANISH)
    for source_en, source_es in zip(english.sources, spanish.sources, strict=True):
        for en, es in zip(source_en.passages, source_es.passages, strict=True):
            if en.verbatim:
                assert es.text == en.text, (source_en.id, en.id)
                assert es.translation and es.translation != en.text, (source_en.id, en.id)
                assert not en.translation
            else:
                assert not es.translation


def test_the_same_spanish_page_is_cited_in_both_languages() -> None:
    english, spanish = default_content(), default_content(SPANISH)
    pages = {s.id: s.spanish_page for s in english.sources if s.spanish_page}
    assert set(pages) == {"cancer_net"}
    assert {s.id: s.spanish_page for s in spanish.sources if s.spanish_page} == pages


def _cited(citations: Iterable[Citation]) -> tuple[tuple[str, str, bool], ...]:
    return tuple((c.source, c.url, c.verbatim) for c in citations)


def _key(advice: Advice) -> tuple[object, ...]:
    """What the advice decides, without its words: quick enough for every answer set."""
    points = (
        *advice.key_points,
        *advice.good_points,
        *advice.drawbacks,
        *advice.asking,
        *advice.helplines,
    )
    steps = (*advice.next_steps, *advice.questions)
    return (
        advice.stage,
        advice.second_opinion.level,
        advice.third_opinion.level,
        _cited([advice.third_opinion.citation]),
        tuple((r.criterion, *_cited([r.citation])) for r in (*advice.cautions, *advice.reasons)),
        tuple((s.id, s.stage, s.write_in, *_cited([s.citation])) for s in steps),
        tuple((p.id, p.routes, _cited(p.citations)) for p in points),
    )


@pytest.mark.parametrize("route", answer_space.routes(default_content()))
def test_the_advice_is_the_same_in_every_language(route: str) -> None:
    """For every answer set (per route: the property over the whole space), the Spanish advice
    has the English advice's levels, reasons, steps, cautions, points and citations; only the
    words differ (and none is empty)."""
    english, spanish = default_content(), default_content(SPANISH)
    count = 0
    for answers in answer_space.on(english, route):
        en, es = advise(answers, english), advise(answers, spanish)
        assert _key(es) == _key(en), answers
        assert all(t.strip() for t in es.texts()), answers
        count += 1
    assert count > 0


def test_every_story_s_advice_is_the_same_in_every_language_field_by_field() -> None:
    """The whole advice, every field but the words, for each story's answers (the quick key
    above leaves out nothing these would show)."""
    english, spanish = default_content(), default_content(SPANISH)
    for scenario in english.scenarios:
        answers = scenario.answers_dict()
        assert _shape(advise(answers, spanish)) == _shape(advise(answers, english)), scenario.id
        assert _key(advise(answers, spanish)) == _key(advise(answers, english))


def test_an_unknown_language_is_refused_by_the_loader_and_ignored_in_a_link() -> None:
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        load_content(language="fr")
    for value in ("fr", "", "ES", "es ", None, 3, "<script>"):
        assert language_of(value) == "en"
    assert [language_of(code) for code in LANGUAGES] == list(LANGUAGES)


def test_every_data_file_names_its_texts() -> None:
    assert set(TEXT_FIELDS) == set(FILES)


# -- a broken translation is refused, naming the file and the key ------------------------------


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ (English, Spanish and the schemas) to break."""
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    return folder


def _edit(folder: Path, name: str, change: Callable[[Any], None]) -> None:
    path = folder / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _criterion(data: Any, cid: str) -> Any:
    return next(c for c in data["criteria"] if c["id"] == cid)


def _quote(data: Any) -> Any:
    return next(p for s in data["sources"] for p in s["passages"] if p["verbatim"])


BREAKS: dict[str, tuple[str, Callable[[Any], None], str]] = {
    "a key only in English": (
        "es/sources.yaml",
        lambda d: d["sources"][0].pop("date_note"),
        r"data/es/sources\.yaml: key 'sources\.sources\[webmd_2009\]\.date_note': is in the "
        r"English file and not in this one",
    ),
    "a key only in Spanish": (
        "es/sources.yaml",
        lambda d: d["sources"][0].update(url_note="Solo en español."),
        r"data/es/sources\.yaml: key 'sources\.sources\[webmd_2009\]\.url_note': is in this "
        r"file and not in the English one",
    ),
    "a key the schema refuses": (
        "es/ui.yaml",
        lambda d: d.update(solo_en_espanol="Hola"),
        r"data/es/ui\.yaml: .*solo_en_espanol",
    ),
    "another citation": (
        "es/criteria.yaml",
        lambda d: _criterion(d, "rare_cancer").update(cites=["webmd_2009/your_right"]),
        r"data/es/criteria\.yaml: key 'criteria\.criteria\[rare_cancer\]\.cites': must have",
    ),
    "another default": (
        "es/criteria.yaml",
        lambda d: _criterion(d, "care_route").update(default="uk_nhs"),
        r"key 'criteria\.criteria\[care_route\]\.default': must be the same as in the English",
    ),
    "a quote reworded": (
        "es/sources.yaml",
        lambda d: _quote(d).update(text="Una cita traducida."),
        r"data/es/sources\.yaml: key 'sources\.sources\[webmd_2009\]\.passages\[your_right\]"
        r"\.text': a quote must be the source's words, exactly",
    ),
    "a quote with no rendering": (
        "es/sources.yaml",
        lambda d: _quote(d).pop("translation"),
        r"passages\[your_right\]\.translation': a quote keeps the source's words",
    ),
    "a rendering in the English file": (
        "sources.yaml",
        lambda d: _quote(d).update(translation="Our words."),
        r"data/sources\.yaml: key 'sources\.sources\[webmd_2009\]\.passages\[your_right\]"
        r"\.translation': only a quote in another language's file has a translation",
    ),
    "a story dropped": (
        "es/scenarios.yaml",
        lambda d: d["scenarios"].pop(),
        r"data/es/scenarios\.yaml: key 'scenarios\.scenarios': must have \d+ items",
    ),
    "another number": (
        "es/sources.yaml",
        lambda d: next(
            p for s in d["sources"] if s["id"] == "ruetters_2016" for p in s["passages"]
        ).update(text="Cambió el diagnóstico en 12 a 96 de cada 100 casos; coincidió en 43 a 82."),
        r"data/es/sources\.yaml: key 'sources\.sources\[ruetters_2016\]\.passages\[finding\]"
        r"\.text': must give the English text's numbers \['100', '100', '12', '43', '69', '82'\]",
    ),
    "another language's code": (
        "es/ui.yaml",
        lambda d: d.update(language="en"),
        r"data/es/ui\.yaml: field 'language': must be 'es', the language of this folder",
    ),
    "a switch to no other language": (
        "es/ui.yaml",
        lambda d: d.update(language_switch_code="fr"),
        r"data/es/ui\.yaml: field 'language_switch_code': must be another language: one of en",
    ),
    "an empty text": (
        "es/levels.yaml",
        lambda d: d["second_opinion"][0].update(label=" "),
        r"data/es/levels\.yaml: key 'levels\.second_opinion\[essential\]\.label': must be a text",
    ),
}


@pytest.mark.parametrize("case", list(BREAKS))
def test_a_translation_that_differs_from_the_english_shape_is_refused(
    case: str, data_copy: Path
) -> None:
    name, change, message = BREAKS[case]
    _edit(data_copy, name, change)
    with pytest.raises(ContentError, match=message) as refused:
        load_content(data_copy, language=SPANISH)
    assert refused.value.file.startswith("data/")


def test_a_rendering_in_the_english_file_is_refused_with_english_alone(data_copy: Path) -> None:
    _edit(data_copy, "sources.yaml", lambda d: _quote(d).update(translation="Our words."))
    with pytest.raises(
        ContentError,
        match=r"data/sources\.yaml: source 'webmd_2009': field "
        r"'passages\.your_right\.translation': only a quote in another",
    ):
        load_content(data_copy)


def test_the_english_content_alone_ignores_the_spanish_files(data_copy: Path) -> None:
    """Each language is checked when it is loaded; the server loads both when it starts
    (server/launch.py), so a broken Spanish file stops it."""
    _edit(data_copy, "es/sources.yaml", lambda d: d["sources"][0].pop("date_note"))
    assert load_content(data_copy).language == "en"
    with pytest.raises(ContentError, match=r"data/es/sources\.yaml: key 'sources\.sources"):
        load_content(data_copy, language=SPANISH)


def test_a_missing_spanish_file_is_named(data_copy: Path) -> None:
    (data_copy / "es" / "steps.yaml").unlink()
    with pytest.raises(ContentError, match=r"data/es/steps\.yaml: cannot read the file"):
        load_content(data_copy, language=SPANISH)


def test_the_shape_check_compares_lists_of_ids_but_not_lists_of_words() -> None:
    english = {"terms": [{"id": "a", "term": "x", "forms": ["x", "xs"], "cite": "s/p"}]}
    fewer_forms = {"terms": [{"id": "a", "term": "y", "forms": ["y"], "cite": "s/p"}]}
    check_same_shape("glossary", english, fewer_forms, "data/es/glossary.yaml")
    other_cite = {"terms": [{"id": "a", "term": "y", "forms": ["y"], "cite": "s/q"}]}
    with pytest.raises(ContentError, match=r"terms\[a\]\.cite"):
        check_same_shape("glossary", english, other_cite, "data/es/glossary.yaml")


def test_numbers_are_read_whatever_their_separators() -> None:
    assert numbers("Call 1-800-422-6237, 12 to 69 in 1,000") == numbers(
        "Llame al 1-800-422-6237: 12 a 69 de cada 1.000"
    )
    assert numbers("12 to 69") != numbers("12 a 96")


def test_a_spanish_link_leaves_no_english_widget_open() -> None:
    """The dashboard built before the link is read (for a preheated kernel) is closed when the
    link asks for Spanish: no widget of it reaches the page, unhardened."""
    import ipywidgets as w

    from explainer.dashboard import build_app

    def open_widgets() -> set[str]:
        # ipywidgets' registry of open widgets: its accessor is deprecated, with no public one
        # in its place (a closed widget leaves it).
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return set(w.Widget.widgets)

    def count(query: str) -> int:
        before = open_widgets()
        build_app(query=query)
        return len(open_widgets() - before)

    english, spanish = count("rare_cancer=yes"), count("lang=es&rare_cancer=yes")
    assert english > 100
    assert spanish == english


def test_the_spanish_page_is_listed_with_its_date_in_words() -> None:
    from explainer.render import sources_html

    for code, when in (("en", "March 2021"), ("es", "marzo de 2021")):
        content = default_content(code)
        html = sources_html(content.sources, content.texts, content.about.dates)
        assert (
            f'{content.texts["spanish_page_lead"]} <a href="https://www.cancer.net/es/node/41361" '
            'hreflang="es"'
        ) in html
        assert f'<time datetime="2021-03">{when}</time>' in html


def test_the_spanish_plan_lists_the_spanish_page_beside_its_source() -> None:
    from datetime import date

    from explainer.handout import plan_html
    from explainer.plan import build_plan

    def plan(code: str) -> str:
        content = default_content(code)
        return plan_html(build_plan(advise({"rare_cancer": True}, content), content, date.today()))

    assert "cancer.net/es/node/41361" not in plan("en")
    assert (
        '<li><span lang="es">Buscar una segunda opinión. Cancer.Net</span>, marzo de 2021. '
        '<a href="https://www.cancer.net/es/node/41361">cancer.net</a></li>'
    ) in plan("es")
