"""The whole answer space, for the property tests: every distinct set of answers.

Where the person gets care (``care_route``) decides which questions are asked: a question not
asked on a route always has its default (explainer.advice.validate_answers). So the distinct
answer sets are, for each route, every combination of the questions asked on it.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator

from explainer import Advice, Answers, advise, default_content
from explainer.model import ROUTE, Answer, Content, Criterion, on_route


def values(criterion: Criterion) -> tuple[Answer, ...]:
    """Every value a criterion can take."""
    if criterion.kind == "yes_no":
        return (False, True)
    return tuple(o.id for o in criterion.options)


def routes(content: Content) -> tuple[str, ...]:
    """Every route, in the question's order."""
    return tuple(o.id for o in content.criterion(ROUTE).options)


def on(content: Content, route: str) -> Iterator[Answers]:
    """Every combination of the questions asked on one route, in display order."""
    chosen = {ROUTE: route}
    asked = [c for c in content.criteria if c.id != ROUTE and on_route(c.routes, chosen)]
    for combo in itertools.product(*(values(c) for c in asked)):
        given = dict(zip((c.id for c in asked), combo, strict=True))
        yield {
            c.id: route if c.id == ROUTE else given.get(c.id, c.default) for c in content.criteria
        }


def everything(content: Content) -> Iterator[Answers]:
    """Every distinct answer set: each route, and on it every combination of its questions."""
    for route in routes(content):
        yield from on(content, route)


def size(content: Content) -> int:
    """How many distinct answer sets there are, counted from the questions (not by walking)."""
    total = 0
    for route in routes(content):
        chosen = {ROUTE: route}
        count = 1
        for c in content.criteria:
            if c.id != ROUTE and on_route(c.routes, chosen):
                count *= len(values(c))
        total += count
    return total


@functools.cache
def advised() -> tuple[tuple[Answers, Advice], ...]:
    """Every distinct answer set of the packaged content with its advice, made once per run
    (several test modules walk it)."""
    content = default_content()
    return tuple((answers, advise(answers, content)) for answers in everything(content))
