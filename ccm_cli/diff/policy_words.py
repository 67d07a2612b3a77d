"""Policy, guideline, channel and configuration changes in words, for a compliance reviewer.

    frequency cap marketing/any: 3 → 4 per 7d
    quiet hours sms,push: 21:00–08:00 → 22:00–08:00
    banned phrase added: 'act now'
    terminology (en): use 'sign in' avoid ['log in', 'login']

Known sections are described in their own words; anything else is listed as a dotted path with
its old and new value (``tone.exclamation_max.sms: 0 → 1``).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class PolicyChange:
    area: str  # contact | guidelines | channels | config | intents | audience | codeowners
    file: str
    text: str

    def to_json(self) -> dict:
        return {"area": self.area, "file": self.file, "text": self.text}


def show(value: object) -> str:
    """A value as a reviewer reads it: plain strings, [a, b] lists, {k: v} maps, null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}"
    return str(value)


def quoted(value: object) -> str:
    return f"'{show(value)}'"


def generic(prefix: str, before: object, after: object) -> list[str]:
    """Dotted-path changes between two YAML values."""
    if before == after:
        return []
    if isinstance(before, dict) and isinstance(after, dict):
        out: list[str] = []
        for key in list(before) + [k for k in after if k not in before]:
            path = f"{prefix}.{key}" if prefix else str(key)
            if key not in after:
                out.append(f"{path} removed (was {show(before[key])})")
            elif key not in before:
                out.append(f"{path} added: {show(after[key])}")
            else:
                out.extend(generic(path, before[key], after[key]))
        return out
    return [f"{prefix or 'value'}: {show(before)} → {show(after)}"]


def _mapping(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _items(value: object) -> list:
    return value if isinstance(value, list) else []


def _keyed(items: list, key) -> dict:
    """Entries by key; a repeated key gets a counter so nothing is lost."""
    found: dict = {}
    for item in items:
        first = k = key(item)
        n = 2
        while k in found:
            k, n = (first, n), n + 1
        found[k] = item
    return found


def _paired(before: list, after: list, key, added, removed, changed) -> list[str]:
    old, new = _keyed(before, key), _keyed(after, key)
    out: list[str] = []
    for k, item in old.items():
        if k not in new:
            out.append(removed(item))
        elif new[k] != item:
            out.extend(changed(item, new[k]))
    out.extend(added(item) for k, item in new.items() if k not in old)
    return out


def _chan(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return "any" if value is None else str(value)


def _get(item: object, key: str) -> object:
    return item.get(key) if isinstance(item, dict) else None


# ---------------------------------------------------------------- contact policy
def _cap_name(cap: object) -> str:
    return f"{_chan(_get(cap, 'category'))}/{_chan(_get(cap, 'channel'))}"


def _cap_value(cap: object) -> str:
    return f"{show(_get(cap, 'max'))} per {show(_get(cap, 'per'))}"


def _cap_changed(old: object, new: object) -> list[str]:
    if _get(old, "per") == _get(new, "per"):
        return [f"frequency cap {_cap_name(new)}: {show(_get(old, 'max'))} → {show(_get(new, 'max'))} per {show(_get(new, 'per'))}"]
    return [f"frequency cap {_cap_name(new)}: {_cap_value(old)} → {_cap_value(new)}"]


def _hours(item: object) -> str:
    text = f"{show(_get(item, 'start'))}–{show(_get(item, 'end'))}"
    if _get(item, "timezone") not in (None, "recipient"):
        text += f" ({show(_get(item, 'timezone'))})"
    return text


def _suppression(item: object) -> str:
    text = f"tag '{show(_get(item, 'tag'))}' must exclude '{show(_get(item, 'exclude'))}'"
    return text + (f" ({_get(item, 'reason')})" if _get(item, "reason") else "")


def _exclusive(item: object) -> str:
    text = ", ".join(str(t) for t in _items(_get(item, "tags")))
    return text + (f" ({_get(item, 'reason')})" if _get(item, "reason") else "")


def contact(before: dict, after: dict) -> list[str]:
    out: list[str] = []
    out += _paired(
        _items(before.get("frequency_caps")), _items(after.get("frequency_caps")), _cap_name,
        lambda c: f"frequency cap added: {_cap_name(c)}: {_cap_value(c)}",
        lambda c: f"frequency cap removed: {_cap_name(c)} (was {_cap_value(c)})",
        _cap_changed,
    )
    out += _paired(
        _items(before.get("quiet_hours")), _items(after.get("quiet_hours")), lambda q: _chan(_get(q, "channel")),
        lambda q: f"quiet hours added: {_chan(_get(q, 'channel'))}: {_hours(q)}",
        lambda q: f"quiet hours removed: {_chan(_get(q, 'channel'))} (was {_hours(q)})",
        lambda a, b: [f"quiet hours {_chan(_get(b, 'channel'))}: {_hours(a)} → {_hours(b)}"],
    )
    old_consent, new_consent = _mapping(before.get("consent")), _mapping(after.get("consent"))
    for category in list(old_consent) + [c for c in new_consent if c not in old_consent]:
        a, b = _mapping(old_consent.get(category)), _mapping(new_consent.get(category))
        for channel in list(a) + [c for c in b if c not in a]:
            if channel not in b:
                out.append(f"consent {category}/{channel}: no longer required (was {show(a[channel])})")
            elif channel not in a:
                out.append(f"consent {category}/{channel}: {show(b[channel])} required")
            elif a[channel] != b[channel]:
                out.append(f"consent {category}/{channel}: {show(a[channel])} → {show(b[channel])}")
    out += _paired(
        _items(before.get("suppressions")), _items(after.get("suppressions")),
        lambda s: (show(_get(s, "tag")), show(_get(s, "exclude"))),
        lambda s: f"suppression added: {_suppression(s)}",
        lambda s: f"suppression removed: {_suppression(s)}",
        lambda a, b: [f"suppression changed: {_suppression(a)} → {_suppression(b)}"],
    )
    out += _paired(
        _items(before.get("exclusive")), _items(after.get("exclusive")),
        lambda e: tuple(sorted(str(t) for t in _items(_get(e, "tags")))),
        lambda e: f"exclusivity added: {_exclusive(e)}",
        lambda e: f"exclusivity removed: {_exclusive(e)}",
        lambda a, b: [f"exclusivity changed: {_exclusive(a)} → {_exclusive(b)}"],
    )
    old_p, new_p = _mapping(before.get("personalization")), _mapping(after.get("personalization"))
    for category in list(old_p) + [c for c in new_p if c not in old_p]:
        a = {str(v) for v in _items(_get(old_p.get(category), "forbidden"))}
        b = {str(v) for v in _items(_get(new_p.get(category), "forbidden"))}
        if a != b:
            parts = []
            if b - a:
                parts.append("now forbids " + ", ".join(sorted(b - a)))
            if a - b:
                parts.append("no longer forbids " + ", ".join(sorted(a - b)))
            out.append(f"personalization {category}: " + "; ".join(parts))
        elif old_p.get(category) != new_p.get(category):
            out += generic(f"personalization.{category}", old_p.get(category), new_p.get(category))
    a = [str(v) for v in _items(before.get("unsuppressible"))]
    b = [str(v) for v in _items(after.get("unsuppressible"))]
    out += [f"unsuppressible added: {p}" for p in b if p not in a]
    out += [f"unsuppressible removed: {p}" for p in a if p not in b]
    known = {"frequency_caps", "quiet_hours", "consent", "suppressions", "exclusive", "personalization", "unsuppressible"}
    for key in list(before) + [k for k in after if k not in before]:
        if key not in known:
            out += generic(str(key), before.get(key), after.get(key))
    return out


# ---------------------------------------------------------------- guidelines
_SIMPLE = re.compile(r"^(?:\(\?i\))?(?:\\b)?([\w '’-]+?)(?:\\b)?$")


def _banned_name(item: object) -> str:
    phrase = _get(item, "phrase")
    if phrase is not None:
        return f"banned phrase '{phrase}'"
    pattern = str(_get(item, "pattern"))
    simple = _SIMPLE.match(pattern)
    if simple:  # (?i)\bact now\b reads as the phrase it is
        return f"banned phrase '{simple.group(1)}'"
    return f"banned pattern '{pattern}'"


def _banned_added(item: object) -> str:
    name = _banned_name(item)
    kind, _, what = name.partition(" '")
    text = f"{kind} added: '{what}"
    return text + (f" ({_get(item, 'reason')})" if _get(item, "reason") else "")


def _banned_removed(item: object) -> str:
    kind, _, what = _banned_name(item).partition(" '")
    return f"{kind} removed: '{what}"


def _banned_changed(old: object, new: object) -> list[str]:
    return [f"{_banned_name(new)}: {line}" for line in generic("", old, new)]


def _term_locale(item: object) -> str:
    return f" ({_get(item, 'locale')})" if _get(item, "locale") else ""


def _term(item: object) -> str:
    avoid = ", ".join(f"'{a}'" for a in _items(_get(item, "avoid")))
    return f"use '{show(_get(item, 'use'))}' avoid [{avoid}]"


def guidelines(before: dict, after: dict) -> list[str]:
    out: list[str] = []
    out += _paired(
        _items(before.get("banned")), _items(after.get("banned")), _banned_name,
        _banned_added, _banned_removed, _banned_changed,
    )
    out += _paired(
        _items(before.get("terminology")), _items(after.get("terminology")),
        lambda t: (show(_get(t, "use")), show(_get(t, "locale"))),
        lambda t: f"terminology{_term_locale(t)}: {_term(t)}",
        lambda t: f"terminology removed{_term_locale(t)}: {_term(t)}",
        lambda a, b: [f"terminology{_term_locale(b)}: {_term(a)} → {_term(b)}"],
    )
    a = [show(v) for v in _items(before.get("capitalization"))]
    b = [show(v) for v in _items(after.get("capitalization"))]
    out += [f"capitalization added: '{v}'" for v in b if v not in a]
    out += [f"capitalization removed: '{v}'" for v in a if v not in b]
    out += _voice(before.get("voice"), after.get("voice"))
    for key in list(before) + [k for k in after if k not in before]:
        if key not in ("banned", "terminology", "capitalization", "voice"):
            out += generic(str(key), before.get(key), after.get(key))
    return out


def _voice(before: object, after: object) -> list[str]:
    """The voice's adjectives (``voice added: 'calm'``) and the themes it avoids, brand-wide and
    per category (``voice now avoids: discount (transactional)``, ``voice now allows: urgency
    (marketing)``)."""
    out: list[str] = []
    a, b = _traits(before), _traits(after)
    out += [f"voice added: '{v}'" for v in b if v not in a]
    out += [f"voice removed: '{v}'" for v in a if v not in b]
    old, new = _themes(before), _themes(after)
    for key in new:
        verb, scope, theme = key
        where = f" ({scope})" if scope else ""
        if key not in old:
            out.append(f"voice now {verb}: {theme}{where}" + (f" ({new[key]})" if new[key] else ""))
        elif old[key] != new[key]:
            out.append(f"voice {verb} {theme}{where}: {old[key] or 'as is'} → {new[key] or 'as is'}")
    for verb, scope, theme in [k for k in old if k not in new]:
        out.append(f"voice no longer {verb}: {theme}" + (f" ({scope})" if scope else ""))
    rest = [{k: v for k, v in side.items() if k not in ("traits", "avoid", "category")} if isinstance(side, dict) else {}
            for side in (before, after)]
    return out + generic("voice", rest[0], rest[1])


def _traits(voice: object) -> list[str]:
    traits = voice.get("traits") if isinstance(voice, dict) else voice
    return [show(v) for v in _items(traits)]


def _themes(voice: object) -> dict[tuple[str, str, str], object]:
    """("avoids" or "allows", category or "", theme) -> what else the entry says (reason,
    severity), for every theme the voice names."""
    out: dict[tuple[str, str, str], object] = {}
    if not isinstance(voice, dict):
        return out

    def add(verb: str, scope: str, items: object) -> None:
        for item in _items(items):
            name = _get(item, "theme") if isinstance(item, dict) else item
            if name is not None:
                rest = {k: v for k, v in item.items() if k != "theme"} if isinstance(item, dict) else {}
                out[(verb, scope, show(name))] = ", ".join(f"{k}: {show(v)}" for k, v in rest.items()) or None

    add("avoids", "", voice.get("avoid"))
    per = voice.get("category")
    for category, rules in (per.items() if isinstance(per, dict) else []):
        add("avoids", str(category), _get(rules, "avoid"))
        add("allows", str(category), _get(rules, "allow"))
    return out


# ---------------------------------------------------------------- everything
def policy_changes(base, head) -> list[PolicyChange]:
    """Every policy-level change between two projects, in words."""
    out: list[PolicyChange] = []
    for area, file, words in (
        ("contact", "policies/contact.yaml", contact(base.contact, head.contact)),
        ("guidelines", "brand/guidelines.yaml", guidelines(base.guidelines, head.guidelines)),
        ("channels", "policies/channels.yaml", generic("channels", base.channel_overrides, head.channel_overrides)),
        ("config", "ccm.yaml", generic("", base.config, head.config)),
        # what a text does, and who the audiences are: a phrase removed or a `disjoint` added
        # silences the checks that read them
        ("intents", "policies/intents.yaml", generic("intents", _document(base, "intents"), _document(head, "intents"))),
        ("audience", "policies/audience.yaml", generic("audience", _document(base, "audience"), _document(head, "audience"))),
    ):
        out.extend(PolicyChange(area, file, text) for text in words)
    if (base.codeowners or (None, None))[1] != (head.codeowners or (None, None))[1]:
        file = (head.codeowners or base.codeowners)[0]
        out.append(PolicyChange("codeowners", file, "code owners changed: who must approve what"))
    return out


def _document(project, schema: str) -> dict:
    """The data of one of the project's policy files (``{}`` when it has none)."""
    doc = project.doc(schema)
    return doc.data if doc is not None and isinstance(doc.data, dict) else {}
