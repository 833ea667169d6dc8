"""The printable plan as a document: what it says, in order, before any HTML or PDF.

One value (:class:`PlanDocument`) drawn two ways: as HTML for the page and the browser's print
(:mod:`explainer.handout`) and as a PDF made on the server (:mod:`explainer.pdf`). Both draw the
same sections in the same order, so the paper and the screen never say different things.

Paper cannot open a disclosure or a link: the plan carries no "show the source" blocks and no
screen-only words. Its sources come once, at the end, as a short list of the publications the
plan's own texts rest on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal
from urllib.parse import urlsplit

from .dates import date_words
from .glossary import define_text
from .model import Advice, Citation, Content, Options, Point, Ranges, Reason, Step, Term
from .render import marks_filled, shown_level
from .translation import SOURCE_LANGUAGE

#: How a section is drawn:
#:
#: - ``points``: a bulleted list (``summary`` is the same, drawn as a box);
#: - ``checks``: a box to tick before each item, and under it the item's write-in lines;
#: - ``numbered``: a numbered list, each with a line to write the answer on;
#: - ``choices``: boxes, ticked where the person ticked them on screen (what matters most);
#: - ``options``: the options side by side (:class:`OptionColumn`);
#: - ``sources``: the short source list (:class:`SourceLine`);
#: - ``lines``: blank lines to write on, after the intro.
SectionKind = Literal[
    "summary", "points", "checks", "numbered", "choices", "options", "sources", "lines"
]


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One line of a section: its text, whether it is ticked (``choices``), the labels of the
    lines to write on under it (``checks``: "Name", "Phone", "Date")."""

    text: str
    ticked: bool = False
    write_in: tuple[str, ...] = ()
    note: str = ""  # a second, smaller line under the text (``choices``: what to ask about it)


@dataclass(frozen=True, slots=True)
class OptionColumn:
    """One option of the side-by-side comparison: what it involves, its good points and its
    drawbacks, in equal detail."""

    heading: str
    involves: str
    good: tuple[str, ...]
    drawbacks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One publication in the plan's source list: ``address`` is what paper shows of its
    ``url`` (:func:`short_address`), ``url`` where a link goes."""

    title: str
    publisher: str
    date: str  # in words, or "" when the source gives none
    url: str
    address: str
    language: str = SOURCE_LANGUAGE  # of the title (the source's own page in Spanish: "es")

    def reference(self) -> str:
        """ "Title. Publisher, date." (or "Title. Publisher." with no date), with no full stop
        after a title that ends in its own mark."""
        return "".join(self.reference_parts())

    def reference_parts(self) -> tuple[str, str]:
        """The reference in two parts: "Title. Publisher" (the source's own words and
        language), then ", date." (the plan's) or "."."""
        title = self.title if self.title.endswith((".", "?", "!")) else f"{self.title}."
        return f"{title} {self.publisher}", f", {self.date}." if self.date else "."


#: How many marks the level's meter has (the page's badge: explainer/render.py).
MARKS = 3

#: A web archive's copy of a page: its own path holds a date stamp ("20121017203336", perhaps
#: with a mode such as "id_") and then the archived page's whole address (the End of Term
#: archive's cybercemetery.unt.edu/archive/…/, the Wayback Machine's web.archive.org/web/…/).
_ARCHIVED = re.compile(r"/\d{4,14}[a-z_]*/(https?://.+)$", re.IGNORECASE)


def short_address(url: str, archived: str) -> str:
    """What paper shows of a web address: its site alone ("cancer.org", no "https://" or "www."),
    which a reader can type; a web archive's copy shows the archive's site, where the page now
    is, and the site it copies, through ``archived`` ("{archive} (a saved copy of a page from
    {host})"): the copied site no longer has the page. A long path on paper cannot be typed
    without a slip, so none is shown: the full addresses are in the tool."""
    parts = urlsplit(url)
    site = (parts.hostname or url).removeprefix("www.")
    copy = _ARCHIVED.search(parts.path)
    if copy:
        return archived.format(archive=site, host=short_address(copy.group(1), archived))
    return site


@dataclass(frozen=True, slots=True)
class PlanSection:
    """A headed part of the plan. ``row_labels`` name the rows of an ``options`` section
    (what it involves, good points, drawbacks); ``lines`` is how many blank lines a ``lines``
    section leaves. ``marks`` is how many of :data:`MARKS` the level's meter fills, beside
    ``marks_label`` (the level section; None elsewhere); ``step`` is a step's number on the path
    to another opinion, of ``steps`` (0 when not a step), and ``icon`` its small picture's name
    (explainer/pictures.py); ``collect`` is what to collect for the step, after its items, as
    pairs of a small picture's name (pictures.py COLLECT_ICONS) and its words, under
    ``collect_label``; ``ranges`` is the picture after the options (None for none)."""

    id: str
    heading: str
    kind: SectionKind
    intro: str = ""
    items: tuple[PlanItem, ...] = ()
    options: tuple[OptionColumn, ...] = ()
    row_labels: tuple[str, str, str] = ("", "", "")
    sources: tuple[SourceLine, ...] = ()
    lines: int = 0
    marks: int | None = None
    marks_label: str = ""
    step: int = 0
    steps: int = 0
    icon: str = ""
    collect: tuple[tuple[str, str], ...] = ()
    collect_label: str = ""
    ranges: Ranges | None = None


@dataclass(frozen=True, slots=True)
class PlanDocument:
    """The whole plan: a title, the date made, the plain statement that this is education,
    the sections in order, and the words the page footer needs (``page_label`` has ``{page}``
    and ``{pages}``)."""

    title: str
    made: str
    not_advice: str
    sections: tuple[PlanSection, ...]
    privacy: str
    page_label: str
    language: str = "en"

    def section(self, section_id: str) -> PlanSection:
        """The section with this id; raises KeyError if the plan has none."""
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)


# -- building the plan from the advice ----------------------------------------------------------

#: The next steps the plan lists under "Records to bring" rather than with the other steps.
RECORD_STEPS = ("gather_records", "send_slides", "keep_a_folder")
#: The step of the path to another opinion after which the plan asks its questions.
VISIT_STEP = "visit"
#: How many blank lines "My notes" leaves.
NOTE_LINES = 6


def build_plan(
    advice: Advice,
    content: Content,
    today: date,
    matters: Collection[str] = (),
) -> PlanDocument:
    """The plan for this advice, in the page's order: the key points, cautions, where the advice
    stands and why, the options side by side, what matters most (``matters``: the ids the person
    ticked; they change nothing else), the steps with lines to write on (with one opinion so
    far, under the steps of the path, records included), questions, a third opinion, records
    (with two opinions), someone to talk to, notes, and the sources the plan's own texts rest
    on. Each term is defined where the plan first uses it."""
    texts = content.texts
    cited: list[Citation] = []
    words = _Words(content.glossary, cited)

    def points(items: Iterable[Point | Reason | Step]) -> tuple[PlanItem, ...]:
        found = tuple(items)
        for item in found:
            cited.extend(item.citations if isinstance(item, Point) else (item.citation,))
        return tuple(PlanItem(words(i.text)) for i in found)

    sections = [
        PlanSection(
            "summary", texts["summary_heading"], "summary", items=points(advice.key_points)
        ),
        *_if(advice.cautions, "cautions", texts["cautions_heading"], "points", points),
        _level(advice, content, words, cited),
        PlanSection(
            "why",
            texts["reasons_heading"],
            "points",
            # As on the page: no reason on the lists is said in words, never an empty heading.
            items=points(advice.reasons) or (PlanItem(words(texts["no_reasons"])),),
        ),
        _options(advice, content, words, cited),
        _matters(content, matters, words, cited),
        *_if(advice.asking, "asking", texts["asking_heading"], "points", points),
        # The questions to ask the new doctor come with the visit, in the path's order.
        *_steps(
            advice,
            content,
            words,
            cited,
            lambda: _if(
                advice.questions, "questions", texts["questions_to_ask"], "numbered", points
            ),
        ),
        *_third(advice, content, words, cited),
        # With one opinion so far the records are a step of the path, with the other steps.
        *_if(
            _records(advice) if advice.stage != "second" else (),
            "records",
            texts["records_to_bring"],
            "checks",
            points,
        ),
        *_if(advice.helplines, "helplines", texts["helplines_heading"], "points", points),
        PlanSection("notes", texts["plan_notes_heading"], "lines", lines=NOTE_LINES),
    ]
    questions = [s for s in sections if s.id == "questions"]
    for section in questions:  # each question leaves a line for the answer
        answered = tuple(PlanItem(i.text, note=texts["plan_answer"]) for i in section.items)
        sections[sections.index(section)] = replace(section, items=answered)
    # Paper shows each source's site; the tool's "Sources and about" has the full addresses.
    where = texts["plan_sources_where"].format(tab=texts["nav_sources"])
    sources = PlanSection(
        "sources",
        texts["sources_heading"],
        "sources",
        intro=f"{texts['plan_sources_intro']} {where}",
        sources=_source_lines(content, cited),
    )
    return PlanDocument(
        title=texts["handout_title"],
        made=texts["handout_date"].format(date=date_words(today.isoformat(), content.about.dates)),
        not_advice=texts["not_advice"],
        sections=(*sections, sources),
        privacy=texts["plan_privacy"],
        page_label=texts["plan_page"],
        language=texts["language"],
    )


class _Words:
    """Plain text with each glossary term defined where the plan first uses it; a definition's
    citation joins ``cited``, so its source is in the plan's list too."""

    def __init__(self, terms: Sequence[Term], cited: list[Citation]) -> None:
        self.terms, self.seen, self.cited = terms, set[str](), cited

    def __call__(self, text: str) -> str:
        before = set(self.seen)
        defined = define_text(text, self.terms, self.seen)
        self.cited.extend(t.citation for t in self.terms if t.id in self.seen - before)
        return defined


def _if(
    items: Sequence[Point | Reason | Step],
    section_id: str,
    heading: str,
    kind: SectionKind,
    points: Callable[[Iterable[Point | Reason | Step]], tuple[PlanItem, ...]],
) -> tuple[PlanSection, ...]:
    """A section of ``items``, or none when there are none."""
    return (PlanSection(section_id, heading, kind, items=points(items)),) if items else ()


def _level(advice: Advice, content: Content, words: _Words, cited: list[Citation]) -> PlanSection:
    """Where the advice stands: the level's marks and label, as on the page's badge, what the
    marks mean, and what the level means."""
    texts = content.texts
    level = shown_level(advice)
    shown = content.level(level)
    cited.append(shown.citation)
    label = words(f"{shown.label}.")
    heading = texts["level_heading" if advice.stage == "second" else "next_level_heading"]
    return PlanSection(
        "level",
        heading,
        "points",
        intro=texts["marks_key"],
        items=(PlanItem(words(shown.description)),),
        marks=marks_filled(level),
        marks_label=label,
    )


def _third(
    advice: Advice, content: Content, words: _Words, cited: list[Citation]
) -> tuple[PlanSection, ...]:
    """While there is one opinion so far, what the sources say of a third, after the steps as
    on the page (with two, the level is already about the next opinion)."""
    if advice.stage != "second":
        return ()
    third = advice.third_opinion
    cited.append(third.citation)
    label = content.level(third.level).label
    item = PlanItem(words(f"{label}. {third.text}"))
    return (PlanSection("third", content.texts["third_heading"], "points", items=(item,)),)


def _matters(
    content: Content, ticked: Collection[str], words: _Words, cited: list[Citation]
) -> PlanSection:
    """What matters most: every choice, ticked as the person ticked it, each with what to ask
    about it: one ticked later with a pen is as usable as one ticked on screen."""
    options = _options_of(content)
    items = []
    for choice in options.matters:
        cited.append(choice.citation)
        items.append(
            PlanItem(words(choice.label), ticked=choice.id in ticked, note=words(choice.ask))
        )
    texts = content.texts
    return PlanSection(
        "matters",
        texts["matters_heading"],
        "choices",
        intro=texts["plan_matters_intro"],
        items=tuple(items),
    )


def _steps(
    advice: Advice,
    content: Content,
    words: _Words,
    cited: list[Citation],
    questions: Callable[[], tuple[PlanSection, ...]],
) -> tuple[PlanSection, ...]:
    """The next steps, each with a box and its lines to write on, and ``questions`` (built in
    the order they are read, so a term is defined at its first use). With one opinion so far,
    as on the page: one section a step of the path to another opinion, with its tasks under it,
    and the questions right after the visit; with two, one list, then the questions."""
    texts = content.texts
    labels = {
        "who": texts["plan_write_who"],
        "phone": texts["plan_write_phone"],
        "date": texts["plan_write_date"],
    }

    def checks(steps: Iterable[Step]) -> tuple[PlanItem, ...]:
        items = []
        for step in steps:
            cited.append(step.citation)
            write_in = tuple(labels[w] for w in step.write_in)
            items.append(PlanItem(words(step.text), write_in=write_in))
        return tuple(items)

    if advice.stage == "second":
        on_path = _options_of(content).on_path(advice.next_steps, urgent=bool(advice.cautions))
        for point, _ in on_path:
            cited.extend(point.citations)
        sections: list[PlanSection] = []
        options = _options_of(content)
        for n, (point, under) in enumerate(on_path, start=1):
            heading = texts["plan_step_heading"].format(number=n, step=point.text)
            items = checks(under)  # before what to collect: a term is defined where first read
            things = tuple((icon, words(text)) for icon, text in point.collect)
            sections.append(
                PlanSection(
                    f"step-{point.id}",
                    heading,
                    "checks",
                    items=items,
                    step=n,
                    steps=len(on_path),
                    icon=point.icon,
                    collect=things,
                    collect_label=options.collect_label if things else "",
                )
            )
            if point.id == VISIT_STEP:
                sections.extend(questions())
        return (*sections, *(() if VISIT_STEP in {p.id for p, _ in on_path} else questions()))
    others = (s for s in advice.next_steps if s.id not in RECORD_STEPS)
    steps = PlanSection("steps", texts["steps_heading"], "checks", items=checks(others))
    return (steps, *questions())


def _records(advice: Advice) -> tuple[Step, ...]:
    return tuple(s for s in advice.next_steps if s.id in RECORD_STEPS)


def _options(advice: Advice, content: Content, words: _Words, cited: list[Citation]) -> PlanSection:
    """The two options side by side, in the same detail as on the page."""
    texts, options = content.texts, _options_of(content)

    def column(
        heading: str, involves: Point, good: Sequence[Point], bad: Sequence[Point]
    ) -> OptionColumn:
        for point in (involves, *good, *bad):
            cited.extend(point.citations)
        return OptionColumn(
            heading,
            words(involves.text),
            tuple(words(p.text) for p in good),
            tuple(words(p.text) for p in bad),
        )

    another = column(
        options.another_heading, options.another_involves, advice.good_points, advice.drawbacks
    )
    rows = (texts["plan_row_involves"], texts["weigh_pros"], texts["weigh_cons"])
    if advice.stage != "second":  # two opinions: no one current plan to set beside it
        heading, intro = texts["weigh_next_heading"], texts["weigh_next_intro"]
        return PlanSection(
            "options", heading, "options", intro=intro, options=(another,), row_labels=rows
        )
    current = column(
        options.current_heading,
        options.current_involves,
        options.current_good,
        options.current_drawbacks,
    )
    if options.ranges:  # the picture after both options: its source joins the plan's list
        cited.append(options.ranges.citation)
    return PlanSection(
        "options",
        texts["weigh_heading"],
        "options",
        intro=texts["plan_options_intro"],  # how to use the table, on paper
        options=(another, current),
        row_labels=rows,
        ranges=options.ranges,
    )


def _options_of(content: Content) -> Options:
    if content.options is None:
        raise ValueError("the plan needs the options (data/options.yaml)")
    return content.options


def _source_lines(content: Content, cited: Iterable[Citation]) -> tuple[SourceLine, ...]:
    """Each source the plan's texts cite, once, in the order first cited, with its site."""
    lines = []
    archived = content.texts["plan_archived"]
    for source_id in dict.fromkeys(c.source for c in cited):
        source = content.source(source_id)
        # No date when the source gives none: "no date given" on every such line is noise.
        when = date_words(source.reviewed, content.about.dates) if source.reviewed else ""
        address = short_address(source.url, archived)
        lines.append(SourceLine(source.title, source.publisher, when, source.url, address))
        page = source.spanish_page
        if page is not None and content.language == "es":  # the same source's own Spanish page
            when = date_words(page.date, content.about.dates)
            address = short_address(page.url, archived)
            lines.append(SourceLine(page.title, page.publisher, when, page.url, address, "es"))
    return tuple(lines)
