"""frontend/: the page's widget front end, built from pinned npm packages (frontend/build.mjs).

It carries only the widget classes the dashboard uses (frontend/src/controls-subset.js), so a
widget class added to explainer/dashboard.py and not there would draw nothing: every class the
three views create must be in it. And it must speak the widget versions of the Python ipywidgets
the kernel runs: the server refuses to start otherwise (server/upstream.py).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import ipywidgets
import pytest

from explainer import default_content
from explainer.dashboard import Dashboard, Handout, Presenter, _widget_tree
from server import upstream

ROOT = Path(__file__).resolve().parents[1]
SUBSET = ROOT / "frontend" / "src" / "controls-subset.js"
STATIC = ROOT / "server" / "jupyter" / "nbconvert" / "templates" / "explainer" / "static"
MAIN = ROOT / "frontend" / "src" / "main.js"


def _exported() -> set[str]:
    names: set[str] = set()
    for block in re.findall(r"export\s*\{([^}]*)\}", SUBSET.read_text(encoding="utf-8")):
        names.update(name.strip() for name in block.split(",") if name.strip())
    return names


def _classes(module: str) -> set[str]:
    content = default_content()
    views = [Dashboard(content), Presenter(content), Handout(content, date(2026, 12, 6))]
    found: set[str] = set()
    for view in views:
        for widget in _widget_tree(view.root):
            if widget._model_module == module:
                found.add(widget._model_name)
            if getattr(widget, "_view_module", None) == module and widget._view_name:
                found.add(widget._view_name)
    return found


def test_the_front_end_carries_every_widget_class_the_views_create():
    classes = _classes("@jupyter-widgets/controls")
    assert {"VBoxModel", "VBoxView", "CheckboxModel", "RadioButtonsView"} <= classes
    missing = classes - _exported()
    assert not missing, f"add to frontend/src/controls-subset.js: {sorted(missing)}"


def test_only_base_and_controls_are_needed():
    """The front end loads classes from these two modules only (frontend/src/main.js)."""
    content = default_content()
    modules = {
        module
        for view in (Dashboard(content), Presenter(content))
        for widget in _widget_tree(view.root)
        for module in (widget._model_module, getattr(widget, "_view_module", None))
        if module
    }
    assert modules == {"@jupyter-widgets/base", "@jupyter-widgets/controls"}
    main = MAIN.read_text(encoding="utf-8")
    assert (
        "'@jupyter-widgets/base': base" in main and "'@jupyter-widgets/controls': controls" in main
    )


def test_the_built_front_end_speaks_the_kernels_widget_versions():
    """`make test` builds it first; the versions come from the npm packages it was built with."""
    manifest = json.loads((STATIC / "widgets.json").read_text())
    assert manifest["controls"] == ipywidgets._version.__jupyter_widgets_controls_version__
    assert manifest["base"] == ipywidgets._version.__jupyter_widgets_base_version__
    assert list(upstream._check_frontend(STATIC)) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"controls": "3.0.0"}, "controls 3.0.0"),
        ({"protocol": "9.0.0"}, "protocol 9.0.0"),
        (None, "make serve"),
    ],
)
def test_the_start_check_refuses_a_front_end_for_other_widgets(tmp_path, change, expected):
    if change is not None:
        manifest = json.loads((STATIC / "widgets.json").read_text()) | change
        (tmp_path / "widgets.json").write_text(json.dumps(manifest))
        (tmp_path / "widgets.js").write_text("/* built */")
    (found,) = upstream._check_frontend(tmp_path)
    assert expected in found
