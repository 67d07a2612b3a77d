"""The facts a template reads: ``brand/facts.yaml`` resolved for one locale, every value
knowing its dotted path (for provenance, and for "unknown fact" messages that name it)."""

from __future__ import annotations

import re
from typing import Any

from jinja2 import StrictUndefined

from ..model import language

_LOCALE_KEY = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


class FactText(str):
    """A string that came from brand/facts.yaml (``path`` is its dotted path)."""

    path: str = ""


class FactTree(dict):
    """A nested facts mapping that knows its path, for precise "unknown fact" messages."""

    path: str = "facts"


class CcmUndefined(StrictUndefined):
    """StrictUndefined with messages that name the fact or variable path."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:  # type: ignore[override]
        obj = self._undefined_obj
        if isinstance(obj, FactTree):
            return f"unknown fact '{obj.path}.{self._undefined_name}'"
        return super()._undefined_message


def is_locale_map(value: dict) -> bool:
    """Is this mapping one value per locale (``{en-US: …, ja: …}``) rather than a branch of facts?"""
    return bool(value) and all(isinstance(k, str) and _LOCALE_KEY.fullmatch(k) for k in value)


def resolve_facts(tree: Any, locale: str, default: str | None, path: str) -> Any:
    """``tree`` as a template of ``locale`` reads it: a locale map becomes its value for the
    locale (or its language), strings and numbers become :class:`FactText`."""
    if isinstance(tree, dict):
        if is_locale_map(tree):
            for key in (locale, language(locale)):
                if key in tree:
                    return resolve_facts(tree[key], locale, default, path)
            return CcmUndefined(name=path)  # no value for this locale: an error when used
        resolved = FactTree()
        resolved.path = path
        for key, value in tree.items():
            resolved[key] = resolve_facts(value, locale, default, f"{path}.{key}")
        return resolved
    if isinstance(tree, str):
        text = FactText(tree)
        text.path = path
        return text
    if isinstance(tree, (int, float)) and not isinstance(tree, bool):
        text = FactText(str(tree))
        text.path = path
        return text
    return tree
