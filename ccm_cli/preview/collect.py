"""Load, render and lint a project once, and look up its variants and findings.

Every preview (terminal, site, server) starts from a :class:`Collected`: the project, the
lint result (from the result cache and worker processes, as ``ccm lint`` gets it), and
helpers that render the variants of one comm on demand and pick its findings by locale and
channel.
"""

from __future__ import annotations

import datetime as _dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path

from ..scale.lru import BoundedCache
from ..errors import CcmError
from ..findings import Finding
from ..linter import LintResult, lint
from ..model import Comm, Project
from ..render import Renderer, Variant


@dataclass
class Collected:
    project: Project
    result: LintResult
    renderer: Renderer
    _rendered: BoundedCache = field(default_factory=lambda: BoundedCache(Collected.RENDERED), repr=False)  # the last comms' variants
    _by_comm: dict | None = field(default=None, repr=False)

    RENDERED = 64  # comms whose variants stay rendered (a page asks for them a few times)

    @property
    def comms(self) -> list[Comm]:
        return sorted(self.project.comms, key=lambda c: c.id)

    def comm(self, comm_id: str) -> Comm:
        """The comm with this id, or a one-line error that suggests the nearest ids."""
        for comm in self.project.comms:
            if comm.id == comm_id:
                return comm
        ids = [c.id for c in self.project.comms]
        close = difflib.get_close_matches(comm_id, ids, n=1, cutoff=0.6) or [i for i in ids if comm_id and comm_id in i][:3]
        if close:
            hint = "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
        else:
            hint = "known comms: " + ", ".join(sorted(ids)) if ids else "this repository has no comms"
        raise CcmError(f"unknown comm '{comm_id}'", hint=hint)

    def variants(self, comm: Comm) -> list[Variant]:
        """Every locale × channel × sample of the comm, rendered (kept for the last few comms)."""
        if comm.id in self.result.rendered:
            return self.result.rendered[comm.id]
        return self._rendered.get((comm.id, id(comm)), lambda: self.renderer.render_comm(comm))

    def _of(self, comm: Comm) -> list[Finding]:
        if self._by_comm is None:
            self._by_comm = {}
            for finding in self.result.findings:
                self._by_comm.setdefault(finding.comm, []).append(finding)
        return self._by_comm.get(comm.id, [])

    def select(self, comm: Comm, locale: str | None = None, channel: str | None = None, sample: str | None = None) -> tuple[list[Variant], list[str]]:
        """The variants of ``comm`` to show, and the names of the samples left out.

        By default every locale and channel with the first sample; ``sample="all"`` keeps all.
        An unknown locale, channel or sample is a one-line error naming the ones that exist.
        """
        variants = self.variants(comm)
        names = list(dict.fromkeys(v.sample.name for v in variants if v.sample is not None))
        for label, wanted, known in (("locale", locale, comm.locales()),
                                     ("channel", channel, sorted({v.channel for v in variants})),
                                     ("sample", sample if sample != "all" else None, names)):
            if wanted is not None and wanted not in known:
                close = difflib.get_close_matches(wanted, known, n=1, cutoff=0.4)
                hint = f"did you mean '{close[0]}'?" if close else f"{comm.id} has: {', '.join(known) or 'none'}"
                raise CcmError(f"{comm.id} has no {label} '{wanted}'", comm.file, hint=hint)
        chosen = sample if sample is not None else (names[0] if names else None)
        picked = [v for v in variants
                  if (locale is None or v.locale == locale) and (channel is None or v.channel == channel)
                  and (chosen in (None, "all") or (v.sample is not None and v.sample.name == chosen))]
        others = [] if chosen in (None, "all") else [n for n in names if n != chosen]
        return picked, others

    def findings(self, comm: Comm, locale: str | None = None, channel: str | None = None, exact: bool = True) -> list[Finding]:
        """Findings of a comm. With ``exact``, only those with exactly this locale and channel
        (``None`` meaning "not about one locale/channel"); without it, everything that applies."""
        found = []
        for finding in self._of(comm):
            if exact:
                if finding.locale == locale and finding.channel == channel:
                    found.append(finding)
            elif (locale is None or finding.locale in (None, locale)) and (channel is None or finding.channel in (None, channel)):
                found.append(finding)
        return found

    def comm_level_findings(self, comm: Comm) -> list[Finding]:
        """Findings of a comm that are not about one locale × channel (schema, contact, …)."""
        pairs = {(v.locale, v.channel) for v in self.variants(comm)}
        return [f for f in self._of(comm) if (f.locale, f.channel) not in pairs]

    def project_findings(self) -> list[Finding]:
        return [f for f in self.result.findings if f.comm is None]


def collect(project: Project, today: _dt.date | None = None, cache=None, jobs: int = 1) -> Collected:
    """Lint ``project`` (with ``cache``, a store of ccm_cli.scale.store, and ``jobs`` processes);
    variants are rendered when a preview asks for them."""
    result = lint(project, today=today, cache=cache, jobs=jobs)
    return Collected(project, result, Renderer(project))


def collect_at(root: Path, today: _dt.date | None = None) -> Collected:
    from ..project import load_project

    return collect(load_project(root), today)
