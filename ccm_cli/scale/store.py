"""What a lint run keeps for the next: nothing (:class:`NoStore`), or ``.ccm-cache/``
(:class:`DiskStore`) — ruff's ``cache.rs``: the engine calls it, no rule knows it exists.

A store does two things:

* it parses the YAML files the loader reads (``parse_many``), reusing the data of texts it
  parsed before (:mod:`.parsing`);
* per project and rules (``results(project, rules_key)``), it looks up what earlier runs found
  of each comm — a :class:`CommResult` — and keeps what this run finds, under keys that hash
  everything a result depends on (:mod:`.keys`): a comm edited, a template it includes, a
  shared file, a rule enabled or a rule's ``today_key`` moved, and the result is not used.

The engine asks the per-run object (:class:`StoredResults`, or :class:`NoResults`) for:
``lookup()`` every comm's valid result; ``reads(comm, renderer)`` what to record with a fresh
one (the templates it included); ``save(results, complete)``; ``cross(...)`` the cross-comm
findings of a run whose every comm is unchanged, and ``keep_cross(findings, digests)``; and
``--changed-only`` asks ``recorded(comms, ignoring)`` (digests, included templates).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, NamedTuple

from ..findings import Finding
from ..model import Comm, Project
from . import parsing
from .cache_file import CacheFile
from .keys import CommKeys, cross_key, shared_key


class CommResult(NamedTuple):
    """What a run finds of one comm, and what a store keeps of it."""

    findings: list[Finding] | None  # None: a row of digests only (a comm compared, not linted)
    digests: dict  # rule id -> what that cross-comm rule sees of the comm (its digest)
    includes: dict | None  # the templates the comm included: repository path -> sha256 (see keys.CommKeys)


class NoResults:
    """No earlier results, and nothing kept: every comm is linted."""

    def lookup(self) -> dict[str, CommResult]:
        return {}

    def count(self, hits: int, misses: int) -> None:
        pass

    def reads(self, comm: Comm, renderer) -> None:
        return None

    def save(self, results: dict[str, CommResult], complete: bool) -> None:
        pass

    def cross(self, renderer, wanted: set[str] | None, repository_findings: bool, base: Project | None) -> None:
        return None

    def keep_cross(self, findings: list[Finding], digests: Callable[[str], dict | None]) -> None:
        pass

    def recorded(self, comms: list[Comm], ignoring: frozenset[str] = frozenset()) -> list[CommResult | None]:
        return [None] * len(comms)


class NoStore:
    """Nothing kept between runs (``--no-cache``, ``CCM_NO_CACHE=1``); files are still parsed
    many at once."""

    hits = 0
    misses = 0

    def parse_many(self, items: list[tuple[str, str]], summarize=None) -> list:
        return parsing.parse_many(items, None, summarize)

    def results(self, project: Project, rules_key: str) -> NoResults:
        return NoResults()

    def close(self) -> None:
        pass


class DiskStore:
    """Results and parsed files in ``.ccm-cache/lint.sqlite`` (:mod:`.cache_file`), used only
    when ccm wrote it (:mod:`.trust`). ``hits`` and ``misses``: the comms the last run found a
    result for, and those it linted."""

    def __init__(self, root: Path, day: int | None = None) -> None:
        self.file = CacheFile(root, day)
        self.hits = 0
        self.misses = 0

    def parse_many(self, items: list[tuple[str, str]], summarize=None) -> list:
        return parsing.parse_many(items, self.file, summarize)

    def results(self, project: Project, rules_key: str) -> "StoredResults":
        return StoredResults(self, project, rules_key)

    def close(self) -> None:
        self.file.close()


class StoredResults:
    """A project's results in a :class:`DiskStore`, for one set of rules (``rules_key``).

    A comm's result is stored under its key (the last comm of an id stands for the id) with
    the templates it included, and used while they are unchanged; the cross-comm findings under
    every comm's key and templates, what the run reports and the base's shared files; a comm
    the cross-comm rules compared but the run did not lint (another shard's, one
    ``--changed-only`` left out) gets a row of digests only, so the next run need not render it."""

    def __init__(self, store: DiskStore, project: Project, rules_key: str) -> None:
        self.store = store
        self.project = project
        self.rules_key = rules_key
        self.keyer = CommKeys(project, rules_key)
        self._keys: dict[str, str] | None = None
        self.includes: dict[str, dict | None] = {}  # comm id -> the templates it included (valid rows, fresh results)
        self.stored: set[str] = set()  # comm ids with a valid row or a fresh result
        self._cross: str | None = None  # the key cross() looked up

    def keys(self) -> dict[str, str]:
        """comm id -> the key of its result."""
        if self._keys is None:
            self._keys = dict(zip([comm.id for comm in self.project.comms], self.keyer.keys(self.project.comms)))
        return self._keys

    def lookup(self) -> dict[str, CommResult]:
        """comm id -> its stored result, for every comm that has a valid one (findings None:
        digests only)."""
        keys = self.keys()
        rows = self.store.file.get_many(list(keys.values()))
        found: dict[str, CommResult] = {}
        for comm in self.project.comms:
            row = rows.get(keys[comm.id])
            if row is None or not self.keyer.still_valid(row[2]):
                continue
            self.includes[comm.id] = row[2]
            self.stored.add(comm.id)
            found[comm.id] = CommResult(*row)
        return found

    def count(self, hits: int, misses: int) -> None:
        self.store.hits, self.store.misses = hits, misses

    def reads(self, comm: Comm, renderer) -> dict[str, str | None]:
        """What to record with a fresh result of ``comm``: the templates it included."""
        return self.keyer.includes(comm, renderer)

    def save(self, results: dict[str, CommResult], complete: bool) -> None:
        """Keep fresh results (``complete`` false: the run skipped renders, its results are
        not kept)."""
        for comm_id, result in results.items():
            self.includes[comm_id] = result.includes
            self.stored.add(comm_id)
        keys = self.keys()
        if complete and keys:
            self.store.file.put_many({keys[comm_id]: result for comm_id, result in results.items()})

    def cross(self, renderer, wanted: set[str] | None, repository_findings: bool, base: Project | None) -> list[Finding] | None:
        """The cross-comm findings stored for this very run (every comm as it is, what it
        reports, the base), or None."""
        for comm in self.project.comms:  # the others' templates, when their rows were stale
            if comm.id not in self.includes:
                self.includes[comm.id] = self.keyer.includes(comm, renderer)
        keys = self.keys()
        base_shared = shared_key(base, self.rules_key) if base is not None else None
        if base is not None:  # rules may compare the base's comms too: its commit names them
            base_shared += "@" + str(getattr(getattr(base.source, "commit", None), "hexsha", "") or "")
        # the snippet files there are, included or not (a new snippet nothing includes is a cross-comm finding)
        snippets = "\n".join(self.project.source.files("comms/_snippets")) if self.project.source is not None else ""
        self._cross = cross_key(f"{self.keyer.shared}\0snippets\0{snippets}", [(keys[c.id], self.includes[c.id]) for c in self.project.comms],
                                wanted, repository_findings, base_shared)
        return self.store.file.get_many([self._cross]).get(self._cross, (None,))[0]

    def keep_cross(self, findings: list[Finding], digests: Callable[[str], dict | None]) -> None:
        """Keep the cross-comm findings :meth:`cross` looked up, and a row of digests only for
        each comm that has no row yet and whose ``digests(comm id)`` (rule id -> digest) the run
        has."""
        rows = {}
        for comm_id, key in self.keys().items():
            found = digests(comm_id) if comm_id not in self.stored else None
            if found is not None:
                rows[key] = CommResult(None, found, self.includes[comm_id])
        self.store.file.put_many({self._cross: (findings, {}), **rows})

    def recorded(self, comms: list[Comm], ignoring: frozenset[str] = frozenset()) -> list[CommResult | None]:
        """Each comm's stored result, or None when it has none or a template it recorded
        changed other than those in ``ignoring`` (files known to have changed)."""
        keys = self.keyer.keys(comms)
        found = self.store.file.get_many(keys)
        rows = [found.get(key) for key in keys]
        return [CommResult(*row) if row is not None and self.keyer.still_valid(row[2], ignoring=ignoring) else None for row in rows]


def open_store(root: Path, keep: bool = True) -> DiskStore | NoStore:
    """The store of a run in the repository at ``root``: ``.ccm-cache/`` when ``keep``, else
    none (``--no-cache``, ``CCM_NO_CACHE=1``)."""
    return DiskStore(root) if keep else NoStore()
