"""The audience vocabulary: ``policies/audience.yaml`` (SPEC 2.7).

::

    segments:                 # every segment a comm may name
      residential_customers: {description: "Households on any plan"}
      payment_holiday: {description: "On an agreed payment holiday", within: residential_customers}
      overdue_30d: {description: "30+ days overdue", within: overdue_7d}
      overdue_7d: {description: "7+ days overdue"}
      business_customers: {description: "Business accounts"}
    disjoint: [[residential_customers, business_customers]]
    tags: [collections, field-ops, store]    # intent names are always allowed too

JSON Schema: ``ccm_cli/schemas/audience.schema.json``. ``within`` takes one segment or a list
(within each of them).

What the relations mean, and what :meth:`Vocabulary.may_overlap` does with them:

* **within**: every customer of ``payment_holiday`` is a customer of ``residential_customers``
  (transitively: ``overdue_30d`` within ``overdue_7d`` within ...). Excluding a segment
  excludes every segment within it.
* **disjoint**: no customer is in two of a group's segments. Inherited: a segment within
  ``residential_customers`` is disjoint with ``business_customers`` and everything within it.
* Two audiences (``ccm_cli.policy.audience.Audience``: a segment, or everyone, and the segments
  it excludes) **overlap unless** their segments are disjoint (declared or inherited), one
  excludes the other's segment or a segment it is within, or one of them reaches nobody (it
  excludes its own segment or a segment its segment is within, or its segment is within two
  disjoint segments). An audience with no segment is everyone. A segment the vocabulary does
  not know has no relations: it is only disjoint with what excludes it.

Problems, each at file:line:column: wrong types (the schema), duplicate keys, ``within`` naming
an unknown segment ("did you mean"), a ``within`` cycle, ``disjoint`` naming an unknown
segment or a segment twice, a segment disjoint with one it is within, a segment within two
disjoint segments (nobody could be in it). A relation with a problem is left out; the rest of
the file still applies.

The API the rules call::

    from ccm_cli.policy.vocabulary import AUDIENCE_FILE, Vocabulary, load_vocabulary_text

    vocabulary, problems = load_vocabulary_text(text, "policies/audience.yaml")
    vocabulary = Vocabulary.absent()            # no file: every name is allowed, no relations
    vocabulary.known_segment("residental_customers")        # False
    vocabulary.unknown_segment_message("residental_customers")
        # "unknown segment 'residental_customers' (did you mean 'residential_customers'?)"
    vocabulary.known_tag("store", intents=library.names)
    vocabulary.ancestors("overdue_30d")          # frozenset({'overdue_7d'})
    vocabulary.may_overlap(audience.of(comm_a), audience.of(comm_b))
    vocabulary.separation(a, b)                  # why they cannot overlap, or None
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ..errors import CcmError, CcmErrors
from ..problems import Problem, closest, did_you_mean, from_error, unique
from ..yamlio import YamlDoc, parse
from .audience import Audience

__all__ = ["AUDIENCE_FILE", "Segment", "Vocabulary", "load_vocabulary_doc", "load_vocabulary_text"]

AUDIENCE_FILE = "policies/audience.yaml"


@dataclass(frozen=True)
class Segment:
    """A declared segment; ``within`` lists the segments it is directly within (known ones)."""

    name: str
    description: str = ""
    within: tuple[str, ...] = ()
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class _Pair:
    a: str
    b: str
    where: str  # "policies/audience.yaml:LINE:COLUMN"


@dataclass(frozen=True)
class Vocabulary:
    """The segments, their relations and the allowed tags. Immutable; build it with
    :func:`load_vocabulary_doc` / :func:`load_vocabulary_text`, or :meth:`absent`."""

    segments: dict[str, Segment] = field(default_factory=dict)
    tags: frozenset[str] = frozenset()
    exists: bool = True  # False: no policies/audience.yaml (nothing to check names against)
    rel: str = AUDIENCE_FILE
    _pairs: dict[frozenset, _Pair] = field(default_factory=dict, repr=False)
    _lineage: dict[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def absent(cls) -> "Vocabulary":
        """No ``policies/audience.yaml``: every segment and tag is allowed, no relations."""
        return cls(exists=False)

    # ------------------------------------------------------------------ names
    def known_segment(self, name: str) -> bool:
        """Is ``name`` a declared segment (always True when there is no vocabulary file)?"""
        return not self.exists or name in self.segments

    def suggest(self, name: str) -> str | None:
        """The declared segment ``name`` was most likely meant to be, or None."""
        return closest(name, self.segments)

    def unknown_segment_message(self, name: str) -> str:
        return f"unknown segment '{name}'{did_you_mean(name, self.segments)}: {self.rel} lists the segments"

    def known_tag(self, name: str, intents: Iterable[str] = ()) -> bool:
        """Is ``name`` an allowed tag: declared in ``tags:``, or an intent name (always allowed)?
        True when there is no vocabulary file."""
        return not self.exists or name in self.tags or name in set(intents)

    def suggest_tag(self, name: str, intents: Iterable[str] = ()) -> str | None:
        """The allowed tag (declared or an intent name) ``name`` was most likely meant to be."""
        return closest(name, set(self.tags) | set(intents))

    def unknown_tag_message(self, name: str, intents: Iterable[str] = ()) -> str:
        known = set(self.tags) | set(intents)
        return f"unknown tag '{name}'{did_you_mean(name, known)}: {self.rel} lists the tags (intent names are allowed too)"

    # ------------------------------------------------------------------ relations
    def ancestors(self, segment: str) -> frozenset[str]:
        """Every segment ``segment`` is within, transitively (not itself)."""
        return self.lineage(segment) - {segment}

    def lineage(self, segment: str) -> frozenset[str]:
        """``segment`` and every segment it is within."""
        found = self._lineage.get(segment)
        if found is None:
            seen: set[str] = {segment}
            todo = [segment]
            while todo:
                s = self.segments.get(todo.pop())
                for parent in s.within if s else ():
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            found = frozenset(seen)
            self._lineage[segment] = found
        return found

    def descendants(self, segment: str) -> frozenset[str]:
        """Every declared segment within ``segment``, transitively (not itself)."""
        return frozenset(s for s in self.segments if s != segment and segment in self.lineage(s))

    def disjoint_segments(self, a: str, b: str) -> str | None:
        """Why no customer can be in both segments (declared or inherited disjointness), or None."""
        for x in sorted(self.lineage(a)):
            for y in sorted(self.lineage(b)):
                pair = self._pairs.get(frozenset((x, y)))
                if pair is None or x == y:
                    continue
                declared = f"'{x}' and '{y}' are declared disjoint ({pair.where})"
                via = [f"'{s}' is within '{p}'" for s, p in ((a, x), (b, y)) if s != p]
                return "; ".join(via + [declared]) if via else declared
        return None

    def reaches_nobody(self, audience: Audience) -> str | None:
        """Why ``audience`` can contain no customer, or None."""
        segment = audience.segment
        if segment is None:
            return None
        lineage = self.lineage(segment)
        for x in sorted(lineage & audience.excludes):
            return (f"it excludes its own segment '{segment}'" if x == segment
                    else f"it excludes '{x}', and its segment '{segment}' is within it")
        if self._pairs:
            for x in sorted(lineage):
                for y in sorted(lineage):
                    pair = self._pairs.get(frozenset((x, y)))
                    if pair is not None and x < y:
                        return f"its segment '{segment}' is within '{x}' and '{y}', which are declared disjoint ({pair.where})"
        return None

    def separation(self, a: Audience, b: Audience) -> str | None:
        """Why no customer can be in both audiences, or None when they may overlap."""
        for one, label in ((a, "the first"), (b, "the second")):
            why = self.reaches_nobody(one)
            if why:
                return f"{label} audience reaches nobody: {why}"
        for one, other in ((a, b), (b, a)):
            if other.segment is None:
                continue
            for x in sorted(self.lineage(other.segment) & one.excludes):
                if x == other.segment:
                    return f"one audience excludes '{x}', the other's segment"
                return f"one audience excludes '{x}', and the other's segment '{other.segment}' is within it"
        if a.segment is not None and b.segment is not None and a.segment != b.segment:
            return self.disjoint_segments(a.segment, b.segment)
        return None

    def may_overlap(self, a: Audience, b: Audience) -> bool:
        """Can one customer be in both audiences? (SPEC 2.7: they overlap unless declared
        disjoint, also by inheritance, or one excludes the other.)"""
        return self.separation(a, b) is None

    @property
    def digest(self) -> str:
        """A hash of the names and relations (not of descriptions or positions): equal
        vocabularies have equal digests, for result caches."""
        import hashlib
        import json

        data = [self.exists, sorted((n, sorted(s.within)) for n, s in self.segments.items()), sorted(self.tags),
                self.disjoint_pairs]
        return hashlib.sha256(json.dumps(data).encode("utf-8")).hexdigest()

    @property
    def disjoint_pairs(self) -> list[tuple[str, str]]:
        """The declared disjoint pairs (each once, sorted)."""
        return sorted(tuple(sorted((p.a, p.b))) for p in self._pairs.values())


# ---------------------------------------------------------------------- loading
def load_vocabulary_text(text: str, rel: str = AUDIENCE_FILE) -> tuple[Vocabulary, list[Problem]]:
    """:func:`load_vocabulary_doc` of a file's text; invalid YAML is a problem too (and the
    vocabulary is then :meth:`Vocabulary.absent`: names cannot be checked against it)."""
    try:
        doc = parse(text, rel)
    except CcmErrors as errors:
        return Vocabulary.absent(), [from_error(e, rel) for e in errors.errors]
    except CcmError as error:
        return Vocabulary.absent(), [from_error(error, rel)]
    return load_vocabulary_doc(doc)


def load_vocabulary_doc(doc: YamlDoc, *, schema_problems: bool = True) -> tuple[Vocabulary, list[Problem]]:
    """The vocabulary of a parsed ``policies/audience.yaml`` and its problems;
    ``schema_problems=False`` leaves out those of the JSON Schema and duplicate keys (lint's
    schema rules report them)."""
    from ..schemas import validate

    rel = doc.rel
    problems: list[Problem] = []

    def at(path: tuple, message: str, fix: str | None = None, on_key: bool = False) -> None:
        line, column = doc.key_position(path) if on_key else doc.position(path)
        problems.append(Problem(rel, line, column, message, fix))

    for issue in validate("audience", doc) if schema_problems else ():
        line, column = issue.position()
        problems.append(Problem(rel, line, column, issue.message, issue.fix))
    for dup in doc.duplicates if schema_problems else ():
        problems.append(Problem(rel, dup.line, dup.column, f"duplicate key '{dup.key}' (the first one counts)"))

    data = doc.data if isinstance(doc.data, dict) else {}
    raw_segments = data.get("segments") if isinstance(data.get("segments"), dict) else {}
    names = {str(n) for n in raw_segments if isinstance(n, str) and n.strip()}

    # segments and their within
    parents: dict[str, list[tuple[str, tuple]]] = {}
    segments: dict[str, Segment] = {}
    for name, body in raw_segments.items():
        if not isinstance(name, str) or not name.strip():
            continue
        body = body if isinstance(body, dict) else {}
        description = body.get("description") if isinstance(body.get("description"), str) else ""
        within = body.get("within")
        listed = [(within, ("segments", name, "within"))] if isinstance(within, str) else (
            [(w, ("segments", name, "within", i)) for i, w in enumerate(within) if isinstance(w, str)]
            if isinstance(within, list) else [])
        kept = []
        for parent, path in listed:
            if parent not in names:
                at(path, f"segment '{name}' is within '{parent}', which is not a segment{did_you_mean(parent, names)}",
                   _fix_name(parent, names))
            elif parent == name:
                at(path, f"segment '{name}' is within itself")
            else:
                kept.append((parent, path))
        parents[name] = kept
        line, column = doc.key_position(("segments", name))
        segments[name] = Segment(name, description, tuple(p for p, _ in kept), line, column)

    # within cycles: report each cycle once (at its first segment in the file), drop its edge
    for name in list(parents):
        for parent, path in list(parents[name]):
            cycle = _path_to(parents, parent, name)
            if cycle is not None:
                at(path, f"'within' goes round in a circle: {' → '.join([name, *cycle])}",
                   f"Remove '{parent}' from the 'within' of '{name}' or of another segment in the circle")
                parents[name] = [(p, q) for p, q in parents[name] if p != parent]
                segments[name] = Segment(name, segments[name].description, tuple(p for p, _ in parents[name]),
                                         segments[name].line, segments[name].column)
    vocabulary = Vocabulary(segments, frozenset(), True, rel)

    # disjoint groups
    pairs: dict[frozenset, _Pair] = {}
    groups = data.get("disjoint") if isinstance(data.get("disjoint"), list) else []
    for g, group in enumerate(groups):
        if not isinstance(group, list):
            continue
        members: list[tuple[str, tuple]] = []
        for i, member in enumerate(group):
            path = ("disjoint", g, i)
            if not isinstance(member, str):
                continue
            if member not in names:
                at(path, f"disjoint names '{member}', which is not a segment{did_you_mean(member, names)}",
                   _fix_name(member, names))
            elif any(member == m for m, _ in members):
                at(path, f"'{member}' is listed twice in this disjoint group: a segment is never disjoint with itself")
            else:
                members.append((member, path))
        for i, (x, path_x) in enumerate(members):
            for y, path_y in members[i + 1:]:
                inner, outer, where = (x, y, path_x) if y in vocabulary.ancestors(x) else (
                    (y, x, path_y) if x in vocabulary.ancestors(y) else (None, None, None))
                if inner is not None:
                    at(where, f"'{inner}' is within '{outer}', so it cannot be disjoint with it "
                              f"(every customer in '{inner}' is in '{outer}')",
                       f"Remove the pair, or the 'within' that puts '{inner}' in '{outer}'")
                    continue
                line, column = doc.position(path_x)
                pairs.setdefault(frozenset((x, y)), _Pair(x, y, f"{rel}:{line}:{column}"))

    # tags
    tags: set[str] = set()
    raw_tags = data.get("tags") if isinstance(data.get("tags"), list) else []
    for tag in raw_tags:
        if isinstance(tag, str) and tag.strip():
            tags.add(tag)

    vocabulary = Vocabulary(segments, frozenset(tags), True, rel, pairs)

    # a segment within two disjoint segments reaches nobody
    for name in segments:
        why = vocabulary.reaches_nobody(Audience(name, frozenset()))
        if why:
            at(("segments", name), f"segment '{name}': nobody can be in it: {why.replace('its segment ', '', 1)}",
               on_key=True)

    problems.sort(key=lambda p: (p.line, p.column, p.message))
    return vocabulary, unique(problems)


def _path_to(parents: dict[str, list[tuple[str, tuple]]], start: str, goal: str) -> list[str] | None:
    """The within-path from ``start`` to ``goal`` (both included), or None."""
    todo: list[tuple[str, list[str]]] = [(start, [start])]
    seen = {start}
    while todo:
        node, path = todo.pop()
        if node == goal:
            return path
        for parent, _ in parents.get(node, ()):
            if parent not in seen:
                seen.add(parent)
                todo.append((parent, path + [parent]))
    return None


def _fix_name(name: str, names: Iterable[str]) -> str | None:
    guess = closest(name, names)
    return f"Use '{guess}'" if guess else f"Add '{name}' under segments:, or name a listed segment"
