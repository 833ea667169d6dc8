"""How many visitor sessions one machine holds, from its memory (standard library only).

Each visitor has a kernel of their own. Measured on the reference machine (Debian 12, Python
3.11, `make serve`, 2026-12-02): a dashboard kernel holds about 64 MB resident (47 MB of it its
own, the rest shared libraries); one that has made the printable plan's PDF (fpdf2 and Pillow
imported) about 30 MB more; the Voila server itself about 100 MB. The arithmetic, written down
in the README and docs/deploy.md:

    sessions = (75 % of the machine's memory - the server - the preheated pool) / 120 MB

120 MB per session is the heaviest kernel measured (a visitor who made a PDF, about 95 MB) plus a
quarter. The remaining quarter of memory stays free for the system, the page cache and the
browser tests.
On a 24 GB machine: (18,000 MB - 100 MB - 2 x 120 MB) / 120 MB = 147 sessions.
"""

from __future__ import annotations

import os

__all__ = ["MB", "SESSION_MB", "default_max_sessions", "machine_memory", "sessions_for"]

MB = 1_000_000
#: Memory to plan for per visitor session (one kernel), in MB. `make bench` (2026-12-02) measured
#: 61 MiB RSS and 45 MiB USS per session kernel; a kernel that made a PDF holds about 28 MiB more.
#: 120 MB covers that heaviest visitor with a margin (RSS counts shared libraries once per kernel,
#: so the real sum is nearer USS).
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
