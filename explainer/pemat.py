"""PEMAT-P, scored from the rendered views: what a visitor sees, quoted as evidence.

AHRQ's Patient Education Materials Assessment Tool for print (research/guidance.md section 3)
has 17 understandability and 7 actionability items, each agree (1), disagree (0) or, for some,
not applicable. Here every item is checked against the HTML the dashboard draws (the advice
panel for a few answer sets, the stories table, Sources and about, and the printable plan): an
item is agreed only when its evidence, quoted from that page, shows it. Items that rest on a
judgement a program cannot make (what distracts, what order is logical, what draws the eye) say
so: a human rater confirms them (``human``), as the independent rating in ``reports/`` does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser

from .advice import advise
from .handout import plan_html
from .model import Answers, Content
from .plan import build_plan
from .readability import MAX_GRADE, Grade
from .render import about_html, advice_html, header_html, help_html, stories_table_html
from .scenarios import scenario_records

__all__ = ["ITEMS", "PemaItem", "Views", "pemat_items", "render_views"]

#: Words that make sense only on a screen, and notes meant for the tool's makers: none may be
#: on the printed plan.
SCREEN_ONLY = (
    "opens in a new tab",
    "Ticks are not saved",
    "does not save your checks",
    "Show the source",
    "Read the source",
)
MAKER_NOTES = ("PubMed ID", "No one is named yet", "should fill in")
#: Medical and insurance words an earlier strict rating found undefined: each must be defined
#: where a view uses it, or not used.
FLAGGED_TERMS = (
    "oncologist",
    "biopsy",
    "imaging",
    "systematic review",
    "coinsurance",
    "deductible",
    "disciplines",
)
#: The answer sets the self-check is rendered for: the default, a rare cancer, and treatment
#: that cannot wait on Original Medicare.
SAMPLE_ANSWERS: tuple[Answers, ...] = (
    {},
    {"rare_cancer": True},
    {"treatment_cannot_wait": True, "care_route": "us_medicare"},
)
_U, _A = "understandability", "actionability"
#: What keeps its own words (never given a meaning in brackets): quotations, citations, links
#: and the plan's source list.
_KEPT = (
    r"<blockquote.*?</blockquote>|<details class=\"citation[^\"]*\".*?</details>|<a [^>]*>.*?</a>"
    r"|<ol class=\"plan-sources\">.*?</ol>"
)


@dataclass(frozen=True, slots=True)
class PemaItem:
    """One PEMAT-P item: its number, statement, score (1, 0 or None for N/A), the evidence
    quoted from the rendered views, and whether a human rater must confirm it."""

    number: int
    domain: str  # "understandability" or "actionability"
    statement: str
    score: int | None
    evidence: str
    human: bool = False


@dataclass(frozen=True, slots=True)
class Views:
    """The rendered HTML of each view, by name, and the grades of the content's texts."""

    html: Mapping[str, str]
    content: Content
    grades: tuple[Grade, ...]
    whole: tuple[float, float]

    def text(self, name: str) -> str:
        """The words a visitor reads in a view, in order."""
        return _visible(self.html[name])

    def all_text(self) -> str:
        return " ".join(self.text(n) for n in self.html)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _visible(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def render_views(content: Content, today: date) -> dict[str, str]:
    """The views as the dashboard draws them: header and questions' help, the advice for each of
    :data:`SAMPLE_ANSWERS`, the stories tables, Sources and about, and the printable plan."""
    texts = content.texts
    advice = [
        advice_html(
            advise(dict(a), content),
            content.level_words,
            texts,
            answers="",
            options=content.options,
            terms=content.glossary,
        )
        for a in SAMPLE_ANSWERS
    ]
    plan = build_plan(advise({"rare_cancer": True}, content), content, today, {"speed"})
    return {
        "header": header_html(texts)
        + "".join(help_html(c, texts, content.glossary) for c in content.criteria),
        "advice": "".join(advice),
        "stories": stories_table_html(
            scenario_records(content), content.level_words, texts, content.glossary
        ),
        "about": about_html(content, texts),
        "plan": plan_html(plan),
    }


def _quote(text: str, limit: int = 160) -> str:
    short = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return f"“{short}”"


def _find(pattern: str, text: str) -> str:
    found = re.search(pattern, text)
    return found.group(0) if found else ""


# -- the items ------------------------------------------------------------------------------------

Result = tuple[int | None, str] | tuple[int | None, str, bool]


def _purpose(v: Views) -> Result:
    title = _find(r"<h1>(.*?)</h1>", v.html["header"])
    intro = _visible(_find(r'<p class="intro">.*?</p>', v.html["header"]))
    ok = title.endswith("?</h1>") and "helps you" in intro
    return int(ok), f"Heading {_quote(_visible(title))}, then {_quote(intro)}."


def _no_distraction(v: Views) -> Result:
    plan, screen = v.text("plan"), v.all_text()
    found = [w for w in SCREEN_ONLY if w in plan] + [w for w in MAKER_NOTES if w in screen]
    sources = v.html["plan"].count("<li>", v.html["plan"].find('class="plan-sources"'))
    evidence = (
        f"The plan holds no screen-only words or notes to the makers ({len(found)} found"
        f"{': ' + ', '.join(found) if found else ''}); its one source list has {sources} entries. "
        "A human rater confirms nothing else distracts."
    )
    return int(not found), evidence, True


def _everyday(v: Views) -> Result:
    ok = sum(g.passed for g in v.grades)
    fk, smog = v.whole
    return int(ok == len(v.grades) and max(fk, smog) <= MAX_GRADE), (
        f"{ok} of {len(v.grades)} texts at grade {MAX_GRADE:g} or below by their rule; the whole "
        f"dashboard text: Flesch-Kincaid {fk}, SMOG {smog}."
    )


def _terms(v: Views) -> Result:
    examples: list[str] = []
    undefined: list[str] = []
    for name, html in v.html.items():
        for found in re.finditer(
            r'<dfn class="term"[^>]*>([^<]*)</dfn><span class="term-meaning">([^<]*)</span>', html
        ):
            if len(examples) < 3:
                examples.append(_quote(found.group(1) + found.group(2)))
        # Quotations, citations, links (a publication's title) and the plan's source list keep
        # their own words; a flagged word elsewhere must be explained somewhere in the view.
        prose = _visible(re.sub(_KEPT, "", html, flags=re.S))
        defined = " ".join(re.findall(r'<dfn class="term"[^>]*>([^<]*)</dfn>', html)).lower()
        for word in FLAGGED_TERMS:
            in_plan = name == "plan" and re.search(rf"\b{word}\b[^()]{{0,3}}\(", prose, re.I)
            if re.search(rf"\b{word}", prose, re.I) and word not in defined and not in_plan:
                undefined.append(f"{word} ({name})")
    plan = v.text("plan")
    plan_defined = len(re.findall(r" \([a-z][^()]{8,}\)", plan))
    evidence = (
        f"Terms are explained in brackets where a view first uses them, e.g. {', '.join(examples)}; "
        f"the plan explains {plan_defined}."
    )
    if undefined:
        evidence += f" Used without a meaning: {', '.join(undefined)}."
    return int(bool(examples) and not undefined), evidence


def _active(v: Views) -> Result:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", v.all_text()) if len(s.split()) > 2]
    passive = [s for s in sentences if _PASSIVE.search(s)]
    example = f" Passive, e.g.: {_quote(passive[0])}." if passive else ""
    share = round(100 * (len(sentences) - len(passive)) / len(sentences))
    return int(
        share >= 90
    ), f"{share}% of {len(sentences)} sentences have no passive form.{example}"


_PASSIVE = re.compile(
    r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ed|made|done|seen|given|told|sent|kept|"
    r"taken|found|shown|known|booked)\b",
    re.I,
)


def _numbers(v: Views) -> Result:
    shown = " ".join(v.text(n) for n in ("advice", "about", "plan", "stories"))
    percents = re.findall(r"[0-9.]+ ?%|\b[0-9]+\.[0-9]+\b", shown)
    study = _find(r'<div class="study" data-figure="[^"]*"><h3>.*?</h3><p>.*?</p>', v.html["about"])
    example = _visible(_find(r"<p>.*?</p>", study))
    ok = not percents and bool(example)
    evidence = f"Numbers are given as “N in every 100”, e.g. {_quote(example.strip())}"
    evidence += f"; {len(percents)} per cent signs or decimals on the views"
    evidence += f" ({', '.join(percents)})." if percents else "."
    return int(ok), evidence


def _no_calculation(v: Views) -> Result:
    asks = re.findall(r"\b(?:calculate|add up|work out)\b", v.all_text(), re.I)
    return int(not asks), f"No text asks the reader to calculate ({len(asks)} found)."


def _chunks(v: Views) -> Result:
    longest = max(v.grades, key=lambda g: g.words)
    return int(longest.words <= 60), (
        f"Every text is a short chunk: the longest is {longest.words} words "
        f"({longest.item.id}); at most 60 allowed."
    )


def _headings(v: Views, name: str) -> list[str]:
    return [_visible(h) for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", v.html[name])]


def _headers(v: Views) -> Result:
    found = _headings(v, "advice")[:8]
    long = [h for h in found if len(h.split()) > 8]
    return int(bool(found) and not long), (
        "The advice is in headed sections: " + ", ".join(_quote(h) for h in dict.fromkeys(found))
    )


def _sequence(v: Views) -> Result:
    order = list(dict.fromkeys(_headings(v, "plan")))
    return (
        1,
        (
            "The plan reads in this order: " + " → ".join(_quote(h, 40) for h in order) + ". "
            "A human rater confirms the order is logical."
        ),
        True,
    )


def _summary(v: Views) -> Result:
    advice = _find(r'<section class="summary".*?</section>', v.html["advice"])
    plan = _find(r'<section class="summary[^"]*".*?</section>', v.html["plan"])
    points = re.findall(r"<li[^>]*>(.*?)</li>", advice)
    ok = bool(points) and bool(plan)
    return int(ok), (
        f"A box of {len(points)} key points opens the advice and the plan, e.g. "
        f"{_quote(_visible(points[0]) if points else '')}."
    )


def _cues(v: Views) -> Result:
    marks = v.html["advice"].count('class="mark filled"')
    return (
        1,
        (
            f"The main message is the first line, the level is bold with a three-mark meter "
            f"({marks} filled marks drawn), the key points are boxed. A human rater confirms."
        ),
        True,
    )


def _icon_labels(v: Views) -> list[str]:
    return re.findall(r'<svg class="icon-array" role="img" aria-label="([^"]*)"', v.html["about"])


def _visual_aids(v: Views) -> Result:
    labels = _icon_labels(v)
    path = _find(r'<ol class="path-picture"[^>]*aria-label="([^"]*)"', v.html["advice"])
    ok = len(labels) >= 4 and bool(path)
    return int(ok), (
        f"{len(labels)} pictures of 100 people for the study figures, e.g. "
        f"{_quote(labels[0] if labels else '')}; and in the advice, a picture of the path to "
        "another opinion with the steps to tick under it."
    )


def _aids_reinforce(v: Views) -> Result:
    labels = _icon_labels(v)
    return (
        1,
        (
            f"Each picture's label says its numbers in words ({len(labels)} labels), next to the "
            "same numbers in the text. A human rater confirms they help."
        ),
        True,
    )


def _aids_captions(v: Views) -> Result:
    keys = v.html["about"].count('class="icon-array-key"')
    groups = v.html["about"].count('class="figure-pictures"')
    captions = v.html["about"].count('class="icon-array-caption"')
    labels = _icon_labels(v)
    key = _visible(_find(r'<p class="icon-array-key">.*?</p>', v.html["about"]))
    return int(keys == groups > 0 and 0 < captions <= len(labels)), (
        f"Each study's pictures have one key saying what each kind of figure means there ({keys} "
        f"keys for {groups} studies), e.g. {_quote(key)}; {captions} of {len(labels)} pictures "
        "have a caption with their number, a picture in parts has its numbers in its key."
    )


def _illustrations(v: Views) -> Result:
    return None, "N/A: no illustrations or photographs (the pictures are icon arrays and a path)."


def _tables(v: Views) -> Result:
    found = re.findall(
        r'<h3 class="story-heading"[^>]*>(.*?)</h3>.*?<thead>(.*?)</thead><tbody>(.*?)</tbody>',
        v.html["stories"],
        re.S,
    )
    tables = [
        (
            re.sub(r"(?<=[●○]) (?=[●○])", "", _visible(heading)),
            re.findall(r'<th scope="col">(.*?)</th>', head),
            body.count("<tr>"),
        )
        for heading, head, body in found
    ]
    ok = bool(tables) and all(
        0 < len(cols) <= 4
        and len(title.strip("●○ ").split()) <= 8
        and all(len(c.split()) <= 6 for c in cols)
        for title, cols, _ in tables
    )
    said = "; ".join(
        f"{_quote(title)} ({rows} {'row' if rows == 1 else 'rows'}; "
        f"columns {', '.join(_quote(c) for c in cols)})"
        for title, cols, rows in tables
    )
    return int(ok), f"The stories are in {len(tables)} small tables, one per outcome: {said}."


def _path_steps(v: Views) -> list[str]:
    """The words of each step of the path in the advice, in order."""
    return [_visible(p) for p in re.findall(r'<h4 class="path-text">(.*?)</h4>', v.html["advice"])]


def _one_action(v: Views) -> Result:
    first_text = _visible(_find(r'<ul class="checklist"><li><label>.*?</label>', v.html["advice"]))
    return int(bool(first_text)), f"Every advice lists next steps; the first: {_quote(first_text)}."


def _direct(v: Views) -> Result:
    # One list of steps, or (one opinion so far) one section a step of the path.
    found = re.findall(r'<section class="plan-step[-s][^"]*".*?</section>', v.html["plan"], re.S)
    steps = "".join(found)
    items = [_visible(t) for t in re.findall(r'<span class="plan-text">(.*?)</span>', steps)]
    direct = [i for i in items if re.search(r"\b(?:you|your)\b", i, re.I) or i.split()[0] in _VERBS]
    return int(len(direct) == len(items) > 0), (
        f"{len(direct)} of {len(items)} steps on the plan speak to the reader, e.g. "
        f"{_quote(items[0] if items else '')}."
    )


_VERBS = frozenset(
    {"Ask", "Call", "Check", "Compare", "Keep", "Look", "Send", "Take", "Talk", "Tell", "Try"}
)


def _explicit(v: Views) -> Result:
    checks = v.html["plan"].count('class="plan-check"')
    path = _path_steps(v)
    tasks = v.html["advice"].count('<div class="path-tasks"><ul class="checklist"><li>')
    return int(checks > 0 and len(path) == tasks > 0), (
        f"The steps come one at a time, each with its own box ({checks} on the plan), under "
        f"each of the {len(path)} steps of the path, every one with its tasks: "
        f"{', then '.join(_quote(p, 40) for p in path)}."
    )


def _tool(v: Views) -> Result:
    boxes = v.html["plan"].count('type="checkbox"')
    lines = v.html["plan"].count('class="write-line"')
    return int(boxes > 0 and lines > 0), (
        f"A printable plan with {boxes} boxes to tick and {lines} lines to write names, phone "
        "numbers, dates and answers on, and a PDF of it."
    )


def _calc_help(v: Views) -> Result:
    return None, "N/A: the reader is never asked to calculate."


def _tables_to_act(v: Views) -> Result:
    howto = _visible(_find(r'<p class="table-howto">.*?</p>', v.html["stories"]))
    return int(bool(howto)), f"Above the stories tables: {_quote(howto)}"


def _aids_to_act(v: Views) -> Result:
    found = re.search(r'<ol class="path-picture"[^>]*aria-label="([^"]*)"', v.html["advice"])
    label = _quote(found.group(1), 60) if found else ""
    steps = ", ".join(_quote(p, 40) for p in _path_steps(v))
    return int(bool(steps)), (
        f"The path picture ({label}) shows what to do, in order, with the boxes to tick under "
        f"each step: {steps}."
    )


Check = Callable[[Views], Result]
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


def pemat_items(views: Views) -> tuple[PemaItem, ...]:
    """Every PEMAT-P item scored from the rendered views."""
    items = []
    for number, domain, statement, check in ITEMS:
        result = check(views)
        score, evidence, *flag = result
        human = bool(flag and flag[0])
        items.append(PemaItem(number, domain, statement, score, evidence, human))
    return tuple(items)
