"""`facts.x` naming a fact that brand/facts.yaml does not have for this locale.

What it checks: every `facts.<path>` a template uses resolves in brand/facts.yaml for the
variant's locale (a fact is a value for all locales or a map locale -> value).
Why: facts are the single source of truth for names, phone numbers and prices; a missing one
means the template fails, or someone will be tempted to type the number by hand.
Bad:
    "Call us on {{ facts.support_phon }}"
Good:
    "Call us on {{ facts.support_phone }}"
"""

from __future__ import annotations

from ...render import CcmUndefined
from ..base import at_field, make

ID = "template/unknown-fact"
CATEGORY = "template"
SEVERITY = "error"
SCOPE = "comm"


def resolves(tree, path: str) -> bool:
    node = tree
    for part in path.split(".")[1:]:
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return not isinstance(node, CcmUndefined)


def check(comm, ctx):
    for tfield in comm.fields:
        tree = ctx.renderer.facts(tfield.locale)
        for path in sorted(ctx.usage(tfield).facts):
            if resolves(tree, path):
                continue
            yield make(__name__, f"unknown fact '{path}' for {tfield.locale}",
                       **at_field(tfield, max(tfield.source.find(path), 0)), comm=comm, locale=tfield.locale,
                       channel=tfield.channel, excerpt=path,
                       fix=f"Add {path[len('facts.'):]} to brand/facts.yaml (for {tfield.locale}) or fix the name")
