"""A fact in brand/facts.yaml that no comm and no clause reads.

What it checks: every fact (each leaf of brand/facts.yaml; a map locale -> value is one fact)
is read by some comm's templates — directly, through a snippet it includes or a clause it
inserts — or by a clause's text (clauses are shared content: a fact only the CAN-SPAM footer
reads is used). Reading a branch (`{% for plan in facts.plans %}`) reads every fact below it; a
computed key (`facts[name]`) may read any fact, and then no fact is reported. The same
computation as `ccm report reuse`.
Why: facts are the single source of truth a price change or a new phone number is made in. A
fact nothing reads is a second truth: the team updates it and believes customers see the new
value, while the comms type the old one by hand (consistency/hand-typed-fact finds those) or
say nothing at all.
Bad:
    plans: {basic: {name: {en-US: Basic}}}      # no template names {{ facts.plans.basic.name }}
Good:
    Our {{ facts.plans.basic.name }} plan is {{ facts.plans.basic.price }}.
"""

from __future__ import annotations

import sys

from . import _unused
from ..base import make

ID = "consistency/unused-fact"
CATEGORY = "consistency"
SEVERITY = "warning"
SCOPE = "project"


def digest(comm, ctx) -> dict:
    """The fact paths each locale × channel of the comm reads, through its snippets and clauses."""
    return _unused.digest(comm, ctx, "fact")


def check(project, ctx):
    for item in _unused.unused(project, ctx, sys.modules[__name__], "fact"):
        yield make(__name__, f"fact '{item.name}' is read by no comm and no clause", file=item.file, line=item.line,
                   column=item.column, excerpt=item.name,
                   fix=f"Write {{{{ facts.{item.name} }}}} where a comm states it, or remove the fact from {item.file}")


def affected(change, digests):
    """Its findings belong to no comm: a change moves no comm's finding."""
    return set()
