"""The rule registry: rule id -> module.

Rules live in one package per category (``rules/<category>/``); each package's ``MODULES``
lists its rule modules, so adding a rule touches its own folder only. Every module documents
itself (its docstring is what `ccm explain` prints) and exposes ``ID``, ``CATEGORY``,
``SEVERITY``, ``SCOPE`` and ``check`` (``check_text`` for the ``ja/*`` rules).
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from types import ModuleType

CATEGORY_PACKAGES = ("schema", "template", "brand", "style", "unicode", "readability", "clause", "contact", "consistency", "channel", "governance")


@lru_cache(maxsize=1)
def all_rules() -> tuple[ModuleType, ...]:
    """Every rule module, in catalogue order (the Japanese style rules last)."""
    from .ja import RULES as JA_RULES

    found = []
    for category in CATEGORY_PACKAGES:
        package = importlib.import_module(f"{__name__}.{category}")
        found.extend(importlib.import_module(f"{__name__}.{category}.{name}") for name in package.MODULES)
    return tuple(found) + tuple(JA_RULES)


@lru_cache(maxsize=1)
def by_id() -> dict[str, ModuleType]:
    return {rule.ID: rule for rule in all_rules()}


def get(rule_id: str) -> ModuleType | None:
    return by_id().get(rule_id)


def summary(rule: ModuleType) -> str:
    """The first line of a rule's documentation."""
    return (rule.__doc__ or "").strip().splitlines()[0]
