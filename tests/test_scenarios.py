"""The worked stories and their tables' rows: expected outcomes, coverage, single-answer flips."""

from __future__ import annotations

import pytest

from explainer import AnswerError, Flip, Scenario, advise, default_content, flips, scenario_table
from explainer.model import Advice
from explainer.scenarios import COLUMNS, _flip_words, changes_if, key_answers, scenario_records

SCENARIOS = default_content().scenarios


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_every_scenario_gets_its_expected_outcome(scenario: Scenario) -> None:
    """Each story's answers give the second- and third-opinion levels it expects."""
    advice = advise(scenario.answers_dict())
    got = (advice.second_opinion.level, advice.third_opinion.level)
    assert got == (scenario.expected_second, scenario.expected_third), scenario.id


def test_scenarios_cover_every_outcome() -> None:
    """There are at least 10 stories, covering every second- and third-opinion level."""
    assert len(SCENARIOS) >= 10
    assert {s.expected_second for s in SCENARIOS} == {"essential", "recommended", "optional"}
    assert {s.expected_third for s in SCENARIOS} == {"not_yet", "not_needed", "helpful"}


def test_scenarios_vary_people_and_cancers() -> None:
    """The stories have different names and cancers and a wide range of ages."""
    assert len({s.name for s in SCENARIOS}) == len(SCENARIOS)
    assert len({s.cancer for s in SCENARIOS}) >= 8
    ages = [s.age for s in SCENARIOS]
    assert min(ages) < 30 and max(ages) > 70


def test_stories_are_two_or_three_sentences() -> None:
    """Each story is two or three sentences, for reading aloud in a group."""
    for s in SCENARIOS:
        sentences = [x for x in s.story.replace("?", ".").split(". ") if x.strip()]
        assert 2 <= len(sentences) <= 3, s.id


def test_paired_stories_differ_in_one_answer_and_in_outcome() -> None:
    """A pair of stories differs in exactly one answer and gets different outcomes."""
    content = default_content()
    pairs = [(s, content.scenario(s.pair)) for s in SCENARIOS if s.pair]
    assert pairs
    for a, b in pairs:
        assert b.pair == a.id
        full_a = {c.id: a.answers_dict().get(c.id, c.default) for c in content.criteria}
        full_b = {c.id: b.answers_dict().get(c.id, c.default) for c in content.criteria}
        assert len([k for k in full_a if full_a[k] != full_b[k]]) == 1, (a.id, b.id)
        assert (a.expected_second, a.expected_third) != (b.expected_second, b.expected_third)


# -- the table ----------------------------------------------------------------------------------


def test_table_has_one_row_per_scenario_with_computed_levels() -> None:
    """The table lists every story in order, with the levels advise() computes."""
    table = scenario_table()
    assert list(table.columns) == list(COLUMNS)
    assert list(table["id"]) == [s.id for s in SCENARIOS]
    for row, s in zip(table.itertuples(), SCENARIOS, strict=True):
        advice = advise(s.answers_dict())
        assert (row.second_opinion, row.third_opinion) == (
            advice.second_opinion.level,
            advice.third_opinion.level,
        )
        assert (row.title, row.name, row.age, row.cancer) == (s.title, s.name, s.age, s.cancer)


def test_a_row_has_a_third_opinion_level_exactly_when_the_story_has_two_opinions() -> None:
    """The stories tables put a row among the third-opinion stories by its ``third_opinion``: a
    level other than "not yet" comes exactly with two opinions (stage third), whose level the
    row names; with one opinion the row's ``second_opinion`` is the level its table names."""
    for row, s in zip(scenario_records(), SCENARIOS, strict=True):
        advice = advise(s.answers_dict())
        assert (row["third_opinion"] != "not_yet") == (advice.stage == "third"), s.id
        assert (
            _shown(advice)[1]
            == row["third_opinion" if advice.stage == "third" else "second_opinion"]
        ), s.id


def test_the_table_names_where_a_story_gets_care_only_when_the_story_says() -> None:
    """A story's route is in its record unless it is the default ("not sure"), which out of
    its question would read as the person being unsure."""
    content = default_content()
    route = content.criterion("care_route")
    for row, s in zip(scenario_table().itertuples(), SCENARIOS, strict=True):
        given = dict(s.answers).get("care_route", route.default)
        words = next(o.label for o in route.options if o.id == given)
        assert row.care_route == ("" if given == route.default else words), s.id


def test_key_answers_name_the_yes_answers_and_the_choice() -> None:
    """Key answers list the labels of yes answers and the chosen option, in question order."""
    content = default_content()
    items = key_answers({"rare_cancer": True, "opinions_so_far": "two_agree"})
    assert items == (
        content.criterion("rare_cancer").label,
        content.criterion("opinions_so_far").options[1].label,
    )
    assert key_answers({}) == ()


@pytest.mark.parametrize(
    ("story", "criterion", "value", "template", "level", "what"),
    [
        # A box unchecked: the box's label, not "label: No".
        (
            "frank_bothered",
            "doctor_bothered_by_request",
            None,
            "change_to_no",
            "optional",
            "second",
        ),
        # A box checked, never worded like an option picked.
        ("mei_stomach", "doubts_about_doctor", None, "change_to_yes", "essential", "second"),
        # An option picked: the option's label.
        ("linda_breast", "opinions_so_far", "two_disagree", "change", "helpful", "third"),
    ],
)
def test_changes_if_names_the_flipping_answer_and_the_new_level(
    story: str, criterion: str, value: str | None, template: str, level: str, what: str
) -> None:
    """The table says in one short phrase which single answer changes a story's outcome, and
    to what: "Uncheck", "Check" or "Pick" (each its own template), the answer as the form words
    it, then the new level; no arrow."""
    content = default_content()
    words = content.words
    found = content.criterion(criterion)
    label = found.label if value is None else next(o.label for o in found.options if o.id == value)
    new_level = content.level(level).label
    phrases = changes_if(content.scenario(story).answers_dict())
    said = getattr(words, template).format(answer=label, level=new_level, what=getattr(words, what))
    assert phrases == (said,)
    assert f"“{label}”" in said and new_level in said and "→" not in said
    assert len({words.change, words.change_to_yes, words.change_to_no}) == 3


def test_a_change_of_a_choice_names_the_option_and_the_third_opinions_level() -> None:
    """With two opinions the change names the other answer to the opinions question, as its
    option is worded, and the third opinion's new level."""
    content = default_content()
    sentences = changes_if(content.scenario("james_prostate").answers_dict())
    agree = next(o for o in content.criterion("opinions_so_far").options if o.id == "two_agree")
    expected = content.words.change.format(
        answer=agree.label, level=content.level("not_needed").label, what=content.words.third
    )
    assert sentences == (expected,)


def _shown(advice: Advice) -> tuple[str, str]:
    """The stage and the level a story's table names: in its heading (a second-opinion level),
    or, in the table of stories with two opinions, in "About a third opinion"."""
    third = advice.stage == "third"
    return (advice.stage, advice.third_opinion.level if third else advice.second_opinion.level)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_every_named_change_changes_what_the_table_says(scenario: Scenario) -> None:
    """ "One answer that changes the advice" promises an answer that changes the outcome: each
    one named keeps the story's stage (the same opinion as its table names) and gives it another
    level, one that puts the story under another heading or "About a third opinion"."""
    content = default_content()
    answers = scenario.answers_dict()
    sentences = changes_if(answers)
    named = [f for f in flips(answers) if _flip_words(f, content) in sentences]
    assert len(named) == len(sentences), scenario.id
    base = _shown(advise(answers))
    for flip in named:
        other = _shown(advise({**answers, flip.criterion: flip.value}))
        assert other[0] == base[0] and other[1] != base[1], (scenario.id, flip)


def test_nadia_is_told_an_answer_that_changes_her_level_and_amara_none() -> None:
    """Nadia (treatment cannot wait) gets an answer that changes her level, not one that only
    drops the urgency; Amara's two reasons each hold her second-opinion level, and the change
    to her third opinion is not offered for her second."""
    content = default_content()
    nadia = changes_if(content.scenario("nadia_urgent").answers_dict())
    assert nadia and all(content.level("recommended").label not in s for s in nadia)
    assert changes_if(content.scenario("amara_sarcoma").answers_dict()) == ()


# -- flips --------------------------------------------------------------------------------------


def test_a_single_answer_flips_the_pair() -> None:
    """Saying no to "doctor seemed bothered" takes Frank's story from essential to optional."""
    content = default_content()
    answers = content.scenario("frank_bothered").answers_dict()
    summary = content.level("optional").summary
    flip = Flip("doctor_bothered_by_request", False, "optional", "not_yet", "second", summary)
    assert flip in flips(answers)


def test_flips_list_exactly_the_changes_that_change_the_outcome() -> None:
    """Every listed flip changes a level or the main message; every unlisted change neither.
    Where the person gets care is the story's setting, never a flip (a route changes only the
    steps, or drops the health plan's question: tests/test_advice.py)."""
    content = default_content()
    for s in SCENARIOS:
        full = {c.id: s.answers_dict().get(c.id, c.default) for c in content.criteria}
        base = advise(full)
        listed = {(f.criterion, f.value): f for f in flips(full)}
        assert all(criterion != "care_route" for criterion, _ in listed), s.id
        for c in content.criteria:
            if c.id == "care_route":
                continue
            for value in (False, True) if c.kind == "yes_no" else [o.id for o in c.options]:
                if value == full[c.id]:
                    continue
                other = advise({**full, c.id: value})
                outcome = (other.second_opinion.level, other.third_opinion.level, other.summary)
                changed = outcome != (
                    base.second_opinion.level,
                    base.third_opinion.level,
                    base.summary,
                )
                assert ((c.id, value) in listed) == changed, (s.id, c.id, value)
                if changed:
                    f = listed[(c.id, value)]
                    assert (f.second_level, f.third_level, f.summary) == outcome
                    assert f.stage == other.stage


def test_no_flip_when_another_reason_holds_the_level() -> None:
    """With two essential reasons, dropping one of them is not a flip."""
    found = flips({"rare_cancer": True, "doctor_lacks_experience": True})
    assert not any(f.criterion in ("rare_cancer", "doctor_lacks_experience") for f in found)


def test_flips_refuse_bad_answers() -> None:
    """Flips of an invalid answer set raise AnswerError, like advise()."""
    with pytest.raises(AnswerError):
        flips({"rare_cancer": "yes"})
