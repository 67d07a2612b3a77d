"""A template branch or loop body that no sample renders.

What it checks: every ``{% if %}``, ``{% elif %}`` and ``{% else %}`` branch and every
``{% for %}`` body (and its ``{% else %}``) of a comm's fields — written in the YAML or in a
template file (``body_file:``) — is rendered by at least one sample. Which branches a sample
went through is recorded by the compiled template itself while the samples render (see
ccm_cli/render/coverage.py), not guessed. A branch inside an unrendered branch is reported
through the outer one. The finding sits on the branch's tag and says what sample is missing.
Why: lint and preview judge what the samples render. A branch no sample renders is copy no
reviewer saw rendered and whose expressions never ran (its literal text is still checked by
the text rules, at its template line). Removing one sample of a four-segment banner hides a
segment's copy.
Bad:
    samples:
      - {name: home, data: {customer: {segment: home}}}
    content:
      en-US:
        sms:
          body: "{% if customer.segment == 'home' %}…{% elif customer.segment == 'business' %}…{% endif %}"
Good:
    samples:
      - {name: home, data: {customer: {segment: home}}}
      - {name: business, data: {customer: {segment: business}}}
"""

from __future__ import annotations

from ...render.coverage import field_coverage
from ..base import at_field, make

ID = "template/uncovered-branch"
CATEGORY = "template"
SEVERITY = "warning"
SCOPE = "comm"

MAX_PER_FIELD = 50  # findings per field, at most


def check(comm, ctx):
    if not comm.fields:
        return
    variants = ctx.variants_of(comm)
    for coverage in field_coverage(ctx.renderer, comm, variants):
        tfield = coverage.tfield
        missing = coverage.uncovered()
        if len(missing) > MAX_PER_FIELD:  # a template of thousands of branches: bounded output
            rest = missing[MAX_PER_FIELD:]
            missing = missing[:MAX_PER_FIELD]
            yield make(__name__, f"{len(rest)} more branches of {tfield.name} are never rendered by a sample (the first {MAX_PER_FIELD} are reported)",
                       **_where(tfield, rest[0]), comm=comm, locale=tfield.locale, channel=tfield.channel,
                       fix="Add samples that take each branch (or remove the branches no customer can reach)")
        for branch in missing:
            tag = " ".join(branch.tag.split())
            if len(tag) > 100:
                tag = tag[:99] + "…"
            what = "loop body" if branch.kind == "for" else "branch"
            yield make(
                __name__,
                f"`{tag}` ({tfield.name}: {what}) is never rendered by a sample: add {branch.wants}",
                **_where(tfield, branch),
                comm=comm,
                locale=tfield.locale,
                channel=tfield.channel,
                excerpt=tag,
                fix=f"Add {branch.wants} (or remove the {what} if no customer can reach it)",
            )


def _where(tfield, branch) -> dict:
    """The branch's tag in the file it was typed in."""
    if branch.offset is not None:
        return at_field(tfield, branch.offset)
    return {"file": tfield.origin.file, **_line(tfield, branch.lineno)}


def _line(tfield, lineno: int) -> dict:
    """The position of the start of template line ``lineno`` (when the tag's own place is unknown)."""
    offset = 0
    for _ in range(max(lineno - 1, 0)):
        found = tfield.source.find("\n", offset)
        if found < 0:
            break
        offset = found + 1
    line, column = tfield.origin.locate(offset)
    return {"line": line, "column": column}
