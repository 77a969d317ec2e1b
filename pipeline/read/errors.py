"""The readers' one error; its own module so the readers need not import the package that picks them."""

from __future__ import annotations


class ReadError(Exception):
    """A source that cannot be read; the message says why, for the errors dataset."""
