"""A policy that lint cannot read: policies/intents.yaml, policies/audience.yaml or a comm's promises.

What it checks: what the JSON Schemas cannot see (their findings are `schema/*`):

* policies/intents.yaml (SPEC 2.6): a new intent without a description or phrases, a phrase
  with no words that count, an unsafe or invalid `re:` pattern, an alias that is another
  intent's name or alias;
* policies/audience.yaml (SPEC 2.7): `within` or `disjoint` naming a segment that is not
  listed (with "did you mean"), a `within` circle, a segment disjoint with one it is within, a
  segment nobody can be in;
* a comm's `promises:` (SPEC 2.8): an intent that does not exist, a `lasts:` that is not a
  duration, a `"{{ offer.months }} months"` whose variable is not declared or has no `maximum:`.

Each at the file, line and column of the offending value. What cannot be read is left out
(the rest of the file still applies), so the rules that depend on it are weaker until it is fixed.
Why: these files decide what every contact rule sees. A `re:` pattern that does not compile
detects nothing; a `within` cycle or a typo in `disjoint` silently changes which audiences lint
believes can overlap; a promise without an end cannot extend exclusivity.
Bad:
    segments:
      payment_holiday: {within: residental_customers}
Good:
    segments:
      payment_holiday: {within: residential_customers}
"""

from __future__ import annotations

from ...policy.shown import shown
from ...policy.vocabularies import audience_problems, intents_problems
from ..base import at_doc, make

ID = "contact/invalid-policy"
CATEGORY = "contact"
SEVERITY = "error"
SCOPE = "comm"  # a comm's promises; check_repository: policies/intents.yaml and policies/audience.yaml


def check(comm, ctx):
    if comm.get("promises") is None:
        return
    for problem in shown(comm, ctx).problems:
        yield make(__name__, problem.message, **at_doc(comm.doc, problem.path), comm=comm, fix=problem.fix)


def check_repository(project, ctx):
    for problem in intents_problems(project):
        yield make(__name__, problem.message, file=problem.file, line=problem.line, column=problem.column,
                   fix="Fix the entry (`ccm intents` shows the library as lint reads it)")
    for problem in audience_problems(project):
        yield make(__name__, problem.message, file=problem.file, line=problem.line, column=problem.column, fix=problem.fix)
