"""The data contract of a comm: its `variables` (dotted path -> JSON Schema) as one JSON Schema.

Lint validates samples against it; publish ships it so the sending service can validate the
customer data it passes in. ``optional: true`` on a variable means it may be missing.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any


def contract_schema(variables: dict[str, Any]) -> dict:
    """One object schema for all dotted variable paths (every non-optional leaf required)."""
    root: dict = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "properties": {}, "required": []}
    for path, spec in sorted(variables.items()):
        spec = copy.deepcopy(spec) if isinstance(spec, dict) else {}
        optional = bool(spec.pop("optional", False))
        parts = str(path).split(".")
        node = root
        for part in parts[:-1]:
            props = node.setdefault("properties", {})
            child = props.setdefault(part, {"type": "object", "properties": {}, "required": []})
            if not optional and part not in node.setdefault("required", []):
                node["required"].append(part)
            node = child
        node.setdefault("properties", {})[parts[-1]] = spec
        if not optional and parts[-1] not in node.setdefault("required", []):
            node["required"].append(parts[-1])
    return root


def variable_schema_errors(spec: Any) -> str | None:
    """Why ``spec`` is not a valid JSON Schema (None when it is).

    The answer depends on the value only, so it is remembered per value (comms repeat the
    same few variable schemas); the metaschema validator is built once.
    """
    key = _frozen(spec)
    if key is not None and key in _CHECKED:
        return _CHECKED[key]
    schema = dict(spec) if isinstance(spec, dict) else spec
    if isinstance(schema, dict):
        schema.pop("optional", None)
    error = next(iter(_metaschema_validator().iter_errors(schema)), None)
    problem = None if error is None else error.message  # as Draft202012Validator.check_schema
    if key is not None:
        if len(_CHECKED) >= _CHECKED_MAX:
            _CHECKED.clear()
        _CHECKED[key] = problem
    return problem


_CHECKED: dict[Any, str | None] = {}
_CHECKED_MAX = 4096


@lru_cache(maxsize=None)
def _metaschema_validator():
    """The validator ``Draft202012Validator.check_schema`` builds on every call."""
    from jsonschema import Draft202012Validator
    from jsonschema.validators import validator_for

    validator = validator_for(Draft202012Validator.META_SCHEMA, default=Draft202012Validator)
    return validator(Draft202012Validator.META_SCHEMA, format_checker=validator.FORMAT_CHECKER)


def _frozen(value: Any) -> Any:
    """A hashable key equal only for values a validator cannot tell apart (types and float
    spellings kept), or None for a value of another kind."""
    if value is None or isinstance(value, (str, int)):
        return (type(value), value)
    if isinstance(value, float):
        return (float, repr(value))
    if isinstance(value, list):
        items = tuple(_frozen(item) for item in value)
        return None if None in items else (list, items)
    if isinstance(value, dict):
        pairs = tuple((_frozen(k), _frozen(v)) for k, v in value.items())
        return None if any(k is None or v is None for k, v in pairs) else (dict, pairs)
    return None
