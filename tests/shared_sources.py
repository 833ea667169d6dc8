"""Where the content tests find the article and the research notes the content is checked against.

They are not ours to publish, so a public clone does not have them. The folder that holds
`source/` and `research/` is named by the setting EXPLAINER_SHARED, by default `../shared`
beside the clone. Where it is absent, the tests that need it are skipped with a plain reason;
under CI=true (where it must be present) they fail instead, so a missing folder never passes
unnoticed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SETTING = "EXPLAINER_SHARED"
ARTICLE = Path("source") / "webmd-cancer-second-opinion-2009.txt"
GUIDANCE = Path("research") / "guidance.md"
ROUTES = Path("research") / "routes.md"


@dataclass(frozen=True)
class SharedSources:
    """The article and the two research notes' files."""

    article: Path
    guidance: Path
    routes: Path


def folder(environ: dict[str, str] | os._Environ[str] = os.environ) -> Path:
    """The folder the setting names, or `../shared` beside the clone."""
    return Path(environ.get(SETTING) or ROOT.parent / "shared")


def find(environ: dict[str, str] | os._Environ[str] = os.environ) -> SharedSources:
    """The files, or pytest's skip (fail under CI=true) naming what is missing and the setting."""
    base = folder(environ)
    found = SharedSources(base / ARTICLE, base / GUIDANCE, base / ROUTES)
    missing = [str(p) for p in (found.article, found.guidance, found.routes) if not p.is_file()]
    if not missing:
        return found
    why = (
        f"the article and research notes are not here ({', '.join(missing)}); "
        f"set {SETTING} to the folder holding source/ and research/ to check the quotes"
    )
    if environ.get("CI", "").lower() == "true":
        pytest.fail(f"{why} (CI=true: they must be present)", pytrace=False)
    pytest.skip(why)
