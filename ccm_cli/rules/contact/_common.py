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
