"""What every publish target provides.

A target stores immutable releases (manifest + artifacts, byte for byte), knows which one is
*current*, and keeps a history of activations. Everything that changes the target happens
inside ``session(write=True)``: under the target's lock (a file lock, a database transaction
with an advisory lock, or the receiving server's own lock), so two publishes never interleave.
"""

from __future__ import annotations

import datetime as _dt
import re
from contextlib import contextmanager

RELEASE_ID = re.compile(r"[0-9a-f]{16}")


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


class TargetError(Exception):
    """The target cannot be read or written (message safe to print: no secrets)."""


class Target:
    name: str
    kind: str

    @property
    def description(self) -> str:
        """Where it is, for people (never a secret: no database URL, no key)."""
        raise NotImplementedError

    @contextmanager
    def session(self, write: bool, lock_timeout: float = 60.0):
        """Lock (when writing) and open the target; changes are committed on a clean exit."""
        yield self

    def current_id(self) -> str | None:
        raise NotImplementedError

    def manifest(self, release_id: str) -> dict | None:
        raise NotImplementedError

    def apply(self, release, event: dict) -> None:
        """Store ``release`` (unless already stored and intact) and make it current."""
        raise NotImplementedError

    def activate(self, release_id: str, event: dict) -> None:
        """Make an already stored release current again (rollback)."""
        raise NotImplementedError

    def releases(self) -> list[dict]:
        """Every stored release's manifest, oldest first."""
        raise NotImplementedError

    def history(self) -> list[dict]:
        """Every activation, oldest first: at, action, release_id, previous, commit, by, reason."""
        raise NotImplementedError

    def resolve(self, prefix: str) -> str:
        """A full release id from a unique prefix (as git resolves short hashes)."""
        ids = [m["id"] for m in self.releases()]
        found = [i for i in ids if i.startswith(prefix)] if prefix else []
        if prefix in ids:
            return prefix
        if len(found) == 1:
            return found[0]
        if not found:
            raise TargetError(f"no release '{prefix}' in target {self.name}")
        raise TargetError(f"release id '{prefix}' is ambiguous in target {self.name}: {', '.join(sorted(found))}")
