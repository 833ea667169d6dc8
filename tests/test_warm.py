"""The warm pool's policy (server/warm.py), the launcher's group and public-address options, and
the presenter kernel's group request (explainer/group.py)."""

from __future__ import annotations

import itertools
import json
import math
import time
from pathlib import Path
from typing import Any

import pytest
from jupyter_server.services.kernels.kernelmanager import ServerKernelManager

from explainer import group
from server import kernels, launch, sizing
from server.warm import Keeper, Plan, PoolState, plan, target

BASE: dict[str, Any] = {
    "ready": 2,
    "starting": 0,
    "sessions": 0,
    "cap": 30,
    "pool_size": 2,
    "group_left": 0,
    "recent_takes": 0,
    "since_take": math.inf,
    "parallel": 2,
    "quiet": 10.0,
    "idle_release": 300.0,
    "surge_limit": 8,
}


def state(**changes: Any) -> PoolState:
    return PoolState(**(BASE | changes))


def every_state() -> list[PoolState]:
    """A grid over every field that changes a decision, edges included."""
    grid = itertools.product(
        (0, 1, 2, 5, 30),  # ready
        (0, 1, 2, 3),  # starting
        (0, 1, 10, 29, 30, 31),  # sessions (31: past a cap lowered since)
        (1, 4, 30),  # cap
        (0, 2),  # pool_size
        (0, 3, 30),  # group_left
        (0, 2, 20),  # recent_takes
        (0.0, 9.9, 10.0, 300.0, math.inf),  # since_take
        (1, 2),  # parallel
        (0.0, 299.0, 300.0, math.inf),  # idle_for
        (0, 1, 5),  # due
    )
    fields = ("ready", "starting", "sessions", "cap", "pool_size", "group_left")
    fields += ("recent_takes", "since_take", "parallel", "idle_for", "due")
    return [state(**dict(zip(fields, values, strict=True))) for values in grid]


STATES = every_state()


# -- The policy, over its whole range -------------------------------------------------------------


def test_visitors_and_warm_kernels_never_pass_the_cap_and_the_pool() -> None:
    """After each step, visitors and warm kernels together are within max_sessions plus the
    ordinary pool (the memory planned), whenever the visitors alone are within the cap and the
    kernels still starting (which cannot be released) within the pool's target."""
    for s in STATES:
        decision = plan(s)
        after = s.ready + s.starting + decision.start - decision.release
        if s.sessions <= s.cap and s.starting <= decision.target:
            assert s.sessions + after <= s.cap + s.pool_size, s


def test_never_more_starting_at_once_than_allowed() -> None:
    """Kernels start at most `parallel` at a time (the machine's cores)."""
    for s in STATES:
        assert s.starting + plan(s).start <= max(s.parallel, s.starting), s


def test_within_the_quiet_time_after_a_take_only_owed_refills_start() -> None:
    """A visitor who just took a kernel loads the page and clicks: beside them start only the
    refills owed to visitors who took one at least the quiet time ago (as Voila's own refill
    did), never growth."""
    for s in STATES:
        if s.since_take < s.quiet:
            assert plan(s).start <= s.due, s


def test_a_steady_stream_of_visitors_keeps_the_pool_refilled() -> None:
    """A visitor every 5 s: each kernel taken is replaced 10 s after it was taken, though
    another visitor came since (a rule of "10 s of quiet" would never refill)."""
    decision = plan(state(ready=1, recent_takes=6, since_take=5.0, due=1, idle_for=5.0))
    assert decision.start == 1


def test_only_warm_kernels_are_released_and_only_when_idle_or_past_the_cap() -> None:
    """Release never touches a starting kernel, never more than the excess, and only after
    the idle time (no visitor, no change of the group) or when visitors leave no room."""
    for s in STATES:
        decision = plan(s)
        assert decision.release <= s.ready, s
        if decision.release:
            over = s.sessions + s.ready + s.starting > s.cap + s.pool_size
            assert over or s.idle_for >= s.idle_release, s
            assert s.ready + s.starting - decision.release >= decision.target, s


def test_starting_and_releasing_never_happen_together() -> None:
    """One step either grows the pool or shrinks it: a plan never does both."""
    for s in STATES:
        decision = plan(s)
        assert not (decision.start and decision.release), s


def test_a_full_quiet_pool_does_nothing() -> None:
    """The ordinary pool, full, no visitors: nothing to do."""
    assert plan(state()) == Plan(start=0, release=0, target=2)


def test_a_drained_pool_refills_in_parallel_after_the_quiet_time() -> None:
    """Drained by five visitors: nothing starts beside the last one; ten seconds on, the pool
    refills as many at once as the cores allow, towards five."""
    assert plan(state(ready=0, recent_takes=5, since_take=9.9)).start == 0
    decision = plan(state(ready=0, recent_takes=5, since_take=10.0))
    assert decision.start == 2
    assert decision.target == 5


def test_demand_grows_the_pool_up_to_the_surge_limit() -> None:
    """Twenty visitors in the last minute: eight kept warm, not twenty."""
    assert target(state(recent_takes=20)) == 8


def test_a_group_is_kept_warm_besides_the_pool() -> None:
    """A group of 25: 27 warm kernels, started two at a time."""
    decision = plan(state(group_left=25))
    assert decision.target == 27
    assert decision.start == 2


def test_a_group_larger_than_the_cap_allows_gets_what_fits() -> None:
    """Cap 30 with 20 visitors in: a group of 25 gets 10 warm kernels besides the pool."""
    assert target(state(group_left=25, sessions=20)) == 12


def test_extra_kernels_are_released_after_the_idle_time() -> None:
    """Eight warm after a busy spell, or a group lowered: released to the pool once idle (no
    visitor and no change for five minutes), not before."""
    busy = state(ready=8, since_take=299.0, idle_for=299.0)
    idle = state(ready=8, since_take=300.0, idle_for=300.0)
    assert plan(busy).release == 0
    assert plan(idle).release == 6
    assert plan(state(ready=27, idle_for=5.0)).release == 0


def test_warm_kernels_past_the_cap_are_released_at_once() -> None:
    """Visitors who started their own kernels filled the cap: the warm ones beyond the pool go
    now, however recent the last visitor."""
    assert plan(state(ready=8, sessions=30, since_take=1.0, idle_for=1.0)).release == 6


# -- The launcher ------------------------------------------------------------------------------------


def test_the_launcher_passes_the_group_to_voila() -> None:
    """`--group=25` keeps 25 warm for a group; no option, no setting."""
    assert "--VisitorKernelManager.group=25" in launch.command(8866, group=25)
    assert not any("group" in part for part in launch.command(8866))


@pytest.mark.parametrize(("cores", "workers", "each"), [(2, 1, 2), (4, 2, 2), (2, 4, 1), (8, 3, 2)])
def test_the_workers_share_the_cores_for_starting_kernels(
    monkeypatch: pytest.MonkeyPatch, cores: int, workers: int, each: int
) -> None:
    """Each worker starts at most its share of the cores' kernels at once, and at least one."""
    monkeypatch.setattr(sizing, "cores", lambda: cores)
    assert sizing.refill_parallel(workers) == each
    assert f"--VisitorKernelManager.refill_parallel={each}" in launch.command(
        8866, parallel=sizing.refill_parallel(workers)
    )


@pytest.mark.parametrize("value", ["-1", "101", "many"])
def test_the_launcher_refuses_a_group_out_of_range(value: str) -> None:
    """A group below 0, above explainer.group.MAX_GROUP or not a number stops the launcher."""
    with pytest.raises(SystemExit):
        launch.parse([f"--group={value}"])


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://explainer.example.org", "https://explainer.example.org/"),
        ("http://10.0.0.5:8866/", "http://10.0.0.5:8866/"),
        ("https://example.org/cancer/explainer", "https://example.org/cancer/explainer/"),
    ],
)
def test_a_public_address_is_kept_with_a_final_slash(given: str, expected: str) -> None:
    """The public address, as the room's code will carry it."""
    assert launch.public_url(given) == expected


@pytest.mark.parametrize(
    "given",
    [
        "explainer.example.org",
        "ftp://example.org/",
        "https://example.org/?x=1",
        "https://example.org/#top",
        "https://user:secret@example.org/",
        "https://example.org:port/",
        "javascript:alert(1)",
        "http://127.0.0.1:8866/",
        "http://localhost/",
        "https://[::1]/",
        "https://exa mple.org/",
    ],
)
def test_a_malformed_public_address_is_refused_with_its_reason(given: str) -> None:
    """Anything but a plain http(s) address with a host is refused, naming PUBLIC_URL."""
    with pytest.raises(ValueError, match="PUBLIC_URL"):
        launch.public_url(given)


def test_the_kernels_get_the_workers_addresses_a_secret_and_the_public_address() -> None:
    """Each run makes its own secret; the group request goes to every worker's own port."""
    first = launch.environment({}, worker_ports=[8867, 8868], url="https://example.org/")
    second = launch.environment({}, worker_ports=[8867])
    assert first[group.URLS] == "http://127.0.0.1:8867/ http://127.0.0.1:8868/"
    assert len(first[group.TOKEN]) >= 32
    assert first[group.TOKEN] != second[group.TOKEN]
    assert first[launch.PUBLIC_URL] == "https://example.org/"
    assert launch.PUBLIC_URL not in second


# -- The presenter kernel's request ------------------------------------------------------------------


def test_a_group_is_shared_between_the_workers_and_their_answers_summed() -> None:
    """25 over two workers: 13 asked of each; the replies add up (never past the group)."""
    sent: list[tuple[str, dict[str, Any], str]] = []

    def post(url: str, body: bytes, token: str) -> bytes:
        sent.append((url, json.loads(body), token))
        return json.dumps({"warming": 13, "ready": 4}).encode()

    env = {group.URLS: "http://127.0.0.1:1/ http://127.0.0.1:2/", group.TOKEN: "s"}
    reply = group.ask_for_group(25, env, post)
    assert [(u, b["size"], t) for u, b, t in sent] == [
        ("http://127.0.0.1:1/explainer/group", 13, "s"),
        ("http://127.0.0.1:2/explainer/group", 13, "s"),
    ]
    assert reply == group.GroupReply(ok=True, asked=25, warming=25, ready=8)
    assert not reply.limited


def test_a_group_the_cap_limits_says_so() -> None:
    """The server can keep 10 of 25: the reply is limited."""
    reply = group.ask_for_group(
        25,
        {group.URLS: "http://127.0.0.1:1/", group.TOKEN: "s"},
        lambda *_a: b'{"warming": 10, "ready": 2}',
    )
    assert reply.limited
    assert reply.warming == 10


@pytest.mark.parametrize(
    "env", [{}, {group.URLS: "http://127.0.0.1:1/"}, {group.TOKEN: "s"}], ids=str
)
def test_without_the_servers_address_or_secret_the_request_fails_calmly(
    env: dict[str, str],
) -> None:
    """Nothing is sent; the reply says it could not be done."""

    def post(*_args: Any) -> bytes:
        raise AssertionError("nothing may be sent")

    assert group.ask_for_group(5, env, post) == group.GroupReply(ok=False, asked=5)


def test_a_server_that_does_not_answer_fails_calmly() -> None:
    """A refused connection or a broken answer: not ok, never an exception."""

    def refused(*_args: Any) -> bytes:
        raise ConnectionRefusedError("no server")

    env = {group.URLS: "http://127.0.0.1:1/", group.TOKEN: "s"}
    assert not group.ask_for_group(5, env, refused).ok
    assert not group.ask_for_group(5, env, lambda *_a: b"<html>").ok


def test_the_group_size_is_kept_within_bounds() -> None:
    """A size past MAX_GROUP is asked as MAX_GROUP; below 0 as 0."""
    sizes: list[int] = []

    def post(_url: str, body: bytes, _token: str) -> bytes:
        sizes.append(json.loads(body)["size"])
        return b'{"warming": 0, "ready": 0}'

    env = {group.URLS: "http://127.0.0.1:1/", group.TOKEN: "s"}
    group.ask_for_group(10_000, env, post)
    group.ask_for_group(-3, env, post)
    assert sizes == [group.MAX_GROUP, 0]


# -- The keeper's memory of a group --------------------------------------------------------------


class _Manager:
    """What the keeper reads from the kernel manager, with no kernel behind it."""

    max_sessions, group, group_ttl, pool_size = 30, 0, 1800.0, 2
    refill_parallel, refill_quiet, idle_release, surge_limit = 2, 10.0, 300.0, 8
    notebook_path = "dashboard.ipynb"

    def __init__(self) -> None:
        self._pools: dict[str, list[Any]] = {self.notebook_path: []}

    def sessions(self) -> int:
        return 0


def test_a_group_is_kept_until_taken_or_its_time_is_up() -> None:
    """Each visitor who takes a kernel is one of the group; past group_ttl the rest are not
    kept; the cap limits what a group gets."""
    keeper = Keeper(_Manager())  # type: ignore[arg-type]  # a stand-in with what Keeper reads
    assert keeper.set_group(5) == 5
    now = time.monotonic()
    assert keeper.state(now).group_left == 5
    keeper.took()
    keeper.took()
    assert keeper.state(now).group_left == 3
    assert keeper.state(now + 1801).group_left == 0
    assert keeper.set_group(500) == 30  # no more than the cap allows


def test_the_idle_time_counts_from_the_last_visitor_or_change_not_the_demand_window() -> None:
    """A minute and a second after the last visitor: 61 s since the take (the one-minute demand
    window has forgotten it, the idle time has not), so extras stay for five minutes."""
    keeper = Keeper(_Manager())  # type: ignore[arg-type]  # a stand-in with what Keeper reads
    keeper.set_group(0)
    keeper.took()
    later = keeper.state(time.monotonic() + 61)
    assert later.recent_takes == 0
    assert 60 < later.since_take < 70
    assert 60 < later.idle_for < 70


def test_a_failed_release_stops_no_other_and_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    """Three warm kernels to release, the first one's shutdown fails: the other two are still
    shut down, none stays in the pool, and the failure is in the log."""
    import asyncio
    import logging

    manager = _Manager()
    manager.log = logging.getLogger("test-warm")  # type: ignore[attr-defined]
    shut: list[str] = []

    releasing: list[set[str]] = []

    async def shutdown_kernel(kernel_id: str) -> None:
        releasing.append(set(keeper.releasing))
        if kernel_id == "k0":
            raise RuntimeError("gone already")
        shut.append(kernel_id)

    manager.shutdown_kernel = shutdown_kernel  # type: ignore[attr-defined]

    keeper = Keeper(manager)  # type: ignore[arg-type]  # a stand-in with what Keeper reads

    async def run() -> None:
        pool = manager._pools[manager.notebook_path]
        for i in range(3):
            task: asyncio.Future[dict[str, str]] = asyncio.get_running_loop().create_future()
            task.set_result({"kernel_id": f"k{i}"})
            pool.append(task)
            keeper.waiting.add(f"k{i}")
        await keeper._release(3)
        assert pool == []

    # On a loop of its own, in a thread: the browser tests keep Playwright's loop running in
    # this one when the whole suite runs.
    from concurrent.futures import ThreadPoolExecutor

    with caplog.at_level(logging.WARNING, logger="test-warm"), ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result()
    assert sorted(shut) == ["k1", "k2"]
    assert "k0: shutdown failed: gone already" in caplog.text
    # Known as being released while they shut down (not visitors), and no longer after.
    assert releasing == [{"k0", "k1", "k2"}] * 3
    assert keeper.releasing == set()


def test_warm_kernels_being_released_are_not_counted_as_visitors(tmp_path: Path) -> None:
    """A released warm kernel is out of the pool but still a kernel while it shuts down (a
    second or more): counted as a visitor, it would turn the next visitor away near the cap."""
    manager = kernels.VisitorKernelManager(root_dir=str(tmp_path), max_sessions=2)
    manager._kernels["visitor"] = ServerKernelManager()
    manager._kernels["leaving"] = ServerKernelManager()
    assert (manager.sessions(), manager.is_full()) == (2, True)
    manager.keeper.releasing.add("leaving")
    assert (manager.sessions(), manager.is_full()) == (1, False)


def test_the_request_goes_straight_to_the_server_past_any_proxy_and_follows_no_redirect(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With http_proxy set (as on many hospital servers), the secret still goes only to the
    server's own loopback address; a redirect is refused, not followed with the secret."""
    import http.server
    import threading
    import urllib.error

    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            seen.append(self.headers.get("Authorization", ""))
            if self.path.startswith("/moved"):
                self.send_response(307)
                self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                self.end_headers()
                return
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"warming": 1, "ready": 0}')

        def log_message(self, *_args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.delenv("no_proxy", raising=False)
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        assert json.loads(group._post(f"{base}/explainer/group", b"{}", "s")) == {
            "warming": 1,
            "ready": 0,
        }
        with pytest.raises(urllib.error.HTTPError):
            group._post(f"{base}/moved", b"{}", "s")
    finally:
        server.shutdown()
    assert seen == ["Bearer s", "Bearer s"]
