"""The printable plan as a document (explainer/plan.py): what it holds for a set of answers."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

import pytest

from explainer import advise, default_content
from explainer.content import Content
from explainer.handout import plan_html
from explainer.plan import RECORD_STEPS, PlanDocument, build_plan, short_address

TODAY = date(2026, 12, 6)
#: A glossary meaning the plan adds in brackets after a term.
MEANING = re.compile(r" \([^()]*\)")
SCREEN_ONLY = (
    "new tab",
    "Ticks are not saved",
    "does not save your checks",
    "Show the source",
    "Read the source",
)


@pytest.fixture(scope="module")
def content() -> Content:
    return default_content()


def _plan(content: Content, answers: dict[str, object], matters: set[str] = set()) -> PlanDocument:  # noqa: B006  # never mutated
    return build_plan(advise(answers, content), content, TODAY, matters)


def _texts(plan: PlanDocument) -> str:
    found = []
    for s in plan.sections:
        found += [s.heading, s.intro, *(i.text for i in s.items), *(i.note for i in s.items)]
        found += [t for o in s.options for t in (o.heading, o.involves, *o.good, *o.drawbacks)]
        found += [words for _, words in s.collect]
    return " ".join(found)


def test_the_plan_opens_with_the_key_points_and_ends_with_one_short_source_list(content) -> None:
    """The summary comes first, the sources last and once; each source is one the plan cites."""
    plan = _plan(content, {"rare_cancer": True})
    assert plan.sections[0].kind == "summary" and plan.sections[0].id == "summary"
    assert [s.kind for s in plan.sections].count("sources") == 1
    assert plan.sections[-1].kind == "sources"
    assert 0 < len(plan.sections[-1].sources) < len(content.sources)
    titles = {s.title for s in content.sources}
    assert all(
        line.title in titles and line.url.startswith("http") for line in plan.sections[-1].sources
    )


def test_the_plan_says_nothing_that_only_makes_sense_on_a_screen(content) -> None:
    """No "opens in a new tab", "Ticks are not saved" or source disclosures, in text or HTML."""
    for answers in ({}, {"rare_cancer": True, "treatment_cannot_wait": True}):
        plan = _plan(content, answers)
        html = plan_html(plan)
        for words in SCREEN_ONLY:
            assert words not in html and words not in _texts(plan), words
        assert "<details" not in html and 'target="_blank"' not in html


def test_with_one_opinion_the_steps_are_the_path_each_with_its_boxes(content) -> None:
    """With one opinion so far, as on the page: one section a step of the path, headed "Step n:"
    and its words, in the path's order, each task a box to tick; a task that means calling
    someone leaves lines for a name, a phone number and a date; the records are a step of
    their own."""
    advice = advise({"care_route": "us_private"}, content)
    plan = build_plan(advice, content, TODAY)
    on_path = content.options.on_path(advice.next_steps)
    sections = [s for s in plan.sections if s.id.startswith("step-")]
    assert [s.id for s in sections] == [f"step-{p.id}" for p, _ in on_path]
    for n, (section, (point, under)) in enumerate(zip(sections, on_path, strict=True), start=1):
        assert section.kind == "checks"
        assert section.heading == content.texts["plan_step_heading"].format(
            number=n, step=point.text
        )
        assert [MEANING.sub("", i.text) for i in section.items] == [s.text for s in under]
    labels = (content.texts["plan_write_who"], content.texts["plan_write_phone"])
    assert any(set(labels) <= set(i.write_in) for s in sections for i in s.items)
    assert "steps" not in {s.id for s in plan.sections}
    assert "records" not in {s.id for s in plan.sections}


def test_with_two_opinions_the_records_have_their_own_list(content) -> None:
    """With two opinions that differ, the steps are one list and the records come under their
    own heading."""
    plan = _plan(content, {"care_route": "us_private", "opinions_so_far": "two_disagree"})
    steps = plan.section("steps")
    assert steps.kind == "checks" and steps.items
    records = plan.section("records")
    assert records.kind == "checks"
    record_texts = {s.text for s in content.steps if s.id in RECORD_STEPS}
    assert {MEANING.sub("", i.text) for i in records.items} <= record_texts
    assert not {MEANING.sub("", i.text) for i in steps.items} & record_texts


def test_what_matters_most_is_ticked_as_chosen_and_adds_what_to_ask(content) -> None:
    """Every choice is listed with its question (one ticked later with a pen is as usable);
    the ticked ones are ticked; the advice sections are the same whatever is ticked."""
    bare = _plan(content, {"rare_cancer": True})
    chosen = _plan(content, {"rare_cancer": True}, {"cost", "trust"})
    matters = chosen.section("matters")
    assert [MEANING.sub("", i.text) for i in matters.items] == [
        c.label for c in content.options.matters
    ]
    for item, choice in zip(matters.items, content.options.matters, strict=True):
        assert item.ticked == (choice.id in {"cost", "trust"})
        assert MEANING.sub("", item.note) == choice.ask
    assert not any(i.ticked for i in bare.section("matters").items)
    others = [s for s in chosen.sections if s.id not in {"matters", "sources"}]
    assert others == [s for s in bare.sections if s.id not in {"matters", "sources"}]


def test_the_options_are_side_by_side_in_equal_detail(content) -> None:
    """Another opinion and the current plan each say what they involve, with as many good
    points as the other option has, and drawbacks."""
    options = _plan(content, {}).section("options").options
    assert len(options) == 2
    another, current = options
    assert another.heading == content.options.another_heading
    assert current.heading == content.options.current_heading
    for column in options:
        assert column.involves and column.good and column.drawbacks


def test_a_term_is_defined_once_in_the_plan_where_it_is_first_used(content) -> None:
    """Each glossary term the plan uses is followed by its meaning the first time only."""
    plan = _plan(content, {"care_route": "us_medicare", "rare_cancer": True})
    text = _texts(plan)
    used = [t for t in content.glossary if f"({t.definition})" in text]
    assert used, "the plan defines no term"
    for term in used:
        assert text.count(f"({term.definition})") == 1, term.id


def test_two_doctors_who_agree_get_no_questions_for_a_new_doctor(content) -> None:
    """With two opinions that agree, the plan has no questions for a doctor not yet seen."""
    plan = _plan(content, {"opinions_so_far": "two_agree"})
    assert "questions" not in {s.id for s in plan.sections}
    assert "questions" in {s.id for s in _plan(content, {}).sections}


def test_when_treatment_cannot_wait_the_plan_says_so_first(content) -> None:
    """The urgent key point opens the plan, and the cautions come straight after the summary."""
    plan = _plan(content, {"treatment_cannot_wait": True})
    urgent = content.level("optional").urgent_key_point
    assert plan.sections[0].items[0].text.startswith(urgent.split(".")[0])
    assert plan.sections[1].id == "cautions"


@pytest.mark.parametrize(
    "answers",
    [{}, {"care_route": "us_medicare"}, {"care_route": "uk_nhs", "rare_cancer": True}],
)
def test_the_source_list_holds_every_source_the_plan_rests_on(content, answers) -> None:
    """Every citation behind the plan's texts, a glossary meaning's too, has its source listed."""
    plan = _plan(content, answers)
    listed = {line.title for line in plan.section("sources").sources}
    text = _texts(plan)
    for term in content.glossary:
        if f"({term.definition})" in text:
            assert content.source(term.citation.source).title in listed, term.id
    for point in advise(answers, content).key_points:
        for citation in point.citations:
            assert content.source(citation.source).title in listed


def test_no_reason_is_said_in_words_not_left_as_an_empty_heading(content) -> None:
    """With no answer on the lists, "Why" says so, as the page does."""
    why = _plan(content, {}).section("why")
    assert [MEANING.sub("", i.text) for i in why.items] == [content.texts["no_reasons"]]


def test_the_source_list_gives_dates_in_words_and_nothing_for_no_date(content) -> None:
    """Each source's date is in words ("April 23, 2009"), as the plan's own date is; a source
    that gives no date has none, not a line saying so."""
    plan = _plan(content, {"rare_cancer": True})
    lines = plan.section("sources").sources
    article = next(s for s in lines if s.title == content.source("webmd_2009").title)
    assert article.date == "April 23, 2009"
    assert article.reference().endswith("WebMD, April 23, 2009.")
    undated = [s for s in lines if not s.date]
    assert undated and all(s.reference().endswith(f"{s.publisher}.") for s in undated)
    assert not re.search(r"\d{4}-\d{2}", plan.made + " ".join(s.reference() for s in lines))


def test_the_level_carries_its_marks_and_label_as_on_the_badge(content) -> None:
    """The level section holds how many of three marks its level fills and its label, what the
    marks mean as its intro, and what the level means as its item."""
    for answers, level, filled in (
        ({"rare_cancer": True}, "essential", 3),
        ({}, "optional", 1),
        ({"opinions_so_far": "two_disagree"}, "helpful", 2),
    ):
        section = _plan(content, answers).section("level")
        shown = content.level(level)
        assert (section.marks, section.marks_label) == (filled, f"{shown.label}.")
        assert section.intro == content.texts["marks_key"]
        assert MEANING.sub("", section.items[0].text) == MEANING.sub("", shown.description)


def test_each_step_of_the_path_knows_its_number_and_picture(content) -> None:
    """With one opinion, each step of the path is numbered 1..n of n with its small picture's
    name; with two, no section is a step of the path."""
    steps = [s for s in _plan(content, {}).sections if s.step]
    assert [s.step for s in steps] == list(range(1, len(steps) + 1)) and len(steps) >= 4
    assert {s.steps for s in steps} == {len(steps)}
    icons = {p.id: p.icon for p in content.options.path}
    assert [s.icon for s in steps] == [icons[s.id.removeprefix("step-")] for s in steps]
    assert not any(s.step for s in _plan(content, {"opinions_so_far": "two_disagree"}).sections)


def test_the_options_carry_the_reviews_ranges_and_its_source(content) -> None:
    """With one opinion, the options section carries the review's ranges, and the review is in
    the plan's source list; with two (another opinion alone), no picture."""
    plan = _plan(content, {})
    assert plan.section("options").ranges == content.options.ranges
    assert content.options.ranges.citation.url in {s.url for s in plan.section("sources").sources}
    assert _plan(content, {"opinions_so_far": "two_agree"}).section("options").ranges is None


ARCHIVED = "{archive} (a copy of {host})"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "https://www.cancer.org/cancer/managing-cancer/seeking-a-second-opinion.html",
            "cancer.org",
        ),
        ("http://sciencedaily.com/releases/2006/11/061129151415.htm", "sciencedaily.com"),
        ("https://pubmed.ncbi.nlm.nih.gov/28374457/", "pubmed.ncbi.nlm.nih.gov"),
        ("https://WWW.Medicare.gov/coverage/second-surgical-opinions", "medicare.gov"),
        ("https://elht.nhs.uk:443/patients/how-seek-second-opinion", "elht.nhs.uk"),
        ("https://www.ecfr.gov/x?a=http://y.org/z", "ecfr.gov"),
        (
            "https://cybercemetery.unt.edu/archive/oilspill/20121017203336/"
            "http://www.cancer.gov/cancertopics/factsheet/Therapy/doctor-facility",
            "cybercemetery.unt.edu (a copy of cancer.gov)",
        ),
        (
            "https://web.archive.org/web/20200101000000/https://www.nccn.org/patients/guidelines",
            "web.archive.org (a copy of nccn.org)",
        ),
        (
            "http://web.archive.org/web/2015id_/http://oncolink.org/a",
            "web.archive.org (a copy of oncolink.org)",
        ),
    ],
)
def test_paper_shows_a_sources_site_alone(url: str, shown: str) -> None:
    """An address on paper is its site, with no "https://", "http://" or "www.", nor a path that
    could not be typed; a web archive's copy shows the archive's site, where the page now is, and
    the site it copies."""
    assert short_address(url, ARCHIVED) == shown


def test_the_source_list_shows_each_site_and_says_where_the_full_addresses_are(content) -> None:
    """Every source line keeps its full address for a link and shows its site alone (a copy in
    a web archive said to be one); the list's intro names the part of the tool with the full
    addresses."""
    section = _plan(content, {}).section("sources")
    archived = content.texts["plan_archived"]
    for line in section.sources:
        assert line.address == short_address(line.url, archived)
        assert "/" not in line.address and "www." not in line.address, line.url
    copies = [s for s in section.sources if "archive" in s.url]
    assert copies
    for line in copies:
        before_site = archived.split("{host}")[0].format(archive=urlsplit(line.url).hostname)
        assert line.address.startswith(before_site) and "cancer.gov" in line.address, line.url
    assert f'"{content.texts["nav_sources"]}"' in section.intro


def test_the_records_step_says_what_to_collect_after_its_tasks(content) -> None:
    """With one opinion, the step of the path for records carries the data's records to collect,
    in order and under its label, each with its picture's name; no other step carries any, and
    with two opinions (no path) no section does."""
    plan = _plan(content, {})
    collect = {p.id: p.collect for p in content.options.path if p.collect}
    steps = [s for s in plan.sections if s.step]
    assert "step-records" in {s.id for s in steps}
    for section in steps:
        wanted = collect.get(section.id.removeprefix("step-"), ())
        assert [(i, MEANING.sub("", w)) for i, w in section.collect] == list(wanted), section.id
    records = plan.section("step-records")
    assert len(records.collect) == 4 and records.collect_label == content.options.collect_label
    two = _plan(content, {"opinions_so_far": "two_disagree"})
    assert not any(s.collect for s in two.sections)
