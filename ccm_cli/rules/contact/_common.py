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
POLICY_KEYS = {"category_content", "consent", "frequency_caps", "quiet_hours", "suppressions", "exclusive", "personalization", "unsuppressible"}


def _seen_by_others(comm) -> object:
    """What other comms' contact findings can see of this comm (everything but its own text)."""
    if comm is None:
        return None
    rest = {str(k): v for k, v in comm.data.items() if k not in OWN_KEYS}
    pairs = sorted({(f.locale, f.channel) for f in comm.fields})
    return repr((sorted(rest.items(), key=lambda kv: kv[0]), pairs, comm.id))


class ContactChange:
    """A change as the cross-comm contact rules' ``affected`` hooks see it: each version of a
    comm whose place in the contact policy can differ, and what its words show (from the
    rules' digests: the effective tags and promises, :class:`ccm_cli.policy.shown.Shown`)."""

    def __init__(self, change, digests) -> None:
        self.change = change
        self.digests = digests
        self._shown: dict[tuple[int, int], object] = {}
        self.versions = change.versions  # both versions of every comm whose labels or text can differ

    def shown(self, side: int, comm):
        """What ``comm`` (of the base: side 0, of the head: side 1) shows."""
        from ...policy.shown import Shown

        key = (side, id(comm))
        if key not in self._shown:
            project = self.change.base if side == 0 else self.change.head
            self._shown[key] = Shown.from_digest(self.digests(project, [comm])[0])
        return self._shown[key]

    def movers(self) -> list[tuple[int, object]] | None:
        """(side, comm) for both versions of each comm that other comms' contact findings see
        differently: added, removed, its category, channels, tags, audience, schedule or kind
        changed, or the intents and promises its words show; None when one moved and the
        contact policy has a key the contact rules do not know."""
        self._prefetch([(side, comm) for pair in self.versions.values() for side, comm in enumerate(pair) if comm is not None])
        found = []
        for base, head in self.versions.values():
            if _seen_by_others(base) != _seen_by_others(head) or (
                    base is not None and head is not None and self.shown(0, base).seen_by_others() != self.shown(1, head).seen_by_others()):
                found += [(side, comm) for side, comm in enumerate((base, head)) if comm is not None]
        if found and set(self.change.head.contact) - POLICY_KEYS:
            return None
        return found

    def reach(self, entries, matches) -> set[str] | None:
        """For ``affected()``: for each policy entry a moved comm falls under (before or after:
        ``matches(entry, side, comm)``), every comm of either version that falls under it;
        None when any comm's findings may move."""
        movers = self.movers()
        if movers is None:  # the contact policy has a key no contact rule knows
            return None
        found: set[str] = set()
        if not movers:
            return found
        everyone = self.everyone()
        for entry in entries if isinstance(entries, list) else ():
            if any(matches(entry, side, comm) for side, comm in movers):
                found |= {comm.id for side, comm in everyone if matches(entry, side, comm)}
        return found

    def everyone(self) -> list[tuple[int, object]]:
        """(side, comm) for the comms of both versions that other comms' findings can see."""
        files = self.change.files
        found = [(0, comm) for comm in self.change.base.comms if comm.file in files] + [(1, comm) for comm in self.change.head.comms]
        self._prefetch(found)
        return found

    def _prefetch(self, versions: list[tuple[int, object]]) -> None:
        """Read the digests of ``versions`` in one call per side (the store reads them in bulk)."""
        from ...policy.shown import Shown

        for side, project in enumerate((self.change.base, self.change.head)):
            todo = [comm for s, comm in versions if s == side and (side, id(comm)) not in self._shown]
            for comm, value in zip(todo, self.digests(project, todo) if todo else ()):
                self._shown[(side, id(comm))] = Shown.from_digest(value)


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
