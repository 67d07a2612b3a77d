"""The three views of the compliance record, filtered.

* **releases** — per period: the release, from when to when, how it became current (publish,
  rollback, promote; or the merge, from git), its commit, who approved it, the owners it
  needed, its lint result, the suppressions in force.
* **clauses** — per clause version: every comm and variant (locale/channel) that carried it,
  from when to when (consecutive periods merged), with the releases and commits in between.
* **comms** — per comm: each period its content was different from the one before: which
  variants changed, their template text, the approvals and the comm's own lint findings.

Filters: ``clause`` (``ID`` or ``ID@version``), ``comm``, ``channel``, and the time window
``since``/``until`` (a period counts when it overlaps the window). An unknown clause, comm or
channel is an error (exit 2), so a typo never reads as "no SMS carried it".
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..errors import CcmError
from .record import Period, Record, as_time


@dataclass
class Filters:
    clause: str | None = None
    version: str | None = None
    comm: str | None = None
    channel: str | None = None
    since: _dt.datetime | None = None
    until: _dt.datetime | None = None

    @classmethod
    def parse(cls, clause, comm, channel, since, until) -> "Filters":
        from .record import parse_time

        version = None
        if clause is not None:
            clause, at, version = clause.partition("@")
            if not clause or (at and not version):
                raise CcmError("--clause must be ID or ID@version")
            version = version or None
        first = parse_time(since, "--since")
        last = parse_time(until, "--until", end_of_day=True)
        if first and last and first > last:
            raise CcmError("--since is after --until")
        return cls(clause, version, comm, channel, first, last)

    def overlaps(self, period: Period) -> bool:
        start, end = as_time(period.start), as_time(period.end)
        if self.until is not None and start is not None and start > self.until:
            return False
        if self.since is not None and end is not None and end <= self.since:
            return False
        return True


def check_known(record: Record, filters: Filters) -> None:
    """Exit 2 for a clause, version, comm or channel no release of the record knows."""
    clauses: dict[str, set[str]] = {}
    comms: set[str] = set()
    channels: set[str] = set()
    for period in record.periods:
        manifest = period.manifest or {}
        for cid, entry in (manifest.get("clauses") or {}).items():
            clauses.setdefault(cid, set()).add(str((entry or {}).get("version")))
        for cid, entry in (manifest.get("comms") or {}).items():
            comms.add(cid)
            for key in (entry.get("variants") or {}):
                channels.add(key.partition("/")[2])
            for clause_id, version in (entry.get("clauses") or {}).items():
                clauses.setdefault(clause_id, set()).add(str(version))
    if filters.clause is not None:
        if filters.clause not in clauses:
            raise CcmError(f"unknown clause '{_shown(filters.clause)}': no release in the record carries it"
                           + _known(clauses))
        if filters.version is not None and filters.version not in clauses[filters.clause]:
            raise CcmError(f"clause {filters.clause} never had version {_shown(filters.version)} in the record "
                           f"(versions: {', '.join(sorted(clauses[filters.clause]))})")
    if filters.comm is not None and filters.comm not in comms:
        raise CcmError(f"unknown comm '{_shown(filters.comm)}': no release in the record holds it" + _known(comms))
    if filters.channel is not None and filters.channel not in channels:
        raise CcmError(f"unknown channel '{_shown(filters.channel)}': no release in the record has a variant on it" + _known(channels))


def releases(record: Record, filters: Filters) -> list[dict]:
    rows = []
    for period in record.periods:
        if not filters.overlaps(period):
            continue
        manifest = period.manifest or {}
        comms = manifest.get("comms") or {}
        if not _holds(manifest, filters):
            continue
        evidence = manifest.get("evidence") if isinstance(manifest.get("evidence"), dict) else {}
        source = manifest.get("source") or {}
        lint = (evidence.get("lint") or {}) if evidence else {}
        rows.append({
            "release": period.release, "from": period.start, "to": period.end, "action": period.action, "by": period.by,
            "reason": period.reason,
            "commit": source.get("commit"), "branch": source.get("branch"), "author": source.get("author"),
            "subject": source.get("subject"), "created_at": manifest.get("created_at"),
            "forced": (manifest.get("forced") or {}).get("reason"), "comms": len(comms),
            "evidence": bool(evidence),
            "approvals": approvals(evidence),
            "required_owners": ((evidence.get("required_owners") or {}).get("owners") or []) if evidence else [],
            "lint": lint.get("summary"), "rules": lint.get("rules"),
            "suppressions": evidence.get("suppressions") or [] if evidence else [],
            "previous": evidence.get("previous") if evidence else None,
            "damaged": period.manifest is None,
        })
    return rows


def approvals(evidence: dict) -> dict:
    """Who approved, as recorded: reviewers CI passed in, the commit's trailers, the merger."""
    data = (evidence or {}).get("approvals") or {}
    trailers = [t for t in data.get("trailers") or [] if isinstance(t, dict)]
    return {"approved_by": [str(a) for a in data.get("approved_by") or []],
            "reviewed_by": [str(t.get("value")) for t in trailers if t.get("key") == "Reviewed-by"],
            "trailer_approved_by": [str(t.get("value")) for t in trailers if t.get("key") == "Approved-by"],
            "co_authored_by": [str(t.get("value")) for t in trailers if t.get("key") == "Co-authored-by"],
            "merged_by": data.get("merged_by"), "merge": bool(data.get("merge")), "commit": data.get("commit")}


def clauses(record: Record, filters: Filters) -> list[dict]:
    """One row per (clause, version, comm, variant) and continuous stretch of time; a stretch
    is listed whole when any of it overlaps the time window."""
    open_rows: dict[tuple, dict] = {}
    rows: list[dict] = []
    for period in record.periods:
        manifest = period.manifest
        carried: set[tuple] = set()
        if manifest is not None:
            for key, clause_id, version in _carried(manifest, filters):
                carried.add(key)
                row = open_rows.get(key)
                if row is None:
                    comm, variant = key[2], key[3]
                    locale, _, channel = variant.partition("/")
                    row = {"clause": clause_id, "version": version, "comm": comm, "locale": locale, "channel": channel,
                           "from": period.start, "to": period.end, "releases": [], "commits": []}
                    open_rows[key] = row
                    rows.append(row)
                row["to"] = period.end
                if period.release not in row["releases"]:
                    row["releases"].append(period.release)
                commit = (manifest.get("source") or {}).get("commit")
                if commit and commit not in row["commits"]:
                    row["commits"].append(commit)
        for key in [k for k in open_rows if k not in carried]:
            del open_rows[key]  # the stretch ended with the previous period
    rows = [r for r in rows if filters.overlaps(Period("", r["from"], r["to"], "", None, None))]
    rows.sort(key=lambda r: (r["clause"], str(r["version"]), r["comm"], r["locale"], r["channel"], r["from"] or ""))
    return rows


def _carried(manifest: dict, filters: Filters):
    evidence = manifest.get("evidence") if isinstance(manifest.get("evidence"), dict) else {}
    per_variant = evidence.get("variants") if isinstance(evidence.get("variants"), dict) else {}
    for comm_id, entry in sorted((manifest.get("comms") or {}).items()):
        if filters.comm is not None and comm_id != filters.comm:
            continue
        for variant in sorted(entry.get("variants") or {}):
            if filters.channel is not None and variant.partition("/")[2] != filters.channel:
                continue
            # per variant when recorded; older releases: the comm's clauses for each of its variants
            found = (per_variant.get(comm_id) or {}).get(variant) if per_variant else None
            if found is None:
                found = entry.get("clauses") or {}
            for clause_id, version in sorted(found.items()):
                if filters.clause is not None and clause_id != filters.clause:
                    continue
                if filters.version is not None and str(version) != filters.version:
                    continue
                yield (clause_id, str(version), comm_id, variant), clause_id, version


def comms(record: Record, filters: Filters) -> list[dict]:
    """Per comm, every period its content changed (or it appeared / disappeared), each live
    until the comm's next change."""
    history: dict[str, list[tuple[dict, Period]]] = {}
    last: dict[str, dict] = {}
    for period in record.periods:
        manifest = period.manifest
        if manifest is None:
            continue
        entries = manifest.get("comms") or {}
        texts = None
        for comm_id in sorted(set(entries) | set(last)):
            if filters.comm is not None and comm_id != filters.comm:
                continue
            entry = entries.get(comm_id)
            before = last.get(comm_id)
            if entry is None:
                if before is not None and before.get("hash") is not None:
                    last[comm_id] = {"hash": None}
                    history.setdefault(comm_id, []).append((_change(period, comm_id, None, before, {}, filters), period))
                continue
            if before is not None and _key(before, filters) == _key(entry, filters):
                continue  # with --channel: what that channel's customers read did not change
            last[comm_id] = entry
            if texts is None:
                texts = period.texts() if period.texts else {}
            history.setdefault(comm_id, []).append((_change(period, comm_id, entry, before, texts.get(comm_id, {}), filters), period))
    out = []
    for comm_id, changes in sorted(history.items()):
        for (row, _), following in zip(changes, changes[1:] + [(None, None)]):
            row["to"] = following[0]["from"] if following[0] else record_end(record)
        kept = []
        for row, period in changes:
            if not filters.overlaps(Period(row["release"], row["from"], row["to"], "", None, None)):
                continue
            if row["status"] != "removed" and not _comm_matches(period.manifest, comm_id, period.manifest["comms"][comm_id], filters):
                continue
            kept.append(row)
        if kept:
            out.append({"comm": comm_id, "changes": kept})
    return out


def _key(entry: dict, filters: Filters):
    if entry.get("hash") is None or filters.channel is None:
        return entry.get("hash")
    return sorted((k, v) for k, v in (entry.get("variants") or {}).items() if k.partition("/")[2] == filters.channel)


def record_end(record: Record) -> str | None:
    return record.periods[-1].end if record.periods else None


def _change(period: Period, comm_id: str, entry: dict | None, before: dict | None, texts: dict, filters: Filters) -> dict:
    manifest = period.manifest or {}
    evidence = manifest.get("evidence") if isinstance(manifest.get("evidence"), dict) else {}
    old_variants = (before or {}).get("variants") or {}
    new_variants = (entry or {}).get("variants") or {}
    changed = sorted(k for k in set(old_variants) | set(new_variants) if old_variants.get(k) != new_variants.get(k))
    if filters.channel is not None:
        changed = [k for k in changed if k.partition("/")[2] == filters.channel]
    lint = (evidence.get("lint") or {}) if evidence else {}
    findings = [f for f in lint.get("findings") or [] if isinstance(f, dict) and f.get("comm") == comm_id]
    return {
        "release": period.release, "from": period.start, "to": period.end, "action": period.action,
        "commit": (manifest.get("source") or {}).get("commit"), "subject": (manifest.get("source") or {}).get("subject"),
        "status": "removed" if entry is None else "added" if before is None or before.get("hash") is None else "changed",
        "owner": (entry or {}).get("owner"), "changed_variants": changed,
        "clauses": (entry or {}).get("clauses") or {},
        "texts": {k: v for k, v in texts.items() if k in changed},
        "approvals": approvals(evidence) if evidence else None,
        "lint": None if not lint else {"findings": findings, "errors": sum(f.get("severity") == "error" for f in findings),
                                       "warnings": sum(f.get("severity") == "warning" for f in findings),
                                       "release_summary": lint.get("summary")},
        "suppressions": [s for s in (evidence.get("suppressions") or []) if isinstance(s, dict) and s.get("comm") == comm_id] if evidence else [],
    }


def _comm_matches(manifest: dict, comm_id: str, entry: dict, filters: Filters) -> bool:
    if filters.channel is not None and not any(k.partition("/")[2] == filters.channel for k in entry.get("variants") or {}):
        return False
    if filters.clause is not None:
        return any(key[2] == comm_id for key, _, _ in _carried(manifest, filters))
    return True


def _holds(manifest: dict, filters: Filters) -> bool:
    if filters.clause is None and filters.comm is None and filters.channel is None:
        return True
    return next(_carried_any(manifest, filters), None) is not None


def _carried_any(manifest: dict, filters: Filters):
    if filters.clause is not None:
        yield from _carried(manifest, filters)
        return
    for comm_id, entry in (manifest.get("comms") or {}).items():
        if filters.comm is not None and comm_id != filters.comm:
            continue
        for variant in entry.get("variants") or {}:
            if filters.channel is None or variant.partition("/")[2] == filters.channel:
                yield comm_id


def _known(values) -> str:
    names = sorted(values)
    if not names:
        return ""
    more = f" and {len(names) - 12} more" if len(names) > 12 else ""
    return f" (known: {', '.join(_shown(n) for n in names[:12])}{more})"


def _shown(value) -> str:
    from ..publish.integrity import shown

    return shown(value)
