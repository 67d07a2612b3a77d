"""The whole `ccm diff` report, and its JSON shape (``--format json``, version 1).

    {"version": 1,
     "base": {"ref": "main", "commit": "<sha>"},
     "head": {"ref": "working tree", "commit": null},
     "changed": true,
     "summary": {"comms_added": 0, "comms_removed": 0, "comms_renamed": 1, "comms_changed": 2,
                 "clauses_changed": 1, "facts_changed": 1, "templates_changed": 0,
                 "policy_changes": 2, "findings_introduced": 1, "findings_fixed": 0,
                 "intent_changes": 1},     # locale × channel of listed comms whose intents a change adds or removes
     "comms": [{"id": "billing.payment-reminder", "status": "changed",   # added|removed|renamed|changed
                "path": "comms/billing/payment-reminder.yaml", "old_path": null,
                "owner": "billing", "category": "transactional",
                "changes": ["schedule.end: null → 2026-09-30", "via fact support_phone"],
                "variants": [{"locale": "en-US", "channel": "email", "status": "changed",  # added|removed|changed
                              "sample": "typical",
                              "fields": [{"name": "subject", "before": "…", "after": "…"}],  # changed fields only
                              "diff": "--- main:comms/…\\n+++ working tree:comms/…\\n@@ … @@\\n…"}],
                "intents": [{"locale": "en-US", "channel": "email",    # every locale × channel, every sample
                             "before": ["debt-collection"], "after": ["debt-collection", "promotion"],  # null: not there
                             "added": [{"intent": "promotion", "words": "get $20 off", "field": "body"}],  # "now also"
                             "removed": []}]}],                                                  # "no longer"
     "clauses": [{"id": "us-can-spam-footer", "status": "changed", "path": "policies/clauses/us-can-spam-footer.yaml",
                  "version": {"before": 1, "after": 2}, "changes": ["version: 1 → 2"],
                  "texts": [{"locale": "en-US", "diff": "…"}], "comms": ["marketing.win-back"]}],
     "facts": [{"path": "support_phone", "locale": "ja-JP", "before": "0120-123-456", "after": "0120-123-457",
                "text": "support_phone (ja-JP): 0120-123-456 → 0120-123-457", "comms": ["…"]}],
     "templates": [{"path": "comms/_snippets/help-footer.en.j2", "status": "changed", "comms": ["…"]}],
     "policies": [{"area": "contact", "file": "policies/contact.yaml",       # contact|guidelines|channels|config|intents|audience|codeowners
                   "text": "frequency cap marketing/any: 3 → 4 per 7d"}],
     "lint": {"introduced": [<finding as in `ccm lint --format json`>], "fixed": [...],
              "base_total": 0, "head_total": 1},  # totals null when no file changed; "lint" null with --no-lint
     "stale_translations": [{"comm": "billing.payment-reminder", "channel": "email", "field": "body",  # possibly stale:
                             "changed": ["en-US"], "unchanged": ["ja-JP"],                          # the unchanged locales
                             "file": "comms/billing/payment-reminder.yaml", "line": 31}],
     "approvals": [{"owner": "@kumo-energy/compliance", "paths": ["policies/contact.yaml"],   # the base's CODEOWNERS
                    "because": ["CODEOWNERS line 14 (/policies/)", "governance policies/ (compliance)"],
                    "any_of": []}]}          # other owners of the same CODEOWNERS line: any one of them suffices for it

Keys are never removed or renamed within version 1; new keys may be added.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from ..policy.approvals import Approval, required_approvals
from ..translations import StaleTranslation, stale_translations
from .compare import Changes, compare
from .delta import LintDelta, lint_delta
from .files import changed_files, style_folders
from .policy_words import PolicyChange, policy_changes
from .refs import Side

JSON_VERSION = 1


@dataclass
class DiffReport:
    base: Side
    head: Side
    changes: Changes
    policies: list[PolicyChange]
    delta: LintDelta | None
    stale: list[StaleTranslation] = field(default_factory=list)  # possibly stale translations
    approvals: list[Approval] = field(default_factory=list)  # the owners whose approval the change needs

    def stale_of(self, comm_id: str) -> list[StaleTranslation]:
        return [s for s in self.stale if s.comm.id == comm_id]

    @property
    def changed(self) -> bool:
        c = self.changes
        lint_moved = self.delta is not None and bool(self.delta.introduced or self.delta.fixed)
        return bool(c.comms or c.clauses or c.facts or c.templates or self.policies or lint_moved)

    def summary(self) -> dict:
        comms = self.changes.comms
        count = lambda status: sum(1 for c in comms if c.status == status)  # noqa: E731
        return {
            "comms_added": count("added"),
            "comms_removed": count("removed"),
            "comms_renamed": count("renamed"),
            "comms_changed": count("changed"),
            "clauses_changed": len(self.changes.clauses),
            "facts_changed": len(self.changes.facts),
            "templates_changed": len(self.changes.templates),
            "policy_changes": len(self.policies),
            "findings_introduced": len(self.delta.introduced) if self.delta else 0,
            "findings_fixed": len(self.delta.fixed) if self.delta else 0,
            "intent_changes": sum(1 for c in comms for i in c.intents if i.change),
            "stale_translations": len(self.stale),
            "approvals": len(self.approvals),
        }

    def to_json(self) -> dict:
        c = self.changes
        return {
            "version": JSON_VERSION,
            "base": {"ref": self.base.ref, "commit": self.base.commit},
            "head": {"ref": self.head.ref, "commit": self.head.commit},
            "changed": self.changed,
            "summary": self.summary(),
            "comms": [
                {
                    "id": d.id, "status": d.status, "path": d.path, "old_path": d.old_path,
                    "owner": d.owner, "category": d.category, "changes": d.changes,
                    "variants": [
                        {
                            "locale": v.locale, "channel": v.channel, "status": v.status, "sample": v.sample,
                            "fields": [{"name": n, "before": a, "after": b} for n, a, b in v.changed_fields()],
                            "diff": v.diff,
                        }
                        for v in d.variants
                    ],
                    "intents": [i.to_json() for i in d.intents],
                }
                for d in c.comms
            ],
            "clauses": [
                {
                    "id": d.id, "status": d.status, "path": d.path,
                    "version": {"before": _plain(d.version_before), "after": _plain(d.version_after)},
                    "changes": d.changes, "texts": [{"locale": loc, "diff": diff} for loc, diff in d.texts],
                    "comms": d.comms,
                }
                for d in c.clauses
            ],
            "facts": [
                {"path": f.path, "locale": f.locale, "before": _plain(f.before), "after": _plain(f.after), "text": f.text, "comms": f.comms}
                for f in c.facts
            ],
            "templates": [{"path": t.path, "status": t.status, "comms": t.comms} for t in c.templates],
            "policies": [p.to_json() for p in self.policies],
            "lint": None if self.delta is None else {
                "introduced": [f.to_json() for f in self.delta.introduced],
                "fixed": [f.to_json() for f in self.delta.fixed],
                "base_total": self.delta.base_total,
                "head_total": self.delta.head_total,
            },
            "stale_translations": [st.to_json() for st in self.stale],
            "approvals": [a.to_json() for a in self.approvals],
        }


def _plain(value: object) -> object:
    """A JSON-safe copy of a YAML value (dates as ISO strings)."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def build_report(base: Side, head: Side, today: _dt.date | None = None, with_lint: bool = True, cache=None, jobs: int = 1) -> DiffReport:
    """Compare two loaded versions (see :mod:`.refs`)."""
    styles = style_folders(base.project.guidelines, head.project.guidelines)
    changed = changed_files(base.project.source, head.project.source, styles)
    labels = (base.ref, head.ref)
    changes = compare(base.project, head.project, changed, labels)
    policies = policy_changes(base.project, head.project)
    if not with_lint:
        delta = None
    elif changed:
        delta = lint_delta(base.project, head.project, today, cache=cache, jobs=jobs)
    else:  # nothing ccm reads changed: the findings cannot differ
        delta = LintDelta([], [], None, None)
    stale = stale_translations(base.project, head.project)  # also in branches no sample renders
    approvals = required_approvals(base.project, changed)  # GitHub applies the base branch's CODEOWNERS
    return DiffReport(base, head, changes, policies, delta, stale, approvals)
