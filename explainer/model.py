"""Values: the content read from ``data/`` and the advice computed from it.

Every value is a frozen dataclass with slots, so equal inputs give equal, hashable results.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Literal, TypeVar

from .errors import AnswerError

SecondLevel = Literal["essential", "recommended", "optional"]
ThirdLevel = Literal["not_yet", "not_needed", "helpful"]
#: Which opinion the advice is about: a second (one opinion so far) or the next (two so far).
Stage = Literal["second", "third"]
Answer = bool | str
Answers = dict[str, Answer]

#: Second-opinion levels, strongest first.
SECOND_LEVELS: tuple[SecondLevel, ...] = ("essential", "recommended", "optional")
#: Third-opinion levels, in the order of the ``opinions_so_far`` options.
THIRD_LEVELS: tuple[ThirdLevel, ...] = ("not_yet", "not_needed", "helpful")
#: The criterion that says where the visitor gets care (the US plans, the NHS, ...). A question,
#: step or point with ``routes`` is asked or shown only on the routes it names, its options.
ROUTE = "care_route"


def on_route(routes: tuple[str, ...], answers: Mapping[str, Answer]) -> bool:
    """Whether an item for ``routes`` (every route, if empty) applies to these answers."""
    return not routes or answers.get(ROUTE) in routes


def points_on_route(points: tuple[Point, ...], answers: Mapping[str, Answer]) -> tuple[Point, ...]:
    """The points meant for the route these answers name, in their order."""
    return tuple(p for p in points if on_route(p.routes, answers))


@dataclass(frozen=True, slots=True)
class Passage:
    """A passage of a source, by id: the source's own words, or a summary of them.

    ``verbatim`` is True only for the source's own words; a summary is our plain wording of a line
    of our research notes (``notes``, kept for reviewers) and is never shown in quotation marks.
    ``url`` overrides the source's URL when the passage lives on another page of the same
    publisher.
    """

    id: str
    text: str
    verbatim: bool = False
    url: str | None = None
    notes: str = ""
    #: Our rendering of the source's own words in the content's language, when that is not the
    #: source's (data/es/): shown marked as a translation, never as the source's words.
    translation: str = ""


@dataclass(frozen=True, slots=True)
class SpanishPage:
    """A source's own page in Spanish (research/routes.md, section 6): cited beside it."""

    title: str
    publisher: str
    url: str
    date: str


@dataclass(frozen=True, slots=True)
class Source:
    """A publication the explainer quotes, with the date it was reviewed or approved."""

    id: str
    title: str
    publisher: str
    url: str
    reviewed: str | None  # ISO date ("2009-04-23") or month ("2021-03"); None if not given
    passages: tuple[Passage, ...]
    date_note: str = ""  # what we know about the date when ``reviewed`` is None
    url_note: str = ""  # how the address was made, when our notes give none (e.g. a PubMed ID)
    spanish_page: SpanishPage | None = None  # the same source's own page in Spanish

    def passage(self, passage_id: str) -> Passage:
        """The passage with this id; raises KeyError if there is none."""
        for passage in self.passages:
            if passage.id == passage_id:
                return passage
        raise KeyError(passage_id)


@dataclass(frozen=True, slots=True)
class Citation:
    """A pointer to one passage: which source, the exact words, and where to read them."""

    source: str
    quote: str
    url: str
    verbatim: bool = False  # True only when ``quote`` is the source's own words
    translation: str = ""  # our rendering of a verbatim quote in the content's language, if any


@dataclass(frozen=True, slots=True)
class Option:
    """One choice of a choice criterion."""

    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Criterion:
    """One question the visitor answers; one control in the dashboard."""

    id: str
    label: str  # at most 60 characters
    question: str
    help: str
    kind: Literal["yes_no", "choice"]
    group: str  # a group id, see ``Content.groups``
    options: tuple[Option, ...]  # empty for yes/no
    default: Answer  # False for yes/no; an option id for a choice
    citations: tuple[Citation, ...]
    routes: tuple[str, ...] = ()  # asked only on these routes (every route, if empty)


@dataclass(frozen=True, slots=True)
class Group:
    """A heading the criteria are gathered under."""

    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Reason:
    """Why the outcome is what it is: one answer that shaped it."""

    criterion: str
    text: str
    citation: Citation


@dataclass(frozen=True, slots=True)
class Step:
    """One practical next step, and the step of the path to another opinion it belongs under."""

    id: str
    text: str
    citation: Citation
    stage: str = ""
    write_in: tuple[str, ...] = ()  # lines the printable plan leaves to write on: who, phone, date


@dataclass(frozen=True, slots=True)
class SecondOpinion:
    """How strongly a second opinion is advised."""

    level: SecondLevel


@dataclass(frozen=True, slots=True)
class ThirdOpinion:
    """Whether a third opinion would help, with the reason in words."""

    level: ThirdLevel
    text: str
    citation: Citation


@dataclass(frozen=True, slots=True)
class Point:
    """One cited point: a good point or a drawback of a second opinion, or a note."""

    id: str
    text: str
    citations: tuple[Citation, ...]
    routes: tuple[str, ...] = ()  # shown only on these routes (every route, if empty)


@dataclass(frozen=True, slots=True)
class PathStep:
    """One step of the path to another opinion (``data/options.yaml`` ``path``): its words and
    source, as a :class:`Point`'s, and what the picture shows with it."""

    id: str
    text: str
    citations: tuple[Citation, ...]
    icon: str = ""  # its picture's name (explainer/pictures.py PATH_ICONS)
    urgent_text: str = ""  # its words when treatment cannot wait ("" keeps ``text``)
    # What to collect for it: pairs of a picture's name (pictures.py COLLECT_ICONS) and its words.
    collect: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Advice:
    """Everything the explainer says for one set of answers.

    ``stage`` says which opinion the main message, the badge, the reasons and the steps are
    about: ``"second"`` while there is one opinion, ``"third"`` once there are two.
    ``second_opinion.level`` keeps its meaning in both: what the sources say of the situation.
    ``cautions`` come before everything else (treatment that cannot wait). The good points,
    drawbacks, words for asking and helplines are the same for everyone and shown at every level.
    """

    summary: str
    stage: Stage
    second_opinion: SecondOpinion
    third_opinion: ThirdOpinion
    cautions: tuple[Reason, ...]
    reasons: tuple[Reason, ...]
    next_steps: tuple[Step, ...]
    questions: tuple[Step, ...]  # to ask a doctor not yet seen (the printable plan)
    good_points: tuple[Point, ...]
    drawbacks: tuple[Point, ...]
    asking: tuple[Point, ...]
    helplines: tuple[Point, ...]
    #: The summary box: three or four key points for these answers (explainer/advice.py).
    key_points: tuple[Point, ...] = ()

    def texts(self) -> tuple[str, ...]:
        """Every sentence-bearing text the advice itself words (not its citations), in order."""
        points = (*self.good_points, *self.drawbacks, *self.asking, *self.helplines)
        return (
            self.summary,
            *(k.text for k in self.key_points),
            *(c.text for c in self.cautions),
            *(r.text for r in self.reasons),
            *(s.text for s in self.next_steps),
            self.third_opinion.text,
            *(p.text for p in points),
        )


@dataclass(frozen=True, slots=True)
class LevelInfo:
    """A level's words: a short label and a one-line description, plus the main message it gives.

    ``urgent_summary`` is the main message when treatment cannot wait ("" where a level is never
    the main message then); ``speaks_for`` the sources a rule giving this level may cite.
    """

    id: str
    label: str
    description: str
    summary: str
    citation: Citation
    urgent_summary: str = ""
    speaks_for: tuple[str, ...] = ()
    key_point: str = ""  # the summary box's first point, in one short sentence
    urgent_key_point: str = ""  # the same when treatment cannot wait ("" where urgent_summary is)


@dataclass(frozen=True, slots=True)
class Condition:
    """One answer a rule or a step looks for: ``criterion`` has ``value``."""

    criterion: str
    value: Answer

    def holds(self, answers: Mapping[str, Answer]) -> bool:
        """Whether the (complete, validated) answers give this criterion this value."""
        return answers[self.criterion] == self.value


@dataclass(frozen=True, slots=True)
class Rule:
    """An answer that raises the second-opinion level, with the reason it gives."""

    id: str
    when: Condition
    level: SecondLevel
    reason: str
    citation: Citation


@dataclass(frozen=True, slots=True)
class ThirdRule:
    """The third-opinion outcome for one answer to ``opinions_so_far``."""

    when: Condition
    level: ThirdLevel
    text: str
    citation: Citation


def _applies(
    when: tuple[Condition, ...], unless: tuple[Condition, ...], answers: Mapping[str, Answer]
) -> bool:
    """Any of ``when`` holds (or there is none), and none of ``unless`` does."""
    wanted = not when or any(c.holds(answers) for c in when)
    return wanted and not any(c.holds(answers) for c in unless)


@dataclass(frozen=True, slots=True)
class Caution:
    """A caution as content: shown above the reasons, whatever the level, when ``when`` holds
    and none of ``unless`` does."""

    id: str
    when: Condition
    text: str
    citation: Citation
    unless: tuple[Condition, ...] = ()

    def shown(self, answers: Mapping[str, Answer]) -> bool:
        """Whether the caution applies to these (complete, validated) answers."""
        return _applies((self.when,), self.unless, answers)

    def reason(self) -> Reason:
        """The caution as it appears in advice."""
        return Reason(criterion=self.when.criterion, text=self.text, citation=self.citation)


@dataclass(frozen=True, slots=True)
class StepInfo:
    """A next step as content: shown on its ``routes`` (every route, if empty) when any of
    ``when`` holds (always, if ``when`` is empty) and none of ``unless`` holds."""

    id: str
    text: str
    citation: Citation
    stage: str = ""  # a step of the path to another opinion (options.yaml); "" for questions
    urgent_stage: str = ""  # the step of the path it sits under when treatment cannot wait
    when: tuple[Condition, ...] = ()
    unless: tuple[Condition, ...] = ()
    routes: tuple[str, ...] = ()
    write_in: tuple[str, ...] = ()

    def shown(self, answers: Mapping[str, Answer]) -> bool:
        """Whether the step applies to these (complete, validated) answers."""
        return on_route(self.routes, answers) and _applies(self.when, self.unless, answers)

    def step(self, *, urgent: bool = False) -> Step:
        """The step as it appears in advice (``urgent``: treatment cannot wait)."""
        return Step(
            id=self.id,
            text=self.text,
            citation=self.citation,
            stage=(urgent and self.urgent_stage) or self.stage,
            write_in=self.write_in,
        )


@dataclass(frozen=True, slots=True)
class Priority:
    """When ``when`` holds, the steps ``first`` move to the front (in this order)."""

    when: Condition
    first: tuple[str, ...]
    why: str  # for reviewers, not shown


@dataclass(frozen=True, slots=True)
class Scenario:
    """A worked patient story with its answers and the outcome it is expected to get."""

    id: str
    name: str
    age: int
    cancer: str
    title: str
    story: str
    answers: tuple[tuple[str, Answer], ...]
    expected_second: SecondLevel
    expected_third: ThirdLevel
    pair: str | None = None  # a scenario that differs in one answer and gets another outcome

    def answers_dict(self) -> Answers:
        """The story's answers as a fresh dict (omitted criteria take their defaults)."""
        return dict(self.answers)


@dataclass(frozen=True, slots=True)
class Flip:
    """One answer changed to ``value`` that changes the outcome: the levels or the main message."""

    criterion: str
    value: Answer
    second_level: SecondLevel
    third_level: ThirdLevel
    stage: Stage
    summary: str


@dataclass(frozen=True, slots=True)
class Words:
    """Small words the content uses to describe answers and outcomes in the scenario table."""

    yes: str
    no: str
    second: str
    third: str
    change: str = "{answer}. {what}: {level}."  # an option picked, in words
    change_to_yes: str = "{answer}: yes. {what}: {level}."  # a box checked, in words
    change_to_no: str = "{answer}: no. {what}: {level}."  # a checked box unchecked, in words


@dataclass(frozen=True, slots=True)
class IconArray:
    """One picture of 100 people: ``count`` filled, then ``half`` half filled, then
    ``outlined`` outlined (None: the rest of the 100; parts a study gives as 99 leave a place
    empty); ``caption`` the few words above it, with its number ("" for none); ``label`` the
    sentences that say every number of it for those who cannot see it."""

    count: int
    caption: str
    label: str
    half: int = 0
    outlined: int | None = None


@dataclass(frozen=True, slots=True)
class IconKey:
    """What each kind of figure means in one study's pictures ("Changed", "Not changed"); ``half``
    is "" when no picture has half-filled figures."""

    filled: str
    outlined: str
    half: str = ""


@dataclass(frozen=True, slots=True)
class Figure:
    """How often a second opinion changed something in one study, and whom it studied (its
    heading); ``not_only_cancer`` for a study of more than cancer, shown after the others."""

    id: str
    finding: str
    population: str
    citation: Citation
    # Pictures of 100 people side by side, where the figure allows: a range as its lowest and
    # highest study, a finding in parts as one picture of its parts; none for "6 in 1,000".
    icons: tuple[IconArray, ...] = ()
    key: IconKey | None = None  # present exactly when there are icons
    not_only_cancer: bool = False


@dataclass(frozen=True, slots=True)
class ReviewPolicy:
    """Who checks the content, how often and when sooner; ``reviewer`` is None until the team
    that adopts the tool names its reviewers."""

    who: str
    reviewer: str | None
    how_often: str
    next_review_by: str  # ISO date
    triggers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DateWords:
    """How a date is written for a visitor (``data/about.yaml`` ``dates``): the month names,
    January first, and a pattern for a full date and for a month alone."""

    months: tuple[str, ...]
    day: str  # "{month} {day}, {year}"
    month: str  # "{month} {year}"


@dataclass(frozen=True, slots=True)
class About:
    """What a visitor needs to trust the tool (``data/about.yaml``)."""

    produced: str  # ISO date the content was written
    texts: tuple[tuple[str, str], ...]  # headings and short texts, by key
    policy: ReviewPolicy
    funding: tuple[str, ...]
    pros: tuple[Point, ...]
    cons: tuple[Point, ...]
    figures: tuple[Figure, ...]
    figures_note: Point
    dates: DateWords
    asking: tuple[Point, ...] = ()  # asking for a second opinion: shown to everyone
    helplines: tuple[Point, ...] = ()

    def text(self, key: str) -> str:
        """The text with this key; raises KeyError on an unknown key."""
        return dict(self.texts)[key]

    def citations(self) -> tuple[Citation, ...]:
        """Every citation in the about content, in file order."""
        points = (*self.pros, *self.cons, *self.asking, *self.helplines, self.figures_note)
        return (*(c for p in points for c in p.citations), *(f.citation for f in self.figures))


@dataclass(frozen=True, slots=True)
class Term:
    """A medical or insurance word, defined once (``data/glossary.yaml``) and shown with its
    meaning where a view first uses it. ``forms`` are the words to find, lower case."""

    id: str
    term: str
    forms: tuple[str, ...]
    definition: str
    citation: Citation


@dataclass(frozen=True, slots=True)
class Choice:
    """One thing that may matter most to a person ("Starting treatment soon"): ticked, it puts
    ``ask`` in their plan. It never changes the advice."""

    id: str
    label: str
    ask: str
    citation: Citation


@dataclass(frozen=True, slots=True)
class RangeBar:
    """One finding of a review as a range on a scale of 0 to 100: the lowest and the highest
    number its studies found ("Agreed with the first opinion", 43 to 82)."""

    id: str
    label: str
    low: int
    high: int


@dataclass(frozen=True, slots=True)
class Ranges:
    """A review's findings drawn as ranges on one scale (``data/options.yaml`` ``ranges``): a
    title, why each is a range, a caution, the words for one bar (``each``, with ``{label}``,
    ``{low}`` and ``{high}``), the bars, and the passage they come from."""

    title: str
    why: str
    note: str
    each: str
    bars: tuple[RangeBar, ...]
    citation: Citation

    def text(self, bar: RangeBar) -> str:
        """A bar in words: "Agreed with the first opinion: 43 to 82 in every 100"."""
        return self.each.format(label=bar.label, low=bar.low, high=bar.high)


@dataclass(frozen=True, slots=True)
class Options:
    """The two options side by side (``data/options.yaml``): another opinion, whose good points
    and drawbacks are the about file's, and going ahead with the current plan; what matters most;
    and the summary box's points about the choice."""

    another_heading: str
    another_involves: Point
    current_heading: str
    current_involves: Point
    current_good: tuple[Point, ...]
    current_drawbacks: tuple[Point, ...]
    matters: tuple[Choice, ...]
    choice_point: Point
    current_plan_point: Point
    urgent_point: Point
    path_label: str = ""
    path: tuple[PathStep, ...] = ()  # the picture of the path to another opinion, step by step
    collect_label: str = ""  # the heading of a step's `collect`
    ranges: Ranges | None = None  # the picture after both options (explainer/range_picture.py)

    def on_path(
        self, steps: Sequence[Step], *, urgent: bool = False
    ) -> tuple[tuple[PathStep, tuple[Step, ...]], ...]:
        """Each step of the path (in its words for when treatment cannot wait, if ``urgent``)
        with the next steps under it, in the path's order; a step of the path with none is left
        out, so the picture never shows a step with nothing to do."""
        grouped = (
            (
                replace(p, text=p.urgent_text) if urgent and p.urgent_text else p,
                tuple(s for s in steps if s.stage == p.id),
            )
            for p in self.path
        )
        return tuple((p, under) for p, under in grouped if under)

    def citations(self) -> tuple[Citation, ...]:
        """Every citation in the options, in file order."""
        points: tuple[Point | PathStep, ...] = (
            self.another_involves,
            self.current_involves,
            *self.current_good,
            *self.current_drawbacks,
            self.choice_point,
            self.current_plan_point,
            self.urgent_point,
            *self.path,
        )
        return (*(c for p in points for c in p.citations), *(m.citation for m in self.matters))


@dataclass(frozen=True, slots=True)
class Content:
    """Everything read from ``data/``, validated; look-ups by id raise on unknown ids."""

    sources: tuple[Source, ...]
    groups: tuple[Group, ...]
    criteria: tuple[Criterion, ...]
    second_levels: tuple[LevelInfo, ...]
    third_levels: tuple[LevelInfo, ...]
    rules: tuple[Rule, ...]
    cautions: tuple[Caution, ...]
    third_rules: tuple[ThirdRule, ...]
    steps: tuple[StepInfo, ...]
    priorities: tuple[Priority, ...]
    scenarios: tuple[Scenario, ...]
    words: Words
    about: About
    ui_texts: tuple[tuple[str, str], ...] = ()
    questions: tuple[StepInfo, ...] = ()  # to ask the new doctor; in the printable plan
    glossary: tuple[Term, ...] = ()
    options: Options | None = None
    language: str = "en"  # the language of every text a visitor reads (data/, data/es/)
    _criteria: Mapping[str, Criterion] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = MappingProxyType({c.id: c for c in self.criteria})
        object.__setattr__(self, "_criteria", index)

    @property
    def texts(self) -> Mapping[str, str]:
        """The dashboard's own words (``data/ui.yaml``), by key."""
        return MappingProxyType(dict(self.ui_texts))

    @property
    def level_words(self) -> Mapping[str, tuple[str, str]]:
        """Every level id (second and third opinion) mapped to (label, description)."""
        levels = (*self.second_levels, *self.third_levels)
        return MappingProxyType({lv.id: (lv.label, lv.description) for lv in levels})

    @property
    def verbatim(self) -> Mapping[Citation, bool]:
        """Every citation the content uses, mapped to whether its words are the source's own."""
        return MappingProxyType({c: c.verbatim for c in self.citations()})

    def citations(self) -> tuple[Citation, ...]:
        """Every citation in the content, once each, in file order."""
        found = [
            *(c for crit in self.criteria for c in crit.citations),
            *(lv.citation for lv in (*self.second_levels, *self.third_levels)),
            *(r.citation for r in self.rules),
            *(c.citation for c in self.cautions),
            *(r.citation for r in self.third_rules),
            *(s.citation for s in self.steps),
            *(q.citation for q in self.questions),
            *self.about.citations(),
            *(t.citation for t in self.glossary),
            *(self.options.citations() if self.options else ()),
        ]
        return tuple(dict.fromkeys(found))

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion with this id; raises AnswerError on an unknown id."""
        try:
            return self._criteria[criterion_id]
        except KeyError:
            raise AnswerError(
                f"unknown criterion {criterion_id!r}", criterion=criterion_id, value=None
            ) from None

    def source(self, source_id: str) -> Source:
        """The source with this id; raises KeyError on an unknown id."""
        return _by_id(self.sources, source_id)

    def scenario(self, scenario_id: str) -> Scenario:
        """The scenario with this id; raises KeyError on an unknown id."""
        return _by_id(self.scenarios, scenario_id)

    def level(self, level_id: str) -> LevelInfo:
        """The words for a second- or third-opinion level; raises KeyError on an unknown id."""
        return _by_id((*self.second_levels, *self.third_levels), level_id)


_T = TypeVar("_T", Source, Scenario, LevelInfo)


def _by_id(items: tuple[_T, ...], item_id: str) -> _T:
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(item_id)
