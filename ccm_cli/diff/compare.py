"""What changed between two loaded projects: comms, clauses, facts and template files.

* A comm is matched by id. It is ``added``, ``removed``, ``renamed`` (same id, new path; its
  text may have changed too) or ``changed`` — its rendered text (first sample), its metadata
  (owner, audience, schedule…) or its templates differ. Comms that change only through a
  snippet, a clause or a fact are listed too, with what they changed through.
* A clause is matched by id: version, selectors and other metadata in words, a text diff per
  locale, and every comm it affects (comms that call it; with a selector change, comms the old
  or new ``required_for`` matches).
* A fact change is one line per locale (``support_phone (ja-JP): 0120-123-456 → 0120-123-457``)
  with the comms that read it.
* A template file (snippet, ``body_file``) change lists the comms that include it.
* What a listed comm *does* — its intents (SPEC 2.6) per locale × channel, over every sample,
  read from each side's rendered text with each side's intent library — and the intents a
  change adds ("now also: promotion") or removes ("no longer: payment-deferral"), for the
  compliance reviewer. A comm whose text is the same but whose intents moved (the library in
  policies/intents.yaml changed) is listed too.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from ..incremental import DependencyGraph, changed_facts, reads_fact
from ..intents.variants import IntentChange, Shown, changes as intent_changes, library_of, shown_by_variants
from ..model import Clause, Comm, Project
from ..policy.selectors import matches_selectors
from ..project import is_comm_file
from ..render import Renderer, is_locale_map
from .policy_words import generic, show
from .textdiff import ChannelText, render_first_sample, unified

MAX_WORDS = 240  # a metadata change longer than this is cut (samples, long lists)


@dataclass
class VariantDiff:
    locale: str
    channel: str
    status: str  # added | removed | changed
    sample: str | None
    before: ChannelText | None
    after: ChannelText | None
    diff: str

    def changed_fields(self) -> list[tuple[str, str | None, str | None]]:
        old = dict(self.before.fields) if self.before else {}
        new = dict(self.after.fields) if self.after else {}
        names = list(old) + [n for n in new if n not in old]
        return [(n, old.get(n), new.get(n)) for n in names if old.get(n) != new.get(n)]


@dataclass
class IntentsDiff:
    """The intents one locale × channel of a comm shows before and after (None: the variant is
    not there on that side), and what the change adds or removes."""

    locale: str
    channel: str
    before: Shown | None
    after: Shown | None
    change: IntentChange

    @property
    def shown(self) -> Shown:
        """What the customer reads now (or read, for a variant removed)."""
        return self.after if self.after is not None else self.before  # type: ignore[return-value]

    def callouts(self) -> list[str]:
        """``en-US · email: now also: promotion ('get $20 off' in body)``: one line per kind."""
        return [f"{self.locale} · {self.channel}: {line}" for line in self.change.lines()]

    def to_json(self) -> dict:
        return {"locale": self.locale, "channel": self.channel,
                "before": self.before.names if self.before is not None else None,
                "after": self.after.names if self.after is not None else None,
                **self.change.to_json()}


@dataclass
class CommDiff:
    id: str
    status: str  # added | removed | renamed | changed
    path: str  # the head's path (the base's when removed)
    old_path: str | None
    owner: str | None
    category: str | None
    changes: list[str] = field(default_factory=list)  # metadata and "via ..." in words
    variants: list[VariantDiff] = field(default_factory=list)
    intents: list[IntentsDiff] = field(default_factory=list)  # every locale × channel, either side

    def intents_of(self, locale: str, channel: str) -> IntentsDiff | None:
        return next((i for i in self.intents if (i.locale, i.channel) == (locale, channel)), None)

    def callouts(self) -> list[str]:
        """Every intent this change adds or removes, for the compliance reviewer."""
        return [line for i in self.intents for line in i.callouts()]


@dataclass
class ClauseDiff:
    id: str
    status: str  # added | removed | changed
    path: str
    version_before: object
    version_after: object
    changes: list[str] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)  # (locale, unified diff of the text)
    comms: list[str] = field(default_factory=list)


@dataclass
class FactDiff:
    path: str
    locale: str | None
    before: object
    after: object
    comms: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        name = self.path + (f" ({self.locale})" if self.locale else "")
        if self.before is None:
            return f"{name}: added: {show(self.after)}"
        if self.after is None:
            return f"{name}: removed (was {show(self.before)})"
        return f"{name}: {show(self.before)} → {show(self.after)}"


@dataclass
class TemplateDiff:
    path: str
    status: str  # added | removed | changed
    comms: list[str] = field(default_factory=list)


@dataclass
class Changes:
    comms: list[CommDiff]
    clauses: list[ClauseDiff]
    facts: list[FactDiff]
    templates: list[TemplateDiff]


def _first(project: Project) -> dict[str, Comm]:
    found: dict[str, Comm] = {}
    for comm in project.comms:
        found.setdefault(comm.id, comm)
    return found


def _short(text: str) -> str:
    return text if len(text) <= MAX_WORDS else text[: MAX_WORDS - 1] + "…"


class _Comparer:
    def __init__(self, base: Project, head: Project, changed: set[str], labels: tuple[str, str]) -> None:
        self.base, self.head, self.changed, self.labels = base, head, changed, labels
        self.graphs = (DependencyGraph(base), DependencyGraph(head))
        self.renderers = (Renderer(base), Renderer(head))
        self.templates = sorted(rel for rel in changed if rel.startswith("comms/") and not is_comm_file(rel))
        self.clause_ids = {c.id for p in (base, head) for c in p.clause_list if c.file in changed}
        self.facts = changed_facts(base, head)
        self.libraries = (library_of(base), library_of(head))
        self.library_moved = self.libraries[0].digest != self.libraries[1].digest

    def users(self, test) -> list[str]:
        """Ids of the comms (either side) whose dependencies pass ``test``."""
        found = set()
        for graph, project in zip(self.graphs, (self.base, self.head)):
            for comm in project.comms:
                if test(graph.comm(comm), comm):
                    found.add(comm.id)
        return sorted(found)

    # -- comms
    def comms(self) -> list[CommDiff]:
        from ..incremental import affected_comms

        before, after = _first(self.base), _first(self.head)
        candidates = affected_comms(self.base, self.head, changed=self.changed, findings=False) if self.changed else set()
        ids = before.keys() | after.keys()
        out = []
        for comm_id in sorted(ids if candidates is None else ids & candidates):
            found = self.comm(comm_id, before.get(comm_id), after.get(comm_id))
            if found is not None:
                out.append(found)
        return out

    def comm(self, comm_id: str, old: Comm | None, new: Comm | None) -> CommDiff | None:
        texts_old = render_first_sample(self.renderers[0], old) if old else {}
        texts_new = render_first_sample(self.renderers[1], new) if new else {}
        variants = []
        for key in list(texts_old) + [k for k in texts_new if k not in texts_old]:
            a, b = texts_old.get(key), texts_new.get(key)
            if a is not None and b is not None and a.fields == b.fields:
                continue
            status = "added" if a is None else "removed" if b is None else "changed"
            diff = unified(a, b, f"{self.labels[0]}:{old.file if old else '/dev/null'}", f"{self.labels[1]}:{new.file if new else '/dev/null'}")
            sample = (b or a).sample
            variants.append(VariantDiff(key[0], key[1], status, sample, a, b, diff))
        shown = new or old
        if old is None or new is None:
            status = "added" if old is None else "removed"
            return CommDiff(comm_id, status, shown.file, None, shown.owner, shown.category, [], variants, self.intents(old, new))
        changes = [_short(line) for line in generic("", _meta(old), _meta(new))]
        if not variants and _sources(old) != _sources(new):
            changes.append("templates changed; the first sample renders the same")
        changes += self.via(old, new)
        status = "renamed" if old.file != new.file else "changed"
        intents = self.intents(old, new) if (variants or changes or status != "changed" or self.library_moved) else []
        if status == "changed" and not variants and not changes and not any(i.change for i in intents):
            return None
        return CommDiff(comm_id, status, new.file, old.file if old.file != new.file else None, new.owner, new.category, changes,
                        variants, intents)

    def intents(self, old: Comm | None, new: Comm | None) -> list[IntentsDiff]:
        """The intents of every locale × channel of the comm on each side (every sample)."""
        before = shown_by_variants(self.renderers[0].render_comm(old), self.libraries[0]) if old else {}
        after = shown_by_variants(self.renderers[1].render_comm(new), self.libraries[1]) if new else {}
        keys = list(before) + [k for k in after if k not in before]
        return [IntentsDiff(k[0], k[1], before.get(k), after.get(k), intent_changes(before.get(k), after.get(k))) for k in keys]

    def via(self, old: Comm, new: Comm) -> list[str]:
        """What a comm changed through besides its own file."""
        found: list[str] = []
        for graph, comm in zip(self.graphs, (old, new)):
            deps = graph.comm(comm)
            found += [f"via template {rel}" for rel in sorted(deps.files & set(self.templates))]
            found += [f"via clause {cid}" for cid in sorted(deps.clauses & self.clause_ids)]
            found += [f"via fact {path}" for path in self.facts if reads_fact(deps.facts, path)]
        return list(dict.fromkeys(found))

    # -- clauses
    def clauses(self) -> list[ClauseDiff]:
        before = {c.id: c for c in reversed(self.base.clause_list)}
        after = {c.id: c for c in reversed(self.head.clause_list)}
        out = []
        for clause_id in sorted(self.clause_ids):
            found = self.clause(clause_id, before.get(clause_id), after.get(clause_id))
            if found is not None:
                out.append(found)
        return out

    def clause(self, clause_id: str, old: Clause | None, new: Clause | None) -> ClauseDiff | None:
        shown = new or old
        status = "added" if old is None else "removed" if new is None else "changed"
        texts = []
        old_texts = {k: v.source for k, v in (old.texts if old else {}).items()}
        new_texts = {k: v.source for k, v in (new.texts if new else {}).items()}
        for locale in list(old_texts) + [k for k in new_texts if k not in old_texts]:
            a, b = old_texts.get(locale), new_texts.get(locale)
            if a != b:
                lines = difflib.unified_diff((a or "").rstrip("\n").split("\n") if a is not None else [],
                                             (b or "").rstrip("\n").split("\n") if b is not None else [],
                                             f"{self.labels[0]}:{old.file if old else '/dev/null'}",
                                             f"{self.labels[1]}:{new.file if new else '/dev/null'}", lineterm="")
                texts.append((locale, "\n".join(lines)))
        changes = []
        if old is not None and new is not None:
            meta_old = {k: v for k, v in old.data.items() if k != "text"}
            meta_new = {k: v for k, v in new.data.items() if k != "text"}
            changes = [_short(line) for line in generic("", meta_old, meta_new)]
            if texts and old.version == new.version:
                changes.append(f"⚠ text changed but version stayed {show(new.version)}")
            if old.file != new.file:
                changes.append(f"moved from {old.file}")
        if status == "changed" and not texts and not changes:
            return None
        selectors = [c.data.get("required_for") for c in (old, new) if c is not None and c.data.get("required_for") is not None]
        selector_moved = status != "changed" or old.data.get("required_for") != new.data.get("required_for")
        comms = self.users(lambda deps, comm: clause_id in deps.clauses or (
            selector_moved and any(matches_selectors(comm, s) for s in selectors)))
        return ClauseDiff(clause_id, status, shown.file, old.version if old else None, new.version if new else None, changes, texts, comms)

    # -- facts
    def fact_diffs(self) -> list[FactDiff]:
        out = []
        for path, (a, b) in self.facts.items():
            comms = self.users(lambda deps, comm, path=path: reads_fact(deps.facts, path))
            a_map = a if isinstance(a, dict) and is_locale_map(a) else None
            b_map = b if isinstance(b, dict) and is_locale_map(b) else None
            if a_map is not None or b_map is not None:
                old = a_map if a_map is not None else ({} if a is None else None)
                new = b_map if b_map is not None else ({} if b is None else None)
                if old is not None and new is not None:
                    for locale in list(old) + [k for k in new if k not in old]:
                        if old.get(locale) != new.get(locale):
                            out.append(FactDiff(path, locale, old.get(locale), new.get(locale), comms))
                    continue
            out.append(FactDiff(path, None, a, b, comms))
        return out

    # -- template files
    def template_diffs(self) -> list[TemplateDiff]:
        out = []
        for rel in self.templates:
            was, now = self.base.source.is_file(rel), self.head.source.is_file(rel)
            status = "added" if not was else "removed" if not now else "changed"
            comms = self.users(lambda deps, comm, rel=rel: rel in deps.files)
            out.append(TemplateDiff(rel, status, comms))
        return out


def _meta(comm: Comm) -> dict:
    return {k: v for k, v in comm.data.items() if k != "content"}


def _sources(comm: Comm) -> list[tuple]:
    return sorted((f.locale, f.channel, f.name, f.source) for f in comm.fields)


def compare(base: Project, head: Project, changed: set[str], labels: tuple[str, str] = ("base", "head")) -> Changes:
    """Everything that changed from ``base`` to ``head``; ``changed`` is the set of changed files."""
    comparer = _Comparer(base, head, changed, labels)
    return Changes(comparer.comms(), comparer.clauses(), comparer.fact_diffs(), comparer.template_diffs())
