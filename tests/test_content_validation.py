"""The schema check: fastjsonschema's verdict decides, jsonschema explains, and the two agree.

Every broken input goes through both validators: the hand-written breaks in
tests/fixtures/schema_breaks.yaml, and breaks generated from each real data file by walking it
beside its schema (a required key dropped, an unknown key added, a wrong type, a value outside
its enum, pattern, length, count or range). Both must reject each one at the place of the fault,
and the ContentError must name the file and that place, whichever validator words it.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from explainer import ContentError, validation
from explainer.data_files import DATA_DIR, FILES, SCHEMA_DIR, read_yaml
from explainer.validation import Failure, check_schema, explanation, verdict

FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: The keywords both validators read alike. Not ``format``: neither checks it (dates and
#: addresses are checked with ``pattern``); not 2019+ keywords such as ``unevaluatedProperties``
#: or ``prefixItems``, which fastjsonschema ignores.
AGREED_KEYWORDS = {
    *("$defs", "$ref", "$schema", "title", "description"),
    *("type", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum"),
    *("properties", "required", "additionalProperties", "propertyNames"),
    *("items", "minItems", "uniqueItems"),
}
#: A value of each JSON type, for breaking a ``type``; 3.5 is a number but not an integer.
SAMPLES: tuple[tuple[str, object], ...] = (
    ("boolean", True),
    ("string", "x"),
    ("number", 3.5),
    ("array", []),
    ("null", None),
)

Place = tuple[str | int, ...]
Raw = dict[str, Any]


@dataclass(frozen=True)
class Break:
    """One fault in one real data file: the value at ``at`` replaced (a new key added), or with
    ``drop`` its key removed; ``at == ()`` replaces the whole file."""

    id: str
    file: str
    at: Place
    value: Any = None
    drop: bool = False

    def apply(self) -> Any:
        """A copy of the real file with this fault in it (YAML anchors no longer shared)."""
        if not self.at:
            return self.value
        broken = _unshared(_real(self.file))
        parent = _at(broken, self.at[:-1])
        if self.drop:
            del parent[self.at[-1]]
        else:
            parent[self.at[-1]] = self.value
        return broken

    def place(self) -> Place:
        """Where the fault is: the object for a dropped or added key, else the value."""
        if not self.at:
            return ()
        parent = _at(_real(self.file), self.at[:-1])
        added = isinstance(parent, dict) and self.at[-1] not in parent
        return self.at[:-1] if self.drop or added else self.at


@functools.cache
def _real(name: str) -> Any:
    return read_yaml(DATA_DIR, name)


@functools.cache
def _schema(name: str) -> Raw:
    schema: Raw = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    return schema


def _unshared(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _unshared(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unshared(v) for v in value]
    return value


def _at(data: Any, place: Place) -> Any:
    for step in place:
        data = data[step]
    return data


# -- breaks generated from the real files --------------------------------------------------


def _misfits(pattern: str, text: str) -> bool:
    """``text`` does not match ``pattern`` (``$`` at the very end only, as both validators read it)."""
    return re.search(re.sub(r"(?<!\\)\$", r"\\Z", pattern), text) is None


def _value_breaks(s: Raw, data: Any) -> Iterator[tuple[str, Any]]:
    """(what, broken value) for a value ``data`` under the schema ``s``."""
    if "type" in s:
        allowed = s["type"] if isinstance(s["type"], list) else [s["type"]]
        yield next(("type", v) for t, v in SAMPLES if t not in allowed)
    if "enum" in s:
        yield "enum", "not_one_of_them"
    if "pattern" in s and isinstance(data, str):
        if _misfits(s["pattern"], f"{data}\n"):
            yield "pattern (a newline after)", f"{data}\n"
        yield (
            "pattern",
            next(t for t in (f"!{data}", f"{{{data}", "x") if _misfits(s["pattern"], t)),
        )
    if s.get("minLength", 0) >= 1:
        yield "minLength", ""
    if "maxLength" in s:
        yield "maxLength", "x" * (s["maxLength"] + 1)
    if s.get("minItems", 0) >= 1:
        yield "minItems", []
    if s.get("uniqueItems") and isinstance(data, list) and data:
        yield "uniqueItems", [*data, data[0]]
    if "minimum" in s:
        yield "minimum", s["minimum"] - 1
    if "maximum" in s:
        yield "maximum", s["maximum"] + 1


def _key_breaks(s: Raw, data: Raw) -> Iterator[tuple[str, str, bool, Any]]:
    """(what, key, drop, value) for an object ``data`` under the schema ``s``."""
    required = [k for k in s.get("required", ()) if k in data]
    for key in dict.fromkeys(k for k in [*required[:1], "id"] if k in required):
        yield f"drop {key}", key, True, None
    if s.get("additionalProperties") is False:
        yield "unknown key", "zz_unknown", False, "x"
    if "propertyNames" in s:
        yield "key not a name", "Not a name", False, next(iter(data.values()), None)


def _breaks(name: str, node: Raw, data: Any, at: Place, seen: set[str]) -> Iterator[Break]:
    """The breaks of ``data`` (at ``at``), each kind once per schema node and top-level section."""
    s, where = node, "/".join(str(p) if isinstance(p, str) else "[]" for p in at)
    while "$ref" in s:
        where = f"{at[0] if len(at) >= 2 else ''}{s['$ref']}"
        s = _schema(name)["$defs"][s["$ref"].removeprefix("#/$defs/")]
    label = "/".join(map(str, at)) or "(file)"
    found = [(what, at, False, value) for what, value in _value_breaks(s, data)]
    if isinstance(data, dict):
        found += [(w, (*at, k), drop, v) for w, k, drop, v in _key_breaks(s, data)]
    for what, place, drop, value in found:
        if f"{where}:{what}" not in seen:
            seen.add(f"{where}:{what}")
            yield Break(f"{name}:{label}:{what}", name, place, value, drop)
    yield from _inner_breaks(name, s, data, at, seen)


def _inner_breaks(name: str, s: Raw, data: Any, at: Place, seen: set[str]) -> Iterator[Break]:
    if isinstance(data, dict):
        for key, value in data.items():
            sub = s.get("properties", {}).get(key, s.get("additionalProperties"))
            if isinstance(sub, dict):
                yield from _breaks(name, sub, value, (*at, key), seen)
    if isinstance(data, list) and isinstance(s.get("items"), dict):
        for i, value in enumerate(data):
            yield from _breaks(name, s["items"], value, (*at, i), seen)


def generated_breaks() -> list[Break]:
    """Breaks of every real data file, walked beside its schema."""
    return [b for name in FILES for b in _breaks(name, _schema(name), _real(name), (), set())]


def fixture_breaks() -> list[tuple[Break, str]]:
    """The hand-written breaks, each with the keyword jsonschema must name."""
    cases = yaml.safe_load((FIXTURES / "schema_breaks.yaml").read_text(encoding="utf-8"))
    return [
        (
            Break(c["id"], c["file"], tuple(c["at"]), c.get("value"), c.get("drop", False)),
            c["keyword"],
        )
        for c in cases
    ]


GENERATED = generated_breaks()
FIXTURE = fixture_breaks()


# -- the tests -----------------------------------------------------------------------------


def _rejected_alike(b: Break) -> Failure:
    """Both validators reject ``b`` at its place; jsonschema's failure."""
    data = b.apply()
    fast, full = verdict(b.file, data), explanation(b.file, data)
    assert fast is not None, f"fastjsonschema accepts {b.id}"
    assert full is not None, f"jsonschema accepts {b.id}, fastjsonschema says: {fast.message}"
    assert fast.path == full.path == b.place(), (fast.path, full.path)
    return full


def _named_alike(b: Break, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ContentError names the file and the place, the same when jsonschema cannot explain."""
    label, data = f"data/{b.file}.yaml", b.apply()
    with pytest.raises(ContentError) as explained:
        check_schema(label, b.file, data)
    with monkeypatch.context() as m:
        m.setattr(validation, "explanation", lambda name, data: None)
        with pytest.raises(ContentError) as unexplained:
            check_schema(label, b.file, data)
    for error in (explained.value, unexplained.value):
        assert error.file == label and str(error).startswith(f"{label}: ")
        assert b.place() == () or (error.item, error.field) != (None, None), str(error)
    where = (explained.value.item, explained.value.field)
    assert (unexplained.value.item, unexplained.value.field) == where


@pytest.mark.parametrize("name", FILES)
def test_the_real_files_pass_both_validators(name: str) -> None:
    """Each real data file is valid for fastjsonschema and for jsonschema."""
    assert (verdict(name, _real(name)), explanation(name, _real(name))) == (None, None)


def test_breaks_are_generated_for_every_file_and_kind() -> None:
    """The generator reaches every file and every kind of fault, so the agreement test is wide."""
    assert {b.file for b in GENERATED} == set(FILES)
    kinds = {b.id.rsplit(":", 1)[1].split(" ")[0] for b in GENERATED}
    expected = {"type", "enum", "pattern", "minLength", "maxLength", "minItems", "uniqueItems"}
    assert expected | {"minimum", "maximum", "drop", "unknown", "key"} <= kinds


@pytest.mark.parametrize("b", GENERATED, ids=lambda b: b.id)
def test_a_generated_break_is_rejected_by_both_and_named(
    b: Break, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both validators reject the broken file at the fault; the error names file and place."""
    _rejected_alike(b)
    _named_alike(b, monkeypatch)


@pytest.mark.parametrize(("b", "keyword"), FIXTURE, ids=[b.id for b, _ in FIXTURE])
def test_a_fixture_break_is_rejected_by_both_and_named(
    b: Break, keyword: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each hand-written break is rejected by both, for its keyword; the error names the place."""
    assert _rejected_alike(b).keyword == keyword
    _named_alike(b, monkeypatch)


def test_a_rejection_jsonschema_cannot_explain_still_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """If only fastjsonschema finds the fault, the check still fails, in the usual words."""
    monkeypatch.setattr(validation, "explanation", lambda name, data: None)
    data = _unshared(_real("criteria"))
    next(c for c in data["criteria"] if c["id"] == "rare_cancer")["label"] = "x" * 61
    with pytest.raises(ContentError) as caught:
        check_schema("data/criteria.yaml", "criteria", data)
    assert str(caught.value) == (
        "data/criteria.yaml: criterion 'rare_cancer': field 'label': longer than 60 characters"
    )


def _keywords(node: Any, names: bool = False) -> Iterator[str]:
    """The keywords in a schema (not the property names under ``properties`` or ``$defs``)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if not names:
                yield key
            yield from _keywords(value, names=not names and key in ("properties", "$defs"))
    elif isinstance(node, list):
        for value in node:
            yield from _keywords(value)


@pytest.mark.parametrize("name", FILES)
def test_schemas_use_only_keywords_both_validators_read_alike(name: str) -> None:
    """No schema uses ``format`` or a keyword fastjsonschema ignores, so the verdicts can agree."""
    assert set(_keywords(_schema(name))) <= AGREED_KEYWORDS
