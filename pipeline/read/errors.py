"""The readers' one error; its own module so the readers need not import the package that picks them."""

from __future__ import annotations

from pipeline.model import ErrorReason


class ReadError(Exception):
    """A source that cannot be read; the message says why, for the errors dataset, and
    ``reason`` names the cause where a program may act on it."""

    def __init__(self, message: str, reason: ErrorReason | None = None) -> None:
        super().__init__(message)
        self.reason = reason
