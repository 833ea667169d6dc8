"""How many visitor sessions one machine holds, from its memory (standard library only).

Each visitor has a kernel of their own; one that has made the printable plan's PDF (fpdf2 and
Pillow imported) is the heaviest. What each costs is measured by `make bench` (docs/deploy.md,
docs/performance.md). The arithmetic, written down in docs/deploy.md:

    sessions = (75 % of the machine's memory - the server - the preheated pool) / 120 MB

120 MB per session is the heaviest kernel measured (a visitor who made a PDF) plus a quarter.
The remaining quarter of memory stays free for the system, the page cache and the browser
tests.
On a 24 GB machine: (18,000 MB - 100 MB - 2 x 120 MB) / 120 MB = 147 sessions.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

__all__ = [
    "MB",
    "SESSION_MB",
    "cgroup_memory_limit",
    "default_max_sessions",
    "machine_memory",
    "sessions_for",
]

MB = 1_000_000
#: Memory to plan for per visitor session (one kernel), in MB: the heaviest visitor measured (one
#: who made a PDF; docs/deploy.md) with a margin (RSS counts shared libraries once per kernel,
#: so the real sum is nearer USS).
SESSION_MB = 120
#: The Voila server process itself, in MB: a little under its measured size (docs/deploy.md);
#: the quarter of memory left free covers the difference.
SERVER_MB = 100
#: The share of the machine's memory the sessions may use.
SHARE = 0.75


def machine_memory() -> int:
    """The memory this server may use, in bytes: the machine's physical memory, or its container's
    limit when that is lower (a Kubernetes pod or `podman run --memory`: sizing from the host's
    memory would let the kernel's OOM killer take a visitor's page before the busy page shows)."""
    physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    limit = cgroup_memory_limit()
    return min(physical, limit) if limit else physical


def cgroup_memory_limit(
    cgroup: Path = Path("/proc/self/cgroup"), root: Path = Path("/sys/fs/cgroup")
) -> int | None:
    """This process's memory limit from its control group, in bytes; None when there is none or
    it cannot be read. A parent group's limit binds too: cgroup v2 takes the lowest `memory.max`
    from this process's group up to the root, v1 the memory controller's hierarchical limit."""
    try:
        lines = cgroup.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    v1 = v2 = None
    for line in lines:
        _id, controllers, path = [*line.split(":", 2), "", ""][:3]
        if controllers == "":
            v2 = path
        elif "memory" in controllers.split(","):
            v1 = path
    # A v1 memory controller wins: in a hybrid setup the v2 hierarchy has no memory controller.
    if v1 is not None:
        return _v1_limit(root / "memory", v1)
    if v2 is not None:
        return _v2_limit(root, v2)
    return None


def _v2_limit(root: Path, path: str) -> int | None:
    relative = PurePosixPath(path.lstrip("/"))
    groups = [relative, *relative.parents]  # this group, then each parent up to the root
    limits = [_bytes(root / group / "memory.max") for group in groups]
    return min((limit for limit in limits if limit), default=None)


def _v1_limit(root: Path, path: str) -> int | None:
    # The group's own folder where it is visible, else the root: a container's own group is
    # mounted at the root of the controller.
    for folder in (root / path.lstrip("/"), root):
        stat = _read(folder / "memory.stat")
        if stat is None:
            continue
        for line in stat.splitlines():
            name, _, value = line.partition(" ")
            if name == "hierarchical_memory_limit":
                return _limit(value)
        return _bytes(folder / "memory.limit_in_bytes")
    return None


def _read(file: Path) -> str | None:
    try:
        return file.read_text(encoding="utf-8")
    except OSError:
        return None


def _bytes(file: Path) -> int | None:
    text = _read(file)
    return _limit(text) if text is not None else None


def _limit(text: str) -> int | None:
    """A limit in bytes; None for "max" (v2) or a number near 2**63 (v1): no limit."""
    text = text.strip()
    return int(text) if text.isdigit() and int(text) < 2**60 else None


def cores() -> int:
    """The cores this server may use: its CPU affinity (a container's or taskset's limit), where
    the system has one."""
    affinity = getattr(os, "sched_getaffinity", None)
    return max(1, len(affinity(0)) if affinity else os.cpu_count() or 1)


def refill_parallel(workers: int = 1) -> int:
    """How many warm kernels each of `workers` servers may start at once: its share of the
    cores, and at least one."""
    return max(1, cores() // workers)


def sessions_for(memory: int, pool: int = 2, workers: int = 1) -> int:
    """How many sessions fit in `memory` bytes, after the servers and their preheated pools."""
    usable = memory * SHARE / MB - workers * (SERVER_MB + pool * SESSION_MB)
    return max(1, int(usable // SESSION_MB))


def default_max_sessions() -> int:
    """The session cap for this machine when none is given (`make serve MAX_SESSIONS=...`)."""
    return sessions_for(machine_memory())
