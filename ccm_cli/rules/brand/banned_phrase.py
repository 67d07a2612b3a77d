"""A phrase the brand has banned (`banned:` in brand/guidelines.yaml).

What it checks: the text a customer reads, against every entry of ``banned:`` in
brand/guidelines.yaml. An entry is either

* a ``phrase``, matched case-insensitively: in Latin script as whole words ("cheap" finds
  "Cheap" and "CHEAP" but not "cheaper"; ban "cheaper" with an entry of its own), in Japanese
  as a plain substring ("激安" is found inside "激安セール"); or
* a ``pattern``, a regular expression in Python's syntax such as ``(?i)\\bact now\\b``
  (``(?i)`` ignores case; lookarounds and ``\\p{...}`` classes work, as in Vale). A pattern
  that does not compile, or that runs longer than half a second on one text (nested repeats
  such as ``(a+)+$``), stops the run with its file and line: no pattern can hang CI.

An entry may also give a ``reason`` (shown in the message), a ``severity`` (error, warning or
info, instead of this rule's default), a ``locale`` (``en``, ``ja`` or a full locale such as
``en-US``: only there) and ``use`` (the replacement, offered as the fix). Not checked: link
URLs, inline code, bare URLs and e-mail addresses, and words that come from a fact or a
variable (the writer did not type them).
Why: some words cost the brand trust ("cheap") or break the law in some markets ("guaranteed
savings"); a reviewer should not have to catch them by eye in every pull request.
Bad:
    # guidelines.yaml: banned: [{phrase: "cheap", reason: "Premium brand", use: "great value"}]
    body: "Cheap power for your home."
Good:
    body: "Great-value power for your home."
"""

from __future__ import annotations

import re

from ...findings import TextProblem
from ...user_regex import compile_user
from ..options import Option, Schema
from ._common import guideline_error, guidelines_of, locale_matches, memo, phrase_regex, reader_view, to_source

ID = "brand/banned-phrase"
CATEGORY = "brand"
SEVERITY = "warning"
SCOPE = "text"

OPTIONS = {
    "banned": Option(Schema({
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "phrase": {"type": "string", "title": "Phrase", "description": "Banned text, matched case-insensitively as a whole word.",
                           "examples": ["cheap"]},
                "pattern": {"type": "string", "title": "Pattern", "description": "A banned regular expression (Python syntax).",
                            "examples": ["(?i)\\bact now\\b"]},
                "reason": {"type": "string", "title": "Reason", "description": "Why, shown in the finding.", "examples": ["Pressure selling"]},
                "severity": {"$ref": "#/$defs/severity", "title": "Severity", "description": "error, warning or info (default: error).",
                             "examples": ["error"]},
                "locale": {"type": "string", "title": "Locale", "description": "Only in this language or locale (default: every locale).",
                           "examples": ["en"]},
                "use": {"type": "string", "title": "Use instead", "description": "A suggested replacement, shown as the fix.",
                        "examples": ["great value"]},
            },
            "oneOf": [{"required": ["phrase"]}, {"required": ["pattern"]}],
        },
    }), None, "Banned phrases", "Phrases or regular expressions comms must not use.",
        ([{"phrase": "cheap", "reason": "Premium brand", "severity": "error"}],)),
}


def _entries(ctx) -> list[tuple]:
    entries = []
    banned = guidelines_of(ctx).get("banned")
    for i, entry in enumerate(banned if isinstance(banned, list) else []):  # not a list: schema/invalid-value
        if not isinstance(entry, dict):
            continue
        if isinstance(entry.get("phrase"), str) and entry["phrase"].strip():
            entries.append((phrase_regex(entry["phrase"].strip()), entry, entry["phrase"].strip()))
        elif isinstance(entry.get("pattern"), str) and entry["pattern"]:
            path = ("banned", i, "pattern")
            label = f"banned[{i}].pattern"
            try:
                expression = compile_user(entry["pattern"], label=label, locate=lambda path=path: _where(ctx, path))
            except re.error as exc:
                raise guideline_error(ctx, f"{label} is not a valid regular expression: {exc}", path) from None
            entries.append((expression, entry, entry["pattern"]))
    return entries


def _where(ctx, path: tuple) -> tuple:
    error = guideline_error(ctx, "", path)
    return error.file, error.line, error.column


def check(target, ctx):
    entries = memo(ctx, (ID, "entries"), lambda: _entries(ctx))
    if not entries:
        return
    entries = memo(ctx, (ID, "entries", target.locale), lambda: [e for e in entries if locale_matches(e[1].get("locale"), target.locale)])
    if not entries:
        return
    view = reader_view(target)
    if view is None:
        return
    for regex, entry, label in entries:
        for m in regex.finditer(view.text):
            if m.end() <= m.start() or view.skipped(m.start(), m.end()):
                continue
            start, end = to_source(target, m.start(), m.end())
            found = m.group(0)
            reason = entry.get("reason")
            message = f"'{found}' is banned" + (f": {reason}" if reason else "")
            extra = {}
            if entry.get("severity") in ("error", "warning", "info"):
                extra["severity"] = entry["severity"]
            fix = f"Use '{entry['use']}'" if entry.get("use") else f"Rephrase without '{found}'"
            yield TextProblem(start, end, message, fix, extra)
