"""The dashboard's kernel stays light: what a visitor's session imports (docs/performance.md)."""

from __future__ import annotations

import os
import subprocess
import sys

from explainer import scenario_table
from explainer.scenarios import COLUMNS, scenario_records

HEAVY = ("pandas", "jsonschema", "voila", "jupyter_server", "nbconvert")


def test_building_the_dashboard_imports_no_heavy_package() -> None:
    """build_app() draws the stories table from plain rows, valid content passes the quick
    schema check, and the link is read without `voila.utils`: pandas, jsonschema and Voila's
    server stack (with Jupyter Server and nbconvert, 45 MiB) stay out of the kernel."""
    code = (
        "import sys; from explainer.dashboard import build_app; build_app(); "
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    env = {**os.environ, "QUERY_STRING": "rare_cancer=yes"}
    env.pop("VOILA_PREHEAT", None)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "[]"


def test_scenario_records_are_the_scenario_tables_rows() -> None:
    """The plain rows and the DataFrame say the same, column for column."""
    records = scenario_records()
    table = scenario_table()
    assert list(table.columns) == list(COLUMNS)
    assert table.to_dict("records") == records
