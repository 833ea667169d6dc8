"""Links that carry answers: parsed safely, built from the current answers."""

from __future__ import annotations

import pytest

from explainer import default_content, validate_answers
from explainer.links import MAX_QUERY_LENGTH, build_query, link_language, parse_query, story_query


@pytest.fixture(scope="module")
def content():
    return default_content()


def test_a_link_sets_the_answers_it_names(content) -> None:
    """`yes`/`no` set yes/no criteria; an option id sets a choice."""
    link = parse_query(
        "rare_cancer=yes&opinions_so_far=two_disagree&doubts_about_doctor=no", content
    )
    assert link.answers_dict() == {
        "rare_cancer": True,
        "opinions_so_far": "two_disagree",
        "doubts_about_doctor": False,
    }
    assert link.ignored == 0


@pytest.mark.parametrize(
    "query",
    [
        "rare_cancer=maybe",
        "not_a_criterion=yes",
        "opinions_so_far=three",
        "rare_cancer=<script>alert(1)</script>",
        "%ZZ=%%%",
        "opinions_so_far=",
    ],
)
def test_unknown_or_malformed_parameters_are_ignored_and_counted(content, query: str) -> None:
    """Nothing unusable reaches the answers; the page learns how many were dropped."""
    link = parse_query(query, content)
    assert link.answers == ()
    assert link.ignored >= 1


def test_a_repeated_parameter_keeps_the_first_value(content) -> None:
    """`rare_cancer=yes&rare_cancer=no` keeps yes and counts the second as ignored."""
    link = parse_query("rare_cancer=yes&rare_cancer=no", content)
    assert link.answers_dict() == {"rare_cancer": True}
    assert link.ignored == 1


def test_an_oversized_query_is_not_parsed(content) -> None:
    """A query longer than the limit gives no answers, calmly."""
    link = parse_query("rare_cancer=yes&" + "x" * MAX_QUERY_LENGTH, content)
    assert link.answers == () and link.ignored == 1


def test_the_view_parameter_is_read_separately(content) -> None:
    """`view=present` chooses the presenter view; an unknown view is ignored."""
    assert parse_query("view=present&rare_cancer=yes", content).view == "present"
    odd = parse_query("view=admin", content)
    assert odd.view is None and odd.ignored == 1


def test_build_then_parse_gives_the_same_answers(content) -> None:
    """A link built from every scenario's answers reads back to the same full answer set."""
    for scenario in content.scenarios:
        answers = validate_answers(scenario.answers_dict(), content)
        query = build_query(answers, content)
        assert validate_answers(parse_query(query, content).answers_dict(), content) == answers


def test_a_link_names_only_answers_that_differ_from_the_defaults(content) -> None:
    """The default answers give an empty query."""
    assert build_query(validate_answers({}, content), content) == ""
    assert build_query({"rare_cancer": True}, content) == "rare_cancer=yes"


def test_the_presenter_link_names_a_story(content) -> None:
    """`view=present&story=<id>` opens the presenter at that story; a story for another view, or
    one that does not exist, is ignored and counted."""
    story = content.scenarios[3].id
    link = parse_query(story_query(story), content)
    assert (link.view, link.story, link.ignored) == ("present", story, 0)
    for query in (f"story={story}", f"view=handout&story={story}", "view=present&story=nobody"):
        odd = parse_query(query, content)
        assert odd.story is None and odd.ignored == 1, query


@pytest.mark.parametrize(
    "query",
    [
        "lang=es",
        "rare_cancer=yes&lang=es",
        "lang=fr&lang=es",
        "lang=es&lang=en",
        "lang=ES",
        "lang=%ff",
        "lang=es&" + "a=1&" * 100,
        "lang=es&x=" + "y" * 2000,
        "",
    ],
)
def test_the_server_reads_a_link_s_language_as_the_kernel_does(query: str) -> None:
    """The busy page (server/kernels.py) and the dashboard agree on every link's language."""
    assert link_language(query) == parse_query(query, default_content()).language
