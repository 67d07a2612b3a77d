"""The plan: what applying a release would change on a target, from the two manifests.

Per comm: added, changed (which locale/channel bundles, the contract, the delivery metadata) or
removed, with content hashes; clause version changes per comm and project-wide. Printed for
people (Terraform-style ``+``/``~``/``-``) or as JSON for tools.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass
class Change:
    """One comm's change; ``action`` is add, change or remove."""

    comm: str
    action: str
    old: str | None
    new: str | None
    owner: str | None = None
    category: str | None = None
    parts: list[dict] = field(default_factory=list)  # {"part", "action", "old", "new"}
    clauses: list[dict] = field(default_factory=list)  # {"id", "old", "new"}

    def to_json(self) -> dict:
        return {"comm": self.comm, "action": self.action, "owner": self.owner, "category": self.category,
                "old_sha256": self.old, "new_sha256": self.new, "parts": self.parts, "clauses": self.clauses}


@dataclass
class Plan:
    target: str
    description: str
    current: dict | None  # {"id", "commit"} of the target's current release
    release: dict  # {"id", "commit", "branch"} of the release HEAD produces
    stored: bool  # the release is already stored in the target (only ``current`` moves)
    changes: list[Change] = field(default_factory=list)
    clauses: list[dict] = field(default_factory=list)
    settings_changed: bool = False
    damaged: bool = False  # the target's copy of this release is damaged: publishing stores it again
    promote_from: str | None = None  # the target the exact release is copied from (``--promote``)

    @property
    def pending(self) -> bool:
        return self.current is None or self.current["id"] != self.release["id"] or self.damaged

    def counts(self) -> dict[str, int]:
        return {a: sum(1 for c in self.changes if c.action == a) for a in ("add", "change", "remove")}

    def to_json(self) -> dict:
        return {
            "version": 1,
            "target": self.target,
            "description": self.description,
            "pending": self.pending,
            "current": self.current,
            "release": self.release,
            "stored": self.stored,
            "summary": self.counts(),
            "changes": [c.to_json() for c in self.changes],
            "clauses": self.clauses,
            "settings_changed": self.settings_changed,
            "damaged": self.damaged,
            "action": "promote" if self.promote_from else "publish",
            "promote_from": self.promote_from,
        }

    def text(self) -> str:
        where = f"Target {self.target} ({self.description})"
        release = _label(self.release)
        if not self.pending:
            return _printable(f"No changes. {where} is up to date with release {release}.") + "\n"
        lines = [where, f"  current: {_label(self.current) if self.current else '(none)'}", f"  release: {release}"]
        if self.promote_from:
            lines.append(f"  promote: the exact release verified on target {self.promote_from} (not rebuilt; its evidence kept)")
        if self.damaged:
            lines.append("  (the target's copy of this release is damaged: publishing stores it again)")
        elif self.stored:
            lines.append("  (already stored in the target: only 'current' moves)")
        lines.append("")
        sign = {"add": "+", "change": "~", "remove": "-"}
        for change in self.changes:
            about = ", ".join(x for x in (change.owner and f"owner {change.owner}", change.category) if x)
            hashes = _short(change.new) if change.action == "add" else _short(change.old) if change.action == "remove" else f"{_short(change.old)} -> {_short(change.new)}"
            lines.append(f"  {sign[change.action]} {change.comm}  {hashes}" + (f"  ({about})" if about else ""))
            if change.action != "change":
                variants = [p["part"] for p in change.parts if "/" in p["part"]]
                clauses = ", ".join(f"{c['id']} {_version(c['new'] if change.action == 'add' else c['old'])}" for c in change.clauses)
                lines.append(f"      {len(variants)} variant(s): {', '.join(variants)}" + (f"; clauses: {clauses}" if clauses else ""))
                continue
            for part in change.parts:
                part_hashes = _short(part["new"]) if part["action"] == "add" else _short(part["old"]) if part["action"] == "remove" else f"{_short(part['old'])} -> {_short(part['new'])}"
                lines.append(f"      {sign[part['action']]} {part['part']}  {part_hashes}")
            for clause in change.clauses:
                lines.append(f"      clause {clause['id']}: {_version(clause['old'])} -> {_version(clause['new'])}")
        for clause in self.clauses:
            lines.append(f"  clause {clause['id']}: {_version(clause['old'])} -> {_version(clause['new'])}")
        if self.settings_changed:
            lines.append("  ~ render settings (default locale, currency)")
        counts = self.counts()
        if lines[-1]:
            lines.append("")
        verb = f"promote {self.release.get('id')} from {self.promote_from}: " if self.promote_from else ""
        lines.append(f"Plan: {verb}{counts['add']} to add, {counts['change']} to change, {counts['remove']} to remove.")
        return "\n".join(_printable(line) for line in lines) + "\n"

    def json_text(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n"


def make_plan(target: str, description: str, old: dict | None, new: dict, stored: bool, damaged: bool = False) -> Plan:
    plan = Plan(target, description, _ref(old) if old else None, _ref(new), stored, damaged=damaged)
    if old is not None and old.get("id") == new.get("id"):
        return plan
    old_comms = (old or {}).get("comms", {})
    new_comms = new.get("comms", {})
    for comm_id in sorted(set(old_comms) | set(new_comms)):
        before, after = old_comms.get(comm_id), new_comms.get(comm_id)
        if before is not None and after is not None and before.get("hash") == after.get("hash"):
            continue
        action = "add" if before is None else "remove" if after is None else "change"
        info = after or before
        change = Change(comm_id, action, (before or {}).get("hash"), (after or {}).get("hash"), info.get("owner"), info.get("category"))
        change.parts = _parts(before or {}, after or {})
        change.clauses = _versions((before or {}).get("clauses", {}), (after or {}).get("clauses", {}))
        plan.changes.append(change)
    old_clauses = {k: v.get("version") for k, v in (old or {}).get("clauses", {}).items()}
    new_clauses = {k: v.get("version") for k, v in new.get("clauses", {}).items()}
    plan.clauses = _versions(old_clauses, new_clauses)
    plan.settings_changed = old is not None and old.get("artifacts", {}).get("render.json") != new.get("artifacts", {}).get("render.json")
    return plan


def _parts(before: dict, after: dict) -> list[dict]:
    parts = []
    old_variants, new_variants = before.get("variants", {}), after.get("variants", {})
    for key in sorted(set(old_variants) | set(new_variants)):
        parts.extend(_part(key, old_variants.get(key), new_variants.get(key)))
    for key in ("contract", "delivery"):
        parts.extend(_part(key, before.get(key), after.get(key)))
    return parts


def _part(name: str, old: str | None, new: str | None) -> list[dict]:
    if old == new:
        return []
    action = "add" if old is None else "remove" if new is None else "change"
    return [{"part": name, "action": action, "old": old, "new": new}]


def _versions(old: dict, new: dict) -> list[dict]:
    return [{"id": k, "old": old.get(k), "new": new.get(k)} for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k) or (k in old) != (k in new)]


def _ref(manifest: dict) -> dict:
    source = manifest.get("source") or {}
    return {"id": manifest.get("id"), "commit": source.get("commit"), "branch": source.get("branch"), "created_at": manifest.get("created_at")}


def _label(ref: dict) -> str:
    commit = ref.get("commit")
    text = str(ref.get("id"))
    if commit:
        text += f" (commit {commit[:10]}" + (f" on {ref['branch']}" if ref.get("branch") else "") + ")"
    return text


def _short(digest: str | None) -> str:
    return f"sha256:{digest[:12]}" if digest else "-"


def _version(value) -> str:
    return "(none)" if value is None else f"v{value}"


def _printable(line: str) -> str:
    """One line of the plan as printed: an owner, a category or a branch with a newline or a
    terminal escape in it (content, or a tampered target) cannot start a line of its own."""
    return line if line.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in line)
