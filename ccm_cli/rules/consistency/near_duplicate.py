"""Two comms whose rendered text is nearly the same.

What it checks: for every locale × channel, the rendered text of each comm (first sample; text
inserted from clauses left out, since footers are shared on purpose) is cut into shingles —
word 3-grams, or character 4-grams for Japanese, Chinese and Korean — and two comms are
near-duplicates when the Jaccard similarity of their shingle sets is at least 0.85 for some
locale × channel. Texts under 80 characters are skipped (short SMS and push texts are alike by
nature). Each comm of a pair is reported once, naming the other comm, its owner and the score.

Threshold: 0.85 Jaccard — edits of a sentence or two in a typical email keep two copies
above it; two different messages on the same subject share far less.
Scale: never all pairs. Each text gets a MinHash signature by one-permutation hashing (64
bins, filled in one pass over its shingles; empty bins densified by rotation), then LSH with
16 bands of 4 rows: only texts that share a band bucket are compared, and every candidate is
verified with the exact Jaccard of its shingle sets. A pair at 0.85 becomes a candidate with
probability ≈ 0.9999. Cost: O(total shingles) to sign, O(texts × bands) to bucket, plus the
candidates — linear in the number of comms for realistic content.
Why: duplicates drift. Two teams send the "same" outage message with different phone numbers;
a price change reaches one copy and not the other; customers get both. A near-duplicate is a
comm that should be one comm with two audiences, or a snippet.
Bad:
    # comms/billing/reminder.yaml and comms/collections/reminder-2.yaml, 92% the same
Good:
    # one comm; the shared block in comms/_snippets/
"""

from __future__ import annotations

import re
import unicodedata
import zlib

from ..base import at_doc, make

ID = "consistency/near-duplicate"
CATEGORY = "consistency"
SEVERITY = "warning"
SCOPE = "project"

THRESHOLD = 0.85
MIN_CHARS = 80
BINS, BANDS = 64, 16
ROWS = BINS // BANDS
_WORD = re.compile(r"\w+", re.U)
_CJK = ("ja", "zh", "ko")
_EMPTY = 1 << 40


def _text(variant) -> str:
    parts = []
    for rendered in variant.fields.values():
        text = rendered.text
        for span in sorted((s for s in rendered.spans if s.kind == "clause"), key=lambda s: -s.start):
            text = text[: span.start] + " " + text[span.end :]
        parts.append(text)
    return unicodedata.normalize("NFKC", "\n".join(parts)).lower()


def shingles(text: str, language: str) -> set[int]:
    if language in _CJK:
        chars = re.sub(r"\s+", "", text)
        grams = (chars[i : i + 4] for i in range(max(len(chars) - 3, 0)))
    else:
        words = _WORD.findall(text)
        grams = (" ".join(words[i : i + 3]) for i in range(max(len(words) - 2, 0)))
    return {zlib.crc32(g.encode("utf-8")) for g in grams}


def signature(hashes: set[int]) -> list[int]:
    """One-permutation MinHash: the smallest hash in each of BINS bins; empty bins take the
    next non-empty bin's value (rotation densification), offset so they stay distinguishable."""
    mins = [_EMPTY] * BINS
    for h in hashes:
        mixed = (h * 0x9E3779B1) & 0xFFFFFFFF
        b, v = mixed % BINS, mixed // BINS
        if v < mins[b]:
            mins[b] = v
    if all(m == _EMPTY for m in mins):
        return mins
    out = list(mins)
    for i in range(BINS):
        j, step = i, 0
        while mins[j] == _EMPTY:
            j, step = (j + 1) % BINS, step + 1
        out[i] = mins[j] + step * (1 << 33) if step else mins[j]
    return out


def candidates(signatures: dict) -> set[tuple]:
    """Pairs of keys sharing at least one LSH band bucket."""
    pairs = set()
    for band in range(BANDS):
        buckets: dict[tuple, list] = {}
        for key, sig in signatures.items():
            buckets.setdefault(tuple(sig[band * ROWS : (band + 1) * ROWS]), []).append(key)
        for members in buckets.values():
            if len(members) > 1:
                members.sort()
                for i, a in enumerate(members):
                    for b in members[i + 1 :]:
                        pairs.add((a, b))
    return pairs


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def check(project, ctx):
    docs: dict[tuple, dict] = {}  # (locale, channel) -> {comm index: shingles}
    for index, comm in enumerate(project.comms):
        seen = set()
        for variant in ctx.variants_of(comm):
            where = (variant.locale, variant.channel)
            if where in seen:
                continue  # the first sample stands for the comm
            seen.add(where)
            text = _text(variant)
            if len(text) >= MIN_CHARS:
                grams = shingles(text, variant.language)
                if grams:
                    docs.setdefault(where, {})[index] = grams
    best: dict[tuple, tuple] = {}  # (i, j) -> (score, locale, channel)
    for (locale, channel), group in docs.items():
        if len(group) < 2:
            continue
        signatures = {key: signature(grams) for key, grams in group.items()}
        for a, b in candidates(signatures):
            score = jaccard(group[a], group[b])
            if score >= THRESHOLD and score > best.get((a, b), (0,))[0]:
                best[(a, b)] = (score, locale, channel)
    for (a, b), (score, locale, channel) in sorted(best.items()):
        for this, other in ((project.comms[a], project.comms[b]), (project.comms[b], project.comms[a])):
            yield make(__name__, f"{score:.0%} the same as '{other.id}' (owner {other.owner}, {other.file}) in {locale} {channel}",
                       **at_doc(this.doc, ("id",)), comm=this, locale=locale, channel=channel, excerpt=other.id,
                       fix="Merge them into one comm with a wider audience, or move the shared text into a snippet")
