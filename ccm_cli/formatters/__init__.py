"""Formatters: turn a lint result into text, JSON, SARIF, GitHub annotations or JUnit.

Each module exposes ``write(result, out, options)``; formatters know nothing about rules
beyond the registry's documentation (SARIF embeds it). What the content may hold is hostile:
every formatter escapes each value for its medium with :mod:`.escape`, which alone knows how.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TextIO

from ..findings import Severity

FORMATS = ("text", "json", "sarif", "github", "junit")


@dataclass(frozen=True)
class Options:
    """How to report: the failing severity, ``--quiet``, the ``--shard I/N`` of the run (the
    JSON report says which shard it is) and the repository root (SARIF's ``%SRCROOT%``)."""

    fail_on: Severity = Severity.ERROR
    quiet: bool = False
    shard: tuple[int, int] | None = None
    root: Path | None = None


def checkout_relative(options: Options, file: str) -> str:
    """``file`` (relative to the content repository) relative to the git checkout that holds it:
    GitHub reads annotation and SARIF paths from the checkout's root, and the content repository
    may be a folder of it (``action.yml``'s ``working-directory``)."""
    prefix = _prefix(str(options.root)) if options.root is not None else ""
    return prefix + file if prefix else file


def checkout_root(options: Options) -> Path | None:
    """The git checkout that holds the content repository (else the content repository)."""
    if options.root is None:
        return None
    prefix = _prefix(str(options.root))
    root = Path(options.root).resolve()
    return root.parents[prefix.count("/") - 1] if prefix else root


@lru_cache(maxsize=8)
def _prefix(root: str) -> str:
    """'content/' when the content repository is the folder content/ of a git checkout."""
    real = os.path.realpath(root)
    folder = real
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            return ""
        folder = parent
    rel = os.path.relpath(real, folder)
    return "" if rel == "." else rel.replace(os.sep, "/") + "/"


def write(name: str, result, out: TextIO, options: Options) -> None:
    module = importlib.import_module(f"{__name__}.{name.replace('-', '_')}_format")
    module.write(result, out, options)
