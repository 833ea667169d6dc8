"""Warm sessions ahead of visitors: the preheated pool, grown with demand or for a group.

A visitor who takes a warm kernel (started, the notebook run up to the point where it waits for
the visitor's link) has the page in about a second; one who starts a kernel waits for it, and
on a small machine a room's worth of kernel starts at once took a minute. So the server keeps
kernels warm before they are asked for:

- the ordinary pool (``pool_size``, 2) is kept full;
- when visitors drain it, it grows to the number of visitors of the last minute (at most
  ``surge_limit``), so the next ones find kernels waiting; after ``idle_release`` seconds
  without a visitor, the extra kernels are released;
- a group: the educator says how many people are coming (`make serve GROUP=25`, or the
  presenter's "Expecting a group of about 25", :class:`GroupHandler`), and that many kernels are
  kept warm besides the pool until the group has taken them or ``group_ttl`` seconds have passed.
  Kernels beyond the pool are released after ``idle_release`` seconds with neither a visitor
  nor a change of the group (so asking for 100 and then 0, again and again, costs at most one
  round of kernel starts per ``idle_release``).

Kernels kept warm beyond the ordinary pool count against the session cap: the pool never holds
more than ``pool_size`` plus the sessions the cap still allows, so visitors and warm kernels
together never pass ``max_sessions`` plus ``pool_size`` (the memory server/sizing.py plans); when
visitors starting their own kernels leave less room than that, warm kernels beyond it are
released at once.

Starting kernels is most of the CPU a visit costs, and this machine may have two cores: kernels
start at most ``refill_parallel`` at a time, and the kernel that replaces one a visitor took
starts ``refill_quiet`` seconds after that visitor took it, not sooner: their page is loading
and their first clicks follow, and a kernel starting beside them made some clicks many times
slower (docs/performance.md). Within that time after the latest visitor, only the refills owed
to earlier visitors start; growth beyond them (demand, a group) waits for a pause.

:func:`plan` decides (a pure function, tested over its whole range); :class:`Keeper` looks at
the pool every second, or at once after a visitor takes a kernel, and does what it says.
Voila's own refill is off (its pool size is 0 in server/config/voila.py): Voila provides the
mechanism (start preheated kernels, hand one to a visitor), this module the policy. Its parts
that are Voila's are read through server/upstream.py.

Nothing here sees what a visitor enters: only counts of kernels and the times they were taken.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import math
import os
import time
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tornado.web import HTTPError, RequestHandler
from voila.request_info_handler import RequestInfoSocketHandler

from explainer import group as group_request
from server import upstream

if TYPE_CHECKING:
    from server.kernels import VisitorKernelManager

__all__ = ["GroupHandler", "Keeper", "Plan", "PoolState", "WaitingKernels", "plan"]

#: Seconds between looks at the pool when nothing wakes the keeper.
TICK_S = 1.0
#: The window over which visitors are counted to size the pool ahead of demand.
DEMAND_WINDOW_S = 60.0
#: A kernel whose notebook has not reached the wait for a visitor after this long counts as
#: ready anyway (it is as usable as Voila would make it; it must not hold a start slot forever).
WARMUP_LIMIT_S = 60.0
#: The largest group one worker is asked to keep warm (explainer/group.py sends a share).
MAX_SIZE = group_request.MAX_GROUP


@dataclass(frozen=True, slots=True)
class PoolState:
    """What the keeper sees: the pool, the visitors, the cap and the settings."""

    ready: int  #: warm kernels waiting for a visitor
    starting: int  #: kernels starting, or running the notebook up to the wait
    sessions: int  #: visitor sessions (server/kernels.py)
    cap: int  #: max_sessions
    pool_size: int  #: the ordinary pool
    group_left: int  #: kernels still kept for a group
    recent_takes: int  #: visitors who took a warm kernel in the last DEMAND_WINDOW_S
    since_take: float  #: seconds since a visitor last took one (inf: never)
    parallel: int  #: kernels that may start at once
    quiet: float  #: seconds after a take before a refill may start
    idle_release: float  #: seconds without a take or a group change before extras go
    surge_limit: int  #: the most the pool grows to with demand alone
    idle_for: float = math.inf  #: seconds since a take or a change of the group (inf: never)
    due: int = 0  #: refills owed to visitors who took a kernel at least `quiet` seconds ago


@dataclass(frozen=True, slots=True)
class Plan:
    """What to do now: start this many kernels, release this many warm ones."""

    start: int = 0
    release: int = 0
    target: int = 0


def target(state: PoolState) -> int:
    """The pool's size for now: the ordinary pool, the recent demand or the group, within the
    sessions the cap still allows."""
    wanted = max(
        state.pool_size,
        min(state.recent_takes, state.surge_limit),
        state.pool_size + state.group_left,
    )
    room = max(0, state.cap - state.sessions)
    return min(wanted, state.pool_size + room)


def plan(state: PoolState) -> Plan:
    """What the keeper does now (see the module's docstring for the rules)."""
    goal = target(state)
    have = state.ready + state.starting
    start = 0
    allowed = math.inf if state.since_take >= state.quiet else state.due
    if have < goal:
        start = int(max(0, min(goal - have, state.parallel - state.starting, allowed)))
    release = 0
    over_cap = state.sessions + have > state.cap + state.pool_size
    if have > goal and (over_cap or state.idle_for >= state.idle_release):
        release = min(state.ready, have - goal)
    return Plan(start=start, release=release, target=goal)


class Keeper:
    """Keeps the manager's pool as :func:`plan` says, from the moment the server starts."""

    def __init__(self, manager: VisitorKernelManager) -> None:
        self.manager = manager
        #: Kernel ids whose notebook waits for its visitor (the voila/query websocket is open).
        self.waiting: set[str] = set()
        #: Warm kernels out of the pool and shutting down: not visitors (server/kernels.py).
        self.releasing: set[str] = set()
        self._takes: deque[float] = deque()
        #: When visitors took the kernels not yet replaced (each replaced `quiet` s after).
        self._owed: deque[float] = deque()
        self._last_take = -math.inf
        self._last_change = -math.inf
        self._group = 0
        self._group_taken = 0
        self._group_since = 0.0
        self._done_at: dict[str, float] = {}
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    # -- what visitors and the educator do ------------------------------------------------------

    def took(self) -> None:
        """A visitor took a warm kernel."""
        now = time.monotonic()
        self._takes.append(now)
        self._owed.append(now)
        self._last_take = now
        if self._group_left(now):
            self._group_taken += 1
        self._wake.set()

    def set_group(self, size: int) -> int:
        """Keep `size` kernels warm for a group (0: none); returns how many the cap allows."""
        size = max(0, size)
        now = time.monotonic()
        self._group, self._group_taken, self._group_since = size, 0, now
        self._last_change = now
        self._wake.set()
        room = max(0, self.manager.max_sessions - self.manager.sessions())
        return min(size, room)

    # -- looking and acting -----------------------------------------------------------------------

    def start(self) -> None:
        """Begin keeping the pool, on the loop the server is about to run."""
        self._group_since = self._last_change = time.monotonic()
        self._group = self.manager.group
        self._task = asyncio.get_event_loop().create_task(self._run())

    def stop(self) -> None:
        """Stop keeping the pool (the server is stopping: it shuts every kernel down itself)."""
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def group_ready(self) -> int:
        """Warm kernels beyond the ordinary pool: the group's, as far as they are ready."""
        return max(0, self.state().ready - self.manager.pool_size)

    def state(self, now: float | None = None) -> PoolState:
        """The pool as it is now."""
        now = time.monotonic() if now is None else now
        while self._takes and now - self._takes[0] > DEMAND_WINDOW_S:
            self._takes.popleft()
        ready = starting = 0
        for task in upstream.pool(self.manager):
            if self._is_ready(task, now):
                ready += 1
            else:
                starting += 1
        manager = self.manager
        return PoolState(
            ready=ready,
            starting=starting,
            sessions=manager.sessions(),
            cap=manager.max_sessions,
            pool_size=manager.pool_size,
            group_left=self._group_left(now),
            recent_takes=len(self._takes),
            since_take=now - self._last_take,
            parallel=manager.refill_parallel,
            quiet=manager.refill_quiet,
            idle_release=manager.idle_release,
            surge_limit=manager.surge_limit,
            idle_for=now - max(self._last_take, self._last_change),
            due=sum(1 for taken in self._owed if now - taken >= manager.refill_quiet),
        )

    def _group_left(self, now: float) -> int:
        if now - self._group_since > self.manager.group_ttl:
            return 0
        return max(0, self._group - self._group_taken)

    def _is_ready(self, task: asyncio.Future[Any], now: float) -> bool:
        kernel_id = upstream.pool_kernel_id(task)
        if kernel_id is None:
            return False
        if kernel_id in self.waiting:
            return True
        done_at = self._done_at.setdefault(kernel_id, now)
        return now - done_at > WARMUP_LIMIT_S

    async def _run(self) -> None:
        failures = 0
        while True:
            self._wake.clear()  # before the step: a take during it wakes the next one
            try:
                await self.step()
                failures = 0
            except Exception:  # the keeper must outlive any one failure; the log has it
                failures += 1
                self.manager.log.exception("The warm-kernel keeper failed a step")
            # Repeated failures (a broken notebook) are retried ever more slowly, up to a minute.
            pause = TICK_S * min(2 ** min(failures, 6), 60)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), pause)

    async def step(self) -> Plan:
        """Look once, and do what :func:`plan` says."""
        self._drop_failed()
        state = self.state()
        decision = plan(state)
        if decision.start:
            upstream.add_to_pool(self.manager, decision.start)
        # Started kernels pay what is owed, the oldest first; a pool at its target (a group
        # shrinking as it arrives) owes nothing.
        if decision.start:
            paid = decision.start
        elif state.ready + state.starting >= decision.target:
            paid = len(self._owed)
        else:
            paid = 0
        for _ in range(min(paid, len(self._owed))):
            self._owed.popleft()
        if decision.release:
            await self._release(decision.release)
        live = {upstream.pool_kernel_id(task) for task in upstream.pool(self.manager)}
        for kernel_id in set(self._done_at) - live:
            del self._done_at[kernel_id]
        return decision

    def _drop_failed(self) -> None:
        """A kernel that failed to start leaves the pool (a visitor would get its error)."""
        pool = upstream.pool(self.manager)
        for task in [t for t in pool if t.done() and (t.cancelled() or t.exception())]:
            pool.remove(task)
            error = "cancelled" if task.cancelled() else task.exception()
            self.manager.log.warning("A warm kernel failed to start: %s", error)

    async def _release(self, count: int) -> None:
        """Shut down `count` warm kernels, the newest first."""
        pool = upstream.pool(self.manager)
        now = time.monotonic()
        chosen = [t for t in reversed(pool) if self._is_ready(t, now)][:count]
        for task in chosen:
            pool.remove(task)  # out of the pool first: no visitor can take it meanwhile
        ids = [k for k in map(upstream.pool_kernel_id, chosen) if k is not None]
        for kernel_id in ids:
            self.manager.log.info("Releasing warm kernel %s: not needed now", kernel_id)
        self.releasing.update(ids)
        try:
            # Together, and each on its own: one that fails (gone already, say) stops no other.
            results = await asyncio.gather(
                *(self.manager.shutdown_kernel(k) for k in ids), return_exceptions=True
            )
        finally:
            self.releasing.difference_update(ids)
        for kernel_id, result in zip(ids, results, strict=True):
            if isinstance(result, BaseException):
                self.manager.log.warning("Warm kernel %s: shutdown failed: %s", kernel_id, result)


class WaitingKernels(RequestInfoSocketHandler):  # type: ignore[misc]  # voila ships no types
    """Voila's voila/query/<kernel id> websocket, noting which kernels wait for a visitor: a
    preheated kernel opens it when its notebook reaches that wait (explainer/request.py)."""

    def initialize(self, waiting: set[str]) -> None:
        self._waiting = waiting
        self._kernel_id: str | None = None

    def open(self, kernel_id: str) -> None:
        self._kernel_id = kernel_id
        self._waiting.add(kernel_id)
        super().open(kernel_id)

    def on_close(self) -> None:
        if self._kernel_id is not None:
            self._waiting.discard(self._kernel_id)
        super().on_close()


class GroupHandler(RequestHandler):
    """`POST /explainer/group` with {"size": N}: keep N kernels warm for a group.

    Only with the secret the launcher gave this server and its kernels (explainer/group.py):
    the presenter's kernel asks on the educator's behalf; a browser cannot. It answers how many
    kernels the cap allows for the group and how many are warm now.
    """

    def initialize(self, keeper: Keeper) -> None:
        self.keeper = keeper

    def check_xsrf_cookie(self) -> None:
        """No cookie is used: the secret in the Authorization header is the credential."""

    def post(self) -> None:
        secret = os.environ.get(group_request.TOKEN, "")
        given = self.request.headers.get("Authorization", "").removeprefix("Bearer ")
        if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
            raise HTTPError(403)
        try:
            size = json.loads(self.request.body)["size"]
        except (ValueError, KeyError, TypeError):
            raise HTTPError(400) from None
        if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= MAX_SIZE:
            raise HTTPError(400)
        warming = self.keeper.set_group(size)
        self.manager_log(size, warming)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        ready = min(self.keeper.group_ready(), warming)
        self.finish(json.dumps({"warming": warming, "ready": ready}))

    def manager_log(self, size: int, warming: int) -> None:
        self.keeper.manager.log.info(
            "A group of %d is expected: keeping %d kernels warm for it", size, warming
        )
