"""Two comms whose rendered text is nearly the same.

What it checks: for every locale × channel, the rendered text of each comm (first sample; text
inserted from clauses left out, since footers are shared on purpose) is cut into shingles —
word 3-grams, or character 4-grams for Japanese, Chinese and Korean — and two comms are
near-duplicates when the Jaccard similarity of their shingle sets is at least 0.85 for some
locale × channel. Texts under 80 characters are skipped (short SMS and push texts are alike by
nature). Each comm with near-duplicates is reported once, naming its closest twin, that comm's
owner and the score, and the size of its family of near-duplicates (so 50 copies give 50
findings, not 1,225 pairs). The fix names the longest passage the two templates share in that
locale × channel and the snippet it would become (`ccm report reuse` shows each family's).

Threshold: 0.85 Jaccard — edits of a sentence or two in a typical email keep two copies
above it; two different messages on the same subject share far less. The score is estimated
from each text's MinHash signature (about ±0.05 near the threshold), and only texts that share
an LSH bucket are compared — never all pairs — so the rule stays linear in the number of
comms. The signatures are cached with each comm's results, so a warm run compares comms
without rendering them.
Why: duplicates drift. Two teams send the "same" outage message with different phone numbers;
a price change reaches one copy and not the other; customers get both. A near-duplicate is a
comm that should be one comm with two audiences, or a snippet.
Bad:
    # comms/billing/reminder.yaml and comms/collections/reminder-2.yaml, 92% the same
Good:
    # one comm; or the shared block in comms/_snippets/, the fix names it:
    # Move the text they share in body ("If you have questions about your bill, call…",
    # 142 characters) into comms/_snippets/questions-about-bill-call.en.j2 and write
    # {% include "_snippets/questions-about-bill-call.en.j2" %} in both
"""

from __future__ import annotations

import sys
import unicodedata

from ...text.similarity import BANDS, Families, Similar, band_key, families_around, family_members, shingles, signature
from ..base import at_doc, make

ID = "consistency/near-duplicate"
CATEGORY = "consistency"
SEVERITY = "warning"
SCOPE = "project"

MIN_CHARS = 80  # shorter texts (an SMS, a push) are alike by nature


def _text(variant) -> str:
    parts = []
    for rendered in variant.fields.values():
        text = rendered.text
        for span in sorted((s for s in rendered.spans if s.kind == "clause"), key=lambda s: -s.start):
            text = text[: span.start] + " " + text[span.end :]
        parts.append(text)
    return unicodedata.normalize("NFKC", "\n".join(parts)).lower()


def _texts(comm, ctx) -> dict[tuple, tuple[str, str]]:
    """(locale, channel) -> (language, normalised text) of the comm's first sample."""
    texts = {}
    for variant in ctx.variants_of(comm):
        where = (variant.locale, variant.channel)
        if where not in texts:  # the first sample stands for the comm
            texts[where] = (variant.language, _text(variant))
    return texts


def digest(comm, ctx) -> dict:
    """Per comm and "locale|channel": the MinHash signature of its text (cached with the
    comm's results, so a warm run compares comms without rendering them)."""
    out = {}
    for (locale, channel), (language, text) in _texts(comm, ctx).items():
        if len(text) >= MIN_CHARS:
            grams = shingles(text, language)
            if grams:
                out[f"{locale}|{channel}"] = signature(grams)
    return out


def check(project, ctx):
    best: dict[int, tuple] = {}  # comm index -> (score, other comm id, other index, locale, channel)
    by_where: dict[str, dict[int, str]] = {}  # "locale|channel" -> {comm index: signature}
    for index, comm in enumerate(project.comms):
        for where, sig in ctx.digest(sys.modules[__name__], comm).items():
            by_where.setdefault(where, {})[index] = sig
    ids = [comm.id for comm in project.comms]
    similar = {where: Similar(sigs) for where, sigs in by_where.items() if len(sigs) > 1}
    reported = None if ctx.wanted is None else {i for i, comm_id in enumerate(ids) if comm_id in ctx.wanted}
    if reported is None:
        families = Families()
        for found in similar.values():
            found.all().join_into(families)
    else:  # only the families of the comms this run reports (--changed-only, --shard)
        _, families = families_around(similar, reported)

    def offer(members: list[int], score: float, other: int, locale: str, channel: str) -> None:
        for index in members if reported is None else [i for i in members if i in reported]:
            current = best.get(index)
            if current is None or (-score, ids[other]) < (-current[0], current[1]):
                best[index] = (score, ids[other], other, locale, channel)

    for where, found in similar.items():
        locale, channel = where.split("|", 1)
        groups = found.groups
        for members in groups:  # identical texts: each one's closest twin is the first other copy
            if len(members) > 1 and (reported is None or not reported.isdisjoint(members)):
                first, second = sorted(members, key=ids.__getitem__)[:2]
                offer([first], 1.0, second, locale, channel)
                offer([m for m in members if m != first], 1.0, first, locale, channel)
        for score, a, b in found.pairs:
            left, right = groups[a], groups[b]
            offer(left, score, min(right, key=ids.__getitem__), locale, channel)
            offer(right, score, min(left, key=ids.__getitem__), locale, channel)
    shared = _Shared(project)
    for index in sorted(best):  # one finding per comm this run reports: its closest twin, and its family
        score, _, other_index, locale, channel = best[index]
        this, other = project.comms[index], project.comms[other_index]
        size = len(families.of(index))
        more = f"; it is one of {size} near-duplicate comms" if size > 2 else ""
        yield make(__name__, f"{score:.0%} the same as '{other.id}' (owner {other.owner}, {other.file}) in {locale} {channel}{more}",
                   **at_doc(this.doc, ("id",)), comm=this, locale=locale, channel=channel, excerpt=other.id,
                   fix=shared.fix(this, other, locale, channel))


class _Shared:
    """The fix of a finding: the longest passage the two comms' templates share in that locale ×
    channel (ccm_cli.reuse.passages, as `ccm report reuse` finds it for a whole family) and the
    snippet it would become; each pair of texts is compared once (copies share texts)."""

    EXCERPT = 80

    def __init__(self, project) -> None:
        from ...reuse.inventory import snippet_files

        self.existing = {rel[len("comms/"):] for rel in snippet_files(project)}
        self.found: dict[tuple, tuple | None] = {}

    def fix(self, this, other, locale: str, channel: str) -> str:
        from ...model import language
        from ...reuse.passages import include_tag, shared_passages, snippet_name

        mine = {tfield.name: tfield.source for tfield in this.fields_for(locale, channel)}
        theirs = {tfield.name: tfield.source for tfield in other.fields_for(locale, channel)}
        best = None  # (passage, field)
        for name in sorted(mine.keys() & theirs.keys()):
            key = (language(locale), *sorted((mine[name], theirs[name])))
            if key not in self.found:
                passages = shared_passages([mine[name], theirs[name]], key[0], limit=1)
                self.found[key] = passages[0] if passages else None
            passage = self.found[key]
            if passage is not None and (best is None or len(passage) > len(best[0])):
                best = (passage, name)
        if best is None:
            return "Merge them into one comm with a wider audience, or move the text they share into a snippet"
        passage, name = best
        snippet = snippet_name(passage, language(locale), sorted((this.id, other.id)), set(self.existing))
        shown = " ".join(passage.split())
        shown = shown if len(shown) <= self.EXCERPT else shown[: self.EXCERPT - 1].rstrip() + "…"
        return (f"Move the text they share in {name} (\"{shown}\", {len(passage)} characters) into comms/{snippet} and write "
                f"{include_tag(snippet)} in both; or merge them into one comm with a wider audience")


def affected(change, digests):
    """For ``--changed-only``: the comms whose finding an edit can change — those that share an
    LSH band with the base or head text of a comm whose text, owner or file moved (the rule's
    candidates are a superset of its findings), and every member of a family of near-duplicates
    that holds one (the finding names the family's size). Only an edited comm file moves
    another comm's finding; an edit that leaves a comm's texts, owner and file as they were
    moves none (the fix quotes the templates: an edit of them that renders the same still moves it)."""
    if not change.comms:
        return set()
    versions = change.versions  # both versions of every comm whose text can differ
    sides = []
    for side, project in enumerate((change.base, change.head)):
        present = [(comm_id, pair[side]) for comm_id, pair in versions.items() if pair[side] is not None]
        sides.append(dict(zip([comm_id for comm_id, _ in present], digests(project, [comm for _, comm in present]))))
    moved = {comm_id for comm_id, pair in versions.items()
             if sides[0].get(comm_id) != sides[1].get(comm_id) or _seen_by_others(pair[0]) != _seen_by_others(pair[1])}
    if not moved:
        return set()
    unchanged = [comm for comm in change.head.comms if comm.id not in change.rendering]
    head_sigs = dict(zip([comm.id for comm in unchanged], digests(change.head, unchanged)))
    found: set[str] = set()
    for side in (0, 1):
        by_where: dict[str, dict[str, str]] = {}  # "locale|channel" -> {comm id: packed signature}
        for comm_id, sigs in [*head_sigs.items(), *sides[side].items()]:
            for where, sig in sigs.items():
                by_where.setdefault(where, {})[comm_id] = sig
        for sigs in by_where.values():
            # every comm sharing a band bucket with a moved comm (the pairs it can be in) ...
            for band in range(BANDS):
                keys = {band_key(sigs[c], band) for c in moved if c in sigs}
                if keys:
                    found |= {c for c, sig in sigs.items() if band_key(sig, band) in keys}
        # ... and every member of a family of near-duplicates that holds one
        found |= family_members(by_where, moved)
    return found - change.rendering


def _seen_by_others(comm) -> object:
    """What the finding of another comm names of this one: its owner, its file, and the
    templates its fix quotes the shared passage of."""
    if comm is None:
        return None
    return (comm.owner, comm.file, hash(tuple(sorted((f.locale, f.channel, f.name, f.source) for f in comm.fields))))
