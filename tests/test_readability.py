"""Every patient-facing sentence in our content files reads at US grade 8 or below."""

from __future__ import annotations

import warnings

import pytest

from explainer import default_content

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # textstat 0.7.4 imports the deprecated pkg_resources
    import textstat  # type: ignore[import-untyped]  # textstat ships no type hints

#: IPDAS health-literacy criterion: grade 8 or lower (research/guidance.md, section 3).
MAX_GRADE = 8.0


def _texts() -> list[tuple[str, str]]:
    """(item, text) for every patient-facing string in the content (not data/ui.yaml)."""
    c = default_content()
    items = [(f"criteria.yaml: group {g.id!r}: label", g.label) for g in c.groups]
    for cr in c.criteria:
        items += [
            (f"criteria.yaml: criterion {cr.id!r}: {f}", getattr(cr, f))
            for f in ("label", "question", "help")
        ]
        items += [
            (f"criteria.yaml: criterion {cr.id!r}: option {o.id!r}", o.label) for o in cr.options
        ]
    for lv in (*c.second_levels, *c.third_levels):
        items += [
            (f"levels.yaml: level {lv.id!r}: {f}", getattr(lv, f))
            for f in ("label", "description", "summary")
        ]
    items += [(f"rules.yaml: rule {r.id!r}: reason", r.reason) for r in c.rules]
    items += [(f"rules.yaml: third-opinion rule {r.level!r}: text", r.text) for r in c.third_rules]
    items += [(f"steps.yaml: step {s.id!r}: text", s.text) for s in c.steps]
    for s in c.scenarios:
        items += [
            (f"scenarios.yaml: scenario {s.id!r}: {f}", getattr(s, f)) for f in ("title", "story")
        ]
    return items


@pytest.mark.parametrize(("item", "text"), _texts(), ids=[i for i, _ in _texts()])
def test_text_is_at_grade_8_or_below(item: str, text: str) -> None:
    """The text's Flesch-Kincaid grade and SMOG index are both 8 or below."""
    fk = textstat.flesch_kincaid_grade(text)
    smog = textstat.smog_index(text)
    assert fk <= MAX_GRADE and smog <= MAX_GRADE, (
        f"{item}: Flesch-Kincaid grade {fk}, SMOG {smog} (at most {MAX_GRADE}): {text!r}"
    )
