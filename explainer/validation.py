"""Checking a data file against its JSON Schema, with an error that names the item and field.

fastjsonschema gives a fast yes for valid data; jsonschema runs only to explain a rejection.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from .content_errors import content_error
from .data_files import SCHEMA_DIR

if TYPE_CHECKING:
    import jsonschema  # type: ignore[import-untyped]  # only for the error's type; imported on a failure

__all__ = ["check_schema"]

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


@functools.cache
def _quick_check(name: str) -> Callable[[object], bool]:
    """A fast yes for valid data. Importing jsonschema costs each dashboard kernel about two
    seconds and 20 MiB, so valid data passes fastjsonschema (the schemas use draft-7 keywords
    only) and jsonschema runs only to give the detailed error for data that does not pass."""
    import fastjsonschema

    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    validate = fastjsonschema.compile(schema)

    def check(data: object) -> bool:
        try:
            validate(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return check


def check_schema(label: str, name: str, data: object) -> None:
    """Raise ContentError unless ``data`` (the file ``label``) fits ``name``'s schema."""
    if _quick_check(name)(data):
        return
    import jsonschema

    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is None:
        return
    item, field = _locate(name, data, list(error.absolute_path), error)
    kind = _KINDS.get((name, str(error.absolute_path[0])), "item") if error.absolute_path else ""
    raise content_error(label, kind, item, field, _problem(error))


def _locate(
    name: str, data: Any, path: list[str | int], error: jsonschema.ValidationError
) -> tuple[str | None, str | None]:
    """The item id and the field a schema error points at."""
    item: str | None = None
    rest = path
    if len(path) >= 2 and isinstance(path[1], int):
        entry = data[path[0]][path[1]]
        item = str(entry["id"]) if isinstance(entry, dict) and "id" in entry else f"#{path[1] + 1}"
        rest = path[2:]
    elif name in ("levels", "ui") and path:
        item, rest = str(path[0]), path[1:]
    field = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in rest) or None
    extra = _offending_key(error)
    if extra is not None:
        field = f"{field}.{extra}" if field else extra
    return item, field


def _offending_key(error: jsonschema.ValidationError) -> str | None:
    """For a missing or unknown key, the key's name."""
    instance = error.instance
    if not isinstance(instance, dict):
        return None
    if error.validator == "required":
        missing = [k for k in cast(list[str], error.validator_value) if k not in instance]
        return missing[0] if missing else None
    if error.validator == "additionalProperties" and error.validator_value is False:
        allowed = set(cast(dict[str, Any], error.schema).get("properties", {}))
        unknown = sorted(str(k) for k in instance if k not in allowed)
        return unknown[0] if unknown else None
    return None


def _problem(error: jsonschema.ValidationError) -> str:
    value = error.validator_value
    problems = {
        "maxLength": f"longer than {value} characters",
        "minLength": "empty",
        "required": "missing",
        "additionalProperties": "unknown field",
        "enum": f"{error.instance!r} is not one of {value!r}",
        "type": f"{error.instance!r} is not of type {value!r}",
        "pattern": f"{error.instance!r} does not match {value!r}",
        "minItems": f"needs at least {value} items",
    }
    return problems.get(str(error.validator), str(error.message))
