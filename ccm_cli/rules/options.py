"""Rules declare their options; one validator checks brand/guidelines.yaml against them; the
guidelines JSON Schema is generated from them.

A rule that reads brand/guidelines.yaml declares every value it owns there, in its module::

    OPTIONS = {
        "tone.exclamation_max": Option(Schema({...}), None, "Exclamation marks, at most", "..."),
    }
    OPTIONS = {
        "ja.max-ten.max": Option(Count(), 3, "Commas per sentence, at most", "..."),
    }

A key is where the value lives in guidelines.yaml, dotted. Two sections hold the options of
several rules: ``readability.<language>.<name>`` is a limit written under the language's
``default``, ``channel.<channel>`` or ``category.<category>``; ``ja.<rule>.<name>`` is an
option of the Japanese rule ``ja/<rule>``, which runs when ``ja.<rule>`` is set and is not
``false``. :class:`Option` gives the value's kind, its default (what the rule uses when the
value is not set; ``None``: the rule has nothing to check), a title and a description (for
editors and ``ccm explain``) and examples. The kind says which values are valid, one of two
ways:

* :class:`Schema`, a JSON Schema fragment: the document's JSON Schema reports a value that
  breaks it (one finding per place); the rule reads what it can use of such a value.
* :class:`Flag`, :class:`Count`, :class:`Text`, :class:`Texts`, :class:`Patterns` and
  :class:`Dictionaries` (the ``ja:`` options, as textlint's rules take them): checked value by
  value here. A wrong value is reported and left out, and the rule uses its default instead; a
  "/regexp/" that does not compile is left out of its list. A rule never sees a value of a
  type its default does not have.

:func:`validate` is the one validator of brand/guidelines.yaml (``schema/invalid-value`` and
``schema/unknown-key`` report what it finds at the value's line); :func:`ja_settings` gives
every Japanese rule the file turns on the options it may use; :func:`guidelines_schema` is the
JSON Schema of the file, shipped as ``ccm_cli/schemas/guidelines.schema.json`` for editors and
``ccm schema`` (a test checks the file is :func:`schema_text`).
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the schemas load the YAML parsers: only when validating (the ja rules import this)
    from ..schemas import SchemaIssue
    from ..yamlio import YamlDoc
from . import all_rules, summary

MAX_NUMBER = 1_000_000  # a count or a length no text reaches
JA = "ja"  # the section of the Japanese rules: ja.<name> turns on the rule ja/<name>
READABILITY = "readability"  # readability.<language>.<name>: a limit, set per default, channel, category
_LEFT_OUT = object()  # what a kind's check keeps of a wrong value: nothing (the default applies)


@dataclass(frozen=True)
class OptionProblem:
    """A value of brand/guidelines.yaml a rule cannot use, and why."""

    path: tuple
    message: str
    fix: str | None = None


class Kind:
    """What values an option takes: its JSON Schema, in words, and (for the kinds checked value
    by value) the check."""

    words = ""
    checked = True  # checked value by value here; False: by the document's JSON Schema

    def schema(self) -> dict:
        raise NotImplementedError

    def check(self, value: Any, path: tuple, problems: list[OptionProblem]) -> Any:
        """``value`` when the option can use it; else a problem is added and what the rule may
        use instead is returned (:data:`_LEFT_OUT`: nothing, its default)."""
        raise NotImplementedError


@dataclass(frozen=True)
class Schema(Kind):
    """A value the document's JSON Schema checks: ``fragment`` (JSON Schema) describes it."""

    fragment: dict
    checked = False

    def schema(self) -> dict:
        return self.fragment

    @property
    def words(self) -> str:
        if "anyOf" in self.fragment:
            return " or ".join(Schema(part).words for part in self.fragment["anyOf"])
        if "enum" in self.fragment:
            return "one of " + ", ".join(json.dumps(v, ensure_ascii=False) for v in self.fragment["enum"])
        words = {"array": "a list", "object": "a mapping", "integer": "a whole number", "number": "a number", "string": "text"}
        return words.get(self.fragment.get("type"), "a value")


class Flag(Kind):
    words = "true or false"

    def schema(self) -> dict:
        return {"type": "boolean"}

    def check(self, value, path, problems):
        if isinstance(value, bool):
            return value
        problems.append(_wrong(path, self.words, value))
        return _LEFT_OUT


class Count(Kind):
    words = f"a whole number from 0 to {MAX_NUMBER:,}"

    def schema(self) -> dict:
        return {"type": "integer", "minimum": 0, "maximum": MAX_NUMBER}

    def check(self, value, path, problems):
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_NUMBER:
            return value
        problems.append(_wrong(path, self.words, value))
        return _LEFT_OUT


class Text(Kind):
    words = "text"

    def schema(self) -> dict:
        return {"type": "string"}

    def check(self, value, path, problems):
        if isinstance(value, str):
            return value
        problems.append(_wrong(path, self.words, value))
        return _LEFT_OUT


class Texts(Kind):
    words = "a list of texts"

    def schema(self) -> dict:
        return {"type": "array", "items": {"type": "string"}}

    def check(self, value, path, problems):
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return value
        problems.append(_wrong(path, self.words, value))
        return _LEFT_OUT


class Patterns(Kind):
    """Texts matched literally, or textlint's "/regexp/flags"; one that does not compile is
    left out of the list (the others still apply)."""

    words = 'a list of texts or "/regexp/" patterns'

    def schema(self) -> dict:
        return {"type": "array", "items": {"type": "string"}}

    def check(self, value, path, problems):
        from .style.ja._common import compile_pattern

        if not isinstance(value, list):
            problems.append(_wrong(path, self.words, value))
            return []
        kept = []
        for i, item in enumerate(value):
            if not isinstance(item, str):
                problems.append(_wrong(path + (i,), 'text or a "/regexp/" pattern', item))
                continue
            try:
                compile_pattern(item)
            except re.error as exc:
                from ..schemas import dotted

                problems.append(OptionProblem(path + (i,), f"{dotted(path + (i,))}: not a valid regular expression: {exc}",
                                              "Fix the expression, or write the text without slashes to match it literally"))
                continue
            kept.append(item)
        return kept


class Dictionaries(Kind):
    """``{dictionary id: {disabled: true or false, allows: [patterns]}}`` (ja-no-redundant-expression)."""

    words = "a mapping of dictionary ids to {disabled, allows}"

    def schema(self) -> dict:
        return {"type": "object", "additionalProperties": {"type": "object", "properties": {
            "disabled": {"title": "Disabled", "description": "true turns this pattern off.", "type": "boolean"},
            "allows": {"title": "Allowed", "description": "Texts or \"/regexp/\" patterns this pattern accepts (instead of its own exceptions).",
                       "type": "array", "items": {"type": "string"}},
        }}}

    def check(self, value, path, problems):
        if not isinstance(value, dict):
            problems.append(_wrong(path, self.words, value))
            return {}
        kept: dict = {}
        for name, opts in value.items():
            if not isinstance(name, str):
                continue
            here = path + (name,)
            if not isinstance(opts, dict):
                problems.append(_wrong(here, "a mapping with 'disabled' or 'allows'", opts))
                continue
            entry: dict = {}
            if "disabled" in opts:
                disabled = Flag().check(opts["disabled"], here + ("disabled",), problems)
                if disabled is not _LEFT_OUT:
                    entry["disabled"] = disabled
            if "allows" in opts:
                entry["allows"] = Patterns().check(opts["allows"], here + ("allows",), problems)
            kept[name] = entry
        return kept


@dataclass(frozen=True)
class Option:
    """One value a rule reads from brand/guidelines.yaml."""

    kind: Kind
    default: Any = None  # what the rule uses when the value is not set (None: nothing to check)
    title: str = ""
    description: str = ""
    examples: tuple = field(default=())

    def schema(self) -> dict:
        """This option's part of the guidelines JSON Schema."""
        out = {"title": self.title, "description": self.description, **self.kind.schema()}
        if self.default is not None:
            out["default"] = self.default
        if self.examples:
            out["examples"] = list(self.examples)
        return out


def defaults(options: dict[str, Option]) -> dict:
    """The options a rule uses when guidelines.yaml sets none (textlint's options object of a
    ``ja/*`` rule): name -> default, for the options that have one."""
    return {path.rsplit(".", 1)[-1]: option.default for path, option in options.items() if option.default is not None}


# keys of guidelines.yaml that no rule reads: documentation for writers and reviewers
UNREAD = {
    "readability.ja.style": Option(Schema({"enum": ["desumasu", "dearu"]}), None, "Sentence style",
                                   "Japanese: desumasu (です・ます) or dearu (である).", ("desumasu",)),
}
# the sections that hold several rules' options
SECTIONS = {
    "tone": {"title": "Tone", "description": "Limits on exclamation marks, all-caps words and emoji."},
    READABILITY: {"title": "Readability", "description": "Per language (en, ja): limits by default, per channel and per category.",
                  "examples": [{"en": {"default": {"fk_grade_max": 8, "flesch_min": 60}}}]},
    JA: {"title": "Japanese style", "description": "Japanese style checks named after textlint's rules; false turns one off.",
         "examples": [{"max-ten": {"max": 3}, "no-doubled-joshi": {}}]},
}
DEFS = {  # definitions the options' fragments refer to ("$ref": "#/$defs/<name>")
    "severity": {"enum": ["error", "warning", "info"], "description": "error, warning or info."},
}
RULE_SWITCH = {"type": ["object", "null", "boolean"]}  # ja.<name>: its options, null or true (defaults), false (off)


def declared() -> list[tuple[str, Option]]:
    """(path, option) of every option in guidelines.yaml, in catalogue order, then the keys no
    rule reads."""
    return [item for rule in all_rules() for item in getattr(rule, "OPTIONS", {}).items()] + list(UNREAD.items())


def ja_rules() -> list[ModuleType]:
    return [rule for rule in all_rules() if rule.ID.startswith(JA + "/")]


# --- validation ---------------------------------------------------------------------------------


def validate(doc: YamlDoc) -> list[SchemaIssue]:
    """Every problem of brand/guidelines.yaml: what breaks its JSON Schema (the values checked
    value by value left out: their own check reports them), then those values' problems."""
    from ..schemas import SchemaIssue
    from ..schemas import validate as schema_issues

    own = {tuple(path.split(".")) for path, option in declared() if option.kind.checked}
    sizes = {len(path) for path in own}
    issues = [issue for issue in schema_issues("guidelines", doc) if not any(issue.path[:size] in own for size in sizes)]
    return issues + [SchemaIssue("invalid-value", doc, p.path, p.message, p.fix) for p in _settled(doc.data)[1]]


def ja_settings(guidelines: Any) -> dict[str, dict]:
    """The Japanese rules guidelines.yaml turns on (rule id -> the options it may use): every
    ``ja.<name>`` that is not false. Null, true or an unknown rule: its defaults."""
    return _settled(guidelines)[0]


def _settled(guidelines: Any) -> tuple[dict[str, dict], list[OptionProblem]]:
    block = guidelines.get(JA) if isinstance(guidelines, dict) else None
    if not isinstance(block, dict):
        return {}, []
    options_of = _ja_options()
    enabled: dict[str, dict] = {}
    problems: list[OptionProblem] = []
    for name, options in block.items():
        if options is False:
            continue
        rule_id = f"{JA}/{name}"
        declared_here = options_of.get(rule_id)
        if declared_here is None or not isinstance(options, dict):
            enabled[rule_id] = {}  # an unknown rule runs nowhere; null or true: the defaults
            continue
        kept: dict = {}
        for key, value in options.items():
            option = declared_here.get(key) if isinstance(key, str) else None
            if option is None:
                continue  # an option this rule does not have: it reads nothing else
            value = option.kind.check(value, (JA, name, key), problems)
            if value is not _LEFT_OUT:
                kept[key] = value
        enabled[rule_id] = kept
    return enabled, problems


@lru_cache(maxsize=1)
def _ja_options() -> dict[str, dict[str, Option]]:
    """Japanese rule id -> {option name: option}."""
    return {rule.ID: {path.rsplit(".", 1)[-1]: option for path, option in getattr(rule, "OPTIONS", {}).items()} for rule in ja_rules()}


def _wrong(path: tuple, expected: str, value: Any) -> OptionProblem:
    from ..schemas import dotted

    return OptionProblem(path, f"{dotted(path)}: expected {expected}, got {_describe(value)}", "Remove it to use the rule's default")


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int) and abs(value) > 10**15:
        return f"a number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 40 else text[:39] + '…'}"


# --- the JSON Schema ----------------------------------------------------------------------------


def guidelines_schema() -> dict:
    """The JSON Schema of brand/guidelines.yaml, from the options every rule declares."""
    properties: dict = {}
    limits: dict = {}
    ja: dict = {rule.ID.split("/", 1)[1]: _rule_switch(rule) for rule in ja_rules()}
    for path, option in declared():
        parts = path.split(".")
        if parts[0] == READABILITY:
            limits[parts[-1]] = option.schema()
        elif parts[0] == JA:
            ja[parts[1]]["properties"][parts[2]] = option.schema()
        elif len(parts) == 2:
            section = properties.get(parts[0]) or _section(parts[0])
            section["properties"][parts[1]] = option.schema()
            properties[parts[0]] = section
        else:
            properties[path] = option.schema()
    properties[READABILITY] = {**SECTIONS[READABILITY], "type": "object", "additionalProperties": {"$ref": "#/$defs/language_limits"}}
    properties[JA] = {**SECTIONS[JA], "type": "object", "properties": ja, "additionalProperties": RULE_SWITCH}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://ccm.dev/schemas/guidelines.schema.json",
        "title": "ccm brand guidelines (brand/guidelines.yaml)",
        "description": "The brand's voice as rules: terminology, banned phrases, capitalization, tone, readability and "
                       "Japanese style (SPEC 2.4). Writers change it in a pull request.",
        "type": "object",
        "additionalProperties": False,
        "$defs": {**DEFS, "limits": {"description": "Readability limits for one language.", "type": "object",
                                     "additionalProperties": False, "properties": limits},
                  "language_limits": _language_limits()},
        "properties": properties,
    }


def schema_text() -> str:
    """:func:`guidelines_schema` as the file ``ccm_cli/schemas/guidelines.schema.json`` holds it."""
    return json.dumps(guidelines_schema(), ensure_ascii=False, indent=2) + "\n"


def _section(name: str) -> dict:
    return {**SECTIONS[name], "type": "object", "additionalProperties": False, "properties": {}}


def _rule_switch(rule: ModuleType) -> dict:
    return {"title": rule.ID, "description": f"{summary(rule)} Its options, or null or true for the defaults; false turns it off.",
            **RULE_SWITCH, "properties": {}, "examples": [defaults(getattr(rule, "OPTIONS", {}))]}


def _language_limits() -> dict:
    per = {"type": "object", "additionalProperties": {"$ref": "#/$defs/limits"}}
    return {
        "description": "Readability limits of one language: default, per channel, per category.",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "default": {"$ref": "#/$defs/limits", "title": "Default limits", "description": "Limits for every channel and category of this language."},
            "channel": {"title": "Per channel", "description": "Limits per channel, overriding the defaults.", **per,
                        "examples": [{"sms": {"sentence_words_max": 15}}]},
            "category": {"title": "Per category", "description": "Limits per comm category, overriding the defaults.", **per,
                         "examples": [{"regulatory": {"fk_grade_max": 10}}]},
        },
    }


# --- the catalogue ------------------------------------------------------------------------------


def described(rule: ModuleType) -> list[str]:
    """What ``ccm explain`` prints about a rule's options: where each lives, its title, kind,
    default and description."""
    lines = []
    options = getattr(rule, "OPTIONS", {})
    if rule.ID.startswith(JA + "/"):
        takes = "a mapping of its options (below), or null or true for the defaults" if options else "null, true or {}"
        lines.append(f"{JA}.{rule.ID.split('/', 1)[1]}: turns the rule on: {takes}; false turns it off.")
    for path, option in options.items():
        parts = path.split(".")
        if parts[0] == READABILITY:
            path = ".".join(parts[:2] + ["*"] + parts[2:])
            if not any(line.startswith(READABILITY) for line in lines):
                lines.append(f"{READABILITY}.{parts[1]}.*: under default, channel.<channel> or category.<category> (the category "
                             "wins, then the channel).")
        default = "" if option.default is None else f", default {json.dumps(option.default, ensure_ascii=False)}"
        lines.append(f"{path}: {option.title} — {option.kind.words}{default}. {option.description}")
    wrapped = [row for line in lines for row in textwrap.wrap(line, 100, initial_indent="  ", subsequent_indent="      ")]
    return ["In brand/guidelines.yaml:", *wrapped] if wrapped else []
