"""How many visitor sessions one machine holds, from its memory (standard library only).

Each visitor has a kernel of their own. Measured on the reference machine (Debian 12, Python
3.11, `make serve`): a dashboard kernel holds about 100 MB resident (82 MB of it its own, the rest
shared libraries); the Voila server itself about 100 MB. The arithmetic, written down in the
README and docs/deploy.md:

    sessions = (75 % of the machine's memory - the server - the preheated pool) / 120 MB

120 MB per session is the measured 100 MB plus a fifth for a visitor who uses every view. The
remaining quarter of memory stays free for the system, the page cache and the browser tests.
On a 24 GB machine: (18,000 MB - 100 MB - 2 x 120 MB) / 120 MB = 147 sessions.
"""

from __future__ import annotations

import os

__all__ = ["MB", "SESSION_MB", "default_max_sessions", "machine_memory", "sessions_for"]

MB = 1_000_000
#: Memory to plan for per visitor session (one kernel), in MB: measured 100 MB plus a fifth.
#: Since the kernel got lighter, `make bench` (2026-11-25) measured about 103 MiB RSS (108 MB) and
#: 84 MiB USS (88 MB) per session kernel: 120 MB is kept as the conservative figure (RSS counts
#: shared libraries once per kernel, so the real sum is nearer USS; the margin is for a visitor
#: who opens every view).
SESSION_MB = 120
#: The Voila server process itself, in MB (measured: about 100 MB).
SERVER_MB = 100
#: The share of the machine's memory the sessions may use.
SHARE = 0.75


def machine_memory() -> int:
    """The machine's physical memory in bytes."""
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def sessions_for(memory: int, pool: int = 2, workers: int = 1) -> int:
    """How many sessions fit in `memory` bytes, after the servers and their preheated pools."""
    usable = memory * SHARE / MB - workers * (SERVER_MB + pool * SESSION_MB)
    return max(1, int(usable // SESSION_MB))


def default_max_sessions() -> int:
    """The session cap for this machine when none is given (`make serve MAX_SESSIONS=...`)."""
    return sessions_for(machine_memory())
