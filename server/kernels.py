"""Visitors' kernels: which messages reach them, how many there are, and when they are freed.

No code from the browser: a kernel's websocket passes only the message types the widgets use
(:data:`WIDGET_MESSAGES`); an `execute_request`, `inspect_request`, `complete_request` or any
other type a visitor forges is dropped by jupyter_server before it reaches the kernel.

The session cap: past `max_sessions` visitor kernels, a calm "try again in a minute" page.

Stock Voila starts a kernel for every page request, so a loop of requests can fill the machine's
memory. Two guards keep the count bounded:

- :class:`CappedPageHandler` answers a page request with the busy page (HTTP 503, Retry-After)
  when the visitor sessions already reach the cap, before any kernel is taken or started;
- :class:`VisitorKernelManager` refuses to start a visitor kernel past the cap (the backstop for
  requests that passed the handler's check together), and frees kernels no page ever connected
  to (a bot or `curl` fetching the page) after `unconnected_timeout` seconds, so they do not hold
  a slot for the ten minutes a real visitor's kernel is kept. The timeout must outlast the time a
  page takes to connect during a burst on a small machine: a shorter one freed real visitors'
  kernels while their pages were still loading (docs/performance.md).

Preheated pool kernels are not visitor sessions; server/warm.py keeps the pool, within the cap.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, cast

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.web import HTTPError, authenticated
from traitlets import Float, Integer, TraitError, default
from voila.tornado.handler import TornadoVoilaHandler

from explainer import request
from explainer.links import link_language
from server import upstream
from server.sizing import default_max_sessions, refill_parallel
from server.warm import Keeper

__all__ = [
    "WIDGET_MESSAGES",
    "CapacityReached",
    "CappedPageHandler",
    "VisitorKernelManager",
]

#: The only message types a page may send a kernel: what Voila's widget manager sends (seen on
#: the wire: comm_open, comm_msg, comm_close, kernel_info_request), plus comm_info_request, which
#: ipywidgets' manager may use to list widgets and which runs nothing.
WIDGET_MESSAGES = (
    "comm_close",
    "comm_info_request",
    "comm_msg",
    "comm_open",
    "kernel_info_request",
)

#: Added to every kernel's command line. IPython's history would keep a row per kernel in a
#: SQLite file for good: on a server that runs for months (a container whose /tmp is capped) it
#: only grows, and nothing here ever reads it.
KERNEL_ARGUMENTS = ("--HistoryManager.enabled=False",)
#: Seconds a visitor is asked to wait before trying again (the Retry-After header).
RETRY_AFTER_S = 60


class CapacityReached(Exception):
    """Starting another visitor kernel would pass the session cap."""


class VisitorKernelManager(AsyncMappingKernelManager):
    """Kernels for visitors, at most `max_sessions` of them; unconnected ones freed early."""

    max_sessions = Integer(
        help="Visitor sessions (kernels, not counting the preheated pool) this server holds."
    ).tag(config=True)
    unconnected_timeout = Float(
        180.0, help="Seconds before an idle kernel that no page ever connected to is shut down."
    ).tag(config=True)
    # The warm pool (server/warm.py).
    pool_size = Integer(2, help="Warm kernels kept for visitors at all times.").tag(config=True)
    group = Integer(0, help="Warm kernels kept besides, for a group expected soon.").tag(
        config=True
    )
    group_ttl = Float(1800.0, help="Seconds a group's unused warm kernels are kept.").tag(
        config=True
    )
    refill_parallel = Integer(help="Warm kernels that may start at once.").tag(config=True)
    refill_quiet = Float(
        10.0, help="Seconds after a visitor takes a warm kernel before another starts."
    ).tag(config=True)
    idle_release = Float(
        300.0, help="Seconds without visitors before warm kernels beyond the pool are released."
    ).tag(config=True)
    surge_limit = Integer(8, help="The most warm kernels kept for recent demand alone.").tag(
        config=True
    )

    @default("refill_parallel")
    def _default_refill_parallel(self) -> int:
        return refill_parallel()

    @default("max_sessions")
    def _default_max_sessions(self) -> int:
        return default_max_sessions()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)  # type: ignore[no-untyped-call]  # jupyter_server: untyped
        # Voila passes its own list (which also lets a page send shutdown_request); an empty
        # list would let everything through. Ours is the one that holds.
        self.allowed_message_types = list(WIDGET_MESSAGES)
        self._ever_connected: set[str] = set()
        #: Page requests under way that took a pool kernel not yet started (not yet counted).
        self.reserved = 0
        #: Pool kernels being started (their pool task not done yet).
        self._preheating: set[str] = set()
        self.keeper = Keeper(self)

    # -- counting --------------------------------------------------------------------------

    def sessions(self) -> int:
        """Visitor kernels: every kernel, running or starting, less the pool's (started, or
        starting for the pool) and the warm ones being released, plus visitors who took a pool
        kernel that has not started yet."""
        kernels = set(self.list_kernel_ids()) | set(upstream.pending_kernels(self))
        warm = len(kernels & (self._preheating | self.keeper.releasing))
        return len(kernels) - self._ready_in_pool() - warm + self.reserved

    def is_full(self) -> bool:
        """Whether another visitor would pass the cap."""
        return self.sessions() >= self.max_sessions

    def next_pool_kernel_pending(self) -> bool:
        """Whether the next visitor would take a pool kernel that is still starting."""
        pool = self._pool()
        return bool(pool) and not pool[0].done()

    def _pool(self) -> list[Any]:
        return upstream.pool(self)

    def _ready_in_pool(self) -> int:
        return sum(1 for task in self._pool() if _started(task))

    # -- starting ----------------------------------------------------------------------------

    # jupyter_client types these methods as sync; AsyncMappingKernelManager's are coroutines.
    async def start_kernel(self, **kwargs: Any) -> str:  # type: ignore[override]
        """Start a kernel; a visitor's kernel only while the cap allows it."""
        preheat = request.preheated(kwargs.get("env", {}))
        # The check and the start's registration run without a pause between them, so two
        # requests cannot both pass it for the last slot.
        if not preheat and self.is_full():
            raise CapacityReached(f"{self.sessions()} sessions, cap {self.max_sessions}")
        kwargs["extra_arguments"] = [*kwargs.get("extra_arguments", ()), *KERNEL_ARGUMENTS]
        if not preheat:
            return str(await super().start_kernel(**kwargs))
        # A pool kernel while it starts: known by its id, so it is not counted as a visitor.
        kernel_id = kwargs.setdefault("kernel_id", str(uuid.uuid4()))
        self._preheating.add(kernel_id)
        try:
            return str(await super().start_kernel(**kwargs))
        finally:
            self._preheating.discard(kernel_id)

    # -- connections and culling -----------------------------------------------------------------

    def notify_connect(self, kernel_id: str) -> None:
        """Remember that a page connected to this kernel (so it is a real visit)."""
        self._ever_connected.add(kernel_id)
        super().notify_connect(kernel_id)  # type: ignore[no-untyped-call]

    async def shutdown_kernel(self, kernel_id: str, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        self._ever_connected.discard(kernel_id)
        await super().shutdown_kernel(kernel_id, *args, **kwargs)  # type: ignore[no-untyped-call]

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        """Free a kernel no page connected to once idle; otherwise the usual idle rule.

        Voila's preheat subclass calls this only for kernels outside the pool. The culler lists
        the kernels first and then awaits each check (and shutdown) in turn, so a kernel on its
        list may be gone by the time its turn comes (its page closed, or culled meanwhile): then
        there is nothing to do (jupyter_server's own check would raise KeyError).
        """
        kernel = upstream.kernels(self).get(kernel_id)
        if kernel is None or _last_activity(kernel) is None:
            # Gone, or still starting (no activity recorded yet, and jupyter_server's own check
            # would raise reading it): the next round looks again.
            return
        if self._unconnected_and_idle(kernel_id):
            self.log.info("Freeing kernel %s: no page connected to it", kernel_id)
            await self.shutdown_kernel(kernel_id)
            return
        await super().cull_kernel_if_idle(kernel_id)  # type: ignore[no-untyped-call]

    def _unconnected_and_idle(self, kernel_id: str) -> bool:
        kernel = upstream.kernels(self).get(kernel_id)
        if kernel is None or kernel_id in self._ever_connected:
            return False
        if getattr(kernel, "execution_state", None) == "busy":
            return False
        last = _last_activity(kernel)
        idle = (datetime.now(UTC) - last).total_seconds() if last is not None else 0.0
        return idle > self.unconnected_timeout


def _last_activity(kernel: Any) -> datetime | None:
    """When the kernel was last active; None while it starts (the trait is not set yet, and
    reading it raises TraitError, not AttributeError)."""
    try:
        return cast(datetime, kernel.last_activity)
    except (AttributeError, TraitError):
        return None


def _started(task: Any) -> bool:
    """A pool task that has its kernel: done, neither cancelled nor failed."""
    return bool(task.done() and not task.cancelled() and task.exception() is None)


class CappedPageHandler(TornadoVoilaHandler):  # type: ignore[misc]  # voila ships no types
    """Voila's page handler with the cap in front: when full, the busy page and no kernel."""

    @authenticated
    async def get(self, path: str | None = None) -> None:
        manager = self.kernel_manager
        if path:
            # One page only. Voila would redirect any other path to /voila/files/, which serves
            # nothing here (an empty allowlist, a 403): say "not found" at once, calmly.
            raise HTTPError(404)
        if isinstance(manager, VisitorKernelManager) and manager.is_full():
            self._busy(manager)
            return
        from_pool = isinstance(manager, VisitorKernelManager) and upstream.served_from_pool(
            self, manager
        )
        # A visitor given a pool kernel that is still starting counts until it has started.
        reserved = from_pool and manager.next_pool_kernel_pending()
        if reserved:
            manager.reserved += 1
        if from_pool:
            manager.keeper.took()
        try:
            await super().get(path)
        except CapacityReached:
            if upstream.headers_written(self):
                raise
            self._busy(manager)
        finally:
            if reserved:
                manager.reserved -= 1

    def _busy(self, manager: VisitorKernelManager) -> None:
        self.log.warning(
            "Session cap reached (%d of %d): sent the busy page",
            manager.sessions(),
            manager.max_sessions,
        )
        self.clear()
        self.set_status(503)
        self.set_header("Retry-After", str(RETRY_AFTER_S))
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        # The 503 of server/pages/error.html: self-contained, no script, no other host; in the
        # link's language, read as the kernel reads it (anything unknown is the default).
        language = link_language(self.request.query)
        self.finish(self.render_template("error.html", status_code=503, language=language))
