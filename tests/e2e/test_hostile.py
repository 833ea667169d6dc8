"""Hostile visitors against the real server: code sent over the kernel websocket, forged widget
messages, booby-trapped links, other hosts, and where a visitor's answers could end up.

The websocket tests speak the kernel protocol from Python (websocket-client), as an attacker
with the page's kernel id would; the page stays open beside them and must keep working.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import websocket
from test_server import get
from voila_harness import (
    CHANGE_TIMEOUT_MS,
    ROOT,
    Dashboard,
    Server,
    Watch,
    start_server,
    stop_server,
    watched_context,
)

REPLY_TIMEOUT_S = 30

# -- The kernel websocket, as an attacker speaks it ----------------------------------------------


class KernelSocket:
    """A raw connection to a kernel's channels (JSON protocol), beside the page's own."""

    def __init__(self, server: Server, kernel_id: str) -> None:
        url = server.url.replace("http://", "ws://") + f"api/kernels/{kernel_id}/channels"
        self.session = uuid.uuid4().hex
        self.ws = websocket.create_connection(f"{url}?session_id={self.session}", timeout=5)
        self.received: list[dict[str, Any]] = []

    def send(self, msg_type: str, content: dict[str, Any], channel: str = "shell") -> str:
        msg_id = uuid.uuid4().hex
        header = {
            "msg_id": msg_id,
            "msg_type": msg_type,
            "session": self.session,
            "username": "visitor",
            "version": "5.3",
            "date": "2026-01-01T00:00:00Z",
        }
        message = {"header": header, "parent_header": {}, "metadata": {}, "content": content}
        self.ws.send(json.dumps({**message, "channel": channel, "buffers": []}))
        return msg_id

    def recv(self) -> dict[str, Any] | None:
        """The next message from the kernel, or None after a few quiet seconds."""
        try:
            msg: dict[str, Any] = json.loads(self.ws.recv())
        except websocket.WebSocketTimeoutException:
            return None
        self.received.append(msg)
        return msg

    def until(self, msg_type: str, parent: str) -> dict[str, Any]:
        """Read messages until the reply of `msg_type` to message `parent` arrives."""
        deadline = time.monotonic() + REPLY_TIMEOUT_S
        while time.monotonic() < deadline:
            msg = self.recv()
            if msg and msg["msg_type"] == msg_type and msg["parent_header"].get("msg_id") == parent:
                return msg
        pytest.fail(f"no {msg_type} to {parent} within {REPLY_TIMEOUT_S} s")

    def replies_to(self, msg_ids: set[str]) -> list[str]:
        return [m["msg_type"] for m in self.received if m["parent_header"].get("msg_id") in msg_ids]

    def close(self) -> None:
        self.ws.close()


@pytest.fixture
def attacker(dashboard: Dashboard, server: Server):
    sock = KernelSocket(server, dashboard.kernel_id())
    yield sock
    sock.close()


CODE_REQUESTS = [
    ("execute_request", "shell", "code"),
    ("execute_request", "control", "code"),
    ("inspect_request", "shell", "inspect"),
    ("complete_request", "shell", "complete"),
    ("history_request", "shell", "history"),
    ("is_complete_request", "shell", "complete"),
    ("debug_request", "control", "debug"),
]


def test_code_sent_over_the_kernel_websocket_never_runs(dashboard, attacker, tmp_path):
    """execute, inspect, complete and the like are dropped; widget messages still get through."""
    marker = tmp_path / "ran.txt"
    code = f"open({str(marker)!r}, 'w').write('ran')"
    contents = {
        "code": {"code": code, "silent": False, "store_history": True, "allow_stdin": False},
        "inspect": {"code": code, "cursor_pos": 4, "detail_level": 1},
        "complete": {"code": code, "cursor_pos": 4},
        "history": {"output": False, "raw": True, "hist_access_type": "tail", "n": 10},
        "debug": {"seq": 1, "type": "request", "command": "evaluate", "arguments": {}},
    }
    sent = {attacker.send(t, contents[kind], channel) for t, channel, kind in CODE_REQUESTS}
    # The shell channel answers in order: once this reply is in, the requests before it were
    # either answered or never reached the kernel.
    attacker.until("kernel_info_reply", attacker.send("kernel_info_request", {}))
    time.sleep(2)  # and the control channel, which has no order with the shell
    assert not marker.exists(), "code sent over the websocket ran in the kernel"
    assert attacker.replies_to(sent) == [], "the kernel answered a request it should never see"
    dashboard.set_yes_no("rare_cancer", True)
    dashboard.wait_for_level("essential")


def _widget_states(attacker: KernelSocket) -> dict[str, dict[str, Any]]:
    """Every widget's state, as an attacker can list them: comm ids, then each one's state."""
    info = attacker.until("comm_info_reply", attacker.send("comm_info_request", {}))
    ids = list(info["content"]["comms"])
    for comm_id in ids:
        attacker.send("comm_msg", {"comm_id": comm_id, "data": {"method": "request_state"}})
    states: dict[str, dict[str, Any]] = {}
    deadline = time.monotonic() + REPLY_TIMEOUT_S
    while len(states) < len(ids) and time.monotonic() < deadline:
        msg = attacker.recv() or {"msg_type": "none"}
        data = msg["content"].get("data", {}) if msg["msg_type"] == "comm_msg" else {}
        if data.get("method") == "update" and msg["content"]["comm_id"] in ids:
            states[msg["content"]["comm_id"]] = data["state"]
    return states


@pytest.mark.parametrize(
    "state",
    [{"value": "x" * 200_000}, {"value": "yes"}, {"description": "<img src=x>"}],
    ids=["huge_string", "wrong_type", "other_field"],
)
def test_a_forged_widget_message_shows_the_calm_notice(dashboard, attacker, content, state):
    """A forged update to a control leaves the advice as it was and says so calmly."""
    states = _widget_states(attacker)
    target = [
        cid for cid, s in states.items() if "criterion-rare_cancer" in s.get("_dom_classes", ())
    ]
    assert len(target) == 1, "the rare_cancer checkbox is among the kernel's widgets"
    attacker.send("comm_msg", {"comm_id": target[0], "data": {"method": "update", "state": state}})
    notice = dashboard.page.locator(".notice-region").get_by_text(content.texts["bad_answer"])
    notice.wait_for(timeout=CHANGE_TIMEOUT_MS)
    assert dashboard.level() == "optional"
    assert dashboard.page.locator(".criterion-rare_cancer img").count() == 0
    dashboard.set_yes_no("rare_cancer", True)
    dashboard.wait_for_level("essential")


# -- Booby-trapped links -------------------------------------------------------------------------

PAYLOAD = '<img src=x id=pwned onerror="document.title=1">'
LINKS = {
    "script_value": "?rare_cancer=" + quote("<script>document.title=1</script>"),
    "script_key": "?" + quote(PAYLOAD) + "=yes",
    "script_view": "?view=" + quote(PAYLOAD),
    "bad_percent": "?rare_cancer=%ZZ%&opinions_so_far=%E0%A4%A",
    "nul_and_controls": "?rare_cancer=%00%0d%0aSet-Cookie:%20x=1",
    "repeated": "?rare_cancer=yes&rare_cancer=no&rare_cancer=maybe",
    "oversized": "?rare_cancer=" + "y" * 6000 + "&" + "&".join(f"k{i}=v" for i in range(300)),
    "only_junk": "?&&&===&&",
    "unicode": "?rare_cancer=" + quote("ÿé中文\u202e"),
}


@pytest.mark.parametrize("suffix", LINKS.values(), ids=LINKS.keys())
def test_a_booby_trapped_link_gives_a_working_page_and_echoes_nothing(
    open_dashboard, server, content, suffix
):
    """The page works, says calmly that parts were not used, and nothing is echoed as markup."""
    dashboard = open_dashboard(suffix)
    page = dashboard.page
    assert page.locator("#pwned, .explainer-app script").count() == 0
    assert page.title() == "Second opinion explainer"
    notice = page.locator(".notice-region").get_by_text(content.texts["link_ignored"])
    notice.wait_for(timeout=CHANGE_TIMEOUT_MS)
    assert dashboard.level() in ("optional", "recommended", "essential")
    _, _, body = get(server.url, "/" + suffix)
    assert "<script>document.title" not in body and "<img src=x" not in body


def test_a_link_too_long_for_the_server_is_refused_and_the_server_stays_up(server):
    """A query past the server's header limit is refused outright; the next visitor is served."""
    try:
        status, _, _ = get(server.url, "/?rare_cancer=" + "y" * 100_000)
        assert status >= 400
    except ConnectionError:
        pass  # tornado closes the connection: nothing was served
    status, _, _ = get(server.url, "/healthz")
    assert status == 200


# -- Nothing from other hosts --------------------------------------------------------------------


def test_the_browser_enforces_the_csp_and_reports_a_foreign_request(browser, server):
    """The page's CSP (read from its response) blocks a script's request to another host."""
    context = browser.new_context()  # not watched: this test provokes a CSP error on purpose
    finished: list[str] = []
    failed: list[str] = []
    context.on("requestfinished", lambda r: finished.append(r.url))
    context.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}"))
    try:
        page = context.new_page()
        response = page.goto(server.url)
        csp = response.headers.get("content-security-policy", "") if response else ""
        assert "default-src 'self'" in csp and "connect-src 'self'" in csp
        Dashboard(page).advice.wait_for(timeout=60_000)
        violated = page.evaluate(
            """() => new Promise((resolve) => {
                document.addEventListener("securitypolicyviolation",
                    (e) => resolve(e.violatedDirective + " " + e.blockedURI), { once: true });
                const img = document.createElement("img");
                img.src = "http://tracker.example/pixel.gif";
                document.body.appendChild(img);
                fetch("http://tracker.example/beacon").catch(() => {});
                setTimeout(() => resolve(""), 5000);
            })"""
        )
        assert violated.startswith(("img-src", "connect-src")), violated
        assert "tracker.example" in violated
        assert not [u for u in finished if "tracker.example" in u], "a request left the page"
        blocked = [f for f in failed if "tracker.example" in f]
        assert blocked and all("csp" in f.lower() for f in blocked), blocked
    finally:
        context.close()


# -- Answers are never written down --------------------------------------------------------------

ANSWER_LINK = "?rare_cancer=yes&opinions_so_far=two_disagree"
# What would show that answers were written down: criterion=value pairs and a chosen option id
# that appears nowhere outside the content files.
ANSWER_TRACES = ("rare_cancer=yes", "opinions_so_far=two_disagree", "two_disagree", "rare_cancer")


def _files_with_traces(folders: list[Path], since: float) -> list[str]:
    found = []
    for folder in folders:
        for path in folder.rglob("*"):
            try:
                if not path.is_file() or path.stat().st_mtime < since:
                    continue
                text = path.read_bytes().decode("utf-8", errors="replace")
            except OSError:
                continue
            found += [f"{path}: {t}" for t in ANSWER_TRACES if t in text]
    return found


def test_answers_are_never_written_to_logs_or_disk(browser, tmp_path, monkeypatch, content):
    """A visit that sets answers (by link and by clicks) leaves them in no log and no file."""
    since = time.time() - 1
    scratch = {name: tmp_path / name for name in ("tmp", "ipython", "runtime", "data")}
    for folder in scratch.values():
        folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch["tmp"]))
    monkeypatch.setenv("IPYTHONDIR", str(scratch["ipython"]))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(scratch["runtime"]))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(scratch["data"]))
    log = tmp_path / "voila.log"
    private, proc = start_server(log)
    watch = Watch()
    context = watched_context(browser, watch)
    try:
        dashboard = Dashboard(context.new_page()).open(private.url + ANSWER_LINK)
        dashboard.wait_for_level("essential")
        dashboard.set_yes_no("rare_cancer", False)
        dashboard.set_yes_no("rare_cancer", True)
        dashboard.wait_for_level("essential")
        get(private.url, "/voila/files/nothing" + ANSWER_LINK)  # a 403, logged as a warning
        get(private.url, "/nowhere" + ANSWER_LINK)  # a redirect
        context.pages[0].close(run_before_unload=True)
        time.sleep(2)
    finally:
        context.close()
        stop_server(private, proc)
    watch.check()
    log_text = log.read_text(errors="replace")
    assert "GET /voila/files/nothing" in log_text, "the 403 was logged (so the log was checked)"
    assert [t for t in ANSWER_TRACES if t in log_text] == [], "answers in the server log"
    folders = [*scratch.values(), ROOT / "notebooks"]
    assert _files_with_traces(folders, since) == [], "answers written to disk"
    assert os.environ["TMPDIR"] == str(scratch["tmp"])


def test_the_page_says_answers_are_not_stored(dashboard, content):
    """The Sources and about view carries the privacy statement from ui.yaml, whole."""
    dashboard.nav_button(content.texts["nav_sources"]).click()
    view = dashboard.page.locator(".sources-view")
    view.wait_for(timeout=CHANGE_TIMEOUT_MS)
    assert " ".join(content.texts["privacy"].split()) in " ".join(view.inner_text().split())
