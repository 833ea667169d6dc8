"""The dashboard's widgets, driven in plain pytest: set values, click buttons, read the advice."""

from __future__ import annotations

import base64
import io
import re
from datetime import date
from html import escape, unescape

import ipywidgets as w
import pytest
from pypdf import PdfReader

import explainer.group
from explainer import default_content
from explainer.dashboard import Dashboard, Handout, Presenter, build_app
from explainer.dates import date_words
from explainer.group import GroupReply
from explainer.links import build_query, story_query
from explainer.qr import PUBLIC_URL
from explainer.render import group_status_html


@pytest.fixture
def dash() -> Dashboard:
    return Dashboard(default_content())


def level_of(dash: Dashboard) -> tuple[str, str]:
    match = re.search(r'data-level="(\w+)" data-third-opinion="(\w+)"', dash.advice.value)
    assert match, dash.advice.value[:200]
    return match.group(1), match.group(2)


def classes(widget: w.DOMWidget) -> list[str]:
    return list(widget._dom_classes)


def test_every_criterion_has_one_labelled_control_with_its_class(dash: Dashboard) -> None:
    """Each criterion in data/ gets exactly one control, classed `criterion-<id>`, with a label."""
    content = dash.content
    assert set(dash.controls) == {c.id for c in content.criteria}
    for criterion in content.criteria:
        control = dash.controls[criterion.id]
        assert f"criterion-{criterion.id}" in classes(control)
        assert control.description == criterion.label


def test_changing_an_answer_updates_the_advice(dash: Dashboard) -> None:
    """Ticking `rare_cancer` moves the level from optional to essential; unticking moves it back."""
    assert level_of(dash) == ("optional", "not_yet")
    dash.controls["rare_cancer"].value = True
    assert level_of(dash)[0] == "essential"
    dash.controls["rare_cancer"].value = False
    assert level_of(dash)[0] == "optional"


def test_the_third_opinion_follows_the_opinions_so_far(dash: Dashboard) -> None:
    """Two disagreeing opinions make a third helpful; two agreeing ones make it not needed."""
    dash.controls["opinions_so_far"].value = "two_disagree"
    assert level_of(dash)[1] == "helpful"
    dash.controls["opinions_so_far"].value = "two_agree"
    assert level_of(dash)[1] == "not_needed"


def test_loading_a_story_sets_every_control_and_shows_the_self_check(dash: Dashboard) -> None:
    """Each story's button loads its answers into the controls and gives its expected outcome."""
    for scenario in dash.content.scenarios:
        dash.nav.value = "stories"
        dash.story_buttons[scenario.id].click()
        for criterion, value in dash.model.answers.items():
            assert dash.controls[criterion].value == value
        assert level_of(dash) == (scenario.expected_second, scenario.expected_third)
        assert dash.nav.value == "check"
        assert dash.views["check"].layout.display == ""
        assert dash.views["stories"].layout.display == "none"
        assert scenario.name in dash.notice.value


def test_start_over_returns_every_control_to_its_default(dash: Dashboard) -> None:
    """After changes, Start over resets the controls and the advice."""
    dash.controls["rare_cancer"].value = True
    dash.controls["opinions_so_far"].value = "two_disagree"
    dash.start_over.click()
    assert level_of(dash) == ("optional", "not_yet")
    assert dash.controls["rare_cancer"].value is False
    assert dash.controls["opinions_so_far"].value == "one"


def test_a_failing_callback_shows_a_calm_notice_not_a_traceback(
    dash: Dashboard, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """An unexpected error is logged on the server and the visitor gets the calm message."""
    monkeypatch.setattr(dash.model, "set", lambda *_a: 1 / 0)
    dash.controls["rare_cancer"].value = True
    assert dash.texts["calm_error"].replace("'", "&#x27;") in dash.notice.value
    assert "ZeroDivisionError" not in dash.notice.value
    assert "ZeroDivisionError" in caplog.text


def test_the_scenario_tables_have_one_row_per_story(dash: Dashboard) -> None:
    """The stories view holds `scenario-table`s, one per outcome, with one body row per story in
    all."""
    html = "".join(
        child.value for child in dash.views["stories"].children if isinstance(child, w.HTML)
    )
    bodies = re.findall(
        r'<table class="scenario-table[^"]*"[^>]*>.*?<tbody>(.*?)</tbody>', html, re.S
    )
    assert len(bodies) > 1
    assert sum(body.count("<tr>") for body in bodies) == len(dash.content.scenarios)


def test_build_app_returns_the_root_box() -> None:
    """The notebook displays one root widget classed `explainer-app`."""
    root = build_app()
    assert isinstance(root, w.Box)
    assert "explainer-app" in classes(root)


def test_a_link_prefills_the_controls() -> None:
    """`?rare_cancer=yes&opinions_so_far=two_disagree` opens with those answers set."""
    root = build_app(query="rare_cancer=yes&opinions_so_far=two_disagree")
    html = _all_html(root)
    assert 'data-level="essential" data-third-opinion="helpful"' in html
    assert "notice" not in _notice(root)


def test_a_malformed_link_gives_a_working_page_with_a_calm_notice() -> None:
    """Unknown parameters are dropped, never echoed, and the page says so quietly."""
    root = build_app(query="rare_cancer=<script>x</script>&zzz=1&doubts_about_doctor=yes")
    html = _all_html(root)
    assert "<script>" not in html and "zzz" not in html
    assert 'data-level="essential"' in html
    assert default_content().texts["link_ignored"] in _notice(root)


def _widgets(root: w.Widget) -> list[w.Widget]:
    found = [root]
    for child in getattr(root, "children", ()):
        found.extend(_widgets(child))
    return found


def _all_html(root: w.Widget) -> str:
    return "".join(x.value for x in _widgets(root) if isinstance(x, w.HTML))


def _notice(root: w.Widget) -> str:
    return next(x.value for x in _widgets(root) if "notice-region" in x._dom_classes)


def test_the_presenter_steps_through_every_story_and_reveals_on_demand() -> None:
    """Next walks the stories in order (wrapping); the advice appears only when revealed."""
    content = default_content()
    presenter = Presenter(content)
    seen = []
    for _ in content.scenarios:
        html = presenter.stage.value
        seen.append(re.search(r'class="presenter" data-scenario="(\w+)"', html).group(1))
        assert 'class="advice"' not in html
        presenter.reveal.click()
        scenario = content.scenario(seen[-1])
        assert (
            f'data-level="{scenario.expected_second}" '
            f'data-third-opinion="{scenario.expected_third}"' in presenter.stage.value
        )
        presenter.next.click()
    assert seen == [s.id for s in content.scenarios]
    assert f'data-scenario="{content.scenarios[0].id}"' in presenter.stage.value
    presenter.prev.click()
    assert f'data-scenario="{content.scenarios[-1].id}"' in presenter.stage.value


def test_the_presenter_updates_the_revealed_advice_when_an_answer_changes() -> None:
    """Toggling an answer live changes the outcome in place, on the same story."""
    presenter = Presenter(default_content())
    story = presenter.content.scenarios[presenter.index]
    presenter.reveal.click()
    before = presenter.stage.value
    flip_to = not presenter.controls["rare_cancer"].value
    presenter.controls["rare_cancer"].value = flip_to
    assert f'data-scenario="{story.id}"' in presenter.stage.value
    assert presenter.model.answers["rare_cancer"] is flip_to
    assert presenter.stage.value != before


def test_the_handout_holds_the_advice_questions_records_sources_and_date() -> None:
    """`?view=handout&...` gives the plan for those answers, dated, with everything it lists."""
    content = default_content()
    root = build_app(query="view=handout&rare_cancer=yes")
    html = _all_html(root)
    assert '<div class="handout" lang="en">' in html
    assert escape(content.level("essential").key_point) in html
    plain = re.sub(r" \([^()]*\)", "", html)  # without the glossary's meanings in brackets
    for question in content.questions:
        assert escape(question.text) in plain
    assert "April 23, 2009" in html  # dates in words, the article's and the plan's own
    assert date_words(date.today().isoformat(), content.about.dates) in html
    boxes = [x for x in _widgets(root) if isinstance(x, w.Checkbox | w.RadioButtons)]
    assert len(boxes) == len(content.options.matters)
    assert all("matters-choice" in x._dom_classes for x in boxes)


def test_the_pdf_holds_the_advice() -> None:
    """Make a PDF gives a download link to a PDF whose text holds the main message and steps."""
    content = default_content()
    handout = Handout(content, date(2026, 11, 25))
    handout.load_answers({"rare_cancer": True})
    handout.download.click()
    match = re.search(r'href="data:application/pdf;base64,([^"]+)"', handout.pdf_link.value)
    assert match is not None
    text = "".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(base64.b64decode(match.group(1)))).pages
    )
    flat = " ".join(text.split())
    advice = handout.model.advice
    assert advice.key_points[0].text in flat
    assert "November 25, 2026" in flat
    assert content.questions[0].text.replace("\u2019", "'") in flat


def test_what_matters_most_fills_in_the_plan_and_its_pdf_but_not_the_advice() -> None:
    """Every choice is in the plan with what to ask about it (for a pen); ticking one ticks it
    in the plan and the PDF; the advice stays the same."""
    content = default_content()
    handout = Handout(content, date(2026, 12, 6))
    handout.load_answers({"rare_cancer": True})
    before = handout.model.advice
    speed = next(c for c in content.options.matters if c.id == "speed")
    assert escape(speed.ask) in handout.sheet.value
    assert "checked disabled>" not in handout.sheet.value
    handout.matters["speed"].value = True
    assert handout.model.advice == before
    sheet = handout.sheet.value
    assert escape(speed.ask) in sheet
    ticked = re.findall(r'<input type="checkbox" id="plan-matters-\d+" checked disabled>', sheet)
    assert len(ticked) == 1
    handout.download.click()
    match = re.search(r'href="data:application/pdf;base64,([^"]+)"', handout.pdf_link.value)
    assert match is not None
    pages = PdfReader(io.BytesIO(base64.b64decode(match.group(1)))).pages
    flat = " ".join("".join(page.extract_text() for page in pages).split())
    assert speed.ask in flat


def test_the_dashboard_offers_a_link_to_the_current_answers() -> None:
    """The share link and the plan link carry exactly the current answers."""
    dash = Dashboard(default_content())
    dash.controls["rare_cancer"].value = True
    assert 'href="?rare_cancer=yes"' in dash.share.value
    assert 'href="?view=handout&amp;rare_cancer=yes"' in dash.share.value


def test_the_presenter_opens_at_the_story_its_link_names() -> None:
    """The page's "Reload with my answers" link returns the presenter to its story."""
    content = default_content()
    story = content.scenarios[4]
    root = build_app(content, story_query(story.id))
    stage = next(x for x in _widgets(root) if "presenter-stage" in x._dom_classes)
    assert f'data-scenario="{story.id}"' in stage.value
    assert _notice(root) == ""


def test_the_advice_says_which_answers_it_is_for() -> None:
    """Every redraw writes the advice's answers as a link query (the page compares them with the
    controls on screen)."""
    dash = Dashboard(default_content())
    assert 'data-answers=""' in dash.advice.value
    dash.controls["rare_cancer"].value = True
    dash.controls["opinions_so_far"].value = "two_agree"
    expected = "rare_cancer=yes&amp;opinions_so_far=two_agree"
    assert f'data-answers="{expected}"' in dash.advice.value


def test_the_advice_is_marked_out_of_date_before_the_kernel_sets_the_controls() -> None:
    """Loading a story changes many controls, one message each: the advice on screen says it is
    out of date before the first of them, and the redraw after the last takes that back."""
    dash = Dashboard(default_content())
    events: list[tuple[str, str]] = []
    made = {"advice": dash.advice, "headline": dash.headline, "share": dash.share}
    for name, widget in made.items():
        widget.observe(
            lambda c, name=name: events.append(
                (name, "syncing" if 'data-stale="syncing"' in c["new"] else "redrawn")
            ),
            names="value",
        )
    for cid, control in dash.controls.items():
        control.observe(lambda _c, cid=cid: events.append((cid, "set")), names="value")
    story = next(s for s in dash.content.scenarios if len(s.answers) > 1)
    dash._load_scenario(story.id)
    first_set = next(i for i, (_, what) in enumerate(events) if what == "set")
    assert sorted(events[:first_set]) == [(n, "syncing") for n in sorted(made)]
    assert {n for n, what in events[first_set:] if what == "redrawn"} == set(made)
    for widget in made.values():
        assert 'data-stale="syncing"' not in widget.value


# -- where you get your care ---------------------------------------------------------------------


def _block(dash: Dashboard, criterion: str) -> w.Widget:
    return dash.hideable[criterion]


def test_the_plan_question_shows_only_on_the_routes_that_ask_it(dash: Dashboard) -> None:
    """The NHS hides the health plan's question; a US plan, or not sure (the default), shows
    it. Leaving a US plan sets its answer back to no, on screen and in the advice."""
    assert _block(dash, "insurer_requires").layout.display == ""
    dash.controls["care_route"].value = "uk_nhs"
    assert _block(dash, "insurer_requires").layout.display == "none"
    dash.controls["care_route"].value = "us_private"
    assert _block(dash, "insurer_requires").layout.display == ""
    dash.controls["insurer_requires"].value = True
    assert level_of(dash)[0] == "recommended"
    dash.controls["care_route"].value = "uk_nhs"
    assert _block(dash, "insurer_requires").layout.display == "none"
    assert dash.controls["insurer_requires"].value is False
    assert level_of(dash)[0] == "optional"
    assert 'data-answers="care_route=uk_nhs"' in dash.advice.value


def test_the_route_changes_the_steps_on_screen(dash: Dashboard) -> None:
    """The NHS route's steps name the GP and no health plan; Original Medicare's name Part B."""
    dash.controls["care_route"].value = "uk_nhs"
    steps = re.search(r'<section class="next-steps">(.*?)</section>', dash.advice.value, re.S)
    assert steps and "GP" in steps.group(1) and "health plan" not in steps.group(1)
    dash.controls["care_route"].value = "us_medicare"
    assert "Part B" in dash.advice.value


def test_a_link_with_a_route_opens_on_it_and_drops_an_unasked_answer() -> None:
    """`?care_route=uk_nhs&insurer_requires=yes`: the NHS route, the plan's question hidden and
    unanswered, and the calm notice that part of the link was not used."""
    root = build_app(query="care_route=uk_nhs&insurer_requires=yes")
    html = _all_html(root)
    assert 'data-answers="care_route=uk_nhs"' in html
    assert default_content().texts["link_ignored"] in _notice(root)
    box = next(x for x in _widgets(root) if "criterion-insurer_requires" in x._dom_classes)
    assert box.value is False


def test_the_presenter_says_where_each_story_gets_care() -> None:
    """Each story on the presenter's screen names its route, in the route question's words."""
    content = default_content()
    presenter = Presenter(content)
    labels = {o.id: o.label for o in content.criterion("care_route").options}
    for scenario in content.scenarios:
        route = dict(scenario.answers).get("care_route", "not_sure")
        assert escape(labels[route]) in presenter.stage.value, scenario.id
        presenter.next.click()


def test_the_stories_tables_are_short_columns_with_a_line_on_how_to_read_them(
    dash: Dashboard,
) -> None:
    """The stories tables say how to read them (only the first words bold); each is named by a
    heading that is not the view's; a second-opinion table has three columns (its heading says
    the outcome), the third-opinion one adds "About a third opinion"; the rows give each story's
    situation by its title, not its answers as the form words them for "you", and use no
    arrow."""
    html = "".join(
        child.value for child in dash.views["stories"].children if isinstance(child, w.HTML)
    )
    texts = dash.content.texts
    lead = f"<strong>{escape(texts['stories_howto_lead'])}</strong> "
    assert lead + escape(texts["stories_howto"]) + "</p>" in html
    headings = re.findall(r'<h3 class="story-heading" id="([^"]+)">(.*?)</h3>', html, re.S)
    assert len(headings) == html.count("<table") > 1
    for anchor, heading in headings:
        named = (
            rf'id="{anchor}">.*?</h3><div [^>]*aria-labelledby="{anchor}"><table [^>]*"{anchor}"'
        )
        assert re.search(named, html, re.S), anchor
        assert heading != escape(texts["stories_heading"])
    heads = re.findall(r"<thead>(.*?)</thead>", html, re.S)
    assert [h.count("<th ") for h in heads] == [3] * (len(heads) - 1) + [4]
    assert all(escape(texts["story_col_outcome"]) not in h for h in heads[:-1])
    assert escape(texts["story_col_outcome"]) in heads[-1]
    shown = re.compile(r'<span class="term-meaning">[^<]*</span>|<[^>]+>')
    situation = escape(texts["story_col_situation"])
    cells = re.findall(rf'<td data-label="{situation}">(.*?)</td>', html, re.S)
    titles = sorted(s.title for s in dash.content.scenarios)
    assert sorted(unescape(shown.sub("", c)) for c in cells) == titles
    text = shown.sub("", html)
    assert "UK: the NHS" not in text and "US: Original Medicare" not in text
    assert "→" not in html and "&rarr;" not in html
    assert all(escape(s.story) not in html for s in dash.content.scenarios)


def test_the_plan_and_its_pdf_use_the_routes_steps() -> None:
    """The printable plan and its PDF for the NHS route list the NHS steps and no health plan."""
    content = default_content()
    root = build_app(query="view=handout&care_route=uk_nhs")
    html = _all_html(root)
    nhs_first = next(s for s in content.steps if s.id == "nhs_talk_first").text
    assert escape(" ".join(nhs_first.split())) in html
    steps = re.findall(
        r'<section class="plan-step-[^"]*plan-checks[^"]*">(.*?)</section>', html, re.S
    )
    assert steps and not [s for s in steps if "health plan" in s]
    handout = Handout(content, date(2026, 12, 6))
    handout.load_answers({"care_route": "uk_nhs"})
    handout.download.click()
    match = re.search(r'href="data:application/pdf;base64,([^"]+)"', handout.pdf_link.value)
    assert match is not None
    pages = PdfReader(io.BytesIO(base64.b64decode(match.group(1)))).pages
    flat = " ".join("".join(page.extract_text() for page in pages).split())
    assert "Before another opinion, you could ask for one more talk" in flat
    assert "Call your health plan" not in flat


# -- a code for phones in the room ---------------------------------------------------------------

ROOM = "http://explainer.test:8866/"


@pytest.fixture
def room(monkeypatch: pytest.MonkeyPatch) -> str:
    """The kernel serves a request for the room's address (as Voila puts it in the environment)."""
    monkeypatch.delenv(PUBLIC_URL, raising=False)
    monkeypatch.setenv("SERVER_NAME", "explainer.test")
    monkeypatch.setenv("SERVER_PORT", "8866")
    return ROOM


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """The kernel serves a request for http://127.0.0.1:8866/ (no PUBLIC_URL)."""
    monkeypatch.delenv(PUBLIC_URL, raising=False)
    monkeypatch.setenv("SERVER_NAME", "127.0.0.1")
    monkeypatch.setenv("SERVER_PORT", "8866")


def code_address(html: str) -> str | None:
    """The address a code encodes (its data-address, checked against its plain-text address)."""
    match = re.search(r'data-address="([^"]*)"', html)
    if match is None:
        assert "<svg" not in html
        return None
    address = match.group(1).replace("&amp;", "&")
    assert "<svg" in html and f'<span class="room-url">{match.group(1)}</span>' in html
    return address


def test_the_self_check_shows_a_code_only_when_asked(room: str) -> None:
    """ "Show a code for phones" is off at first (nothing drawn, nothing taking room); on, it
    shows the code of the link to the answers; off again, it is gone."""
    dash = Dashboard(default_content())
    assert dash.room_toggle.value is False
    assert dash.room.value == "" and dash.room.layout.display == "none"
    dash.room_toggle.value = True
    assert dash.room.layout.display == ""
    assert code_address(dash.room.value) == room
    dash.room_toggle.value = False
    assert dash.room.value == "" and dash.room.layout.display == "none"


def test_the_self_checks_code_follows_the_answers(room: str) -> None:
    """The code is the share link's address made absolute, for the answers on screen now."""
    dash = Dashboard(default_content())
    dash.room_toggle.value = True
    dash.controls["rare_cancer"].value = True
    dash.controls["opinions_so_far"].value = "two_disagree"
    share = re.search(r'class="share-link" href="\?([^"]*)"', dash.share.value)
    assert share is not None
    expected = f"{room}?rare_cancer=yes&opinions_so_far=two_disagree"
    assert code_address(dash.room.value) == room + "?" + share.group(1).replace("&amp;", "&")
    assert code_address(dash.room.value) == expected
    assert 'data-answers="rare_cancer=yes&amp;opinions_so_far=two_disagree"' in dash.room.value
    dash.start_over.click()
    assert code_address(dash.room.value) == room


def test_the_self_check_says_calmly_why_there_is_no_code_on_a_loopback_address(
    loopback: None,
) -> None:
    dash = Dashboard(default_content())
    dash.room_toggle.value = True
    assert "<svg" not in dash.room.value
    assert escape(dash.texts["room_local"]) in dash.room.value


def test_the_presenters_code_opens_the_self_check_or_the_storys_answers(room: str) -> None:
    """The presenter's choice switches what the code opens; the story's answers follow the
    story on screen and the answers changed live."""
    content = default_content()
    presenter = Presenter(content)
    assert presenter.room_opens.value == "blank"
    assert code_address(presenter.room.value) == room
    presenter.room_opens.value = "story"
    story = content.scenarios[0]
    assert (
        code_address(presenter.room.value) == f"{room}?{build_query(dict(story.answers), content)}"
    )
    presenter.next.click()
    second = content.scenarios[1]
    assert (
        code_address(presenter.room.value) == f"{room}?{build_query(dict(second.answers), content)}"
    )
    presenter.controls["rare_cancer"].value = not presenter.controls["rare_cancer"].value
    assert code_address(presenter.room.value) == (
        f"{room}?{build_query(presenter.model.answers, content)}"
    )
    presenter.room_opens.value = "blank"
    assert code_address(presenter.room.value) == room


def test_the_presenter_says_calmly_why_there_is_no_code_on_a_loopback_address(
    loopback: None,
) -> None:
    """No code and nothing about one: the note on why is set-up for the educator, not words for
    the room on the projector. Getting sessions ready stays (behind a proxy the kernel may see
    only the loopback address)."""
    presenter = Presenter(default_content())
    assert "<svg" not in presenter.room.value
    assert presenter.room_parts.layout.display == "none"
    assert presenter.room_panel.layout.display != "none"
    assert presenter.group_button.layout.display != "none"


def test_getting_sessions_ready_is_one_box_to_tick_away() -> None:
    """The set-up for a group (its words, the size and the button) shows only once the presenter
    ticks its box, and hides again when it is unticked: the room reads the projected page."""
    presenter = Presenter(default_content())
    steps = presenter.group_button
    holder = next(
        box
        for box in presenter.room_panel.children[1].children
        if isinstance(box, w.VBox) and steps in box.children
    )
    assert presenter.group_toggle.description == presenter.texts["group_heading"]
    assert holder.layout.display == "none"
    presenter.group_toggle.value = True
    assert holder.layout.display != "none"
    presenter.group_toggle.value = False
    assert holder.layout.display == "none"


def test_the_presenters_answers_sit_beside_the_story_under_the_code(room: str) -> None:
    """The answers to change are beside the story and its advice, under the code for phones, not
    after the whole advice."""
    presenter = Presenter(default_content())
    main = next(x for x in _widgets(presenter.root) if "presenter-main" in classes(x))
    stage, side = main.children
    assert "presenter-stage" in classes(stage)
    assert side.children[0] is presenter.room_panel
    assert "presenter-controls" in classes(side.children[1])
    assert presenter.room_parts.layout.display != "none"


def test_sharing_comes_after_the_advice_and_the_presenter_link_only_with_the_sources(
    dash: Dashboard,
) -> None:
    """In the self-check's order the advice comes before "Save or print your plan" (a phone shows it
    first); the presenter's link is not in the header every visitor reads, but at the end of
    "Sources and about"."""
    order = list(dash.views["check"].children)
    tools = next(x for x in order if "share-tools" in classes(x))
    assert order.index(dash.advice) < order.index(tools)
    assert dash.share in tools.children and dash.room in tools.children
    link = escape(dash.texts["present_link"])
    header = dash.root.children[0]
    assert isinstance(header, w.HTML) and link not in header.value
    sources = "".join(x.value for x in _widgets(dash.views["sources"]) if isinstance(x, w.HTML))
    assert sources.rstrip().endswith(f"{link}</a></p>")


def test_the_presenter_uses_the_public_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """`make serve PUBLIC_URL=...` wins over the address the page was opened at."""
    monkeypatch.setenv(PUBLIC_URL, "https://room.example.org/explainer/")
    monkeypatch.setenv("SERVER_NAME", "127.0.0.1")
    presenter = Presenter(default_content())
    assert code_address(presenter.room.value) == "https://room.example.org/explainer/"


@pytest.mark.parametrize(
    ("reply", "key", "count"),
    [
        (GroupReply(ok=True, asked=30, warming=30, ready=4), "group_warming", 30),
        (GroupReply(ok=True, asked=30, warming=30, ready=30), "group_ready", 30),
        (GroupReply(ok=True, asked=30, warming=12, ready=2), "group_limited", 12),
        (GroupReply(ok=True, asked=30, warming=0, ready=0), "group_full", 0),
        (GroupReply(ok=False, asked=30), "group_failed", 0),
    ],
    ids=["warming", "ready", "limited", "full", "failed"],
)
def test_get_sessions_ready_asks_the_server_and_says_what_it_answered(
    monkeypatch: pytest.MonkeyPatch, reply: GroupReply, key: str, count: int
) -> None:
    """The button asks explainer.group for the size chosen, says it is asking meanwhile, then
    gives the server's answer in plain words; the button works again after."""
    presenter = Presenter(default_content())
    asked: list[tuple[int, str, bool]] = []

    def ask(size: int) -> GroupReply:
        asked.append((size, presenter.group_status.value, presenter.group_button.disabled))
        return reply

    monkeypatch.setattr(explainer.group, "ask_for_group", ask)
    assert presenter.group_size.value == 25
    presenter.group_size.value = 30
    presenter.group_button.click()
    texts = presenter.texts
    assert asked == [(30, group_status_html(None, texts), True)]
    assert escape(texts["group_asking"]) in asked[0][1]
    assert escape(texts[key].format(count=count)) in presenter.group_status.value
    assert 'role="status"' in presenter.group_status.value
    assert presenter.group_button.disabled is False
    assert presenter.notice.value == ""


def test_get_sessions_ready_never_shows_a_fault_to_the_room(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """An unexpected fault in the request reads as the server not answering; the log keeps it."""
    presenter = Presenter(default_content())
    monkeypatch.setattr(explainer.group, "ask_for_group", lambda _size: 1 / 0)
    presenter.group_button.click()
    assert escape(presenter.texts["group_failed"]) in presenter.group_status.value
    assert "ZeroDivisionError" not in presenter.group_status.value + presenter.notice.value
    assert "ZeroDivisionError" in caplog.text
    assert presenter.group_button.disabled is False


def test_the_group_sizes_stay_within_what_the_server_takes() -> None:
    """Every size offered is 1 to MAX_GROUP; a forged choice outside them is refused."""
    presenter = Presenter(default_content())
    presenter.harden()
    sizes = [value for _label, value in presenter.group_size.options]
    assert all(1 <= n <= explainer.group.MAX_GROUP for n in sizes) and 25 in sizes
    presenter.group_size.set_state({"index": len(sizes) + 5})
    assert presenter.group_size.value == 25
    assert escape(presenter.texts["bad_answer"]) in presenter.notice.value
