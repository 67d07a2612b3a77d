"""A branch or loop body of a snippet that no sample of any comm renders.

What it checks: every ``{% if %}``/``{% elif %}``/``{% else %}`` branch and ``{% for %}`` body
of a snippet under comms/ that some comm includes is rendered by at least one sample of at
least one comm that includes it. The render records which branches each sample went through
(see ccm_cli/render/coverage.py); the union over all comms is compared with the snippet's
branches. The finding sits on the branch's tag in the snippet file. A snippet no comm
includes is not checked here.
Why: a snippet is shared copy; a branch of it that no comm's sample takes is text no preview
shows and no rendered check reads (template/uncovered-branch covers the comms' own fields).
Bad:
    # comms/_snippets/footer.en.j2
    {% if customer.plan == "business" %}Your account manager: …{% endif %}
    # …and no comm including it has a sample with customer.plan: business
Good:
    samples:
      - {name: business, data: {customer: {plan: business}}}
"""

from __future__ import annotations

import sys

from ...model import FileOrigin
from ...render.coverage import SnippetKey, branch_table, may_branch, uncovered
from ..base import make

ID = "template/uncovered-snippet-branch"
CATEGORY = "template"
SEVERITY = "warning"
SCOPE = "project"

MAX_PER_SNIPPET = 50  # findings per snippet, at most


def digest(comm, ctx) -> dict:
    """The snippets the comm includes, and the (snippet, branch number) its samples entered."""
    includes = sorted(ctx.comm_usage(comm).snippets)
    if not includes:
        return {}
    entered = set()
    failed = False
    for variant in ctx.variants_of(comm):
        failed = failed or bool(variant.errors)
        for key, index in variant.branches:
            if isinstance(key, SnippetKey):
                entered.add((key.name, index))
    return {"includes": includes, "entered": sorted([name, index] for name, index in entered), "failed": failed}


def check(project, ctx):
    module = sys.modules[__name__]
    included: set[str] = set()
    entered: set[tuple[str, int]] = set()
    incomplete: set[str] = set()
    for comm in project.comms:
        found = ctx.digest(module, comm) or {}
        names = set(found.get("includes", ()))
        included |= names
        entered |= {(name, index) for name, index in found.get("entered", ())}
        if found.get("failed"):
            incomplete |= names  # a render failed: what it would have entered is unknown
    for name in sorted(included - incomplete):
        source = project.snippets.get(name)
        if not isinstance(source, str) or not may_branch(source):
            continue
        table = branch_table(ctx.renderer.env, source)
        if table is None:
            continue
        covered = {(name, index) for key, index in entered if key == name}
        origin = FileOrigin(f"comms/{name}", source)
        for branch in uncovered(table, name, covered)[:MAX_PER_SNIPPET]:
            tag = " ".join(branch.tag.split())
            line, column = origin.locate(branch.offset) if branch.offset is not None else (branch.lineno, 1)
            yield make(
                __name__,
                f"`{tag}` is never rendered by a sample of the comms that include {name}: add {branch.wants} to one of them",
                file=origin.file, line=line, column=column, excerpt=tag,
                fix=f"Add {branch.wants} to a comm that includes {name} (or remove the branch)",
            )


def affected(change, digests):
    """Its findings belong to no comm: no comm's findings move."""
    return set()
