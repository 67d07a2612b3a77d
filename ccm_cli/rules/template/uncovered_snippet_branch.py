"""A branch or loop body of a snippet that no sample of any comm renders.

What it checks: every ``{% if %}``/``{% elif %}``/``{% else %}`` branch and ``{% for %}`` body
of a snippet under comms/ that some comm includes is rendered by at least one sample of at
least one comm that includes it. The render records which branches each sample went through
(see ccm_cli/render/coverage.py); the union over all comms is compared with the snippet's
branches. The finding sits on the branch's tag in the snippet file. A snippet no comm
includes is not checked here. The literal text of such a branch is handed to the text rules
(``text_targets``), read in the locale and channel of the first field that includes it, and
their findings point at the snippet's line.
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

from ...model import FileOrigin, language
from ...render import read_snippet
from ...render.coverage import SnippetKey, branch_table, may_branch, uncovered
from ..base import make

ID = "template/uncovered-snippet-branch"
CATEGORY = "template"
SEVERITY = "warning"
SCOPE = "project"

MAX_PER_SNIPPET = 50  # findings per snippet, at most


def digest(comm, ctx) -> dict:
    """The snippets the comm includes, and the (snippet, branch number) its samples entered."""
    where: dict[str, list] = {}  # snippet -> [locale, channel, field] of the first field that includes it
    for tfield in comm.fields:
        for name in sorted(ctx.usage(tfield).snippets):
            where.setdefault(name, [tfield.locale, tfield.channel, tfield.name])
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
    return {"includes": includes, "entered": sorted([name, index] for name, index in entered), "failed": failed,
            "where": sorted([name, *place] for name, place in where.items())}


def _coverage(project, ctx):
    """(snippet name, its source, its branch table, the branches entered, where it is read)
    for every snippet some comm includes and no comm's render of failed; once per run."""
    key = ("uncovered-snippet-branch", id(project))
    if key in ctx.memo:
        return ctx.memo[key]
    module = sys.modules[__name__]
    included: set[str] = set()
    entered: set[tuple[str, int]] = set()
    incomplete: set[str] = set()
    read_as: dict[str, tuple] = {}
    for comm in project.comms:
        found = ctx.digest(module, comm) or {}
        names = set(found.get("includes", ()))
        included |= names
        entered |= {(name, index) for name, index in found.get("entered", ())}
        for name, *place in found.get("where", ()):
            read_as.setdefault(name, tuple(place))
        if found.get("failed"):
            incomplete |= names  # a render failed: what it would have entered is unknown
    result = []
    for name in sorted(included - incomplete):
        source = read_snippet(project, name)
        if not isinstance(source, str) or not may_branch(source):
            continue
        table = branch_table(ctx.renderer.env, source)
        if table is not None and table.branches:
            covered = {(name, index) for key, index in entered if key == name}
            result.append((name, source, table, covered, read_as.get(name)))
    ctx.memo[key] = result
    return result


def check(project, ctx):
    for name, source, table, covered, _read_as in _coverage(project, ctx):
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


def text_targets(project, ctx):
    """The text of the snippet branches no comm renders, for the text rules (read as in the
    first field that includes the snippet: its locale and channel), located in the snippet."""
    from ...model import TemplateField
    from ...render.coverage import FieldCoverage, unrendered_text
    from ...text_rules import PLACEHOLDER, PLACEHOLDER_DEFAULT, branch_text_targets

    for name, source, table, covered, read_as in _coverage(project, ctx):
        if not read_as or len(read_as) != 3:
            continue
        locale, channel, field = (str(part) for part in read_as)
        tfield = TemplateField("", locale, channel, field, source, FileOrigin(f"comms/{name}", source))
        placeholder = PLACEHOLDER.get(language(locale), PLACEHOLDER_DEFAULT)
        yield from branch_text_targets(tfield, unrendered_text(FieldCoverage(tfield, table, name, covered), placeholder))


def affected(change, digests):
    """Its findings belong to no comm: no comm's findings move."""
    return set()
