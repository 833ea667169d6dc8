"""How a content error is worded: the file, the item, the field, then the problem."""

from __future__ import annotations

from .errors import ContentError

__all__ = ["content_error"]


def content_error(
    label: str, kind: str, item: str | None, field: str | None, problem: str
) -> ContentError:
    """A ContentError for ``label`` (e.g. ``data/criteria.yaml``) whose message names the place."""
    where = [label]
    if item is not None:
        where.append(f"{kind} {item!r}" if kind else repr(item))
    if field is not None:
        where.append(f"field {field!r}")
    return ContentError(": ".join([*where, problem]), file=label, item=item, field=field)
