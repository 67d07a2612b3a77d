"""Who must own what (SPEC 2.9): ccm.yaml's ``governance:`` (path prefix → team key) and
``teams:`` (team key → CODEOWNERS owner), and the defaults when ``governance:`` is absent.

The team of a path is the longest governance prefix that holds it. A team key resolves to an
owner through ``teams:``; a key ``teams:`` does not name resolves to the CODEOWNERS owner whose
team slug is the key (``compliance`` → ``@kumo-energy/compliance``), or to nothing.

Defaults (no ``governance:`` key): :data:`DEFAULT_GOVERNANCE` — ``policies/`` → compliance,
``policies/clauses/`` → legal, ``brand/`` → brand — each only where the repository says who
that team is (``teams:`` names it, or a CODEOWNERS line lists an owner with that slug). ccm
never invents a team: a repository whose CODEOWNERS names no compliance team gets no default
for ``policies/``; and where no legal team is named, ``policies/clauses/`` is left to
``governance/clause-owner`` rather than handed to compliance.
"""

from __future__ import annotations

from dataclasses import dataclass

from .codeowners import Rule, parse, team_slug

DEFAULT_GOVERNANCE = (("policies/", "compliance"), ("policies/clauses/", "legal"), ("brand/", "brand"))


@dataclass(frozen=True)
class Entry:
    prefix: str  # as ccm.yaml wrote it (a folder ends with "/")
    team: str  # the team key
    owner: str | None  # the CODEOWNERS owner it resolves to (None: unknown team)
    declared: bool  # written in ccm.yaml (False: a default)


@dataclass(frozen=True)
class Governance:
    entries: tuple[Entry, ...]
    teams: dict  # team key -> owner, as ccm.yaml declared them (valid strings only)
    rules: tuple[Rule, ...] | None  # the CODEOWNERS lines (None: no CODEOWNERS file)
    declared: bool  # ccm.yaml has a governance: mapping

    def entry_for(self, path: str) -> Entry | None:
        """The entry of the longest prefix that holds ``path``, when its team resolves to an
        owner (a path whose team is unknown is not handed to a shorter prefix's team)."""
        best = None
        for entry in self.entries:
            if holds(entry.prefix, path) and (best is None or len(norm(entry.prefix)) > len(norm(best.prefix))):
                best = entry
        return best if best is not None and best.owner is not None else None


def norm(prefix: str) -> str:
    return prefix.strip().lstrip("/")


def holds(prefix: str, path: str) -> bool:
    """Does governance ``prefix`` (a folder ``x/``, or a file or folder ``x``) hold ``path``?"""
    body = norm(prefix)
    if not body:
        return False
    if body.endswith("/"):
        return path.startswith(body)
    return path == body or path.startswith(body + "/")


def resolve(team: str, teams: dict, rules) -> str | None:
    """The CODEOWNERS owner of team key ``team``, or None when the repository does not say."""
    if team in teams:
        return teams[team]
    for rule in rules or ():
        for owner in rule.owners:
            if team_slug(owner) == team.lower():
                return owner
    return None


def governance_of(project) -> Governance:
    """The project's governance, read once per run (kept in ``project.cache``)."""
    key = ("governance",)
    if key not in project.cache:
        project.cache[key] = _read(project.config, project.codeowners)
    return project.cache[key]


def _read(config: dict, codeowners: tuple[str, str] | None) -> Governance:
    rules = tuple(parse(codeowners[1])) if codeowners else None
    raw_teams = config.get("teams")
    teams = {str(k): v.strip() for k, v in raw_teams.items() if isinstance(v, str) and v.strip()} if isinstance(raw_teams, dict) else {}
    raw = config.get("governance")
    if isinstance(raw, dict):
        entries = tuple(Entry(str(prefix), str(team), resolve(str(team), teams, rules), True)
                        for prefix, team in raw.items() if isinstance(team, str) and str(prefix).strip())
        return Governance(entries, teams, rules, True)
    entries = tuple(Entry(prefix, team, resolve(team, teams, rules), False) for prefix, team in DEFAULT_GOVERNANCE)
    return Governance(entries, teams, rules, False)
