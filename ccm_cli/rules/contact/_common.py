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


def forbidden(contact: dict, category: str | None) -> tuple[list[str], str]:
    """(the names ``category`` may not carry, the policy's reason) from ``category_content``."""
    policy = contact.get("category_content")
    rules = policy.get(category) if isinstance(policy, dict) and category else None
    if not isinstance(rules, dict):
        return [], ""
    reason = rules.get("reason")
    return tag_list(rules.get("forbid")), reason if isinstance(reason, str) else ""


def policy_tags(contact: dict) -> tuple[list[str], list[list[str]]]:
    """(every tag a contact-policy rule is keyed on, in order; the tags of each exclusive entry)."""
    tags: list[str] = []
    groups: list[list[str]] = []
    for entry in contact.get("suppressions") if isinstance(contact.get("suppressions"), list) else []:
        if isinstance(entry, dict):
            tags.extend(tag_list(entry.get("tag")))
    for entry in contact.get("exclusive") if isinstance(contact.get("exclusive"), list) else []:
        if isinstance(entry, dict):
            groups.append(tag_list(entry.get("tags")))
            tags.extend(groups[-1])
    for entry in contact.get("frequency_caps") if isinstance(contact.get("frequency_caps"), list) else []:
        if isinstance(entry, dict):
            tags.extend(tag_list(entry.get("tag")))
    return list(dict.fromkeys(tags)), groups
