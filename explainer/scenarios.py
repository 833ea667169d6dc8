"""The worked stories as table rows, and the single answers that would change an outcome."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .advice import advise, validate_answers
from .content import default_content
from .model import ROUTE, SECOND_LEVELS, Advice, Answer, Content, Criterion, Flip

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COLUMNS",
    "answer_words",
    "changes_if",
    "flips",
    "key_answers",
    "scenario_records",
    "scenario_table",
]

#: The scenario table's columns, in order.
COLUMNS = (
    "id",
    "title",
    "name",
    "age",
    "cancer",
    "story",
    "care_route",
    "key_answers",
    "second_opinion",
    "third_opinion",
    "changes_if",
)


def flips(answers: Mapping[str, Answer], content: Content | None = None) -> tuple[Flip, ...]:
    """Every change of one answer that changes the outcome: a level or the main message.

    Where the person gets care is part of the story, not an answer that weighs for or against a
    second opinion: it changes which steps and which questions apply, so it is not varied here.
    """
    content = default_content() if content is None else content
    full = validate_answers(answers, content)
    base = _outcome(advise(full, content))
    found = []
    for criterion in content.criteria:
        if criterion.id == ROUTE:
            continue
        for value in _values(criterion):
            if value == full[criterion.id]:
                continue
            other = advise({**full, criterion.id: value}, content)
            if _outcome(other) != base:
                second, third = other.second_opinion.level, other.third_opinion.level
                found.append(Flip(criterion.id, value, second, third, other.stage, other.summary))
    return tuple(found)


def _outcome(advice: Advice) -> tuple[str, str, str]:
    return (advice.second_opinion.level, advice.third_opinion.level, advice.summary)


def scenario_table(content: Content | None = None) -> pd.DataFrame:
    """One row per worked story: who, key answers, computed levels, and what would change them."""
    import pandas as pd

    return pd.DataFrame(scenario_records(content), columns=list(COLUMNS))


def scenario_records(content: Content | None = None) -> list[dict[str, object]]:
    """The scenario table's rows as plain dicts keyed by COLUMNS (no pandas: the dashboard's
    kernel draws the table from these and never imports pandas; docs/performance.md).
    ``key_answers`` and ``changes_if`` are tuples of short texts, one an item, so a table can
    show them as a list; the stories tables show the ``title`` as the person's situation, not
    ``key_answers`` (worded for "you", as on the form)."""
    content = default_content() if content is None else content
    rows: list[dict[str, object]] = []
    for s in content.scenarios:
        advice = advise(s.answers_dict(), content)
        rows.append(
            {
                "id": s.id,
                "title": s.title,
                "name": s.name,
                "age": s.age,
                "cancer": s.cancer,
                "story": s.story,
                "care_route": _route_cell(s.answers_dict(), content),
                "key_answers": key_answers(s.answers_dict(), content),
                "second_opinion": advice.second_opinion.level,
                "third_opinion": advice.third_opinion.level,
                "changes_if": changes_if(s.answers_dict(), content),
            }
        )
    return rows


def key_answers(answers: Mapping[str, Answer], content: Content | None = None) -> tuple[str, ...]:
    """The answers that differ from the defaults, in words, in display order (none: empty);
    where the person gets care has its own record field (:func:`route_words`)."""
    content = default_content() if content is None else content
    full = validate_answers(answers, content)
    return tuple(
        answer_words(c, full[c.id], content)
        for c in content.criteria
        if full[c.id] != c.default and c.id != ROUTE
    )


def route_words(answers: Mapping[str, Answer], content: Content | None = None) -> str:
    """Where the person gets care, in words: the route's option label."""
    content = default_content() if content is None else content
    full = validate_answers(answers, content)
    return answer_words(content.criterion(ROUTE), full[ROUTE], content)


def _route_cell(answers: Mapping[str, Answer], content: Content) -> str:
    """The route for the record: "" when it is the default ("not sure"), which out of its
    question would read as the person being unsure of their own story."""
    full = validate_answers(answers, content)
    default = full[ROUTE] == content.criterion(ROUTE).default
    return "" if default else route_words(answers, content)


def changes_if(answers: Mapping[str, Answer], content: Content | None = None) -> tuple[str, ...]:
    """The single answers that best show what drives a story's outcome, each as a short phrase
    (none: empty).

    The story's table names one level (the second opinion's, in its heading; or with two
    opinions the third's, in its "About a third opinion"), and its "One answer that changes the
    advice" promises a change: so every answer named here keeps the story in its stage and gives
    that same opinion another level (so a phrase need not say again which opinion its level is
    about).
    Short enough for a projector. With two opinions (stage third): one other answer to the
    opinions question. When treatment cannot wait: that answer, if it changes the level. Else
    the answers whose change would lower the second-opinion level (what drives it); failing
    those, the one change that would raise it most.
    """
    content = default_content() if content is None else content
    base = advise(answers, content)
    found = [f for f in flips(answers, content) if _shown(f) != _shown_level(base)]
    return tuple(_flip_words(f, content) for f in _chosen(base, found))


def _shown_level(advice: Advice) -> tuple[str, str]:
    """The stage and the level the stories tables show for an advice (explainer/render.py)."""
    third = advice.stage == "third"
    return (advice.stage, advice.third_opinion.level if third else advice.second_opinion.level)


def _shown(flip: Flip) -> tuple[str, str]:
    """The same for the advice a flip gives."""
    return (flip.stage, flip.third_level if flip.stage == "third" else flip.second_level)


def _chosen(base: Advice, found: list[Flip]) -> list[Flip]:
    """Which of the flips the table names (``found``: each gives the same opinion another level
    in the same stage); see changes_if."""
    found = [f for f in found if f.stage == base.stage]
    if base.stage == "third":
        return found[:1]
    cautioned = [f for f in found if f.criterion in {c.criterion for c in base.cautions}]
    if cautioned:
        return cautioned[:1]
    rank = {level: i for i, level in enumerate(SECOND_LEVELS)}
    here = rank[base.second_opinion.level]
    lowering = [f for f in found if rank[f.second_level] > here]
    return lowering or sorted(found, key=lambda f: rank[f.second_level])[:1]


def _flip_words(flip: Flip, content: Content) -> str:
    """The flip as a short phrase (``words.change`` for an option picked, ``change_to_yes`` or
    ``change_to_no`` for a box checked or unchecked): the new answer as the form words it (the
    box's label, an option's label), the new level, and (for the words to use if they wish)
    which opinion the level is about."""
    criterion = content.criterion(flip.criterion)
    level = flip.third_level if flip.stage == "third" else flip.second_level
    words = content.words
    box = criterion.kind == "yes_no"
    template = (words.change_to_yes if flip.value else words.change_to_no) if box else words.change
    return template.format(
        answer=criterion.label if box else answer_words(criterion, flip.value, content),
        level=content.level(level).label,
        what=words.third if flip.stage == "third" else words.second,
    )


def answer_words(criterion: Criterion, value: Answer, content: Content) -> str:
    """One answer in words: the label for a yes, "label: No" for a no, the option's label."""
    if criterion.kind == "yes_no":
        return criterion.label if value else f"{criterion.label}: {content.words.no}"
    return _value_words(criterion, value, content)


def _value_words(criterion: Criterion, value: Answer, content: Content) -> str:
    if isinstance(value, bool):
        return content.words.yes if value else content.words.no
    return next(o.label for o in criterion.options if o.id == value)


def _values(criterion: Criterion) -> tuple[Answer, ...]:
    if criterion.kind == "yes_no":
        return (False, True)
    return tuple(o.id for o in criterion.options)
