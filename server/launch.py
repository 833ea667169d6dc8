"""Start Voila on the dashboard notebook: the one launcher behind `make serve` and the e2e tests.

Usage: python -m server.launch [--port 8866] [--max-sessions N] [--workers N] [--group N]
                               [--public-url URL] [--bind ADDRESS] [--notebook PATH]
                               [-- extra Voila options]

Each option may come from the environment instead (PORT, MAX_SESSIONS, WORKERS, GROUP,
PUBLIC_URL, BIND_ADDRESS), as a container passes them; an option on the command line wins.

It checks the content first (a broken data file stops it with one line naming the file and the
field, before any server is up), builds the Voila command line and environment from the settings
kept in this folder (server/config/voila.py, the template under server/jupyter/) and then
replaces itself with Voila, so the process id a caller holds is the server's own. With
`--workers N` (N > 1) it stays in front instead: N Voila workers behind nginx (server/workers.py),
all stopped together by Ctrl+C.
"""

from __future__ import annotations

import argparse
import ipaddress
import math
import os
import secrets
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from explainer import group as group_request
from explainer.qr import PUBLIC_URL, room_address

SERVER = Path(__file__).resolve().parent
ROOT = SERVER.parent
NOTEBOOK = ROOT / "notebooks" / "dashboard.ipynb"
CONFIG_DIR = SERVER / "config"
JUPYTER_DIR = SERVER / "jupyter"
HOST = "127.0.0.1"
#: What `--bind` takes for "every address of this machine" (a container's, reached through its
#: port mapping or a Kubernetes Service).
ANY_ADDRESS = ("0.0.0.0", "::")
DEFAULT_PORT = 8866


def address(port: int, bind: str = HOST) -> str:
    """The address a visitor opens (on this machine, when the server listens on every address)."""
    return f"http://{HOST if bind in ANY_ADDRESS else bind}:{port}/"


def command(
    port: int,
    notebook: Path = NOTEBOOK,
    extra: Sequence[str] = (),
    max_sessions: int | None = None,
    group: int = 0,
    parallel: int | None = None,
    bind: str = HOST,
) -> list[str]:
    """The Voila command line: one notebook (never a folder), our config file only.

    It runs server/voila_app.py (`python -m server.voila_app`): Voila with the session cap in
    front of the page; `group` kernels are kept warm for a group from the start (server/warm.py).
    """
    cap = [f"--VisitorKernelManager.max_sessions={max_sessions}"] if max_sessions else []
    cap += [f"--VisitorKernelManager.group={group}"] if group else []
    cap += [f"--VisitorKernelManager.refill_parallel={parallel}"] if parallel else []
    return [
        sys.executable,
        "-m",
        "server.voila_app",
        str(notebook),
        f"--port={port}",
        f"--Voila.ip={bind}",
        # A port in use stops the server with an error: Voila would otherwise move to a nearby
        # port, and the address printed above (and a load balancer's) would be wrong.
        "--Voila.port_retries=0",
        "--no-browser",
        # Read voila.py from our folder only: not from the working directory or ~/.jupyter.
        f"--Voila.config_file_paths={CONFIG_DIR}",
        *cap,
        *extra,
    ]


def content_problem() -> str | None:
    """None when the packaged content loads in every language; otherwise one line naming the
    file and field (a Spanish file without a key of the English one, say)."""
    from explainer import ContentError, load_content
    from explainer.translation import LANGUAGES

    try:
        for language in LANGUAGES:
            load_content(language=language)
    except ContentError as error:  # its message names the file, the item and the field
        first_line = (str(error).splitlines() or [type(error).__name__])[0]
        return f"The content is broken, so the server did not start: {first_line}"
    return None


#: AF_UNIX's limit on a socket path, in bytes (107 characters and the final NUL on Linux).
UNIX_PATH_MAX = 107
#: What Voila adds to its connection folder's root for a kernel's socket (server/config/voila.py,
#: ipc): /voila_XXXXXXXX/kernel-<36-character id>-ipc-NN
IPC_SUFFIX = len("/voila_XXXXXXXX/kernel-") + 36 + len("-ipc-NN")
#: Where the kernels' sockets go when the temporary folder's path is too long for them
#: (macOS's TMPDIR under /var/folders is, for one).
SHORT_TMP = "/tmp"


def _fits(folder: str) -> bool:
    return len(os.fsencode(folder)) + IPC_SUFFIX <= UNIX_PATH_MAX


def connection_root(tmpdir: str | None = None) -> str:
    """The folder under which Voila keeps the kernels' Unix sockets: short enough for AF_UNIX.

    The temporary folder when it fits, else /tmp; raises ValueError when neither will do.
    """
    folder = tmpdir if tmpdir is not None else tempfile.gettempdir()
    for candidate in (folder, SHORT_TMP):
        if _fits(candidate) and os.access(candidate, os.W_OK | os.X_OK):
            return candidate
    raise ValueError(
        f"Neither the temporary folder {folder} nor {SHORT_TMP} is writable with a path short "
        f"enough for the kernels' sockets (at most {UNIX_PATH_MAX - IPC_SUFFIX} characters): "
        "set TMPDIR to a short, writable folder"
    )


def public_url(text: str) -> str:
    """The address visitors reach, checked: http(s), a host, no query; ends with "/".

    Raises ValueError naming what is wrong."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"PUBLIC_URL must be an http:// or https:// address, not {text!r}")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"PUBLIC_URL must have no query, fragment or password: {text!r}")
    try:
        parts.port  # noqa: B018  # raises ValueError for a port that is not a number
    except ValueError:
        raise ValueError(f"PUBLIC_URL has a port that is not a number: {text!r}") from None
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    # What the kernels will draw as the room's code (explainer/qr.py), so that the server refuses
    # at once what would otherwise give no code.
    checked = room_address({PUBLIC_URL: f"{parts.scheme}://{parts.netloc}{path}"})
    if checked is None:
        raise ValueError(
            f"PUBLIC_URL must be an address phones can reach (a host name or address that is "
            f"not this computer's own, like 127.0.0.1 or localhost), not {text!r}"
        )
    return checked


def environment(
    base: Mapping[str, str] = os.environ,
    worker_ports: Sequence[int] = (),
    url: str | None = None,
) -> dict[str, str]:
    """The server's environment: our template folder first on the Jupyter data path; for the
    presenter's kernel, the workers' addresses and a secret made for this run (explainer/group.py),
    and the public address when one is set."""
    env = dict(base)
    env[group_request.URLS] = " ".join(f"http://{HOST}:{p}/" for p in worker_ports)
    if not env.get(group_request.TOKEN):  # one given (by a test, or the bench) is kept
        env[group_request.TOKEN] = secrets.token_urlsafe(32)
    if url:
        env[PUBLIC_URL] = url
    paths = [str(JUPYTER_DIR), base.get("JUPYTER_PATH", "")]
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in paths if p)
    env["JUPYTER_CONFIG_PATH"] = str(CONFIG_DIR)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def without_settings(env: Mapping[str, str]) -> dict[str, str]:
    """`env` without the launcher's settings: for the servers the tests and benchmarks start with
    options of their own, which a setting left in a shell (or `make test WORKERS=2`) must not
    change."""
    return {name: value for name, value in env.items() if name not in SETTINGS}


def parse(argv: Sequence[str], env: Mapping[str, str] = os.environ) -> argparse.Namespace:
    """Read the launcher's own options, then the settings in `env` for those not given; anything
    after `--` goes to Voila unchanged. A bad setting stops it with one line naming it."""
    own, extra = _split(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=_port, default=None)
    parser.add_argument("--notebook", type=Path, default=NOTEBOOK)
    parser.add_argument(
        "--max-sessions",
        type=_positive,
        default=None,
        help="visitor sessions at most, over all workers (default: sized to memory)",
    )
    parser.add_argument("--workers", type=_positive, default=None, help="Voila workers")
    parser.add_argument(
        "--group",
        type=_group,
        default=None,
        help="kernels to keep warm for a group arriving soon (released after 30 minutes)",
    )
    parser.add_argument(
        "--bind",
        type=_bind,
        default=None,
        help="the address to listen on: 127.0.0.1 (default), or 0.0.0.0 in a container",
    )
    parser.add_argument(
        "--public-url",
        default=None,
        help="the address visitors reach (behind a proxy), shown to a room as a code",
    )
    args = parser.parse_args(own)
    for name, (dest, check, fallback) in SETTINGS.items():
        if getattr(args, dest) is not None:
            continue
        text = env.get(name, "").strip()
        try:
            setattr(args, dest, check(text) if text else fallback)
        except argparse.ArgumentTypeError as error:
            parser.exit(2, f"The setting {name}={text!r} is not usable: it {error}\n")
    args.extra = extra
    return args


def _positive(text: str) -> int:
    value = _whole(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None


def _port(text: str) -> int:
    value = _whole(text)
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port from 1 to 65535, not {value}")
    return value


def _bind(text: str) -> str:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be an IP address (127.0.0.1, or 0.0.0.0 for every address), not {text!r}"
        ) from None


def _group(text: str) -> int:
    value = _whole(text)
    if not 0 <= value <= group_request.MAX_GROUP:
        raise argparse.ArgumentTypeError(f"must be 0 to {group_request.MAX_GROUP}, not {value}")
    return value


#: The settings the launcher also reads from the environment (a container's way), each with its
#: option's name, how it is checked, and its value when neither gives one.
SETTINGS: dict[str, tuple[str, Callable[[str], object], object]] = {
    "PORT": ("port", _port, DEFAULT_PORT),
    "MAX_SESSIONS": ("max_sessions", _positive, None),
    "WORKERS": ("workers", _positive, 1),
    "GROUP": ("group", _group, 0),
    "BIND_ADDRESS": ("bind", _bind, HOST),
    "PUBLIC_URL": ("public_url", str, None),
}


def _split(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    items = list(argv)
    if "--" not in items:
        return items, []
    cut = items.index("--")
    return items[:cut], items[cut + 1 :]


def main(argv: Sequence[str] | None = None) -> None:
    """Print the address, then become the Voila server."""
    args = parse(sys.argv[1:] if argv is None else argv)
    if not args.notebook.is_file():
        sys.exit(f"No notebook at {args.notebook}")
    problem = content_problem()
    if problem:
        sys.exit(problem)
    try:
        sockets = [f"--Voila.connection_dir_root={connection_root()}"]
        url = public_url(args.public_url) if args.public_url else None
    except ValueError as error:
        sys.exit(str(error))
    notebook = args.notebook.resolve()
    os.chdir(ROOT)
    print(
        f"Serving the dashboard at {address(args.port, args.bind)}  (Ctrl+C stops it)", flush=True
    )
    if url:
        print(f"Visitors reach it at {url}", flush=True)
    if args.workers > 1:
        sys.exit(_serve_workers(args, notebook, sockets, url))
    cmd = command(
        args.port, notebook, [*sockets, *args.extra], args.max_sessions, args.group, bind=args.bind
    )
    os.execve(cmd[0], cmd, environment(worker_ports=[args.port], url=url))


def _serve_workers(
    args: argparse.Namespace, notebook: Path, sockets: list[str], url: str | None
) -> int:
    """N workers behind nginx, sharing the session cap and the group between them."""
    from server.sizing import machine_memory, refill_parallel, sessions_for
    from server.workers import run, worker_ports

    total = args.max_sessions or sessions_for(machine_memory(), workers=args.workers)
    each = math.ceil(total / args.workers)  # rounded up: a cap of 30 over 4 workers is 8 each
    group = math.ceil(args.group / args.workers)
    parallel = refill_parallel(args.workers)  # the workers share the cores
    return run(
        args.bind,
        args.port,
        args.workers,
        lambda port: command(port, notebook, [*sockets, *args.extra], each, group, parallel),
        environment(worker_ports=worker_ports(args.port, args.workers), url=url),
    )


if __name__ == "__main__":
    main()
