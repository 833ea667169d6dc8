"""Invariants of the advice, proved over every distinct set of answers, not examples: each of
the nine routes, and on it every combination of the questions asked (tests/answer_space.py).

A clinical reviewer's checks, each a property of the whole answer space: the advice never
contradicts itself, never tells someone to wait when their treatment cannot, never hides a
drawback, and says who says so.
"""

from __future__ import annotations

import re

import answer_space
import pytest

from explainer import Advice, Answers, advise, default_content
from explainer.render import advice_html

CONTENT = default_content()
#: The article's five situations (tests/test_content.py pins them to the contract's five ids).
ARTICLE_FIVE = tuple(r.when.criterion for r in CONTENT.rules if r.level == "essential")
#: Steps that find or pay for a new doctor: not the advice once two doctors agree.
FIND_A_DOCTOR = (
    "check_insurance",
    "ask_for_referral",
    "ask_friends_and_family",
    "cancer_centre",
    "doctor_directory",
    "records_review",
    "gather_records",
    "send_slides",
    # where you get your care: who to ask, who pays, what to do if the plan says no
    "check_cover",
    "ask_which_doctors",
    "out_of_network_cost",
    "plan_says_no",
    "plan_urgent",
    "outside_review",
    "advantage_rules",
    "medicare_second_opinion",
    "medicare_not_surgery",
    "medicaid_plan",
    "tricare_referral",
    "tricare_cover",
    "va_teleoncology",
    "financial_assistance",
    "financial_navigator",
    "nhs_talk_first",
    "nhs_referral",
    "nhs_moving_care",
    "nhs_back_to_gp",
    "nhs_named_doctor",
)
#: The steps about timing that come first when treatment cannot wait.
TIMING_STEPS = ("ask_about_delay", "keep_booked_care")
#: Words that say a delay is fine, and words that carry the exception for treatment that
#: cannot wait (the same or the next sentence must hold one of these).
DELAY_OK = re.compile(
    r"\b(few weeks|several weeks|there is time|time for a second opinion|not a problem)\b", re.I
)
EXCEPTION = re.compile(r"\b(right away|cannot wait|acute leukemia|must start)\b", re.I)
#: An order in the tool's own voice, or the dropped "never a bad idea".
ORDER = re.compile(
    r"\b(you (absolutely )?need (one|a second|a third|to get)|never a bad idea)\b", re.I
)
#: Who says so: every main message names its speaker.
SPEAKER = re.compile(r"\b(the article|cancer experts|the sources|your doctors? says?)", re.I)


ALL = answer_space.advised()
#: Each different advice once (many answer sets give the same advice): for the checks that look
#: only at the advice itself, such as its drawn panel or its words.
DISTINCT = tuple(dict.fromkeys(advice for _, advice in ALL))


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if s]


def _delay_ok_without_exception(text: str) -> list[str]:
    """The sentences that say a delay is fine with no exception in them or the next sentence
    (a question says nothing is fine: "Is there time for a second opinion?")."""
    sentences = _sentences(text)
    return [
        s
        for i, s in enumerate(sentences)
        if DELAY_OK.search(s)
        and not s.endswith("?")
        and not EXCEPTION.search(" ".join(sentences[i : i + 2]))
    ]


def test_the_space_is_every_combination() -> None:
    """The walk covers every distinct answer set: each route, and on it each yes/no both ways
    and each option of the questions it asks (the health plan's on five of the nine routes)."""
    assert len(ALL) == answer_space.size(CONTENT) == 9 * 2**12 * 3 + 5 * 2**12 * 3
    assert len({tuple(a.items()) for a, _ in ALL}) == len(ALL)
    assert {a["care_route"] for a, _ in ALL} == set(answer_space.routes(CONTENT))


def test_stage_follows_the_number_of_opinions() -> None:
    """Stage second exactly while there is one opinion, third once there are two."""
    for answers, advice in ALL:
        assert advice.stage == ("second" if answers["opinions_so_far"] == "one" else "third")


def test_stage_third_is_about_the_next_opinion_and_never_a_current_second_verdict() -> None:
    """With two opinions, the main message, badge and first reason are about the next opinion,
    and no second-opinion level's words appear anywhere on the panel."""
    second_words = {
        text
        for lv in CONTENT.second_levels
        for text in (lv.label, lv.description, lv.summary, lv.urgent_summary)
    }
    for advice in DISTINCT:
        if advice.stage != "third":
            continue
        third = CONTENT.level(advice.third_opinion.level)
        assert advice.summary in (third.summary, third.urgent_summary), advice
        assert advice.reasons[0].criterion == "opinions_so_far", advice
        html = advice_html(advice, CONTENT.level_words, CONTENT.texts, answers="")
        assert f'<strong class="level-label">{third.label}</strong>' in html.replace("&#x27;", "'")
        assert not [w for w in second_words if w in html.replace("&#x27;", "'")], advice
        assert 'class="third-opinion"' not in html, advice


def test_stage_second_is_about_the_second_opinion() -> None:
    """With one opinion, the main message is the second-opinion level's and no reason speaks of
    the opinions so far."""
    for answers, advice in ALL:
        if advice.stage != "second":
            continue
        level = CONTENT.level(advice.second_opinion.level)
        assert advice.summary in (level.summary, level.urgent_summary), answers
        assert all(r.criterion != "opinions_so_far" for r in advice.reasons), answers


def test_two_that_disagree_make_a_third_helpful_with_the_articles_reason() -> None:
    """Two doctors who disagree: a third opinion could help, and the first reason says why, in
    the article's own words."""
    for answers, advice in ALL:
        if answers["opinions_so_far"] != "two_disagree":
            continue
        assert advice.third_opinion.level == "helpful", answers
        reason = advice.reasons[0]
        assert reason.criterion == "opinions_so_far", answers
        assert reason.citation.source == "webmd_2009" and reason.citation.verbatim, answers
        first = next(s.id for s in advice.next_steps if s.id not in TIMING_STEPS)
        assert first == "go_back_to_first_doctor", answers


def test_two_that_agree_say_why_more_is_not_needed_and_what_to_do_now() -> None:
    """Two doctors who agree: more opinions likely not needed, with the article's reason, and
    the steps are about the agreed plan, not about finding another doctor."""
    for answers, advice in ALL:
        if answers["opinions_so_far"] != "two_agree":
            continue
        assert advice.third_opinion.level == "not_needed", answers
        assert advice.reasons[0].citation.source == "webmd_2009", answers
        ids = [s.id for s in advice.next_steps]
        assert "talk_over_the_plan" in ids[:2], answers
        assert not set(ids) & set(FIND_A_DOCTOR), answers


@pytest.mark.parametrize("criterion", ARTICLE_FIVE)
def test_any_of_the_articles_five_is_essential(criterion: str) -> None:
    """Whatever else is answered, one of the article's five situations gives `essential`."""
    for answers, advice in ALL:
        if answers[criterion]:
            assert advice.second_opinion.level == "essential", answers


def test_treatment_that_cannot_wait_is_never_told_to_wait() -> None:
    """Treatment that cannot wait: at least one caution, the first step about timing, and no
    text of the advice says a delay is fine."""
    urgent = set()
    for answers, advice in ALL:
        if not answers["treatment_cannot_wait"]:
            assert advice.cautions == (), answers
            continue
        assert advice.cautions, answers
        ids = [s.id for s in advice.next_steps]
        assert ids[0] == next(t for t in TIMING_STEPS if t in ids), answers
        urgent.update(advice.texts())
    for text in urgent:
        assert not DELAY_OK.search(text), text


def test_with_one_opinion_the_steps_sit_under_the_path_in_its_order() -> None:
    """With one opinion so far, over every answer set: every step sits under a step of the path,
    in the path's order; the path starts with timing and ends with comparing the advice; when
    treatment cannot wait, its first tasks are asking if a short delay is safe, then keeping
    booked care, before anything about a new doctor."""
    options = CONTENT.options
    assert options is not None
    order = [p.id for p in options.path]
    for answers, advice in ALL:
        if advice.stage != "second":
            continue
        stages = [s.stage for s in advice.next_steps]
        assert stages == sorted(stages, key=order.index), answers
        groups = options.on_path(advice.next_steps)
        assert sum(len(under) for _, under in groups) == len(advice.next_steps), answers
        assert (groups[0][0].id, groups[-1][0].id) == ("timing", "decide"), answers
        if answers["treatment_cannot_wait"]:
            assert tuple(s.id for s in groups[0][1][:2]) == TIMING_STEPS, answers


def test_every_delay_is_fine_carries_its_exception() -> None:
    """Wherever a text says a delay is usually fine, the same or next sentence says some
    treatment cannot wait: in every advice, its citations, and every text in the content."""
    texts = {t for advice in DISTINCT for t in advice.texts()}
    texts |= {c.quote for c in CONTENT.citations()}
    texts |= {q.text for q in CONTENT.questions}
    texts |= {c.help for c in CONTENT.criteria}
    for text in texts:
        assert not _delay_ok_without_exception(text), text
    assert any(DELAY_OK.search(t) for t in texts)  # the check has something to check


def test_each_levels_words_are_true_of_every_rule_that_gives_it() -> None:
    """A level speaks for the sources of every rule at that level: "the article" for the
    article's rules, "cancer experts" for current guidance; `optional` for no rule at all."""
    for rule in CONTENT.rules:
        level = CONTENT.level(rule.level)
        assert rule.citation.source in level.speaks_for, rule.id
        who = "article" if rule.citation.source == "webmd_2009" else "experts"
        for text in (level.label, level.description, level.summary):
            assert who in text.lower(), (rule.id, text)
    assert not CONTENT.level("optional").speaks_for


def test_each_levels_words_are_true_of_the_reasons_in_every_advice() -> None:
    """In every advice with one opinion, a reason at the advice's level cites a source the level
    speaks for, and `optional` comes with no reason; with two, the only reason is the next
    opinion's."""
    source_of = {r.reason: r.citation.source for r in CONTENT.rules}
    for answers, advice in ALL:
        if advice.stage == "third":
            assert [r.criterion for r in advice.reasons] == ["opinions_so_far"], answers
            continue
        level = CONTENT.level(advice.second_opinion.level)
        sources = [source_of[r.text] for r in advice.reasons if r.text in source_of]
        if advice.second_opinion.level == "optional":
            assert not sources, answers
        else:
            assert any(s in level.speaks_for for s in sources), answers


def test_drawbacks_are_always_shown_beside_the_good_points_in_equal_detail() -> None:
    """At every level and stage, at least three drawbacks, as many as good points, each one
    sentence, cited, and none answered by a rebuttal."""
    for _, advice in ALL:
        assert len(advice.drawbacks) >= 3, advice.second_opinion.level
        assert len(advice.drawbacks) == len(advice.good_points)
    sample = ALL[0][1]
    for point in (*sample.good_points, *sample.drawbacks):
        assert len(_sentences(point.text)) == 1 and point.citations, point.id
    for point in sample.drawbacks:
        assert not re.search(r"\b(but|most often|usually|you can|then)\b", point.text, re.I), (
            point.id
        )


def test_no_text_gives_an_order_in_the_tools_own_voice() -> None:
    """No advice text says "you need one" or "never a bad idea"; every main message says who
    says so."""
    for text in {t for advice in DISTINCT for t in advice.texts()}:
        assert not ORDER.search(text), text
    for summary in {advice.summary for advice in DISTINCT}:
        assert SPEAKER.search(summary), summary


def test_everyone_gets_the_asking_words_and_their_routes_helplines() -> None:
    """Every advice holds the article's answer to "is it rude to ask?" and words to use; the US
    routes get the NCI and ACS lines, the NHS Macmillan's, a visitor not sure of theirs all three,
    and another country none (our notes have no line for one)."""
    for answers, advice in ALL:
        joined = " ".join(p.text for p in advice.asking)
        assert "not rude" in joined and "You could say" in joined
        lines = " ".join(p.text for p in advice.helplines)
        route = answers["care_route"]
        us = route.startswith("us_") or route == "not_sure"
        uk = route in ("uk_nhs", "not_sure")
        assert ("1-800-4-CANCER" in lines and "1-800-227-2345" in lines) == us, answers
        assert ("0808 808 00 00" in lines) == uk, answers


def test_every_shown_text_is_cited() -> None:
    """Every caution, reason, step and point in every advice cites a passage with a link."""
    for _, advice in ALL:
        citations = [
            *(c.citation for c in (*advice.cautions, *advice.reasons, *advice.next_steps)),
            *(c for p in (*advice.good_points, *advice.drawbacks) for c in p.citations),
        ]
        assert all(c.quote and c.url.startswith("http") for c in citations)


def _advice(answers: Answers) -> Advice:
    return advise(answers, CONTENT)


def test_the_checks_can_fail() -> None:
    """The delay check finds a delay said to be fine with no exception, and the order check an
    order: the properties above are not vacuous."""
    assert _delay_ok_without_exception("A few weeks is not a problem. Talk to your doctor.")
    assert not _delay_ok_without_exception("A few weeks is fine. But some cannot wait.")
    assert not _delay_ok_without_exception("Is there time for a second opinion?")
    assert ORDER.search("You need a second opinion before treatment.")
    assert _advice({"treatment_cannot_wait": True}).cautions


def test_the_summary_box_agrees_with_the_advice_at_every_combination() -> None:
    """Over every answer set: three or four key points, each cited; the first is the main
    message's own level in one sentence (its words for when treatment cannot wait exactly when
    the advice has cautions); when treatment cannot wait (and no two doctors agree) the second
    is about keeping booked care, else the first step; the choice and the current plan only
    with one opinion so far; and no key point says a delay is usually fine without saying, in
    the same point, that some treatment cannot wait (and never when it cannot)."""
    options = CONTENT.options
    for answers, advice in ALL:
        points = advice.key_points
        assert 3 <= len(points) <= 4, answers
        assert all(c.quote and c.url.startswith("http") for p in points for c in p.citations)
        shown = (
            advice.second_opinion.level if advice.stage == "second" else advice.third_opinion.level
        )
        level = CONTENT.level(shown)
        urgent = bool(advice.cautions)
        assert points[0].text == (level.urgent_key_point if urgent else level.key_point), answers
        if urgent and answers["opinions_so_far"] != "two_agree":
            assert points[1] == options.urgent_point, answers
        else:
            assert points[1].text == advice.next_steps[0].text, answers
        one_opinion = answers["opinions_so_far"] == "one"
        assert (options.choice_point in points) == one_opinion, answers
        assert (options.current_plan_point in points) == one_opinion, answers
        for point in points:
            if DELAY_OK.search(point.text):
                assert not urgent and EXCEPTION.search(point.text), (answers, point.text)


def test_the_current_plan_is_weighed_in_equal_detail() -> None:
    """Going ahead with the current plan has as many drawbacks as good points, each cited."""
    options = CONTENT.options
    assert len(options.current_good) == len(options.current_drawbacks) >= 3
    for point in (*options.current_good, *options.current_drawbacks, options.current_involves):
        assert point.citations and all(c.url.startswith("http") for c in point.citations)
