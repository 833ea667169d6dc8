"""Fixtures shared by the unit tests."""

from __future__ import annotations

import pytest
from shared_sources import SharedSources, find


@pytest.fixture(scope="session")
def shared_sources() -> SharedSources:
    """The article and research notes (tests/shared_sources.py: skipped where absent, failed
    under CI=true)."""
    return find()
