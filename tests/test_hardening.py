"""Hostile visitors and bad input, in plain pytest: forged widget messages, broken content at
start-up, the dependency floor, the session arithmetic, logs without answers, the nginx front.

The browser-level checks of the same points are in tests/e2e/test_hostile.py.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest
import yaml
from packaging.version import Version

import explainer.content
from explainer import default_content
from explainer.dashboard import build_app
from server import launch, sizing, workers

ROOT = Path(__file__).resolve().parents[1]

# -- Widget messages are untrusted input ---------------------------------------------------------

# Forged "update" messages a visitor could send over the kernel websocket: (id, widget, state).
# `widget` names a CSS class on the target. None reaches the advice; each gets the calm notice.
FORGED = [
    ("yes_no_as_string", "criterion-rare_cancer", {"value": "yes"}),
    ("yes_no_huge_string", "criterion-rare_cancer", {"value": "x" * 1_000_000}),
    ("yes_no_as_list", "criterion-rare_cancer", {"value": [True]}),
    ("choice_unknown_option", "criterion-opinions_so_far", {"index": 99}),
    ("choice_negative_index", "criterion-opinions_so_far", {"index": -5}),
    ("choice_index_as_string", "criterion-opinions_so_far", {"index": "1"}),
    ("choice_no_option", "criterion-opinions_so_far", {"index": None}),
    ("choice_value_directly", "criterion-opinions_so_far", {"value": "two_disagree"}),
    ("label_rewritten", "criterion-rare_cancer", {"description": "<img src=x onerror=alert(1)>"}),
    ("classes_rewritten", "criterion-rare_cancer", {"_dom_classes": ["evil"]}),
    ("advice_rewritten", "advice-region", {"value": "<script>alert(1)</script>"}),
    ("nav_unknown_view", "explainer-nav", {"index": 42}),
    ("not_a_mapping", "criterion-rare_cancer", ["value", True]),
]


def widget_tree(root: w.Widget) -> Iterator[w.Widget]:
    yield root
    for child in getattr(root, "children", ()):
        yield from widget_tree(child)


def by_class(root: w.Widget, css_class: str) -> w.Widget:
    found = [x for x in widget_tree(root) if css_class in getattr(x, "_dom_classes", ())]
    assert len(found) == 1, f"{len(found)} widgets with class {css_class}"
    return found[0]


def forge(widget: w.Widget, state: Any) -> None:
    """Deliver an update exactly as the kernel's comm layer does for a message from the page."""
    widget._handle_msg(
        {
            "content": {"data": {"method": "update", "state": state, "buffer_paths": []}},
            "buffers": [],
        }
    )


@pytest.mark.parametrize(("target", "state"), [c[1:] for c in FORGED], ids=[c[0] for c in FORGED])
def test_a_forged_widget_update_is_refused_with_the_calm_notice(target: str, state: Any) -> None:
    """A forged update leaves answers and advice as they were and shows the bad-answer notice."""
    root = build_app(default_content(), "")
    texts = default_content().texts
    advice, notice = by_class(root, "advice-region"), by_class(root, "notice-region")
    before = advice.value
    forge(by_class(root, target), state)
    assert texts["bad_answer"] in notice.value
    assert advice.value == before
    assert "<script>" not in advice.value


def test_after_a_forged_update_the_dashboard_still_takes_real_answers() -> None:
    """The session survives a refused update: a real answer next changes the advice."""
    root = build_app(default_content(), "")
    advice, rare = by_class(root, "advice-region"), by_class(root, "criterion-rare_cancer")
    forge(rare, {"value": "x" * 100_000})
    assert 'data-level="optional"' in advice.value
    forge(rare, {"value": True})
    assert 'data-level="essential"' in advice.value
    assert default_content().texts["bad_answer"] not in by_class(root, "notice-region").value


def test_a_refused_update_logs_the_kind_of_refusal_never_the_value(caplog) -> None:
    """The server log says an update was refused, never what the visitor sent."""
    root = build_app(default_content(), "")
    with caplog.at_level(logging.WARNING, logger="explainer.dashboard"):
        forge(by_class(root, "criterion-rare_cancer"), {"value": "secret-answer-123"})
    assert "refused a widget update" in caplog.text
    assert "secret-answer-123" not in caplog.text


def test_the_presenter_and_the_plan_refuse_forged_updates_too() -> None:
    """Every view is hardened, not only the self-check."""
    texts = default_content().texts
    for query in ("view=present", "view=handout"):
        root = build_app(default_content(), query)
        forge(root, {"children": []})
        assert texts["bad_answer"] in by_class(root, "notice-region").value, query


# -- Bad content stops start-up ------------------------------------------------------------------


@pytest.fixture
def broken_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of data/ where one criterion has a kind that does not exist; the loader reads it."""
    folder = tmp_path / "data"
    shutil.copytree(explainer.content.DATA_DIR, folder)
    criteria = yaml.safe_load((folder / "criteria.yaml").read_text(encoding="utf-8"))
    criteria["criteria"][0]["kind"] = "maybe"
    (folder / "criteria.yaml").write_text(yaml.safe_dump(criteria), encoding="utf-8")
    monkeypatch.setattr(explainer.content, "DATA_DIR", folder)
    return folder


def test_broken_content_stops_the_launcher_with_one_line_naming_file_and_field(
    broken_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The launcher exits non-zero with one line naming the file and the field; no server starts."""
    started: list[list[str]] = []
    monkeypatch.setattr(launch.os, "execve", lambda path, args, env: started.append(args))
    monkeypatch.setattr(launch.os, "chdir", lambda path: None)
    with pytest.raises(SystemExit) as stop:
        launch.main(["--port=18799"])
    message = str(stop.value.code)
    assert "\n" not in message
    assert "criteria.yaml" in message and "'kind'" in message and "maybe" in message
    assert started == []


def test_kernel_sockets_go_under_the_temporary_folder_when_it_is_short() -> None:
    """A short temporary folder holds the kernels' Unix sockets itself."""
    short = tempfile.mkdtemp(dir="/tmp")
    try:
        assert launch.connection_root(short) == short
    finally:
        os.rmdir(short)


def test_kernel_sockets_move_to_tmp_when_the_temporary_folder_is_too_long(tmp_path) -> None:
    """A temporary folder too long for AF_UNIX paths (macOS's, say) is swapped for /tmp."""
    deep = tmp_path / ("x" * 60)
    deep.mkdir()
    assert launch.connection_root(str(deep)) == "/tmp"


def test_the_launcher_refuses_when_no_folder_fits(monkeypatch) -> None:
    """With no short writable folder, the error says what to set."""
    monkeypatch.setattr(launch, "SHORT_TMP", "/" + "y" * 60)
    with pytest.raises(ValueError, match="TMPDIR"):
        launch.connection_root("/" + "x" * 60)


def test_the_real_content_passes_the_launchers_check() -> None:
    """The packaged data loads, so `make serve` starts."""
    assert launch.content_problem() is None


def test_a_broken_spanish_file_stops_the_launcher_naming_it(monkeypatch, tmp_path) -> None:
    """The server speaks every language of data/: a Spanish file that lacks a key of the English
    one stops the start, in one line naming the file and the key."""
    import shutil

    import explainer.content

    data = tmp_path / "data"
    shutil.copytree(explainer.content.DATA_DIR, data)
    ui = data / "es" / "sources.yaml"
    text = ui.read_text(encoding="utf-8")
    start = text.index("    date_note:")
    end = text.index("\n    passages:", start)
    ui.write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    monkeypatch.setattr(explainer.content, "DATA_DIR", data)
    problem = launch.content_problem()
    assert problem is not None and "\n" not in problem
    assert "data/es/sources.yaml" in problem and "date_note" in problem


# -- Dependencies: pinned at or above the releases with no known advisory ----------------------

FLOORS = {
    "jupyter_server": "2.20",
    "tornado": "6.5.8",
    "nbconvert": "7.17.1",
    "voila": "0.5.6",
}


def pins() -> dict[str, Version]:
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pairs = [line.split("==") for line in lines if "==" in line and not line.startswith("#")]
    return {name.strip().lower().replace("-", "_"): Version(v.strip()) for name, v in pairs}


@pytest.mark.parametrize(("package", "floor"), FLOORS.items())
def test_security_relevant_pins_are_at_or_above_the_fixed_release(package: str, floor: str) -> None:
    """requirements.txt (the runtime pins) holds each server package at a fixed release."""
    pinned = pins()
    assert package in pinned, f"{package} is not pinned in requirements.txt"
    assert pinned[package] >= Version(floor), f"{package}=={pinned[package]} < {floor}"


# -- The session cap's default -------------------------------------------------------------------


def test_the_default_cap_follows_the_documented_arithmetic() -> None:
    """75 % of memory, less the server and its pool, in 120 MB sessions: 147 on 24 GB."""
    assert sizing.sessions_for(24 * 10**9) == 147
    assert sizing.sessions_for(4 * 10**9) == 22
    assert sizing.sessions_for(10**8) == 1  # never zero: a tiny machine still serves one visitor


def test_the_launcher_passes_the_cap_to_voila() -> None:
    """`--max-sessions 30` becomes the kernel manager's setting on Voila's command line."""
    args = launch.parse(["--max-sessions", "30"])
    cmd = launch.command(8866, max_sessions=args.max_sessions)
    assert "--VisitorKernelManager.max_sessions=30" in cmd
    assert cmd[1:3] == ["-m", "server.voila_app"]


def test_the_launcher_refuses_a_cap_or_worker_count_below_one() -> None:
    """Zero or negative numbers are refused before anything starts."""
    for bad in (["--max-sessions=0"], ["--workers=-1"]):
        with pytest.raises(SystemExit):
            launch.parse(bad)


SETTINGS = ("PORT", "MAX_SESSIONS", "WORKERS", "GROUP", "BIND_ADDRESS", "PUBLIC_URL")


@pytest.fixture
def no_settings(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """The launcher's environment without any of its settings (a CI machine may set PORT)."""
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_launcher_takes_its_settings_from_the_environment(no_settings) -> None:
    """A container passes settings as environment variables; the command line still wins."""
    for name, value in [("PORT", "9000"), ("MAX_SESSIONS", "12"), ("WORKERS", "3"),
                        ("GROUP", "5"), ("BIND_ADDRESS", "0.0.0.0")]:  # fmt: skip
        no_settings.setenv(name, value)
    args = launch.parse([])
    assert (args.port, args.max_sessions, args.workers, args.group, args.bind) == (
        9000, 12, 3, 5, "0.0.0.0"
    )  # fmt: skip
    assert launch.parse(["--port=9100", "--workers=1"]).port == 9100


def test_without_settings_the_launcher_serves_one_worker_on_loopback(no_settings) -> None:
    args = launch.parse([])
    assert (args.port, args.max_sessions, args.workers, args.group, args.bind) == (
        8866, None, 1, 0, "127.0.0.1"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("MAX_SESSIONS", "lots", "MAX_SESSIONS='lots' is not usable: it must be a whole number"),
        ("PORT", "70000", "PORT='70000' is not usable: it must be a port from 1 to 65535"),
        ("WORKERS", "0", "WORKERS='0' is not usable: it must be 1 or more, not 0"),
        ("BIND_ADDRESS", "example.org", "BIND_ADDRESS='example.org' is not usable: it must be"),
    ],
)
def test_a_bad_setting_in_the_environment_stops_the_launcher_in_one_line_naming_it(
    no_settings, capsys: pytest.CaptureFixture[str], name: str, value: str, said: str
) -> None:
    no_settings.setenv(name, value)
    with pytest.raises(SystemExit) as stopped:
        launch.parse([])
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and said in err and len(err.strip().splitlines()) == 1


def test_servers_started_with_their_own_options_ignore_the_settings() -> None:
    env = {"PORT": "1", "WORKERS": "4", "BIND_ADDRESS": "0.0.0.0", "PATH": "/bin", "LANG": "C"}
    assert launch.without_settings(env) == {"PATH": "/bin", "LANG": "C"}


def test_voila_listens_on_the_bind_address_and_the_address_printed_opens() -> None:
    assert "--Voila.ip=127.0.0.1" in launch.command(8866)
    assert "--Voila.ip=0.0.0.0" in launch.command(8866, bind="0.0.0.0")
    # Listening on every address, the server is still opened on this machine at 127.0.0.1.
    assert launch.address(8866, "0.0.0.0") == "http://127.0.0.1:8866/"
    assert launch.address(8866, "10.0.0.5") == "http://10.0.0.5:8866/"


# -- The session cap follows a container's memory limit ---------------------------------------


@pytest.mark.parametrize(
    ("cgroup", "files", "limit"),
    [
        ("0::/pod/explainer\n", {"pod/explainer/memory.max": "3758096384\n"}, 3758096384),
        ("0::/\n", {"memory.max": "max\n"}, None),  # v2 with no limit
        ("0::/\n", {"memory.max": "2147483648\n"}, 2147483648),  # v2, in its own namespace
        # v2: the group has no limit of its own, a parent has (a systemd slice, a pod).
        ("0::/slice/pod/c\n", {"slice/pod/c/memory.max": "max", "slice/pod/memory.max": "1073741824",
                                "slice/memory.max": "4294967296"}, 1073741824),
        # v1: the container's own group is mounted at the root of the memory controller.
        ("4:memory:/machine/abc\n0::/\n", {"memory/memory.stat": "cache 0\nhierarchical_memory_limit 2147483648\n"},
         2147483648),
        # hybrid, the v2 line first: the v1 memory controller still decides.
        ("0::/\n4:memory:/x\n", {"memory/memory.stat": "rss 1\n", "memory/memory.limit_in_bytes": "2147483648"},
         2147483648),
        ("4:memory:/\n", {"memory/memory.stat": f"hierarchical_memory_limit {2**63 - 4096}\n"}, None),
        ("0::/\n", {}, None),  # nothing readable
    ],
)  # fmt: skip
def test_the_memory_limit_comes_from_the_control_group(
    tmp_path: Path, cgroup: str, files: dict[str, str], limit: int | None
) -> None:
    (tmp_path / "cgroup").write_text(cgroup)
    root = tmp_path / "sys"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    assert sizing.cgroup_memory_limit(tmp_path / "cgroup", root) == limit


def test_the_cap_is_sized_from_the_lower_of_the_machine_and_its_limit(monkeypatch) -> None:
    pages = {"SC_PAGE_SIZE": 4096, "SC_PHYS_PAGES": 16 * 1024**3 // 4096}  # a 16 GiB machine
    monkeypatch.setattr(sizing.os, "sysconf", pages.__getitem__)
    monkeypatch.setattr(sizing, "cgroup_memory_limit", lambda: 2 * 1024**3)
    assert sizing.machine_memory() == 2 * 1024**3
    assert sizing.default_max_sessions() == sizing.sessions_for(2 * 1024**3) == 10
    monkeypatch.setattr(sizing, "cgroup_memory_limit", lambda: None)
    assert sizing.machine_memory() == 16 * 1024**3
    monkeypatch.setattr(sizing, "cgroup_memory_limit", lambda: 64 * 1024**3)  # above the machine
    assert sizing.machine_memory() == 16 * 1024**3


# -- Logs never hold answers ---------------------------------------------------------------------


def test_query_strings_are_removed_from_request_log_lines() -> None:
    """Tornado's request lines lose their query (a link's query is a visitor's answers)."""
    from server.voila_app import RedactQueries

    record = logging.LogRecord(
        "tornado.access", logging.WARNING, __file__, 1, "%d %s %.2fms",
        (403, "GET /voila/files/x?rare_cancer=yes&age=70 (127.0.0.1)", 1.0), None,
    )  # fmt: skip
    RedactQueries().filter(record)
    line = record.getMessage()
    assert "rare_cancer" not in line and "age=70" not in line
    assert "403 GET /voila/files/x?… (127.0.0.1)" in line


# -- Several workers behind nginx ----------------------------------------------------------------


def test_workers_listen_on_the_ports_after_the_public_one() -> None:
    """Worker ports are predictable: the public port plus 1, 2, ..."""
    assert workers.worker_ports(18750, 3) == [18751, 18752, 18753]


@pytest.mark.parametrize(
    ("bind", "listen"),
    [("127.0.0.1", "127.0.0.1:18790"), ("0.0.0.0", "0.0.0.0:18790"), ("::", "[::]:18790")],
)
def test_the_generated_nginx_config_is_valid_sticky_and_keeps_no_access_log(
    tmp_path: Path, bind: str, listen: str
) -> None:
    """nginx accepts the config; it routes by the route cookie, upgrades websockets, logs no URLs;
    it listens where asked (a container: every address), its workers only on loopback."""
    nginx = shutil.which(workers.NGINX) or workers.NGINX
    if not Path(nginx).exists():
        pytest.fail(f"no nginx at {nginx}: `apt-get install -y nginx` (see .ci/run)")
    text = workers.nginx_config(bind, 18790, [18791, 18792], tmp_path)
    assert f"listen {listen};" in text
    assert "server 127.0.0.1:18791 max_fails=0;" in text
    assert "hash $explainer_route consistent" in text
    assert "proxy_set_header Upgrade $http_upgrade" in text
    assert "access_log off" in text and "error_log stderr crit;" in text
    conf = tmp_path / "nginx.conf"
    conf.write_text(text, encoding="utf-8")
    check = subprocess.run(
        [nginx, "-t", "-e", "stderr", "-p", str(tmp_path), "-c", str(conf)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
