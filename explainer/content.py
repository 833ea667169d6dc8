"""The one loader: reads ``data/``, validates it, and builds the frozen Content.

Nothing is read at import time. ``default_content()`` loads the packaged data once. Reading a
file is :mod:`.data_files`, its schema check :mod:`.validation`; this module checks the references
between files and builds the model. A broken file fails loudly with a :class:`ContentError`
naming the file, the item id and the field.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn, cast

from .content_errors import content_error
from .data_files import DATA_DIR, FILES, SCHEMA_DIR, read_yaml
from .errors import AnswerError
from .model import (
    ROUTE,
    SECOND_LEVELS,
    THIRD_LEVELS,
    About,
    Caution,
    Choice,
    Citation,
    Condition,
    Content,
    Criterion,
    DateWords,
    Figure,
    Group,
    IconArray,
    IconKey,
    LevelInfo,
    Option,
    Options,
    Passage,
    PathStep,
    Point,
    Priority,
    RangeBar,
    Ranges,
    ReviewPolicy,
    Rule,
    Scenario,
    SecondLevel,
    Source,
    SpanishPage,
    StepInfo,
    Term,
    ThirdLevel,
    ThirdRule,
    Words,
    points_on_route,
)
from .translation import DEFAULT_LANGUAGE, LANGUAGES, RANGE_WORDS, check_same_shape
from .validation import check_schema

__all__ = ["DATA_DIR", "SCHEMA_DIR", "Content", "check_value", "default_content", "load_content"]

Raw = dict[str, Any]


@functools.cache
def default_content(language: str = DEFAULT_LANGUAGE) -> Content:
    """The packaged content in ``language`` (one of ``LANGUAGES``), loaded and validated once."""
    return load_content(language=language)


def load_content(data_dir: Path | None = None, language: str = DEFAULT_LANGUAGE) -> Content:
    """Read and validate every data file in ``data_dir`` (default: the packaged data), with the
    texts of ``language``: the English files in ``data_dir``, another language's beside them in
    ``data_dir/<language>/``, which must have the English files' shape (:mod:`.translation`)."""
    if language not in LANGUAGES:
        raise ValueError(
            f"unknown language {language!r}: the content speaks {', '.join(LANGUAGES)}"
        )
    folder = Path(data_dir) if data_dir is not None else DATA_DIR
    raw = {name: _read(folder, folder.name, name) for name in FILES}
    label = folder.name
    if language != DEFAULT_LANGUAGE:
        label = f"{folder.name}/{language}"
        english, raw = raw, {name: _read(folder / language, label, name) for name in FILES}
        for name in FILES:
            check_same_shape(
                name, english[name], raw[name], f"{label}/{name}.yaml", f"{folder.name}/{name}.yaml"
            )
    _check_language_words(label, raw["ui"], language)
    return _Builder(label, raw, language).build()


def _check_language_words(label: str, ui: Raw, language: str) -> None:
    """A file's own language and the other it links to must be what the folder says."""
    problem = None
    if ui.get("language") != language:
        field, problem = "language", f"must be {language!r}, the language of this folder"
    elif ui.get("language_switch_code") not in set(LANGUAGES) - {language}:
        others = ", ".join(code for code in LANGUAGES if code != language)
        field, problem = "language_switch_code", f"must be another language: one of {others}"
    if problem is not None:
        raise content_error(f"{label}/ui.yaml", "", None, field, problem)


def _read(folder: Path, label: str, name: str) -> Raw:
    data = read_yaml(folder, name, label=f"{label}/{name}.yaml")
    check_schema(f"{label}/{name}.yaml", name, data)
    return cast(Raw, data)


# -- building and cross-checking --------------------------------------------------------------


class _Builder:
    """Turns schema-valid raw data into a Content, checking every reference between files."""

    def __init__(self, folder: str, raw: Mapping[str, Raw], language: str) -> None:
        self.folder = folder
        self.raw = raw
        self.language = language

    def fail(
        self, name: str, kind: str, item: str | None, field: str | None, problem: str
    ) -> NoReturn:
        raise content_error(f"{self.folder}/{name}.yaml", kind, item, field, problem)

    def build(self) -> Content:
        self.sources = self._sources()
        groups = self._groups()
        self.criteria = self._criteria({g.id for g in groups})
        self._check_criterion_routes()
        second, third, words = self._levels()
        rules = self._rules()
        self._check_speakers(second, rules)
        third_rules = self._third_rules()
        self._check_urgent_summaries(second, third, third_rules)
        options = self._options()
        steps = self._steps(tuple(p.id for p in options.path))
        priorities = self._priorities({s.id for s in steps})
        return Content(
            sources=self.sources,
            groups=groups,
            criteria=self.criteria,
            second_levels=second,
            third_levels=third,
            rules=rules,
            cautions=self._cautions(),
            third_rules=third_rules,
            steps=steps,
            priorities=priorities,
            scenarios=self._scenarios(),
            words=words,
            about=self._about(),
            questions=self._questions(),
            glossary=self._glossary(),
            options=options,
            ui_texts=tuple((str(k), str(v)) for k, v in (self.raw["ui"] or {}).items()),
            language=self.language,
        )

    # sources

    def _sources(self) -> tuple[Source, ...]:
        entries = self.raw["sources"]["sources"]
        self._unique("sources", "source", entries)
        result = []
        for s in entries:
            self._unique("sources", "source", s["passages"], owner=s["id"], field="passages")
            for p in s["passages"]:
                if "translation" in p and self.language == DEFAULT_LANGUAGE:
                    problem = "only a quote in another language's file has a translation"
                    self.fail(
                        "sources", "source", s["id"], f"passages.{p['id']}.translation", problem
                    )
                if p["verbatim"] == ("notes" in p):
                    problem = "a quote has no notes line" if p["verbatim"] else "missing"
                    self.fail("sources", "source", s["id"], f"passages.{p['id']}.notes", problem)
            passages = tuple(
                Passage(
                    p["id"],
                    " ".join(p["text"].split()),
                    p["verbatim"],
                    p.get("url"),
                    " ".join(p.get("notes", "").split()),
                    " ".join(p.get("translation", "").split()),
                )
                for p in s["passages"]
            )
            result.append(
                Source(
                    id=s["id"],
                    title=s["title"],
                    publisher=s["publisher"],
                    url=s["url"],
                    reviewed=s["reviewed"],
                    passages=passages,
                    date_note=s.get("date_note", ""),
                    url_note=s.get("url_note", ""),
                    spanish_page=SpanishPage(**s["spanish_page"]) if "spanish_page" in s else None,
                )
            )
        return tuple(result)

    def cite(self, name: str, kind: str, item: str, field: str, ref: str) -> Citation:
        source_id, _, passage_id = ref.partition("/")
        source = next((s for s in self.sources if s.id == source_id), None)
        if source is None:
            self.fail(name, kind, item, field, f"unknown source {source_id!r}")
        passage = next((p for p in source.passages if p.id == passage_id), None)
        if passage is None:
            self.fail(
                name, kind, item, field, f"source {source_id!r} has no passage {passage_id!r}"
            )
        return Citation(
            source=source.id,
            quote=passage.text,
            url=passage.url or source.url,
            verbatim=passage.verbatim,
            translation=passage.translation,
        )

    # criteria

    def _groups(self) -> tuple[Group, ...]:
        entries = self.raw["criteria"]["groups"]
        self._unique("criteria", "group", entries)
        return tuple(Group(g["id"], g["label"]) for g in entries)

    def _criteria(self, group_ids: set[str]) -> tuple[Criterion, ...]:
        entries = self.raw["criteria"]["criteria"]
        self._unique("criteria", "criterion", entries)
        return tuple(self._criterion(c, group_ids) for c in entries)

    def _criterion(self, c: Raw, group_ids: set[str]) -> Criterion:
        cid = c["id"]
        if c["group"] not in group_ids:
            self.fail("criteria", "criterion", cid, "group", f"unknown group {c['group']!r}")
        options = tuple(Option(o["id"], o["label"]) for o in c.get("options", ()))
        default = self._default(c, options)
        citations = tuple(
            self.cite("criteria", "criterion", cid, f"cites[{i}]", ref)
            for i, ref in enumerate(c["cites"])
        )
        return Criterion(
            id=cid,
            label=c["label"],
            question=c["question"],
            help=c["help"],
            kind=c["kind"],
            group=c["group"],
            options=options,
            default=default,
            citations=citations,
            routes=tuple(c.get("routes", ())),
        )

    def _check_criterion_routes(self) -> None:
        """The route question is a choice asked on every route; every other question's routes
        are its options."""
        route = next((c for c in self.criteria if c.id == ROUTE), None)
        if route is None:
            self.fail("criteria", "", "criteria", None, f"the route question {ROUTE!r} is missing")
        if route.kind != "choice" or route.routes:
            self.fail(
                "criteria", "criterion", ROUTE, "routes", "must be a choice asked on every route"
            )
        self.route_ids = tuple(o.id for o in route.options)
        for c in self.criteria:
            self.check_routes("criteria", "criterion", c.id, c.routes)

    def check_routes(self, name: str, kind: str, item: str, routes: Sequence[str]) -> None:
        for i, r in enumerate(routes):
            if r not in self.route_ids:
                self.fail(name, kind, item, f"routes[{i}]", f"{r!r} is not an option of {ROUTE!r}")
        if len(set(routes)) != len(routes):
            self.fail(name, kind, item, "routes", "a route is named twice")

    def _default(self, c: Raw, options: tuple[Option, ...]) -> bool | str:
        cid = c["id"]
        if c["kind"] == "yes_no":
            if options:
                self.fail(
                    "criteria", "criterion", cid, "options", "a yes/no question has no options"
                )
            if c.get("default", False) is not False:
                self.fail("criteria", "criterion", cid, "default", "a yes/no default must be false")
            return False
        if not options:
            self.fail("criteria", "criterion", cid, "options", "a choice needs options")
        self._unique("criteria", "criterion", [{"id": o.id} for o in options], cid, "options")
        default = c.get("default")
        if default not in {o.id for o in options}:
            self.fail(
                "criteria", "criterion", cid, "default", f"{default!r} is not one of its options"
            )
        return cast(str, default)

    # levels

    def _levels(self) -> tuple[tuple[LevelInfo, ...], tuple[LevelInfo, ...], Words]:
        raw = self.raw["levels"]
        second = self._level_list("second_opinion", SECOND_LEVELS)
        third = self._level_list("third_opinion", THIRD_LEVELS)
        w = raw["words"]
        return (
            second,
            third,
            Words(
                yes=w["yes"],
                no=w["no"],
                second=w["second"],
                third=w["third"],
                change=w["change"],
                change_to_yes=w["change_to_yes"],
                change_to_no=w["change_to_no"],
            ),
        )

    def _level_list(self, section: str, expected: Sequence[str]) -> tuple[LevelInfo, ...]:
        entries = self.raw["levels"][section]
        ids = [e["id"] for e in entries]
        if ids != list(expected):
            self.fail(
                "levels", "", section, None, f"levels must be exactly {list(expected)}, got {ids}"
            )
        return tuple(
            LevelInfo(
                id=e["id"],
                label=e["label"],
                description=e["description"],
                summary=e["summary"],
                citation=self.cite("levels", "level", e["id"], "cite", e["cite"]),
                urgent_summary=e.get("urgent_summary", ""),
                speaks_for=tuple(e.get("speaks_for", ())),
                key_point=e["key_point"],
                urgent_key_point=e.get("urgent_key_point", ""),
            )
            for e in entries
        )

    def _check_speakers(self, levels: tuple[LevelInfo, ...], rules: tuple[Rule, ...]) -> None:
        """A level's words must be true of every reason that gives it: each rule at a level
        cites a source the level speaks for ("the article says", "cancer experts advise")."""
        source_ids = {s.id for s in self.sources}
        for level in levels:
            for sid in level.speaks_for:
                if sid not in source_ids:
                    self.fail("levels", "level", level.id, "speaks_for", f"unknown source {sid!r}")
        speakers = {lv.id: lv.speaks_for for lv in levels}
        for rule in rules:
            if rule.citation.source not in speakers[rule.level]:
                self.fail(
                    "rules",
                    "rule",
                    rule.id,
                    "cite",
                    f"level {rule.level!r} speaks for {list(speakers[rule.level])}, "
                    f"not for {rule.citation.source!r}",
                )

    def _check_urgent_summaries(
        self,
        second: tuple[LevelInfo, ...],
        third: tuple[LevelInfo, ...],
        third_rules: tuple[ThirdRule, ...],
    ) -> None:
        """Every level that can be the main message has words for when treatment cannot wait."""
        default = self._criterion_by_id(third_rules[0].when.criterion).default
        shown = {r.level for r in third_rules if r.when.value != default}
        for level in (*second, *(lv for lv in third if lv.id in shown)):
            if not level.urgent_summary:
                self.fail("levels", "level", level.id, "urgent_summary", "missing")
        for level in (*second, *third):
            if bool(level.urgent_summary) != bool(level.urgent_key_point):
                problem = "given exactly where urgent_summary is"
                self.fail("levels", "level", level.id, "urgent_key_point", problem)

    # rules

    def condition(self, name: str, kind: str, item: str, field: str, raw: Raw) -> Condition:
        criterion = next((c for c in self.criteria if c.id == raw["criterion"]), None)
        if criterion is None:
            self.fail(
                name, kind, item, f"{field}.criterion", f"unknown criterion {raw['criterion']!r}"
            )
        try:
            check_value(criterion, raw["value"])
        except AnswerError as e:
            self.fail(name, kind, item, f"{field}.value", str(e))
        return Condition(criterion.id, raw["value"])

    def _rules(self) -> tuple[Rule, ...]:
        entries = self.raw["rules"]["second_opinion"]
        self._unique("rules", "rule", entries)
        seen: set[Condition] = set()
        rules = []
        for r in entries:
            when = self.condition("rules", "rule", r["id"], "when", r["when"])
            if when.value == self._criterion_by_id(when.criterion).default:
                self.fail(
                    "rules", "rule", r["id"], "when.value", "a rule cannot fire on the default"
                )
            if when in seen:
                self.fail("rules", "rule", r["id"], "when", "another rule has the same condition")
            seen.add(when)
            citation = self.cite("rules", "rule", r["id"], "cite", r["cite"])
            level = cast(SecondLevel, r["level"])
            rules.append(Rule(r["id"], when, level, r["reason"], citation))
        return tuple(rules)

    def _cautions(self) -> tuple[Caution, ...]:
        entries = self.raw["rules"]["cautions"]
        self._unique("rules", "caution", entries)
        return tuple(
            Caution(
                id=e["id"],
                when=self.condition("rules", "caution", e["id"], "when", e["when"]),
                text=e["text"],
                citation=self.cite("rules", "caution", e["id"], "cite", e["cite"]),
                unless=self._conditions("rules", "caution", e, "unless"),
            )
            for e in entries
        )

    def _third_rules(self) -> tuple[ThirdRule, ...]:
        entries = self.raw["rules"]["third_opinion"]
        rules = []
        for i, r in enumerate(entries):
            item = f"#{i + 1}"
            when = self.condition("rules", "third-opinion rule", item, "when", r["when"])
            citation = self.cite("rules", "third-opinion rule", item, "cite", r["cite"])
            rules.append(ThirdRule(when, cast(ThirdLevel, r["level"]), r["text"], citation))
        criteria = {r.when.criterion for r in rules}
        if len(criteria) != 1:
            self.fail("rules", "", "third_opinion", None, "all rules must look at one criterion")
        criterion = self._criterion_by_id(criteria.pop())
        values = [r.when.value for r in rules]
        if criterion.kind != "choice" or sorted(map(str, values)) != sorted(
            o.id for o in criterion.options
        ):
            self.fail(
                "rules", "", "third_opinion", None, f"need one rule per option of {criterion.id!r}"
            )
        return tuple(rules)

    # steps

    def _steps(self, stages: tuple[str, ...]) -> tuple[StepInfo, ...]:
        """The next steps; each step's ``stage`` must be one of ``stages``, the path's steps."""
        entries = self.raw["steps"]["steps"]
        self._unique("steps", "step", entries)
        for s in entries:
            for field in ("stage", "urgent_stage"):
                if field in s and s[field] not in stages:
                    known = ", ".join(stages)
                    problem = f"unknown stage {s[field]!r}: options.yaml path.steps has {known}"
                    self.fail("steps", "step", s["id"], field, problem)
        return tuple(
            StepInfo(
                id=s["id"],
                text=s["text"],
                stage=s["stage"],
                urgent_stage=s.get("urgent_stage", ""),
                citation=self.cite("steps", "step", s["id"], "cite", s["cite"]),
                when=self._conditions("steps", "step", s, "when"),
                unless=self._conditions("steps", "step", s, "unless"),
                routes=self._routes("steps", "step", s),
                write_in=tuple(s.get("write_in", ())),
            )
            for s in entries
        )

    def _routes(self, name: str, kind: str, entry: Raw) -> tuple[str, ...]:
        routes = tuple(entry.get("routes", ()))
        self.check_routes(name, kind, entry["id"], routes)
        return routes

    def _conditions(self, name: str, kind: str, entry: Raw, key: str) -> tuple[Condition, ...]:
        """An entry's list of conditions under ``key`` (none if absent), each checked."""
        return tuple(
            self.condition(name, kind, entry["id"], f"{key}[{i}]", c)
            for i, c in enumerate(entry.get(key, ()))
        )

    def _questions(self) -> tuple[StepInfo, ...]:
        entries = self.raw["steps"]["questions"]
        self._unique("steps", "question", entries)
        return tuple(
            StepInfo(
                id=q["id"],
                text=q["text"],
                citation=self.cite("steps", "question", q["id"], "cite", q["cite"]),
                when=self._conditions("steps", "question", q, "when"),
                unless=self._conditions("steps", "question", q, "unless"),
                routes=self._routes("steps", "question", q),
            )
            for q in entries
        )

    def _priorities(self, step_ids: set[str]) -> tuple[Priority, ...]:
        result = []
        for i, p in enumerate(self.raw["steps"]["priorities"]):
            item = f"#{i + 1}"
            when = self.condition("steps", "priority", item, "when", p["when"])
            for j, sid in enumerate(p["first"]):
                if sid not in step_ids:
                    self.fail("steps", "priority", item, f"first[{j}]", f"unknown step {sid!r}")
            result.append(Priority(when, tuple(p["first"]), p["why"]))
        return tuple(result)

    # scenarios

    def _scenarios(self) -> tuple[Scenario, ...]:
        entries = self.raw["scenarios"]["scenarios"]
        self._unique("scenarios", "scenario", entries)
        ids = {s["id"] for s in entries}
        result = []
        for s in entries:
            for cid, value in s["answers"].items():
                criterion = next((c for c in self.criteria if c.id == cid), None)
                if criterion is None:
                    self.fail(
                        "scenarios", "scenario", s["id"], f"answers.{cid}", "unknown criterion"
                    )
                try:
                    check_value(criterion, value)
                except AnswerError as e:
                    self.fail("scenarios", "scenario", s["id"], f"answers.{cid}", str(e))
            pair = s.get("pair")
            if pair is not None and (pair not in ids or pair == s["id"]):
                self.fail(
                    "scenarios", "scenario", s["id"], "pair", f"unknown other scenario {pair!r}"
                )
            result.append(
                Scenario(
                    id=s["id"],
                    name=s["name"],
                    age=s["age"],
                    cancer=s["cancer"],
                    title=s["title"],
                    story=s["story"],
                    answers=tuple(s["answers"].items()),
                    expected_second=s["expected"]["second_opinion"],
                    expected_third=s["expected"]["third_opinion"],
                    pair=pair,
                )
            )
        return tuple(result)

    # about

    def _about(self) -> About:
        raw = self.raw["about"]
        self._unique("about", "point", [*raw["pros"], *raw["cons"]], field="pros/cons id")
        self._unique("about", "point on asking", [*raw["asking"], *raw["helplines"]])
        self._unique("about", "figure", raw["figures"])
        pros = tuple(self._point("good point", e) for e in raw["pros"])
        cons = tuple(self._point("drawback", e) for e in raw["cons"])
        for route in self.route_ids:
            n_pros = len(points_on_route(pros, {ROUTE: route}))
            n_cons = len(points_on_route(cons, {ROUTE: route}))
            if n_pros != n_cons:
                self.fail(
                    "about",
                    "",
                    "pros",
                    None,
                    f"{n_pros} good points but {n_cons} drawbacks on route {route!r}: "
                    "show them in equal detail",
                )
        p = raw["update_policy"]
        if p["next_review_by"] <= raw["produced"]:
            self.fail("about", "", "update_policy", "next_review_by", "not after `produced`")
        policy = ReviewPolicy(
            p["who"],
            p["reviewer"],
            p["how_often"],
            p["next_review_by"],
            tuple(p["triggers"]),
        )
        return About(
            produced=raw["produced"],
            texts=tuple((str(k), str(v)) for k, v in raw["texts"].items()),
            policy=policy,
            funding=tuple(raw["funding"]),
            pros=pros,
            cons=cons,
            figures=tuple(self._figure(f) for f in raw["figures"]),
            figures_note=self._point("note", {"id": "figures_note", **raw["figures_note"]}),
            dates=self._dates(raw["dates"]),
            asking=tuple(self._point("point on asking", e) for e in raw["asking"]),
            helplines=tuple(self._point("helpline", e) for e in raw["helplines"]),
        )

    def _cited(self, key: str, raw: Raw) -> Point:
        """A cited text of options.yaml, as a point with its key for id."""
        return self._point("key point", {"id": key, **raw[key]}, "options")

    def _dates(self, raw: Raw) -> DateWords:
        """How dates are written for a visitor: twelve month names and the patterns for a day
        and a month (the schema checks their placeholders; no schema keyword both validators
        read caps a list, so the count is checked here)."""
        if len(raw["months"]) != 12:
            self.fail("about", "", None, "dates.months", f"needs 12, got {len(raw['months'])}")
        return DateWords(tuple(raw["months"]), raw["day"], raw["month"])

    def _figure(self, f: Raw) -> Figure:
        """A study figure of about.yaml, with its pictures of 100 people and their key."""
        citation = self.cite("about", "figure", f["id"], "cite", f["cite"])
        icons = tuple(self._icons(f["id"], n, i) for n, i in enumerate(f.get("icons", ())))
        key = IconKey(**f["key"]) if "key" in f else None
        if (key is None) != (not icons):
            self.fail("about", "figure", f["id"], "key", "needed exactly when there are icons")
        if key and bool(key.half) != any(i.half for i in icons):
            self.fail("about", "figure", f["id"], "key.half", "needed exactly when icons have half")
        only = bool(f.get("not_only_cancer", False))
        return Figure(f["id"], f["finding"], f["population"], citation, icons, key, only)

    def _icons(self, figure: str, n: int, i: Raw) -> IconArray:
        """One picture of 100 people; its parts may not make more than 100."""
        half = i.get("half", 0)
        outlined = i.get("outlined")
        if i["count"] + half + (outlined or 0) > 100:
            self.fail("about", "figure", figure, f"icons[{n}]", "parts make more than 100")
        return IconArray(i["count"], i.get("caption", ""), i["label"], half, outlined)

    def _point(self, kind: str, e: Raw, name: str = "about") -> Point:
        citations = tuple(
            self.cite(name, kind, e["id"], f"cites[{i}]", ref) for i, ref in enumerate(e["cites"])
        )
        return Point(e["id"], e["text"], citations, self._routes(name, kind, e))

    # glossary and options

    def _glossary(self) -> tuple[Term, ...]:
        entries = self.raw["glossary"]["terms"]
        self._unique("glossary", "term", entries)
        owner: dict[str, str] = {}
        for e in entries:
            for form in e["forms"]:
                if form in owner:
                    problem = f"the form {form!r} is also a form of {owner[form]!r}"
                    self.fail("glossary", "term", e["id"], "forms", problem)
                owner[form] = e["id"]
        return tuple(
            Term(
                e["id"],
                e["term"],
                tuple(e["forms"]),
                e["definition"],
                self.cite("glossary", "term", e["id"], "cite", e["cite"]),
            )
            for e in entries
        )

    def _options(self) -> Options:
        raw = self.raw["options"]
        another, current = raw["another_opinion"], raw["current_plan"]
        self._unique("options", "point", [*current["good"], *current["drawbacks"]])
        self._unique("options", "choice", raw["matters"])
        self._unique("options", "path step", raw["path"]["steps"])
        return Options(
            another_heading=another["heading"],
            another_involves=self._point(
                "option", {"id": "another_opinion", **another["involves"]}, "options"
            ),
            current_heading=current["heading"],
            current_involves=self._point(
                "option", {"id": "current_plan", **current["involves"]}, "options"
            ),
            current_good=tuple(self._point("good point", e, "options") for e in current["good"]),
            current_drawbacks=tuple(
                self._point("drawback", e, "options") for e in current["drawbacks"]
            ),
            matters=tuple(
                Choice(
                    e["id"],
                    e["label"],
                    e["ask"],
                    self.cite("options", "choice", e["id"], "cite", e["cite"]),
                )
                for e in raw["matters"]
            ),
            path_label=raw["path"]["label"],
            path=tuple(self._path_step(e) for e in raw["path"]["steps"]),
            collect_label=raw["path"].get("collect_label", ""),
            choice_point=self._cited("choice_point", raw),
            current_plan_point=self._cited("current_plan_point", raw),
            urgent_point=self._cited("urgent_point", raw),
            ranges=self._ranges(raw["ranges"]),
        )

    def _path_step(self, e: Raw) -> PathStep:
        point = self._point("path step", e, "options")
        return PathStep(
            point.id,
            point.text,
            point.citations,
            icon=e.get("icon", ""),
            urgent_text=e.get("urgent_text", ""),
            collect=tuple((c["icon"], c["text"]) for c in e.get("collect", ())),
        )

    def _ranges(self, raw: Raw) -> Ranges:
        """The picture after both options: each bar's numbers must be its passage's own, as
        "12 to 69" (``RANGE_WORDS``), so the picture never shows a number the source does not
        give."""
        citation = self.cite("options", "ranges", "ranges", "cite", raw["cite"])
        bars = tuple(RangeBar(b["id"], b["label"], b["low"], b["high"]) for b in raw["bars"])
        self._unique("options", "range bar", raw["bars"])
        for bar in bars:
            if not 0 <= bar.low <= bar.high <= 100:
                self.fail("options", "range bar", bar.id, "low", "needs 0 <= low <= high <= 100")
            words = RANGE_WORDS[self.language].format(low=bar.low, high=bar.high)
            if words not in " ".join(citation.quote.split()):
                problem = f"{words!r} is not in its passage {raw['cite']!r}"
                self.fail("options", "range bar", bar.id, "low", problem)
        return Ranges(raw["title"], raw["why"], raw["note"], raw["each"], bars, citation)

    # helpers

    def _criterion_by_id(self, cid: str) -> Criterion:
        return next(c for c in self.criteria if c.id == cid)

    def _unique(
        self,
        name: str,
        kind: str,
        entries: Iterable[Raw],
        owner: str | None = None,
        field: str = "id",
    ) -> None:
        seen: set[str] = set()
        for e in entries:
            if e["id"] in seen:
                item = owner if owner is not None else e["id"]
                where = f"{field}" if owner is None else f"{field}.id"
                self.fail(name, kind, item, where, f"id {e['id']!r} is used twice")
            seen.add(e["id"])


def check_value(criterion: Criterion, value: object) -> None:
    """Raise AnswerError unless ``value`` is a value this criterion can take."""
    if criterion.kind == "yes_no":
        if not isinstance(value, bool):
            raise AnswerError(
                f"criterion {criterion.id!r}: {value!r} is not yes or no (True or False)",
                criterion=criterion.id,
                value=value,
            )
        return
    options = [o.id for o in criterion.options]
    if not isinstance(value, str) or value not in options:
        raise AnswerError(
            f"criterion {criterion.id!r}: {value!r} is not one of its options: "
            + ", ".join(options),
            criterion=criterion.id,
            value=value,
        )
