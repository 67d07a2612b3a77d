"""Incremental lint: which comms a change can affect (`ccm lint --base REF --changed-only`).

:func:`affected_comms` compares the files of two versions of a content repository and follows
a dependency graph from the edited files to the comms whose findings can change. Linting only
those comms (``lint(head, base=base, only_comms=affected)``) gives the same findings as a full
lint restricted to them, and every comm whose findings differ between a full lint of the base
and of the head is among them. ``None`` means "everything".

What a comm depends on:

* its own file and the template files its fields name (``body_file:``);
* every snippet it includes, transitively (``{% include %}``, ``{% import %}``, ``{% extends %}``);
  an include whose name is computed at run time depends on every file under ``comms/``;
* every clause it calls with ``clause("id")`` (and what those clauses' texts use); a clause
  called with a computed id depends on every clause;
* every clause whose ``required_for`` selectors match it, in the base or in the head: a
  clause's text change moves what "present" means, a selector change moves who needs it;
* every fact path it reads (``facts.plans.basic.price``; ``facts.plans[x]`` reads all of
  ``facts.plans``); and every fact whose old or new value it writes by hand (the
  "fact written by hand" check looks for fact values in the writer's own text);
* other comms, through the cross-comm checks:
  - the same id (duplicate ids; suppressions are looked up by id);
  - contact policy: when a comm's category, channels, tags, audience, schedule or kind
    change, or it is added or removed, every comm under the same frequency caps and every
    comm tagged with a tag of the same exclusivity group is affected;
  - text: a rule that compares a comm's text with other comms' (``consistency/near-duplicate``,
    or any rule declaring ``INTERACTS = "content"`` in its module) makes every comm whose
    text shares a MinHash LSH band with the base or head text of an affected comm (the rule's
    own candidate test, a superset of the pairs it can report) affected too. ``INTERACTS = "all"`` makes any comm edit
    affect everything.

Everything is affected (``None``) when ``ccm.yaml``, the guidelines, the contact policy,
``policies/channels.yaml``, CODEOWNERS, a Vale style, or any other file under ``brand/`` or
``policies/`` changes: those feed rules over every comm.
"""

from __future__ import annotations

import re
import unicodedata
from fnmatch import fnmatchcase

from jinja2 import TemplateSyntaxError

from .cache import CommKeys
from .model import Comm, Project, language
from .render import Reach, Renderer, Usage, is_locale_map, reach, read_snippet, walk

COMM_SUFFIXES = (".yaml", ".yml")
FACTS_FILE = "brand/facts.yaml"
CLAUSES_DIR = "policies/clauses/"
# contact.yaml keys whose effect ccm knows; any other key is treated as global
CONTACT_KEYS = {"consent", "frequency_caps", "quiet_hours", "suppressions", "exclusive", "personalization", "unsuppressible"}
# comm keys that only change the comm's own findings (the rest can change other comms' too)
OWN_KEYS = {"content", "samples", "variables", "lint", "name", "description", "owner", "journey"}
# cross-comm rules known by id, for rules that do not declare INTERACTS themselves
KNOWN_INTERACTIONS = {"consistency/near-duplicate": "content", "consistency/near-duplicates": "content"}


# ---------------------------------------------------------------- template dependencies
class DependencyGraph:
    """Template dependencies of every comm of one project (memoised)."""

    def __init__(self, project: Project, templates: dict[str, Usage] | None = None) -> None:
        self.project = project
        self.env = Renderer(project).env
        # direct usage per template text; shareable between the base and head graphs
        self.templates: dict[str, Usage] = templates if templates is not None else {}
        self._comms: dict[int, Reach] = {}

    def template(self, source: str) -> Usage:
        """What one template text uses by itself (:func:`ccm_cli.render.walk`)."""
        if source not in self.templates:
            try:
                self.templates[source] = walk(self.env.parse(source))[0]
            except TemplateSyntaxError:
                self.templates[source] = Usage()  # renders to an error whatever the other files hold
        return self.templates[source]

    def comm(self, comm: Comm) -> Reach:
        """Every file, clause and fact a comm's rendering reads, transitively."""
        key = id(comm)
        if key not in self._comms:
            total = reach(self.project, [tfield.source for tfield in comm.fields], self.template)
            total.files |= {tfield.origin.file for tfield in comm.fields if tfield.origin.file != comm.file}
            self._comms[key] = total
        return self._comms[key]


# ---------------------------------------------------------------- facts
def flat_facts(tree: object, prefix: str = "") -> dict[str, object]:
    """Dotted fact path -> value; a map locale -> value is one value (``brand``)."""
    if isinstance(tree, dict) and not is_locale_map(tree):
        found: dict[str, object] = {}
        for key, value in tree.items():
            found.update(flat_facts(value, f"{prefix}.{key}" if prefix else str(key)))
        return found
    return {prefix: tree}


def changed_facts(base: Project, head: Project) -> dict[str, tuple[object, object]]:
    """Fact path -> (before, after) for every fact added, removed or edited."""
    before, after = flat_facts(base.facts), flat_facts(head.facts)
    return {path: (before.get(path), after.get(path)) for path in sorted(before.keys() | after.keys()) if before.get(path) != after.get(path)}


def reads_fact(used: set[str], path: str) -> bool:
    """Does a template reading ``used`` fact paths read the fact at ``path``?"""
    return any(u == "" or u == path or path.startswith(u + ".") or u.startswith(path + ".") for u in used)


def _fact_values(value: object) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _fact_values(item)]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _fact_values(item)]
    if value is None or isinstance(value, bool):
        return []
    return [str(value)]


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).casefold()


def _digits(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isdigit())


def _needles(values: list[str]) -> tuple[set[str], set[str]]:
    """(folded texts, digit strings) to look for in writers' text."""
    texts = {_fold(v).strip() for v in values if len(_fold(v).strip()) >= 2}
    digits = {_digits(v) for v in values if len(_digits(v)) >= 3}
    return texts, digits


# ---------------------------------------------------------------- selectors
def _as_list(value: object) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def _match(wanted: object, have: set[str]) -> bool:
    values = _as_list(wanted)
    if values is None or not have:
        return True  # unknown or unset: assume it matches (safe side)
    return any(v in ("any", "*") or v in have or any(fnmatchcase(h, v) for h in have) for v in values)


def _channels(comm: Comm) -> set[str]:
    return {f.channel for f in comm.fields} | {p.channel for p in comm.file_problems} | _content_keys(comm, 2)


def _locales(comm: Comm) -> set[str]:
    locales = {f.locale for f in comm.fields} | _content_keys(comm, 1)
    return locales | {language(locale) for locale in locales}


def _content_keys(comm: Comm, depth: int) -> set[str]:
    content = comm.data.get("content")
    if not isinstance(content, dict):
        return set()
    if depth == 1:
        return {str(k) for k in content}
    return {str(c) for v in content.values() if isinstance(v, dict) for c in v}


def matches_selectors(comm: Comm, selectors: object) -> bool:
    """Could ``comm`` match a clause's ``required_for`` (unknown keys match everything)?"""
    if not isinstance(selectors, dict):
        return True
    for key, wanted in selectors.items():
        if key == "channel":
            ok = _match(wanted, _channels(comm))
        elif key == "locale":
            ok = _match(wanted, _locales(comm))
        elif key in ("tags", "tag"):
            ok = _match(wanted, set(comm.tags))
        elif isinstance(comm.data.get(key), str):
            ok = _match(wanted, {comm.data[key]})
        else:
            ok = True
        if not ok:
            return False
    return True


# ---------------------------------------------------------------- cross-comm
def _signature(comm: Comm | None) -> object:
    """What other comms' findings can see of this comm (everything but its own text)."""
    if comm is None:
        return None
    rest = {str(k): v for k, v in comm.data.items() if k not in OWN_KEYS}
    pairs = sorted({(f.locale, f.channel) for f in comm.fields})
    return repr((sorted(rest.items(), key=lambda kv: kv[0]), pairs, comm.id))


def _cap_matches(cap: object, comm: Comm) -> bool:
    if not isinstance(cap, dict):
        return True
    return _match(cap.get("category"), {comm.category} if comm.category else set()) and _match(cap.get("channel"), _channels(comm))


def _interaction_kinds(project: Project) -> set[str]:
    from . import rules as registry

    lint_config = project.config.get("lint")
    disabled = lint_config.get("disable", []) if isinstance(lint_config, dict) else []
    kinds = set()
    for rule in registry.all_rules():
        if any(fnmatchcase(rule.ID, str(p)) for p in disabled or []):
            continue
        kind = getattr(rule, "INTERACTS", None) or KNOWN_INTERACTIONS.get(rule.ID)
        if kind:
            kinds.add(str(kind))
    return kinds


# ---------------------------------------------------------------- the graph walk
def is_comm_file(rel: str) -> bool:
    """Mirrors the loader: a comm is a YAML file under comms/, outside comms/_snippets/."""
    parts = rel.split("/")
    return len(parts) >= 2 and parts[0] == "comms" and rel.endswith(COMM_SUFFIXES) and parts[1] != "_snippets"


def is_clause_file(rel: str) -> bool:
    return rel.startswith(CLAUSES_DIR) and rel.count("/") == 2 and rel.endswith(COMM_SUFFIXES)


def affected_comms(base: Project, head: Project, digests=None, changed: set[str] | None = None, includes=None,
                   findings: bool = True) -> set[str] | None:
    """The ids of the comms whose findings the change from ``base`` to ``head`` can change;
    ``None`` when it can change every comm's. With ``findings=False``, only the comms whose
    own text can change (an edited file, or one reading a changed template, clause or fact):
    what a comparison of rendered text needs, without the comms whose findings change only
    because another comm moved (frequency caps, exclusive groups, near-duplicates: finding
    those renders every comm whose signature is not cached).

    ``changed`` (paths that differ, e.g. from ``git diff``) spares comparing every file; then
    ``base`` need only hold its shared files and the comms of changed files (an unchanged
    comm is judged on its head version: whatever it reads that changed, it reads through a
    file that is unchanged up to the first changed one, so the head graph finds it).
    ``digests(project, comms)`` may supply cached near-duplicate signatures ({comm id:
    signatures or None}); the others are computed by rendering. ``includes(project, comms,
    changed_templates)`` may supply, per comm, the templates its cached result recorded (see
    :meth:`ccm_cli.linter.CachedResults.includes`): when only templates changed, a comm with such a
    record needs no parse of its templates."""
    from .diff.files import changed_files, style_folders

    if changed is None:
        changed = changed_files(base.source, head.source, style_folders(base.guidelines, head.guidelines))
    if not changed:
        return set()
    for rel in changed:
        if not (rel.startswith("comms/") or is_clause_file(rel) or rel == FACTS_FILE):
            return None  # ccm.yaml, guidelines, policies, channels, CODEOWNERS, styles
    if base.contact != head.contact:  # cannot happen without a policy file change; be safe
        return None

    clause_ids: set[str] = set()
    clause_selectors: list[object] = []
    for project in (base, head):
        clause_ids |= {clause.id for clause in project.clause_list if clause.file in changed}
    for project in (base, head):
        for clause in project.clause_list:
            if clause.id in clause_ids and clause.data.get("required_for") is not None:
                clause_selectors.append(clause.data["required_for"])
    templates = {rel for rel in changed if rel.startswith("comms/") and not is_comm_file(rel)}
    comm_files = {rel for rel in changed if is_comm_file(rel)}
    facts = changed_facts(base, head) if FACTS_FILE in changed else {}
    texts, digits = _needles([v for pair in facts.values() for side in pair for v in _fact_values(side)])

    affected: set[str] = set()
    edited: dict[str, list[Comm | None]] = {}  # id -> [base version, head version] of edited comms
    for side, project in enumerate((base, head)):
        for comm in project.comms:
            if comm.file in comm_files:
                affected.add(comm.id)
                edited.setdefault(comm.id, [None, None])[side] = comm
    if templates or clause_ids or clause_selectors or facts:
        graph = DependencyGraph(head)
        others = [comm for comm in head.comms if comm.file not in comm_files]
        recorded = (includes(head, others, frozenset(templates)) if includes is not None and not (clause_ids or clause_selectors or facts)
                    else [None] * len(others))
        for comm, included in zip(others, recorded):
            if included is not None:  # the templates its cached result recorded: no parse
                if CommKeys.EVERY in included or templates & included.keys():
                    affected.add(comm.id)
                continue
            deps = graph.comm(comm)
            if (deps.files & templates) or (deps.any_file and templates):
                affected.add(comm.id)
            elif (deps.clauses & clause_ids) or (deps.any_clause and clause_ids):
                affected.add(comm.id)
            elif any(matches_selectors(comm, selectors) for selectors in clause_selectors):
                affected.add(comm.id)
            elif facts and (any(reads_fact(deps.facts, path) for path in facts) or _writes_fact(graph, comm, texts, digits)):
                affected.add(comm.id)

    if not findings:
        return affected
    # the comms of both sides that other comms' findings can see: the edited ones, and the
    # unchanged head comms (the same in the base)
    everyone = [c for c in base.comms if c.file in comm_files] + head.comms
    # same id: duplicate ids, and suppressions looked up by id
    affected |= {c.id for c in everyone if c.id in edited}
    moved = [v for versions in edited.values() for v in versions if _signature(versions[0]) != _signature(versions[1]) and v is not None]
    if moved:
        caps = head.contact.get("frequency_caps")
        for cap in caps if isinstance(caps, list) else []:
            if any(_cap_matches(cap, comm) for comm in moved):
                affected |= {c.id for c in everyone if _cap_matches(cap, c)}
        groups = head.contact.get("exclusive")
        for group in groups if isinstance(groups, list) else []:
            tags = set(_as_list(group.get("tags")) or []) if isinstance(group, dict) else None
            if tags is None or any(tags & set(comm.tags) for comm in moved):
                affected |= {c.id for c in everyone if tags is None or tags & set(c.tags)}
        if set(head.contact) - CONTACT_KEYS:
            return None
    kinds = _interaction_kinds(head) if edited else set()
    if "all" in kinds:
        return None
    if "content" in kinds:
        affected |= _similar_comms(base, head, affected, edited, digests)
    return affected


# ---------------------------------------------------------------- near-duplicates
def _similar_comms(base: Project, head: Project, affected: set[str], edited: dict, digests=None) -> set[str]:
    """Comms whose near-duplicate findings an edit can change: those that share an LSH band
    with the base or head text of an edited comm (the rule's candidates are a superset of its
    findings), and every member of a family of near-duplicates that holds one (the finding
    names the family's size). An edit that leaves a comm's texts, id, owner and file as they
    were changes nobody else's near-duplicate finding.

    ``digests(project, comms)`` may supply cached signatures ({comm id: signatures or None};
    see :meth:`ccm_cli.linter.CachedResults.digests`); the others are computed, which renders."""
    from .rules.base import LintContext
    from .rules.consistency import near_duplicate as rule
    from .text import similarity

    contexts: dict[int, LintContext] = {}

    def signatures(project: Project, comms: list[Comm]) -> list[dict]:
        cached = digests(project, comms) if digests is not None else {}
        out = []
        for comm in comms:
            found = cached.get(comm.id)
            if found is None:
                if id(project) not in contexts:
                    contexts[id(project)] = LintContext(project=project, renderer=Renderer(project))
                found = rule.digest(comm, contexts[id(project)])
            out.append(found)
        return out

    def seen_by_others(comm: Comm | None) -> object:
        return None if comm is None else (comm.owner, comm.file)

    # both versions of every affected comm: an edited file, or an unchanged file that renders
    # differently (a snippet, clause or fact it reads changed)
    head_by_id: dict[str, Comm] = {}
    for comm in head.comms:
        head_by_id.setdefault(comm.id, comm)
    versions = {comm_id: edited.get(comm_id) or [head_by_id.get(comm_id), head_by_id.get(comm_id)] for comm_id in affected}
    sides = []
    for side, project in enumerate((base, head)):
        present = [(comm_id, pair[side]) for comm_id, pair in versions.items() if pair[side] is not None]
        sides.append(dict(zip([comm_id for comm_id, _ in present], signatures(project, [comm for _, comm in present]))))
    moved = {comm_id for comm_id, pair in versions.items()
             if sides[0].get(comm_id) != sides[1].get(comm_id) or seen_by_others(pair[0]) != seen_by_others(pair[1])}
    if not moved:
        return set()
    unchanged = [comm for comm in head.comms if comm.id not in affected]
    head_sigs = dict(zip([comm.id for comm in unchanged], signatures(head, unchanged)))
    found: set[str] = set()
    for side in (0, 1):
        by_where: dict[str, dict[str, str]] = {}  # "locale|channel" -> {comm id: packed signature}
        for comm_id, sigs in [*head_sigs.items(), *sides[side].items()]:
            for where, sig in sigs.items():
                by_where.setdefault(where, {})[comm_id] = sig
        for sigs in by_where.values():
            # every comm sharing a band bucket with a moved comm (the pairs it can be in) ...
            for band in range(similarity.BANDS):
                keys = {similarity.band_key(sigs[c], band) for c in moved if c in sigs}
                if keys:
                    found |= {c for c, sig in sigs.items() if similarity.band_key(sig, band) in keys}
        # ... and every member of a family of near-duplicates that holds one
        found |= similarity.family_members(by_where, moved)
    return found - affected


def _writes_fact(graph: DependencyGraph, comm: Comm, texts: set[str], digits: set[str]) -> bool:
    """Does the comm's own text (fields and snippets) hold one of these fact values?"""
    if not texts and not digits:
        return False
    sources = [tfield.source for tfield in comm.fields]
    for rel in graph.comm(comm).files:
        text = read_snippet(graph.project, rel[len("comms/"):])
        if text is not None:
            sources.append(text)
    folded = _fold("\n".join(sources))
    if any(t in folded for t in texts):
        return True
    numbers = [_digits(run) for run in _NUMBER.findall(folded)]
    return any(d in run or _close(d, run) for d in digits for run in numbers)


def _close(a: str, b: str, most: int = 2) -> bool:
    """Edit distance of two digit strings at most ``most`` (a phone number typed wrong)."""
    if abs(len(a) - len(b)) > most or min(len(a), len(b)) < 3:
        return False
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1] <= most


_NUMBER = re.compile(r"\d(?:[\d\s\-‐–—().,/]*\d)?")
