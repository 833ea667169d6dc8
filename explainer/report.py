"""The content report: each text's grade, the whole dashboard's grade, and a PEMAT-P checklist.

``python -m explainer.report [folder]`` (``make report``) writes ``content-report.md`` and
``content-report.json`` to ``folder`` (default ``reports/``). Not used by the dashboard.

PEMAT-P (AHRQ; research/guidance.md section 3) has 17 understandability and 7 actionability
items for print, each agree (1), disagree (0) or, for some, not applicable; a domain's score is
the points over the applicable items, as a percentage. Each item is scored from the rendered
views, with its evidence quoted from them (explainer/pemat.py); the items a human rater must
confirm are marked.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import default_content
from .model import Content
from .pemat import _A, _U, ITEMS, PemaItem, Views, pemat_items, render_views
from .readability import MAX_GRADE, Grade, dashboard_text, grade, grade_text, patient_texts

__all__ = [
    "ITEMS",
    "PEMAT_URL",
    "PemaItem",
    "Report",
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
class Report:
    """Every item's grade, the whole text's grades and the PEMAT-P items."""

    grades: tuple[Grade, ...]
    whole_fk: float
    whole_smog: float
    pemat: tuple[PemaItem, ...]

    def score(self, domain: str) -> float:
        """The domain's PEMAT score: points over applicable items, as a percentage."""
        scored = [p.score for p in self.pemat if p.domain == domain and p.score is not None]
        return round(100 * sum(scored) / len(scored), 1) if scored else 0.0

    @property
    def failing(self) -> tuple[Grade, ...]:
        """The items that fail their readability rule."""
        return tuple(g for g in self.grades if not g.passed)


# -- building and writing -----------------------------------------------------------------------


def build_report(content: Content | None = None) -> Report:
    """Grade every item and fill in the PEMAT-P items for this content (default: packaged)."""
    content = content if content is not None else default_content()
    items = patient_texts(content)
    grades = tuple(grade(i) for i in items)
    whole = grade_text(dashboard_text(items))
    views = Views(render_views(content, REPORT_DATE), content, grades, whole)
    return Report(grades, whole[0], whole[1], pemat_items(views))


def to_json(report: Report) -> dict[str, Any]:
    """The report as plain data."""
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
            }
            for g in report.grades
        ],
        "failing": [g.item.id for g in report.failing],
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
    }


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown(report: Report) -> str:
    """The report as Markdown: summary, PEMAT-P checklist, failing items, then every item."""
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
        result = "pass" if g.passed else "**FAIL**"
        lines.append(
            f"| `{g.item.id}` | {g.rule} | {g.words} | {g.fk} | {g.smog} | "
            f"{_cell(', '.join(g.hard_words))} | {result} |"
        )
    return "\n".join(lines) + "\n"


def write_report(folder: Path, content: Content | None = None) -> tuple[Path, Path]:
    """Write content-report.md and content-report.json to ``folder``; returns their paths."""
    report = build_report(content)
    folder.mkdir(parents=True, exist_ok=True)
    md, js = folder / "content-report.md", folder / "content-report.json"
    md.write_text(markdown(report), encoding="utf-8")
    js.write_text(json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n", "utf-8")
    return md, js


def main(argv: Sequence[str] | None = None) -> int:
    """Write the report; exit 1 if any text fails its readability rule."""
    args = list(sys.argv[1:] if argv is None else argv)
    folder = Path(args[0]) if args else Path("reports")
    md, js = write_report(folder)
    report = json.loads(js.read_text(encoding="utf-8"))
    u, a = (report["pemat"][d]["score_percent"] for d in (_U, _A))
    print(f"{md} and {js}: {len(report['failing'])} failing texts; PEMAT-P {u}% / {a}%")
    return 1 if report["failing"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
