"""``ccm report reuse``: the content rationalization report, as one JSON-able document.

:func:`build` loads nothing itself: given a project it computes

* every comm's uses (:func:`.uses.comm_uses`) and the tally of snippets, facts, clauses and
  segments by users, with what nothing uses (:func:`.inventory.tally`);
* the near-duplicate families of the templates the repository stores, by
  ``consistency/near-duplicate``'s measure (:mod:`ccm_cli.text.similarity`: MinHash signatures
  per locale × channel, LSH, union-find; its threshold and minimum length) — nothing is
  rendered, so 10,000 comms take seconds;
* per family, locale × channel and field, the passages its members' templates share
  (:func:`.passages.shared_passages`), each with the snippet it would become and the characters
  extracting it saves: ``(k - 1) × len(passage) - k × len(include statement)`` for ``k`` comms
  holding it (the passage is stored once, each comm keeps an include);
* the characters stored (comm templates, snippet files, the repository's clause texts) and
  after extracting the suggested snippets: "reuse would cut stored copy by N%";
* content per owner (a comm's ``owner:``).

The document (``ccm report reuse --format json``; keys are stable, lists sorted)::

    {"report": "reuse", "version": 1, "project": "kumo-comms",
     "summary": {"comms", "variants", "snippets", "facts", "clauses", "segments",
                 "unused": {"snippets", "facts", "clauses", "segments"},
                 "families", "near_duplicate_comms", "stored_chars", "chars_after",
                 "saved_chars", "cut_percent"},
     "snippets": [{"name", "file", "comms", "variants", "used_by"}],       # most used first
     "facts":    [{"name", "file", "line", "comms", "variants", "used_by", "also_used_by"}],
     "clauses":  [{"name", "file", "line", "comms", "variants", "used_by", "also_used_by"}],
     "segments": [{"name", "file", "line", "comms", "used_by", "also_used_by"}],
     "unused":   {"snippets"|"facts"|"clauses"|"segments": [{"name", "file", "line", "column"}]},
     "not_judged": ["snippet"],     # kinds a computed include/clause id/fact key may use entirely
     "families": [{"comms", "owners", "passages": [{"locale", "channel", "field", "text", "chars",
                   "count", "comms", "snippet", "include", "saved_chars"}], "saved_chars"}],
     "owners":   [{"owner", "comms", "variants", "stored_chars", "near_duplicate_comms"}]}

``used_by`` and a passage's ``comms`` list at most :data:`USED_BY` comm ids (``comms`` and
``count`` are exact). A family lists every member.
"""

from __future__ import annotations

import unicodedata

from ..model import Comm, Project, language
from ..render import Renderer
from .inventory import Item, repository_clauses, snippet_files, tally
from .passages import include_tag, shared_passages, snippet_name
from .uses import comm_uses, walker

USED_BY = 50
KINDS = (("snippet", "snippets"), ("fact", "facts"), ("clause", "clauses"), ("segment", "segments"))


def build(project: Project) -> dict:
    """The report document of ``project`` (the module docstring lists its keys)."""
    renderer = Renderer(project)
    direct = walker(renderer)
    memo: dict = {}
    listed = [(comm.id, comm_uses(comm, project, direct, memo)) for comm in project.comms]
    counted = tally(project, listed, renderer)
    families = _families(project)
    taken = {f"{rel[len('comms/'):]}" for rel in snippet_files(project)}
    family_rows = [_family(project, members, taken) for members in families]
    family_rows.sort(key=lambda f: (-f["saved_chars"], f["comms"]))
    stored = _stored(project)
    saved = sum(f["saved_chars"] for f in family_rows)
    in_family = {comm_id for f in family_rows for comm_id in f["comms"]}
    doc = {
        "report": "reuse",
        "version": 1,
        "project": str(project.config.get("name") or project.root.name),
        "summary": {
            "comms": len(project.comms),
            "variants": sum(len(r["variants"]) for _, r in listed),
            **{plural: len(counted.items[kind]) for kind, plural in KINDS},
            "unused": {plural: len(counted.unused(kind)) for kind, plural in KINDS},
            "families": len(family_rows),
            "near_duplicate_comms": len(in_family),
            "stored_chars": stored["total"],
            "chars_after": stored["total"] - saved,
            "saved_chars": saved,
            "cut_percent": round(100 * saved / stored["total"], 1) if stored["total"] else 0.0,
        },
        **{plural: _by_use(counted.items[kind], kind) for kind, plural in KINDS},
        "unused": {plural: [_where(item) for item in counted.unused(kind)] for kind, plural in KINDS},
        "not_judged": sorted(counted.unknown),
        "families": family_rows,
        "owners": _owners(project, [record for _, record in listed], stored["per_comm"], in_family),
    }
    return doc


def _by_use(items: list[Item], kind: str) -> list[dict]:
    rows = []
    for item in sorted(items, key=lambda i: (-len(i.comms), i.name)):
        row = {"name": item.name, "file": item.file}
        if kind != "snippet":
            row["line"] = item.line
        row["comms"] = len(item.comms)
        if kind != "segment":
            row["variants"] = item.variants
        row["used_by"] = sorted(item.comms)[:USED_BY]
        if kind != "snippet":
            row["also_used_by"] = list(item.other)
        rows.append(row)
    return rows


def _where(item: Item) -> dict:
    return {"name": item.name, "file": item.file, "line": item.line, "column": item.column}


# ---------------------------------------------------------------- near-duplicate families
def _families(project: Project) -> list[list[Comm]]:
    """The families of near-duplicate comms (two or more) among the templates the repository
    stores: consistency/near-duplicate's measure (MinHash of shingles, LSH, the same threshold and
    minimum length, families joined across locale × channel) applied to each comm's template
    text per locale × channel — what reuse can change, and nothing to render. The rule compares
    what customers read (snippets and facts filled in); here a big shared snippet makes no
    family, and two templates that type the same copy do."""
    from ..rules.consistency.near_duplicate import MIN_CHARS
    from ..text.similarity import Families, Similar, shingles, signature

    comms = project.comms
    by_where: dict[str, dict[int, str]] = {}
    signed: dict[tuple[str, str], str | None] = {}  # (language, text) -> signature: copies are signed once
    for index, comm in enumerate(comms):
        for locale, channel in sorted(comm.variants()):
            key = (language(locale), "\n".join(f.source for f in comm.fields_for(locale, channel)))
            if key not in signed:
                text = unicodedata.normalize("NFKC", key[1]).lower()
                grams = shingles(text, key[0]) if len(text) >= MIN_CHARS else None
                signed[key] = signature(grams) if grams else None
            if signed[key] is not None:
                by_where.setdefault(f"{locale}|{channel}", {})[index] = signed[key]
    families = Families()
    for sigs in by_where.values():
        if len(sigs) > 1:
            Similar(sigs).all().join_into(families)
    out = []
    for root, members in families.members.items():
        if len(members) > 1 and families.parent.get(root) == root:
            out.append(sorted((comms[i] for i in members), key=lambda c: c.id))
    out.sort(key=lambda group: group[0].id)
    return out


def _family(project: Project, members: list[Comm], taken: set[str]) -> dict:
    """One family: its comms, owners, and the passages their templates share."""
    passages = []
    wheres = sorted({where for comm in members for where in comm.variants()})
    for locale, channel in wheres:
        fields: dict[str, list[tuple[Comm, str]]] = {}
        for comm in members:
            for tfield in comm.fields_for(locale, channel):
                fields.setdefault(tfield.name, []).append((comm, tfield.source))
        for name, holders in sorted(fields.items()):
            if len(holders) < 2:
                continue
            lang = language(locale)
            for text in shared_passages([source for _, source in holders], lang):
                having = [comm.id for comm, source in holders if text in source]
                snippet = snippet_name(text, lang, having, taken)
                include = include_tag(snippet)
                saved = (len(having) - 1) * len(text) - len(having) * len(include)
                if len(having) < 2 or saved <= 0:
                    continue
                passages.append({"locale": locale, "channel": channel, "field": name, "text": text, "chars": len(text),
                                 "count": len(having), "comms": sorted(having)[:USED_BY], "snippet": snippet, "include": include,
                                 "saved_chars": saved})
    return {"comms": [c.id for c in members], "owners": sorted({str(c.owner) for c in members if c.owner}),
            "passages": passages, "saved_chars": sum(p["saved_chars"] for p in passages)}


# ---------------------------------------------------------------- stored copy and owners
def _stored(project: Project) -> dict:
    """Characters of copy the repository stores: every comm's templates (a template file named
    by several fields once), every snippet file, the repository's clause texts."""
    per_comm: list[int] = []  # in the project's order
    for comm in project.comms:
        seen: set = set()
        total = 0
        for tfield in comm.fields:
            key = tfield.origin.file if tfield.origin.file != comm.file else (tfield.locale, tfield.channel, tfield.name)
            if key not in seen:
                seen.add(key)
                total += len(tfield.source)
        per_comm.append(total)
    snippets = 0
    for rel in snippet_files(project):
        try:
            snippets += len(project.source.read_text(rel))
        except Exception:  # unreadable or refused: not copy anyone can reuse
            continue
    clauses = sum(len(text.source) for clause in repository_clauses(project) for text in clause.texts.values())
    return {"total": sum(per_comm) + snippets + clauses, "per_comm": per_comm}


def _owners(project: Project, records: list[dict], per_comm: list[int], in_family: set[str]) -> list[dict]:
    """Per owner: comms, variants, stored characters, comms in a near-duplicate family
    (``records``: each comm's uses, in the project's order)."""
    rows: dict[str, dict] = {}
    for comm, record, stored in zip(project.comms, records, per_comm):
        owner = str(comm.owner) if comm.owner else "(none)"
        row = rows.setdefault(owner, {"owner": owner, "comms": 0, "variants": 0, "stored_chars": 0, "near_duplicate_comms": 0})
        row["comms"] += 1
        row["variants"] += len(record["variants"])
        row["stored_chars"] += stored
        row["near_duplicate_comms"] += comm.id in in_family
    return sorted(rows.values(), key=lambda r: (-r["stored_chars"], r["owner"]))
