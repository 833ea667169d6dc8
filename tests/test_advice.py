"""advise() and validate_answers(): pure, deterministic, cited advice from validated answers."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import answer_space
import pytest

from explainer import (
    SECOND_LEVELS,
    Advice,
    AnswerError,
    Answers,
    ExplainerError,
    advise,
    default_content,
    validate_answers,
)

ROOT = Path(__file__).resolve().parents[1]
ARTICLE_FIVE = (
    "doubts_about_doctor",
    "doctor_lacks_experience",
    "rare_cancer",
    "no_lifesaving_therapy",
    "doctor_bothered_by_request",
)
GUIDANCE_ONES = (  # recommended
    "hard_to_talk_with_doctor",
    "type_or_stage_uncertain",
    "several_options_offered",
    "wants_clinical_trial",
    "want_every_option_explored",
    "insurer_requires",
    "far_from_cancer_centre",
)


#: The level properties below hold on every route; they are walked on a route that asks every
#: question (a US plan's), and test_a_route_changes_no_level_or_main_message shows the route
#: itself never changes a level. tests/test_advice_invariants.py walks every route.
PLAN_ROUTE = "us_private"
ALL = list(answer_space.on(default_content(), PLAN_ROUTE))
ALL_ADVICE = [advise(a) for a in ALL]


def _rank(advice: Advice) -> int:
    """0 for the strongest level; a higher number is weaker."""
    return SECOND_LEVELS.index(advice.second_opinion.level)


def _step_ids(advice: Advice, stage: str | None = None) -> list[str]:
    """The next steps' ids, or only those under one step of the path (``stage``)."""
    return [s.id for s in advice.next_steps if stage is None or s.stage == stage]


# -- the command in the issue -------------------------------------------------------------------


def test_the_command_prints_essential() -> None:
    """The issue's one-line command prints 'essential' for a rare cancer."""
    code = "import explainer; print(explainer.advise({'rare_cancer': True}).second_opinion.level)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout == "essential\n"


def test_import_reads_nothing_and_builds_no_widgets() -> None:
    """Importing the package loads no content, no widgets and no pandas."""
    code = (
        "import sys, explainer, explainer.content as c;"
        "print(c.default_content.cache_info().currsize,"
        " 'ipywidgets' in sys.modules, 'pandas' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.split() == ["0", "False", "False"]


# -- second opinion -----------------------------------------------------------------------------


def test_no_answers_give_optional_with_no_reasons() -> None:
    """With nothing special, a second opinion is optional ("never a bad idea"), with no reasons."""
    advice = advise({})
    assert advice.second_opinion.level == "optional"
    assert advice.reasons == ()
    assert advice.summary == default_content().level("optional").summary


@pytest.mark.parametrize("criterion", ARTICLE_FIVE)
def test_each_article_situation_is_essential(criterion: str) -> None:
    """Each of the article's five situations makes it essential, citing the article."""
    advice = advise({criterion: True})
    assert advice.second_opinion.level == "essential"
    assert [r.criterion for r in advice.reasons] == [criterion]
    assert advice.reasons[0].citation.source == "webmd_2009"


@pytest.mark.parametrize("criterion", GUIDANCE_ONES)
def test_each_guidance_situation_is_recommended(criterion: str) -> None:
    """Each situation from current guidance, and the insurer's rule (on a US plan), make it
    recommended."""
    advice = advise({"care_route": PLAN_ROUTE, criterion: True})
    assert advice.second_opinion.level == "recommended"
    assert [r.criterion for r in advice.reasons] == [criterion]


def test_reasons_come_strongest_first_in_display_order() -> None:
    """Essential reasons come before recommended ones, each kind in question order."""
    advice = advise(
        {"far_from_cancer_centre": True, "rare_cancer": True, "doubts_about_doctor": True}
    )
    assert [r.criterion for r in advice.reasons] == [
        "doubts_about_doctor",
        "rare_cancer",
        "far_from_cancer_centre",
    ]


def test_reasons_speak_to_the_reader() -> None:
    """Every reason is a plain sentence addressed to "you"."""
    for rule in default_content().rules:
        assert re.search(r"\byour?\b", rule.reason, re.IGNORECASE), rule.id
        assert rule.reason.endswith("."), rule.id


# -- third opinion ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opinions", "level"),
    [("one", "not_yet"), ("two_agree", "not_needed"), ("two_disagree", "helpful")],
)
def test_third_opinion_follows_the_opinions_so_far(opinions: str, level: str) -> None:
    """One opinion: not yet; two that agree: not needed; two that disagree: helpful."""
    advice = advise({"opinions_so_far": opinions})
    assert advice.third_opinion.level == level
    assert advice.third_opinion.citation.source == "webmd_2009"


def test_with_two_opinions_the_stage_is_third() -> None:
    """The stage is second while there is one opinion, third once there are two."""
    assert advise({}).stage == "second"
    assert advise({"opinions_so_far": "two_agree"}).stage == "third"
    assert advise({"opinions_so_far": "two_disagree"}).stage == "third"


def test_with_two_opinions_the_summary_is_about_the_third() -> None:
    """Once two doctors have spoken, the main message is about a third opinion."""
    content = default_content()
    assert advise({"opinions_so_far": "two_disagree", "rare_cancer": True}).summary == (
        content.level("helpful").summary
    )
    assert advise({"opinions_so_far": "two_agree"}).summary == content.level("not_needed").summary


# -- next steps ---------------------------------------------------------------------------------


def test_with_one_opinion_the_steps_follow_the_path() -> None:
    """With one opinion so far the steps come in the order of the path to another opinion:
    timing, who pays, finding a doctor, records, the visit, comparing the advice; with two,
    going back to the first doctor stays first."""
    content = default_content()
    assert content.options is not None
    order = [p.id for p in content.options.path]
    for answers in ({}, {"care_route": PLAN_ROUTE, "treatment_cannot_wait": True}):
        stages = [s.stage for s in advise(answers).next_steps]
        assert stages == sorted(stages, key=order.index), answers
        assert [p.id for p, _ in content.options.on_path(advise(answers).next_steps)] == order
    assert _step_ids(advise({"opinions_so_far": "two_disagree"}))[0] == "go_back_to_first_doctor"


def test_default_steps_follow_the_article_order() -> None:
    """On a US plan with no special answers, insurance comes first of who pays, and a referral
    before friends and family, as in the article; a visitor not sure where care comes from is
    asked about any cover first. Asking how long it is safe to wait comes before all."""
    advice = advise({"care_route": PLAN_ROUTE})
    assert _step_ids(advice)[0] == "ask_how_long_to_wait"
    assert _step_ids(advice, "pay")[0] == "check_insurance"
    find = _step_ids(advice, "find")
    assert find.index("ask_for_referral") < find.index("ask_friends_and_family")
    advice = advise({})
    assert _step_ids(advice, "pay") == ["check_cover"]
    assert "ask_cost" in _step_ids(advice, "find")
    assert {"gather_records", "ask_how_long_to_wait", "ask_friends_and_family"} <= set(
        _step_ids(advice)
    )


def test_insurer_rule_keeps_the_insurance_call_first() -> None:
    """When the plan asks for a second opinion, calling it stays first of who pays, and a rare
    cancer still puts a cancer center first of finding a doctor."""
    advice = advise({"care_route": PLAN_ROUTE, "insurer_requires": True, "rare_cancer": True})
    assert _step_ids(advice, "pay")[:2] == ["check_insurance", "ask_which_doctors"]
    assert _step_ids(advice, "find")[0] == "cancer_centre"


@pytest.mark.parametrize("criterion", ["rare_cancer", "wants_clinical_trial"])
def test_rare_cancer_or_trial_puts_a_cancer_centre_first(criterion: str) -> None:
    """A rare cancer or wanting a trial puts a specialized cancer center first of finding a
    doctor."""
    assert _step_ids(advise({criterion: True}), "find")[0] == "cancer_centre"


@pytest.mark.parametrize("criterion", ["doubts_about_doctor", "doctor_bothered_by_request"])
def test_doubts_put_other_ways_before_asking_the_same_doctor(criterion: str) -> None:
    """With doubts about the doctor, friends, family and a cancer centre come before a referral."""
    ids = _step_ids(advise({criterion: True}), "find")
    assert ids[:2] == ["ask_friends_and_family", "cancer_centre"]
    assert ids.index("ask_for_referral") > 1


def test_differing_opinions_add_their_steps() -> None:
    """Two differing opinions add going back to the first doctor, and on Original Medicare its
    third opinion."""
    medicare = {"care_route": "us_medicare"}
    assert {"go_back_to_first_doctor", "medicare_third_opinion"} <= set(
        _step_ids(advise({**medicare, "opinions_so_far": "two_disagree"}))
    )
    for opinions in ("one", "two_agree"):
        ids = _step_ids(advise({**medicare, "opinions_so_far": opinions}))
        assert "go_back_to_first_doctor" not in ids
        assert "medicare_third_opinion" not in ids


# -- validate_answers ---------------------------------------------------------------------------


def test_validate_fills_every_default_in_display_order() -> None:
    """Omitted criteria take their defaults; the result lists every criterion in display order."""
    content = default_content()
    answers = validate_answers({"rare_cancer": True})
    assert list(answers) == [c.id for c in content.criteria]
    assert answers["rare_cancer"] is True
    assert answers["opinions_so_far"] == "one"
    assert answers["doubts_about_doctor"] is False


def test_validate_returns_a_fresh_dict() -> None:
    """Changing the returned answers does not change the input or later results."""
    given = {"rare_cancer": True}
    answers = validate_answers(given)
    answers["rare_cancer"] = False
    assert given == {"rare_cancer": True}
    assert validate_answers(given)["rare_cancer"] is True


@pytest.mark.parametrize(
    ("answers", "criterion", "value", "words"),
    [
        ({"very_rare": True}, "very_rare", None, "unknown criterion 'very_rare'"),
        ({"rare_cancer": "yes"}, "rare_cancer", "yes", "not yes or no"),
        ({"rare_cancer": 1}, "rare_cancer", 1, "not yes or no"),
        ({"rare_cancer": None}, "rare_cancer", None, "not yes or no"),
        ({"opinions_so_far": "three"}, "opinions_so_far", "three", "not one of its options"),
        ({"opinions_so_far": True}, "opinions_so_far", True, "not one of its options"),
    ],
    ids=[
        "unknown criterion",
        "string for yes/no",
        "int for yes/no",
        "None",
        "unknown option",
        "bool for choice",
    ],
)
def test_bad_answers_raise_answer_error(
    answers: Answers, criterion: str, value: object, words: str
) -> None:
    """An unknown criterion, a value of the wrong type or an unknown option raises AnswerError."""
    for call in (validate_answers, advise):
        with pytest.raises(AnswerError, match=words) as caught:
            call(answers)
        assert caught.value.criterion == criterion
        assert caught.value.value == value


def test_answer_error_is_a_value_error_and_an_explainer_error() -> None:
    """AnswerError can be caught as ValueError or as ExplainerError."""
    with pytest.raises(ValueError):
        advise({"rare_cancer": "maybe"})
    with pytest.raises(ExplainerError):
        advise({"rare_cancer": "maybe"})


def test_answers_that_are_not_a_mapping_are_refused() -> None:
    """A list of pairs instead of a mapping raises AnswerError."""
    with pytest.raises(AnswerError, match="mapping"):
        validate_answers([("rare_cancer", True)])  # type: ignore[arg-type]  # the point of the test


def test_advise_uses_the_content_it_is_given() -> None:
    """Passing the content explicitly gives the same advice as the packaged default."""
    assert advise({"rare_cancer": True}, default_content()) == advise({"rare_cancer": True})


# -- properties over every combination of answers --------------------------------------------


def test_the_combinations_cover_every_outcome() -> None:
    """Across all answer sets, every second- and third-opinion level occurs."""
    assert len(ALL) == 2 ** (len(default_content().criteria) - 2) * 3
    assert {a.second_opinion.level for a in ALL_ADVICE} == {"essential", "recommended", "optional"}
    assert {a.third_opinion.level for a in ALL_ADVICE} == {"not_yet", "not_needed", "helpful"}


def test_a_route_changes_no_level_or_main_message() -> None:
    """Where the person gets care changes the steps, never the levels or the main message: on
    every route, the same answers give what a US plan's route gives once the health plan's
    question (asked only on the US plan routes) is set aside."""
    content = default_content()
    on_plan = {tuple(a.items()): advice for a, advice in zip(ALL, ALL_ADVICE, strict=True)}
    for route in answer_space.routes(content):
        asks = route in content.criterion("insurer_requires").routes
        for answers in ALL:
            there = advise({**answers, "care_route": route})
            expected = on_plan[
                tuple({**answers, "insurer_requires": answers["insurer_requires"] and asks}.items())
            ]
            assert there.second_opinion == expected.second_opinion, (route, answers)
            assert there.third_opinion == expected.third_opinion, (route, answers)
            assert there.summary == expected.summary, (route, answers)


@pytest.mark.parametrize("criterion", ARTICLE_FIVE)
def test_adding_an_article_situation_never_lowers_the_level(criterion: str) -> None:
    """For every answer set, saying yes to one of the article's five gives essential, never less."""
    for answers, before in zip(ALL, ALL_ADVICE, strict=True):
        after = advise({**answers, criterion: True})
        assert _rank(after) <= _rank(before), answers
        assert after.second_opinion.level == "essential", answers


def test_adding_any_yes_never_lowers_the_level() -> None:
    """For every answer set, turning any no into a yes never weakens the advice."""
    yes_no = [c.id for c in default_content().criteria if c.kind == "yes_no"]
    for answers, before in zip(ALL, ALL_ADVICE, strict=True):
        for cid in yes_no:
            if not answers[cid]:
                assert _rank(advise({**answers, cid: True})) <= _rank(before), (answers, cid)


def test_every_reason_and_step_is_cited() -> None:
    """For every answer set, every reason, step and third-opinion text has a quote and a link."""
    for advice in ALL_ADVICE:
        citations = [
            *(r.citation for r in advice.reasons),
            *(s.citation for s in advice.next_steps),
            advice.third_opinion.citation,
        ]
        for citation in citations:
            assert citation.quote.strip() and citation.url.startswith("http"), citation
        assert advice.next_steps and advice.summary


def test_one_reason_per_answer_that_shaped_the_outcome() -> None:
    """For every answer set, the reasons name each yes answer that a rule looks at, once; with
    two opinions, the one reason is about the next opinion."""
    ruled = {r.when.criterion for r in default_content().rules}
    for answers, advice in zip(ALL, ALL_ADVICE, strict=True):
        named = [r.criterion for r in advice.reasons]
        if advice.stage == "third":
            assert named == ["opinions_so_far"]
        else:
            assert sorted(named) == sorted(c for c in ruled if answers[c] is True)


def test_level_is_optional_exactly_when_there_are_no_reasons() -> None:
    """For every answer set with one opinion, the level is optional exactly when no reason
    applies."""
    for advice in ALL_ADVICE:
        if advice.stage == "second":
            assert (advice.second_opinion.level == "optional") == (advice.reasons == ())


def test_steps_are_never_repeated() -> None:
    """For every answer set, each next step appears once."""
    for advice in ALL_ADVICE:
        ids = _step_ids(advice)
        assert len(ids) == len(set(ids))


def test_advice_is_deterministic_equal_and_hashable() -> None:
    """For every answer set, advising again gives an equal advice with the same hash."""
    for answers, advice in zip(ALL, ALL_ADVICE, strict=True):
        again = advise(dict(reversed(list(answers.items()))))
        assert again == advice
        assert hash(again) == hash(advice)


def test_omitted_answers_equal_their_defaults() -> None:
    """Leaving a criterion out gives the same advice as giving its default."""
    for answers, advice in zip(ALL[::97], ALL_ADVICE[::97], strict=True):
        defaults = {c.id: c.default for c in default_content().criteria}
        trimmed = {k: v for k, v in answers.items() if v != defaults[k]}
        assert advise(trimmed) == advice
