"""A quick verdict on whether a document is valid against one of ccm's schemas.

jsonschema spends most of a comm's validation building a validator per subschema (``evolve``,
``descend``) and resolving ``$ref`` through ``referencing`` — about 0.6 ms a comm, 3 % of a
cold lint of distinct comms. Almost every document is valid, and proving that needs none of
the machinery that describes an error. :func:`verdict` walks schema and document together and
answers ``True`` (valid), ``False`` (invalid) or ``None`` (it cannot tell: a keyword or a
``$ref`` it does not know). Only ``True`` is trusted: :func:`ccm_cli.schemas.validate` then
reports nothing without running jsonschema; on anything else jsonschema runs as before and
every message is its own.

Each keyword below follows jsonschema's draft 2020-12 implementation (``jsonschema/_keywords.py``,
``_types.py``): ``integer`` takes a float with no fraction, ``bool`` is never a number,
``pattern`` and ``patternProperties`` use ``re.search``, lengths count code points, ``enum``
compares as JSON does (:func:`ccm_cli.schemas._json_key`), ``uniqueItems`` as ccm's linear
version does. Recursion is bounded by the document's depth (YAML nests at most
``ccm_cli.yamlbounds.MAX_DEPTH`` levels) and by ``$ref`` chains, each of which consumes a level
of the document or is refused.
"""

from __future__ import annotations

import numbers
import re
from functools import lru_cache
from typing import Any, Callable

ANNOTATIONS = frozenset({"title", "description", "examples", "default", "$comment", "$schema", "$id", "$defs",
                         "deprecated", "readOnly", "writeOnly", "markdownDescription"})
_DEFS = "#/$defs/"


@lru_cache(maxsize=256)
def _regex(pattern: str):
    return re.compile(pattern)


def _is_type(instance: Any, name: str) -> bool | None:
    if name == "object":
        return isinstance(instance, dict)
    if name == "array":
        return isinstance(instance, list)
    if name == "string":
        return isinstance(instance, str)
    if name == "boolean":
        return isinstance(instance, bool)
    if name == "null":
        return instance is None
    if name == "integer":
        if isinstance(instance, bool):
            return False
        if isinstance(instance, float):
            return instance.is_integer()
        return isinstance(instance, int)
    if name == "number":
        return _number(instance)
    return None


def _number(instance: Any) -> bool:
    return isinstance(instance, numbers.Number) and not isinstance(instance, bool)


class Quick:
    """The verdict function of one schema (its ``$defs`` resolved locally); ``conforms``:
    ``format_checker.conforms`` of the validator jsonschema would use."""

    def __init__(self, schema: Any, conforms: Callable[[Any, str], bool]) -> None:
        self.root = schema
        self.conforms = conforms

    def verdict(self, instance: Any) -> bool | None:
        try:
            return self._check(self.root, instance, 0)
        except Exception:  # a key that is not text met a pattern, a comparison of odd types, ...: jsonschema says
            return None

    def _check(self, schema: Any, instance: Any, refs: int) -> bool | None:
        if schema is True:
            return True
        if schema is False:
            return False
        if not isinstance(schema, dict):
            return None
        result: bool | None = True
        for key, value in schema.items():
            if key in ANNOTATIONS:
                continue
            ok = self._keyword(key, value, schema, instance, refs)
            if ok is False:
                return False
            if ok is None:
                result = None
        return result

    def _all(self, pairs, refs: int) -> bool | None:
        result: bool | None = True
        for schema, instance in pairs:
            ok = self._check(schema, instance, refs)
            if ok is False:
                return False
            if ok is None:
                result = None
        return result

    def _keyword(self, key: str, value: Any, schema: dict, instance: Any, refs: int) -> bool | None:
        if key == "type":
            names = value if isinstance(value, list) else [value]
            verdicts = [_is_type(instance, n) for n in names]
            return True if any(verdicts) else (None if None in verdicts else False)
        if key == "properties":
            if not isinstance(instance, dict) or not isinstance(value, dict):
                return True if not isinstance(instance, dict) else None
            return self._all(((sub, instance[name]) for name, sub in value.items() if name in instance), 0)
        if key == "additionalProperties":
            if not isinstance(instance, dict):
                return True
            known = schema.get("properties", {})
            patterns = [_regex(p) for p in schema.get("patternProperties", {})]
            extra = [k for k in instance if k not in known and not any(p.search(k) for p in patterns)]
            return self._all(((value, instance[k]) for k in extra), 0)
        if key == "patternProperties":
            if not isinstance(instance, dict):
                return True
            return self._all(((sub, instance[k]) for pattern, sub in value.items() for k in instance
                              if isinstance(k, str) and _regex(pattern).search(k)), 0)
        if key == "propertyNames":
            if not isinstance(instance, dict):
                return True
            return self._all(((value, k) for k in instance), 0)
        if key == "required":
            return all(name in instance for name in value) if isinstance(instance, dict) else True
        if key == "minProperties":
            return len(instance) >= value if isinstance(instance, dict) else True
        if key == "items":
            if not isinstance(instance, list):
                return True
            if "prefixItems" in schema:
                return None
            return self._all(((value, item) for item in instance), 0)
        if key == "minItems":
            return len(instance) >= value if isinstance(instance, list) else True
        if key == "maxItems":
            return len(instance) <= value if isinstance(instance, list) else True
        if key == "uniqueItems":
            if not value or not isinstance(instance, list):
                return True
            from . import _json_key

            return len({_json_key(item) for item in instance}) == len(instance)
        if key == "minLength":
            return len(instance) >= value if isinstance(instance, str) else True
        if key == "maxLength":
            return len(instance) <= value if isinstance(instance, str) else True
        if key == "pattern":
            return _regex(value).search(instance) is not None if isinstance(instance, str) else True
        if key == "format":
            return self.conforms(instance, value)
        if key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if not _number(instance):
                return True
            if key == "minimum":
                return instance >= value
            if key == "maximum":
                return instance <= value
            return instance > value if key == "exclusiveMinimum" else instance < value
        if key == "enum":
            from . import _json_key

            wanted = _json_key(instance)
            return True if any(_json_key(v) == wanted for v in value) else None  # jsonschema says why
        if key == "anyOf":
            verdicts = [self._check(sub, instance, refs) for sub in value]
            return True if True in verdicts else (None if None in verdicts else False)
        if key == "oneOf":
            verdicts = [self._check(sub, instance, refs) for sub in value]
            if None in verdicts:
                return None
            return verdicts.count(True) == 1
        if key == "$ref":
            if not isinstance(value, str) or not value.startswith(_DEFS) or refs > 16:
                return None  # a chain of $refs that never reaches the document: jsonschema decides
            target = self.root.get("$defs", {}).get(value[len(_DEFS):]) if isinstance(self.root, dict) else None
            if target is None:
                return None
            return self._check(target, instance, refs + 1)
        return None  # a keyword this does not know


def quick(schema: Any, conforms: Callable[[Any, str], bool]) -> Quick:
    return Quick(schema, conforms)
