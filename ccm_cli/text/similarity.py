"""Near-duplicate texts among many, never comparing all pairs: MinHash signatures and LSH.

A text is cut into shingles (:func:`shingles`: word 3-grams, or character 4-grams for
Japanese, Chinese and Korean) hashed to 32 bits. Its :func:`signature` is a one-permutation
MinHash: 64 bins, filled in one pass over its shingles, empty bins densified by rotation,
packed into one base64 string (cheap to cache, compare and slice). Two signatures agree in a
share of their bins that estimates the Jaccard similarity of the two shingle sets
(:func:`estimate`; standard error about 0.05 near :data:`THRESHOLD`).

LSH with 16 bands of 4 rows: only texts that share a band bucket are compared
(:func:`candidates`, :func:`band_key`), each with the next :data:`WINDOW` in its bucket, so a
family of thousands of copies costs thousands of comparisons, not millions; families are
joined with union-find (:class:`Families`). A pair at 0.85 becomes a candidate with
probability ≈ 0.9999. :class:`Similar` finds the near-duplicates among one set of texts:
identical signatures are grouped first (score 1.0 among themselves) and compared with the
others once per group — all of them (:meth:`Similar.all`), or only the families that hold some
keys (:meth:`Similar.around`, for a run that reports a few texts). Cost: O(total shingles) to
sign, O(texts × bands) to bucket, plus the candidates — linear in the number of texts for
realistic content.
"""

from __future__ import annotations

import base64
import bisect
import operator
import re
import zlib

THRESHOLD = 0.85  # two texts are near-duplicates when the estimate of their similarity is at least this
BINS, BANDS = 64, 16
ROWS = BINS // BANDS
_WORD = re.compile(r"\w+", re.U)
_CJK = ("ja", "zh", "ko")
_EMPTY = 1 << 40


def shingles(text: str, language: str) -> set[int]:
    """The 32-bit hashes of the text's word 3-grams (character 4-grams, spaces left out, in
    Japanese, Chinese and Korean, which have no spaces between words)."""
    if language in _CJK:
        chars = re.sub(r"\s+", "", text)
        grams = (chars[i : i + 4] for i in range(max(len(chars) - 3, 0)))
    else:
        words = _WORD.findall(text)
        grams = (" ".join(words[i : i + 3]) for i in range(max(len(words) - 2, 0)))
    return {zlib.crc32(g.encode("utf-8")) for g in grams}


def signature(hashes: set[int]) -> str:
    """One-permutation MinHash: the smallest hash in each of BINS bins; empty bins take the
    next non-empty bin's value (rotation densification), offset so they stay distinguishable.
    Packed (:func:`pack`): one string is cheap to cache, read back, compare and slice."""
    mins = [_EMPTY] * BINS
    for h in hashes:
        mixed = (h * 0x9E3779B1) & 0xFFFFFFFF
        b, v = mixed % BINS, mixed // BINS
        if v < mins[b]:
            mins[b] = v
    if all(m == _EMPTY for m in mins):
        return pack(mins)
    out = list(mins)
    for i in range(BINS):
        j, step = i, 0
        while mins[j] == _EMPTY:
            j, step = (j + 1) % BINS, step + 1
        out[i] = mins[j] + step * (1 << 33) if step else mins[j]
    return pack(out)


BIN_BYTES = 6  # every bin value is below 2**41 (_EMPTY): six bytes, eight base64 characters
WIDTH = BIN_BYTES * 4 // 3  # characters per bin in a packed signature


def pack(values: list[int]) -> str:
    """BINS bin values as one base64 string, WIDTH characters each (a 512-character
    signature: half what hex would take in the cache)."""
    return base64.b64encode(b"".join(v.to_bytes(BIN_BYTES, "big") for v in values)).decode("ascii")


def unpack(sig: str) -> tuple[str, ...]:
    """The packed bins one by one, as text: two signatures agree in a bin when these agree."""
    return tuple(sig[i : i + WIDTH] for i in range(0, BINS * WIDTH, WIDTH))


WINDOW = 8  # in a band bucket, each text is compared with the next WINDOW texts only


def band_key(sig: str, band: int) -> str:
    """The LSH bucket of a packed signature in one band: its ROWS values there."""
    return sig[band * ROWS * WIDTH : (band + 1) * ROWS * WIDTH]


def candidates(signatures: dict) -> set[tuple]:
    """Pairs of keys sharing an LSH band bucket. In a bucket of m texts each is paired with
    the next WINDOW (m·WINDOW pairs, not m²/2): a family of copies stays connected through
    the chain, and :class:`Families` counts it, so the cost stays linear in the texts."""
    pairs = set()
    for band in range(BANDS):
        buckets: dict[str, list] = {}
        for key, sig in signatures.items():
            buckets.setdefault(band_key(sig, band), []).append(key)
        for members in buckets.values():
            if len(members) > 1:
                members.sort()
                for i, a in enumerate(members):
                    for b in members[i + 1 : i + 1 + WINDOW]:
                        pairs.add((a, b))
    return pairs


class Families:
    """Union-find over near-duplicate keys that keeps each family's members, so families can
    grow link by link and a family is read without walking every key."""

    def __init__(self) -> None:
        self.parent: dict = {}
        self.members: dict = {}

    def root(self, x):
        parent = self.parent
        if x not in parent:
            parent[x] = x
            self.members[x] = [x]
            return x
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(self, a, b) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra == rb:
            return
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))

    def of(self, x) -> list:
        """The family of ``x`` (just ``x`` when it has no near-duplicate)."""
        return self.members[self.root(x)]


def estimate(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """The MinHash estimate of the Jaccard similarity of two unpacked signatures: the share
    of bins that agree (64 bins: standard error about 0.05 near the threshold)."""
    return sum(map(operator.eq, a, b)) / BINS


def jaccard(a: set, b: set) -> float:
    """The Jaccard similarity of two sets: what they share, of all they hold."""
    return len(a & b) / len(a | b) if a or b else 0.0


class Similar:
    """The near-duplicates among one set of texts (key -> signature), such as one locale ×
    channel's.

    ``groups``: the keys whose signatures are identical (score 1.0 among themselves); copies
    are the common case, so texts are compared once per distinct signature, not once per copy.
    ``pairs``: (score, i, j) for groups i, j at or above the threshold. :meth:`all` scores
    every candidate pair; :meth:`around` only those of the families that hold some keys, by a
    walk from their groups through the same candidate pairs (LSH bucket neighbours within
    WINDOW), which finds exactly what the full comparison finds for them. Calls add up.
    The walk need not score a pair whose two groups it reached from the same start (they are
    in one family already) unless a side holds a key of ``keep``: the families come out the
    same, and so do the pairs of ``keep``'s groups (each one's closest twin), with a fraction
    of the comparisons in a family of hundreds."""

    def __init__(self, signatures: dict) -> None:
        same: dict[str, list] = {}
        for key, sig in signatures.items():
            same.setdefault(sig, []).append(key)
        self.groups = [sorted(members) for members in same.values()]
        self.distinct = list(same)
        self.pairs: list[tuple[float, int, int]] = []
        self._group_of = {key: index for index, members in enumerate(self.groups) for key in members}
        self._buckets: list[dict[str, list[int]]] | None = None
        self._seen: dict[int, int] = {}  # group reached -> the group its walk started from
        self._reached: list[int] = []  # the groups compared so far, in order (all of them after all())
        self._joined = 0  # how many of them join_into() has joined
        self._scored: set[tuple[int, int]] = set()
        self._values: dict[int, tuple[str, ...]] = {}

    def score(self, a: int, b: int) -> float:
        """:func:`estimate` for distinct signatures ``a`` and ``b`` (each unpacked once)."""
        values = self._values
        if a not in values:
            values[a] = unpack(self.distinct[a])
        if b not in values:
            values[b] = unpack(self.distinct[b])
        return estimate(values[a], values[b])

    def all(self) -> "Similar":
        self._reached = list(range(len(self.groups)))
        if len(self.distinct) > 1:
            for a, b in candidates(dict(enumerate(self.distinct))):
                score = self.score(a, b)
                if score >= THRESHOLD:
                    self.pairs.append((score, a, b))
        return self

    def around(self, keys, keep=None) -> "Similar":
        seen = self._seen
        queue = [g for g in {self._group_of[k] for k in keys if k in self._group_of} if g not in seen]
        if not queue:
            return self
        width = ROWS * WIDTH  # band_key(), inlined: this walk is the hot loop of --changed-only
        if self._buckets is None:  # built once, and only where a walk passes
            self._buckets = [{} for _ in range(BANDS)]
            for index, sig in enumerate(self.distinct):  # ascending: sorted as in candidates()
                for band, found in enumerate(self._buckets):
                    found.setdefault(sig[band * width : (band + 1) * width], []).append(index)
        buckets, scored = self._buckets, self._scored
        kept = None if keep is None else {self._group_of[k] for k in keep if k in self._group_of}
        seen.update((g, g) for g in queue)
        self._reached.extend(queue)
        while queue:
            g = queue.pop()
            sig, start = self.distinct[g], seen[g]
            skip = kept is not None and g not in kept  # may pass pairs inside its own walk
            near: set[int] = set()  # its neighbours in every band: copies share most buckets
            for band in range(BANDS):
                members = buckets[band][sig[band * width : (band + 1) * width]]
                if len(members) > 1:
                    at = bisect.bisect_left(members, g)
                    near.update(members[max(at - WINDOW, 0) : at + WINDOW + 1])
            near.discard(g)
            for h in near:
                if skip and seen.get(h) == start and h not in kept:
                    continue  # both reached from one start: already one family
                pair = (g, h) if g < h else (h, g)
                if pair in scored:
                    continue
                scored.add(pair)
                score = self.score(g, h)
                if score >= THRESHOLD:
                    self.pairs.append((score, *pair))
                    if h not in seen:
                        seen[h] = start
                        self._reached.append(h)
                        queue.append(h)
        return self

    def join_into(self, families: Families, done: int = 0) -> int:
        """Join into ``families`` the identical groups reached and not joined yet (every group
        after :meth:`all`; those :meth:`around` walked through) and the pairs found since
        ``done`` pairs; returns how many pairs are joined now."""
        for g in self._reached[self._joined :]:
            members = self.groups[g]
            for other in members[1:]:
                families.join(members[0], other)
        self._joined = len(self._reached)
        for _, a, b in self.pairs[done:]:
            families.join(self.groups[a][0], self.groups[b][0])
        return len(self.pairs)


def family_members(by_where: dict[str, dict], keys) -> set:
    """Every key in a family of near-duplicates that holds one of ``keys``, for several sets of
    texts that families join across (``by_where``: set name, such as "locale|channel" ->
    {key: signature})."""
    found, _ = families_around({where: Similar(sigs) for where, sigs in by_where.items()}, set(keys))
    return found


def families_around(similar: dict[str, Similar], keys: set) -> tuple[set, Families]:
    """Grow ``keys`` to their whole families: a family may join through another set of texts
    (another locale × channel), so walk every set again until nothing new joins. Returns
    (members, families)."""
    families = Families()
    done = dict.fromkeys(similar, 0)
    reach = set(keys)
    while True:
        for where, found in similar.items():
            done[where] = found.around(reach, keys).join_into(families, done[where])
        grown = reach | {key for root in {families.root(k) for k in reach} for key in families.members[root]}
        if grown == reach:
            return reach, families
        reach = grown
