"""Schema validation results shared by the schema rules (computed once per run)."""

from __future__ import annotations

from ...schemas import SchemaIssue, validate
from ..base import LintContext


def schema_issues(ctx: LintContext) -> list[SchemaIssue]:
    if "schema-issues" not in ctx.memo:
        issues: list[SchemaIssue] = []
        for name, doc in ctx.project.documents:
            issues.extend(validate(name, doc))
        ctx.memo["schema-issues"] = issues
    return ctx.memo["schema-issues"]
