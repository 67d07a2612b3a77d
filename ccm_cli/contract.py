"""The data contract of a comm: its `variables` (dotted path -> JSON Schema) as one JSON Schema.

Lint validates samples against it; publish ships it so the sending service can validate the
customer data it passes in. ``optional: true`` on a variable means it may be missing.
"""

from __future__ import annotations

import copy
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
    """Why ``spec`` is not a valid JSON Schema (None when it is)."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    schema = dict(spec) if isinstance(spec, dict) else spec
    if isinstance(schema, dict):
        schema.pop("optional", None)
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        return exc.message
    return None
