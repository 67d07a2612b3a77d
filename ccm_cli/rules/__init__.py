"""The rule registry: rule id -> module.

Rules live in one package per category (``rules/<category>/``: the folder is the rule's
``CATEGORY``; the ``unicode/*`` and ``ja/*`` families of style rules in ``rules/style/unicode/``
and ``rules/style/ja/``); each package's ``MODULES`` lists its rule modules, so adding a rule
touches its own folder only. Every module documents itself (its docstring is what `ccm explain`
prints) and exposes ``ID``, ``CATEGORY``, ``SEVERITY``, ``SCOPE`` and ``check`` (``check_text``
for the ``ja/*`` rules); ``OPTIONS``, where it reads brand/guidelines.yaml (see
:mod:`ccm_cli.rules.options`); ``ALIASES``, where it has them, are ids it had before (:func:`get`
still finds it by them).
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from types import ModuleType

# the rule packages, in catalogue order: one per category (its folder), and the two families of
# style rules that have folders of their own (the Japanese rules last)
PACKAGES = ("schema", "template", "brand", "style", "style.unicode", "readability", "clause", "contact",
            "consistency", "channel", "governance", "style.ja")


@lru_cache(maxsize=1)
def all_rules() -> tuple[ModuleType, ...]:
    """Every rule module, in catalogue order."""
    found = []
    for name in PACKAGES:
        package = importlib.import_module(f"{__name__}.{name}")
        found.extend(importlib.import_module(f"{package.__name__}.{module}") for module in package.MODULES)
    return tuple(found)


@lru_cache(maxsize=1)
def by_id() -> dict[str, ModuleType]:
    return {rule.ID: rule for rule in all_rules()}


@lru_cache(maxsize=1)
def by_alias() -> dict[str, ModuleType]:
    return {alias: rule for rule in all_rules() for alias in getattr(rule, "ALIASES", ())}


def get(rule_id: str) -> ModuleType | None:
    """The rule with this id (or this former id)."""
    return by_id().get(rule_id) or by_alias().get(rule_id)


def summary(rule: ModuleType) -> str:
    """The first line of a rule's documentation."""
    return (rule.__doc__ or "").strip().splitlines()[0]
