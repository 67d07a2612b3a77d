"""Helpers shared by the contact rules."""

from __future__ import annotations


def quiet_rules(project, channels: set[str]):
    """(quiet-hours entry, the comm channels it covers) for entries covering any of ``channels``."""
    entries = project.contact.get("quiet_hours")
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        listed = entry.get("channel")
        listed = [listed] if isinstance(listed, str) else listed if isinstance(listed, list) else []
        listed = {str(c) for c in listed}
        matched = sorted(channels if "any" in listed else channels & listed)
        if matched:
            yield entry, matched


def tag_list(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


# ---------------------------------------------------------------- --changed-only (the rules' affected hooks)
# comm keys that change only the comm's own findings; the rest (category, channels, tags,
# audience, schedule, kind …) other comms' contact findings can see
OWN_KEYS = {"content", "samples", "variables", "lint", "name", "description", "owner", "journey"}
# contact.yaml keys whose effect the contact rules know; another key may make any comm's move
POLICY_KEYS = {"consent", "frequency_caps", "quiet_hours", "suppressions", "exclusive", "personalization", "unsuppressible"}


def _seen_by_others(comm) -> object:
    """What other comms' contact findings can see of this comm (everything but its own text)."""
    if comm is None:
        return None
    rest = {str(k): v for k, v in comm.data.items() if k not in OWN_KEYS}
    pairs = sorted({(f.locale, f.channel) for f in comm.fields})
    return repr((sorted(rest.items(), key=lambda kv: kv[0]), pairs, comm.id))


def moved(change) -> list | None:
    """Both versions of each edited comm that other comms' contact findings see differently
    (added, removed, or its category, channels, tags, audience, schedule or kind changed);
    None when one moved and the contact policy has a key the contact rules do not know."""
    found = [version for versions in change.comms.values() if _seen_by_others(versions[0]) != _seen_by_others(versions[1])
             for version in versions if version is not None]
    if found and set(change.head.contact) - POLICY_KEYS:
        return None
    return found
