"""The pins: requirements.txt (runtime, what `make serve` installs) and requirements-dev.txt
(on top, for tests, lint and bench), exact, apart, and mirrored by environment.yml for conda."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


def pins_in(name: str) -> list[str]:
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return [
        line.strip() for line in lines if line.strip() and not line.lstrip().startswith(("#", "-r"))
    ]


def requirement_pins() -> list[str]:
    return pins_in("requirements.txt") + pins_in("requirements-dev.txt")


def conda_environment() -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8")))


def conda_pip_pins() -> list[str]:
    for item in conda_environment()["dependencies"]:
        if isinstance(item, dict) and "pip" in item:
            return [str(pin) for pin in item["pip"]]
    raise AssertionError("environment.yml has no pip: section")


def test_every_requirement_is_pinned_exactly():
    """Both files pin every package to one version with ==."""
    loose = [pin for pin in requirement_pins() if "==" not in pin or ";" in pin]
    assert not loose, f"not pinned with ==: {loose}"


def test_conda_pip_section_matches_requirements():
    """environment.yml's pip: section lists the pins of both files, no more, no less."""
    ours, theirs = set(requirement_pins()), set(conda_pip_pins())
    assert ours - theirs == set(), f"missing from environment.yml: {sorted(ours - theirs)}"
    assert theirs - ours == set(), f"only in environment.yml: {sorted(theirs - ours)}"


def test_conda_python_matches_the_project():
    """environment.yml asks for Python 3.11, the version pyproject.toml and the venv use."""
    deps = [d for d in conda_environment()["dependencies"] if isinstance(d, str)]
    assert "python=3.11" in deps
    assert "pip" in deps


def test_the_runtime_pins_hold_no_development_tool():
    """`make serve` installs no test, lint or notebook-editing tool; the dev file adds them on
    top of the runtime file, repeating none of its pins."""
    runtime = {pin.split("==")[0].lower() for pin in pins_in("requirements.txt")}
    dev = {pin.split("==")[0].lower() for pin in pins_in("requirements-dev.txt")}
    assert {"pytest", "nbval", "playwright", "ruff", "mypy", "jupyterlab"} <= dev
    assert (
        runtime & {"pytest", "nbval", "playwright", "ruff", "mypy", "jupyterlab", "coverage"}
        == set()
    )
    assert {"voila", "ipywidgets", "pandas", "pyyaml"} <= runtime
    assert runtime & dev == set()
    assert (ROOT / "requirements-dev.txt").read_text().splitlines().count(
        "-r requirements.txt"
    ) == 1
