"""The content report: each text's grade, the whole dashboard's grade, and a PEMAT-P checklist.

``python -m explainer.report [folder]`` (``make report``) writes ``content-report.md`` and
``content-report.json`` to ``folder`` (default ``reports/``). Not used by the dashboard.

Both languages are in the same two files. The English part keeps its place (the JSON's top-level
keys, the Markdown's first sections) so what reads it still does; the Spanish texts (data/es/)
follow: the JSON's ``"es"`` key and the Markdown's "Spanish texts" section, each item with its
INFLESZ score and band (in Spanish and English), its Fernández-Huerta score (no target: see
:data:`explainer.readability.FERNANDEZ_HUERTA_NOTE`) and its result. Each language lists its
exceptions with their reasons. The PEMAT-P checklist is scored on the English views.

PEMAT-P (AHRQ; research/guidance.md section 3) has 17 understandability and 7 actionability
items for print, each agree (1), disagree (0) or, for some, not applicable; a domain's score is
the points over the applicable items, as a percentage. Each item is scored from the rendered
views, with its evidence quoted from them (explainer/pemat.py); the items a human rater must
confirm are marked.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import default_content
from .model import Content
from .pemat import _A, _U, ITEMS, PemaItem, Views, pemat_items, render_views
from .readability import (
    EXCEPTIONS,
    EXCEPTIONS_ES,
    FERNANDEZ_HUERTA_NOTE,
    INFLESZ_BANDS,
    MAX_GRADE,
    MIN_INFLESZ,
    Band,
    Grade,
    Item,
    SpanishGrade,
    dashboard_text,
    grade,
    grade_es,
    grade_text,
    grade_text_es,
    inflesz_band,
    patient_texts,
)

__all__ = [
    "ITEMS",
    "PEMAT_URL",
    "PemaItem",
    "Report",
    "SpanishPart",
    "build_report",
    "main",
    "markdown",
    "write_report",
]

PEMAT_URL = (
    "http://www.ahrq.gov/professionals/prevention-chronic-care/improve/self-mgmt/pemat/pemat1.html"
)
#: The usual bar for a PEMAT domain score (secondary, research/guidance.md section 3).
PEMAT_BAR = 70.0

#: The date the report's printable plan carries: fixed, so the report is the same each run.
REPORT_DATE = date(2026, 12, 6)
#: A text longer than this many words is not a "short section" (PEMAT item 8).
MAX_CHUNK_WORDS = 60


@dataclass(frozen=True, slots=True)
class SpanishPart:
    """Every Spanish item's grade and the whole Spanish text's scores."""

    grades: tuple[SpanishGrade, ...]
    whole_inflesz: float
    whole_fernandez_huerta: float

    @property
    def failing(self) -> tuple[SpanishGrade, ...]:
        """The Spanish items that fail their readability rule."""
        return tuple(g for g in self.grades if not g.passed)


@dataclass(frozen=True, slots=True)
class Report:
    """Every item's grade, the whole text's grades and the PEMAT-P items; then the Spanish."""

    grades: tuple[Grade, ...]
    whole_fk: float
    whole_smog: float
    pemat: tuple[PemaItem, ...]
    spanish: SpanishPart

    def score(self, domain: str) -> float:
        """The domain's PEMAT score: points over applicable items, as a percentage."""
        scored = [p.score for p in self.pemat if p.domain == domain and p.score is not None]
        return round(100 * sum(scored) / len(scored), 1) if scored else 0.0

    @property
    def failing(self) -> tuple[Grade, ...]:
        """The items that fail their readability rule."""
        return tuple(g for g in self.grades if not g.passed)


# -- building and writing -----------------------------------------------------------------------


def build_report(content: Content | None = None, spanish: Content | None = None) -> Report:
    """Grade every item and fill in the PEMAT-P items for this content, then grade the Spanish
    content's items (default: the packaged content in each language)."""
    content = content if content is not None else default_content()
    spanish = spanish if spanish is not None else default_content("es")
    items = patient_texts(content)
    grades = tuple(grade(i) for i in items)
    whole = grade_text(dashboard_text(items))
    views = Views(render_views(content, REPORT_DATE), content, grades, whole)
    return Report(grades, whole[0], whole[1], pemat_items(views), spanish_part(spanish))


def spanish_part(content: Content) -> SpanishPart:
    """Grade every item of the Spanish content, and its whole text."""
    items = patient_texts(content)
    whole = grade_text_es(dashboard_text(items, "es"))
    return SpanishPart(tuple(grade_es(i) for i in items), *whole)


def _band(band: Band) -> dict[str, str]:
    return {"es": band.es, "en": band.en}


def _exceptions(grades: tuple[Grade, ...] | tuple[SpanishGrade, ...]) -> list[Item]:
    return [g.item for g in grades if g.item.exception]


def to_json(report: Report) -> dict[str, Any]:
    """The report as plain data (the Spanish part under ``"es"``)."""
    return {
        "max_grade": MAX_GRADE,
        "whole_text": {"flesch_kincaid": report.whole_fk, "smog": report.whole_smog},
        "items": [
            {
                "id": g.item.id,
                "text": g.item.text,
                "rule": g.rule,
                "words": g.words,
                "sentences": g.sentences,
                "flesch_kincaid": g.fk,
                "smog": g.smog,
                "hard_words": list(g.hard_words),
                "passed": g.passed,
                "exception": g.item.exception or None,
            }
            for g in report.grades
        ],
        "failing": [g.item.id for g in report.failing],
        "exceptions": dict(EXCEPTIONS),
        "pemat": {
            domain: {
                "score_percent": report.score(domain),
                "items": [
                    {
                        "number": p.number,
                        "statement": p.statement,
                        "score": p.score,
                        "evidence": p.evidence,
                        "needs_human_rater": p.human,
                    }
                    for p in report.pemat
                    if p.domain == domain
                ],
            }
            for domain in (_U, _A)
        },
        "pemat_source": PEMAT_URL,
        "es": _spanish_json(report.spanish),
    }


def _spanish_json(part: SpanishPart) -> dict[str, Any]:
    return {
        "target": {
            "inflesz_at_least": MIN_INFLESZ,
            "band": _band(inflesz_band(MIN_INFLESZ)),
            "labels": "no hard word (see explainer/readability.py)",
            "fernandez_huerta": FERNANDEZ_HUERTA_NOTE,
        },
        "inflesz_bands": [{"from": b.lowest, **_band(b)} for b in INFLESZ_BANDS[:-1]],
        "whole_text": {
            "inflesz": part.whole_inflesz,
            "inflesz_band": _band(inflesz_band(part.whole_inflesz)),
            "fernandez_huerta": part.whole_fernandez_huerta,
        },
        "items": [
            {
                "id": g.item.id,
                "text": g.item.text,
                "rule": g.rule,
                "words": g.words,
                "sentences": g.sentences,
                "inflesz": g.inflesz,
                "inflesz_band": _band(g.band),
                "fernandez_huerta": g.fernandez_huerta,
                "hard_words": list(g.hard_words),
                "passed": g.passed,
                "exception": g.item.exception or None,
            }
            for g in part.grades
        ],
        "failing": [g.item.id for g in part.failing],
        "exceptions": dict(EXCEPTIONS_ES),
    }


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown(report: Report) -> str:
    """The report as Markdown: summary, PEMAT-P checklist, failing items, every item and the
    exceptions; then the same for the Spanish texts."""
    u, a = report.score(_U), report.score(_A)
    lines = [
        "# Content report",
        "",
        f"- Texts graded: {len(report.grades)}; failing: {len(report.failing)} "
        f"(rule: grade {MAX_GRADE:g} or below; see explainer/readability.py).",
        f"- Whole dashboard text, in display order: Flesch-Kincaid {report.whole_fk}, "
        f"SMOG {report.whole_smog}.",
        f"- PEMAT-P understandability: {u}%; actionability: {a}% "
        f"(the usual bar is {PEMAT_BAR:g}%; {PEMAT_URL}).",
        "",
        "## PEMAT-P checklist",
        "",
        "Scored from the rendered views (explainer/pemat.py): an item is agreed (1) only when the",
        "evidence quoted from the page shows it. Items marked “human” rest on a judgement a",
        "program cannot make; a human rater confirms them (reports/pemat-rating.md).",
        "",
        "| # | Item | Score | Human rater | Evidence |",
        "|---|---|---|---|---|",
    ]
    for p in report.pemat:
        score = "N/A" if p.score is None else str(p.score)
        human = "human" if p.human else ""
        lines.append(
            f"| {p.number} | {_cell(p.statement)} | {score} | {human} | {_cell(p.evidence)} |"
        )
    needing = ", ".join(str(p.number) for p in report.pemat if p.human)
    lines += ["", f"Understandability: **{u}%**. Actionability: **{a}%**.", ""]
    lines += [f"Items a human rater must confirm: {needing}.", ""]
    lines += ["## Failing texts", ""]
    lines += [f"- FAIL {_cell(g.problem())}" for g in report.failing] or ["None."]
    lines += [
        "",
        "## Every text",
        "",
        "| Item | Rule | Words | FK | SMOG | Hard words | Result |",
        "|---|---|---|---|---|---|---|",
    ]
    for g in report.grades:
        lines.append(
            f"| `{g.item.id}` | {g.rule} | {g.words} | {g.fk} | {g.smog} | "
            f"{_cell(', '.join(g.hard_words))} | {_result(g)} |"
        )
    lines += ["", "## Exceptions", ""]
    lines += _exception_lines(EXCEPTIONS, _exceptions(report.grades))
    return "\n".join([*lines, *_spanish_markdown(report.spanish)]) + "\n"


def _result(g: Grade | SpanishGrade) -> str:
    return "exception" if g.item.exception else "pass" if g.met else "**FAIL**"


def _exception_lines(exceptions: Mapping[str, str], items: list[Item]) -> list[str]:
    """What is not held to the rule and why; then each such item the report measured (its row
    above gives its scores)."""
    lines = [f"- {_cell(what)}: {_cell(why)}." for what, why in exceptions.items()]
    if items:
        lines += ["", "Measured, not held to the rule (for the reasons above):", ""]
        lines += [f"- `{i.id}`" for i in items]
    return lines


def _spanish_markdown(part: SpanishPart) -> list[str]:
    whole = inflesz_band(part.whole_inflesz)
    target = inflesz_band(MIN_INFLESZ)
    lines = [
        "",
        "# Spanish texts",
        "",
        f"- Texts graded: {len(part.grades)}; failing: {len(part.failing)} (rule: INFLESZ "
        f"{MIN_INFLESZ:g} or above, “{target.es}” ({target.en}) or easier, for texts of 5 words "
        "or more; a label has no hard word; see explainer/readability.py).",
        f"- Whole Spanish dashboard text, in display order: INFLESZ {part.whole_inflesz} "
        f"({whole.es} / {whole.en}), Fernández-Huerta {part.whole_fernandez_huerta}.",
        f"- Fernández-Huerta: {FERNANDEZ_HUERTA_NOTE}.",
        "- INFLESZ bands (Barrio-Cantalejo 2008): below 40 muy difícil (very difficult), 40-55 "
        "algo difícil (somewhat difficult), 55-65 normal, 65-80 bastante fácil (fairly easy), "
        "above 80 muy fácil (very easy).",
        "",
        "## Failing Spanish texts",
        "",
    ]
    lines += [f"- FAIL {_cell(g.problem())}" for g in part.failing] or ["None."]
    lines += [
        "",
        "## Every Spanish text",
        "",
        "| Item | Rule | Words | INFLESZ | Band | Fernández-Huerta | Hard words | Result |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for g in part.grades:
        lines.append(
            f"| `{g.item.id}` | {g.rule} | {g.words} | {g.inflesz} | {g.band.es} ({g.band.en}) | "
            f"{g.fernandez_huerta} | {_cell(', '.join(g.hard_words))} | {_result(g)} |"
        )
    lines += ["", "## Spanish exceptions", ""]
    return lines + _exception_lines(EXCEPTIONS_ES, _exceptions(part.grades))


def write_report(folder: Path, content: Content | None = None) -> tuple[Path, Path]:
    """Write content-report.md and content-report.json to ``folder``; returns their paths."""
    report = build_report(content)
    folder.mkdir(parents=True, exist_ok=True)
    md, js = folder / "content-report.md", folder / "content-report.json"
    md.write_text(markdown(report), encoding="utf-8")
    js.write_text(json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n", "utf-8")
    return md, js


def main(argv: Sequence[str] | None = None) -> int:
    """Write the report; exit 1 if any text, English or Spanish, fails its readability rule."""
    args = list(sys.argv[1:] if argv is None else argv)
    folder = Path(args[0]) if args else Path("reports")
    md, js = write_report(folder)
    report = json.loads(js.read_text(encoding="utf-8"))
    u, a = (report["pemat"][d]["score_percent"] for d in (_U, _A))
    failing, failing_es = len(report["failing"]), len(report["es"]["failing"])
    print(
        f"{md} and {js}: {failing} failing English texts, {failing_es} failing Spanish texts; "
        f"PEMAT-P {u}% / {a}%"
    )
    return 1 if failing or failing_es else 0


if __name__ == "__main__":
    raise SystemExit(main())
