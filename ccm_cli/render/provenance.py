"""Provenance markers: which parts of a rendered text a fact, a clause, an expression or a
snippet inserted — in a form the content being rendered cannot forge.

While rendering, the renderer writes each inserted value between two markers::

    OPEN <token> SEP  the value's text  CLOSE <token> SEP

``OPEN``/``SEP``/``CLOSE`` are private-use code points (U+10FFF0–U+10FFF2) and ``<token>`` is
this process's random nonce followed by a serial number. Every token is *issued*: the render
records what it stands for — (kind, ref, the exact text it wrapped) — in a registry that only
the renderer holds (:class:`Issued`). :func:`split` honours a marker pair only when

* its token was issued by this render (snippet tokens: by this process), and
* the text between the pair is exactly the text the token was issued for.

So content that types the code points — in YAML, a template, a snippet, a fact, sample data or
a clause — or a template that computes them (``'\\U0010fff0'``, ``'%c' % 1114096``,
``Markup.unescape``) makes no span: it cannot know the nonce, and its code points stay in the
text as the characters they are (``template/reserved-character`` reports them; every rule
reads them). A template that gets hold of genuine markers cannot move them onto other text: a
pair around any other text than the one issued is dropped, and that text counts as typed.

Text a template captures (``{% set %}`` blocks, macros, ``caller()``, ``{% filter %}`` input,
``self.block()``, an imported template printed) is handed to the template without markers
(:func:`strip`), so it sees what a reader reads (``{{ greeting|length }}`` counts characters);
the markers of unchanged captured text are kept aside (:class:`Captured`) and restored when it
is printed as it is.
"""

from __future__ import annotations

import os
import re
from typing import NamedTuple

OPEN, SEP, CLOSE = "\U0010fff0", "\U0010fff1", "\U0010fff2"
MARKERS = (OPEN, SEP, CLOSE)
RESERVED = re.compile(f"[{OPEN}{SEP}{CLOSE}]")  # the code points content must not rely on

# Per process (forked workers share it: their registries are their own). Not a secret that
# protects anything by itself — a pair must also wrap its issued text — but it keeps content
# from even spelling a token.
NONCE = os.urandom(8).hex()
_GENUINE = re.compile(f"([{OPEN}{CLOSE}])({NONCE}[0-9a-z]+){SEP}")
_LEGACY = re.compile(f"{OPEN}([^{SEP}]*){SEP}|{CLOSE}")  # OPEN kind:ref SEP ... CLOSE (no registry)


class Span(NamedTuple):
    """A part of the output that the writer did not type inline: ``kind`` is
    ``fact``, ``clause``, ``variable``, ``expression`` or ``snippet``; ``ref`` names it.
    (A named tuple: a rendered field has one per insertion, made cheaply.)"""

    start: int
    end: int
    kind: str
    ref: str


class Issued(dict):
    """The tokens one render issued: token -> (kind, ref, text). Nested renders (a clause
    inserted into a field) issue into the registry of the render they are part of."""

    __slots__ = ("serial",)

    def __init__(self) -> None:
        super().__init__()
        self.serial = 0

    def wrap(self, kind: str, ref: str, text: str) -> str:
        """``text`` between the markers of a token issued for it."""
        self.serial += 1
        token = f"{NONCE}{self.serial:x}"
        self[token] = (kind, ref, text)
        return f"{OPEN}{token}{SEP}{text}{CLOSE}{token}{SEP}"


# snippet tokens: literal in a snippet's compiled code, so issued once per name per process
_SNIPPET_TOKENS: dict[str, str] = {}  # name -> token
_SNIPPETS: dict[str, tuple[str, str, None]] = {}  # token -> ("snippet", name, None)


def snippet_markers(name: str) -> tuple[str, str]:
    """(opening, closing) markers of an included snippet's text."""
    token = _SNIPPET_TOKENS.get(name)
    if token is None:
        token = _SNIPPET_TOKENS[name] = f"{NONCE}s{len(_SNIPPET_TOKENS):x}"
        _SNIPPETS[token] = ("snippet", name, None)
    return f"{OPEN}{token}{SEP}", f"{CLOSE}{token}{SEP}"


class Captured(str):
    """Text a template captured, as a reader reads it (no markers); ``_raw`` keeps the
    markers, restored when the text is printed unchanged (sandboxed templates cannot read an
    attribute that starts with ``_``). Any operation on it gives a plain ``str``."""

    _raw: str | None = None


def strip(text: str) -> str:
    """``text`` without the renderer's markers (characters content typed are kept)."""
    if OPEN not in text and CLOSE not in text:
        return text
    return _GENUINE.sub("", text)


def captured(raw: str) -> str:
    """What a template gets for captured output ``raw`` (see :class:`Captured`)."""
    text = strip(raw)
    if text is raw:
        return raw
    found = Captured(text)
    found._raw = raw
    return found


def split(raw: str, issued: dict | None) -> tuple[str, list[Span]]:
    """(text, spans): the markers removed from rendered output, and the parts they mark.

    Only pairs issued by this render around their own text count (see the module docstring);
    ``issued`` None reads the registry-less form of renderers outside a budget (the runtime):
    ``OPEN kind:ref SEP ... CLOSE``."""
    if issued is None:
        return _split_legacy(raw)
    if OPEN not in raw and CLOSE not in raw:
        return str(raw), []
    pieces = _GENUINE.split(raw)  # text, (side, token, text)*: the scanning done in C
    out = [pieces[0]]
    length = at = len(pieces[0])  # characters of text so far; offset in raw
    spans: list[Span] = []
    stack: list[tuple[str, int, int]] = []  # (token, text length at the opening, raw offset after it)
    issued_get, snippet_get = issued.get, _SNIPPETS.get
    for i in range(1, len(pieces), 3):
        side, token, after = pieces[i], pieces[i + 1], pieces[i + 2]
        start = at
        at += len(token) + 2
        entry = issued_get(token) or snippet_get(token)
        if entry is None:  # not issued: characters content typed, kept as text
            out.append(f"{side}{token}{SEP}")
            length += len(token) + 2
        elif side == OPEN:
            stack.append((token, length, at))
        else:
            found = _closing(stack, token)
            if found is not None and length > found[1]:
                _, begin, inner = found
                kind, ref, text = entry
                # honoured only around the text it was issued for: moved, that text counts as typed
                if text is None or (start - inner == len(text) and raw.startswith(text, inner)):
                    spans.append(Span(begin, length, kind, ref))
        if after:
            out.append(after)
            length += len(after)
            at += len(after)
    return "".join(out), sorted(spans, key=_span_order)


def _closing(stack: list, token: str):
    """Pop and return the opening ``token`` closes (openings above it never closed: dropped),
    or None for a closing marker without its opening one."""
    if stack and stack[-1][0] == token:
        return stack.pop()
    for depth in range(len(stack) - 2, -1, -1):
        if stack[depth][0] == token:
            found = stack[depth]
            del stack[depth:]
            return found
    return None


def _span_order(span: Span) -> tuple[int, int]:
    return (span.start, -span.end)


def _split_legacy(raw: str) -> tuple[str, list[Span]]:
    """The registry-less markers ``OPEN kind:ref SEP ... CLOSE`` (a renderer outside a budget)."""
    if OPEN not in raw:
        return raw, []
    out: list[str] = []
    spans: list[Span] = []
    stack: list[tuple[str, str, int]] = []
    length = 0
    pos = 0
    for marker in _LEGACY.finditer(raw):
        start = marker.start()
        if start > pos:
            out.append(raw[pos:start])
            length += start - pos
        tag = marker.group(1)
        if tag is None:  # CLOSE
            if stack:
                kind, ref, begin = stack.pop()
                if length > begin:
                    spans.append(Span(begin, length, kind, ref))
        else:
            kind, _, ref = tag.partition(":")
            stack.append((kind, ref, length))
        pos = marker.end()
    out.append(raw[pos:])
    return "".join(out), sorted(spans, key=lambda s: (s.start, -s.end))


def legacy_wrap(kind: str, ref: str, text: str) -> str:
    """The registry-less form of a marked value (renderers outside a budget: the runtime)."""
    return f"{OPEN}{kind}:{ref}{SEP}{text}{CLOSE}"


# ---------------------------------------------------------------- what an expression inserted
class Formatted(str):
    """A value ccm's own ``date``/``money``/``number`` filters formatted (in their default
    formats): all of its text is the value's, none of it the writer's."""


_WORD = re.compile(r"\w", re.UNICODE)
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


class DataText:
    """The texts a variant's data can put into its output: every string and number of the
    sample's data and every fact of the locale. :meth:`refine` keeps, of what an expression
    printed, only the parts that are such a text.

    Why: a rule skips text the writer did not type (a customer's name in capitals is not the
    writer's shouting). ``{{ 'cheap' }}``, ``{{ 'ch' ~ 'eap' }}`` or ``{{ 'CHEAP'|lower }}``
    are the writer's words all the same, and the customer reads them: they must not pass for
    inserted text. So an expression's output counts as inserted only where it shows a data
    value (case-insensitively, as whole words: ``|upper``, ``|title`` keep it), or where ccm's
    own formatting filters made it (:class:`Formatted`)."""

    MIN_LENGTH = 2  # a one-letter value would let any letter of the writer's text pass for data

    def __init__(self, *trees) -> None:
        needles: set[str] = set()
        for tree in trees:
            _collect(tree, needles, 0)
        self.needles = sorted((n for n in needles if len(n) >= self.MIN_LENGTH), key=len, reverse=True)
        self.whole = frozenset(self.needles)

    def refine(self, text: str, spans: list[Span]) -> list[Span]:
        """``spans`` with each ``expression`` span narrowed to the data it shows (``variable``)."""
        if not any(span.kind == "expression" for span in spans):
            return spans
        refined: list[Span] = []
        for span in spans:
            if span.kind != "expression":
                refined.append(span)
                continue
            shown = text[span.start:span.end].casefold()
            if shown.strip() in self.whole:
                refined.append(Span(span.start, span.end, "variable", span.ref))
                continue
            refined.extend(Span(span.start + a, span.start + b, "variable", span.ref) for a, b in self._covered(shown))
        return sorted(refined, key=_span_order)

    def _covered(self, shown: str) -> list[tuple[int, int]]:
        taken = bytearray(len(shown))
        found: list[tuple[int, int]] = []
        for needle in self.needles:
            at = shown.find(needle)
            while at >= 0:
                end = at + len(needle)
                if not any(taken[at:end]) and _whole_word(shown, at, end):
                    taken[at:end] = b"\1" * (end - at)
                    found.append((at, end))
                at = shown.find(needle, at + 1)
        return sorted(found)


def _whole_word(text: str, start: int, end: int) -> bool:
    """Not part of a longer Latin word or number (scripts without spaces match anywhere)."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return not ((before and _ASCII_WORD.match(before) and _ASCII_WORD.match(text[start]))
                or (after and _ASCII_WORD.match(after) and _ASCII_WORD.match(text[end - 1])))


def _collect(tree, needles: set[str], depth: int) -> None:
    if depth > 50 or len(needles) > 10_000:
        return
    if isinstance(tree, dict):
        for value in tree.values():
            _collect(value, needles, depth + 1)
    elif isinstance(tree, (list, tuple)):
        for value in tree:
            _collect(value, needles, depth + 1)
    elif isinstance(tree, bool) or tree is None:
        return
    elif isinstance(tree, (str, int, float)):
        text = str(tree).strip().casefold()
        if text and len(text) <= 10_000:
            needles.add(text)
