"""environment.yml (for conda users) carries exactly the pins of requirements.txt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


def requirement_pins() -> list[str]:
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def conda_environment() -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8")))


def conda_pip_pins() -> list[str]:
    for item in conda_environment()["dependencies"]:
        if isinstance(item, dict) and "pip" in item:
            return [str(pin) for pin in item["pip"]]
    raise AssertionError("environment.yml has no pip: section")


def test_every_requirement_is_pinned_exactly():
    """requirements.txt pins every package to one version with ==."""
    loose = [pin for pin in requirement_pins() if "==" not in pin or ";" in pin]
    assert not loose, f"not pinned with ==: {loose}"


def test_conda_pip_section_matches_requirements():
    """environment.yml's pip: section lists the same pins as requirements.txt, no more, no less."""
    ours, theirs = set(requirement_pins()), set(conda_pip_pins())
    assert ours - theirs == set(), f"missing from environment.yml: {sorted(ours - theirs)}"
    assert theirs - ours == set(), f"only in environment.yml: {sorted(theirs - ours)}"


def test_conda_python_matches_the_project():
    """environment.yml asks for Python 3.11, the version pyproject.toml and the venv use."""
    deps = [d for d in conda_environment()["dependencies"] if isinstance(d, str)]
    assert "python=3.11" in deps
    assert "pip" in deps
