"""server/kernels.py's culling, without a server: a kernel still starting is left alone."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from jupyter_server.services.kernels.kernelmanager import ServerKernelManager

from server import kernels


def run(coroutine: Coroutine[object, object, None]) -> None:
    """Run on a thread of its own: the browser tests' Playwright keeps a loop on this one."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coroutine).result()


@pytest.fixture
def manager(tmp_path: Path) -> kernels.VisitorKernelManager:
    made = kernels.VisitorKernelManager(root_dir=str(tmp_path), max_sessions=4)
    made.unconnected_timeout = 60
    made.shut_down: list[str] = []  # type: ignore[misc]

    async def shutdown_kernel(kernel_id: str, *_args: object, **_kwargs: object) -> None:
        made.shut_down.append(kernel_id)

    made.shutdown_kernel = shutdown_kernel  # type: ignore[method-assign]
    return made


def test_a_kernel_still_starting_is_not_culled_and_raises_nothing(manager) -> None:
    """During a burst the culler met a kernel with no last_activity yet: reading it raised
    TraitError (a traceback in the log every round). Now it is left for the next round."""
    starting = ServerKernelManager()
    with pytest.raises(Exception, match="last_activity"):
        _ = starting.last_activity  # the situation itself, as traitlets has it
    manager._kernels["starting"] = starting
    run(manager.cull_kernel_if_idle("starting"))
    assert manager.shut_down == []


def test_an_unconnected_idle_kernel_is_still_freed(manager) -> None:
    idle = ServerKernelManager()
    idle.last_activity = datetime.now(UTC) - timedelta(seconds=61)
    idle.execution_state = "idle"
    manager._kernels["idle"] = idle
    run(manager.cull_kernel_if_idle("idle"))
    assert manager.shut_down == ["idle"]
