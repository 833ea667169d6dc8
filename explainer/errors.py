"""The explainer's errors: each carries the item that is wrong, so callers never parse messages."""

from __future__ import annotations

__all__ = ["AnswerError", "ContentError", "ExplainerError"]


class ExplainerError(Exception):
    """The base of every error the explainer raises on purpose."""


class ContentError(ExplainerError):
    """A data file is missing, malformed or inconsistent.

    ``file`` is the data file (e.g. ``data/criteria.yaml``), ``item`` the id of the item that
    is wrong (or None for the file as a whole), ``field`` the field within it (or None).
    """

    def __init__(self, message: str, *, file: str, item: str | None, field: str | None) -> None:
        super().__init__(message)
        self.file = file
        self.item = item
        self.field = field


class AnswerError(ExplainerError, ValueError):
    """An answer names an unknown criterion, or gives a value the criterion cannot take."""

    def __init__(self, message: str, *, criterion: str, value: object) -> None:
        super().__init__(message)
        self.criterion = criterion
        self.value = value
