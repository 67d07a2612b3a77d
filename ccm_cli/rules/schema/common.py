"""Schema validation results shared by the schema rules (computed once per document).

Comm files are validated by the comm-scope part of the rules (so their results are cached
per comm); every other file (ccm.yaml, brand/, policies/) by their repository part.
"""

from __future__ import annotations

from ...schemas import SchemaIssue, validate
from ..base import LintContext
from ..options import validate as validate_guidelines


def repository_issues(ctx: LintContext) -> list[SchemaIssue]:
    """Schema problems of every file that is not a comm."""
    if "schema-issues" not in ctx.memo:
        issues: list[SchemaIssue] = []
        for name, doc in ctx.project.documents:
            if name == "guidelines":  # against the options the rules declare
                issues.extend(validate_guidelines(doc))
            elif name != "comm":
                issues.extend(validate(name, doc))
        ctx.memo["schema-issues"] = issues
    return ctx.memo["schema-issues"]


def comm_issues(ctx: LintContext, comm) -> list[SchemaIssue]:
    """Schema problems of one comm file."""
    key = ("schema-issues", comm.doc.rel)
    if key not in ctx.memo:
        ctx.memo[key] = validate("comm", comm.doc)
    return ctx.memo[key]


def comm_id(doc) -> str | None:
    """The id of the comm a document is (None for any other file, or a comm without a valid id)."""
    data = doc.data
    return data.get("id") if isinstance(data, dict) and doc.rel.startswith("comms/") and isinstance(data.get("id"), str) else None
