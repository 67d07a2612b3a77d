"""Helpers shared by the ``ja/*`` rule modules (not a rule)."""

from __future__ import annotations

import re
from functools import lru_cache

from ccm_cli.text.ja import JaDocument, Token
from ccm_cli.text.markdown import Block
from ccm_cli.user_regex import UserRegex, compile_user

_SLASHED = re.compile(r"^/(.*)/([a-z]*)$", re.S)


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> re.Pattern | UserRegex:
    """textlint's pattern strings: ``"/regexp/flags"`` is a regexp, anything else a literal.
    A regexp comes from the guidelines, so it is compiled as a user expression (bounded in
    size and time, see :mod:`ccm_cli.user_regex`); a bad one raises :class:`re.error`."""
    m = _SLASHED.match(pattern)
    if not m:
        return re.compile(re.escape(pattern))
    flags = 0
    for ch in m.group(2):
        flags |= {"i": re.I, "m": re.M, "s": re.S, "u": 0, "g": 0, "y": 0}.get(ch, 0)
    return compile_user(m.group(1), flags, label=f"the pattern {pattern!r}")


def matches_any(patterns, text: str) -> bool:
    return any(compile_pattern(p).search(text) for p in patterns or ())


def source_line(doc: JaDocument, i: int) -> int:
    """1-based line, in the source the writer typed, of ``doc.text[i]``."""
    src = doc.prose.source
    off = doc.prose.source_offset(i)
    return src.count("\n", 0, min(off, len(src))) + 1


def utf16_len(s: str) -> int:
    return len(s) + sum(1 for ch in s if ord(ch) > 0xFFFF)


def plain_ranges(block: Block, skip_inside=("link", "emphasis", "strong", "delete"), code=False):
    """``(start, end)`` ranges of the block's plain text (textlint's ``Str`` nodes)."""
    out = []
    for s in block.segments:
        if s.kind == "code" and not code:
            continue
        if any(k in skip_inside for k in s.inside):
            continue
        out.append((s.start, s.end))
    return out


def is_bracket(t: Token) -> bool:
    return (t.pos == "補助記号" and t.pos_detail1.startswith("括弧")) or t.surface in ("(", ")")

