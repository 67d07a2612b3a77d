"""Formatters: turn a lint result into text, JSON, SARIF, GitHub annotations or JUnit.

Each module exposes ``write(result, out, options)``; formatters know nothing about rules
beyond the registry's documentation (SARIF embeds it).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TextIO

from ..findings import Severity

FORMATS = ("text", "json", "sarif", "github", "junit")


@dataclass(frozen=True)
class Options:
    fail_on: Severity = Severity.ERROR
    quiet: bool = False


def write(name: str, result, out: TextIO, options: Options) -> None:
    module = importlib.import_module(f"{__name__}.{name.replace('-', '_')}_format")
    module.write(result, out, options)
