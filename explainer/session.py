"""The self-check's state: the visitor's current answers, and the advice they give.

Plain state with no widgets, so the dashboard's logic is tested without a browser. Every change
replaces the whole answer set with a validated one; an invalid change leaves it as it was.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import advise, validate_answers
from .content import Content
from .model import Advice, Answer, Answers


class SelfCheck:
    """One visitor's answers. Nothing here is stored or sent anywhere."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._answers: Answers = validate_answers({}, content)

    @property
    def answers(self) -> Answers:
        """A copy of the current answers, every criterion filled in."""
        return dict(self._answers)

    @property
    def advice(self) -> Advice:
        """The advice for the current answers."""
        return advise(self._answers, self.content)

    def set(self, criterion: str, value: Answer) -> None:
        """Change one answer; raises AnswerError (and changes nothing) if it is not valid."""
        self._answers = validate_answers({**self._answers, criterion: value}, self.content)

    def replace(self, answers: Mapping[str, Answer]) -> None:
        """Take a whole new answer set (omitted criteria take their defaults)."""
        self._answers = validate_answers(dict(answers), self.content)

    def reset(self) -> None:
        """Go back to every criterion's default."""
        self.replace({})

    def load_scenario(self, scenario_id: str) -> None:
        """Take a worked story's answers."""
        scenario = self.content.scenario(scenario_id)
        self.replace(scenario.answers_dict())
