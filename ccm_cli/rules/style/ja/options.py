"""The options of the ``ja:`` rules in brand/guidelines.yaml, checked before a rule reads them (not a rule).

``ja:`` is written by the content's authors and no JSON Schema describes each rule's options,
so a value may be anything: ``max: three``, ``max: 10**4000``, ``allow: 7``, a "/regexp/"
that does not compile. :func:`checked` gives every enabled rule the options it can use — an
option of the wrong type falls back to the rule's default (``DEFAULT``), a bad pattern is
left out of its list — and lists what it left out as :class:`OptionProblem` (reported by
``schema/invalid-value`` at the option's line). A rule never sees a value of a type its
``DEFAULT`` does not have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ccm_cli.rules.style.ja import RULES
from ccm_cli.rules.style.ja._common import compile_pattern

MAX_NUMBER = 1_000_000  # a count or a length no text reaches
# options whose strings are textlint patterns: "/regexp/flags" or a literal
PATTERN_OPTIONS = {
    ("ja/no-exclamation-question-mark", "allow"),
    ("ja/sentence-length", "skipPatterns"),
    ("ja/sentence-length", "exclusionPatterns"),
}
ALIASES = {("ja/sentence-length", "exclusionPatterns"): "skipPatterns"}  # textlint's older name


@dataclass(frozen=True)
class OptionProblem:
    path: tuple  # in brand/guidelines.yaml
    message: str
    fix: str | None = None


def checked(guidelines: Any) -> tuple[dict[str, dict], list[OptionProblem]]:
    """(rule id -> the options it may use, the options left out) for the ``ja:`` block."""
    block = guidelines.get("ja") if isinstance(guidelines, dict) else None
    if not isinstance(block, dict):
        return {}, []
    known = {rule.ID: rule for rule in RULES}
    enabled: dict[str, dict] = {}
    problems: list[OptionProblem] = []
    for name, options in block.items():
        if options is False:
            continue
        rule_id = f"ja/{name}"
        rule = known.get(rule_id)
        if rule is None or not isinstance(options, dict):
            enabled[rule_id] = {}  # an unknown rule runs nowhere; null or true: the defaults
            continue
        enabled[rule_id] = _options(rule, ("ja", name), options, problems)
    return enabled, problems


def _options(rule, where: tuple, options: dict, problems: list[OptionProblem]) -> dict:
    kept: dict = {}
    for key, value in options.items():
        if not isinstance(key, str):
            continue
        name = ALIASES.get((rule.ID, key), key)
        if name not in rule.DEFAULT:
            continue  # an option this rule does not have: it reads nothing else
        default = rule.DEFAULT[name]
        path = where + (key,)
        if (rule.ID, key) in PATTERN_OPTIONS:
            kept[key] = _patterns(path, value, problems)
        elif isinstance(default, bool):
            if isinstance(value, bool):
                kept[key] = value
            else:
                problems.append(_wrong(path, "true or false", value))
        elif isinstance(default, int):
            if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_NUMBER:
                kept[key] = value
            else:
                problems.append(_wrong(path, f"a whole number from 0 to {MAX_NUMBER:,}", value))
        elif isinstance(default, str):
            if isinstance(value, str):
                kept[key] = value
            else:
                problems.append(_wrong(path, "text", value))
        elif isinstance(default, list):
            if isinstance(value, list) and all(isinstance(item, str) for item in value):
                kept[key] = value
            else:
                problems.append(_wrong(path, "a list of texts", value))
        elif isinstance(default, dict):  # ja-no-redundant-expression's dictOptions
            kept[key] = _dict_options(path, value, problems)
    return kept


def _patterns(path: tuple, value: Any, problems: list[OptionProblem]) -> list[str]:
    if not isinstance(value, list):
        problems.append(_wrong(path, 'a list of texts or "/regexp/" patterns', value))
        return []
    kept = []
    for i, item in enumerate(value):
        if not isinstance(item, str):
            problems.append(_wrong(path + (i,), 'text or a "/regexp/" pattern', item))
            continue
        try:
            compile_pattern(item)
        except re.error as exc:
            problems.append(OptionProblem(path + (i,), f"{_dotted(path + (i,))}: not a valid regular expression: {exc}",
                                          "Fix the expression, or write the text without slashes to match it literally"))
            continue
        kept.append(item)
    return kept


def _dict_options(path: tuple, value: Any, problems: list[OptionProblem]) -> dict:
    """``{dictionary id: {disabled: bool, allows: [patterns]}}``."""
    if not isinstance(value, dict):
        problems.append(_wrong(path, "a mapping of dictionary ids to {disabled, allows}", value))
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
            if isinstance(opts["disabled"], bool):
                entry["disabled"] = opts["disabled"]
            else:
                problems.append(_wrong(here + ("disabled",), "true or false", opts["disabled"]))
        if "allows" in opts:
            entry["allows"] = _patterns(here + ("allows",), opts["allows"], problems)
        kept[name] = entry
    return kept


def _wrong(path: tuple, expected: str, value: Any) -> OptionProblem:
    return OptionProblem(path, f"{_dotted(path)}: expected {expected}, got {_describe(value)}", "Remove it to use the rule's default")


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


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
