"""Where you get your care (care_route): each route's own cited steps, and no route's claims on
another, over every route and every other answer (tests/answer_space.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable

import answer_space
import pytest

from explainer import Advice, Answers, advise, default_content, validate_answers
from explainer.links import build_query, parse_query
from explainer.model import ROUTE, Citation, on_route
from explainer.readability import Item, grade

CONTENT = default_content()
ALL = answer_space.advised()
ROUTES = answer_space.routes(CONTENT)
US = tuple(r for r in ROUTES if r.startswith("us_"))
PLAN_QUESTION = "insurer_requires"

#: Words that make a claim about one country's or one plan's care, and the routes each may be
#: read on (the helplines, labelled by country, are checked in test_advice_invariants.py).
COUNTRY_WORDS: dict[str, tuple[str, ...]] = {
    r"\bMedicare\b|\bPart B\b|\bdeductible\b": ("us_medicare", "us_medicare_advantage"),
    r"\bMedicaid\b|\bfederal\b": ("us_medicaid",),
    r"\bTRICARE\b|\bVA\b|\bveterans?\b": ("us_veterans_military",),
    r"\bappeal\b|Consumer Assistance|\boutside review\b": ("us_private",),
    r"not for profit|financial assistance|named by the National Cancer Institute": (
        "us_no_insurance",
    ),
    r"National Cancer Institute|1-800-4-CANCER": US,
    r"\bNHS\b|\bGP\b|\bUK\b": ("uk_nhs",),
    r"\bUS\b": US,
    r"\binsur|\bhealth plans?\b|\byour plan\b|\bplan's\b|\bplans?\b": tuple(
        r for r in ROUTES if r != "uk_nhs"
    ),
    r"\blegal right\b|\byour right\b": (*US, "uk_nhs"),
}
#: Sites our notes name as pointers, not citations (research/routes.md): never cited.
POINTERS = (
    "docslib.org",
    "bansdoc.gov.bd",
    "lexbuild.dev",
    "paincarerights.org",
    "hrphysician.com",
    "lbc.co.uk",
    "legible.es",
)
UK_SOURCES = ("nhs.uk", "cancerresearchuk.org", "macmillan.org.uk")


def _on(route: str) -> list[tuple[Answers, Advice]]:
    return [(a, advice) for a, advice in ALL if a[ROUTE] == route]


def _read(answers: Answers, advice: Advice) -> list[str]:
    """What a visitor reads on the route but the helplines: the questions asked on it (the route
    question itself names every country, as choices), and the advice."""
    asked = [c for c in CONTENT.criteria if c.id != ROUTE and on_route(c.routes, answers)]
    points = (*advice.good_points, *advice.drawbacks, *advice.asking)
    return [
        *(t for c in asked for t in (c.label, c.question, c.help)),
        advice.summary,
        *(r.text for r in (*advice.cautions, *advice.reasons)),
        *(s.text for s in (*advice.next_steps, *advice.questions)),
        advice.third_opinion.text,
        *(p.text for p in points),
    ]


def _claims(texts: Iterable[str], route: str) -> list[tuple[str, str]]:
    """The (pattern, text) pairs where a text makes a claim not meant for this route."""
    return [
        (pattern, text)
        for text in texts
        for pattern, routes in COUNTRY_WORDS.items()
        if route not in routes and re.search(pattern, text)
    ]


def _citations(advice: Advice) -> list[Citation]:
    return [
        *(x.citation for x in (*advice.cautions, *advice.reasons, *advice.next_steps)),
        *(x.citation for x in advice.questions),
        *(c for p in (*advice.good_points, *advice.drawbacks, *advice.asking) for c in p.citations),
        *(c for p in advice.helplines for c in p.citations),
    ]


# -- the checks ------------------------------------------------------------------------


def test_the_nhs_route_speaks_of_the_nhs_and_never_of_insurance_or_plans() -> None:
    """On the NHS, whatever else is answered: no step, reason or main message mentions
    insurance, insurers, Medicare or (health) plans, and a step cites the NHS, Cancer Research UK
    or Macmillan."""
    nhs = _on("uk_nhs")
    assert nhs
    for answers, advice in nhs:
        texts = [advice.summary, *(r.text for r in advice.reasons)]
        texts += [s.text for s in advice.next_steps]
        for text in texts:
            assert not re.search(r"\binsur|\bMedicare\b|\bplans?\b", text, re.I), (answers, text)
        urls = [s.citation.url for s in advice.next_steps]
        assert any(site in url for url in urls for site in UK_SOURCES), answers


def test_medicare_with_one_opinion_says_what_part_b_pays_citing_medicare_gov() -> None:
    """On Original Medicare with one opinion: a step about Part B's cover for a second opinion,
    with what the person pays, as a whole sum in dollars, and who can tell them their own cost
    (no sum to work out), citing medicare.gov."""
    for answers, advice in _on("us_medicare"):
        if answers["opinions_so_far"] != "one":
            continue
        steps = [s for s in advice.next_steps if "medicare.gov" in s.citation.url]
        assert any(
            "second opinion" in s.text
            and "$20 of every $100" in s.text
            and "deductible" in s.text
            and "ask their office" in s.text
            and "%" not in s.text
            for s in steps
        ), answers


def test_with_no_insurance_the_first_step_is_not_calling_an_insurer() -> None:
    """With no insurance, no step speaks of an insurer or a plan, and the first step (after any
    about timing or two opinions) is about help with the cost."""
    for answers, advice in _on("us_no_insurance"):
        for step in advice.next_steps:
            assert not re.search(r"\binsur|\bplans?\b", step.text, re.I), (answers, step.id)
    steps = advise({ROUTE: "us_no_insurance"}).next_steps
    first = next(s for s in steps if s.stage != "timing")
    assert first.id == "financial_assistance"
    assert "irs.gov" in first.citation.url


# -- every route x every other answer ---------------------------------------------------------


def test_no_route_reads_another_routes_claims() -> None:
    """Over every answer set, nothing a visitor reads (but the labelled helplines) makes a
    claim meant for another route: not sure and another country get no country's rules."""
    read: dict[str, set[str]] = {route: set() for route in ROUTES}
    seen: set[tuple[str, Advice]] = set()
    for answers, advice in ALL:
        if (answers[ROUTE], advice) not in seen:  # many answer sets give the same advice
            seen.add((answers[ROUTE], advice))
            read[answers[ROUTE]].update(_read(answers, advice))
    for route, texts in read.items():
        assert texts, route
        assert not _claims(texts, route), route


@pytest.mark.parametrize("route", ["other_country", "not_sure"])
def test_not_sure_and_another_country_get_the_general_steps(route: str) -> None:
    """Not sure, or another country: only steps meant for every route, or for these two."""
    for _, advice in _on(route):
        for step in advice.next_steps:
            info = next(s for s in CONTENT.steps if s.id == step.id)
            assert not info.routes or set(info.routes) >= {"other_country", "not_sure"}, step.id


def test_every_item_shown_is_meant_for_the_route() -> None:
    """Each step, question and point shown names the route among its routes, or has none."""
    steps = {s.id: s.routes for s in (*CONTENT.steps, *CONTENT.questions)}
    about = CONTENT.about
    points = {p.id: p.routes for p in (*about.pros, *about.cons, *about.asking, *about.helplines)}
    for answers, advice in ALL:
        route = answers[ROUTE]
        for step in (*advice.next_steps, *advice.questions):
            assert not steps[step.id] or route in steps[step.id], (route, step.id)
        shown = (*advice.good_points, *advice.drawbacks, *advice.asking, *advice.helplines)
        for point in shown:
            assert not points[point.id] or route in points[point.id], (route, point.id)


def test_each_route_has_steps_of_its_own() -> None:
    """Every route, the two general ones included, has at least one step meant for it alone or
    for a few routes, with one opinion so far; each is cited to a page."""
    for route in ROUTES:
        advice = advise({ROUTE: route})
        own = [
            s for s in advice.next_steps if next(i for i in CONTENT.steps if i.id == s.id).routes
        ]
        assert own, route
        for step in own:
            assert step.citation.url.startswith("http"), step.id


def test_no_citation_rests_on_a_pointer_site() -> None:
    """No text, on any route, cites a site our notes name as a pointer, not a source."""
    urls = {c.url for _, advice in ALL for c in _citations(advice)}
    urls |= {c.url for c in CONTENT.citations()}
    assert urls
    for url in urls:
        assert not any(site in url for site in POINTERS), url


def test_each_route_reads_at_grade_8_or_below() -> None:
    """Every text shown on each route, item by item, passes the readability rule."""
    texts = {t for answers, advice in ALL for t in _read(answers, advice)}
    texts |= {p.text for _, advice in ALL for p in advice.helplines}
    for text in sorted(texts):
        result = grade(Item("shown", text))
        assert result.passed, result.problem() + f": {text!r}"


def test_the_urgent_advice_comes_first_on_every_route() -> None:
    """Treatment that cannot wait: on every route, the cautions and the timing steps first."""
    for answers, advice in ALL:
        if answers["treatment_cannot_wait"]:
            assert advice.cautions, answers
            # Asking if a short delay is safe, first; with two doctors who agree (no new doctor
            # to wait for, so no question about a delay), keeping booked care.
            ids = [s.id for s in advice.next_steps]
            first = (
                "keep_booked_care"
                if answers["opinions_so_far"] == "two_agree"
                else "ask_about_delay"
            )
            assert ids[0] == first, answers


def test_your_right_only_where_a_source_says_so() -> None:
    """ "Your right" on the US routes, as the article (from the US) says; "no legal right" on
    the NHS; neither for another country or a visitor not sure of theirs."""
    for route in ROUTES:
        words = " ".join(p.text for p in advise({ROUTE: route}).asking)
        assert ("your right as a cancer patient" in words) == route.startswith("us_"), route
        assert ("no legal right" in words) == (route == "uk_nhs"), route


# -- the health plan's question: asked, and used, only where it applies -----------------------


def test_the_plan_question_is_used_only_on_the_routes_that_ask_it() -> None:
    """Off its routes, an answer to the health plan's question is set aside: the advice is the
    same as without it, and the answers say no."""
    asked = CONTENT.criterion(PLAN_QUESTION).routes
    assert set(asked) == {
        "us_private",
        "us_medicare_advantage",
        "us_medicaid",
        "us_veterans_military",
        "not_sure",
    }
    for route in ROUTES:
        given = {ROUTE: route, PLAN_QUESTION: True}
        answers = validate_answers(given)
        assert answers[PLAN_QUESTION] is (route in asked), route
        if route not in asked:
            assert advise(given) == advise({ROUTE: route}), route


def test_a_link_carries_the_route_and_drops_what_it_does_not_ask() -> None:
    """?care_route=uk_nhs is read; an unknown route is dropped calmly and counted; so is the
    health plan's answer on a route that does not ask it."""
    link = parse_query("care_route=uk_nhs", CONTENT)
    assert link.answers_dict() == {ROUTE: "uk_nhs"} and link.ignored == 0
    assert build_query(validate_answers(link.answers_dict()), CONTENT) == "care_route=uk_nhs"
    unknown = parse_query("care_route=mars&rare_cancer=yes", CONTENT)
    assert unknown.answers_dict() == {"rare_cancer": True} and unknown.ignored == 1
    dropped = parse_query("care_route=uk_nhs&insurer_requires=yes", CONTENT)
    assert dropped.answers_dict() == {ROUTE: "uk_nhs"} and dropped.ignored == 1
    old = parse_query("insurer_requires=yes", CONTENT)  # made before the routes: still works
    assert old.answers_dict() == {PLAN_QUESTION: True} and old.ignored == 0
    assert advise(old.answers_dict()).second_opinion.level == "recommended"
    abroad = parse_query("care_route=other_country&insurer_requires=yes", CONTENT)
    assert abroad.answers_dict() == {ROUTE: "other_country"} and abroad.ignored == 1
    kept = parse_query("care_route=us_private&insurer_requires=yes", CONTENT)
    assert kept.answers_dict() == {ROUTE: "us_private", PLAN_QUESTION: True}
    assert kept.ignored == 0


# -- stories ------------------------------------------------------------------------------------


def test_a_story_for_each_family_of_routes() -> None:
    """At least one story on a US plan, Medicare, Medicaid or no insurance, VA or TRICARE, and
    the NHS."""
    routes = {dict(s.answers).get(ROUTE) for s in CONTENT.scenarios}
    for family in (
        {"us_private"},
        {"us_medicare", "us_medicare_advantage"},
        {"us_medicaid", "us_no_insurance"},
        {"us_veterans_military"},
        {"uk_nhs"},
    ):
        assert routes & family, family


def test_the_claim_check_can_fail() -> None:
    """The check finds a plan on the NHS, Medicare for a visitor not sure, the NHS in the US."""
    assert _claims(["Call your health plan."], "uk_nhs")
    assert _claims(["Medicare Part B helps pay."], "not_sure")
    assert _claims(["Ask your GP to refer you."], "us_private")
    assert not _claims(["Ask your GP to refer you."], "uk_nhs")
