"""The e2e tests' machinery: watch a browser context, and drive the dashboard through the one
class that knows its selectors. The server and the browser settings come from :mod:`harness.real`
(shared with the benchmarks) and are re-exported here for the tests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Request

from explainer import Answers, Content, Criterion, advise
from harness.real import (
    CHANGE_TIMEOUT_MS,
    CHROMIUM,
    CHROMIUM_ARGS,
    HOST,
    PAGE_TIMEOUT_MS,
    ROOT,
    DroppableNetwork,
    Server,
    start_server,
    stop_server,
)

__all__ = [
    "CHANGE_TIMEOUT_MS",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "HOST",
    "PAGE_TIMEOUT_MS",
    "ROOT",
    "Dashboard",
    "DroppableNetwork",
    "Server",
    "Watch",
    "start_server",
    "stop_server",
    "watched_context",
]


@dataclass
class Watch:
    """What a page did that a test must not allow: console errors and requests to other hosts."""

    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def check(self) -> None:
        assert not self.foreign_requests, f"requests to other hosts: {self.foreign_requests}"
        assert not self.console_errors, f"console errors: {self.console_errors}"


def watched_context(browser: Browser, watch: Watch) -> BrowserContext:
    """A browser context that records requests to any host but 127.0.0.1, and console errors.

    The browser itself blocks other hosts (BLOCK_OTHER_HOSTS). Playwright's own request routing
    is not used: with any route in place, Chromium drops the kernel-shutdown beacon a page sends
    as it navigates away, which is the very thing test_kernels.py checks.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(PAGE_TIMEOUT_MS)

    def observe(request: Request) -> None:
        if urlsplit(request.url).hostname not in (HOST, None):
            watch.foreign_requests.append(request.url)

    context.on("request", observe)
    context.on("console", lambda m: m.type == "error" and watch.console_errors.append(m.text))
    context.on("weberror", lambda e: watch.console_errors.append(str(e.error)))
    return context


# -- The dashboard -------------------------------------------------------------------------------


class Dashboard:
    """The only place that knows the dashboard's selectors and how its controls are operated."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def open(self, url: str) -> Dashboard:
        self.page.goto(url)
        self.advice.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
        return self

    # Selectors (the contract with explainer/dashboard.py) ---------------------------------------

    @property
    def advice(self) -> Locator:
        return self.page.locator(".advice-region .advice[data-level]")

    def criterion(self, criterion_id: str) -> Locator:
        return self.page.locator(f".criterion-{criterion_id}")

    def yes_no_input(self, criterion_id: str) -> Locator:
        return self.criterion(criterion_id).locator("input[type=checkbox]")

    def load_button(self, scenario_id: str) -> Locator:
        return self.page.locator(f".load-scenario-{scenario_id}")

    @property
    def start_over_button(self) -> Locator:
        return self.page.locator(".start-over")

    def nav_button(self, label: str) -> Locator:
        return self.page.locator(".explainer-nav").get_by_role("button", name=label, exact=True)

    # Reading ------------------------------------------------------------------------------------

    def level(self) -> str | None:
        return self.advice.get_attribute("data-level")

    def third_opinion(self) -> str | None:
        return self.advice.get_attribute("data-third-opinion")

    def answer(self, criterion: Criterion) -> object:
        """The control's current value, as the content's answer (a bool or an option id)."""
        if criterion.kind == "yes_no":
            return self.yes_no_input(criterion.id).is_checked()
        for option in criterion.options:
            radio = self.criterion(criterion.id).get_by_label(option.label, exact=True)
            if radio.is_checked():
                return option.id
        return None

    def wait_for_level(self, level: str) -> None:
        self.page.locator(f".advice-region .advice[data-level={level}]").wait_for(
            timeout=CHANGE_TIMEOUT_MS
        )

    def wait_for_advice(self, level: str, third: str) -> None:
        self.page.locator(
            f'.advice-region .advice[data-level="{level}"][data-third-opinion="{third}"]'
        ).wait_for(timeout=CHANGE_TIMEOUT_MS)

    # Acting -------------------------------------------------------------------------------------

    def set_yes_no(self, criterion_id: str, value: bool) -> None:
        self.yes_no_input(criterion_id).set_checked(value)

    def choose(self, criterion: Criterion, option_id: str) -> None:
        label = next(o.label for o in criterion.options if o.id == option_id)
        self.criterion(criterion.id).get_by_label(label, exact=True).check()

    def load_scenario(self, scenario_id: str, stories_label: str) -> None:
        button = self.load_button(scenario_id)
        if not button.is_visible():
            self.nav_button(stories_label).click()
        button.click()

    def tab_to(self, selector: str, limit: int = 120) -> None:
        """Press Tab until the focused element is inside `selector` (keyboard only)."""
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            if self.page.evaluate(
                "s => !!(document.activeElement && document.activeElement.closest(s))", selector
            ):
                return
        pytest.fail(f"{selector} not reached with {limit} presses of Tab")

    def tour(self, content: Content, url: str) -> None:
        """Use every kind of control and open every view once, so that the page has fetched all
        the code it ever uses (tests/e2e/test_phone_load.py)."""
        self.open(url)
        answers: Answers = {}
        for criterion in content.criteria:
            if criterion.kind == "yes_no":
                self.set_yes_no(criterion.id, True)
                answers[criterion.id] = True
            else:
                # The first other choice: for where care comes from, a US plan, which asks every
                # question that follows (a hidden control could not be used).
                option = next(o for o in criterion.options if o.id != criterion.default)
                self.criterion(criterion.id).get_by_label(option.label, exact=True).check()
                answers[criterion.id] = option.id
        expected = advise(answers, content)
        self.wait_for_advice(expected.second_opinion.level, expected.third_opinion.level)
        # One view at a time: each click goes through the kernel, so wait until it is shown.
        for view, shown in (
            ("stories", ".stories"),
            ("sources", ".sources-view"),
            ("check", ".self-check"),
        ):
            self.nav_button(content.texts[f"nav_{view}"]).click()
            self.page.locator(shown).first.wait_for(state="visible", timeout=CHANGE_TIMEOUT_MS)
        story = content.scenarios[0]
        self.load_scenario(story.id, content.texts["nav_stories"])
        self.wait_for_advice(story.expected_second, story.expected_third)
        self.start_over_button.click()
        for view in ("present", "handout"):
            self.page.goto(f"{url}?view={view}")
            self.page.wait_for_load_state("networkidle")

    def kernel_id(self) -> str:
        config = self.page.locator("#jupyter-config-data").text_content() or "{}"
        return str(json.loads(config)["kernelId"])
