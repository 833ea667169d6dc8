"""The dashboard's kernel stays light: what a visitor's session imports (README "Performance")."""

from __future__ import annotations

import subprocess
import sys

from explainer import scenario_table
from explainer.scenarios import COLUMNS, scenario_records


def test_building_the_dashboard_imports_neither_pandas_nor_jsonschema() -> None:
    """build_app() draws the stories table from plain rows, and valid content passes the quick
    schema check: pandas and jsonschema (2 s and 20 MiB to import) stay out of the kernel."""
    code = (
        "import sys; from explainer.dashboard import build_app; build_app(query=''); "
        "print('pandas' in sys.modules, 'jsonschema' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_scenario_records_are_the_scenario_tables_rows() -> None:
    """The plain rows and the DataFrame say the same, column for column."""
    records = scenario_records()
    table = scenario_table()
    assert list(table.columns) == list(COLUMNS)
    assert table.to_dict("records") == records
