"""The lint engine: the check stage of load → render → check → report, for any rule.

:func:`lint` runs the rules a project enables (:func:`ccm_cli.rules.enabled`) and gives each
what it declares it reads (the rule protocol, :mod:`ccm_cli.rules.base`): a rendered field
(``"text"``, ``"sentences"``, ``"ja"``: :mod:`ccm_cli.text_rules`), a rendered variant, a comm,
or the whole project once (``"project"``: the cross-comm rules, which compare comms through
their ``digest``). From the same declarations it derives when a stored result is stale (the
rules' ids and ``today_key``: :func:`rules_key`). It knows no rule by its id.

Speed stays behind two interfaces of :mod:`ccm_cli.scale`: an executor runs the per-comm work
here or in forked workers (:mod:`ccm_cli.scale.executor`), and a result store hands back what
earlier runs found of unchanged comms and keeps what this run finds (:mod:`ccm_cli.scale.store`).
The checks never know which. Formatters know nothing about rules; the engine nothing about
output.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

from . import rules as registry
from .findings import Finding
from .model import Comm, Project
from .progress import progress
from .render import Renderer, Variant
from .rules.base import LintContext
from .scale.executor import for_jobs
from .scale.lru import BoundedCache
from .scale.store import CommResult, NoResults
from .suppress import apply as apply_suppressions
from .text_rules import TextRules, judge, text_targets, unrendered_targets

# Distinct texts whose problems a run remembers (per process): comms in id order share their
# family's copy, so recent texts are the ones that recur; a few MB at most.
JUDGED_TEXTS = 8192


@dataclass
class LintResult:
    findings: list[Finding]
    comms: int
    variants: int
    suppressed: int = 0
    comm_ids: list[str] = field(default_factory=list)
    rendered: dict[str, list[Variant]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        counts = {"errors": 0, "warnings": 0, "infos": 0}
        for finding in self.findings:
            counts[finding.severity.label + "s"] += 1
        return counts


def lint(
    project: Project,
    today: _dt.date | None = None,
    keep_variants: bool = False,
    base: Project | None = None,
    only_comms: set[str] | None = None,
    jobs: int = 1,
    cache=None,
    repository_findings: bool | None = None,
    show_progress: bool = False,
) -> LintResult:
    """Lint ``project``.

    ``only_comms`` restricts rendering, comm rules and the report to those comm ids: the result
    equals a full lint filtered to them. Findings that belong to no comm (ccm.yaml, policies)
    are reported when ``repository_findings`` is true (default: when ``only_comms`` is None).
    ``base`` is the project at the base ref, for rules that compare versions. ``jobs`` > 1 lints
    comms in that many processes; ``cache`` (a store of :mod:`ccm_cli.scale.store`) reuses
    per-comm results whose inputs are unchanged. ``keep_variants`` keeps every comm's rendered
    variants in the result (the work then stays in this process, and nothing is stored).
    """
    ctx = LintContext(project=project, renderer=Renderer(project), today=today or _dt.date.today(), base=base, wanted=only_comms)
    plan = RulePlan(project)
    comms = [c for c in project.comms if only_comms is None or c.id in only_comms]
    if repository_findings is None:
        repository_findings = only_comms is None
    executor = for_jobs(1 if keep_variants else jobs)  # the variants kept must stay in this process
    stored = cache.results(project, plan.key(project, ctx.today)) if cache is not None and not keep_variants else NoResults()

    def worker_context() -> LintContext:  # a worker process's own context: its renderer's caches last its life
        return LintContext(project=project, renderer=Renderer(project, ctx.renderer.budget), today=ctx.today, base=ctx.base)

    # every comm's stored result: the reported ones' findings, the others' digests for cross-comm rules
    per_comm: dict[str, CommResult] = {}
    for comm_id, result in stored.lookup().items():
        if (only_comms is None or comm_id in only_comms) and result.findings is not None:  # None: digests only
            per_comm[comm_id] = result
        for rule_id, value in result.digests.items():
            ctx.digests[(rule_id, comm_id)] = value
    stored.count(hits=len(per_comm), misses=len(comms) - len(per_comm))

    todo = list({comm.id: comm for comm in comms if comm.id not in per_comm}.values())  # the last file of an id stands for it

    def lint_comm(state: LintContext, comm: Comm) -> tuple[str, CommResult]:
        return comm.id, plan.comm_result(state, comm, stored, keep=keep_variants)

    fresh: dict[str, CommResult] = {}
    parts = executor.map(lint_comm, todo, here=ctx, worker=worker_context, shared=(ctx.renderer.budget,))
    for part in progress(parts, len(todo), "Linting", enabled=show_progress, unit="comms", size=len):  # a part: a chunk's results
        fresh.update(part)
    for comm_id, result in fresh.items():
        per_comm[comm_id] = result
        for rule_id, value in result.digests.items():
            ctx.digests[(rule_id, comm_id)] = value
    stored.save(fresh, complete=not ctx.renderer.budget.exhausted)  # skipped renders are not results

    findings: list[Finding] = [f for comm in comms for f in per_comm[comm.id].findings]
    cross = stored.cross(ctx.renderer, only_comms, repository_findings, base)  # what the project-scope rules found
    if cross is None:
        if executor.parallel:
            _fill_digests(project, ctx, plan, executor, worker_context)
        cross = plan.cross_comm_findings(project, ctx, {comm.id for comm in comms}, repository_findings)
        if not ctx.renderer.budget.exhausted:
            stored.keep_cross(cross, plan.digests_to_keep(project, ctx))
    findings.extend(cross)
    findings, suppressed = apply_suppressions(dedupe(findings), project)
    return LintResult(
        findings=sorted(findings, key=lambda f: f.sort_key),
        comms=len(comms),
        variants=sum(len(comm.variants()) for comm in comms),
        suppressed=suppressed,
        comm_ids=[comm.id for comm in comms],
        rendered=ctx.variants if keep_variants else {},
    )


def _fill_digests(project: Project, ctx: LintContext, plan: "RulePlan", executor, worker_context: Callable[[], LintContext]) -> None:
    """The cross-comm rules' digests of the comms this run neither linted nor found stored
    (the other shards of --shard, a cold --changed-only), computed by the executor's workers:
    each one renders its comm, which the rules would otherwise do one by one in this process.
    The first comm of an id stands for it, as in :meth:`LintContext.digest`."""
    todo: dict[str, Comm] = {}
    for comm in project.comms:
        if comm.id not in todo and any((rule.ID, comm.id) not in ctx.digests for rule in plan.digest_rules):
            todo[comm.id] = comm

    def digests(state: LintContext, comm: Comm) -> tuple[str, dict]:
        found = plan.digests(state, comm)
        plan.release(state, comm)
        return comm.id, found

    for part in executor.map(digests, list(todo.values()), here=ctx, worker=worker_context, shared=(ctx.renderer.budget,)):
        for comm_id, found in part:
            for rule_id, value in found.items():
                ctx.digests.setdefault((rule_id, comm_id), value)


def rules_key(rules, project: Project, today: _dt.date) -> str:
    """What the enabled ``rules`` make every stored result depend on: their ids, and for each
    rule whose findings depend on the lint date, what about the date matters (its
    ``today_key``): a result stored on another day is used while no rule's key moved."""
    ids = "\n".join(sorted(rule.ID for rule in rules))
    dated = "\n".join(f"{rule.ID}\0{rule.today_key(project, today)}" for rule in rules if hasattr(rule, "today_key"))
    return f"{ids}\0today\0{dated}"


class RulePlan:
    """The enabled rules of a project, by what they declare they read."""

    def __init__(self, project: Project) -> None:
        self.rules = registry.enabled(project)
        self.project_rules = tuple(r for r in self.rules if r.SCOPE == "project")
        self.comm_rules = tuple(r for r in self.rules if r.SCOPE == "comm")
        self.variant_rules = tuple(r for r in self.rules if r.SCOPE == "variant")
        self.text = TextRules.of(self.rules, project.guidelines)
        self.repository_rules = tuple(r for r in self.rules if r.SCOPE != "project" and hasattr(r, "check_repository"))
        self.digest_rules = tuple(r for r in self.project_rules if hasattr(r, "digest"))

    def key(self, project: Project, today: _dt.date) -> str:
        return rules_key(self.rules, project, today)

    def comm_result(self, ctx: LintContext, comm: Comm, stored, keep: bool = False) -> CommResult:
        """What one comm's own rules find, the per-comm digests that cross-comm rules
        compare, and what ``stored`` records with them (the templates it included) — kept
        together, so a warm run need not render the comm. Unless ``keep``, the comm's rendered
        variants and compiled templates are dropped."""
        findings = self.comm_findings(ctx, comm)
        digests = self.digests(ctx, comm)
        for rule_id, value in digests.items():
            ctx.digests[(rule_id, comm.id)] = value
        included = stored.reads(comm, ctx.renderer)
        if not keep:
            self.release(ctx, comm)
        return CommResult(findings, digests, included)

    def digests(self, ctx: LintContext, comm: Comm) -> dict:
        """Rule id -> the comm's digest, for every cross-comm rule that compares comms."""
        return {rule.ID: rule.digest(comm, ctx) for rule in self.digest_rules}

    def digests_to_keep(self, project: Project, ctx: LintContext) -> Callable[[str], dict | None]:
        """comm id -> the cross-comm rules' digests of it this run has (a rule asks only for
        the comms it compares: a frequency cap for those its category or tag may concern), or
        None when it has none, or the comm shares its id with another (its digests are the
        first's). A later run that asks for the same digests finds them; one that asks for
        another computes it."""
        ids = Counter(comm.id for comm in project.comms)

        def of(comm_id: str) -> dict | None:
            if ids[comm_id] > 1:
                return None
            found = {rule.ID: ctx.digests[(rule.ID, comm_id)] for rule in self.digest_rules if (rule.ID, comm_id) in ctx.digests}
            return found or None

        return of

    @staticmethod
    def release(ctx: LintContext, comm: Comm) -> None:
        """Drop the comm's rendered variants and compiled templates (memory stays flat)."""
        ctx.variants.pop(comm.id, None)
        ctx.renderer.forget(comm)

    def comm_findings(self, ctx: LintContext, comm: Comm) -> list[Finding]:
        """Everything one comm's own rules find: comm, variant and text rules."""
        findings: list[Finding] = []
        for rule in self.comm_rules:
            findings.extend(rule.check(comm, ctx))
        judged: set[tuple] = set()  # a text two samples render alike gives the same findings twice
        seen = ctx.memo.get("judged-texts")
        if seen is None:  # what the text rules found, per distinct text, for this run
            seen = ctx.memo["judged-texts"] = BoundedCache(JUDGED_TEXTS)
        variants = ctx.variants_of(comm)
        for variant in variants:
            for rule in self.variant_rules:
                findings.extend(rule.check(variant, ctx))
            for target in text_targets(variant):
                identity = target.identity
                if identity in judged:
                    continue
                judged.add(identity)
                findings.extend(judge(target, ctx, self.text, seen))
        if self.text.text or self.text.sentences or self.text.ja:  # the text of branches no sample renders
            for target in unrendered_targets(comm, variants, ctx.renderer):
                findings.extend(judge(target, ctx, self.text, seen))
        return findings

    def cross_comm_findings(self, project: Project, ctx: LintContext, wanted: set[str], repository_findings: bool) -> list[Finding]:
        """What the project-scope rules and the repository parts of comm rules report."""
        found: list[Finding] = []
        for rule in self.project_rules:
            for finding in rule.check(project, ctx):
                if finding.comm in wanted if finding.comm is not None else repository_findings:
                    found.append(finding)
            if repository_findings and hasattr(rule, "text_targets"):  # text only the project can tell is unread
                for target in rule.text_targets(project, ctx):
                    found.extend(judge(target, ctx, self.text))
        for rule in self.repository_rules:  # the non-comm files of comm-scope rules
            for finding in rule.check_repository(project, ctx):
                if finding.comm in wanted if finding.comm is not None else repository_findings:
                    found.append(finding)
        return found


class CachedResults:
    """What the result store knows about a project's comms, for
    :func:`ccm_cli.incremental.affected_comms`: any cross-comm rule's digests (:meth:`digests`)
    and the templates they include (:meth:`includes`). One key per comm and one read per row
    (the store reads a row once per run), however many questions are asked."""

    def __init__(self, cache, today: _dt.date | None = None) -> None:
        self.cache = cache
        self.day = today or _dt.date.today()
        self._results: dict[int, tuple[Project, Any]] = {}  # the project kept: its id stays its own

    def _stored(self, project: Project):
        if id(project) not in self._results:
            rules = registry.enabled(project)
            self._results[id(project)] = (project, self.cache.results(project, rules_key(rules, project, self.day)))
        return self._results[id(project)][1]

    def digests(self, rule, project: Project, comms: list[Comm]) -> dict[str, Any]:
        """{comm id: ``rule``'s stored digest of it, or None without a valid result}."""
        rows = self._stored(project).recorded(comms)
        return {comm.id: row.digests.get(rule.ID) if row is not None else None for comm, row in zip(comms, rows)}

    def includes(self, project: Project, comms: list[Comm], changed: frozenset[str]) -> list[dict | None]:
        """For each comm, the templates its stored result recorded it includes (transitively;
        see :class:`ccm_cli.scale.keys.CommKeys`), or None when there is no result or a
        template it recorded changed other than those in ``changed`` (a comm that includes a
        changed template is affected whatever else that template now includes)."""
        return [row.includes if row is not None else None for row in self._stored(project).recorded(comms, ignoring=changed)]


def dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per rule and place: samples that break the same line once, not N times."""
    best: dict[tuple, Finding] = {}
    for finding in findings:
        key = (finding.rule, finding.comm, finding.locale, finding.channel, finding.file, finding.line, finding.column)
        current = best.get(key)
        if current is None or finding.severity > current.severity:
            best[key] = finding
    return list(best.values())
