"""What one comm uses of the shared content, found without rendering it.

:func:`comm_uses` follows every template of each locale × channel of a comm through the
snippets it includes and the clauses it inserts (:func:`ccm_cli.render.reach`, the walk the
renderer, ``--changed-only`` and the result store share) and returns a JSON-able record::

    {"variants": {"en-US|email": {"snippets": ["comms/_snippets/help-footer.en.j2"],
                                  "facts": ["brand", "support_phone"],
                                  "clauses": ["us-can-spam-footer"]}, ...},
     "required": ["sms-stop-help"],      # clauses whose required_for may select the comm
     "segments": ["overdue_7d", "payment_holiday"],
     "any_snippet": false, "any_clause": false}

A fact path ``""`` means every fact (a loop over ``facts``, a computed key); ``any_snippet`` /
``any_clause``: a template loads a computed name / inserts a computed clause id, so any
snippet / clause may be used. The lint rules store this record as their digest.
"""

from __future__ import annotations

from collections.abc import Callable

from jinja2 import TemplateSyntaxError

from ..model import Comm, Project
from ..policy.selectors import matches_selectors
from ..render import Renderer, Usage, reach, walk

SNIPPETS = "comms/_snippets/"


def comm_uses(comm: Comm, project: Project, direct: Callable[[str], Usage], memo: dict | None = None) -> dict:
    """The record above for one comm; ``direct(source)``: what one template text uses by itself
    (a renderer's ``direct_usage`` where the comm is rendered anyway, else :func:`walker`);
    ``memo``: what the same templates reach, kept between calls (copies are followed once)."""
    variants: dict[str, dict] = {}
    any_snippet = any_clause = False
    memo = {} if memo is None else memo
    for locale, channel in sorted(comm.variants()):
        sources = tuple(tfield.source for tfield in comm.fields_for(locale, channel))
        found = memo.get(sources)
        if found is None:
            reached = reach(project, sources, direct)
            found = memo[sources] = ({"snippets": sorted(rel for rel in reached.files if rel.startswith(SNIPPETS)),
                                      "facts": sorted(reached.facts), "clauses": sorted(reached.clauses)},
                                     reached.any_file, reached.any_clause)
        any_snippet |= found[1]
        any_clause |= found[2]
        variants[f"{locale}|{channel}"] = found[0]  # shared between copies: read, never modified
    required = sorted(clause.id for clause in project.clause_list
                      if clause.required_for and matches_selectors(comm, clause.required_for))
    return {"variants": variants, "required": required, "segments": sorted(audience_segments(comm)),
            "any_snippet": any_snippet, "any_clause": any_clause}


def walker(renderer: Renderer) -> Callable[[str], Usage]:
    """What one template text uses by itself, from a parse and one walk of it (memoised by
    text): without the renderer's name tracking, which only variable paths need."""
    found: dict[str, Usage] = {}

    def direct(source: str) -> Usage:
        usage = found.get(source)
        if usage is None:
            try:
                usage = walk(renderer.env.parse(source))[0]
            except (TemplateSyntaxError, RecursionError, MemoryError):
                usage = Usage()  # reported by template/syntax-error or template/resource-limit
            found[source] = usage
        return usage

    return direct


def audience_segments(comm: Comm) -> set[str]:
    """The segments a comm's audience names (``segment`` and ``exclude``)."""
    audience = comm.audience if isinstance(comm.audience, dict) else {}
    named = set()
    if isinstance(audience.get("segment"), str):
        named.add(audience["segment"])
    excludes = audience.get("exclude")
    for name in [excludes] if isinstance(excludes, str) else excludes if isinstance(excludes, list) else []:
        if isinstance(name, str):
            named.add(name)
    return named


def reads_fact(used, path: str) -> bool:
    """Does reading the fact paths ``used`` read the fact at ``path`` ("" reads every fact; a
    branch reads every fact below it)?"""
    return any(u == "" or u == path or path.startswith(u + ".") or u.startswith(path + ".") for u in used)


PARTS = {  # kind -> (what of each variant's uses, the record's other keys) that judge that kind
    "snippet": ("snippets", ("any_snippet",)),
    "fact": ("facts", ()),
    "clause": ("clauses", ("required", "any_clause")),
    "segment": (None, ("segments",)),
}


def part(record: dict, kind: str) -> dict:
    """The part of a :func:`comm_uses` record that judges one kind of content (what a lint rule
    of that kind stores as its digest)."""
    per_variant, keys = PARTS[kind]
    out = {key: record[key] for key in keys}
    if per_variant is not None:
        out["variants"] = {where: {per_variant: uses[per_variant]} for where, uses in record["variants"].items()}
    return out
