"""The loader: broken data fails loudly, naming file, item and field; the real content is sound."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # no stubs pinned
import pytest
import yaml
from shared_sources import SharedSources

import explainer
from explainer import ContentError, ExplainerError, default_content, load_content
from explainer.content import DATA_DIR, SCHEMA_DIR
from explainer.model import ROUTE

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

ARTICLE_FIVE = (
    "doubts_about_doctor",
    "doctor_lacks_experience",
    "rare_cancer",
    "no_lifesaving_therapy",
    "doctor_bothered_by_request",
)

Raw = dict[str, Any]


def normalise(text: str) -> str:
    """Fold typographic quotes, apostrophes and dashes, and collapse whitespace."""
    text = unicodedata.normalize("NFKC", text)
    folds = {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
    }
    for fancy, plain in folds.items():
        text = text.replace(fancy, plain)
    return re.sub(r"\s+", " ", text).strip()


# -- broken data: one failure mode each -------------------------------------------------------


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("schema"))
    return target


def _edit(folder: Path, name: str, change: Callable[[Raw], object]) -> None:
    path = folder / f"{name}.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _item(raw: Raw, section: str, item_id: str) -> Raw:
    return next(e for e in raw[section] if e["id"] == item_id)


def _criterion(raw: Raw, cid: str) -> Raw:
    return _item(raw, "criteria", cid)


def _rule(raw: Raw, rid: str) -> Raw:
    return _item(raw, "second_opinion", rid)


def _scenario(raw: Raw, sid: str) -> Raw:
    return _item(raw, "scenarios", sid)


# (failure mode, file, edit, expected item, expected field, words the message must contain)
BROKEN: list[tuple[str, str, Callable[[Raw], object], str | None, str | None, str]] = [
    (
        "label too long",
        "criteria",
        lambda r: _criterion(r, "rare_cancer").update(label="x" * 61),
        "rare_cancer",
        "label",
        "longer than 60 characters",
    ),
    (
        "unknown field",
        "criteria",
        lambda r: _criterion(r, "rare_cancer").update(colour="red"),
        "rare_cancer",
        "colour",
        "unknown field",
    ),
    (
        "missing field",
        "criteria",
        lambda r: _criterion(r, "rare_cancer").pop("help"),
        "rare_cancer",
        "help",
        "missing",
    ),
    (
        "duplicate criterion id",
        "criteria",
        lambda r: _criterion(r, "insurer_requires").update(id="rare_cancer"),
        "rare_cancer",
        "id",
        "used twice",
    ),
    (
        "unknown group",
        "criteria",
        lambda r: _criterion(r, "rare_cancer").update(group="elsewhere"),
        "rare_cancer",
        "group",
        "unknown group",
    ),
    (
        "cites an unknown source",
        "criteria",
        lambda r: _criterion(r, "rare_cancer").update(cites=["nobody/rare"]),
        "rare_cancer",
        "cites[0]",
        "unknown source 'nobody'",
    ),
    (
        "cites an unknown passage",
        "criteria",
        lambda r: _criterion(r, "rare_cancer").update(cites=["webmd_2009/nowhere"]),
        "rare_cancer",
        "cites[0]",
        "no passage 'nowhere'",
    ),
    (
        "choice default not an option",
        "criteria",
        lambda r: _criterion(r, "opinions_so_far").update(default="three"),
        "opinions_so_far",
        "default",
        "not one of its options",
    ),
    (
        "yes/no default true",
        "criteria",
        lambda r: _criterion(r, "rare_cancer").update(default=True),
        "rare_cancer",
        "default",
        "must be false",
    ),
    (
        "rule on an unknown criterion",
        "rules",
        lambda r: _rule(r, "rare_cancer")["when"].update(criterion="very_rare"),
        "rare_cancer",
        "when.criterion",
        "unknown criterion 'very_rare'",
    ),
    (
        "rule value of the wrong type",
        "rules",
        lambda r: _rule(r, "rare_cancer")["when"].update(value="yes"),
        "rare_cancer",
        "when.value",
        "not yes or no",
    ),
    (
        "rule that fires on the default",
        "rules",
        lambda r: _rule(r, "rare_cancer")["when"].update(value=False),
        "rare_cancer",
        "when.value",
        "default",
    ),
    (
        "two rules with one condition",
        "rules",
        lambda r: _rule(r, "doubts_about_doctor")["when"].update(criterion="rare_cancer"),
        "rare_cancer",
        "when",
        "same condition",
    ),
    (
        "rule at an unknown level",
        "rules",
        lambda r: _rule(r, "rare_cancer").update(level="urgent"),
        "rare_cancer",
        "level",
        "'urgent' is not one of",
    ),
    (
        "third-opinion rules miss an option",
        "rules",
        lambda r: r["third_opinion"].pop(),
        "third_opinion",
        None,
        "one rule per option",
    ),
    (
        "levels out of order",
        "levels",
        lambda r: r["second_opinion"].reverse(),
        "second_opinion",
        None,
        "must be exactly",
    ),
    (
        "step shown for an unknown option",
        "steps",
        lambda r: _item(r, "steps", "go_back_to_first_doctor")["when"][0].update(value="three"),
        "go_back_to_first_doctor",
        "when[0].value",
        "not one of its options",
    ),
    (
        "step under a step the path does not have",
        "steps",
        lambda r: _item(r, "steps", "gather_records").update(stage="pray"),
        "gather_records",
        "stage",
        "unknown stage 'pray'",
    ),
    (
        "priority for an unknown step",
        "steps",
        lambda r: r["priorities"][0].update(first=["pray"]),
        "#1",
        "first[0]",
        "unknown step 'pray'",
    ),
    (
        "scenario answers an unknown criterion",
        "scenarios",
        lambda r: _scenario(r, "walt_rural")["answers"].update(lives_abroad=True),
        "walt_rural",
        "answers.lives_abroad",
        "unknown criterion",
    ),
    (
        "scenario answer with an unknown option",
        "scenarios",
        lambda r: _scenario(r, "linda_breast")["answers"].update(opinions_so_far="three"),
        "linda_breast",
        "answers.opinions_so_far",
        "not one of its options",
    ),
    (
        "scenario age of the wrong type",
        "scenarios",
        lambda r: _scenario(r, "walt_rural").update(age="seventy-two"),
        "walt_rural",
        "age",
        "is not of type 'integer'",
    ),
    (
        "scenario expecting an unknown level",
        "scenarios",
        lambda r: _scenario(r, "walt_rural")["expected"].update(second_opinion="urgent"),
        "walt_rural",
        "expected.second_opinion",
        "'urgent' is not one of",
    ),
    (
        "scenario paired with an unknown story",
        "scenarios",
        lambda r: _scenario(r, "frank_bothered").update(pair="nobody"),
        "frank_bothered",
        "pair",
        "unknown other scenario",
    ),
    (
        "fewer than ten scenarios",
        "scenarios",
        lambda r: r.update(scenarios=r["scenarios"][:9]),
        None,
        "scenarios",
        "at least 10",
    ),
    (
        "review date in another format",
        "sources",
        lambda r: _item(r, "sources", "webmd_2009").update(reviewed="April 23, 2009"),
        "webmd_2009",
        "reviewed",
        "does not match",
    ),
    (
        "passage without its verbatim flag",
        "sources",
        lambda r: _item(r, "sources", "acs")["passages"][0].pop("verbatim"),
        "acs",
        "passages.[0].verbatim",
        "missing",
    ),
    (
        "summary without the notes line it rests on",
        "sources",
        lambda r: _item(r, "sources", "acs")["passages"][0].pop("notes"),
        "acs",
        "passages.reasons.notes",
        "missing",
    ),
    (
        "level that does not speak for the source its rule cites",
        "rules",
        lambda r: _item(r, "second_opinion", "rare_cancer").update(cite="acs/reasons"),
        "rare_cancer",
        "cite",
        "speaks for ['webmd_2009'], not for 'acs'",
    ),
    (
        "level without its words for treatment that cannot wait",
        "levels",
        lambda r: r["second_opinion"][0].pop("urgent_summary"),
        "essential",
        "urgent_summary",
        "missing",
    ),
    (
        "caution on an unknown criterion",
        "rules",
        lambda r: r["cautions"][0]["when"].update(criterion="nowhere"),
        "cannot_wait",
        "when.criterion",
        "unknown criterion",
    ),
    (
        "step hidden by an answer no criterion can give",
        "steps",
        lambda r: _item(r, "steps", "check_insurance")["unless"][0].update(value="maybe"),
        "check_insurance",
        "unless[0].value",
        "not one of its options",
    ),
    (
        "passage id used twice",
        "sources",
        lambda r: _item(r, "sources", "acs")["passages"][1].update(id="reasons"),
        "acs",
        "passages.id",
        "used twice",
    ),
    (
        "more good points than drawbacks",
        "about",
        lambda r: r["cons"].pop(),
        "pros",
        None,
        "show them in equal detail",
    ),
    (
        "figure without its population",
        "about",
        lambda r: _item(r, "figures", "swapp_2013").pop("population"),
        "swapp_2013",
        "population",
        "missing",
    ),
    (
        "figure citing an unknown passage",
        "about",
        lambda r: _item(r, "figures", "swapp_2013").update(cite="swapp_2013/nowhere"),
        "swapp_2013",
        "cite",
        "no passage 'nowhere'",
    ),
    (
        "figure with pictures but no key",
        "about",
        lambda r: _item(r, "figures", "newman_2006").pop("key"),
        "newman_2006",
        "key",
        "needed exactly when there are icons",
    ),
    (
        "figure with half-filled figures but no words for them",
        "about",
        lambda r: _item(r, "figures", "ray_coquard_2012")["key"].pop("half"),
        "ray_coquard_2012",
        "key.half",
        "needed exactly when icons have half",
    ),
    (
        "picture whose parts make more than 100",
        "about",
        lambda r: _item(r, "figures", "ray_coquard_2012")["icons"][0].update(outlined=58),
        "ray_coquard_2012",
        "icons[0]",
        "parts make more than 100",
    ),
    (
        "a picture of more than 100 people",
        "about",
        lambda r: _item(r, "figures", "newman_2006")["icons"][0].update(count=101),
        "newman_2006",
        "icons.[0].count",
        "",
    ),
    (
        "eleven month names",
        "about",
        lambda r: r["dates"]["months"].pop(),
        None,
        "dates.months",
        "at least 12",
    ),
    (
        "thirteen month names",
        "about",
        lambda r: r["dates"]["months"].append("Undecember"),
        None,
        "dates.months",
        "needs 12, got 13",
    ),
    (
        "a date pattern without the day",
        "about",
        lambda r: r["dates"].update(day="{month} {year}"),
        None,
        "dates.day",
        "does not match",
    ),
    (
        "drawback without a citation",
        "about",
        lambda r: _item(r, "cons", "delay").update(cites=[]),
        "delay",
        "cites",
        "at least 1",
    ),
    (
        "production date in another format",
        "about",
        lambda r: r.update(produced="25 November 2026"),
        None,
        "produced",
        "does not match",
    ),
    (
        "dashboard word that is not text",
        "ui",
        lambda r: r.update(title=["a", "list"]),
        "title",
        None,
        "is not of type 'string'",
    ),
]


@pytest.mark.parametrize(
    ("name", "change", "item", "field", "words"),
    [b[1:] for b in BROKEN],
    ids=[b[0] for b in BROKEN],
)
def test_broken_data_fails_naming_file_item_and_field(
    tmp_path: Path,
    name: str,
    change: Callable[[Raw], object],
    item: str | None,
    field: str | None,
    words: str,
) -> None:
    """A data file with one mistake raises ContentError naming the file, the item and the field."""
    folder = _copy_data(tmp_path)
    _edit(folder, name, change)
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    error = caught.value
    assert (error.file, error.item, error.field) == (f"data/{name}.yaml", item, field)
    assert str(error).startswith(f"data/{name}.yaml: ")
    assert words in str(error)


def test_label_error_message_reads_plainly(tmp_path: Path) -> None:
    """A too-long label gives exactly the message a content editor can act on."""
    folder = _copy_data(tmp_path)
    _edit(folder, "criteria", lambda r: _criterion(r, "rare_cancer").update(label="x" * 61))
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    assert str(caught.value) == (
        "data/criteria.yaml: criterion 'rare_cancer': field 'label': longer than 60 characters"
    )


@pytest.mark.parametrize("fixture", ["not_yaml.yaml", "duplicate_key.yaml"])
def test_unreadable_yaml_fails_for_the_whole_file(tmp_path: Path, fixture: str) -> None:
    """Invalid YAML, or a key given twice, fails for the file, wrapping the parser's error."""
    folder = _copy_data(tmp_path)
    shutil.copy(FIXTURES / fixture, folder / "criteria.yaml")
    with pytest.raises(ContentError, match=r"^data/criteria\.yaml: not valid YAML") as caught:
        load_content(folder)
    assert (caught.value.item, caught.value.field) == (None, None)
    assert isinstance(caught.value.__cause__, yaml.YAMLError)


def test_missing_file_fails_naming_it(tmp_path: Path) -> None:
    """A data folder without one of its files fails, naming the missing file."""
    folder = _copy_data(tmp_path)
    (folder / "steps.yaml").unlink()
    with pytest.raises(ContentError, match="cannot read") as caught:
        load_content(folder)
    assert caught.value.file == "data/steps.yaml"
    assert isinstance(caught.value.__cause__, OSError)


def test_content_error_is_an_explainer_error() -> None:
    """Callers can catch every deliberate error through ExplainerError."""
    assert issubclass(ContentError, ExplainerError)


def test_a_copy_of_the_real_data_loads_equal(tmp_path: Path) -> None:
    """Loading a faithful copy gives content equal to the packaged content."""
    assert load_content(_copy_data(tmp_path)) == default_content()


# -- the real content ---------------------------------------------------------------------


def test_default_content_is_loaded_once() -> None:
    """default_content() returns the same object every time."""
    assert default_content() is default_content()


def test_data_path_does_not_depend_on_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The packaged data is found from the package, whatever the working directory."""
    monkeypatch.chdir(tmp_path)
    assert load_content() == default_content()
    assert Path(explainer.__file__).resolve().parent.parent / "data" == DATA_DIR


def test_article_passages_are_verbatim_in_the_article(shared_sources: SharedSources) -> None:
    """Every passage marked verbatim appears word for word in the article (quotes normalised)."""
    article = normalise(shared_sources.article.read_text(encoding="utf-8"))
    verbatim = [(s.id, p) for s in default_content().sources for p in s.passages if p.verbatim]
    assert verbatim
    for source_id, passage in verbatim:
        assert source_id == "webmd_2009", f"{source_id}/{passage.id}: only the article is quoted"
        assert normalise(passage.text) in article, f"{source_id}/{passage.id} not in the article"


def _notes(shared: SharedSources) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (shared.guidance, shared.routes))


def test_summaries_come_from_the_research_notes(shared_sources: SharedSources) -> None:
    """Every passage not marked verbatim keeps, in `notes`, a line found in the research notes
    (guidance.md or routes.md, normalised); its `text` is our plain wording of it."""
    notes = normalise(_notes(shared_sources))
    for source in default_content().sources:
        for passage in source.passages:
            if not passage.verbatim:
                assert passage.notes, f"{source.id}/{passage.id} has no notes line"
                assert normalise(passage.notes) in notes, f"{source.id}/{passage.id} not in notes"


def test_a_passage_sits_beside_its_notes_address(shared_sources: SharedSources) -> None:
    """Each summary's notes line is near its source's address in the notes (within the same
    paragraph or table row), so a summary cannot be cited to the wrong page."""
    notes = normalise(_notes(shared_sources))
    for source in default_content().sources:
        for passage in source.passages:
            if passage.verbatim:
                continue
            at = notes.index(normalise(passage.notes))
            url = passage.url or source.url
            found = [m.start() for m in re.finditer(re.escape(url), notes)]
            built = "PubMed ID" in source.url_note
            assert built or any(abs(i - at) < 1200 for i in found), f"{source.id}/{passage.id}"


def test_every_source_url_is_in_the_guidance_notes(shared_sources: SharedSources) -> None:
    """Every URL but the article's comes from the research notes, not from memory; the one kind
    of exception is an address built from a PubMed ID the notes give, and it says so."""
    notes = _notes(shared_sources)
    for source in default_content().sources:
        urls = [source.url, *(p.url for p in source.passages if p.url)]
        for url in urls:
            built = re.fullmatch(r"https://pubmed\.ncbi\.nlm\.nih\.gov/([0-9]+)/", url)
            if built and url not in notes:
                pmid = built.group(1)
                assert f"PubMed ID {pmid}" in notes, f"{source.id}: {url}"
                assert f"PubMed ID {pmid}" in source.url_note, f"{source.id}: say how it was made"
                continue
            assert source.id == "webmd_2009" or url in notes, f"{source.id}: {url}"


def test_review_dates_are_as_the_sources_give_them() -> None:
    """Review dates are the ones given; sources that give none record None, not a guess."""
    dates = {s.id: s.reviewed for s in default_content().sources}
    assert dates == {
        "webmd_2009": "2009-04-23",
        "acs": None,
        "cancer_net": "2021-03",
        "nccn_aya": None,
        "acs_navigation": None,
        "nci": "2009-06-29",
        "nci_finding_care": None,
        "oncolink": None,
        "nci_cis": None,
        "cruk": None,
        "medicare": None,
        "mskcc": None,
        "lymphoma_org": None,
        "macmillan": None,
        # where you get your care (research/routes.md): none gives a date
        "healthcare_gov_appeals": None,
        "healthcare_gov_review": None,
        "medicare_interactive": None,
        "ecfr_438_206": None,
        "va_teleoncology": None,
        "tricare": None,
        "tricare_west": None,
        "irs_501r": None,
        "nci_financial": None,
        "macmillan_opinion": None,
        "elht": None,
        "acs_slides": None,
        "ruetters_2016": None,
        "hillen_2017": None,
        "van_such_2017": None,
        "swapp_2013": None,
        "ray_coquard_2012": None,
        "newman_2006": None,
    }


def test_every_source_is_cited() -> None:
    """Each source is cited by at least one criterion, level, rule or step."""
    content = default_content()
    cited = {c.source for c in content.citations()}
    assert cited == {s.id for s in content.sources}


def test_every_passage_is_cited() -> None:
    """No stored passage is left unused: each one backs some piece of content."""
    content = default_content()
    cited = {(c.source, c.quote) for c in content.citations()}
    for source in content.sources:
        for passage in source.passages:
            assert (source.id, passage.text) in cited, f"{source.id}/{passage.id} is not cited"


def test_every_citation_has_a_quote_and_a_link() -> None:
    """Every citation carries non-empty words and a web address."""
    for citation in default_content().citations():
        assert citation.quote.strip(), citation
        assert citation.url.startswith(("http://", "https://")), citation


def test_only_article_passages_are_shown_as_quotes() -> None:
    """A citation is marked verbatim exactly when its passage is from the article."""
    verbatim = default_content().verbatim
    assert verbatim
    for citation, is_verbatim in verbatim.items():
        assert is_verbatim == (citation.source == "webmd_2009"), citation


def test_every_criterion_is_used_by_a_rule() -> None:
    """Each criterion shapes the advice: some rule or caution looks at it, or (where you get
    your care) it chooses the steps and points meant for each route."""
    content = default_content()
    used = (
        {r.when.criterion for r in content.rules}
        | {r.when.criterion for r in content.third_rules}
        | {c.when.criterion for c in content.cautions}
    )
    assert used == {c.id for c in content.criteria} - {ROUTE}
    routed = [s for s in content.steps if s.routes]
    assert {r for s in routed for r in s.routes} == {o.id for o in content.criterion(ROUTE).options}


def test_ids_are_unique() -> None:
    """Ids are unique within each kind of item."""
    c = default_content()
    for items in (c.sources, c.groups, c.criteria, c.rules, c.steps, c.scenarios):
        ids = [i.id for i in items]
        assert len(ids) == len(set(ids)), ids


def test_the_article_criteria_are_as_the_contract_says() -> None:
    """The public criterion ids exist with their kinds, options and defaults."""
    c = default_content()
    for cid in (*ARTICLE_FIVE, "insurer_requires"):
        assert (c.criterion(cid).kind, c.criterion(cid).default) == ("yes_no", False)
    opinions = c.criterion("opinions_so_far")
    assert opinions.kind == "choice"
    assert [o.id for o in opinions.options] == ["one", "two_agree", "two_disagree"]
    assert opinions.default == "one"


def test_groups_are_in_display_order() -> None:
    """Groups come in the order your care, about your doctor, your cancer, treatment, practical
    matters: where you get care is asked first, since the next steps depend on it."""
    ids = [g.id for g in default_content().groups]
    assert ids == [
        "your_care",
        "about_your_doctor",
        "your_cancer",
        "your_treatment_options",
        "practical_matters",
    ]


def test_article_situations_are_essential_and_guidance_ones_recommended() -> None:
    """Exactly the article's five situations are essential; every other rule is recommended."""
    levels = {r.when.criterion: r.level for r in default_content().rules}
    assert {k for k, v in levels.items() if v == "essential"} == set(ARTICLE_FIVE)
    assert {v for k, v in levels.items() if k not in ARTICLE_FIVE} == {"recommended"}


def test_article_situations_rest_on_the_article() -> None:
    """The rules for the article's five situations cite the article, keeping its meaning; the
    insurer's rule is current guidance's (ACS lists it), so it cites ACS, as its level says."""
    for rule in default_content().rules:
        if rule.when.criterion in ARTICLE_FIVE:
            assert rule.citation.source == "webmd_2009", rule.id
        else:
            assert rule.citation.source != "webmd_2009", rule.id


def test_level_words_cover_every_level() -> None:
    """Every second- and third-opinion level has a label and a description."""
    words = default_content().level_words
    assert set(words) == {*explainer.SECOND_LEVELS, *explainer.THIRD_LEVELS}
    assert all(label and description for label, description in words.values())


def test_dashboard_words_are_loaded() -> None:
    """The dashboard's own words from data/ui.yaml are available by key."""
    assert default_content().texts["title"]


def _objects(node: object) -> Iterator[dict[str, Any]]:
    """Every object-with-properties inside a JSON Schema."""
    if isinstance(node, dict):
        if "properties" in node:
            yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


@pytest.mark.parametrize("schema", sorted(SCHEMA_DIR.glob("*.schema.json")), ids=lambda p: p.name)
def test_schemas_are_valid_and_closed(schema: Path) -> None:
    """Each schema is valid JSON Schema, and every object in it forbids unknown fields."""
    document = json.loads(schema.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(document)
    for node in _objects(document):
        assert node.get("additionalProperties") is False, (
            f"{schema.name}: {sorted(node['properties'])}"
        )
