"""spaCy without its command line.

``import spacy`` imports ``spacy.cli`` (typer, requests, httpx, weasel: ~0.15 s of every
process's start-up) only to re-export ``spacy.info``. Before spaCy is imported, ``spacy.cli`` and
``spacy.cli.info`` stand in as modules that load the real ones on first use: ``spacy.info()``,
``import spacy.cli`` and ``python -m spacy`` work as before, and a process that never asks for
the command line never loads it.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable

_NAMES = ("spacy.cli", "spacy.cli.info")


class _StandIn(types.ModuleType):
    """The command line module of the same name, loaded when something is read from it."""

    info: Callable[..., object]  # the spacy.cli.info stand-in's one function (set below)

    def __getattr__(self, attr: str):
        if attr.startswith("__"):  # import machinery probing (__path__, __spec__...): not a use
            raise AttributeError(attr)
        return getattr(_load(self.__name__), attr)


def _load(name: str) -> types.ModuleType:
    for n in _NAMES:
        if isinstance(sys.modules.get(n), _StandIn):
            del sys.modules[n]
    return importlib.import_module(name)


def _info(*args, **kwargs):
    return _load("spacy.cli.info").info(*args, **kwargs)


def defer_spacy_cli() -> None:
    """Put the stand-ins in place, unless spaCy (or its command line) is already imported."""
    if any(n in sys.modules for n in ("spacy", *_NAMES)):
        return
    cli = _StandIn("spacy.cli")
    cli.__path__ = []  # a package, so "spacy.cli.info" is looked up in sys.modules
    info = _StandIn("spacy.cli.info")
    info.info = _info
    sys.modules.update({"spacy.cli": cli, "spacy.cli.info": info})
