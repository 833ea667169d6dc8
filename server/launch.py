"""Start Voila on the dashboard notebook: the one launcher behind `make serve` and the e2e tests.

Usage: python server/launch.py [--port 8866] [--notebook PATH] [-- extra Voila options]

It builds the Voila command line and environment from the settings kept in this folder
(server/config/voila.py, the template under server/jupyter/) and then replaces itself with
Voila, so the process id a caller holds is the server's own.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

SERVER = Path(__file__).resolve().parent
ROOT = SERVER.parent
NOTEBOOK = ROOT / "notebooks" / "dashboard.ipynb"
CONFIG_DIR = SERVER / "config"
JUPYTER_DIR = SERVER / "jupyter"
HOST = "127.0.0.1"
DEFAULT_PORT = 8866


def address(port: int) -> str:
    """The address a visitor opens."""
    return f"http://{HOST}:{port}/"


def command(port: int, notebook: Path = NOTEBOOK, extra: Sequence[str] = ()) -> list[str]:
    """The Voila command line: one notebook (never a folder), our config file only."""
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        f"--port={port}",
        f"--Voila.ip={HOST}",
        "--no-browser",
        # Read voila.py from our folder only: not from the working directory or ~/.jupyter.
        f"--Voila.config_file_paths={CONFIG_DIR}",
        *extra,
    ]


def environment(base: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The server's environment: our template folder first on the Jupyter data path."""
    env = dict(base)
    paths = [str(JUPYTER_DIR), base.get("JUPYTER_PATH", "")]
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in paths if p)
    env["JUPYTER_CONFIG_PATH"] = str(CONFIG_DIR)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """Read the launcher's own options; anything after `--` goes to Voila unchanged."""
    own, extra = _split(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--notebook", type=Path, default=NOTEBOOK)
    args = parser.parse_args(own)
    args.extra = extra
    return args


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
    cmd = command(args.port, args.notebook.resolve(), args.extra)
    print(f"Serving the dashboard at {address(args.port)}  (Ctrl+C stops it)", flush=True)
    os.chdir(ROOT)
    os.execve(cmd[0], cmd, environment())


if __name__ == "__main__":
    main()
