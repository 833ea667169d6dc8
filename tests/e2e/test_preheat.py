"""Preheated kernels, as `make serve` runs them (server/config/voila.py): a visitor gets a kernel
that has already run the notebook, and the link's answers still reach it.
"""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator
from html import escape

import pytest
from voila_harness import Server, start_server, stop_server

from explainer import advise


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server of its own, its pool of two there from the start: on the session's server, the
    visitors of the tests just before may have taken them (each is replaced 10 s after it was
    taken, server/warm.py), and this module's first visitors would start kernels of their own."""
    log = tmp_path_factory.mktemp("preheat") / "voila.log"
    running, proc = start_server(log)
    yield running
    stop_server(running, proc)


def preheated(server, kernel_id: str) -> bool:
    return f"Using pre-heated kernel: {kernel_id}" in server.log_text()


def test_a_visitor_gets_a_preheated_kernel(dashboard, server, content):
    """The page's kernel comes from the pool and shows the default advice."""
    assert preheated(server, dashboard.kernel_id())
    assert dashboard.level() == advise({}, content).second_opinion.level


def test_a_link_with_answers_prefills_a_preheated_kernel(open_dashboard, server, content):
    """?rare_cancer=yes reaches a kernel that was started before the request."""
    page = open_dashboard("?rare_cancer=yes")
    page.wait_for_level(advise({"rare_cancer": True}, content).second_opinion.level)
    assert preheated(server, page.kernel_id())
    assert page.yes_no_input("rare_cancer").is_checked()


def test_visitors_one_after_another_get_their_own_links(browser, server, content):
    """Each preheated kernel reads its own visitor's link, not the one before."""
    from voila_harness import Dashboard, Watch, watched_context

    for query, answers in (("?rare_cancer=yes", {"rare_cancer": True}), ("", {})):
        watch = Watch()
        context = watched_context(browser, watch)
        try:
            page = Dashboard(context.new_page()).open(server.url + query)
            page.wait_for_level(advise(answers, content).second_opinion.level)
        finally:
            context.close()
        watch.check()


def test_the_page_carries_the_main_message_before_the_kernel(server, content):
    """The HTML itself has the heading and the default main message (the first paint)."""
    with urllib.request.urlopen(server.url, timeout=30) as response:
        html = response.read().decode("utf-8")
    preview = re.search(r'<div class="explainer-preview".*?</div></div>', html, re.S)
    assert preview, "no first paint in the page"
    assert escape(advise({}, content).summary) in preview.group(0)
    assert content.texts["title"] in preview.group(0)
    assert "<script>" not in html  # still no inline script
