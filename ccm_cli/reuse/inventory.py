"""The shared content a repository stores, who uses each piece, and what nothing uses.

:func:`tally` takes every comm's :func:`.uses.comm_uses` record and counts, for each snippet
file (``comms/_snippets/``), fact (each leaf of brand/facts.yaml: a locale map is one fact),
clause (the repository's ``policies/clauses/``; a pack's built-in clauses are not stored
here) and segment (policies/audience.yaml), the comms and the variants (locale × channel) that
render or name it. What counts as used:

* a **snippet**: a comm's template includes it, directly or through another snippet;
* a **fact**: a comm renders it (through its templates, snippets or the clauses it inserts),
  or a clause's text reads it (a clause is shared content too);
* a **clause**: a comm inserts it, or its ``required_for`` may select a comm (lint then
  requires it: ``clause/required-missing`` says so when it is absent);
* a **segment**: a comm's audience, policies/contact.yaml (``suppressions[].exclude``) or a
  ``disjoint`` group of policies/audience.yaml names it (a declared relation is a policy about
  it), or a used segment is ``within`` it.

A computed include name, clause id or fact key means anything of its kind may be used: then
nothing of that kind is reported unused (``Tally.unknown`` says which kinds).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Project
from ..render import Renderer, is_locale_map
from .uses import SNIPPETS, reads_fact

CLAUSES = "policies/clauses/"


@dataclass
class Item:
    """One piece of shared content: its kind, name, where it is defined and who uses it."""

    kind: str  # snippet | fact | clause | segment
    name: str
    file: str | None
    line: int | None = None
    column: int | None = None
    comms: set[str] = field(default_factory=set)
    variants: int = 0
    other: list[str] = field(default_factory=list)  # what else uses it: "clause us-can-spam-footer", "policies/contact.yaml"

    @property
    def used(self) -> bool:
        return bool(self.comms or self.other)


@dataclass
class Tally:
    items: dict[str, list[Item]]  # kind -> items, in file order
    unknown: set[str]  # kinds that a computed name may use entirely

    def unused(self, kind: str) -> list[Item]:
        return [] if kind in self.unknown else [item for item in self.items[kind] if not item.used]


def flat_facts(tree: object, prefix: tuple = ()) -> list[tuple[str, ...]]:
    """Every fact's path (a locale map is one fact), in file order."""
    if isinstance(tree, dict) and not is_locale_map(tree):
        found: list[tuple[str, ...]] = []
        for key, value in tree.items():
            found.extend(flat_facts(value, (*prefix, str(key))))
        return found
    return [prefix] if prefix else []


def snippet_files(project: Project) -> list[str]:
    source = project.source
    if source is None:
        return []
    return [rel for rel in source.files(SNIPPETS.rstrip("/")) if not rel.rsplit("/", 1)[-1].startswith(".")]


def repository_clauses(project: Project) -> list:
    return [clause for clause in project.clause_list if clause.file.startswith(CLAUSES)]


def tally(project: Project, records: list[tuple[str, dict]], renderer: Renderer) -> Tally:
    """Who uses what; ``records``: (comm id, :func:`.uses.comm_uses` record, or the part of it
    one kind needs: :func:`.uses.part`) for every comm."""
    from ..policy.vocabularies import audience_vocabulary

    facts_doc = project.doc("facts")
    fact_items = []
    for path in flat_facts(project.facts):
        line, column = facts_doc.key_position(path) if facts_doc is not None else (None, None)
        fact_items.append(Item("fact", ".".join(path), facts_doc.rel if facts_doc is not None else None, line, column))
    items = {
        "snippet": [Item("snippet", rel[len("comms/"):], rel, 1, 1) for rel in snippet_files(project)],
        "fact": fact_items,
        "clause": [Item("clause", c.id, c.file, *c.doc.position(("id",))) for c in repository_clauses(project)],
        "segment": [],
    }
    vocabulary = audience_vocabulary(project)
    if vocabulary.exists:
        items["segment"] = [Item("segment", s.name, vocabulary.rel, s.line or None, s.column or None) for s in vocabulary.segments.values()]
    by_name = {kind: {item.name: item for item in found} for kind, found in items.items()}
    snippets, clauses, segments = by_name["snippet"], by_name["clause"], by_name["segment"]
    unknown: set[str] = set()
    fact_reads: dict[str, list[tuple[str, int]]] = {}  # fact path read -> [(comm id, variants)]
    for comm_id, record in records:
        unknown |= {"snippet"} if record.get("any_snippet") else set()
        unknown |= {"clause"} if record.get("any_clause") else set()
        per_variant: dict[str, int] = {}
        for uses in record.get("variants", {}).values():
            for rel in uses.get("snippets", ()):
                _count(snippets.get(rel[len("comms/"):]), comm_id)
            for clause_id in uses.get("clauses", ()):
                _count(clauses.get(clause_id), comm_id)
            for path in uses.get("facts", ()):
                per_variant[path] = per_variant.get(path, 0) + 1
        for path, count in per_variant.items():
            fact_reads.setdefault(path, []).append((comm_id, count))
        for clause_id in record.get("required", ()):
            item = clauses.get(clause_id)
            if item is not None and "required_for" not in item.other:
                item.other.append("required_for")  # lint requires it of a comm (clause/required-missing)
        for name in record.get("segments", ()):
            for segment in vocabulary.lineage(name) if vocabulary.exists else ():
                if segment in segments:
                    segments[segment].comms.add(comm_id)
    if "" in fact_reads:
        unknown.add("fact")
    for item in fact_items:
        for path, readers in fact_reads.items():
            if path and reads_fact((path,), item.name):
                for comm_id, count in readers:
                    item.comms.add(comm_id)
                    item.variants += count
    _by_clauses(project, renderer, fact_items, unknown)
    _by_policies(project, vocabulary, segments)
    return Tally(items, unknown)


def _count(item: Item | None, comm_id: str) -> None:
    """One more variant of ``comm_id`` uses ``item``."""
    if item is not None:
        item.comms.add(comm_id)
        item.variants += 1


def _by_clauses(project: Project, renderer: Renderer, facts: list[Item], unknown: set[str]) -> None:
    """Facts a clause's text reads are used (every clause's, a pack's too)."""
    for clause in project.clause_list:
        for text in clause.texts.values():
            reads = renderer.direct_usage(text.source).fact_reads
            if "" in reads:
                unknown.add("fact")
            for item in facts:
                if reads_fact(reads, item.name) and f"clause {clause.id}" not in item.other:
                    item.other.append(f"clause {clause.id}")


def _by_policies(project: Project, vocabulary, segments: dict[str, Item]) -> None:
    """Segments policies/contact.yaml excludes and those in a declared ``disjoint`` pair (with
    every segment they are within) are used."""
    if not vocabulary.exists:
        return
    named = []
    entries = project.contact.get("suppressions") if isinstance(project.contact, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        name = entry.get("exclude") if isinstance(entry, dict) else None
        if isinstance(name, str):
            named.append((name, "policies/contact.yaml"))
    named.extend((name, f"{vocabulary.rel} disjoint") for pair in vocabulary.disjoint_pairs for name in pair)
    for name, where in named:
        for segment in vocabulary.lineage(name):
            item = segments.get(segment)
            if item is not None and where not in item.other:
                item.other.append(where)
