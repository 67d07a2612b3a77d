"""A phrase the brand has banned (guidelines.yaml ``banned:``).

What it checks: every entry of ``banned:`` in brand/guidelines.yaml, in the text a customer
reads. An entry is either a ``phrase`` (case-insensitive; whole words for Latin script, so
"cheap" does not match "cheaper"... it does not, use two entries; a plain substring for
Japanese) or a ``pattern`` (a Python regular expression, e.g. ``(?i)\\bact now\\b``). Options
per entry: ``reason`` (shown in the message), ``severity`` (error, warning or info; overrides
this rule's default), ``locale`` (``en``, ``ja`` or a full locale such as ``en-US``: only that
language) and ``use`` (the replacement, offered as the fix). Link URLs, inline code and bare
URLs are not checked; a banned word that comes from a fact or a variable is not the writer's.
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
from ._common import guideline_error, guidelines_of, locale_matches, memo, phrase_regex, reader_view, to_source

ID = "brand/banned-phrase"
CATEGORY = "brand"
SEVERITY = "warning"
SCOPE = "text"


def _entries(ctx) -> list[tuple[re.Pattern, dict, str]]:
    entries = []
    for i, entry in enumerate(guidelines_of(ctx).get("banned") or []):
        if not isinstance(entry, dict):
            continue
        if isinstance(entry.get("phrase"), str) and entry["phrase"].strip():
            entries.append((phrase_regex(entry["phrase"].strip()), entry, entry["phrase"].strip()))
        elif isinstance(entry.get("pattern"), str) and entry["pattern"]:
            try:
                entries.append((re.compile(entry["pattern"]), entry, entry["pattern"]))
            except re.error as exc:
                raise guideline_error(ctx, f"banned[{i}].pattern is not a valid regular expression: {exc}", ("banned", i, "pattern")) from None
    return entries


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
