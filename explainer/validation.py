"""Checking a data file against its JSON Schema: one verdict, always explained.

fastjsonschema's verdict decides: it is light to import and fast once compiled, so a kernel that
loads valid data never imports jsonschema (its cost: docs/performance.md). jsonschema only
explains a rejection, with its best-matching error; if it finds none, fastjsonschema's own error
is the explanation, so a rejected file never passes. The two are set up to judge alike: neither
checks ``format`` (the schemas check dates and addresses with ``pattern``), and in both a
pattern's ``$`` matches only at the very end of the text, as fastjsonschema reads it.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from .content_errors import content_error
from .data_files import SCHEMA_DIR
from .errors import ContentError

if TYPE_CHECKING:
    import fastjsonschema
    import jsonschema  # type: ignore[import-untyped]  # only for types; imported on a failure

__all__ = ["Failure", "check_schema", "explanation", "verdict"]

#: What an item of each top-level list is called in messages.
_KINDS = {
    ("sources", "sources"): "source",
    ("criteria", "groups"): "group",
    ("criteria", "criteria"): "criterion",
    ("levels", "second_opinion"): "level",
    ("levels", "third_opinion"): "level",
    ("rules", "second_opinion"): "rule",
    ("rules", "cautions"): "caution",
    ("rules", "third_opinion"): "third-opinion rule",
    ("steps", "steps"): "step",
    ("steps", "priorities"): "priority",
    ("scenarios", "scenarios"): "scenario",
    ("about", "pros"): "good point",
    ("about", "cons"): "drawback",
    ("about", "asking"): "point on asking",
    ("about", "helplines"): "helpline",
    ("about", "figures"): "figure",
}
#: An unescaped ``$`` in a pattern: fastjsonschema makes each one ``\Z`` (end of text only).
_DOLLAR = re.compile(r"(?<!\\)\$")
#: One step of a fastjsonschema path such as ``data.criteria[0].id``.
_STEP = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True, slots=True)
class Failure:
    """One way a file breaks its schema, as either validator reports it."""

    path: tuple[str | int, ...]
    keyword: str
    expected: Any
    instance: Any
    schema: Any
    message: str


def check_schema(label: str, name: str, data: object) -> None:
    """Raise ContentError unless ``data`` (the file ``label``) fits ``name``'s schema."""
    rejected = verdict(name, data)
    if rejected is not None:
        raise _content_error(label, name, data, explanation(name, data) or rejected)


def verdict(name: str, data: object) -> Failure | None:
    """fastjsonschema's verdict, which decides: None if ``data`` fits, else its first failure."""
    import fastjsonschema

    try:
        _fast_validator(name)(data)
    except fastjsonschema.JsonSchemaValueException as e:
        return _from_fast(e)
    return None


def explanation(name: str, data: object) -> Failure | None:
    """jsonschema's best-matching failure, or None if it finds ``data`` valid."""
    import jsonschema

    validator = _explaining_validator()(_schema(name))
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    return None if error is None else _from_jsonschema(error)


@functools.cache
def _schema(name: str) -> dict[str, Any]:
    return cast(
        dict[str, Any],
        json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8")),
    )


@functools.cache
def _fast_validator(name: str) -> Callable[[object], object]:
    import fastjsonschema

    return fastjsonschema.compile(_schema(name), use_default=False, use_formats=False)


@functools.cache
def _explaining_validator() -> Any:
    """Draft 2020-12 with fastjsonschema's reading of ``pattern`` (and no format checker)."""
    import jsonschema

    def pattern(
        validator: Any, expected: str, instance: object, schema: object
    ) -> Iterator[jsonschema.ValidationError]:
        if isinstance(instance, str) and not re.search(_DOLLAR.sub(r"\\Z", expected), instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match {expected!r}")

    return jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": pattern})


def _from_fast(e: fastjsonschema.JsonSchemaValueException) -> Failure:
    steps = _STEP.findall((e.name or "data").removeprefix("data"))
    path = tuple(int(index) if index else key for key, index in steps)
    return Failure(path, str(e.rule), e.rule_definition, e.value, e.definition, e.message)


def _from_jsonschema(error: jsonschema.ValidationError) -> Failure:
    return Failure(
        tuple(error.absolute_path),
        str(error.validator),
        error.validator_value,
        error.instance,
        error.schema,
        str(error.message),
    )


def _content_error(label: str, name: str, data: object, failure: Failure) -> ContentError:
    item, field = _locate(name, data, failure)
    path = failure.path
    kind = _KINDS.get((name, str(path[0])), "item") if path else ""
    return content_error(label, kind, item, field, _problem(failure))


def _locate(name: str, data: Any, failure: Failure) -> tuple[str | None, str | None]:
    """The item id and the field a schema failure points at."""
    item: str | None = None
    path = rest = failure.path
    if len(path) >= 2 and isinstance(path[1], int):
        entry = data[path[0]][path[1]]
        item = str(entry["id"]) if isinstance(entry, dict) and "id" in entry else f"#{path[1] + 1}"
        rest = path[2:]
    elif name in ("levels", "ui") and path:
        item, rest = str(path[0]), path[1:]
    field = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in rest) or None
    extra = _offending_key(failure)
    if extra is not None:
        field = f"{field}.{extra}" if field else extra
    return item, field


def _offending_key(failure: Failure) -> str | None:
    """For a missing or unknown key, the key's name."""
    instance = failure.instance
    if not isinstance(instance, dict):
        return None
    if failure.keyword == "required":
        missing = [k for k in cast(list[str], failure.expected) if k not in instance]
        return missing[0] if missing else None
    if failure.keyword == "additionalProperties" and failure.expected is False:
        allowed = set(cast(dict[str, Any], failure.schema).get("properties", {}))
        unknown = sorted(str(k) for k in instance if k not in allowed)
        return unknown[0] if unknown else None
    return None


def _problem(failure: Failure) -> str:
    value, instance = failure.expected, failure.instance
    problems = {
        "maxLength": f"longer than {value} characters",
        "minLength": "empty",
        "required": "missing",
        "additionalProperties": "unknown field",
        "enum": f"{instance!r} is not one of {value!r}",
        "type": f"{instance!r} is not of type {value!r}",
        "pattern": f"{instance!r} does not match {value!r}",
        "minItems": f"needs at least {value} items",
        "propertyNames": "a key is not a valid name",
    }
    return problems.get(failure.keyword, failure.message)
