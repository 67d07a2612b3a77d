"""What every publish target provides.

A target stores immutable releases (manifest + artifacts, byte for byte), knows which one is
*current*, and keeps a history of activations. Everything that changes the target happens
inside ``session(write=True)``: under the target's lock (a file lock, a database transaction
with an advisory lock, or the receiving server's own lock), so two publishes never interleave.
"""

from __future__ import annotations

import datetime as _dt
from contextlib import contextmanager
from dataclasses import dataclass

from ..integrity import RELEASE_ID, ReleaseError

__all__ = ["RELEASE_ID", "ReleaseError", "Stored", "Target", "TargetError", "now"]


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


class TargetError(Exception):
    """The target cannot be read or written (message safe to print: no secrets)."""


@dataclass
class Stored:
    """A release as found in the target: its manifest, or why it cannot be trusted."""

    id: str  # as the target stores it (folder name, row id), checked to be a release id
    manifest: dict | None
    problem: str | None = None


class Target:
    name: str
    kind: str
    keeps_history = True  # ccm appends the history itself (dir, sqlite, postgres)

    @property
    def description(self) -> str:
        """Where it is, for people (never a secret: no database URL, no key)."""
        raise NotImplementedError

    @contextmanager
    def session(self, write: bool, lock_timeout: float = 60.0):
        """Lock (when writing) and open the target; changes are committed on a clean exit."""
        yield self

    # Every read checks what it reads (see :mod:`..integrity`): anything that is not what ccm
    # writes raises ``ReleaseError`` naming the file or row and what is wrong with it.
    def current_id(self) -> str | None:
        """The current release's id; None when nothing is current; ``ReleaseError`` when the pointer is damaged."""
        raise NotImplementedError

    def manifest(self, release_id: str) -> dict | None:
        """The checked manifest of a stored release; None when it is not stored."""
        raise NotImplementedError

    def verify(self, release_id: str) -> dict:
        """The manifest, after checking every file of the release against it (present, same
        sha256, nothing else); ``ReleaseError`` otherwise, also when it is not stored."""
        raise NotImplementedError

    def apply(self, release, event: dict, stored: bool) -> None:
        """Make ``release`` current; unless ``stored`` (already verified intact in the target),
        first store it, replacing whatever damaged copy the target holds."""
        raise NotImplementedError

    def activate(self, release_id: str, event: dict) -> None:
        """Make a stored release current again (rollback; the caller has verified it)."""
        raise NotImplementedError

    def releases(self) -> list[Stored]:
        """Every stored release, oldest first; damaged ones with their problem."""
        raise NotImplementedError

    def history(self) -> tuple[list[dict], list[str]]:
        """Every activation, oldest first (at, action, release_id, previous, commit, branch, by,
        reason), and a problem per record that is not an event ccm wrote (skipped)."""
        raise NotImplementedError

    def resolve(self, prefix: str) -> str:
        """A full release id from a unique prefix (as git resolves short hashes)."""
        from ..integrity import shown

        ids = [s.id for s in self.releases()]
        found = [i for i in ids if i.startswith(prefix)] if prefix else []
        if prefix in ids:
            return prefix
        if len(found) == 1:
            return found[0]
        if not found:
            raise TargetError(f"no release '{shown(prefix)}' in target {self.name}")
        raise TargetError(f"release id '{shown(prefix)}' is ambiguous in target {self.name}: {', '.join(sorted(found))}")
