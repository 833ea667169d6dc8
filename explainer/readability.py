"""Readability: every patient-facing text in ``data/``, in display order, and its grade.

Used by the readability test and the content report (``explainer/report.py``), never by the
dashboard: textstat is imported on first use, so importing this module costs nothing.

The rule (IPDAS: grade 8 or lower; research/guidance.md section 3) depends on the text's length,
because both formulas are defined for sentences and samples, not for labels:

- **prose** (3 sentences or more): Flesch-Kincaid grade and SMOG index, both from textstat,
  each at most 8.
- **short** (5 words or more, 1 or 2 sentences): Flesch-Kincaid of the text itself at most 8.
  textstat's SMOG returns 0 below 3 sentences (a silent pass), so SMOG is taken on the text
  padded to textstat's 3-sentence minimum with a carrier sentence of plain one-syllable words
  (``CARRIER``). The carrier adds no long words, so this is the most lenient 3-sentence sample
  the text can be part of, and it still fails a text with 3 or more long words.
- **label** (1 to 4 words: headings, buttons, options): Flesch-Kincaid's constant assumes full
  sentences, so a two-word heading with one long word scores 15, and SMOG needs sentences.
  A label passes when it has no *hard word*: a word of 3 or more syllables (SMOG's long word)
  that is not on the Dale-Chall list of familiar words (textstat's list) nor in
  ``FAMILIAR_EXTRA``. "Oncologist" or "consultation" still fails.

Every text a visitor reads is graded, our plain wording of each source included (a passage's
``text``), with the exceptions in ``EXCEPTIONS``: each says why.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .model import Content, Ranges
from .words import FIRST_VIEW, UI_KEYS

__all__ = [
    "CARRIER",
    "EXCEPTIONS",
    "FAMILIAR_EXTRA",
    "LABEL_WORDS",
    "MAX_GRADE",
    "NAMES",
    "NAME_STANDS_IN",
    "Grade",
    "Item",
    "dashboard_text",
    "grade",
    "grade_text",
    "patient_texts",
]

#: IPDAS health-literacy criterion: grade 8 or lower (research/guidance.md, section 3).
MAX_GRADE = 8.0
#: A text of at most this many words is a label.
LABEL_WORDS = 4
#: textstat's SMOG needs this many sentences; shorter texts are padded with ``CARRIER``.
SMOG_SENTENCES = 3
#: A plain sentence (four one-syllable words) that pads a short text for SMOG.
CARRIER = "This line is plain."
#: Words of 3 or more syllables, not on the Dale-Chall list, accepted in labels after review.
FAMILIAR_EXTRA: Mapping[str, str] = {
    "situation": "an everyday word; 'Your situation' names the questions under it, and the "
    "browser tests and the navigation use that name",
    "explainer": "the tool's name ('Second opinion explainer'), the everyday 'explain' and '-er'",
    "insurance": "an everyday word for how care is paid for ('no health insurance'): the word "
    "people use for their own cover, in a route's name and a story's title",
}

#: Names of health plans, programs, public bodies and roles, graded as the one-syllable word
#: ``NAME_STANDS_IN``: a visitor must ask for each by this name (their plan, the number to call),
#: and no plainer word would find it. Longest first, so "Original Medicare" is one name.
NAMES: tuple[str, ...] = (
    "National Cancer Institute",
    "General Medical Council",
    "Consumer Assistance Program",
    "financial assistance policy",
    "primary care manager",
    "Medicare Advantage",
    "Original Medicare",
    "VA TeleOncology",
    "TRICARE Prime",
    "Medicare",
    "Medicaid",
    "TRICARE",
)
#: What a name is graded as.
NAME_STANDS_IN = "Plan"

#: Texts a visitor reads that are not graded, and why.
EXCEPTIONS: Mapping[str, str] = {
    "sources.yaml: passages with verbatim: true": "the article's own words, shown as a quote: "
    "rewording them would misquote the source",
    "sources.yaml: title, publisher": "the names of publications, as they give them",
    "scenarios.yaml: name, cancer": "people's names and the names of the stories' cancers "
    '("pancreatic cancer"); each story\'s text, which is graded, explains its cancer',
}

Rule = Literal["prose", "short", "label"]

#: Stripped from a word's ends before it is looked up: marks, brackets, curly quotes, ellipsis.
_PUNCTUATION = ".,:;!?\"'()\u201c\u201d\u2018\u2019\u2026"


@dataclass(frozen=True, slots=True)
class Item:
    """One patient-facing text, named ``file:item:field`` (e.g. ``criteria.yaml:rare_cancer:help``)."""

    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Grade:
    """An item's measures, the rule that applies and whether it passes."""

    item: Item
    rule: Rule
    words: int
    sentences: int
    fk: float
    smog: float
    hard_words: tuple[str, ...]
    passed: bool

    def problem(self) -> str:
        """Why the item fails, in one line naming the item and its grade ("" if it passes)."""
        if self.passed:
            return ""
        if self.rule == "label":
            return f"{self.item.id}: label with hard words {list(self.hard_words)}"
        return (
            f"{self.item.id}: Flesch-Kincaid grade {self.fk}, SMOG {self.smog} "
            f"(at most {MAX_GRADE}; rule: {self.rule})"
        )


@functools.cache
def _textstat() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # textstat 0.7.4 imports the deprecated pkg_resources
        import textstat  # type: ignore[import-untyped]  # textstat ships no type hints
    return textstat


def _shown(text: str) -> str:
    """The text as a visitor reads it: whitespace collapsed, placeholders filled with a number;
    each of ``NAMES``, and a web address (copied, not read), stands as one plain word."""
    text = re.sub(r"\{\w+\}", "3", " ".join(text.split()))
    text = _ADDRESS.sub(NAME_STANDS_IN, text)
    return _NAMES.sub(NAME_STANDS_IN, text)


_NAMES = re.compile("|".join(rf"\b{re.escape(n)}\b" for n in NAMES))
#: A web address as a text gives it, without the full stop that may end its sentence.
_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S*[^\s.,;:)]")


def grade_text(text: str) -> tuple[float, float]:
    """Flesch-Kincaid grade and SMOG index of a text of any length (SMOG padded to 3 sentences)."""
    ts = _textstat()
    padding = max(0, SMOG_SENTENCES - ts.sentence_count(text))
    padded = " ".join([text, *[CARRIER] * padding])
    return float(ts.flesch_kincaid_grade(text)), float(ts.smog_index(padded))


def hard_words(text: str) -> tuple[str, ...]:
    """Words of 3 or more syllables that are neither on the Dale-Chall list nor accepted."""
    ts = _textstat()
    words = (w.strip(_PUNCTUATION).lower() for w in text.split())
    return tuple(
        w
        for w in words
        if w and w not in FAMILIAR_EXTRA and ts.is_difficult_word(w, syllable_threshold=3)
    )


def grade(item: Item) -> Grade:
    """Grade one item by the rule for its length (see the module's docstring)."""
    ts = _textstat()
    text = _shown(item.text)
    words, sentences = int(ts.lexicon_count(text)), int(ts.sentence_count(text))
    fk, smog = grade_text(text)
    hard = hard_words(text)
    rule: Rule = "label" if words <= LABEL_WORDS else "short" if sentences < 3 else "prose"
    passed = not hard if rule == "label" else fk <= MAX_GRADE and smog <= MAX_GRADE
    return Grade(item, rule, words, sentences, fk, smog, hard, passed)


def dashboard_text(items: Iterable[Item]) -> str:
    """All items joined in display order; a label without an end mark gets a full stop, so the
    formulas see it as the short sentence a reader takes it for."""
    texts = (_shown(i.text) for i in items)
    return " ".join(t if t[-1] in ".!?:" else f"{t}." for t in texts)


# -- the items, in display order ---------------------------------------------------------------


def patient_texts(content: Content) -> tuple[Item, ...]:
    """Every patient-facing text in ``data/``, in the order a visitor meets it (the dashboard's
    own words in the order of :data:`explainer.words.UI_KEYS`)."""
    ui = content.texts
    rest = [k for k in UI_KEYS if k not in FIRST_VIEW]
    return (
        *(Item(f"ui.yaml:{k}", ui[k]) for k in FIRST_VIEW),
        *_questions(content),
        *_advice(content),
        *(Item(f"ui.yaml:{k}", ui[k]) for k in rest),
        *_stories(content),
        *_about(content),
        *(Item(f"steps.yaml:questions.{q.id}:text", q.text) for q in content.questions),
        *(Item(f"glossary.yaml:{t.id}:definition", t.definition) for t in content.glossary),
        *_sources(content),
    )


def _questions(c: Content) -> Iterator[Item]:
    for g in c.groups:
        yield Item(f"criteria.yaml:{g.id}:label", g.label)
        for cr in (cr for cr in c.criteria if cr.group == g.id):
            for f in ("label", "question", "help"):
                yield Item(f"criteria.yaml:{cr.id}:{f}", getattr(cr, f))
            for o in cr.options:
                yield Item(f"criteria.yaml:{cr.id}:options.{o.id}", o.label)


def _advice(c: Content) -> Iterator[Item]:
    for lv in (*c.second_levels, *c.third_levels):
        for f in (
            "label",
            "description",
            "summary",
            "urgent_summary",
            "key_point",
            "urgent_key_point",
        ):
            if getattr(lv, f):
                yield Item(f"levels.yaml:{lv.id}:{f}", getattr(lv, f))
    for ca in c.cautions:
        yield Item(f"rules.yaml:cautions.{ca.id}:text", ca.text)
    for r in c.rules:
        yield Item(f"rules.yaml:{r.id}:reason", r.reason)
    for tr in c.third_rules:
        yield Item(f"rules.yaml:third_opinion.{tr.when.value}:text", tr.text)
    for s in c.steps:
        yield Item(f"steps.yaml:{s.id}:text", s.text)
    yield from _options(c)


def _options(c: Content) -> Iterator[Item]:
    o = c.options
    if o is None:
        return
    yield Item("options.yaml:choice_point:text", o.choice_point.text)
    yield Item("options.yaml:current_plan_point:text", o.current_plan_point.text)
    yield Item("options.yaml:urgent_point:text", o.urgent_point.text)
    yield Item("options.yaml:path:label", o.path_label)
    yield from (Item(f"options.yaml:path.{p.id}:text", p.text) for p in o.path)
    yield from (
        Item(f"options.yaml:path.{p.id}:urgent_text", p.urgent_text)
        for p in o.path
        if p.urgent_text
    )
    if o.collect_label:
        yield Item("options.yaml:path:collect_label", o.collect_label)
    yield from (
        Item(f"options.yaml:path.{p.id}:collect.{n}", words)
        for p in o.path
        for n, (_, words) in enumerate(p.collect)
    )
    yield Item("options.yaml:another_opinion:heading", o.another_heading)
    yield Item("options.yaml:another_opinion:involves", o.another_involves.text)
    yield Item("options.yaml:current_plan:heading", o.current_heading)
    yield Item("options.yaml:current_plan:involves", o.current_involves.text)
    yield from (Item(f"options.yaml:good.{p.id}:text", p.text) for p in o.current_good)
    yield from (Item(f"options.yaml:drawbacks.{p.id}:text", p.text) for p in o.current_drawbacks)
    yield from _ranges(o.ranges)
    for m in o.matters:
        yield Item(f"options.yaml:matters.{m.id}:label", m.label)
        yield Item(f"options.yaml:matters.{m.id}:ask", m.ask)


def _ranges(r: Ranges | None) -> Iterator[Item]:
    """The picture after both options: its words, and each bar as it reads in words."""
    if r is None:
        return
    yield Item("options.yaml:ranges:title", r.title)
    yield Item("options.yaml:ranges:why", r.why)
    for bar in r.bars:
        yield Item(f"options.yaml:ranges.{bar.id}:label", bar.label)
        yield Item(f"options.yaml:ranges.{bar.id}:text", r.text(bar))
    yield Item("options.yaml:ranges:each", r.each)
    yield Item("options.yaml:ranges:note", r.note)


def _stories(c: Content) -> Iterator[Item]:
    for s in c.scenarios:
        for f in ("title", "story"):
            yield Item(f"scenarios.yaml:{s.id}:{f}", getattr(s, f))
    for f in ("yes", "no", "second", "third", "change", "change_to_yes", "change_to_no"):
        yield Item(f"levels.yaml:words:{f}", getattr(c.words, f))


def _about(c: Content) -> Iterator[Item]:
    a, p = c.about, c.about.policy
    texts = dict(a.texts)
    yield from (
        Item(f"about.yaml:texts:{k}", v)
        for k, v in texts.items()
        if not k.startswith(("figures", "col_"))
    )
    yield Item("about.yaml:update_policy:who", p.who)
    yield Item("about.yaml:update_policy:how_often", p.how_often)
    yield from (
        Item(f"about.yaml:update_policy:triggers[{i}]", t) for i, t in enumerate(p.triggers)
    )
    yield from (Item(f"about.yaml:funding[{i}]", t) for i, t in enumerate(a.funding))
    yield from (Item(f"about.yaml:pros.{x.id}:text", x.text) for x in a.pros)
    yield from (Item(f"about.yaml:cons.{x.id}:text", x.text) for x in a.cons)
    yield from (Item(f"about.yaml:asking.{x.id}:text", x.text) for x in a.asking)
    yield from (Item(f"about.yaml:helplines.{x.id}:text", x.text) for x in a.helplines)
    yield from (
        Item(f"about.yaml:texts:{k}", v)
        for k, v in texts.items()
        if k.startswith(("figures", "col_"))
    )
    for f in a.figures:
        yield Item(f"about.yaml:figures.{f.id}:finding", f.finding)
        yield Item(f"about.yaml:figures.{f.id}:population", f.population)
        for i, icons in enumerate(f.icons):
            yield Item(f"about.yaml:figures.{f.id}:icons[{i}].label", icons.label)
            if icons.caption:
                yield Item(f"about.yaml:figures.{f.id}:icons[{i}].caption", icons.caption)
        if f.key:
            words = {"filled": f.key.filled, "half": f.key.half, "outlined": f.key.outlined}
            yield from (
                Item(f"about.yaml:figures.{f.id}:key.{k}", v) for k, v in words.items() if v
            )
    yield Item("about.yaml:figures_note:text", a.figures_note.text)


def _sources(c: Content) -> Iterator[Item]:
    """Our plain wording of each source (the article's own words are quoted, not graded)."""
    for s in c.sources:
        if s.url_note:
            yield Item(f"sources.yaml:{s.id}:url_note", s.url_note)
        for p in s.passages:
            if not p.verbatim:
                yield Item(f"sources.yaml:{s.id}/{p.id}:text", p.text)
