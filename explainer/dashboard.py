"""The dashboard's widgets: the one module that imports ipywidgets.

``build_app()`` returns the whole dashboard bound to a fresh :class:`SelfCheck`. Callbacks only
pass a widget's value to the model and redraw from the model's full state; every callback is
guarded, so a visitor sees a calm notice and the server log keeps the detail.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import ipywidgets as w

from . import default_content, scenario_table
from .content import Content
from .errors import ExplainerError
from .links import Link, parse_query
from .model import Answer, Criterion
from .render import advice_html, header_html, help_html, notice_html, sources_html, table_html
from .session import SelfCheck

log = logging.getLogger("explainer.dashboard")
F = TypeVar("F", bound=Callable[..., None])

VIEWS = ("check", "stories", "sources")


class Dashboard:
    """The self-check, the stories table and the sources, bound to one visitor's answers."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.texts = content.texts
        self.model = SelfCheck(content)
        self._syncing = False
        self.controls: dict[str, w.ValueWidget] = {}
        self.notice = w.HTML(layout=w.Layout(margin="0"))
        self.notice.add_class("notice-region")
        self.advice = w.HTML()
        self.advice.add_class("advice-region")
        self.start_over = w.Button(description=self.texts["start_over"], icon="")
        self.start_over.add_class("start-over")
        self.start_over.on_click(self._guard(lambda _b: self._reset()))
        self.story_buttons: dict[str, w.Button] = {}
        self.nav = w.ToggleButtons(
            options=[(self.texts[f"nav_{v}"], v) for v in VIEWS],
            value="check",
            tooltips=[],
        )
        self.nav.add_class("explainer-nav")
        self.views = {
            "check": self._check_view(),
            "stories": self._stories_view(),
            "sources": self._sources_view(),
        }
        self.nav.observe(self._guard(lambda _c: self._show(self.nav.value)), names="value")
        self.root = w.VBox(
            [w.HTML(header_html(self.texts)), self.nav, self.notice, *self.views.values()]
        )
        self.root.add_class("explainer-app")
        self._show("check")
        self._redraw()

    # -- building -----------------------------------------------------------------------------

    def _control(self, criterion: Criterion) -> w.ValueWidget:
        if criterion.kind == "yes_no":
            control: w.ValueWidget = w.Checkbox(
                value=bool(criterion.default), description=criterion.label, indent=False
            )
        else:
            control = w.RadioButtons(
                options=[(o.label, o.id) for o in criterion.options],
                value=criterion.default,
                description=criterion.label,
                style={"description_width": "initial"},
            )
        control.add_class(f"criterion-{criterion.id}")
        control.add_class("criterion")
        control.observe(
            self._guard(lambda change: self._answer(criterion.id, change["new"])), names="value"
        )
        self.controls[criterion.id] = control
        return control

    def _check_view(self) -> w.Box:
        blocks: list[w.Widget] = [
            w.HTML(
                f"<h2>{self._esc('questions_heading')}</h2>"
                f'<p class="hint">{self._esc("questions_hint")}</p>'
            )
        ]
        for group in self.content.groups:
            members = [c for c in self.content.criteria if c.group == group.id]
            if not members:
                continue
            items: list[w.Widget] = [w.HTML(f"<h3>{_escape(group.label)}</h3>")]
            for criterion in members:
                block = w.VBox([self._control(criterion), w.HTML(help_html(criterion, self.texts))])
                block.add_class("criterion-block")
                items.append(block)
            box = w.VBox(items)
            box.add_class("criterion-group")
            blocks.append(box)
        blocks.append(self.start_over)
        questions = w.VBox(blocks)
        questions.add_class("questions")
        view = w.Box([questions, self.advice])
        view.add_class("self-check")
        return view

    def _stories_view(self) -> w.Box:
        table = scenario_table(self.content)
        words = self.content.level_words
        rows = [
            (
                f"{r.title}. {r.name}, {r.age}, {r.cancer}. {r.story}",
                r.key_answers or self.texts["no_key_answers"],
                words[str(r.second_opinion)][0],
                words[str(r.third_opinion)][0],
                r.changes_if or self.texts["no_change"],
            )
            for r in table.itertuples()
        ]
        columns = [
            self.texts[f"story_col_{k}"] for k in ("story", "answers", "second", "third", "changes")
        ]
        html = table_html(columns, rows, "scenario-table", self.texts["stories_heading"])
        for scenario in self.content.scenarios:
            button = w.Button(description=f"{self.texts['load_story']}: {scenario.name}")
            button.add_class("load-scenario")
            button.add_class(f"load-scenario-{scenario.id}")
            button.on_click(self._guard(functools.partial(self._load_story, scenario.id)))
            self.story_buttons[scenario.id] = button
        buttons = w.Box(list(self.story_buttons.values()))
        buttons.add_class("story-buttons")
        view = w.VBox(
            [
                w.HTML(
                    f"<h2>{self._esc('stories_heading')}</h2><p>{self._esc('stories_intro')}</p>"
                ),
                buttons,
                w.HTML(html),
            ]
        )
        view.add_class("stories")
        return view

    def _sources_view(self) -> w.Box:
        about = (
            f'<section class="about"><h2>{self._esc("about_heading")}</h2>'
            f'<p>{self._esc("not_advice")}</p><p class="privacy">{self._esc("privacy")}</p></section>'
        )
        view = w.VBox([w.HTML(sources_html(self.content.sources, self.texts) + about)])
        view.add_class("sources-view")
        return view

    # -- behaviour ----------------------------------------------------------------------------

    def _guard(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        """Run a callback; on any error show a calm notice and log the detail, never a traceback."""

        @functools.wraps(callback)
        def guarded(arg: Any) -> None:
            try:
                callback(arg)
            except ExplainerError:
                log.warning("rejected an answer", exc_info=False)
                self._say(self.texts["bad_answer"])
                self._sync_controls()
            except Exception:
                log.exception("dashboard callback failed")
                self._say(self.texts["calm_error"])

        return guarded

    def _answer(self, criterion: str, value: Answer) -> None:
        if self._syncing:
            return
        self.model.set(criterion, value)
        self._say("")
        self._redraw()

    def _reset(self) -> None:
        self.model.reset()
        self._say("")
        self._sync_controls()
        self._redraw()

    def _load_story(self, scenario_id: str, _button: w.Button) -> None:
        self._load_scenario(scenario_id)

    def _load_scenario(self, scenario_id: str) -> None:
        self.model.load_scenario(scenario_id)
        self._sync_controls()
        self._redraw()
        self.nav.value = "check"
        self._say(f"{self.texts['loaded_story']} {self.content.scenario(scenario_id).name}.")

    def follow_link(self, link: Link) -> None:
        """Take a link's answers; say calmly if parts of it could not be used."""
        self.load_answers(link.answers_dict())
        self._say(self.texts["link_ignored"] if link.ignored else "")

    def load_answers(self, answers: Mapping[str, Answer]) -> None:
        """Set every control from an answer set (used by links and tests)."""
        self.model.replace(answers)
        self._sync_controls()
        self._redraw()

    def _sync_controls(self) -> None:
        self._syncing = True
        try:
            for cid, value in self.model.answers.items():
                self.controls[cid].value = value
        finally:
            self._syncing = False

    def _show(self, view: str) -> None:
        for name, box in self.views.items():
            box.layout.display = "" if name == view else "none"

    def _redraw(self) -> None:
        advice = self.model.advice
        self.advice.value = advice_html(advice, self.content.level_words, self.texts)

    def _say(self, text: str) -> None:
        self.notice.value = notice_html(text)

    def _esc(self, key: str) -> str:
        return _escape(self.texts[key])


def _escape(text: str) -> str:
    from html import escape

    return escape(text, quote=True)


def request_query() -> str:
    """The visitor's query string; with preheated kernels, waits here for the request."""
    from voila.utils import get_query_string, wait_for_request

    wait_for_request()
    return get_query_string() or ""


def build_app(content: Content | None = None, query: str | None = None) -> w.Box:
    """Build the dashboard for one visitor, answers pre-filled from the link's query string.

    The widgets are built before the query is read, so a preheated kernel has done that work
    before the visitor's request arrives.
    """
    dashboard = Dashboard(content or default_content())
    dashboard.follow_link(
        parse_query(request_query() if query is None else query, dashboard.content)
    )
    return dashboard.root
