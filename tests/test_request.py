"""Reading the visitor's query string as Voila hands it to a kernel, preheated or not."""

from __future__ import annotations

import json

import pytest
from voila.utils import ENV_VARIABLE

from explainer import request

PREHEATED = {
    "VOILA_PREHEAT": "True",
    "VOILA_KERNEL_ID": "k-1",
    "VOILA_APP_PORT": "9123",
    "VOILA_SERVER_URL": "/",
}


def test_the_variable_names_are_voilas_own() -> None:
    """Every environment variable read here is one Voila sets (voila.utils.ENV_VARIABLE)."""
    names = [v for k, v in vars(request).items() if k.isupper() and isinstance(v, str)]
    assert len(names) == 8 and set(names) <= {str(v) for v in ENV_VARIABLE}


def test_a_kernel_started_for_a_request_reads_it_from_its_environment() -> None:
    """Without preheating, the query string is in the environment already; nothing is asked."""
    asked: list[str] = []
    env = {"VOILA_PREHEAT": "False", "QUERY_STRING": "rare_cancer=yes"}
    assert (
        request.query_string(env, receive=lambda url: asked.append(url) or "{}")
        == "rare_cancer=yes"
    )
    assert asked == []


def test_no_query_string_is_an_empty_one() -> None:
    """A request with no query gives ""."""
    assert request.query_string({}) == ""


def test_a_preheated_kernel_asks_the_server_once_and_keeps_the_details() -> None:
    """A preheated kernel waits on voila/query/<kernel id>; the details land in its environment."""
    asked: list[str] = []
    env = dict(PREHEATED)

    def receive(url: str) -> str:
        asked.append(url)
        return json.dumps({"QUERY_STRING": "view=present", "SERVER_PORT": "9123"})

    assert request.query_string(env, receive=receive) == "view=present"
    assert asked == ["ws://127.0.0.1:9123/voila/query/k-1"]
    assert env["SERVER_PORT"] == "9123"


def test_the_websocket_follows_a_base_url() -> None:
    """Behind a base URL (a hub, a proxy), the websocket is under it, as Voila builds it."""
    env = {**PREHEATED, "VOILA_WS_BASE_URL": "/user/x/", "VOILA_WS_PROTOCOL": "wss"}
    assert request.query_url(env) == "wss://127.0.0.1:9123/user/x/voila/query/k-1"


@pytest.mark.parametrize("failure", [ConnectionRefusedError("refused"), TimeoutError("slow")])
def test_a_server_that_never_answers_gives_the_plain_dashboard(failure, caplog) -> None:
    """No details (refused, timed out) is logged and read as no query, never a broken page."""

    def receive(url: str) -> str:
        raise failure

    assert request.query_string(dict(PREHEATED), receive=receive) == ""
    assert "No request details" in caplog.text


def test_garbled_details_give_the_plain_dashboard(caplog) -> None:
    """A message that is not JSON is logged and read as no query."""
    assert request.query_string(dict(PREHEATED), receive=lambda url: "<html>") == ""
    assert "No request details" in caplog.text


def test_a_real_refused_connection_is_reported_not_raised(caplog) -> None:
    """The real websocket client, pointed at a closed port on 127.0.0.1, falls back calmly."""
    env = {**PREHEATED, "VOILA_APP_PORT": "1"}
    assert request.query_string(env) == ""
    assert "No request details" in caplog.text


def test_only_voilas_pool_kernels_count_as_preheated() -> None:
    """One reading of VOILA_PREHEAT for the kernel (which then waits for its request) and the
    server (which does not count a pool kernel against the cap): only Voila's "True"."""
    assert request.preheated({"VOILA_PREHEAT": "True"})
    for env in ({"VOILA_PREHEAT": "False"}, {}, {"VOILA_PREHEAT": "true"}):
        assert not request.preheated(env)
