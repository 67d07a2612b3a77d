"""Words that show a theme the brand's voice avoids (cheapness, discount, urgency, fear…).

What it checks: `voice:` in brand/guidelines.yaml, when it names themes to avoid. A theme is
an intent of the intent library (`ccm intents` lists them: the built-in `cheapness`,
`discount`, `urgency`, `fear`, `promotion`… and the repository's own in policies/intents.yaml),
so it is found the way intents are — English on words in any inflection, Japanese on
morphemes — in the text a customer reads, per locale. The finding is at the words.

    voice:
      traits: [warm, clear, confident]     # descriptive: shown to writers and reviewers
      avoid: [cheapness, {theme: urgency, reason: "We never pressure customers", severity: error}]
      category:                            # per comm category: more themes, or fewer (allow)
        transactional: {avoid: [discount, promotion]}
        marketing: {allow: [urgency]}

`voice: [warm, clear, confident]` (a list of adjectives) stays valid: it describes the voice
and checks nothing. An entry of `avoid` is a theme name, or `{theme, reason, severity}`
(`reason` is shown in the finding, `severity` replaces this rule's warning). A theme the
library does not know is an error at its line in brand/guidelines.yaml ("did you mean").
Not checked: link URLs, inline code, bare URLs, clause text, and words that come from a fact or
a variable (the writer did not type them).
Why: a brand's positioning is part of its voice — a premium brand that says "lowest price
ever" or 「業界最安値」 in a newsletter undoes years of positioning in one send. A list of banned
phrases catches the words someone thought of; a theme catches the ways writers actually say it,
in every language the library knows.
Bad:
    # guidelines.yaml: voice: {traits: [calm], avoid: [cheapness]}
    body: "Our lowest price ever, and a big discount for alumni!"
    body: "業界最安値に値下げしました。"
Good:
    body: "Green 100 matches every kWh you use with wind and solar power."
    body: "風力と太陽光で、お使いの電気を100%まかないます。"
"""

from __future__ import annotations

from dataclasses import dataclass

from ...findings import TextProblem
from ...intents import find_in_prose
from ...intents.variants import library_of
from ...model import CATEGORIES
from ...problems import closest
from ..base import at_doc, make
from ..options import Option, Schema
from ._common import guidelines_of, memo, reader_view, to_source

ID = "brand/voice"
CATEGORY = "brand"
SEVERITY = "warning"
SCOPE = "text"

_THEMES = {
    "type": "array",
    "items": {"anyOf": [
        {"type": "string", "minLength": 1, "title": "Theme", "description": "An intent name: cheapness, discount, urgency, fear…"},
        {"type": "object", "additionalProperties": False, "required": ["theme"], "properties": {
            "theme": {"type": "string", "minLength": 1, "title": "Theme", "description": "An intent name (`ccm intents` lists them).",
                      "examples": ["cheapness"]},
            "reason": {"type": "string", "title": "Reason", "description": "Why, shown in the finding.",
                       "examples": ["A premium brand: we do not sell on price"]},
            "severity": {"$ref": "#/$defs/severity", "title": "Severity", "description": "error, warning or info (default: warning).",
                         "examples": ["error"]},
        }},
    ]},
}
OPTIONS = {
    "voice": Option(Schema({"anyOf": [
        {"type": "array", "items": {"type": "string"}, "title": "Voice (descriptive)",
         "description": "Adjectives for the brand voice; shown to writers and reviewers, checks nothing."},
        {"type": "object", "additionalProperties": False, "title": "Voice (checkable)", "properties": {
            "traits": {"type": "array", "items": {"type": "string"}, "title": "Traits",
                       "description": "Adjectives for the brand voice; shown to writers and reviewers.",
                       "examples": [["warm", "clear", "confident"]]},
            "avoid": {**_THEMES, "title": "Themes to avoid",
                      "description": "Intents (themes) no comm may show: a name, or {theme, reason, severity}.",
                      "examples": [["cheapness", "urgency"]]},
            "category": {"type": "object", "additionalProperties": False, "title": "Per category",
                         "description": "Per comm category: themes it avoids too (avoid), and brand-wide themes it may show (allow).",
                         "properties": {c: {"type": "object", "additionalProperties": False, "title": f"{c.title()} comms",
                                            "description": f"Themes {c} comms avoid as well, or may show.", "properties": {
                             "avoid": {**_THEMES, "title": "Themes to avoid", "description": f"Themes {c} comms avoid as well."},
                             "allow": {"type": "array", "items": {"type": "string"}, "title": "Themes allowed",
                                       "description": f"Brand-wide themes {c} comms may show."},
                         }} for c in CATEGORIES},
                         "examples": [{"transactional": {"avoid": ["discount", "promotion"]}}]},
        }},
    ]}), None, "Voice", "The brand voice: adjectives (a list), or traits and the themes (intents) the brand avoids, "
                        "per brand and per category.",
        (["warm", "clear", "confident"], {"traits": ["warm", "clear"], "avoid": ["cheapness", "urgency"],
                                          "category": {"transactional": {"avoid": ["discount"]}}})),
}

# what to write instead, for the built-in themes
ADVICE = {
    "cheapness": "Say what the customer gets (the value, the service), not that it is cheap",
    "discount": "State the price or the credit plainly, without sale language",
    "urgency": "Give the real date, without pressing the reader to act at once",
    "fear": "Say calmly what happens and what the reader can do",
    "promotion": "Leave the offer out of this message",
}


@dataclass(frozen=True)
class Theme:
    name: str
    reason: str | None
    severity: str | None
    where: str  # the guidelines key that asks for it: voice.avoid, voice.category.transactional.avoid


def declared(guidelines: dict) -> tuple[list[tuple[tuple, str]], dict[str, list[Theme]]]:
    """(every theme name with its path in guidelines.yaml, category -> the themes it avoids;
    key None: a comm without a category)."""
    voice = guidelines.get("voice") if isinstance(guidelines, dict) else None
    if not isinstance(voice, dict):
        return [], {}
    names: list[tuple[tuple, str]] = []

    def themes(value, path: tuple, where: str) -> list[Theme]:
        out = []
        for i, item in enumerate(value if isinstance(value, list) else []):
            if isinstance(item, str) and item.strip():
                out.append(Theme(item.strip(), None, None, where))
                names.append(((*path, i), item.strip()))
            elif isinstance(item, dict) and isinstance(item.get("theme"), str) and item["theme"].strip():
                severity = item.get("severity") if item.get("severity") in ("error", "warning", "info") else None
                reason = item.get("reason") if isinstance(item.get("reason"), str) else None
                out.append(Theme(item["theme"].strip(), reason, severity, where))
                names.append(((*path, i, "theme"), item["theme"].strip()))
        return out

    brand = themes(voice.get("avoid"), ("voice", "avoid"), "voice.avoid")
    per = voice.get("category") if isinstance(voice.get("category"), dict) else {}
    by_category: dict = {None: brand}
    for category in CATEGORIES:
        rules = per.get(category) if isinstance(per.get(category), dict) else {}
        allowed = set()
        for i, name in enumerate(rules.get("allow") if isinstance(rules.get("allow"), list) else []):
            if isinstance(name, str) and name.strip():
                allowed.add(name.strip())
                names.append((("voice", "category", category, "allow", i), name.strip()))
        kept = [t for t in brand if t.name not in allowed]
        own = themes(rules.get("avoid"), ("voice", "category", category, "avoid"), f"voice.category.{category}.avoid")
        by_category[category] = kept + [t for t in own if t.name not in {k.name for k in kept}]
    return names, by_category


def _themes(ctx, category: str | None) -> dict[str, Theme]:
    """The themes a comm of ``category`` avoids that the library knows: name -> theme."""
    def build():
        _, by_category = declared(guidelines_of(ctx))
        known = library_of(getattr(ctx, "project", None))
        return {cat: {t.name: t for t in themes if t.name in known} for cat, themes in by_category.items()}
    return memo(ctx, (ID, "themes"), build).get(category if category in CATEGORIES else None, {})


def check(target, ctx):
    themes = _themes(ctx, target.category)
    if not themes:
        return
    view = reader_view(target)
    if view is None or not view.text.strip():
        return
    # the library in force, matched once per text for every rule that reads intents (the
    # contact policy reads the same text: its matches are shared, not found again)
    found = [(m, themes[m.intent]) for m in find_in_prose(target.prose, target.locale, library_of(getattr(ctx, "project", None)))
             if m.intent in themes and not view.skipped(m.start, m.end)]
    for group in _overlapping(found):  # "20% off" shows discount and promotion: one finding
        start, end = min(m.start for m, _ in group), max(m.end for m, _ in group)
        words = view.text[start:end]
        names = list(dict.fromkeys(m.intent for m, _ in group))
        used = list(dict.fromkeys(t for _, t in group))
        which = names[0] + ", a theme" if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}, themes"
        message = f"'{words}' shows {which} the brand's voice avoids ({'; '.join(dict.fromkeys(t.where for t in used))})"
        reasons = list(dict.fromkeys(t.reason for t in used if t.reason))
        if reasons:
            message += ": " + "; ".join(reasons)
        fix = ADVICE.get(names[0], f"Rephrase without '{words}'")
        severities = [t.severity for t in used if t.severity]
        extra = {"severity": max(severities, key=("info", "warning", "error").index)} if severities else {}
        yield TextProblem(*to_source(target, start, end), message, fix, extra)


def _overlapping(found: list) -> list[list]:
    """The matches in groups whose spans overlap, in order of position."""
    groups: list[list] = []
    reach = -1
    for m, theme in sorted(found, key=lambda f: (f[0].start, -f[0].end)):
        if groups and m.start < reach:
            groups[-1].append((m, theme))
            reach = max(reach, m.end)
        else:
            groups.append([(m, theme)])
            reach = m.end
    return groups


def check_repository(project, ctx):
    """brand/guidelines.yaml itself: every theme must be an intent the library knows."""
    doc = project.doc("guidelines")
    if doc is None:
        return
    names, _ = declared(project.guidelines)
    if not names:
        return
    known = library_of(project)
    for path, name in names:
        if name in known:
            continue
        guess = closest(name, known.names, 0.6)
        hint = f" (did you mean '{guess}'?)" if guess else ""
        yield make(__name__, f"{'.'.join(str(p) for p in path[:-1] if not isinstance(p, int))}: '{name}' is not an intent"
                             f"{hint}; a theme is an intent of the library (built-in or policies/intents.yaml)",
                   **at_doc(doc, path), excerpt=name, severity="error",
                   fix=f"Use '{guess}'" if guess else "Run `ccm intents` for the intents, or define it in policies/intents.yaml")
