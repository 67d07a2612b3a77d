"""The rule registry: rule id -> module, and the one filter of the rules a project runs.

Rules live in one package per category (``rules/<category>/``: the folder is the rule's
``CATEGORY``; the ``unicode/*`` and ``ja/*`` families of style rules in ``rules/style/unicode/``
and ``rules/style/ja/``); each package's ``MODULES`` lists its rule modules, so adding a rule
touches its own folder only. Every module documents itself (its docstring is what `ccm explain`
prints) and exposes ``ID``, ``CATEGORY``, ``SEVERITY``, ``SCOPE`` and ``check`` (``check_text``
for the ``ja/*`` rules); ``OPTIONS``, where it reads brand/guidelines.yaml (see
:mod:`ccm_cli.rules.options`); ``ALIASES``, where it has them, are ids it had before (:func:`get`
still finds it by them, and ``lint.disable`` turns it off by them). What else a rule may declare
— what its check is given (``SCOPE``), what else it reads (``today_key``, ``digest`` and
``affected``) — is the rule protocol of :mod:`ccm_cli.rules.base`.
"""

from __future__ import annotations

import importlib
from fnmatch import fnmatchcase
from functools import lru_cache
from types import ModuleType
from typing import Any

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


def enabled(project: Any) -> tuple[ModuleType, ...]:
    """The rules ``project`` runs, in catalogue order: every rule but those ``lint.disable`` in
    ccm.yaml names — by id or by a former id (``ALIASES``: ``vale`` is ``style/vale``), as a
    glob (``ja/*``)."""
    lint_config = project.config.get("lint")
    disabled = lint_config.get("disable", []) if isinstance(lint_config, dict) else []
    try:
        patterns = [str(p) for p in disabled or []]
    except TypeError:  # not a list (the schema reports it): nothing is disabled
        patterns = []
    if not patterns:
        return all_rules()
    return tuple(rule for rule in all_rules()
                 if not any(fnmatchcase(name, p) for p in patterns for name in (rule.ID, *getattr(rule, "ALIASES", ()))))
