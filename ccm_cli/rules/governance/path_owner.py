"""A file under a `governance:` path that CODEOWNERS hands to another team.

What it checks: every file under each path of ccm.yaml's `governance:` (path prefix → team key,
the longest prefix wins; `teams:` maps a key to its CODEOWNERS owner) is owned, by the
CODEOWNERS line that wins for it (the last matching line), by that team. Reported at the
CODEOWNERS line that hands the files to someone else, naming the team that must own them.
Without `governance:` the defaults are `policies/` → compliance, `policies/clauses/` → legal and
`brand/` → brand, each only when the repository says who that team is (`teams:`, or an owner
with that name in CODEOWNERS); ccm never invents a team.
Why: CODEOWNERS decides who must approve a change. A line that hands policies/contact.yaml
(frequency caps, quiet hours, consent) to the marketing team lets the team the caps restrain
approve raising them; compliance learns of it from a complaint.
Bad:
    governance: {policies/: compliance}               # ccm.yaml
    /policies/contact.yaml   @kumo-energy/marketing   # CODEOWNERS, last matching line
Good:
    /policies/               @kumo-energy/compliance
"""

from __future__ import annotations

from ...errors import CcmError
from ...policy.codeowners import owners_for
from ...policy.governance import governance_of, holds, norm
from ..base import at_doc, make

ID = "governance/path-owner"
CATEGORY = "governance"
SEVERITY = "error"
SCOPE = "project"
SHOWN = 3  # paths named in one finding


def governed_files(project, governance) -> dict[str, object]:
    """path -> the governance entry that holds it, for every file under a governance path
    (listed once per run: kept in ``project.cache``)."""
    key = ("governed-files",)
    if key in project.cache:
        return project.cache[key]
    found: dict[str, object] = project.cache.setdefault(key, {})
    source = project.source
    if source is None:
        return found
    for entry in governance.entries:
        if entry.owner is None:
            continue
        body = norm(entry.prefix)
        try:
            candidates = source.files(body.rstrip("/")) if body.endswith("/") or not source.is_file(body) else [body]
        except CcmError:  # a path that leaves the repository (a symlink out, .git/): nothing of it is listed
            continue
        for path in candidates:
            if path not in found and holds(entry.prefix, path) and governance.entry_for(path) is not None:
                found[path] = governance.entry_for(path)
    return found


def check(project, ctx):
    governance = governance_of(project)
    if governance.rules is None or not governance.entries:
        return  # no CODEOWNERS: governance/no-codeowners
    codeowners = project.codeowners[0]
    wrong: dict[tuple, list[str]] = {}
    for path, entry in sorted(governed_files(project, governance).items()):
        rule, owners = owners_for(governance.rules, path)
        if entry.owner.lower() not in {o.lower() for o in owners}:
            wrong.setdefault((rule, entry), []).append(path)
    for (rule, entry), paths in wrong.items():
        named = ", ".join(paths[:SHOWN]) + (f" and {len(paths) - SHOWN} more" if len(paths) > SHOWN else "")
        whose = f"{entry.team} ({entry.owner})"
        source = "governance" if entry.declared else "default governance"
        if rule is not None:
            by = " ".join(rule.owners) or "nobody"
            yield make(__name__, f"line {rule.line} hands {named} to {by}; {source} says {whose} must own {entry.prefix}",
                       file=codeowners, line=rule.line, column=1, excerpt=f"{rule.pattern} {by}",
                       fix=f"Make {entry.owner} the owner of {entry.prefix} on the last line that matches it in {codeowners}")
        else:
            where = at_doc(project.config_doc, ("governance", entry.prefix), key=True) if entry.declared else {"file": codeowners, "line": 1, "column": 1}
            yield make(__name__, f"no line of {codeowners} owns {named}; {source} says {whose} must own {entry.prefix}",
                       **where, excerpt=entry.prefix,
                       fix=f"Add '/{norm(entry.prefix)} {entry.owner}' to {codeowners}")

