"""Run the rules over a loaded project: the check stage of load → render → check → report.

The linter knows nothing about output; formatters know nothing about rules.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from . import rules as registry
from .cache import ResultCache, comm_key, shared_key
from .findings import Finding
from .model import Comm, Project
from .progress import progress
from .render import Renderer, Variant
from .rules.base import LintContext
from .suppress import apply as apply_suppressions
from .textcheck import ja_options, run_ja_rules, run_text_rule, text_targets


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
    keys: dict[str, str] = {}
    cross: list[Finding] | None = None  # what the project-scope rules find, when cached
    cross_key = None
    if cache is not None and not keep_variants:
        shared = shared_key(project, [r.ID for r in plan.rules], ctx.today.isoformat())
        every = [comm_key(shared, comm) for comm in project.comms]
        keys = {comm.id: key for comm, key in zip(project.comms, every) if only_comms is None or comm.id in only_comms}
        cross_key = _cross_key(shared, every, only_comms, repository_findings, base, plan)
        hits = cache.get_many(list(keys.values()) + [cross_key])
        cross = hits[cross_key][0] if cross_key in hits else None
        per_comm = {comm.id: hits[keys[comm.id]] for comm in comms if keys[comm.id] in hits}
        cache.hits, cache.misses = len(per_comm), len(comms) - len(per_comm)
        if cross is None and plan.digest_rules and len(comms) < len(project.comms):
            # cross-comm rules compare every comm: take the others' digests from the cache
            others = {key: comm.id for comm, key in zip(project.comms, every) if comm.id not in keys}
            for key, (_, digests) in cache.get_many(list(others)).items():
                for rule_id, value in digests.items():
                    ctx.digests[(rule_id, others[key])] = value
    todo = [comm for comm in comms if comm.id not in per_comm]
    if jobs > 1 and len(todo) >= 2 * jobs and not keep_variants:
        fresh = _parallel(project, ctx, todo, jobs, show_progress)
    else:
        fresh = {comm.id: plan.comm_result(ctx, comm, keep=keep_variants) for comm in progress(todo, len(todo), "Linting", enabled=show_progress)}
    per_comm.update(fresh)
    for comm_id, (_, digests) in per_comm.items():
        for rule_id, value in digests.items():
            ctx.digests[(rule_id, comm_id)] = value
    if cache is not None and keys:
        cache.put_many({keys[comm_id]: result for comm_id, result in fresh.items()})

    findings: list[Finding] = [f for comm in comms for f in per_comm[comm.id][0]]
    if cross is None:
        cross = _cross_comm_findings(project, ctx, plan, {comm.id for comm in comms}, repository_findings)
        if cache is not None and cross_key is not None:
            cache.put_many({cross_key: (cross, {})})
    findings.extend(cross)
    findings, suppressed = apply_suppressions(_dedupe(findings), project)
    return LintResult(
        findings=sorted(findings, key=lambda f: f.sort_key),
        comms=len(comms),
        variants=sum(len({(f.locale, f.channel) for f in comm.fields}) for comm in comms),
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


def _cross_key(shared: str, comm_keys: list[str], only_comms: set[str] | None, repository_findings: bool, base: Project | None, plan: "_Plan") -> str:
    """The cache key of the cross-comm findings: every comm's key, in order (so every comm's
    content), what the run reports, and the base project's shared files (clause versions)."""
    digest = hashlib.sha256(b"cross\0" + shared.encode())
    digest.update("\n".join(comm_keys).encode())
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

    def comm_result(self, ctx: LintContext, comm: Comm, keep: bool = False) -> tuple[list[Finding], dict]:
        """(findings, digests): what one comm's own rules find, and the per-comm digests that
        cross-comm rules compare (cached together, so a warm run need not render the comm).
        Unless ``keep``, the comm's rendered variants and compiled templates are dropped."""
        findings = self.comm_findings(ctx, comm)
        digests = {rule.ID: rule.digest(comm, ctx) for rule in self.digest_rules}
        for rule_id, value in digests.items():
            ctx.digests[(rule_id, comm.id)] = value
        if not keep:
            ctx.variants.pop(comm.id, None)
            ctx.renderer.forget(comm)
        return findings, digests

    def comm_findings(self, ctx: LintContext, comm: Comm) -> list[Finding]:
        """Everything one comm's own rules find: comm, variant, text and ja rules."""
        findings: list[Finding] = []
        for rule in self.by_scope["comm"]:
            findings.extend(rule.check(comm, ctx))
        for variant in ctx.variants_of(comm):
            for rule in self.by_scope["variant"]:
                findings.extend(rule.check(variant, ctx))
            for target in text_targets(variant):
                for rule in self.by_scope["text"]:
                    findings.extend(run_text_rule(rule, target, ctx))
                if target.language == "ja" and self.ja_configured:
                    findings.extend(run_ja_rules(target, ctx, self.by_scope["ja"], self.ja_configured))
        return findings


# ---------------------------------------------------------------- parallel workers (fork)
_WORKER: dict = {}


def _parallel(project: Project, ctx: LintContext, comms: list[Comm], jobs: int, show_progress: bool = False) -> dict[str, tuple[list[Finding], dict]]:
    """Lint ``comms`` in ``jobs`` forked processes; each inherits the loaded project."""
    import multiprocessing

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork (Windows/macOS spawn): lint in this process
        plan = _Plan(project)
        return {comm.id: plan.comm_result(ctx, comm) for comm in comms}
    _WORKER.update(project=project, today=ctx.today, base=ctx.base, comms={c.id: c for c in comms})
    ids = [comm.id for comm in comms]
    size = max(1, len(ids) // (jobs * 8))
    chunks = [ids[i : i + size] for i in range(0, len(ids), size)]
    results: dict[str, tuple[list[Finding], dict]] = {}
    try:
        with context.Pool(jobs) as pool:
            for part in progress(pool.imap_unordered(_work, chunks), len(chunks), "Linting", enabled=show_progress):
                results.update(part)
    finally:
        _WORKER.clear()
    return results


def _work(ids: list[str]) -> dict[str, tuple[list[Finding], dict]]:
    if "ctx" not in _WORKER:
        project = _WORKER["project"]
        _WORKER["ctx"] = LintContext(project=project, renderer=Renderer(project), today=_WORKER["today"], base=_WORKER["base"])
        _WORKER["plan"] = _Plan(project)
    ctx, plan = _WORKER["ctx"], _WORKER["plan"]
    out = {}
    for comm_id in ids:
        out[comm_id] = plan.comm_result(ctx, _WORKER["comms"][comm_id])
    return out


def cached_digests(cache: ResultCache, today: _dt.date | None = None):
    """A ``digests(project, comms)`` function answering from the result cache ({comm id:
    near-duplicate signatures, or None on a miss}), for
    :func:`ccm_cli.incremental.affected_comms`."""
    shared: dict[int, str] = {}
    day = (today or _dt.date.today()).isoformat()

    def lookup(project: Project, comms: list[Comm]) -> dict:
        if id(project) not in shared:
            shared[id(project)] = shared_key(project, [r.ID for r in _enabled_rules(project)], day)
        keys = {comm.id: comm_key(shared[id(project)], comm) for comm in comms}
        hits = cache.get_many(list(keys.values()))
        return {comm_id: hits[key][1].get("consistency/near-duplicate") if key in hits else None for comm_id, key in keys.items()}

    return lookup


def shard_comms(project: Project, index: int, total: int) -> set[str]:
    """The comm ids of shard ``index`` of ``total`` (1-based), by a stable hash of the id."""
    return {comm.id for comm in project.comms if _stable_bucket(comm.id, total) == index - 1}


def _stable_bucket(comm_id: str, total: int) -> int:
    return int.from_bytes(hashlib.sha256(comm_id.encode("utf-8")).digest()[:8], "big") % total


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
