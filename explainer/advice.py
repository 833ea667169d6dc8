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
    Reason,
    Rule,
    SecondLevel,
    SecondOpinion,
    Step,
    ThirdOpinion,
    ThirdRule,
)

__all__ = ["advise", "validate_answers"]


def validate_answers(answers: Mapping[str, Answer], content: Content | None = None) -> Answers:
    """Every criterion's answer in display order, defaults filled in; raises AnswerError."""
    content = default_content() if content is None else content
    if not isinstance(answers, Mapping):
        raise AnswerError(
            f"answers must be a mapping of criterion ids to values, not {type(answers).__name__}",
            criterion="",
            value=answers,
        )
    for criterion_id, value in answers.items():
        check_value(content.criterion(criterion_id), value)
    return {c.id: answers.get(c.id, c.default) for c in content.criteria}


def advise(answers: Mapping[str, Answer], content: Content | None = None) -> Advice:
    """The advice for these answers: levels, reasons, next steps and a one-sentence summary."""
    content = default_content() if content is None else content
    full = validate_answers(answers, content)
    fired = sorted(
        (r for r in content.rules if r.when.holds(full)),
        key=lambda r: (SECOND_LEVELS.index(r.level), _position(content, r.when.criterion)),
    )
    level = fired[0].level if fired else SECOND_LEVELS[-1]
    third = next(r for r in content.third_rules if r.when.holds(full))
    return Advice(
        summary=_summary(content, level, third),
        second_opinion=SecondOpinion(level=level),
        third_opinion=ThirdOpinion(level=third.level, text=third.text, citation=third.citation),
        reasons=tuple(_reason(r) for r in fired),
        next_steps=next_steps(content, full),
    )


def next_steps(content: Content, answers: Answers) -> tuple[Step, ...]:
    """The steps shown for these (validated) answers, the situation's priorities first."""
    shown = [s for s in content.steps if not s.when or any(c.holds(answers) for c in s.when)]
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
    return tuple(by_id[sid].step() for sid in order)


def _reason(rule: Rule) -> Reason:
    return Reason(criterion=rule.when.criterion, text=rule.reason, citation=rule.citation)


def _summary(content: Content, level: SecondLevel, third: ThirdRule) -> str:
    """The second-opinion level's message while there is one opinion; else the third's."""
    if third.when.value == content.criterion(third.when.criterion).default:
        return content.level(level).summary
    return content.level(third.level).summary


def _position(content: Content, criterion_id: str) -> int:
    return next(i for i, c in enumerate(content.criteria) if c.id == criterion_id)
