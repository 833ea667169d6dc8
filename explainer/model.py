"""Values: the content read from ``data/`` and the advice computed from it.

Every value is a frozen dataclass with slots, so equal inputs give equal, hashable results.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SecondLevel = Literal["essential", "recommended", "optional"]
ThirdLevel = Literal["not_yet", "not_needed", "helpful"]
Answer = bool | str
Answers = dict[str, Answer]

#: Second-opinion levels, strongest first.
SECOND_LEVELS: tuple[SecondLevel, ...] = ("essential", "recommended", "optional")
#: Third-opinion levels, in the order of the ``opinions_so_far`` options.
THIRD_LEVELS: tuple[ThirdLevel, ...] = ("not_yet", "not_needed", "helpful")


@dataclass(frozen=True, slots=True)
class Passage:
    """A verbatim passage of a source, quoted by id."""

    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Source:
    """A publication the explainer quotes, with the date it was reviewed or approved."""

    id: str
    title: str
    publisher: str
    url: str
    reviewed: str  # ISO date, e.g. "2009-04-23"
    passages: tuple[Passage, ...]


@dataclass(frozen=True, slots=True)
class Citation:
    """A pointer to one passage: which source, the exact words, and where to read them."""

    source: str
    quote: str
    url: str


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
    """One practical next step."""

    id: str
    text: str
    citation: Citation


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
class Advice:
    """Everything the explainer says for one set of answers."""

    summary: str
    second_opinion: SecondOpinion
    third_opinion: ThirdOpinion
    reasons: tuple[Reason, ...]
    next_steps: tuple[Step, ...]
