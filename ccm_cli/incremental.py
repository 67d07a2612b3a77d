"""Incremental lint: which comms a change can affect (`ccm lint --base REF --changed-only`).

:func:`affected_comms` compares the files of two versions of a content repository and names
the comms whose findings can change. Linting only those comms
(``lint(head, base=base, only_comms=affected)``) gives the same findings as a full lint
restricted to them, and every comm whose findings differ between a full lint of the base and
of the head is among them. ``None`` means "everything".

What this module knows is what rendering reads (the one dependency walk,
:mod:`ccm_cli.render.usage`). A comm is affected when

* its own file or a template file its fields name (``body_file:``) changed — and so is every
  comm of the same id (ids name comms: duplicate ids, suppressions);
* it renders a changed template (``{% include %}``, ``{% import %}``, ``{% extends %}``,
  transitively; a name computed at run time: any file under ``comms/``), a changed clause
  (``clause("id")``, and what the clause's text uses; a computed id: any clause) or a changed
  fact (``facts.plans.basic.price``; ``facts.plans[x]`` reads all of ``facts.plans``).

Everything is affected (``None``) when ``ccm.yaml``, the guidelines, the contact policy,
``policies/channels.yaml``, CODEOWNERS, a Vale style, or any other file under ``brand/`` or
``policies/`` changes: those feed rules over every comm.

The rest belongs to the rules whose findings read more than a comm renders: each enabled
rule's ``affected(change, digests)`` names the other comms a :class:`Change` can move its
findings for (a clause's selectors, a fact typed by hand, frequency caps, exclusive tags,
near-duplicates: see :mod:`ccm_cli.rules.base`). A new rule needs nothing from this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

from jinja2 import TemplateSyntaxError

from . import rules as registry
from .model import Clause, Comm, Project
from .project import is_clause_file, is_comm_file
from .render import Reach, Renderer, Usage, is_locale_map, reach, walk
from .rules.base import LintContext
from .scale.keys import CommKeys

FACTS_FILE = "brand/facts.yaml"


# ---------------------------------------------------------------- template dependencies
class DependencyGraph:
    """Template dependencies of every comm of one project (memoised)."""

    def __init__(self, project: Project, templates: dict[str, Usage] | None = None) -> None:
        self.project = project
        self.env = Renderer(project).env
        # direct usage per template text; shareable between the base and head graphs
        self.templates: dict[str, Usage] = templates if templates is not None else {}
        self._comms: dict[int, Reach] = {}

    def template(self, source: str) -> Usage:
        """What one template text uses by itself (:func:`ccm_cli.render.walk`)."""
        if source not in self.templates:
            try:
                self.templates[source] = walk(self.env.parse(source))[0]
            except TemplateSyntaxError:
                self.templates[source] = Usage()  # renders to an error whatever the other files hold
        return self.templates[source]

    def comm(self, comm: Comm) -> Reach:
        """Every file, clause and fact a comm's rendering reads, transitively."""
        key = id(comm)
        if key not in self._comms:
            total = reach(self.project, [tfield.source for tfield in comm.fields], self.template)
            total.files |= {tfield.origin.file for tfield in comm.fields if tfield.origin.file != comm.file}
            self._comms[key] = total
        return self._comms[key]


# ---------------------------------------------------------------- facts
def flat_facts(tree: object, prefix: str = "") -> dict[str, object]:
    """Dotted fact path -> value; a map locale -> value is one value (``brand``)."""
    if isinstance(tree, dict) and not is_locale_map(tree):
        found: dict[str, object] = {}
        for key, value in tree.items():
            found.update(flat_facts(value, f"{prefix}.{key}" if prefix else str(key)))
        return found
    return {prefix: tree}


def changed_facts(base: Project, head: Project) -> dict[str, tuple[object, object]]:
    """Fact path -> (before, after) for every fact added, removed or edited."""
    before, after = flat_facts(base.facts), flat_facts(head.facts)
    return {path: (before.get(path), after.get(path)) for path in sorted(before.keys() | after.keys()) if before.get(path) != after.get(path)}


def reads_fact(used: set[str], path: str) -> bool:
    """Does a template reading ``used`` fact paths read the fact at ``path``?"""
    return any(u == "" or u == path or path.startswith(u + ".") or u.startswith(path + ".") for u in used)


# ---------------------------------------------------------------- the change
@dataclass
class Change:
    """A change from one version of a content repository (``base``) to another (``head``): what
    the rules' ``affected(change, digests)`` hooks read. ``base`` may hold only its shared files
    and the comms of changed files (what ``--changed-only`` loads); an unchanged comm is judged
    on its head version."""

    base: Project
    head: Project
    files: set[str]  # the repository paths that changed
    comms: dict[str, list[Comm | None]]  # edited comms by id: [base version, head version] (None: added, removed)
    templates: set[str]  # template files that changed (under comms/, not comm files)
    clauses: set[str]  # ids of the clauses whose files changed, in the base or the head
    facts: dict[str, tuple[object, object]]  # fact path -> (before, after): every fact added, removed or edited
    rendering: set[str] = field(default_factory=set)  # comms whose rendered text can differ: edited, or rendering a changed file

    @classmethod
    def between(cls, base: Project, head: Project, changed: set[str]) -> "Change":
        clauses = {clause.id for project in (base, head) for clause in project.clause_list if clause.file in changed}
        templates = {rel for rel in changed if rel.startswith("comms/") and not is_comm_file(rel)}
        edited: dict[str, list[Comm | None]] = {}
        for side, project in enumerate((base, head)):
            for comm in project.comms:
                if comm.file in changed:
                    edited.setdefault(comm.id, [None, None])[side] = comm
        facts = changed_facts(base, head) if FACTS_FILE in changed else {}
        return cls(base, head, set(changed), edited, templates, clauses, facts)

    @cached_property
    def graph(self) -> DependencyGraph:
        """What the head's comms render (:meth:`reads`)."""
        return DependencyGraph(self.head)

    def reads(self, comm: Comm) -> Reach:
        """Every template file, clause and fact a head comm's rendering reads."""
        return self.graph.comm(comm)

    @cached_property
    def versions(self) -> dict[str, list[Comm | None]]:
        """[base, head] of every comm whose labels or rendered text can differ: an edited file
        (None: added or removed), or an unchanged file that renders differently (a snippet,
        clause or fact it reads changed; its head version stands for both, each rendered in
        its own project)."""
        head_by_id: dict[str, Comm] = {}
        for comm in self.head.comms:
            head_by_id.setdefault(comm.id, comm)
        return {comm_id: self.comms.get(comm_id) or [head_by_id.get(comm_id), head_by_id.get(comm_id)]
                for comm_id in set(self.comms) | set(self.rendering)}

    def everyone(self) -> list[Comm]:
        """The comms of both versions that other comms' findings can see: the base versions of
        the edited ones, and every head comm (an unchanged one is the same in the base)."""
        return [comm for comm in self.base.comms if comm.file in self.files] + self.head.comms

    def clause_versions(self) -> list[Clause]:
        """Both versions of every changed clause (the base's first)."""
        return [clause for project in (self.base, self.head) for clause in project.clause_list if clause.id in self.clauses]


def affected_comms(base: Project, head: Project, digests=None, changed: set[str] | None = None, includes=None,
                   findings: bool = True) -> set[str] | None:
    """The ids of the comms whose findings the change from ``base`` to ``head`` can change;
    ``None`` when it can change every comm's. With ``findings=False``, only the comms whose
    own text can change (an edited file, or one reading a changed template, clause or fact):
    what a comparison of rendered text needs, without asking the rules (the comms whose
    findings change only because another comm moved — frequency caps, exclusive groups,
    near-duplicates: finding those renders every comm whose digest is not stored).

    ``changed`` (paths that differ, e.g. from ``git diff``) spares comparing every file; then
    ``base`` need only hold its shared files and the comms of changed files (an unchanged
    comm is judged on its head version: whatever it reads that changed, it reads through a
    file that is unchanged up to the first changed one, so the head graph finds it).
    ``digests(rule, project, comms)`` may supply a rule's stored digests ({comm id: digest or
    None}); the others are computed, which renders. ``includes(project, comms,
    changed_templates)`` may supply, per comm, the templates its stored result recorded (see
    :meth:`ccm_cli.linter.CachedResults.includes`): when only templates changed, a comm with such a
    record needs no parse of its templates."""
    from .diff.files import changed_files, style_folders

    if changed is None:
        changed = changed_files(base.source, head.source, style_folders(base.guidelines, head.guidelines))
    if not changed:
        return set()
    for rel in changed:
        if not (rel.startswith("comms/") or is_clause_file(rel) or rel == FACTS_FILE):
            return None  # ccm.yaml, guidelines, policies, channels, CODEOWNERS, styles
    if base.contact != head.contact:  # cannot happen without a policy file change; be safe
        return None
    change = Change.between(base, head, changed)
    change.rendering = _rendering(change, includes)
    if not findings:
        return change.rendering
    affected = set(change.rendering)
    stored = _Digests(digests)
    for rule in registry.enabled(head):
        hook = getattr(rule, "affected", None)
        if hook is None:
            continue
        found = hook(change, stored.of(rule))
        if found is None:
            return None
        affected |= found
    return affected


def _rendering(change: Change, includes) -> set[str]:
    """The ids of the comms whose rendered text the change can move: the edited ones, and
    those that read a changed template, clause or fact."""
    affected = set(change.comms)
    if not (change.templates or change.clauses or change.facts):
        return affected
    others = [comm for comm in change.head.comms if comm.file not in change.files]
    recorded = (includes(change.head, others, frozenset(change.templates)) if includes is not None and not (change.clauses or change.facts)
                else [None] * len(others))
    for comm, included in zip(others, recorded):
        if included is not None:  # the templates its stored result recorded: no parse
            if CommKeys.EVERY in included or change.templates & included.keys():
                affected.add(comm.id)
            continue
        deps = change.reads(comm)
        if (deps.files & change.templates) or (deps.any_file and change.templates):
            affected.add(comm.id)
        elif (deps.clauses & change.clauses) or (deps.any_clause and change.clauses):
            affected.add(comm.id)
        elif change.facts and any(reads_fact(deps.facts, path) for path in change.facts):
            affected.add(comm.id)
    return affected


class _Digests:
    """Rules' digests of comms in either version of the repository: stored ones where
    ``stored(rule, project, comms)`` has them, else computed (which renders the comm)."""

    def __init__(self, stored: Callable[..., dict] | None) -> None:
        self.stored = stored
        self.contexts: dict[int, LintContext] = {}

    def of(self, rule) -> Callable[[Project, list[Comm]], list[Any]]:
        """``digests(project, comms)``: ``rule``'s digest of each comm."""

        def digests(project: Project, comms: list[Comm]) -> list[Any]:
            cached = self.stored(rule, project, comms) if self.stored is not None else {}
            found = []
            for comm in comms:
                value = cached.get(comm.id)
                if value is None:
                    if id(project) not in self.contexts:
                        self.contexts[id(project)] = LintContext(project=project, renderer=Renderer(project))
                    value = rule.digest(comm, self.contexts[id(project)])
                found.append(value)
            return found

        return digests
