"""The e2e tests' machinery: start and stop a real Voila server through server/launch.py, watch
a browser context, and drive the dashboard through the one class that knows its selectors.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psutil
import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Request

from explainer import Answers, Content, Criterion, advise

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = ROOT / "server" / "launch.py"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Block every other host inside the browser: no name resolves except 127.0.0.1.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
HOST = "127.0.0.1"
#: A webpack chunk as the page asks for it (a path under /voila/, captured): Voila's own static
#: files or a lab extension's; the entry scripts (voila.js, remoteEntry.*.js) do not match.
CHUNK = re.compile(
    r"^/voila/((?:static/\d+\.voila\.js)|(?:labextensions/.+/static/\d+\.[0-9a-f]+\.js))$"
)
START_TIMEOUT_S = 60
PAGE_TIMEOUT_MS = 60_000
CHANGE_TIMEOUT_MS = 10_000


# -- The server ----------------------------------------------------------------------------------


@dataclass
class Server:
    """A running Voila server: its address, process id and log file."""

    url: str
    pid: int
    log: Path

    def kernel_pids(self) -> dict[str, int]:
        """Kernel id -> pid of every kernel process the server runs now."""
        kernels: dict[str, int] = {}
        for child in psutil.Process(self.pid).children(recursive=True):
            try:
                if child.status() == psutil.STATUS_ZOMBIE:
                    continue
                for arg in child.cmdline():
                    name = Path(arg).name
                    if name.startswith("kernel-") and name.endswith(".json"):
                        kernels[name[len("kernel-") : -len(".json")]] = child.pid
            except psutil.NoSuchProcess:
                continue
        return kernels

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_server(
    log: Path,
    extra: list[str] | None = None,
    notebook: Path | None = None,
    options: list[str] | None = None,
    port: int | None = None,
) -> tuple[Server, subprocess.Popen[bytes]]:
    """Start Voila through the launcher on `port` (default: a free one) and wait until it answers.

    `options` go to the launcher (e.g. `--max-sessions=4`), `extra` to Voila itself.
    """
    port = port or free_port()
    cmd = [sys.executable, str(LAUNCHER), f"--port={port}", *(options or [])]
    if notebook:
        cmd.append(f"--notebook={notebook}")
    if extra:
        cmd += ["--", *extra]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    server = Server(url=f"http://{HOST}:{port}/", pid=proc.pid, log=log)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"Voila exited with {proc.returncode}:\n{server.log_text()}")
        try:
            # A static file answers without starting a kernel.
            with urllib.request.urlopen(server.url + "voila/static/voila.js", timeout=2):
                return server, proc
        except OSError:
            time.sleep(0.3)
    stop_server(server, proc)
    pytest.fail(f"Voila did not answer within {START_TIMEOUT_S} s:\n{server.log_text()}")


def stop_server(server: Server, proc: subprocess.Popen[bytes]) -> None:
    """Stop the server by its pid; end any kernel it leaves behind, by pid."""
    kernels = list(server.kernel_pids().values()) if proc.poll() is None else []
    if proc.poll() is None:
        os.kill(server.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(server.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    for pid in kernels:
        if psutil.pid_exists(pid):
            os.kill(pid, signal.SIGKILL)


class DroppableNetwork:
    """A TCP relay on 127.0.0.1 in front of the server whose connections can be dropped, as a
    phone's network drops them: `drop()` cuts every open connection and refuses new ones until
    `restore()`; `stall()` keeps them open but carries nothing until `restore()` (a network that
    hangs). Playwright's `set_offline` leaves open websockets untouched."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream = (HOST, upstream_port)
        self.listener = socket.create_server((HOST, 0))
        self.port = int(self.listener.getsockname()[1])
        self.url = f"http://{HOST}:{self.port}/"
        self.down = False
        self.stalled = False
        self._lock = threading.Lock()
        self._pairs: set[tuple[socket.socket, socket.socket]] = set()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            try:
                if self.down:
                    raise OSError("network down")
                upstream = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._pairs.add((client, upstream))
            threading.Thread(target=self._relay, args=(client, upstream), daemon=True).start()

    def _relay(self, a: socket.socket, b: socket.socket) -> None:
        try:
            while (a, b) in self._pairs:
                if self.stalled:
                    time.sleep(0.05)
                    continue
                for ready in select.select([a, b], [], [], 0.2)[0]:
                    data = ready.recv(65536)
                    if not data:
                        return
                    (b if ready is a else a).sendall(data)
        except OSError:
            pass
        finally:
            self._close(a, b)

    def _close(self, a: socket.socket, b: socket.socket) -> None:
        with self._lock:
            self._pairs.discard((a, b))
        for sock in (a, b):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def drop(self) -> None:
        self.down = True
        with self._lock:
            pairs = list(self._pairs)
        for a, b in pairs:
            self._close(a, b)

    def stall(self) -> None:
        self.stalled = True

    def restore(self) -> None:
        self.down = False
        self.stalled = False

    def close(self) -> None:
        self.drop()
        self.listener.close()


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
        the code it ever uses (tests/e2e/test_page_bundle.py, record_chunks.py)."""
        self.open(url)
        answers: Answers = {}
        for criterion in content.criteria:
            if criterion.kind == "yes_no":
                self.set_yes_no(criterion.id, True)
                answers[criterion.id] = True
            else:
                option = criterion.options[-1]
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
