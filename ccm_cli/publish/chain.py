"""The tamper-evidence chain of a target: each release records the hash of the one stored before it.

Releases are chained in the order a target first stored them (the first time each id appears
in its history): ``manifest["evidence"]["previous"] = {"id", "manifest_sha256"}`` of the release
stored just before, where ``manifest_sha256`` is the sha256 of that release's manifest as ccm
writes it (:func:`..integrity.canonical`). A release's id covers its artifacts; the next
release's link covers its manifest (evidence included); the history event that stored a release
records its ``manifest_sha256`` too (dir and git targets keep it; a promotion's reason names it
on every target), so the newest release is anchored as well. On a git target every link is also
a git commit, so editing a release means rewriting the branch.

A release promoted from another target keeps the link of the target it was built for (its bytes
never change); here it is anchored by the promotion record instead. Releases written before the
chain existed (no ``evidence``) start it again.
"""

from __future__ import annotations

import re

from .integrity import ReleaseError, canonical, sha256, shown

_PROMOTED = re.compile(r"manifest sha256 ([0-9a-f]{64})")


def storage_order(target) -> list[str]:
    """Release ids in the order the target stored them: first appearance in the history, then
    any stored release the history does not name (by creation time)."""
    events, _ = target.history()
    seen: dict[str, None] = {}
    for event in events:
        seen.setdefault(event["release_id"], None)
    stored = target.releases()
    ids = {s.id for s in stored}
    order = [rid for rid in seen if rid in ids]
    order += [s.id for s in stored if s.id not in seen]
    return order


def link(target) -> dict | None:
    """What the next release stored in ``target`` records as its previous release."""
    order = storage_order(target) if target.keeps_history else [target.current_id()] if target.current_id() else []
    for rid in reversed(order):
        try:
            manifest = target.manifest(rid)
        except ReleaseError:
            continue  # a damaged release cannot anchor the chain; verify reports it
        if manifest is not None:
            return {"id": rid, "manifest_sha256": sha256(canonical(manifest))}
    return None


def verify(target) -> tuple[list[str], list[dict]]:
    """(problems, the chain as checked: one row per release); the first problem is the first broken link."""
    problems: list[str] = []
    rows: list[dict] = []
    events, bad_events = target.history()
    problems += bad_events
    first_event: dict[str, dict] = {}
    for event in events:
        first_event.setdefault(event["release_id"], event)
    stored = {s.id: s for s in target.releases()}
    for rid in first_event:
        if rid not in stored:
            problems.append(f"release {rid}: named by the history ({first_event[rid].get('action')} at "
                            f"{shown(first_event[rid].get('at'))}) but not stored in target {target.name} (removed?)")
    previous: tuple[str, str] | None = None  # (id, manifest sha256) of the release stored before
    for rid in storage_order(target):
        entry = stored[rid]
        if entry.manifest is None:
            problems.append(f"release {rid}: {entry.problem}")
            previous = None
            continue
        try:
            target.verify(rid)
        except ReleaseError as exc:
            problems.append(f"release {rid}: {exc}")
        manifest = entry.manifest
        digest = sha256(canonical(manifest))
        event = first_event.get(rid) or {}
        row = {"id": rid, "manifest_sha256": digest, "stored_by": event.get("action"), "at": event.get("at"), "link": None}
        recorded = event.get("manifest_sha256")
        promoted = _PROMOTED.search(event.get("reason") or "") if event.get("action") == "promote" else None
        if promoted:
            recorded = promoted.group(1)
        if recorded is not None and recorded != digest:
            problems.append(f"release {rid}: its manifest does not match the sha256 recorded when it was stored "
                            f"({recorded[:12]}…, now {digest[:12]}…): the manifest was edited")
        evidence = manifest.get("evidence")
        link_ = evidence.get("previous") if isinstance(evidence, dict) else None
        if not isinstance(evidence, dict):
            row["link"] = "no evidence (written before the chain): the chain starts again here"
        elif promoted:
            row["link"] = "promoted: anchored by the promotion record"
        elif previous is None:
            if link_ is not None and link_.get("id") not in stored:
                problems.append(f"release {rid}: links to release {shown(link_.get('id'))}, which target {target.name} "
                                "does not store (removed?)")
            row["link"] = "first" if link_ is None else f"-> {link_.get('id')}"
        elif link_ is None:
            problems.append(f"release {rid}: records no previous release, but {previous[0]} was stored before it "
                            "(a release was inserted or its evidence edited)")
        elif link_.get("id") != previous[0]:
            problems.append(f"release {rid}: links to release {shown(link_.get('id'))}, but {previous[0]} was stored "
                            "before it (a release was removed, inserted or reordered)")
        elif link_.get("manifest_sha256") != previous[1]:
            problems.append(f"release {previous[0]}: its manifest changed after release {rid} was stored on top of it "
                            f"(sha256 {previous[1][:12]}…, recorded {shown(link_.get('manifest_sha256'))[:12]}…)")
        else:
            row["link"] = f"-> {previous[0]} ok"
        rows.append(row)
        previous = (rid, digest)
    tamper = getattr(target, "tamper_problems", None)
    if tamper is not None:
        problems += tamper()
    return problems, rows
