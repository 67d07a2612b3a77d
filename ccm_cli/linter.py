"""Run the rules over a loaded project: the check stage of load → render → check → report.

The linter knows nothing about output; formatters know nothing about rules.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from . import rules as registry
from .bounded import BoundedCache
from .cache import CommKeys, ResultCache, shared_key
from .findings import Finding
from .model import Comm, Project
from .progress import progress
from .render import Renderer, Variant
from .rules.base import LintContext
from .suppress import apply as apply_suppressions
from .textcheck import ja_options, judge, text_targets

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


def render_comm(renderer: Renderer, comm: Comm) -> list[Variant]:
    """Every locale × channel × sample of a comm (see :meth:`Renderer.render_comm`)."""
    return renderer.render_comm(comm)


def lint(
    project: Project,
    today: _dt.date | None = None,
    keep_variants: bool = False,
    base: Project | None = None,
    only_comms: set[str] | None = None,
    jobs: int = 1,
    cache: ResultCache | None = None,
    repository_findings: bool | None = None,
    show_progress: bool = False,
) -> LintResult:
    """Lint ``project``.

    ``only_comms`` restricts rendering, comm rules and the report to those comm ids: the result
    equals a full lint filtered to them. Findings that belong to no comm (ccm.yaml, policies)
    are reported when ``repository_findings`` is true (default: when ``only_comms`` is None).
    ``base`` is the project at the base ref, for rules that compare versions. ``jobs`` > 1 lints
    comms in that many processes; ``cache`` reuses per-comm results whose inputs are unchanged.
    """
    ctx = LintContext(project=project, renderer=Renderer(project), today=today or _dt.date.today(), base=base, wanted=only_comms)
    plan = _Plan(project)
    comms = [c for c in project.comms if only_comms is None or c.id in only_comms]
    if repository_findings is None:
        repository_findings = only_comms is None

    per_comm: dict[str, tuple[list[Finding], dict]] = {}
    includes: dict[str, dict | None] = {}  # comm id -> the templates it included (with a cache)
    keys: dict[str, str] = {}
    stored: set[str] = set()  # comm ids whose row in the cache is valid (findings or digests only)
    keyer = None
    if cache is not None and not keep_variants:
        keyer = CommKeys(project, [r.ID for r in plan.rules], ctx.today)
        keys = dict(zip([comm.id for comm in project.comms], keyer.keys(project.comms)))
        # every comm's row: the reported ones' findings, the others' digests for cross-comm rules
        rows = cache.get_many(list(keys.values()))
        for comm in project.comms:
            row = rows.get(keys[comm.id])
            if row is None or not keyer.still_valid(row[2]):
                continue
            includes[comm.id] = row[2]
            stored.add(comm.id)
            if (only_comms is None or comm.id in only_comms) and row[0] is not None:  # None: digests only
                per_comm[comm.id] = (row[0], row[1])
            for rule_id, value in row[1].items():
                ctx.digests[(rule_id, comm.id)] = value
        cache.hits, cache.misses = len(per_comm), len(comms) - len(per_comm)
    todo = [comm for comm in comms if comm.id not in per_comm]
    if jobs > 1 and len(todo) >= 2 * jobs and not keep_variants:
        fresh = _parallel(project, ctx, plan, keyer, todo, jobs, show_progress)
    else:
        fresh = {comm.id: plan.comm_result(ctx, comm, keep=keep_variants, keyer=keyer)
                 for comm in progress(todo, len(todo), "Linting", enabled=show_progress, unit="comms")}
    for comm_id, (found, digests, included) in fresh.items():
        per_comm[comm_id] = (found, digests)
        includes[comm_id] = included
        for rule_id, value in digests.items():
            ctx.digests[(rule_id, comm_id)] = value
    if cache is not None and keys and not ctx.renderer.budget.exhausted:  # skipped renders are not results
        cache.put_many({keys[comm_id]: result for comm_id, result in fresh.items()})

    findings: list[Finding] = [f for comm in comms for f in per_comm[comm.id][0]]
    cross = None  # what the project-scope rules find: cached under every comm's key
    cross_key = None
    if keyer is not None:
        for comm in project.comms:  # the others' templates, when their rows were stale
            if comm.id not in includes:
                includes[comm.id] = keyer.includes(comm, ctx.renderer)
        cross_key = _cross_key(keyer.shared, [(keys[c.id], includes[c.id]) for c in project.comms], only_comms, repository_findings, base, plan)
        cross = cache.get_many([cross_key]).get(cross_key, (None,))[0]
    if cross is None:
        if jobs > 1:
            _fill_digests(project, ctx, plan, jobs)
        cross = _cross_comm_findings(project, ctx, plan, {comm.id for comm in comms}, repository_findings)
        if cross_key is not None and not ctx.renderer.budget.exhausted:
            cache.put_many({cross_key: (cross, {}), **_digest_rows(project, ctx, plan, keys, includes, stored | set(fresh))})
    findings.extend(cross)
    findings, suppressed = apply_suppressions(_dedupe(findings), project)
    return LintResult(
        findings=sorted(findings, key=lambda f: f.sort_key),
        comms=len(comms),
        variants=sum(len(comm.variants()) for comm in comms),
        suppressed=suppressed,
        comm_ids=[comm.id for comm in comms],
        rendered=ctx.variants if keep_variants else {},
    )


def _cross_comm_findings(project: Project, ctx: LintContext, plan: "_Plan", wanted: set[str], repository_findings: bool) -> list[Finding]:
    """What the project-scope rules and the repository parts of comm rules report."""
    found: list[Finding] = []
    for rule in plan.by_scope["project"]:
        for finding in rule.check(project, ctx):
            if finding.comm in wanted if finding.comm is not None else repository_findings:
                found.append(finding)
    for rule in plan.repository_rules:  # the non-comm files of comm-scope rules
        for finding in rule.check_repository(project, ctx):
            if finding.comm in wanted if finding.comm is not None else repository_findings:
                found.append(finding)
    return found


def _digest_rows(project: Project, ctx: LintContext, plan: "_Plan", keys: dict[str, str], includes: dict, stored: set[str]) -> dict:
    """key -> (None, digests, includes): a row for each comm this run compared but did not lint
    (another shard's, one ``--changed-only`` left out) and found no row for, so the next run
    reads its digests instead of rendering it again. ``None`` findings: a run that reports the
    comm still lints it. ``stored``: the comms that have a row; ``includes`` has every comm's
    templates (the cross-comm key needs them). Comms sharing an id are left out (their
    digests are the first's)."""
    ids = Counter(comm.id for comm in project.comms)
    found = {}
    for comm_id, key in keys.items():
        if comm_id in stored or ids[comm_id] > 1:
            continue
        digests = {rule.ID: ctx.digests[(rule.ID, comm_id)] for rule in plan.digest_rules if (rule.ID, comm_id) in ctx.digests}
        if len(digests) == len(plan.digest_rules):
            found[key] = (None, digests, includes[comm_id])
    return found


def _fill_digests(project: Project, ctx: LintContext, plan: "_Plan", jobs: int) -> None:
    """The cross-comm rules' digests of the comms this run neither linted nor found in the
    cache (the other shards of --shard, a cold --changed-only), computed in ``jobs`` forked
    processes: each one renders its comm, which the rules would otherwise do one by one in
    this process. The first comm of an id stands for it, as in :meth:`LintContext.digest`."""
    todo: dict[str, Comm] = {}
    for comm in project.comms:
        if comm.id not in todo and any((rule.ID, comm.id) not in ctx.digests for rule in plan.digest_rules):
            todo[comm.id] = comm
    if len(todo) < 2 * jobs:
        return  # a few: on demand

    def digests(wctx: LintContext, comm_id: str) -> dict:
        found = plan.digests(wctx, todo[comm_id])
        plan.release(wctx, todo[comm_id])
        return found

    forked = _in_workers(project, ctx, list(todo), jobs, digests)
    for part in forked[0] if forked is not None else ():  # no fork: computed on demand
        for comm_id, found in part.items():
            for rule_id, value in found.items():
                ctx.digests.setdefault((rule_id, comm_id), value)


def _cross_key(shared: str, comms: list[tuple[str, dict | None]], only_comms: set[str] | None, repository_findings: bool, base: Project | None, plan: "_Plan") -> str:
    """The cache key of the cross-comm findings: every comm's key and included templates, in
    order (so every comm's content), what the run reports, and the base's shared files."""
    digest = hashlib.sha256(b"cross\0" + shared.encode())
    for key, included in comms:  # the repr of sorted (path, sha) pairs: 3x cheaper than JSON
        digest.update(f"\n{key}\0{sorted(included.items()) if included is not None else None!r}".encode())
    digest.update(b"\0only\0" + ("*" if only_comms is None else "\n".join(sorted(only_comms))).encode())
    digest.update(b"\0repository\0" + str(bool(repository_findings)).encode())
    if base is not None:
        digest.update(b"\0base\0" + shared_key(base, [r.ID for r in plan.rules], "").encode())
    return "cross:" + digest.hexdigest()


class _Plan:
    """The enabled rules of a project, by scope."""

    def __init__(self, project: Project) -> None:
        self.rules = _enabled_rules(project)
        self.by_scope = {scope: [r for r in self.rules if r.SCOPE == scope] for scope in ("project", "comm", "variant", "text", "ja")}
        self.ja_configured = ja_options(project.guidelines)
        self.repository_rules = [r for r in self.rules if r.SCOPE != "project" and hasattr(r, "check_repository")]
        self.digest_rules = [r for r in self.rules if r.SCOPE == "project" and hasattr(r, "digest")]

    def comm_result(self, ctx: LintContext, comm: Comm, keep: bool = False, keyer: CommKeys | None = None) -> tuple[list[Finding], dict, dict | None]:
        """(findings, digests, includes): what one comm's own rules find, the per-comm digests
        that cross-comm rules compare, and (with ``keyer``) the templates it included — cached
        together, so a warm run need not render the comm. Unless ``keep``, the comm's rendered
        variants and compiled templates are dropped."""
        findings = self.comm_findings(ctx, comm)
        digests = self.digests(ctx, comm)
        for rule_id, value in digests.items():
            ctx.digests[(rule_id, comm.id)] = value
        included = keyer.includes(comm, ctx.renderer) if keyer is not None else None
        if not keep:
            self.release(ctx, comm)
        return findings, digests, included

    def digests(self, ctx: LintContext, comm: Comm) -> dict:
        """Rule id -> the comm's digest, for every cross-comm rule that compares comms."""
        return {rule.ID: rule.digest(comm, ctx) for rule in self.digest_rules}

    @staticmethod
    def release(ctx: LintContext, comm: Comm) -> None:
        """Drop the comm's rendered variants and compiled templates (memory stays flat)."""
        ctx.variants.pop(comm.id, None)
        ctx.renderer.forget(comm)

    def comm_findings(self, ctx: LintContext, comm: Comm) -> list[Finding]:
        """Everything one comm's own rules find: comm, variant, text and ja rules."""
        findings: list[Finding] = []
        for rule in self.by_scope["comm"]:
            findings.extend(rule.check(comm, ctx))
        judged: set[tuple] = set()  # a text two samples render alike gives the same findings twice
        seen = ctx.memo.get("judged-texts")
        if seen is None:  # what the text rules found, per distinct text, for this run
            seen = ctx.memo["judged-texts"] = BoundedCache(JUDGED_TEXTS)
        for variant in ctx.variants_of(comm):
            for rule in self.by_scope["variant"]:
                findings.extend(rule.check(variant, ctx))
            for target in text_targets(variant):
                identity = target.identity
                if identity in judged:
                    continue
                judged.add(identity)
                findings.extend(judge(target, ctx, self.by_scope["text"], self.by_scope["ja"], self.ja_configured, seen))
        return findings


# ---------------------------------------------------------------- parallel workers (fork)
def _parallel(project: Project, ctx: LintContext, plan: _Plan, keyer: CommKeys | None, comms: list[Comm], jobs: int,
              show_progress: bool = False) -> dict[str, tuple]:
    """Lint ``comms`` in ``jobs`` forked processes; each inherits the loaded project, the plan
    and the ``keyer`` (with it, each result names the templates the comm included)."""
    by_id = {comm.id: comm for comm in comms}
    forked = _in_workers(project, ctx, list(by_id), jobs, lambda wctx, comm_id: plan.comm_result(wctx, by_id[comm_id], keyer=keyer))
    if forked is None:  # no fork (Windows): lint in this process
        return {comm.id: plan.comm_result(ctx, comm, keyer=keyer) for comm in comms}
    parts, _ = forked
    results: dict[str, tuple] = {}
    for part in progress(parts, len(by_id), "Linting", enabled=show_progress, unit="comms", size=len):  # a part: a chunk's results
        results.update(part)
    return results


def _in_workers(project: Project, ctx: LintContext, ids: list[str], jobs: int, task):
    """(results, number of chunks): ``{id: task(worker context, id)}`` per chunk of ``ids``,
    from ``jobs`` forked processes that each keep one :class:`LintContext` (its renderer
    caches) for all their chunks; None where fork is unavailable."""
    from .forking import fork_imap

    size = max(1, min(200, len(ids) // (jobs * 8)))  # small chunks: the workers finish together
    chunks = [ids[i : i + size] for i in range(0, len(ids), size)]
    worker: dict[str, LintContext] = {}
    budget = ctx.renderer.budget
    budget.share()  # the workers draw from the run's render budget, not one each

    def work(chunk: list[str]) -> dict:
        if "ctx" not in worker:
            worker["ctx"] = LintContext(project=project, renderer=Renderer(project, budget), today=ctx.today, base=ctx.base)
        return {key: task(worker["ctx"], key) for key in chunk}

    parts = fork_imap(work, chunks, jobs)
    return None if parts is None else (parts, len(chunks))


class CachedResults:
    """What the result cache knows about a project's comms, for
    :func:`ccm_cli.incremental.affected_comms`: their near-duplicate signatures
    (:meth:`digests`) and the templates they include (:meth:`includes`). One key per comm and
    one read per row (the cache reads a row once per run), however many questions are asked."""

    def __init__(self, cache: ResultCache, today: _dt.date | None = None) -> None:
        self.cache = cache
        self.day = today or _dt.date.today()
        self._keyers: dict[int, tuple[Project, CommKeys]] = {}  # the project kept: its id stays its own

    def _rows_of(self, project: Project, comms: list[Comm]) -> tuple[list[tuple | None], CommKeys]:
        """(each comm's cached row or None, valid or not; the project's CommKeys)."""
        if id(project) not in self._keyers:
            self._keyers[id(project)] = (project, CommKeys(project, [r.ID for r in _enabled_rules(project)], self.day))
        keyer = self._keyers[id(project)][1]
        keys = keyer.keys(comms)
        found = self.cache.get_many(keys)
        return [found.get(key) for key in keys], keyer

    def digests(self, project: Project, comms: list[Comm]) -> dict:
        """{comm id: near-duplicate signatures, or None without a valid row}."""
        rows, keyer = self._rows_of(project, comms)
        return {comm.id: row[1].get("consistency/near-duplicate") if row is not None and keyer.still_valid(row[2]) else None
                for comm, row in zip(comms, rows)}

    def includes(self, project: Project, comms: list[Comm], changed: frozenset[str]) -> list[dict | None]:
        """For each comm, the templates its cached result recorded it includes (transitively;
        see :class:`CommKeys`), or None when there is no row or a template it recorded changed
        other than those in ``changed`` (a comm that includes a changed template is affected
        whatever else that template now includes)."""
        rows, keyer = self._rows_of(project, comms)
        return [row[2] if row is not None and keyer.still_valid(row[2], ignoring=changed) else None for row in rows]


def _enabled_rules(project: Project):
    lint_config = project.config.get("lint")
    disabled = lint_config.get("disable", []) if isinstance(lint_config, dict) else []
    return [r for r in registry.all_rules() if not any(fnmatchcase(r.ID, str(p)) for p in disabled or [])]


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per rule and place: samples that break the same line once, not N times."""
    best: dict[tuple, Finding] = {}
    for finding in findings:
        key = (finding.rule, finding.comm, finding.locale, finding.channel, finding.file, finding.line, finding.column)
        current = best.get(key)
        if current is None or finding.severity > current.severity:
            best[key] = finding
    return list(best.values())
