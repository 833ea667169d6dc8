"""The value types: frozen, hashable, and look-ups that fail loudly on unknown ids."""

from __future__ import annotations

import dataclasses

import pytest

from explainer import AnswerError, Citation, default_content
from explainer.errors import ContentError, ExplainerError


def test_scenario_answers_dict_is_fresh() -> None:
    """Changing the dict a scenario returns does not change the scenario."""
    scenario = default_content().scenario("amara_sarcoma")
    answers = scenario.answers_dict()
    answers["rare_cancer"] = False
    assert scenario.answers_dict()["rare_cancer"] is True


def test_content_is_frozen_and_hashable() -> None:
    """Content cannot be changed in place, and equal content hashes equally."""
    content = default_content()
    with pytest.raises(dataclasses.FrozenInstanceError):
        content.criteria = ()  # type: ignore[misc]  # the point of the test
    assert hash(content) == hash(dataclasses.replace(content))


def test_unknown_criterion_raises_answer_error() -> None:
    """Looking up an unknown criterion raises AnswerError naming it."""
    with pytest.raises(AnswerError, match="unknown criterion 'nope'") as caught:
        default_content().criterion("nope")
    assert caught.value.criterion == "nope"


@pytest.mark.parametrize("lookup", ["source", "scenario", "level"])
def test_other_unknown_ids_raise_key_error(lookup: str) -> None:
    """Looking up an unknown source, scenario or level raises KeyError."""
    with pytest.raises(KeyError):
        getattr(default_content(), lookup)("nope")


def test_source_passage_lookup() -> None:
    """A source finds its passages by id and refuses unknown ones."""
    source = default_content().source("webmd_2009")
    assert source.passage("rare").verbatim
    with pytest.raises(KeyError):
        source.passage("nope")


def test_citations_default_to_not_verbatim() -> None:
    """A citation built without saying so is a summary, never shown as a quotation."""
    assert Citation("x", "words", "https://example.org").verbatim is False


def test_content_error_carries_file_item_and_field() -> None:
    """ContentError keeps the file, item and field it was given."""
    error = ContentError("msg", file="data/x.yaml", item="a", field="b")
    assert (error.file, error.item, error.field, str(error)) == ("data/x.yaml", "a", "b", "msg")
    assert isinstance(error, ExplainerError)


def test_answer_error_carries_criterion_and_value() -> None:
    """AnswerError keeps the criterion and the value, and is a ValueError."""
    error = AnswerError("msg", criterion="rare_cancer", value="maybe")
    assert (error.criterion, error.value) == ("rare_cancer", "maybe")
    assert isinstance(error, ValueError) and isinstance(error, ExplainerError)
