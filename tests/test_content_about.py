"""The trust content over the real data (IPDAS items): pros and cons, figures, date and policy."""

from __future__ import annotations

import re
from datetime import date

import pytest

from explainer import default_content
from explainer.model import ROUTE, Point, points_on_route

ABOUT = default_content().about
NUMBER = r"[0-9]+(?:\.[0-9]+)?"


def _words(text: str) -> int:
    return len(text.split())


def _on(route: str) -> tuple[tuple[Point, ...], tuple[Point, ...]]:
    """The good points and drawbacks a visitor on this route reads."""
    answers = {ROUTE: route}
    return points_on_route(ABOUT.pros, answers), points_on_route(ABOUT.cons, answers)


ROUTES = [o.id for o in default_content().criterion(ROUTE).options]


@pytest.mark.parametrize("route", ROUTES)
def test_pros_and_cons_are_as_many_and_each_cites_a_passage(route: str) -> None:
    """On every route there are as many good points as drawbacks, and every one cites at least
    one passage."""
    pros, cons = _on(route)
    assert len(pros) == len(cons) >= 3
    for point in (*pros, *cons):
        assert point.citations, point.id
        assert all(c.quote and c.url for c in point.citations), point.id


@pytest.mark.parametrize("route", ROUTES)
def test_pros_and_cons_are_told_in_equal_detail(route: str) -> None:
    """On every route, good points and drawbacks use about as many words (within a fifth)."""
    pros, cons = (sum(_words(p.text) for p in points) for points in _on(route))
    assert abs(pros - cons) <= 0.2 * max(pros, cons), (pros, cons)


@pytest.mark.parametrize("route", ROUTES)
def test_the_required_pros_and_cons_are_there(route: str) -> None:
    """The points the issue names: peace of mind, type and stage, trials, other specialists;
    delay, travel, distress, advice that differs, and one drawback about what it costs or (on
    the NHS, where our notes give no cost) that the NHS need not give one."""
    pros, cons = _on(route)
    assert {p.id for p in pros} >= {
        "peace_of_mind", "type_and_stage", "clinical_trials", "other_specialists"
    }  # fmt: skip
    ids = {p.id for p in cons}
    assert ids >= {"delay", "travel", "distress", "differing_advice"}
    (other,) = ids - {"delay", "travel", "distress", "differing_advice"}
    assert other.startswith("cost") or (route, other) == ("uk_nhs", "nhs_need_not")


def test_every_figure_has_a_population_a_number_and_a_source_url() -> None:
    """Each figure says whom it came from, gives a number, and links its source."""
    for figure in ABOUT.figures:
        assert figure.population.strip(), figure.id
        assert re.search(r"[0-9]", figure.finding), figure.id
        assert figure.citation.url.startswith(("http://", "https://")), figure.id


#: The words our findings add to the studies' numbers, each checked below: a sum of rounded
#: parts ("These make 99, not 100", which no finding needs now that the picture shows the parts
#: as given) and a comparison for a number in every 1,000.
SUM = re.compile(r"[Tt]hese make ([0-9]+), not 100")
FEWER = re.compile(r"fewer than ([0-9]+) in every 100")


def _as_percentages(text: str) -> list[str]:
    """The numbers of a finding worded "N in every 100" (or "N in every 1,000"), as the notes'
    percentages: "6 in every 1,000" is 0.6; the 100 itself is not a figure, nor are a sum or a
    comparison (checked on their own)."""
    text = FEWER.sub("", SUM.sub("", text))
    per_thousand = [f"{int(n) / 10:g}" for n in re.findall(r"([0-9]+) in every 1,000", text)]
    rest = re.sub(r"[0-9]+ in every 1,000", "", text)
    rest = re.sub(r"\bin (?:every )?100\b", "", rest)
    return sorted(re.findall(NUMBER, rest) + per_thousand)


def test_figures_keep_the_studies_numbers_exactly() -> None:
    """Every percentage in the notes' finding appears in our wording as "N in 100" (or in
    1,000), and no other number; no % sign is left."""
    content = default_content()
    for figure in ABOUT.figures:
        source = content.source(figure.citation.source)
        theirs = re.findall(NUMBER, next(p.notes for p in source.passages))
        assert _as_percentages(figure.finding) == sorted(theirs), figure.id
        assert "%" not in figure.finding and "%" not in figure.population, figure.id


def test_parts_are_pictured_as_the_study_gives_them_without_a_warning() -> None:
    """A finding in parts is drawn with its parts exactly as the study gives them (parts that
    make 99 leave a place empty, never a person made up); no finding adds a sentence on their
    sum just to stop a misreading."""
    for figure in ABOUT.figures:
        assert SUM.search(figure.finding) is None, figure.id
        for icons in figure.icons:
            if icons.half:
                parts = [float(n) for n in _as_percentages(figure.finding)]
                drawn = [icons.count, icons.half, icons.outlined]
                assert sorted(drawn) == sorted(parts), figure.id


def test_a_number_in_every_1000_is_pictured_truly_in_every_100() -> None:
    """A finding given in every 1,000 also says how it compares with 1 in every 100, and the
    comparison is true."""
    for figure in ABOUT.figures:
        thousands = [int(n) for n in re.findall(r"([0-9]+) in every 1,000", figure.finding)]
        fewer = [int(n) for n in FEWER.findall(figure.finding)]
        assert bool(thousands) == bool(fewer), figure.id
        assert all(t / 10 < f for t in thousands for f in fewer), figure.id


def test_each_picture_draws_a_number_of_the_finding_and_says_it() -> None:
    """Each picture of 100 people fills one of its finding's numbers, its caption and its label
    state that number, and the pictures' numbers are the finding's (every part, or a range's
    lowest and highest)."""
    for figure in ABOUT.figures:
        numbers = [int(float(n)) for n in _as_percentages(figure.finding)]
        for icons in figure.icons:
            assert icons.count in numbers, figure.id
            assert not icons.caption or f"{icons.count} in 100" in icons.caption, figure.id
            assert f"{icons.count} in every 100" in " ".join(icons.label.split()), figure.id
        counts = [i.count for i in figure.icons]
        if len(counts) == 2:  # a range: its lowest and highest study, the first range given
            assert counts[0] < counts[1], figure.id
            assert re.search(rf"\b{counts[0]}\b.*\b{counts[1]}\b", figure.finding, re.S)
        elif counts and figure.icons[0].half:  # parts: every number, in the label and key
            parts = [figure.icons[0].count, figure.icons[0].half, figure.icons[0].outlined]
            assert sorted(parts) == sorted(numbers), figure.id
            assert figure.key, figure.id
            keyed = (figure.key.filled, figure.key.half, figure.key.outlined)
            for n, words in zip(parts, keyed, strict=True):
                assert f"{n} in every 100" in " ".join(figure.icons[0].label.split()), figure.id
                assert f"{n} in 100" in words, figure.id


def test_the_studies_are_the_six_in_the_notes() -> None:
    """The six studies of research/guidance.md section 2, each its own source."""
    assert [f.citation.source for f in ABOUT.figures] == [
        "ruetters_2016", "hillen_2017", "van_such_2017", "swapp_2013", "ray_coquard_2012",
        "newman_2006",
    ]  # fmt: skip


def test_the_production_date_and_the_review_policy_exist() -> None:
    """The content has a real production date and a review policy with who, how often and when."""
    produced = date.fromisoformat(ABOUT.produced)
    assert produced == date(2026, 11, 25)
    policy = ABOUT.policy
    assert policy.who and policy.how_often and policy.triggers
    next_review = date.fromisoformat(policy.next_review_by)
    assert produced < next_review <= produced.replace(year=produced.year + 1)


def test_funding_says_no_sponsor_and_who_built_it() -> None:
    """The funding statement names no sponsor and says who built the tool."""
    funding = " ".join(ABOUT.funding).lower()
    assert "no sponsor" in funding and "drug company" in funding and "built" in funding
