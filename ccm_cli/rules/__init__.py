"""The rule registry: rule id -> module. Adding a rule = a module + one line here.

Every module documents itself (its docstring is what `ccm explain` prints) and exposes
``ID``, ``CATEGORY``, ``SEVERITY``, ``SCOPE`` and ``check``.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from types import ModuleType

RULE_MODULES = (
    # schema
    "schema.unknown_key",
    "schema.invalid_value",
    "schema.duplicate_key",
    "schema.empty_file",
    "schema.duplicate_id",
    "schema.unknown_locale",
    "schema.unknown_channel",
    "schema.invalid_variable",
    "schema.sample_invalid",
    "schema.no_samples",
    # template
    "template.syntax_error",
    "template.undeclared_variable",
    "template.unused_variable",
    "template.unknown_clause",
    "template.unknown_snippet",
    "template.unknown_fact",
    "template.sandbox_violation",
    "template.render_error",
    "template.bad_file",
    # clause
    "clause.missing_translation",
    # channel
    "channel.missing_field",
    "channel.sms_length",
    "channel.sms_encoding",
    "channel.subject_length",
    "channel.preheader_length",
    "channel.push_length",
    "channel.body_length",
    "channel.loosened_limit",
    # governance
    "governance.suppression_without_reason",
    "governance.unsuppressible",
)


@lru_cache(maxsize=1)
def all_rules() -> tuple[ModuleType, ...]:
    """Every rule module, in catalogue order (the Japanese style rules last)."""
    from .ja import RULES as JA_RULES

    return tuple(importlib.import_module(f"{__name__}.{name}") for name in RULE_MODULES) + tuple(JA_RULES)


@lru_cache(maxsize=1)
def by_id() -> dict[str, ModuleType]:
    return {rule.ID: rule for rule in all_rules()}


def get(rule_id: str) -> ModuleType | None:
    return by_id().get(rule_id)


def summary(rule: ModuleType) -> str:
    """The first line of a rule's documentation."""
    return (rule.__doc__ or "").strip().splitlines()[0]
