"""The JSON Schemas shipped with ccm, and validation of documents against them.

The same schema files serve three users: lint (validation with positions), editors
(``ccm schema --out DIR`` for yaml-language-server) and publish (the data contract).
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterator

from ..yamlio import YamlDoc

MAX_GUESSES = 50  # unknown keys of one mapping that get a "did you mean"

SCHEMA_NAMES = ("config", "comm", "facts", "guidelines", "contact", "clause", "channels", "intents", "audience")
SCHEMA_FILES = {
    "config": "ccm.yaml",
    "comm": "comms/**/*.yaml",
    "facts": "brand/facts.yaml",
    "guidelines": "brand/guidelines.yaml",
    "contact": "policies/contact.yaml",
    "clause": "policies/clauses/*.yaml",
    "channels": "policies/channels.yaml",
    "intents": "policies/intents.yaml",
    "audience": "policies/audience.yaml",
}


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict:
    text = resources.files(__package__).joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


@lru_cache(maxsize=None)
def validator(name: str):
    return data_validator(load_schema(name))


def data_validator(schema: dict):
    """A JSON Schema (draft 2020-12) validator for ``schema``, formats checked, for data from
    content under review (a comm's samples against its variables included): ``uniqueItems``
    takes linear time, where jsonschema's compares every pair of a list it cannot sort (a
    list mixing numbers and text, or of mappings: minutes for 50,000 items)."""
    from jsonschema import FormatChecker

    return _validator_class()(schema, format_checker=FormatChecker())


@lru_cache(maxsize=None)
def _validator_class():
    from jsonschema import Draft202012Validator, validators

    return validators.extend(Draft202012Validator, {"uniqueItems": _unique_items})


def _unique_items(validator, unique, instance, schema):
    from jsonschema.exceptions import ValidationError

    if unique and validator.is_type(instance, "array"):
        seen: set = set()
        for item in instance:
            key = _json_key(item)
            if key in seen:
                yield ValidationError(f"{instance!r} has non-unique elements")
                return
            seen.add(key)


def _json_key(value: Any) -> Any:
    """A hashable key equal for values JSON Schema calls equal: 1 and 1.0, not 1 and true;
    mappings whatever their key order. Recursion is bounded: YAML nests at most
    ``ccm_cli.yamlbounds.MAX_DEPTH`` levels."""
    if isinstance(value, bool) or value is None:
        return (0, value)
    if isinstance(value, (int, float)):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    if isinstance(value, list):
        return (3, tuple(_json_key(item) for item in value))
    if isinstance(value, dict):
        return (4, frozenset((key, _json_key(item)) for key, item in value.items()))
    return (5, id(value))


@dataclass(frozen=True)
class SchemaIssue:
    """A place where a document breaks its schema.

    ``kind`` is ``unknown-key`` (a key the schema does not allow) or ``invalid-value``.
    ``path`` points at the offending key or value; ``on_key`` says which to show.
    """

    kind: str
    doc: YamlDoc
    path: tuple
    message: str
    fix: str | None = None
    on_key: bool = False

    def position(self) -> tuple[int, int]:
        return self.doc.key_position(self.path) if self.on_key else self.doc.position(self.path)


@lru_cache(maxsize=None)
def quick_check(name: str):
    """:class:`.quick.Quick` for schema ``name``: proves a valid document valid without
    jsonschema (formats checked by the same checker)."""
    from .quick import Quick

    return Quick(load_schema(name), validator(name).format_checker.conforms)


def validate(name: str, doc: YamlDoc) -> list[SchemaIssue]:
    """Every schema problem of ``doc``, sorted by position, one per place. A document
    :mod:`.quick` proves valid has none; any other is validated by jsonschema."""
    if doc.data is None:
        return []
    if quick_check(name).verdict(doc.data) is True:
        return []
    issues: list[SchemaIssue] = []
    for error in validator(name).iter_errors(doc.data):
        issues.extend(_issues(error, doc))
    seen: set = set()
    unique = []
    for issue in sorted(issues, key=lambda i: (i.position(), i.message)):
        key = (issue.path, issue.message)
        if key not in seen:
            seen.add(key)
            unique.append(issue)
    return unique


def _issues(error, doc: YamlDoc) -> Iterator[SchemaIssue]:
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = sorted(error.schema.get("properties", {}))
        pattern_props = error.schema.get("patternProperties", {})
        import re

        guesses = 0
        for key in error.instance:
            if key in allowed or any(re.search(p, key) for p in pattern_props):
                continue
            guess = []
            if guesses < MAX_GUESSES and len(str(key)) <= 100:  # difflib is slow: 60,000 keys took a minute
                guesses += 1
                guess = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            where = dotted(path)
            message = f"unknown key '{key}'" + (f" in {where}" if where else "")
            if guess:
                message += f" (did you mean '{guess[0]}'?)"
                fix = f"Rename '{key}' to '{guess[0]}'"
            else:
                fix = f"Remove '{key}' or use one of: {', '.join(allowed)}" if allowed else f"Remove '{key}'"
            yield SchemaIssue("unknown-key", doc, path + (key,), message, fix, on_key=True)
        return
    if error.validator in ("anyOf", "oneOf") and error.context:
        best = _best_context(error)
        if best is not None:
            yield from _issues(best, doc)
            return
    if error.validator == "propertyNames":
        bad = error.instance if isinstance(error.instance, str) else None
        yield SchemaIssue("invalid-value", doc, path + ((bad,) if bad else ()), f"invalid key {error.message}", on_key=True)
        return
    yield SchemaIssue("invalid-value", doc, path, _message(error, path), _fix(error))


def _best_context(error):
    from jsonschema.exceptions import best_match

    deepest = max(error.context, key=lambda e: len(e.absolute_path), default=None)
    if deepest is not None and len(deepest.absolute_path) > len(error.absolute_path):
        return deepest
    return best_match(error.context)


def dotted(path: tuple) -> str:
    """A path in a document as a writer reads it: ``banned[1].pattern``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(error, path: tuple) -> str:
    where = dotted(path) or "document"
    if error.validator == "required":
        return f"{where}: {error.message}"
    if error.validator == "enum":
        options = ", ".join(repr(v) for v in error.validator_value)
        return f"{where}: {error.instance!r} is not one of {options}"
    if error.validator == "type":
        got = _describe(error.instance)
        if _unquoted_template(error.instance):
            got = "'{{ ... }}' read as a YAML mapping (a template must be quoted)"
        return f"{where}: expected {_type_words(error.validator_value)}, got {got}"
    return f"{where}: {error.message}"


def _unquoted_template(value: Any) -> bool:
    """``subject: {{ name }}`` unquoted: YAML reads a mapping whose only key is ``{ name }``."""
    return isinstance(value, dict) and len(value) == 1 and next(iter(value.values())) is None and \
        str(next(iter(value))).startswith("{") and str(next(iter(value))).endswith("}")


def _fix(error) -> str | None:
    if error.validator == "type" and _unquoted_template(error.instance):
        return "Put the whole value in quotes: \"{" + str(next(iter(error.instance))) + "}\""
    if error.validator == "enum":
        guess = difflib.get_close_matches(str(error.instance), [str(v) for v in error.validator_value], n=1)
        if guess:
            return f"Use '{guess[0]}'"
    if error.validator == "format" and error.validator_value == "date":
        return "Write dates as YYYY-MM-DD"
    if error.validator == "pattern" and "examples" in error.schema:
        return f"For example: {error.schema['examples'][0]}"
    return None


def _type_words(value: Any) -> str:
    names = value if isinstance(value, list) else [value]
    words = {"object": "a mapping", "array": "a list", "string": "text", "integer": "a whole number",
             "number": "a number", "boolean": "true or false", "null": "nothing (null)"}
    return " or ".join(words.get(n, n) for n in names)


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if value is None:
        return "nothing (null)"
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 80 else text[:77] + '...'}"


def schema_with_id(name: str, base_url: str | None = None) -> dict:
    """The schema as written by ``ccm schema --out``; ``$id`` is set for yaml-language-server."""
    schema = dict(load_schema(name))
    if base_url:
        schema["$id"] = f"{base_url.rstrip('/')}/{name}.schema.json"
    return schema
