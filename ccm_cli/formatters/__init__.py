"""Formatters: turn a lint result into text, JSON, SARIF, GitHub annotations or JUnit.

Each module exposes ``write(result, out, options)``; formatters know nothing about rules
beyond the registry's documentation (SARIF embeds it). What the content may hold is hostile:
every formatter escapes each value for its medium with :mod:`.escape`, which alone knows how.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
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


def write(name: str, result, out: TextIO, options: Options) -> None:
    module = importlib.import_module(f"{__name__}.{name.replace('-', '_')}_format")
    module.write(result, out, options)
