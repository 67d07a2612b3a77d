"""Run the rules over a loaded project: the check stage of load → render → check → report.

The linter knows nothing about output; formatters know nothing about rules.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from . import rules as registry
from .findings import Finding
from .model import Comm, Project
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
) -> LintResult:
    """Lint ``project``. ``only_comms`` restricts rendering, comm rules and the report to those
    comm ids (the result equals a full lint filtered to them); ``base`` is the project at the
    base ref for rules that compare versions."""
    ctx = LintContext(project=project, renderer=Renderer(project), today=today or _dt.date.today(), base=base)
    rules = _enabled_rules(project)
    by_scope = {scope: [r for r in rules if r.SCOPE == scope] for scope in ("project", "comm", "variant", "text", "ja")}
    ja_configured = ja_options(project.guidelines)
    findings: list[Finding] = []
    variant_count = 0
    comms = [c for c in project.comms if only_comms is None or c.id in only_comms]
    for comm in comms:
        ctx.variants[comm.id] = render_comm(ctx.renderer, comm)
    for rule in by_scope["project"]:
        findings.extend(rule.check(project, ctx))
    if only_comms is not None:
        findings = [f for f in findings if f.comm in only_comms]
    for comm in comms:
        for rule in by_scope["comm"]:
            findings.extend(rule.check(comm, ctx))
        variants = ctx.variants[comm.id]
        variant_count += len({(v.locale, v.channel) for v in variants})
        for variant in variants:
            for rule in by_scope["variant"]:
                findings.extend(rule.check(variant, ctx))
            for target in text_targets(variant):
                for rule in by_scope["text"]:
                    findings.extend(run_text_rule(rule, target, ctx))
                if target.language == "ja" and ja_configured:
                    findings.extend(run_ja_rules(target, ctx, by_scope["ja"], ja_configured))
    findings, suppressed = apply_suppressions(_dedupe(findings), project)
    return LintResult(
        findings=sorted(findings, key=lambda f: f.sort_key),
        comms=len(comms),
        variants=variant_count,
        suppressed=suppressed,
        comm_ids=[comm.id for comm in comms],
        rendered=ctx.variants if keep_variants else {},
    )


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
