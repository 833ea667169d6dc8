"""The content report: written as Markdown and JSON, every item graded in both languages (the
Spanish under "es" and after the English), the exceptions with their reasons, PEMAT-P scored."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from pathlib import Path

import pytest

from explainer import default_content
from explainer.model import Content
from explainer.pemat import Views, pemat_items, render_views
from explainer.readability import EXCEPTIONS, EXCEPTIONS_ES, patient_texts
from explainer.report import (
    ITEMS,
    build_report,
    main,
    markdown,
    spanish_part,
    to_json,
    write_report,
)

HARD = (
    "Notwithstanding institutional considerations, oncological consultations necessitate "
    "comprehensive multidisciplinary deliberation."
)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, object]]:
    md, js = write_report(tmp_path_factory.mktemp("reports"))
    return md.read_text(encoding="utf-8"), json.loads(js.read_text(encoding="utf-8"))


HARD_ES = (
    "La consideración multidisciplinaria de las circunstancias institucionales constituye un "
    "requisito fundamental para determinar la idoneidad terapéutica."
)


def _with_hard_help(content: Content, text: str = HARD) -> Content:
    first = dataclasses.replace(content.criteria[0], help=text)
    return dataclasses.replace(content, criteria=(first, *content.criteria[1:]))


def test_both_files_are_written(written: tuple[str, dict[str, object]]) -> None:
    """The Markdown report and its JSON twin are written and say the same scores."""
    md, data = written
    assert md.startswith("# Content report")
    pemat = data["pemat"]
    assert isinstance(pemat, dict)
    assert f"Understandability: **{pemat['understandability']['score_percent']}%**" in md


def test_every_item_is_listed_with_both_grades(written: tuple[str, dict[str, object]]) -> None:
    """Each patient-facing text appears once, with its Flesch-Kincaid and SMOG grades."""
    md, data = written
    ids = [i.id for i in patient_texts(default_content())]
    items = data["items"]
    assert isinstance(items, list)
    assert [i["id"] for i in items] == ids
    assert all(isinstance(i["flesch_kincaid"], float) and "smog" in i for i in items)
    assert all(f"| `{i}` |" in md for i in ids)


def test_the_whole_text_is_graded(written: tuple[str, dict[str, object]]) -> None:
    """The report gives the grade of the whole dashboard text."""
    whole = written[1]["whole_text"]
    assert isinstance(whole, dict) and set(whole) == {"flesch_kincaid", "smog"}


def test_pemat_has_17_plus_7_items_each_with_evidence() -> None:
    """PEMAT-P: 17 understandability and 7 actionability items, each with evidence."""
    report = build_report()
    domains = [p.domain for p in report.pemat]
    assert (domains.count("understandability"), domains.count("actionability")) == (17, 7)
    assert len({n for n, *_ in ITEMS}) == 24
    assert all(p.evidence for p in report.pemat)


def test_scores_are_points_over_applicable_items() -> None:
    """A domain's score is its points over the items not marked N/A, as a percentage."""
    report = build_report()
    for domain in ("understandability", "actionability"):
        scored = [p.score for p in report.pemat if p.domain == domain and p.score is not None]
        assert report.score(domain) == round(100 * sum(scored) / len(scored), 1)
    assert report.score("understandability") >= 70


def test_a_failing_item_is_shown_as_failing() -> None:
    """A text above grade 8 is named as failing, in the list and in its row, and PEMAT item 3
    (everyday language) scores 0."""
    content = _with_hard_help(default_content())
    report = build_report(content)
    item = f"criteria.yaml:{content.criteria[0].id}:help"
    assert [g.item.id for g in report.failing] == [item]
    md = markdown(report)
    assert f"- FAIL {item}: Flesch-Kincaid grade" in md
    assert any(line.startswith(f"| `{item}` |") and "**FAIL**" in line for line in md.split("\n"))
    assert to_json(report)["failing"] == [item]
    assert next(p for p in report.pemat if p.number == 3).score == 0


def test_main_writes_the_report_and_exits_0_when_all_pass(tmp_path: Path) -> None:
    """`python -m explainer.report FOLDER` writes both files and succeeds on the real content."""
    assert main([str(tmp_path)]) == 0
    assert {p.name for p in tmp_path.iterdir()} == {"content-report.md", "content-report.json"}


def _views(**changes: str) -> Views:
    content = default_content()
    html = render_views(content, date(2026, 12, 6))
    for name, extra in changes.items():
        html[name] += extra
    report = build_report(content)
    return Views(html, content, report.grades, (report.whole_fk, report.whole_smog))


def _score(views: Views, number: int) -> int | None:
    return next(p.score for p in pemat_items(views) if p.number == number)


def test_pemat_is_scored_from_the_rendered_views_and_its_checks_can_fail() -> None:
    """Each automatic item agrees on the real views and disagrees when the page shows the fault
    it looks for: screen-only words on the plan, a per cent sign, an undefined flagged term, a
    plan with no boxes, a stories table with no how-to line, stories tables with too many
    columns."""
    real = _views()
    assert all(_score(real, n) == 1 for n in (2, 4, 6, 11, 15, 19, 23, 25, 26))
    assert _score(_views(plan="<p>Read the source (opens in a new tab)</p>"), 2) == 0
    assert _score(_views(about="<p>It changed for 45% of people.</p>"), 6) == 0
    assert _score(_views(advice="<p>Ask about a biopsy.</p>"), 4) == 0
    bare = render_views(default_content(), date(2026, 12, 6))
    no_boxes = _views()
    no_boxes.html["plan"] = bare["plan"].replace('type="checkbox"', 'type="hidden"')
    assert _score(no_boxes, 23) == 0
    no_howto = _views()
    no_howto.html["stories"] = re.sub(r'<p class="table-howto">.*?</p>', "", bare["stories"])
    assert _score(no_howto, 25) == 0
    one_wide_table = _views()
    wide = '<th scope="col">Age</th><th scope="col">Cancer</th><th scope="col">Person</th>'
    one_wide_table.html["stories"] = bare["stories"].replace('<th scope="col">Person</th>', wide)
    assert _score(one_wide_table, 19) == 0


def test_the_report_says_which_items_need_a_human_rater(
    written: tuple[str, dict[str, object]],
) -> None:
    """The checklist marks the items a program cannot judge, and the Markdown names them."""
    md, data = written
    pemat = data["pemat"]
    assert isinstance(pemat, dict)
    flagged = [
        i["number"]
        for domain in pemat.values()
        if isinstance(domain, dict)
        for i in domain["items"]
        if i["needs_human_rater"]
    ]
    assert flagged == [2, 10, 12, 16]
    assert "Items a human rater must confirm: 2, 10, 12, 16." in md


def test_every_spanish_item_is_listed_with_its_scores(
    written: tuple[str, dict[str, object]],
) -> None:
    """Each Spanish text appears once, in the English order, with its INFLESZ score, the band's
    name in Spanish and English, and its Fernández-Huerta score; the Markdown has its row."""
    md, data = written
    spanish = data["es"]
    assert isinstance(spanish, dict)
    ids = [i.id for i in patient_texts(default_content("es"))]
    items = spanish["items"]
    assert [i["id"] for i in items] == ids
    for i in items:
        assert isinstance(i["inflesz"], float) and isinstance(i["fernandez_huerta"], float)
        assert set(i["inflesz_band"]) == {"es", "en"}
    assert spanish["target"]["inflesz_at_least"] == 65
    assert spanish["target"]["band"] == {"es": "bastante fácil", "en": "fairly easy"}
    assert "no target" in spanish["target"]["fernandez_huerta"]
    assert set(spanish["whole_text"]) == {"inflesz", "inflesz_band", "fernandez_huerta"}
    part = md[md.index("# Spanish texts") :]
    assert all(f"| `{i}` |" in part for i in ids)


def test_both_languages_list_their_exceptions_with_reasons(
    written: tuple[str, dict[str, object]],
) -> None:
    """Each language's exceptions and their reasons are in the JSON and the Markdown; an item
    shown but not held to the rule says so in its row and its reason."""
    md, data = written
    spanish = data["es"]
    assert isinstance(spanish, dict)
    assert data["exceptions"] == dict(EXCEPTIONS) and spanish["exceptions"] == dict(EXCEPTIONS_ES)
    english_part, spanish_part_md = md.split("# Spanish texts")
    for what, why in EXCEPTIONS.items():
        assert f"- {what}: {why}." in english_part
    for what, why in EXCEPTIONS_ES.items():
        assert f"- {what}: {why}." in spanish_part_md
    items = data["items"]
    assert isinstance(items, list)
    switch = next(i for i in items if i["id"] == "ui.yaml:language_switch")
    assert switch["exception"] == EXCEPTIONS["ui.yaml: language_switch"] and switch["passed"]
    assert any(
        line.startswith("| `ui.yaml:language_switch` |") and line.endswith("| exception |")
        for line in spanish_part_md.split("\n")
    )
    translations = [i for i in spanish["items"] if i["id"].endswith(":translation")]
    assert translations and all(i["exception"] and "inflesz" in i for i in translations)


def test_a_failing_spanish_item_is_shown_as_failing() -> None:
    """A Spanish text below INFLESZ 65 is named as failing, with its score and its band, in the
    list, in its row and in the JSON; the English part is unchanged."""
    report = build_report()
    hard = _with_hard_help(default_content("es"), HARD_ES)
    report = dataclasses.replace(report, spanish=spanish_part(hard))
    item = f"criteria.yaml:{hard.criteria[0].id}:help"
    assert item in [g.item.id for g in report.spanish.failing]
    assert item not in [g.item.id for g in spanish_part(default_content("es")).failing]
    md = markdown(report)
    assert f"- FAIL {item}: INFLESZ" in md and "muy difícil" in md
    part = md[md.index("# Spanish texts") :]
    assert any(line.startswith(f"| `{item}` |") and "**FAIL**" in line for line in part.split("\n"))
    data = to_json(report)
    assert item in data["es"]["failing"] and data["failing"] == []
    row = next(i for i in data["es"]["items"] if i["id"] == item)
    assert row["inflesz_band"] == {"es": "muy difícil", "en": "very difficult"}
