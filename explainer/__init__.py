"""The Second Opinion Explainer's core: content read from ``data/`` and the advice it gives.

Importing the package reads no files and imports no widgets: content loads on first use.
"""

from __future__ import annotations

from .advice import advise, validate_answers
from .content import default_content, load_content
from .errors import AnswerError, ContentError, ExplainerError
from .model import (
    SECOND_LEVELS,
    THIRD_LEVELS,
    Advice,
    Answer,
    Answers,
    Citation,
    Content,
    Criterion,
    Flip,
    Group,
    LevelInfo,
    Option,
    Passage,
    Reason,
    Scenario,
    SecondOpinion,
    Source,
    Step,
    ThirdOpinion,
)
from .scenarios import flips, scenario_table

__all__ = [
    "SECOND_LEVELS",
    "THIRD_LEVELS",
    "Advice",
    "Answer",
    "AnswerError",
    "Answers",
    "Citation",
    "Content",
    "ContentError",
    "Criterion",
    "ExplainerError",
    "Flip",
    "Group",
    "LevelInfo",
    "Option",
    "Passage",
    "Reason",
    "Scenario",
    "SecondOpinion",
    "Source",
    "Step",
    "ThirdOpinion",
    "advise",
    "default_content",
    "flips",
    "load_content",
    "scenario_table",
    "validate_answers",
]
