"""The self-check's state: validated answers in, advice out, nothing half-changed."""

from __future__ import annotations

import pytest

from explainer import AnswerError, advise, default_content
from explainer.session import SelfCheck


@pytest.fixture
def check() -> SelfCheck:
    return SelfCheck(default_content())


def test_starts_at_every_default(check: SelfCheck) -> None:
    """A new visit has every criterion at its default, and the advice for no answers."""
    choices = ("opinions_so_far", "care_route")
    assert all(v is False for k, v in check.answers.items() if k not in choices)
    assert check.answers["opinions_so_far"] == "one"
    assert check.answers["care_route"] == "not_sure"
    assert check.advice == advise({}, check.content)


def test_setting_an_answer_changes_the_advice(check: SelfCheck) -> None:
    """Saying yes to a rare cancer makes a second opinion essential."""
    check.set("rare_cancer", True)
    assert check.advice.second_opinion.level == "essential"


def test_an_invalid_answer_changes_nothing(check: SelfCheck) -> None:
    """A bad value raises AnswerError and leaves the previous answers in place."""
    check.set("rare_cancer", True)
    before = check.answers
    for criterion, value in [("rare_cancer", "yes"), ("opinions_so_far", "three"), ("nope", True)]:
        with pytest.raises(AnswerError):
            check.set(criterion, value)
    assert check.answers == before


def test_loading_a_scenario_takes_its_answers_and_reset_clears_them(check: SelfCheck) -> None:
    """Every scenario loads to its expected outcome; start over returns to the defaults."""
    for scenario in check.content.scenarios:
        check.load_scenario(scenario.id)
        assert check.advice.second_opinion.level == scenario.expected_second
        assert check.advice.third_opinion.level == scenario.expected_third
    check.reset()
    assert check.advice == advise({}, check.content)


def test_answers_returns_a_copy(check: SelfCheck) -> None:
    """Changing the returned dict does not change the state."""
    answers = check.answers
    answers["rare_cancer"] = True
    assert check.answers["rare_cancer"] is False


def test_a_new_route_drops_the_answer_to_a_question_it_does_not_ask(check: SelfCheck) -> None:
    """On a US plan the health plan's question counts; moving to the NHS sets it back to no,
    so it does not come back by surprise on the way back."""
    check.set("care_route", "us_private")
    check.set("insurer_requires", True)
    assert check.advice.second_opinion.level == "recommended"
    check.set("care_route", "uk_nhs")
    assert check.answers["insurer_requires"] is False
    assert check.advice.second_opinion.level == "optional"
    check.set("care_route", "us_private")
    assert check.answers["insurer_requires"] is False
