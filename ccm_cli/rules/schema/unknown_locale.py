"""Content for a locale the project does not declare.

What it checks: every locale under a comm's `content:` and a clause's `text:` is listed in
`locales:` of ccm.yaml.
Why: a typo such as `ja-jp` or `en_US` creates copy that is never selected for any customer,
while the real locale silently falls back or is missing.
Bad:
    content:
      ja_JP: {sms: {body: "..."}}
Good:
    content:
      ja-JP: {sms: {body: "..."}}
"""

from __future__ import annotations

import difflib

from ..base import at_doc, make

ID = "schema/unknown-locale"
CATEGORY = "schema"
SEVERITY = "error"
SCOPE = "project"


def check(project, ctx):
    known = project.locales
    comms = [c for c in project.comms if ctx.wanted is None or c.id in ctx.wanted]  # what this run reports
    items = [(c, "content", c.id) for c in comms] + [(c, "text", None) for c in project.clause_list]
    for item, key, comm_id in items:
        block = item.data.get(key)
        if not isinstance(block, dict):
            continue
        for locale in block:
            if str(locale) in known:
                continue
            guess = difflib.get_close_matches(str(locale), known, n=1, cutoff=0.5)
            fix = f"Use '{guess[0]}'" if guess else f"Add '{locale}' to locales in ccm.yaml"
            yield make(__name__, f"locale '{locale}' is not in ccm.yaml locales ({', '.join(known)})",
                       **at_doc(item.doc, (key, locale), key=True), comm=comm_id, locale=str(locale),
                       excerpt=str(locale), fix=fix)
