"""The text near-duplicate templates share, cut where a snippet can be cut, and its name.

:func:`shared_passages` finds the passages every one of a few template sources holds: each
source is cut into tokens (a Latin word, a run of spaces, a ``{{ expression }}``, any other
single character — so Japanese is compared character by character), the shortest source is
aligned with each other one (:class:`difflib.SequenceMatcher`, the longest matching blocks
first), and the stretches of it that lie inside one matching block of *every* other source are
the passages: each is a substring of every source. A ``{% statement %}`` or ``{# comment #}``
never matches anything, so a passage never splits an ``if``/``for`` block: it holds only text
and ``{{ expressions }}``, which is always a valid snippet (an included snippet sees the
including template's variables). Passages shorter than :data:`MIN_CHARS` (or than
:data:`MIN_WORDS` Latin words) are not worth a snippet and are left out.

Bounded: identical sources are compared once, at most :data:`COMPARED` distinct ones; a caller
with more counts the sources that hold a passage (``passage in source``) instead of trusting
the sample.

:func:`snippet_name` names the snippet a passage would become: its first significant words
(Latin) or the family's shared comm id prefix (other scripts), with the language as the
repository's own snippets carry it (``_snippets/help-footer.en.j2``).
"""

from __future__ import annotations

import difflib
import re

MIN_CHARS = {"cjk": 20, "latin": 40}  # a shorter shared passage is not worth a snippet
MIN_WORDS = 6  # Latin words at least
COMPARED = 24  # distinct sources aligned with the shortest, at most
MAX_SOURCE = 20_000  # characters of a source compared (an email body is a few thousand)
_CJK = ("ja", "zh", "ko")
_TOKEN = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|[A-Za-z0-9\u00c0-\u024f']+|\s+|.", re.S)
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}")
_STOP = frozenset("the and for you your our are with this that from have has will can not but was were its".split())


def _tokens(text: str, which: int) -> tuple[list, list[int]]:
    """The tokens of a source (a statement is a token equal to nothing else) and where each starts."""
    out: list = []
    starts: list[int] = []
    for index, match in enumerate(_TOKEN.finditer(text[:MAX_SOURCE])):
        token = match.group()
        out.append(("\0stmt", which, index) if token.startswith(("{%", "{#")) else token)
        starts.append(match.start())
    starts.append(min(len(text), MAX_SOURCE))
    return out, starts


def shared_passages(sources: list[str], language: str, limit: int = 3) -> list[str]:
    """The passages (longest first, at most ``limit``) that every one of ``sources`` holds."""
    distinct = sorted(set(sources), key=lambda s: (len(s), s))
    if len(sources) < 2 or not distinct:
        return []
    reference, others = distinct[0], distinct[1 : 1 + COMPARED]
    ref, starts = _tokens(reference, 0)
    kept = [(0, len(ref))]  # stretches of ref inside one matching block of every source so far
    for which, other in enumerate(others, 1):
        matcher = difflib.SequenceMatcher(None, ref, _tokens(other, which)[0], autojunk=False)
        blocks = [(a, a + size) for a, _, size in matcher.get_matching_blocks() if size]
        kept = _intersect(kept, blocks)
        if not kept:
            return []
    if not others:  # copies: the whole text, cut at its statements
        kept = _intersect(kept, [(i, i + 1) for i, token in enumerate(ref) if isinstance(token, str)])
        kept = _join(kept)
    found = []
    for start, end in kept:
        passage = _whole_sentences(reference, starts[start], starts[end]).strip()
        if _worth(passage, language) and all(passage in s for s in others):
            found.append(passage)
    found.sort(key=lambda p: (-len(p), p))
    return found[:limit]


def _join(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Adjacent intervals joined."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and out[-1][1] == start:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _intersect(left: list[tuple[int, int]], right: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The overlaps of two sorted lists of disjoint half-open intervals."""
    out, i, j = [], 0, 0
    while i < len(left) and j < len(right):
        start, end = max(left[i][0], right[j][0]), min(left[i][1], right[j][1])
        if start < end:
            out.append((start, end))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return out


_ABBREVIATION = re.compile(r"(?<![A-Za-z])(?:[A-Z]\.){1,3}\s*$")
_END = re.compile(r"[.!?。！？]\s+|[。！？]|\n")


def _whole_sentences(text: str, start: int, end: int) -> str:
    """``text[start:end]`` without a sentence cut at either end: it starts after a sentence end
    (or at a line or the text's start) and stops at one (or at a line's end or the text's end);
    "" when the stretch holds no such boundary (a fragment such as "our support team ( {{ url }} )"
    is no snippet a writer would keep)."""
    if start > 0 and not re.search(r"(?:[.!?。！？]\s*|\n\s*|[%#]\}\s*)$", text[max(0, start - 3) : start]):  # a statement ends one too
        found = _END.search(text, start, end)
        if found is None:
            return ""
        start = found.end()
    if end < len(text) and not _END.match(text, end) and not re.match(r"\s*(?:\n|$|\{[%#])", text[end:]):
        last = None
        for last in _END.finditer(text, start, end):
            pass
        if last is None:
            return ""
        end = last.end()
    if _ABBREVIATION.search(text, start, end):  # "P.S." ends no sentence: what follows it differs
        last = None
        for last in _END.finditer(text, start, _ABBREVIATION.search(text, start, end).start()):
            pass
        return "" if last is None else text[start : last.end()]
    return text[start:end]


def _worth(passage: str, language: str) -> bool:
    if language in _CJK:
        return len(passage) >= MIN_CHARS["cjk"]
    return len(passage) >= MIN_CHARS["latin"] and len(_WORD.findall(passage)) >= MIN_WORDS


def snippet_name(passage: str, language: str, comm_ids: list[str], taken: set[str]) -> str:
    """``_snippets/<slug>.<language>.j2``, not one of ``taken`` (which it joins)."""
    slug = ""
    if language not in _CJK:
        text = re.sub(r"\{\{.*?\}\}", " ", passage)
        words = [w.lower() for w in re.findall(r"[A-Za-z\u00c0-\u024f']+", text)
                 if w.isascii() and "'" not in w and len(w) > 2 and w.lower() not in _STOP]
        slug = "-".join(words[:4])
    if not slug:
        slug = "-".join([*re.findall(r"[a-z0-9]+", _common_prefix(comm_ids).lower()), "shared"])
    slug = slug[:48].strip("-") or "shared-text"
    name, n = f"_snippets/{slug}.{language}.j2", 2
    while name in taken:
        name, n = f"_snippets/{slug}-{n}.{language}.j2", n + 1
    taken.add(name)
    return name


def _common_prefix(comm_ids: list[str]) -> str:
    """The dotted parts every id starts with (``billing.reminder`` of ``billing.reminder-1`` and
    ``billing.reminder-2``: ``billing``), else the first id."""
    ids = sorted(comm_ids)
    if not ids:
        return ""
    parts = [p.split(".") for p in ids]
    common = []
    for values in zip(*parts):
        if len(set(values)) != 1:
            break
        common.append(values[0])
    return ".".join(common) or ids[0]


def include_tag(name: str) -> str:
    """The include statement that replaces a passage."""
    return '{% include "' + name + '" %}'
