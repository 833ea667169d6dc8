"""Fixtures shared by the unit tests, and which tests a run collects."""

from __future__ import annotations

import pytest
from shared_sources import SharedSources, find


@pytest.fixture(scope="session")
def shared_sources() -> SharedSources:
    """The article and research notes (tests/shared_sources.py: skipped where absent, failed
    under CI=true)."""
    return find()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The container image's tests (marker `image`) run only when asked for by name (`make
    test-image`: `-m image`): they need the image built, which takes minutes and podman. Any
    other run, `make test` and `-m browser` among them, leaves them out as deselected, never
    skipped."""
    if "image" in (config.option.markexpr or ""):
        return
    left_out = [item for item in items if item.get_closest_marker("image")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("image")]
