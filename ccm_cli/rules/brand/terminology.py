"""One term per concept: a word the guidelines say to avoid, with the term to use instead.

What it checks: every ``terminology:`` entry of brand/guidelines.yaml (``use``, ``avoid``,
optional ``locale``, ``reason`` and ``severity``) in the text a customer reads, for the
locales whose language matches the entry (``locale: en`` covers en-US and en-GB; no locale
covers all). Latin-script terms match whole words, case-insensitively ("Log in" and "LOG IN"
too, but not "login_url" or "catalogue"); Japanese terms match as substrings. Link URLs,
inline code and bare URLs are never checked, and a term that comes from a fact or a variable
is not reported. The fix names the term to use.
Why: customers should meet one word for one thing — "sign in" on the website, the app and
the email alike. Mixed terms read as different things and make support harder.
Bad:
    # guidelines.yaml: terminology: [{use: "sign in", avoid: ["log in", "login"], locale: en}]
    body: "Log in to see your bill."
    body: "サインインしてご確認ください。"   # {use: ログイン, avoid: [サインイン], locale: ja}
Good:
    body: "Sign in to see your bill."
    body: "ログインしてご確認ください。"
"""

from __future__ import annotations

from ...findings import TextProblem
from ..options import Option, Schema
from ._common import guideline, locale_matches, memo, phrase_regex, reader_view, to_source

ID = "brand/terminology"
CATEGORY = "brand"
SEVERITY = "warning"
SCOPE = "text"

OPTIONS = {
    "terminology": Option(Schema({
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["use", "avoid"],
            "properties": {
                "use": {"type": "string", "title": "Use", "description": "The term to use.", "examples": ["sign in"]},
                "avoid": {"type": "array", "items": {"type": "string"}, "title": "Avoid", "description": "Terms to replace with 'use'.",
                          "examples": [["log in", "login"]]},
                "locale": {"type": "string", "title": "Locale", "examples": ["en"],
                           "description": "Language or locale the entry applies to (en matches en-US, en-GB…)."},
                "reason": {"type": "string", "title": "Reason", "description": "Why, shown in the finding."},
                "severity": {"$ref": "#/$defs/severity", "title": "Severity", "description": "error, warning or info (default: warning).",
                             "examples": ["warning"]},
            },
        },
    }), None, "Terminology", "One term per concept, per locale.", ([{"use": "sign in", "avoid": ["log in", "login"], "locale": "en"}],)),
}


def _entries(ctx):
    out = []
    for entry in guideline(ctx, "terminology", list):
        if not isinstance(entry, dict) or not isinstance(entry.get("use"), str):
            continue
        avoid = entry.get("avoid")
        avoid = [avoid] if isinstance(avoid, str) else avoid if isinstance(avoid, list) else []
        use = entry["use"]
        for term in avoid:
            if isinstance(term, str) and term.strip() and term.strip().lower() != use.lower():
                out.append((phrase_regex(term.strip()), phrase_regex(use), term.strip(), entry))
    return out


def _match_case(found: str, use: str) -> str:
    """"Log in" -> "Sign in": keep a capital first letter where the writer had one."""
    if found[:1].isupper() and use[:1].islower() and not found.isupper():
        return use[:1].upper() + use[1:]
    return use


def check(target, ctx):
    entries = memo(ctx, (ID, "entries"), lambda: _entries(ctx))
    if not entries:
        return
    entries = memo(ctx, (ID, "entries", target.locale), lambda: [e for e in entries if locale_matches(e[3].get("locale"), target.locale)])
    if not entries:
        return
    view = reader_view(target)
    if view is None:
        return
    for avoid_re, use_re, term, entry in entries:
        preferred = None
        for m in avoid_re.finditer(view.text):
            if view.skipped(m.start(), m.end()):
                continue
            if preferred is None:
                preferred = [(p.start(), p.end()) for p in use_re.finditer(view.text)]
            if any(a <= m.start() and m.end() <= b for a, b in preferred):
                continue  # the avoided word is part of the preferred term itself
            start, end = to_source(target, m.start(), m.end())
            use = _match_case(m.group(0), entry["use"])
            message = f"Use '{entry['use']}', not '{m.group(0)}'" + (f": {entry['reason']}" if entry.get("reason") else " (brand terminology)")
            extra = {"severity": entry["severity"]} if entry.get("severity") in ("error", "warning", "info") else {}
            yield TextProblem(start, end, message, f"Use '{use}'", extra)
