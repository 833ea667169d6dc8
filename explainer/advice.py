"""The advice: a pure function of (content, answers). No I/O, no globals, no clock."""

from __future__ import annotations

from collections.abc import Mapping

from .content import check_value, default_content
from .errors import AnswerError
from .model import (
    SECOND_LEVELS,
    Advice,
    Answer,
    Answers,
    Content,
    Point,
    Reason,
    Rule,
    SecondLevel,
    SecondOpinion,
    Stage,
    Step,
    ThirdOpinion,
    ThirdRule,
    on_route,
    points_on_route,
)

__all__ = ["advise", "validate_answers"]


def validate_answers(answers: Mapping[str, Answer], content: Content | None = None) -> Answers:
    """Every criterion's answer in display order, defaults filled in; raises AnswerError.

    A question not asked on the answers' route (``Criterion.routes``: the health plan's question
    outside the US plans) takes its default whatever was given: it is never shown, so its answer
    can never shape the advice.
    """
    content = default_content() if content is None else content
    if not isinstance(answers, Mapping):
        raise AnswerError(
            f"answers must be a mapping of criterion ids to values, not {type(answers).__name__}",
            criterion="",
            value=answers,
        )
    for criterion_id, value in answers.items():
        check_value(content.criterion(criterion_id), value)
    full = {c.id: answers.get(c.id, c.default) for c in content.criteria}
    return {c.id: full[c.id] if on_route(c.routes, full) else c.default for c in content.criteria}


def advise(answers: Mapping[str, Answer], content: Content | None = None) -> Advice:
    """The advice for these answers: stage, levels, cautions, reasons, next steps, main message."""
    content = default_content() if content is None else content
    full = validate_answers(answers, content)
    fired = sorted(
        (r for r in content.rules if r.when.holds(full)),
        key=lambda r: (SECOND_LEVELS.index(r.level), _position(content, r.when.criterion)),
    )
    level = fired[0].level if fired else SECOND_LEVELS[-1]
    third = next(r for r in content.third_rules if r.when.holds(full))
    stage = _stage(content, third)
    cautions = tuple(c.reason() for c in content.cautions if c.shown(full))
    reasons = tuple(_reason(r) for r in fired)
    if stage == "third":  # the reasons for a second opinion were for the one already had
        reasons = (Reason(third.when.criterion, third.text, third.citation),)
    about = content.about
    steps = next_steps(content, full, by_path=stage == "second", urgent=bool(cautions))
    return Advice(
        summary=_summary(content, stage, level, third, urgent=bool(cautions)),
        stage=stage,
        second_opinion=SecondOpinion(level=level),
        third_opinion=ThirdOpinion(level=third.level, text=third.text, citation=third.citation),
        cautions=cautions,
        reasons=reasons,
        next_steps=steps,
        questions=tuple(q.step() for q in content.questions if q.shown(full)),
        good_points=points_on_route(about.pros, full),
        drawbacks=points_on_route(about.cons, full),
        asking=points_on_route(about.asking, full),
        helplines=points_on_route(about.helplines, full),
        key_points=_key_points(content, stage, level, third, steps, urgent=bool(cautions)),
    )


def next_steps(
    content: Content, answers: Answers, *, by_path: bool = False, urgent: bool = False
) -> tuple[Step, ...]:
    """The steps shown for these (validated) answers, the situation's priorities first; with
    ``by_path`` (one opinion so far), in the order of the path to another opinion, the
    priorities ordering the steps within each step of the path (``urgent``: treatment cannot
    wait, and a step may sit under another step of the path, steps.yaml ``urgent_stage``)."""
    shown = [s for s in content.steps if s.shown(answers)]
    shown_ids = [s.id for s in shown]
    first = [
        sid
        for p in content.priorities
        if p.when.holds(answers)
        for sid in p.first
        if sid in shown_ids
    ]
    order = list(dict.fromkeys([*first, *shown_ids]))
    by_id = {s.id: s for s in shown}
    steps = tuple(by_id[sid].step(urgent=urgent) for sid in order)
    if by_path and content.options is not None:
        rank = {p.id: i for i, p in enumerate(content.options.path)}
        steps = tuple(sorted(steps, key=lambda s: rank[s.stage]))  # stable: priorities kept
    return steps


def _reason(rule: Rule) -> Reason:
    return Reason(criterion=rule.when.criterion, text=rule.reason, citation=rule.citation)


def _stage(content: Content, third: ThirdRule) -> Stage:
    """``"second"`` while ``opinions_so_far`` has its default (one opinion), else ``"third"``."""
    default = content.criterion(third.when.criterion).default
    return "second" if third.when.value == default else "third"


def _summary(
    content: Content, stage: Stage, level: SecondLevel, third: ThirdRule, *, urgent: bool
) -> str:
    """The main message: the second-opinion level's in stage second, the third's in stage third;
    when a caution applies (treatment cannot wait), the level's words for that."""
    info = content.level(level if stage == "second" else third.level)
    return info.urgent_summary if urgent else info.summary


def _key_points(
    content: Content,
    stage: Stage,
    level: SecondLevel,
    third: ThirdRule,
    steps: tuple[Step, ...],
    *,
    urgent: bool,
) -> tuple[Point, ...]:
    """The summary box (data/options.yaml): the main message in one sentence (its words for when
    treatment cannot wait); then, when it cannot wait, the point on keeping booked care (not
    when two doctors agree), else the first next step. With one opinion so far, then that the
    choice is the person's and that going ahead with the current plan is an option too; with
    two (no one current plan, and the choice is no longer about a second opinion), the next
    step."""
    info = content.level(level if stage == "second" else third.level)
    main = Point(
        f"level_{info.id}", info.urgent_key_point if urgent else info.key_point, (info.citation,)
    )
    options = content.options
    if options is None:
        return (main,)
    step_points = [Point(f"step_{s.id}", s.text, (s.citation,)) for s in steps]
    if urgent and third.when.value != "two_agree":
        step_points.insert(0, options.urgent_point)
    if stage == "second":
        return (main, step_points[0], options.choice_point, options.current_plan_point)
    return (main, *step_points[:2])


def _position(content: Content, criterion_id: str) -> int:
    return next(i for i, c in enumerate(content.criteria) if c.id == criterion_id)
