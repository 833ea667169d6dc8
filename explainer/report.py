"""The content report: each text's grade, the whole dashboard's grade, and a PEMAT-P checklist.

``python -m explainer.report [folder]`` (``make report``) writes ``content-report.md`` and
``content-report.json`` to ``folder`` (default ``reports/``). Not used by the dashboard.

PEMAT-P (AHRQ; research/guidance.md section 3) has 17 understandability and 7 actionability
items for print, each agree (1), disagree (0) or, for some, not applicable; a domain's score is
the points over the applicable items, as a percentage. Here each item's score is computed from
the content where it can be (readability, "you", steps, definitions, numbers) and otherwise
points to where the content or the HTML shows it; the evidence says which.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import default_content
from .model import Content
from .readability import MAX_GRADE, Grade, Item, dashboard_text, grade, grade_text, patient_texts

__all__ = ["PEMAT_URL", "PemaItem", "Report", "build_report", "main", "markdown", "write_report"]

PEMAT_URL = (
    "http://www.ahrq.gov/professionals/prevention-chronic-care/improve/self-mgmt/pemat/pemat1.html"
)
#: The usual bar for a PEMAT domain score (secondary, research/guidance.md section 3).
PEMAT_BAR = 70.0
#: A text longer than this many words is not a "short section" (PEMAT item 8).
MAX_CHUNK_WORDS = 60

#: Medical terms, and the words that define them; the definition must come where the term is
#: first used (in that item or one of the next three, e.g. a question's help text).
TERMS: Sequence[tuple[str, str]] = (
    ("second opinion", r"second opinion means"),
    ("stage", r"stage tells"),
    ("rare cancer", r"rare cancer is one"),
    ("clinical trial", r"clinical trial is"),
    ("refer", r"this means they send you"),
    ("pathology report", r"pathology report is"),
    ("cancer center", r"hospital, or part of one, where doctors focus on cancer"),
    ("sarcoma", r"sarcoma, a rare cancer"),
    ("urologist", r"urologist, a surgeon"),
    ("diagnosis", r"diagnosis is"),
)
_PASSIVE = re.compile(
    r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ed|made|done|seen|given|told|sent|kept|"
    r"taken|found|shown|known|booked)\b",
    re.I,
)
_YOU = re.compile(r"\b(?:you|your|yours|yourself)\b", re.I)
_ACTION_VERBS = frozenset(
    [
        "ask",
        "bring",
        "call",
        "check",
        "choose",
        "find",
        "go",
        "keep",
        "look",
        "make",
        "send",
        "take",
        "talk",
        "tell",
        "tick",
        "try",
        "write",
    ]
)


@dataclass(frozen=True, slots=True)
class PemaItem:
    """One PEMAT-P item: its number, statement, score (1, 0 or None for N/A) and evidence."""

    number: int
    domain: str  # "understandability" or "actionability"
    statement: str
    score: int | None
    evidence: str


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


# -- measures -------------------------------------------------------------------------------------


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if len(s.split()) > 2]


def _pct(part: int, whole: int) -> str:
    return f"{part} of {whole} ({round(100 * part / whole) if whole else 0}%)"


def _first_word(text: str) -> str:
    return text.split()[0].strip(".,:;!?").lower()


@dataclass(frozen=True, slots=True)
class _Facts:
    """What the checks look at: the content, its items in display order and their grades."""

    content: Content
    items: tuple[Item, ...]
    grades: tuple[Grade, ...]
    whole: tuple[float, float]

    @property
    def prose(self) -> list[str]:
        return [s for g in self.grades if g.rule != "label" for s in _sentences(g.item.text)]


# -- the PEMAT-P items ------------------------------------------------------------------------------

Check = Callable[[_Facts], tuple[int | None, str]]


def _purpose(f: _Facts) -> tuple[int | None, str]:
    title, intro = f.content.texts["title"], f.content.texts["intro"]
    ok = title.endswith("?") and "helps you" in intro
    return int(
        ok
    ), f"The title asks the question ({title!r}); the intro opens: {intro.split('.')[0]!r}."


def _no_distraction(f: _Facts) -> tuple[int | None, str]:
    n = len(f.content.citations())
    return 1, (
        f"Every criterion, level, reason, step, question, good point, drawback and figure cites a "
        f"source passage ({n} citations; the loader rejects an uncited one). No other content. "
        "Reviewer to confirm."
    )


def _everyday(f: _Facts) -> tuple[int | None, str]:
    ok = sum(g.passed for g in f.grades)
    fk, smog = f.whole
    return int(ok == len(f.grades) and max(fk, smog) <= MAX_GRADE), (
        f"{_pct(ok, len(f.grades))} texts at grade {MAX_GRADE:g} or below by their rule; the whole "
        f"dashboard text: Flesch-Kincaid {fk}, SMOG {smog}."
    )


def _terms(f: _Facts) -> tuple[int | None, str]:
    texts = [i.text.lower() for i in f.items]
    found: list[str] = []
    missing: list[str] = []
    for term, definition in TERMS:
        first = next((n for n, t in enumerate(texts) if re.search(rf"\b{term}", t)), None)
        if first is None:
            continue
        near = " ".join(texts[first : first + 4])
        (found if re.search(definition, near) else missing).append(f"{term} ({f.items[first].id})")
    evidence = f"{len(found)} medical terms defined where first used: {', '.join(found)}."
    if missing:
        evidence += f" Not defined where first used: {', '.join(missing)}."
    return int(not missing), evidence


def _active(f: _Facts) -> tuple[int | None, str]:
    prose = f.prose
    passive = [s for s in prose if _PASSIVE.search(s)]
    active = len(prose) - len(passive)
    example = f" Passive, e.g.: {passive[0]!r}." if passive else ""
    return int(active >= 0.9 * len(prose)), (
        f"{_pct(active, len(prose))} sentences have no passive form (is/was + past participle).{example}"
    )


def _numbers(f: _Facts) -> tuple[int | None, str]:
    about = f.content.about
    with_population = [x for x in about.figures if x.population.strip()]
    explained = "100" in about.text("figures_intro")
    ok = explained and len(with_population) == len(about.figures)
    return int(ok), (
        f"Numbers appear only in the figures table: {_pct(len(with_population), len(about.figures))} "
        f"figures name the people they came from; the table's intro "
        f"{'explains' if explained else 'does not explain'} what % means ('out of 100'); ranges "
        "are given as ranges."
    )


def _no_calculation(f: _Facts) -> tuple[int | None, str]:
    asks = [i.id for i in f.items if re.search(r"\b(calculate|add up|work out)\b", i.text, re.I)]
    return int(not asks), f"No text asks the reader to calculate ({len(asks)} found)."


def _chunks(f: _Facts) -> tuple[int | None, str]:
    longest = max(f.grades, key=lambda g: g.words)
    return int(longest.words <= MAX_CHUNK_WORDS), (
        f"Every text is a short chunk: the longest is {longest.words} words "
        f"({longest.item.id}); at most {MAX_CHUNK_WORDS} allowed."
    )


def _headers(f: _Facts) -> tuple[int | None, str]:
    headings = [g for g in f.grades if g.item.id.endswith(("heading", "_heading"))]
    plain = [g for g in headings if g.passed]
    names = ", ".join(repr(g.item.text) for g in headings[:8])
    return int(len(plain) == len(headings) > 0), (
        f"{len(headings)} headings, {_pct(len(plain), len(headings))} plain: {names}, ..."
    )


def _sequence(f: _Facts) -> tuple[int | None, str]:
    return 1, (
        "Pointed to: questions, then the main message, level, reasons, next steps and third "
        "opinion (render.advice_html); about: what this is, date, update policy, funding, good "
        "points and drawbacks, figures (render.about_html). Reviewer to confirm."
    )


def _summary(f: _Facts) -> tuple[int | None, str]:
    levels = (*f.content.second_levels, *f.content.third_levels)
    ok = all(lv.summary for lv in levels)
    return int(ok), (
        f"Every advice opens with a one-line main message: {len(levels)} level summaries, e.g. "
        f"{levels[0].summary!r}."
    )


def _cues(f: _Facts) -> tuple[int | None, str]:
    return 1, (
        "Pointed to: the level in bold with a three-mark meter, bulleted reasons, a numbered "
        "checklist of steps, good points and drawbacks in two columns (render.py)."
    )


def _visual_aids(f: _Facts) -> tuple[int | None, str]:
    return 0, (
        "Only the three-mark level meter. The figures are numbers in a table with no picture "
        "(e.g. 100 figures of people), which could make them easier to grasp: to do."
    )


def _aids_reinforce(f: _Facts) -> tuple[int | None, str]:
    return 1, "The meter repeats the level that is also given in words (not colour alone)."


def _aids_captions(f: _Facts) -> tuple[int | None, str]:
    caption = f.content.about.text("figures_caption")
    return 1, f"The meter sits next to its level label; the tables have captions ({caption!r})."


def _illustrations(f: _Facts) -> tuple[int | None, str]:
    return None, "N/A: no illustrations or photographs."


def _tables(f: _Facts) -> tuple[int | None, str]:
    keys = ("story_col_", "col_")
    headers = [g for g in f.grades if g.item.id.split(":")[-1].startswith(keys)]
    ok = all(g.passed and g.words <= 6 for g in headers)
    return int(ok), (
        f"Two tables (stories, figures) with {len(headers)} column headers of at most "
        f"{max(g.words for g in headers)} words: "
        + ", ".join(repr(g.item.text) for g in headers)
        + "."
    )


def _steps(f: _Facts) -> list[str]:
    return [s.text for s in f.content.steps]


def _one_action(f: _Facts) -> tuple[int | None, str]:
    n = len(_steps(f))
    return int(n > 0), f"{n} next steps, always shown with the advice."


def _direct(f: _Facts) -> tuple[int | None, str]:
    steps = _steps(f)
    direct = [s for s in steps if _first_word(s) in _ACTION_VERBS or _YOU.search(s)]
    you = sum(bool(_YOU.search(s)) for s in f.prose)
    return int(len(direct) == len(steps)), (
        f"{_pct(len(direct), len(steps))} steps speak to the reader (an order or 'you'); across "
        f"all text, {_pct(you, len(f.prose))} sentences say 'you' or 'your' (the stories are about "
        "other people)."
    )


def _explicit(f: _Facts) -> tuple[int | None, str]:
    steps = _steps(f)
    orders = [s for s in steps if _first_word(s) in _ACTION_VERBS]
    others = [s.split(".")[0] for s in steps if s not in orders]
    evidence = f"{len(steps)} next steps; {_pct(len(orders), len(steps))} open with an order."
    if others:
        evidence += f" Others: {others!r}."
    return int(len(orders) >= 0.8 * len(steps)), evidence


def _tool(f: _Facts) -> tuple[int | None, str]:
    steps, questions = len(_steps(f)), len(f.content.questions)
    return int(steps > 0 and questions > 0), (
        f"A checklist of {steps} next steps to tick, and a printable plan with {questions} "
        "questions to ask the new doctor and the records to bring."
    )


def _calc_help(f: _Facts) -> tuple[int | None, str]:
    return None, "N/A: the reader is never asked to calculate."


def _tables_to_act(f: _Facts) -> tuple[int | None, str]:
    intro = f.content.texts["stories_intro"]
    ok = "Load" in intro
    return int(ok), f"The stories table says how to use it: {intro!r}"


def _aids_to_act(f: _Facts) -> tuple[int | None, str]:
    return 0, "No picture shows how to act (e.g. what records to gather): to do."


_U, _A = "understandability", "actionability"
#: (number, domain, statement, check): the PEMAT-P items, paraphrased.
ITEMS: Sequence[tuple[int, str, str, Check]] = (
    (1, _U, "The purpose is completely evident.", _purpose),
    (2, _U, "Nothing distracts from the purpose.", _no_distraction),
    (3, _U, "Common, everyday language.", _everyday),
    (4, _U, "Medical terms only to familiarize, and defined.", _terms),
    (5, _U, "Active voice.", _active),
    (6, _U, "Numbers are clear and easy to understand.", _numbers),
    (7, _U, "No calculations expected of the user.", _no_calculation),
    (8, _U, "Information in short sections (chunks).", _chunks),
    (9, _U, "Sections have informative headers.", _headers),
    (10, _U, "Information in a logical sequence.", _sequence),
    (11, _U, "A summary is provided.", _summary),
    (12, _U, "Visual cues draw attention to key points.", _cues),
    (15, _U, "Visual aids wherever they would help.", _visual_aids),
    (16, _U, "Visual aids reinforce rather than distract.", _aids_reinforce),
    (17, _U, "Visual aids have clear titles or captions.", _aids_captions),
    (18, _U, "Illustrations and photographs are clear and uncluttered.", _illustrations),
    (19, _U, "Simple tables with short, clear headings.", _tables),
    (20, _A, "At least one action the user can take.", _one_action),
    (21, _A, "Addresses the user directly when describing actions.", _direct),
    (22, _A, "Actions broken into manageable, explicit steps.", _explicit),
    (23, _A, "A tangible tool (e.g. a checklist) where it helps.", _tool),
    (24, _A, "Simple instructions for any calculation.", _calc_help),
    (25, _A, "Explains how to use charts or tables to act.", _tables_to_act),
    (26, _A, "Visual aids where they make it easier to act.", _aids_to_act),
)


# -- building and writing -----------------------------------------------------------------------


def build_report(content: Content | None = None) -> Report:
    """Grade every item and fill in the PEMAT-P items for this content (default: packaged)."""
    content = content if content is not None else default_content()
    items = patient_texts(content)
    grades = tuple(grade(i) for i in items)
    whole = grade_text(dashboard_text(items))
    facts = _Facts(content, items, grades, whole)
    pemat = tuple(PemaItem(n, d, s, *check(facts)) for n, d, s, check in ITEMS)
    return Report(grades, whole[0], whole[1], pemat)


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
        "| # | Item | Score | Evidence |",
        "|---|---|---|---|",
    ]
    for p in report.pemat:
        score = "N/A" if p.score is None else str(p.score)
        lines.append(f"| {p.number} | {_cell(p.statement)} | {score} | {_cell(p.evidence)} |")
    lines += ["", f"Understandability: **{u}%**. Actionability: **{a}%**.", ""]
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
