"""Which comms a lint run lints, and which of its findings it reports.

The rules, as ``ccm lint`` applies them:

* A **full run** lints every comm and reports every finding, including those that belong to no
  comm (``ccm.yaml``, guidelines, policies, clauses).
* ``--base REF`` loads the project at REF too (its shared files: clause versions; the comm files
  git reports as changed and those beside a changed template file), for the rules that compare
  versions; on its own it does not narrow the run.
* ``--changed-only`` (with ``--base``, default: the merge-base of HEAD with the main branch)
  lints only the comms the change can affect: git names the changed files
  (:func:`ccm_cli.diff.files.changed_since`), the base versions of the changed comm files are
  loaded, and :func:`ccm_cli.incremental.affected_comms` says which comms' findings the change
  can alter (an edited comm, every comm that renders an edited snippet, clause or fact, the
  comms the rules' ``affected`` hooks name: those cross-comm rules compare with an edited one),
  helped by what the result store knows (the rules' digests, the templates each comm includes).
  A change to what every comm reads (``ccm.yaml``, anything under ``brand/`` or ``policies/`` but a clause) reaches
  every comm: the run is a full one. Only the files ccm reads count (``comms/``, ``brand/``,
  ``policies/``, the Vale styles the guidelines name, ``ccm.yaml`` and ``CODEOWNERS``).
* ``--shard I/N`` lints the comms whose stable bucket (a hash of the comm id, the same on every
  machine and every run) is I of N; with ``--changed-only``, the affected comms in that bucket.
* **Findings that belong to no comm** are reported by a full run, by shard 1 of N (so that
  merging the N reports gives each once), and by ``--changed-only`` when the change reaches
  every comm (with ``--shard``: by its shard 1 of N). A change that reaches only some comms
  cannot move them: no run reports them then.
* ``ccm lint PATH…`` reports only the findings in files under those paths
  (:func:`under_paths`); it lints what the rules above select.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    import datetime as _dt

    from .findings import Finding
    from .model import Project
    from .scale.store import DiskStore, NoStore


@dataclass
class Selection:
    """What a run lints: the project at ``--base`` (None without one), the ids of the comms to
    lint (None: every comm) and whether findings that belong to no comm are reported."""

    base: Optional[Project]
    comms: Optional[set[str]]
    repository_findings: bool


def select(root: Path, project: Project, base: Optional[str] = None, changed_only: bool = False,
           shard: Optional[tuple[int, int]] = None, cache: Optional[DiskStore | NoStore] = None,
           today: Optional[_dt.date] = None) -> Selection:
    """The :class:`Selection` of a run of ``project`` (at ``root``) with ``--base base``,
    ``--changed-only`` and ``--shard index/total`` (see the module's rules). ``cache`` serves
    the loading of the base project and what ``--changed-only`` knows from earlier runs;
    ``today`` is the lint date (the cached results are those of that date)."""
    if changed_only and base is None:
        from .diff.refs import default_base

        base = default_base(root)
    base_project = None
    changed: set[str] = set()
    if base is not None:
        base_project, changed = _load_base(root, base, cache)
    only = _affected(project, base_project, changed, cache, today) if changed_only else None
    if shard is None:
        return Selection(base_project, only, repository_findings=only is None)
    in_shard = shard_comms(project, *shard)
    reaches_everything = only is None  # a full run, or a change to what every comm reads
    only = in_shard if only is None else (only & in_shard)
    return Selection(base_project, only, repository_findings=shard[0] == 1 and reaches_everything)


def _load_base(root: Path, ref: str, cache) -> tuple[Project, set[str]]:
    """The project at ``ref``, and the paths git reports as changed since. Lint reads only the
    base's shared files (clause versions) and the base versions of the changed comm files and
    of the comm files beside a changed template file (what the rules that compare versions of
    a comm read)."""
    from .diff.files import changed_since
    from .project import is_comm_file, load_project
    from .sources import GitSource

    source = GitSource(root, ref)
    changed = changed_since(source)
    comm_files = {rel for rel in changed if is_comm_file(rel)}
    folders = {rel.rsplit("/", 1)[0] for rel in changed if rel.startswith("comms/") and not is_comm_file(rel)}
    if folders:
        comm_files |= {rel for rel in source.files("comms/") if is_comm_file(rel) and rel.rsplit("/", 1)[0] in folders}
    return load_project(root, comm_files, source=source, cache=cache), changed


def _affected(project: Project, base_project: Project, changed: set[str], cache, today) -> Optional[set[str]]:
    """The ids of the comms whose findings the change from ``base_project`` to ``project``
    can alter (None: every comm's), from the ``changed`` files ccm reads."""
    from .diff.files import FOLDERS, style_folders, wanted_file
    from .incremental import affected_comms
    from .linter import CachedResults

    folders = FOLDERS + style_folders(base_project.guidelines, project.guidelines)
    changed = {rel for rel in changed if wanted_file(rel, folders)}
    cached = CachedResults(cache, today) if cache is not None else None
    return affected_comms(base_project, project, cached.digests if cached else None, changed=changed,
                          includes=cached.includes if cached else None)


def parse_shard(value: str) -> tuple[int, int]:
    """``--shard I/N`` as (I, N), 1 <= I <= N."""
    from .errors import CcmError

    try:
        index, total = (int(x) for x in value.split("/"))
    except ValueError:
        raise CcmError(f"--shard must look like I/N (e.g. 2/4), got '{value}'") from None
    if not 1 <= index <= total:
        raise CcmError(f"--shard {value}: I must be between 1 and N")
    return index, total


def shard_comms(project: Project, index: int, total: int) -> set[str]:
    """The comm ids of shard ``index`` of ``total`` (1-based), by a stable hash of the id."""
    return {comm.id for comm in project.comms if _stable_bucket(comm.id, total) == index - 1}


def _stable_bucket(comm_id: str, total: int) -> int:
    return int.from_bytes(hashlib.sha256(comm_id.encode("utf-8")).digest()[:8], "big") % total


def under_paths(findings: list[Finding], root: Path, paths: list[Path]) -> list[Finding]:
    """The findings in files under ``paths`` (``ccm lint PATH…``); all of them when a path is
    the repository itself, or none lies inside it."""
    wanted = []
    for path in paths:
        try:
            wanted.append(path.resolve().relative_to(root).as_posix())
        except ValueError:
            continue
    if not wanted or "" in wanted or "." in wanted:
        return findings

    def keep(finding) -> bool:
        return bool(finding.file) and any(finding.file == w or finding.file.startswith(w.rstrip("/") + "/") for w in wanted)

    return [f for f in findings if keep(f)]
