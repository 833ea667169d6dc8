"""The dashboard's widgets: the one module that imports ipywidgets.

Three views, each bound to one visitor's :class:`SelfCheck`: the :class:`Dashboard` (self-check,
stories, sources), the :class:`Presenter` for a room, and the printable :class:`Handout`.
``build_app()`` picks one from the link. Callbacks only pass a widget's value to the model and
redraw from the model's full state; every callback is guarded, so a visitor sees a calm notice
and the server log keeps the detail (never the visitor's answers).
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import ipywidgets as w

from . import default_content
from . import group as group_api
from .content import Content
from .errors import ExplainerError
from .handout import plan_html
from .links import Link, build_query, parse_query, story_query
from .model import Answer, Criterion, on_route
from .plan import PlanDocument, build_plan
from .qr import room_address, room_link
from .render import (
    about_html,
    advice_html,
    back_html,
    group_heading_html,
    group_status_html,
    header_html,
    heading_html,
    headline_html,
    help_html,
    intro_html,
    language_switch_html,
    mark_syncing,
    notice_html,
    paragraph_html,
    pdf_link_html,
    plan_sheet_html,
    presenter_header_html,
    presenter_html,
    presenter_link_html,
    print_button_html,
    room_code_html,
    share_html,
    sources_html,
    stories_howto_html,
    stories_table_html,
)
from .request import query_string
from .scenarios import route_words, scenario_records
from .session import SelfCheck
from .translation import DEFAULT_LANGUAGE, LANGUAGES

log = logging.getLogger("explainer.dashboard")

#: The dashboard's views, each with the data/ui.yaml key of its name in the navigation.
VIEWS = {"check": "nav_check", "stories": "nav_stories", "sources": "nav_sources"}
#: What a page may change in a widget: a checkbox's value, a choice's index. Widget messages are
#: untrusted input (anyone can forge one over the kernel websocket); any other update is refused.
UPDATABLE = frozenset({"value", "index"})
_INPUTS = (w.Checkbox, w.RadioButtons, w.ToggleButtons, w.Dropdown)
#: The presenter's "Expecting a group of about N": the sizes offered, and the one chosen first.
GROUP_SIZES = tuple(
    n for n in (5, 10, 15, 20, 25, 30, 35, 40, 50, 60, 80, 100) if n <= group_api.MAX_GROUP
)
GROUP_DEFAULT = 25


def criterion_control(criterion: Criterion) -> w.ValueWidget:
    """One labelled, keyboard-operable control for a criterion, classed `criterion-<id>`."""
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
    return control


def _button(text: str, *classes: str) -> w.Button:
    button = w.Button(description=text)
    for css_class in classes:
        button.add_class(css_class)
    return button


def _html(value: str, *classes: str) -> w.HTML:
    widget = w.HTML(value)
    for css_class in classes:
        widget.add_class(css_class)
    return widget


def _widget_tree(root: w.Widget) -> list[w.Widget]:
    """A widget and every widget it holds (children, layout, style), each once."""
    seen: dict[int, w.Widget] = {}
    todo = [root]
    while todo:
        widget = todo.pop()
        if id(widget) in seen:
            continue
        seen[id(widget)] = widget
        for name in widget.keys:
            value = getattr(widget, name, None)
            items = value if isinstance(value, tuple | list) else (value,)
            todo.extend(item for item in items if isinstance(item, w.Widget))
    return list(seen.values())


class _View:
    """What every view shares: the model, the controls, the notice and the guarded callbacks."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.texts = content.texts
        self.model = SelfCheck(content)
        self._syncing = False
        self.controls: dict[str, w.ValueWidget] = {}
        #: What to hide with a question not asked on the route on screen (Criterion.routes).
        self.hideable: dict[str, w.Widget] = {}
        self.notice = _html("", "notice-region")
        #: The link to this view in the other language, with the answers on screen.
        self.switch = _html("", "language-switch-region")
        self.root: w.Box  # each view builds its own (no placeholder widget left open)

    def _control(self, criterion: Criterion) -> w.ValueWidget:
        control = criterion_control(criterion)
        control.observe(
            self._guard(lambda change: self._answer(criterion.id, change["new"])), names="value"
        )
        self.controls[criterion.id] = control
        return control

    def _guard(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        """Run a callback; on any error show a calm notice and log the detail, never a traceback."""

        @functools.wraps(callback)
        def guarded(arg: Any) -> None:
            try:
                callback(arg)
            except ExplainerError as error:
                log.warning("rejected an answer: %s", type(error).__name__)
                self._say(self.texts["bad_answer"])
                self._sync_controls()
                self._redraw()
            except Exception:
                log.exception("dashboard callback failed")
                self._say(self.texts["calm_error"])

        return guarded

    def _answer(self, criterion: str, value: Answer) -> None:
        if self._syncing:
            return
        self.model.set(criterion, value)
        self._say("")
        answers = self.model.answers
        if any(c.value != answers[cid] for cid, c in self.controls.items()):
            self._sync_controls()  # a new route drops the answer to a question it does not ask
        else:
            self._show_asked()
        self._redraw()

    def _show_asked(self) -> None:
        """Show only the questions asked on the route the answers name."""
        answers = self.model.answers
        for cid, widget in self.hideable.items():
            asked = on_route(self.content.criterion(cid).routes, answers)
            widget.layout.display = "" if asked else "none"

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
        """Set every control from the model; the caller redraws next.

        Each control's update reaches the page as a message of its own, and the advice's after
        them, so the page could paint controls next to advice made for other answers. The advice
        on screen is marked out of date first (the page's script keeps that mark, connection.js)
        and the redraw replaces it.
        """
        for region in self._advice_regions():
            region.value = mark_syncing(region.value)
        self._syncing = True
        try:
            for cid, control in self.controls.items():
                control.value = self.model.answers[cid]
        finally:
            self._syncing = False
        self._show_asked()

    def _redraw(self) -> None:
        raise NotImplementedError

    def answers_key(self) -> str:
        """The answers on screen as a link writes them, in no language: what ``data-answers``
        carries, for the page's script to compare with the controls (connection.js)."""
        return build_query(self.model.answers, self.content, language=DEFAULT_LANGUAGE)

    def _draw_switch(self, view: str | None = None) -> None:
        """The language switch for the answers on screen."""
        other = self.texts["language_switch_code"]
        query = build_query(self.model.answers, self.content, view=view, language=other)
        self.switch.value = language_switch_html(query, self.texts)

    def _advice_regions(self) -> tuple[w.HTML, ...]:
        """The widgets that show what was made from the controls' answers (`data-answers`)."""
        return ()

    def _say(self, text: str) -> None:
        self.notice.value = notice_html(text)

    def harden(self) -> None:
        """Refuse forged widget updates: a wrong key, type or option gets the calm notice."""
        for widget in _widget_tree(self.root):
            widget.set_state = self._checked_set_state(widget)

    def _checked_set_state(self, widget: w.Widget) -> Callable[[Any], None]:
        accept = widget.set_state
        allowed = UPDATABLE & set(widget.keys) if isinstance(widget, _INPUTS) else frozenset()

        def set_state(sync_data: Any) -> None:
            try:
                if not isinstance(sync_data, dict) or not set(sync_data) <= allowed:
                    raise TypeError("update outside the control's value")
                accept(sync_data)  # traitlets rejects a wrong type or an unknown option
            except Exception as error:  # any refusal gets the same calm notice
                log.warning("refused a widget update: %s", type(error).__name__)  # never values
                self._say(self.texts["bad_answer"])
                widget.send_state()  # the page shows the kernel's value again

        return set_state


def _room_link(query: str) -> str | None:
    """This page with `query` at the address phones in the room reach, read from the request
    this kernel serves now; None when there is none (explainer/qr.py)."""
    address = room_address(os.environ)
    return None if address is None else room_link(address, query)


class Dashboard(_View):
    """The self-check, the stories table and the sources, bound to one visitor's answers."""

    def __init__(self, content: Content) -> None:
        super().__init__(content)
        self.advice = _html("", "advice-region")
        self.headline = _html("", "headline-region")
        self.share = _html("", "share-region")
        self.start_over = _button(self.texts["start_over"], "start-over")
        self.start_over.on_click(self._guard(lambda _b: self._reset()))
        self.room_toggle = w.Checkbox(
            value=False, description=self.texts["room_toggle"], indent=False
        )
        self.room_toggle.add_class("room-toggle")
        self.room_toggle.observe(self._guard(lambda _c: self._draw_room()), names="value")
        self.room = _html("", "room-code-region")
        self.room.layout.display = "none"
        self.story_buttons: dict[str, w.Button] = {}
        self.nav = w.ToggleButtons(
            options=[(self.texts[key], view) for view, key in VIEWS.items()],
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
            [
                self.switch,  # with the heading (_draw_switch)
                self.nav,
                self.notice,
                *self.views.values(),
            ]
        )
        self.root.add_class("explainer-app")
        self._show("check")
        self._show_asked()
        self._redraw()

    # -- building -----------------------------------------------------------------------------

    def _check_view(self) -> w.Box:
        texts = self.texts
        blocks: list[w.Widget] = [
            w.HTML(intro_html(texts["questions_heading"], texts["questions_hint"], "hint"))
        ]
        for group in self.content.groups:
            members = [c for c in self.content.criteria if c.group == group.id]
            if not members:
                continue
            items: list[w.Widget] = [w.HTML(group_heading_html(group.label))]
            for criterion in members:
                block = w.VBox(
                    [
                        self._control(criterion),
                        w.HTML(help_html(criterion, self.texts, self.content.glossary)),
                    ]
                )
                block.add_class("criterion-block")
                if criterion.routes:
                    self.hideable[criterion.id] = block
                items.append(block)
            box = w.VBox(items)
            box.add_class("criterion-group")
            blocks.append(box)
        blocks.append(self.start_over)
        questions = w.VBox(blocks)
        questions.add_class("questions")
        # Sharing and printing come after the advice they share: on a phone, where everything
        # is one column, the advice must come first (on a wide screen they sit under the
        # questions, dashboard.css).
        tools = w.VBox([self.share, self.room_toggle, self.room])
        tools.add_class("share-tools")
        view = w.Box([self.headline, questions, self.advice, tools])
        view.add_class("self-check")
        return view

    def _stories_view(self) -> w.Box:
        texts = self.texts
        records = scenario_records(self.content)
        tables = stories_table_html(
            records, self.content.level_words, texts, self.content.glossary, howto=False
        )
        for scenario in self.content.scenarios:
            button = _button(
                texts["load_story"].format(name=scenario.name),
                "load-scenario",
                f"load-scenario-{scenario.id}",
            )
            button.on_click(self._guard(functools.partial(self._load_story, scenario.id)))
            self.story_buttons[scenario.id] = button
        buttons = w.Box(list(self.story_buttons.values()))
        buttons.add_class("story-buttons")
        intro = intro_html(texts["stories_heading"], texts["stories_intro"])
        # How to use the tables before the twenty buttons that load their stories, not after.
        view = w.VBox([w.HTML(intro + stories_howto_html(texts)), buttons, w.HTML(tables)])
        view.add_class("stories")
        return view

    def _sources_view(self) -> w.Box:
        others = [
            (code, default_content(code).about.text)
            for code in LANGUAGES
            if code != self.content.language
        ]
        about = about_html(self.content, self.texts, others)
        sources = sources_html(self.content.sources, self.texts, self.content.about.dates)
        view = w.VBox([w.HTML(about + sources + presenter_link_html(self.texts))])
        view.add_class("sources-view")
        return view

    # -- behaviour ----------------------------------------------------------------------------

    def _advice_regions(self) -> tuple[w.HTML, ...]:
        return (self.advice, self.headline, self.share, self.room)

    def _draw_switch(self, view: str | None = None) -> None:
        """The heading, with the language switch for the answers on screen at the end of its
        first line (a phone's first screen has no line to spare for it)."""
        other = self.texts["language_switch_code"]
        query = build_query(self.model.answers, self.content, view=view, language=other)
        switch = language_switch_html(query, self.texts, beside_heading=True)
        self.switch.value = switch + header_html(self.texts)

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
        name = self.content.scenario(scenario_id).name
        self._say(self.texts["loaded_story"].format(name=name))

    def _show(self, view: str) -> None:
        for name, box in self.views.items():
            box.layout.display = "" if name == view else "none"

    def _redraw(self) -> None:
        advice = self.model.advice
        answers = self.model.answers
        key = self.answers_key()
        self.advice.value = advice_html(
            advice,
            self.content.level_words,
            self.texts,
            answers=key,
            options=self.content.options,
            terms=self.content.glossary,
        )
        self.headline.value = headline_html(advice, self.content.level_words, answers=key)
        self.share.value = share_html(
            build_query(answers, self.content),
            build_query(answers, self.content, view="handout"),
            self.texts,
            answers=key,
        )
        self._draw_switch()
        self._draw_room()

    def _draw_room(self) -> None:
        """The code for phones of the link to these answers, while "Show a code" is ticked."""
        shown = bool(self.room_toggle.value)
        self.room.layout.display = "" if shown else "none"
        query = build_query(self.model.answers, self.content)
        self.room.value = (
            room_code_html(_room_link(query), self.texts, answers=self.answers_key())
            if shown
            else ""
        )


class Presenter(_View):
    """One story at a time for a room: the story first, the advice revealed on demand."""

    def __init__(self, content: Content) -> None:
        super().__init__(content)
        self.index = 0
        self.revealed = False
        self.stage = _html("", "presenter-stage", "advice-region")
        self.prev = _button(self.texts["presenter_prev"], "presenter-prev")
        self.next = _button(self.texts["presenter_next"], "presenter-next")
        self.reveal = _button(self.texts["presenter_reveal"], "presenter-reveal")
        self.prev.on_click(self._guard(lambda _b: self.step(-1)))
        self.next.on_click(self._guard(lambda _b: self.step(+1)))
        self.reveal.on_click(self._guard(lambda _b: self.toggle_reveal()))
        buttons = w.HBox([self.prev, self.reveal, self.next])
        buttons.add_class("presenter-buttons")
        controls = w.VBox(
            [_html(heading_html(self.texts["presenter_answers"]))]
            + [self._control(c) for c in content.criteria]
        )
        self.hideable = {c.id: self.controls[c.id] for c in content.criteria if c.routes}
        controls.add_class("presenter-controls")
        # The answers beside the story and its advice, under the code: changing one shows what
        # happens at once, rather than after the whole advice.
        self.room_panel = self._room_panel()
        side = w.VBox([self.room_panel, controls])
        side.add_class("presenter-side")
        stage_and_room = w.Box([self.stage, side])
        stage_and_room.add_class("presenter-main")
        header = _html(presenter_header_html(self.texts))
        self.root = w.VBox([self.switch, header, self.notice, buttons, stage_and_room])
        self.root.add_class("explainer-app")
        self.root.add_class("presenter-app")
        self.step(0)

    def _room_panel(self) -> w.Box:
        """For phones in the room: the code, what it opens, and getting sessions ready."""
        texts = self.texts
        self.room = _html("", "room-code-region")
        self.room_opens = w.RadioButtons(
            options=[(texts["room_opens_blank"], "blank"), (texts["room_opens_story"], "story")],
            value="blank",
            description=texts["room_opens"],
            style={"description_width": "initial"},
        )
        self.room_opens.add_class("room-opens")
        self.room_opens.observe(self._guard(lambda _c: self._draw_room()), names="value")
        self.group_size = w.Dropdown(
            options=[(str(n), n) for n in GROUP_SIZES],
            value=GROUP_DEFAULT,
            description=texts["group_size"],
            style={"description_width": "initial"},
        )
        self.group_size.add_class("group-size")
        self.group_button = _button(texts["group_button"], "group-ready")
        self.group_button.on_click(self._guard(lambda _b: self.get_group_ready()))
        self.group_status = _html("", "group-status-region")
        explain = _html(paragraph_html(texts["group_explain"], "group-explain"))
        # Set-up for the presenter, out of the way of a room reading the projected page: one box
        # to tick shows it.
        self.group_toggle = w.Checkbox(
            value=False, description=texts["group_heading"], indent=False
        )
        self.group_toggle.add_class("group-toggle")
        steps = w.VBox([explain, self.group_size, self.group_button, self.group_status])
        steps.layout.display = "none"

        def show_steps(change: Mapping[str, Any]) -> None:
            steps.layout.display = "" if change["new"] else "none"

        self.group_toggle.observe(self._guard(show_steps), names="value")
        ready = w.VBox([self.group_toggle, steps])
        ready.add_class("group-prep")
        # The code and what it opens; getting sessions ready stays at any address (behind a proxy
        # the kernel may see only the loopback address, and a group still needs its sessions).
        self.room_parts = w.VBox(
            [_html(heading_html(texts["room_heading"])), self.room, self.room_opens]
        )
        panel = w.VBox([self.room_parts, ready])
        panel.add_class("room-panel")
        return panel

    def follow_link(self, link: Link) -> None:
        """The presenter shows the stories' own answers, starting at the link's story if it names
        one (``story=``, as the page's "Reload with my answers" link does); it says if the link
        had errors."""
        if link.story is not None:
            ids = [s.id for s in self.content.scenarios]
            self.step(ids.index(link.story) - self.index)
        self._say(self.texts["link_ignored"] if link.ignored else "")

    def step(self, delta: int) -> None:
        """Move to another story (wrapping around), hiding its advice until revealed."""
        self.index = (self.index + delta) % len(self.content.scenarios)
        self.revealed = False
        self.model.load_scenario(self.content.scenarios[self.index].id)
        self._sync_controls()
        self._redraw()

    def _advice_regions(self) -> tuple[w.HTML, ...]:
        return (self.stage, self.room)

    def toggle_reveal(self) -> None:
        """Show or hide the advice for the current story."""
        self.revealed = not self.revealed
        self._redraw()

    def _redraw(self) -> None:
        scenario = self.content.scenarios[self.index]
        advice = self.model.advice if self.revealed else None
        self.stage.value = presenter_html(
            scenario,
            self.index + 1,
            len(self.content.scenarios),
            advice,
            self.content.level_words,
            self.texts,
            answers=self.answers_key(),
            route=route_words(self.model.answers, self.content),
            options=self.content.options,
            terms=self.content.glossary,
        )
        self.reveal.description = self.texts[
            "presenter_hide" if self.revealed else "presenter_reveal"
        ]
        self.switch.value = language_switch_html(
            story_query(scenario.id, self.texts["language_switch_code"]), self.texts
        )
        self._draw_room()

    def _draw_room(self) -> None:
        """The code for phones: the self-check with no answers, or this story's answers. At an
        address phones cannot reach (loopback) the room sees no code at all: a note on why is
        set-up for the presenter, not words for the room (docs/group-session.md)."""
        story = self.room_opens.value == "story"
        query = build_query(self.model.answers, self.content)
        blank = build_query({}, self.content)  # the self-check with no answers, in this language
        link = _room_link(query if story else blank)
        self.room_parts.layout.display = "none" if link is None else ""
        self.room.value = room_code_html(
            link, self.texts, answers=self.answers_key() if story else None
        )

    def get_group_ready(self) -> None:
        """Ask the server to have sessions ready for the group (explainer/group.py) and say
        what it answered; waits at most a few seconds per worker."""
        size = int(self.group_size.value)
        self.group_status.value = group_status_html(None, self.texts)
        self.group_button.disabled = True
        try:
            reply = group_api.ask_for_group(size)
        except Exception:  # any fault is the server not answering, said calmly
            log.exception("the group request failed")
            reply = group_api.GroupReply(ok=False, asked=size)
        finally:
            self.group_button.disabled = False
        self.group_status.value = group_status_html(reply, self.texts)


class Handout(_View):
    """The printable plan for the link's answers, with print and PDF controls, and the "what
    matters most" choices that fill in the plan (they never change the advice)."""

    def __init__(self, content: Content, today: date) -> None:
        super().__init__(content)
        self.today = today
        self.matters: dict[str, w.Checkbox] = {}
        self.sheet = _html("", "handout-sheet")
        self.download = _button(self.texts["download_pdf"], "download-pdf")
        self.download.on_click(self._guard(lambda _b: self.make_pdf()))
        self.pdf_link = _html("", "pdf-region")
        back, printer = back_html(self.texts), print_button_html(self.texts)
        tools = w.HBox([_html(back), _html(printer), self.download, self.pdf_link])
        tools.add_class("handout-tools")
        self.root = w.VBox([self.switch, tools, self.notice, self._matters_panel(), self.sheet])
        self.root.add_class("explainer-app")
        self.root.add_class("handout-app")
        self._redraw()

    def _matters_panel(self) -> w.Box:
        """A box to tick for each thing that may matter most; on screen only (the plan itself
        shows what was ticked)."""
        options = self.content.options
        choices = options.matters if options is not None else ()
        for choice in choices:
            box = w.Checkbox(value=False, description=choice.label, indent=False)
            box.add_class("matters-choice")
            box.add_class(f"matters-{choice.id}")
            box.observe(self._guard(lambda _c: self._redraw()), names="value")
            self.matters[choice.id] = box
        intro = intro_html(self.texts["matters_heading"], self.texts["matters_hint"], "hint")
        panel = w.VBox([_html(intro), *self.matters.values()])
        panel.add_class("matters-panel")
        return panel

    def plan(self) -> PlanDocument:
        """The plan for the answers and the ticked choices."""
        ticked = {cid for cid, box in self.matters.items() if box.value}
        return build_plan(self.model.advice, self.content, self.today, ticked)

    def _redraw(self) -> None:
        self.sheet.value = plan_sheet_html(plan_html(self.plan()), self.answers_key())
        self._draw_switch(view="handout")
        self.pdf_link.value = ""

    def make_pdf(self) -> None:
        """Make the plan as a PDF and offer it as a download link (nothing is kept on the server)."""
        from .pdf import plan_pdf

        self.pdf_link.value = pdf_link_html(plan_pdf(self.plan()), self.texts)


def build_app(content: Content | None = None, query: str | None = None) -> w.Box:
    """Build the dashboard for one visitor, answers pre-filled from the link's query string.

    The widgets are built before the query is read, so a preheated kernel has done that work
    before the visitor's request arrives; a link in another language (``lang=es``) has them built
    again in its language, from content read while the kernel waited.
    """
    content = content or default_content()
    for language in LANGUAGES:  # read now, while a preheated kernel waits for its visitor
        default_content(language)
    dashboard = Dashboard(content)
    link = parse_query(query_string() if query is None else query, content)
    if link.language != content.language:
        # Closed, not left open: its widgets would reach the page, unhardened.
        for widget in _widget_tree(dashboard.root):
            widget.close()
        content = default_content(link.language)
        dashboard = Dashboard(content)
    view: _View = dashboard
    if link.view == "present":
        view = Presenter(content)
    elif link.view == "handout":
        view = Handout(content, date.today())
    view.follow_link(link)
    for built in {dashboard, view}:
        built.harden()
    return view.root
