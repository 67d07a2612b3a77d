"""Publish: build an immutable release from a commit and reconcile a target to it (GitOps).

The flow is Terraform's: desired state (the release HEAD would produce) → plan (what the
target holds vs. what it should hold) → apply (atomically, under a lock) → history/rollback.

* :mod:`.gitsource` — the commit: its tree, author, branch, and whether the working tree is dirty.
* :mod:`.gate` — why a publish must be refused (lint errors, dirty tree, branch).
* :mod:`.bundle` — what one comm × locale × channel needs at runtime (snippets, clauses, facts).
* :mod:`.release` — the release: artifacts, manifest, content-derived id.
* :mod:`.plan` — the difference between two manifests, for people and for tools.
* :mod:`.config` — publish targets in ``ccm.yaml``; secrets come from environment variables.
* :mod:`.targets` — one module per target type (dir, sqlite, postgres, http).
* :mod:`.lock`, :mod:`.atomic` — the file lock and the crash-safe write helpers of the dir target.
* :mod:`.service` — the operations the CLI wires: plan, apply, rollback, releases.
"""
