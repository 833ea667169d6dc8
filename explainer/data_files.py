"""The data files: where they are, and how one is read safely as YAML.

Paths resolve from this file, never from the working directory. A file that cannot be read, is
not YAML, or gives a key twice in one mapping fails with a ContentError naming the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError

__all__ = ["DATA_DIR", "FILES", "SCHEMA_DIR", "read_yaml"]

#: The packaged data, next to the package (the repository's ``data/``).
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
#: The schemas are part of the package's contract: always the packaged ones.
SCHEMA_DIR = DATA_DIR / "schema"
#: The data files, in the order they are read.
FILES = (
    "sources",
    "criteria",
    "levels",
    "rules",
    "steps",
    "scenarios",
    "ui",
    "about",
    "options",
    "glossary",
)


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that rejects a key given twice in one mapping."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def read_yaml(folder: Path, name: str, label: str | None = None) -> object:
    """The parsed ``name.yaml`` in ``folder``, not yet checked against its schema; errors name
    the file as ``label`` (default: ``<folder>/<name>.yaml``)."""
    label = label or f"{folder.name}/{name}.yaml"
    try:
        text = (folder / f"{name}.yaml").read_text(encoding="utf-8")
    except OSError as e:
        raise ContentError(
            f"{label}: cannot read the file: {e}", file=label, item=None, field=None
        ) from e
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass
    except yaml.YAMLError as e:
        raise ContentError(
            f"{label}: not valid YAML: {e}", file=label, item=None, field=None
        ) from e
