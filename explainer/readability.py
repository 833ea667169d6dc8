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
``text``), with the exceptions in ``EXCEPTIONS``: each says why. An exception a visitor reads as
an item (``Item.exception``, e.g. the link to the Spanish page, whose name is Spanish on purpose)
is measured and reported, but not held to the rule.

**Spanish** (``data/es/``, ``Content.language == "es"``): the same items, with the same ids in the
same order (plus our translation of each quote), graded by :func:`grade_es`. The measures are
textstat's Spanish ones, from an instance of its class set to Spanish (``_textstat_es``), so the
module-level ``textstat`` the English rule uses stays English whatever runs first:

- **prose** and **short** (5 words or more): INFLESZ, the Szigriszt-Pazos index
  (``szigriszt_pazos``), at least 65: "bastante fácil" (fairly easy) or easier on the INFLESZ
  scale (Barrio-Cantalejo 2008; research/routes.md section 6), the target for patient materials.
  The Fernández-Huerta score (``fernandez_huerta``) is measured and reported for every item but
  has no target: our notes give it none for patient materials (only "60-70 = normal for
  adults"), and INFLESZ is the scale validated on Spanish health texts. textstat counts
  syllables by Spanish hyphenation (pyphen), which joins a lone first vowel and some vowel
  pairs ("opi-nión", "ta-rea"): a few syllables short, so the scores run slightly easy.
- **label** (1 to 4 words): as in English, both formulas are meaningless on a few words
  (INFLESZ takes words per sentence and syllables per word). A label passes when it has no
  *hard word*: a word of 4 or more syllables (``LONG_SYLLABLES_ES``; Spanish words run about
  half a syllable longer than English ones, so a 3-syllable word such as "segunda" or "médico"
  is ordinary) that is neither among the ``FAMILIAR_COUNT_ES`` most frequent words of textstat's
  Spanish word list (the list textstat uses for Spanish difficult words, in frequency order; as
  many words as the Dale-Chall list) nor in ``FAMILIAR_EXTRA_ES``. "Oncólogo" and
  "quimioterapia" still fail.

The exceptions for Spanish are in ``EXCEPTIONS_ES``; the names of ``NAMES`` and ``NAMES_ES``
stand in as one plain word, as in English.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib.resources import files
from typing import Any, Literal

from .model import Content, Ranges
from .words import FIRST_VIEW, UI_KEYS

__all__ = [
    "CARRIER",
    "EXCEPTIONS",
    "EXCEPTIONS_ES",
    "FAMILIAR_COUNT_ES",
    "FAMILIAR_EXTRA",
    "FAMILIAR_EXTRA_ES",
    "FERNANDEZ_HUERTA_NOTE",
    "INFLESZ_BANDS",
    "LABEL_WORDS",
    "LONG_SYLLABLES_ES",
    "MAX_GRADE",
    "MIN_INFLESZ",
    "NAMES",
    "NAMES_ES",
    "NAME_STANDS_IN",
    "NOT_TEXTS",
    "Band",
    "Grade",
    "Item",
    "SpanishGrade",
    "dashboard_text",
    "grade",
    "grade_content",
    "grade_es",
    "grade_text",
    "grade_text_es",
    "inflesz_band",
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
#: ``NAMES`` as the Spanish texts give them, where they differ (the English names stand in there
#: too: "Medicare" and "TRICARE Prime" are the names in Spanish as well).
NAMES_ES: tuple[str, ...] = (
    "Programa de Asistencia al Consumidor",
    "administrador de atención primaria",
    "política de asistencia financiera",
)
#: What a name is graded as ("plan" is the same one-syllable word in Spanish).
NAME_STANDS_IN = "Plan"

#: Keys of ui.yaml whose values are not words a visitor reads.
NOT_TEXTS: Mapping[str, str] = {
    "language_switch_code": "a language code ('es', 'en') the link carries, never shown as text",
}

#: Why the link to the other language is not held to this language's rule.
_SWITCH = {
    "en": "the link to the Spanish page, named in Spanish on purpose: a visitor who reads only "
    "Spanish looks for it; measured and reported, not held to the rule",
    "es": "the link to the English page, named in English on purpose: a visitor who reads only "
    "English looks for it; measured and reported, not held to the rule",
}
#: Why our Spanish rendering of a quote is not held to the Spanish rule.
_TRANSLATION = (
    "our faithful rendering of the source's own words, marked as ours: rewording it for "
    "plainness would misrepresent the source; measured and reported, not held to the rule"
)

#: Texts a visitor reads that are not graded, or graded but not held to the rule, and why.
EXCEPTIONS: Mapping[str, str] = {
    "sources.yaml: passages with verbatim: true": "the article's own words, shown as a quote: "
    "rewording them would misquote the source",
    "sources.yaml: title, publisher, spanish_page": "the names of publications, as they give "
    "them (a source's Spanish page by its own Spanish title)",
    "scenarios.yaml: name, cancer": "people's names and the names of the stories' cancers "
    '("pancreatic cancer"); each story\'s text, which is graded, explains its cancer',
    "ui.yaml: language_switch": _SWITCH["en"],
}
#: The same for the Spanish texts (data/es/).
EXCEPTIONS_ES: Mapping[str, str] = {
    "sources.yaml: passages with verbatim: true, text": "the source's own words, in English, "
    "word for word: a quote is never translated in place, and is not Spanish to grade",
    "sources.yaml: passages with verbatim: true, translation": _TRANSLATION,
    "sources.yaml: title, publisher, spanish_page": "the names of publications, as they give "
    "them (in English, or a Spanish page's own title)",
    "scenarios.yaml: name, cancer": "people's names and the names of the stories' cancers; "
    "each story's text, which is graded, explains its cancer",
    "ui.yaml: language_switch": _SWITCH["es"],
}

#: INFLESZ target for patient materials: "bastante fácil" (fairly easy) or easier.
MIN_INFLESZ = 65.0
#: Why the Fernández-Huerta score is reported without a target.
FERNANDEZ_HUERTA_NOTE = (
    "measured, no target: our research notes give none for patient materials (only 60-70 as "
    "normal for adults; research/routes.md section 6); the target is INFLESZ's"
)
#: Spanish: a word of this many syllables or more is long (see the module's docstring).
LONG_SYLLABLES_ES = 4
#: Spanish: this many of the most frequent words of textstat's Spanish list count as familiar.
FAMILIAR_COUNT_ES = 3000
#: Long Spanish words, not among the familiar ones, accepted in labels after review.
FAMILIAR_EXTRA_ES: Mapping[str, str] = {
    "desventajas": "an everyday word ('ventajas y desventajas', pros and cons): the heading "
    "beside 'Ventajas', as 'Drawbacks' is in English",
    "escribimos": "'we wrote', a form of the everyday verb 'escribir'; the word list counts each "
    "form of a verb apart, and this one is not among its most frequent",
    "expedientes": "'expedientes médicos', the word US clinics use in Spanish for medical "
    "records: a visitor must ask for them by it, and no plainer word would get them",
    "laminillas": "the lab's word for the glass slides of a biopsy, which a visitor must ask "
    "for by it; the glossary explains it where a view first uses it",
    "patología": "'informe de patología', the name of the lab report a visitor must ask for by "
    "it (the English says 'pathology report'); the glossary explains it where a view first "
    "uses it",
}

Rule = Literal["prose", "short", "label"]

#: Stripped from a word's ends before it is looked up: marks (Spanish opening ones too),
#: brackets, curly and angle quotes, ellipsis.
_PUNCTUATION = ".,:;!?\"'()\u201c\u201d\u2018\u2019\u2026\u00bf\u00a1\u00ab\u00bb"


@dataclass(frozen=True, slots=True)
class Band:
    """A band of the INFLESZ scale (Barrio-Cantalejo 2008): scores from ``lowest`` up."""

    lowest: float
    es: str
    en: str


#: The INFLESZ scale, easiest band first: "<40 very difficult, 40-55 somewhat difficult, 55-65
#: normal, 65-80 fairly easy, >80 very easy" (research/routes.md section 6).
INFLESZ_BANDS: tuple[Band, ...] = (
    Band(80.0, "muy fácil", "very easy"),  # above 80
    Band(65.0, "bastante fácil", "fairly easy"),
    Band(55.0, "normal", "normal"),
    Band(40.0, "algo difícil", "somewhat difficult"),
    Band(float("-inf"), "muy difícil", "very difficult"),
)


def inflesz_band(score: float) -> Band:
    """The INFLESZ band a score falls in: "very easy" above 80, each other band from its lowest
    score up (so 80 is "bastante fácil" and 65 too)."""
    very_easy, *rest = INFLESZ_BANDS
    return very_easy if score > very_easy.lowest else next(b for b in rest if score >= b.lowest)


@dataclass(frozen=True, slots=True)
class Item:
    """One patient-facing text, named ``file:item:field`` (e.g. ``criteria.yaml:rare_cancer:help``).

    ``exception``: why the text is shown but not held to the rule ("" for every graded text)."""

    id: str
    text: str
    exception: str = ""


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
    met: bool  # the measures meet the rule

    @property
    def passed(self) -> bool:
        """The item meets its rule, or is an exception (measured, never failed)."""
        return self.met or bool(self.item.exception)

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


@dataclass(frozen=True, slots=True)
class SpanishGrade:
    """A Spanish item's measures (INFLESZ, Fernández-Huerta), its rule and whether it passes."""

    item: Item
    rule: Rule
    words: int
    sentences: int
    inflesz: float
    fernandez_huerta: float
    hard_words: tuple[str, ...]
    met: bool  # the measures meet the rule

    @property
    def passed(self) -> bool:
        """The item meets its rule, or is an exception (measured, never failed)."""
        return self.met or bool(self.item.exception)

    @property
    def band(self) -> Band:
        """The INFLESZ band of the item's score (meaningless for a label, which has no target)."""
        return inflesz_band(self.inflesz)

    def problem(self) -> str:
        """Why the item fails, in one line naming the item and its score ("" if it passes)."""
        if self.passed:
            return ""
        if self.rule == "label":
            return f"{self.item.id}: label with hard words {list(self.hard_words)}"
        return (
            f"{self.item.id}: INFLESZ {self.inflesz} ({self.band.es}; at least {MIN_INFLESZ:g}, "
            f"bastante fácil; rule: {self.rule})"
        )


@functools.cache
def _textstat() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # textstat 0.7.4 imports the deprecated pkg_resources
        import textstat  # type: ignore[import-untyped]  # textstat ships no type hints
    return textstat


@functools.cache
def _textstat_es() -> Any:
    """textstat's measures set to Spanish, on an instance of its own: ``textstat.set_lang`` would
    switch the module-level instance, and with it the English grades, for the whole process."""
    _textstat()  # imports textstat without its pkg_resources warning
    from textstat.textstat import textstatistics  # type: ignore[import-untyped]

    spanish = textstatistics()
    spanish.set_lang("es")
    return spanish


@functools.cache
def _familiar_es() -> frozenset[str]:
    """The ``FAMILIAR_COUNT_ES`` most frequent words of textstat's Spanish list."""
    text = files("textstat").joinpath("resources/es/easy_words.txt").read_text("utf-8")
    return frozenset([w.strip() for w in text.splitlines() if w.strip()][:FAMILIAR_COUNT_ES])


def _shown(text: str, names: tuple[str, ...] = NAMES) -> str:
    """The text as a visitor reads it: whitespace collapsed, placeholders filled with a number;
    each of ``names``, and a web address (copied, not read), stands as one plain word."""
    text = re.sub(r"\{\w+\}", "3", " ".join(text.split()))
    text = _ADDRESS.sub(NAME_STANDS_IN, text)
    return _names(names).sub(NAME_STANDS_IN, text)


@functools.cache
def _names(names: tuple[str, ...]) -> re.Pattern[str]:
    longest_first = sorted(names, key=len, reverse=True)
    return re.compile("|".join(rf"\b{re.escape(n)}\b" for n in longest_first))


#: A web address as a text gives it, without the full stop that may end its sentence.
_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S*[^\s.,;:)]")


def grade_text(text: str) -> tuple[float, float]:
    """Flesch-Kincaid grade and SMOG index of a text of any length (SMOG padded to 3 sentences;
    a text without an end mark gets a full stop first, or the carrier would join its sentence
    and the padded text would still be short of 3, a silent SMOG of 0)."""
    ts = _textstat()
    ended = text if text.rstrip()[-1:] in (".", "!", "?") else f"{text.rstrip()}."
    padding = max(0, SMOG_SENTENCES - ts.sentence_count(ended))
    padded = " ".join([ended, *[CARRIER] * padding])
    return float(ts.flesch_kincaid_grade(text)), float(ts.smog_index(padded))


def grade_text_es(text: str) -> tuple[float, float]:
    """INFLESZ (Szigriszt-Pazos) and Fernández-Huerta scores of a Spanish text."""
    ts = _textstat_es()
    return float(ts.szigriszt_pazos(text)), float(ts.fernandez_huerta(text))


def _words(text: str) -> Iterator[str]:
    return (w for w in (w.strip(_PUNCTUATION).lower() for w in text.split()) if w)


def hard_words(text: str) -> tuple[str, ...]:
    """Words of 3 or more syllables that are neither on the Dale-Chall list nor accepted."""
    ts = _textstat()
    return tuple(
        w
        for w in _words(text)
        if w not in FAMILIAR_EXTRA and ts.is_difficult_word(w, syllable_threshold=3)
    )


def hard_words_es(text: str) -> tuple[str, ...]:
    """Spanish words of 4 or more syllables that are neither familiar nor accepted. A file name
    ("mi-plan.pdf") is read by its words: hyphens, slashes and dots part words here."""
    ts, familiar = _textstat_es(), _familiar_es()
    return tuple(
        w
        for w in _words(re.sub(r"[-/.]", " ", text))
        if w not in familiar
        and w not in FAMILIAR_EXTRA_ES
        and ts.syllable_count(w) >= LONG_SYLLABLES_ES
    )


def _rule(words: int, sentences: int) -> Rule:
    return "label" if words <= LABEL_WORDS else "short" if sentences < 3 else "prose"


def grade(item: Item) -> Grade:
    """Grade one English item by the rule for its length (see the module's docstring)."""
    ts = _textstat()
    text = _shown(item.text)
    words, sentences = int(ts.lexicon_count(text)), int(ts.sentence_count(text))
    fk, smog = grade_text(text)
    hard = hard_words(text)
    rule = _rule(words, sentences)
    met = not hard if rule == "label" else fk <= MAX_GRADE and smog <= MAX_GRADE
    return Grade(item, rule, words, sentences, fk, smog, hard, met)


def grade_es(item: Item) -> SpanishGrade:
    """Grade one Spanish item by the rule for its length (see the module's docstring)."""
    ts = _textstat_es()
    text = _shown(item.text, NAMES + NAMES_ES)
    words, sentences = int(ts.lexicon_count(text)), int(ts.sentence_count(text))
    inflesz, huerta = grade_text_es(text)
    hard = hard_words_es(text)
    rule = _rule(words, sentences)
    met = not hard if rule == "label" else inflesz >= MIN_INFLESZ
    return SpanishGrade(item, rule, words, sentences, inflesz, huerta, hard, met)


def grade_content(content: Content) -> tuple[Grade | SpanishGrade, ...]:
    """Every patient-facing text of ``content``, in display order, graded in its language."""
    items = patient_texts(content)
    if content.language == "es":
        return tuple(grade_es(i) for i in items)
    return tuple(grade(i) for i in items)


def dashboard_text(items: Iterable[Item], language: str = "en") -> str:
    """All graded items joined in display order; a label without an end mark gets a full stop,
    so the formulas see it as the short sentence a reader takes it for. Exceptions are left out:
    the link to the other language is not in this one."""
    names = NAMES + NAMES_ES if language == "es" else NAMES
    texts = (_shown(i.text, names) for i in items if not i.exception)
    return " ".join(t if t[-1] in ".!?:" else f"{t}." for t in texts)


# -- the items, in display order ---------------------------------------------------------------


def patient_texts(content: Content) -> tuple[Item, ...]:
    """Every patient-facing text in ``data/``, in the order a visitor meets it (the dashboard's
    own words in the order of :data:`explainer.words.UI_KEYS`)."""
    first = [k for k in FIRST_VIEW if k not in NOT_TEXTS]
    rest = [k for k in UI_KEYS if k not in FIRST_VIEW and k not in NOT_TEXTS]
    return (
        *_ui(content, first),
        *_questions(content),
        *_advice(content),
        *_ui(content, rest),
        *_stories(content),
        *_about(content),
        *(Item(f"steps.yaml:questions.{q.id}:text", q.text) for q in content.questions),
        *(Item(f"glossary.yaml:{t.id}:definition", t.definition) for t in content.glossary),
        *_sources(content),
    )


def _ui(c: Content, keys: Iterable[str]) -> Iterator[Item]:
    for k in keys:
        exception = _SWITCH[c.language] if k == "language_switch" else ""
        yield Item(f"ui.yaml:{k}", c.texts[k], exception)


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
    """Our plain wording of each source (the article's own words are quoted, not graded), and
    in another language our rendering of each quote (measured, not held to the rule)."""
    for s in c.sources:
        if s.url_note:
            yield Item(f"sources.yaml:{s.id}:url_note", s.url_note)
        for p in s.passages:
            if not p.verbatim:
                yield Item(f"sources.yaml:{s.id}/{p.id}:text", p.text)
            elif p.translation:
                yield Item(f"sources.yaml:{s.id}/{p.id}:translation", p.translation, _TRANSLATION)
