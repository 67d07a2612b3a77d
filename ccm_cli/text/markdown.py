"""Markdown to prose: the text a reader reads, with a map back to the source.

``to_prose(md)`` parses Markdown with markdown-it-py and keeps what a reader sees:
paragraphs, headings, list items, block quotes and table cells, each as a *block*.
Code blocks, HTML tags, link URLs and Markdown markers are left out. What a customer reads
inside HTML is kept: the text of an HTML block (each block-level element a block of its own,
entities decoded, ``<script>``/``<style>``/comments left out) and an image's alt text (what a
mail client shows when images are off) — content under review must not hide words from the
rules in markup. Inline code is kept (without its backticks) unless ``keep_code=False``.

Blocks are joined with a blank line (``"\\n\\n"``); a soft line break inside a block stays a
``"\\n"``. Every character of ``Prose.text`` knows the offset in the Markdown it came from,
so a rule that finds a problem at ``Prose.text[i]`` can point the writer at
``md[prose.source_offset(i)]``.

Each block also keeps its inline *segments* (plain text, inline code, line breaks, and the
links/emphasis they sit in), because textlint rules look at some node types and skip
others (a rule may ignore text inside links, or a paragraph inside a block quote).
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt

__all__ = ["Block", "Prose", "Segment", "front_matter_end", "plain_prose", "to_prose"]

_BLOCK_SEPARATOR = "\n\n"
_ALIGN_WINDOW = 48  # how far a character may sit from the previous one (markers, escapes, entities)


@dataclass(frozen=True)
class Segment:
    """A run of inline content inside a block.

    ``kind`` is ``"text"``, ``"code"`` (inline code) or ``"break"`` (a line break);
    ``inside`` names the inline containers around it (``"link"``, ``"emphasis"``,
    ``"strong"``, ``"delete"``); ``url_link`` is true for a link whose text is a URL.
    """

    kind: str
    start: int
    end: int
    inside: tuple[str, ...] = ()
    url_link: bool = False


@dataclass
class Block:
    """One paragraph, heading or table cell of the prose."""

    kind: str  # "paragraph" | "heading" | "table_cell"
    start: int
    end: int
    in_list: bool = False
    in_blockquote: bool = False
    level: int = 0  # heading level
    segments: list[Segment] = field(default_factory=list)

    @property
    def is_body(self) -> bool:
        """A plain paragraph: not a heading, list item, quote or table cell."""
        return self.kind == "paragraph" and not self.in_list and not self.in_blockquote

    def segment_at(self, i: int) -> Segment | None:
        for seg in self.segments:
            if seg.start <= i < seg.end:
                return seg
        return None


class Prose:
    """The readable text of a document, its blocks, and a map back to the source.

    A Prose is not changed once built, so the views rules derive from it (the skipped
    ranges, a folded text) are kept with it by :meth:`view` and built once however many rules
    and targets share it. A view must not refer back to its prose: the cycle would leave both
    to the garbage collector (the tokenised Japanese document is kept by its target instead)."""

    __slots__ = ("text", "blocks", "source", "_map", "_block_starts", "_views")

    def __init__(self, text: str, blocks: list[Block], source: str, offsets: list[int]):
        self.text = text
        self.blocks = blocks
        self.source = source
        self._map = offsets
        self._block_starts = [b.start for b in blocks]
        self._views: dict = {}

    def view(self, key, build):
        """``build(self)``, computed once per ``key`` for this prose."""
        views = self._views
        if key not in views:
            views[key] = build(self)
        return views[key]

    def source_offset(self, i: int) -> int:
        """The offset in the source of ``text[i]`` (``i == len(text)`` maps past the end)."""
        if not self._map:
            return min(i, len(self.source))
        if i < 0:
            return self._map[0]
        if i < len(self._map):
            return self._map[i]
        return self._map[-1] + 1

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open ``[start, end)`` range of ``text`` back to the source."""
        s = self.source_offset(start)
        e = self.source_offset(end - 1) + 1 if end > start else s
        return s, max(s, e)

    def block_at(self, i: int) -> Block | None:
        k = bisect.bisect_right(self._block_starts, i) - 1
        if k >= 0 and self.blocks[k].start <= i < max(self.blocks[k].end, self.blocks[k].start + 1):
            return self.blocks[k]
        return None

    @property
    def paragraphs(self) -> list[str]:
        return [self.text[b.start : b.end] for b in self.blocks]


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The Markdown parser (CommonMark, tables, strikethrough), built once."""
    return MarkdownIt("commonmark").enable("table").enable("strikethrough")


def plain_prose(text: str) -> Prose:
    """Prose for a text that is not Markdown: blocks are split on blank lines."""
    blocks: list[Block] = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in "\r\n":
            i += 1
        if i >= n:
            break
        j = text.find("\n\n", i)
        j = n if j == -1 else j
        end = j
        while end > i and text[end - 1] in " \t\r\n":
            end -= 1
        if end > i:
            blocks.append(Block("paragraph", i, end, segments=_plain_segments(text, i, end)))
        i = j
    return Prose(text, blocks, text, list(range(len(text))))


def _plain_segments(text: str, start: int, end: int) -> list[Segment]:
    segs: list[Segment] = []
    i = start
    while i < end:
        j = text.find("\n", i, end)
        if j == -1:
            segs.append(Segment("text", i, end))
            break
        if j > i:
            segs.append(Segment("text", i, j))
        segs.append(Segment("break", j, j + 1))
        i = j + 1
    return segs


def front_matter_end(md: str) -> int:
    """Where the YAML front matter of a Markdown text ends (0: it has none): a first line
    ``---``, lines of YAML (the first a ``key:``), and a closing ``---`` or ``...`` line —
    what textlint's Markdown parser and static-site generators take for metadata."""
    if not md.startswith("---") or md[3:4] not in ("\n", "\r"):
        return 0
    m = _FRONT_MATTER.match(md)
    return m.end() if m is not None else 0


_FRONT_MATTER = re.compile(r"---\r?\n(?=[ \t]*[\w\"'-][^\n:]{0,80}:(?:\s|$))(?:[^\n]*\n){0,200}?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)")


def to_prose(md: str, keep_code: bool = True) -> Prose:
    """Parse Markdown and return its readable text (see the module docstring). YAML front
    matter is no one's prose: it is left out (:func:`front_matter_end`).

    A text whose paragraphs cannot affect one another's parsing is parsed paragraph by
    paragraph, each distinct paragraph once per process (greetings differ from sample to
    sample; the paragraphs after them, and copies across comms, do not): see :func:`_chunks`.
    The result equals the parse of the whole text."""
    skip = front_matter_end(md)
    if skip:
        return _joined(md, [(skip, to_prose(md[skip:], keep_code))])
    chunks = _chunks(md)
    if chunks is None:
        return _parse(md, keep_code)
    return _joined(md, [(start, _chunk_prose(md[start:end], keep_code)) for start, end in chunks])


# a paragraph starting with one of these characters may continue the one before the blank line
_CONTINUES = frozenset(" \t\n")
# constructs that reach across a blank line or change how another paragraph parses: fenced
# code, HTML blocks (comments, <pre>), link reference definitions, entities (their
# characters are looked up near the cursor, maybe past the paragraph)
_UNSPLITTABLE = ("```", "~~~", "<", "]:", "&")


def _chunks(md: str) -> list[tuple[int, int]] | None:
    """``[start, end)`` of the paragraphs of ``md`` between blank lines ("\\n\\n"), when each can
    be parsed on its own: none of :data:`_UNSPLITTABLE` occurs, and every paragraph after a
    blank line starts at column 0 with a character that does not continue the block before
    (an indented line may be a list item's second paragraph or indented code). None: parse
    the text whole."""
    if "\n\n" not in md or any(mark in md for mark in _UNSPLITTABLE):
        return None
    chunks: list[tuple[int, int]] = []
    start = 0
    at = md.find("\n\n")
    while at != -1:
        nxt = at + 2
        while nxt < len(md) and md[nxt] == "\n":
            nxt += 1
        if nxt < len(md) and md[nxt] not in _CONTINUES:
            chunks.append((start, at))
            start = nxt
        at = md.find("\n\n", nxt)
    chunks.append((start, len(md)))
    return chunks if len(chunks) > 1 else None


@lru_cache(maxsize=4096)
def _chunk_prose(text: str, keep_code: bool) -> Prose:
    return _parse(text, keep_code)


def _joined(md: str, parts: list[tuple[int, Prose]]) -> Prose:
    """One Prose from the proses of the paragraphs of ``md`` (each with its start in ``md``),
    block separators placed as one parse of ``md`` places them."""
    pieces: list[str] = []
    offsets: list[int] = []
    blocks: list[Block] = []
    length = 0
    for start, prose in parts:
        for block in prose.blocks:
            if blocks:
                last = offsets[-1] + 1 if offsets else 0
                pieces.append(_BLOCK_SEPARATOR)
                offsets.extend([last] * len(_BLOCK_SEPARATOR))
                length += len(_BLOCK_SEPARATOR)
            shift = length - block.start
            pieces.append(prose.text[block.start : block.end])
            offsets.extend(o + start for o in prose._map[block.start : block.end])
            length += block.end - block.start
            blocks.append(Block(block.kind, block.start + shift, block.end + shift, in_list=block.in_list,
                                in_blockquote=block.in_blockquote, level=block.level,
                                segments=[Segment(seg.kind, seg.start + shift, seg.end + shift, seg.inside, seg.url_link)
                                          for seg in block.segments]))
    return Prose("".join(pieces), blocks, md, offsets)


def _parse(md: str, keep_code: bool) -> Prose:
    tokens = parser().parse(md)
    line_starts = [0]
    k = md.find("\n")
    while k != -1:
        line_starts.append(k + 1)
        k = md.find("\n", k + 1)
    builder = _Builder(md, line_starts, keep_code)
    stack: list[str] = []
    row_cursor: dict[int, int] = {}
    for tok in tokens:
        if tok.nesting == 1:
            stack.append(tok.type)
            continue
        if tok.nesting == -1:
            if stack:
                stack.pop()
            continue
        if tok.type == "html_block":
            builder.add_html_block(tok, in_list="list_item_open" in stack, in_blockquote="blockquote_open" in stack)
            continue
        if tok.type != "inline":
            continue  # fence, code_block, hr: not prose
        parent = stack[-1] if stack else ""
        if parent == "heading_open":
            kind = "heading"
        elif parent in ("th_open", "td_open"):
            kind = "table_cell"
        else:
            kind = "paragraph"
        level = 0
        if kind == "heading":
            level = _heading_level(md, line_starts, tok)
        builder.add_block(
            tok,
            kind,
            in_list="list_item_open" in stack,
            in_blockquote="blockquote_open" in stack,
            level=level,
            row_cursor=row_cursor if kind == "table_cell" else None,
        )
    return builder.finish()


def _heading_level(md: str, line_starts: list[int], tok) -> int:
    if not tok.map:
        return 1
    line = md[line_starts[tok.map[0]] :].lstrip(" >")
    n = len(line) - len(line.lstrip("#"))
    return n or 1


class _Builder:
    def __init__(self, md: str, line_starts: list[int], keep_code: bool):
        self.md = md
        self.line_starts = line_starts
        self.keep_code = keep_code
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self.blocks: list[Block] = []

    # -- output -------------------------------------------------------------------------
    def _emit(self, ch: str, src: int) -> None:
        self.chars.append(ch)
        self.offsets.append(src)

    def _emit_aligned(self, text: str, cursor: int) -> int:
        """Emit ``text``, each character mapped to where it sits in the source from ``cursor``
        on (the nearest occurrence within the window); return the cursor after it. A run that
        the source has verbatim at the cursor maps one to one, in bulk."""
        md = self.md
        limit = len(md)
        chars, offsets = self.chars, self.offsets
        i, n = 0, len(text)
        while i < n:
            run = _common_prefix(text, i, md, cursor)
            if run:
                chars.extend(text[i : i + run])
                offsets.extend(range(cursor, cursor + run))
                i += run
                cursor += run
                if i >= n:
                    break
            ch = text[i]
            i += 1
            stop = min(limit, cursor + _ALIGN_WINDOW)
            j = md.find(ch, cursor, stop)
            if ch == " ":  # inline code turns line breaks into spaces
                k = md.find("\n", cursor, stop)
                if k != -1 and (j == -1 or k < j):
                    j = k
            if j == -1:
                self._emit(ch, min(cursor, limit - 1) if limit else 0)
            else:
                self._emit(ch, j)
                cursor = j + 1
        return cursor

    def add_html_block(self, tok, *, in_list, in_blockquote) -> None:
        """The text a customer reads in an HTML block: one block per run of text between
        block-level tags (and one per ``<img alt>``), whitespace collapsed as a browser does."""
        if not tok.map:
            return
        first, last = tok.map
        begin = self.line_starts[first] if first < len(self.line_starts) else len(self.md)
        end = self.line_starts[last] if last < len(self.line_starts) else len(self.md)
        source = self.md[begin:end]
        runs: list[list[tuple[str, int]]] = [[]]
        pos = 0
        for m in _HTML_MARKUP.finditer(source):
            _html_text(source[pos : m.start()], begin + pos, runs[-1])
            tag = m.group(0)
            name = _TAG_NAME.match(tag)
            if name is not None and name.group(1).lower() == "img":
                alt = _ALT.search(tag)
                if alt is not None:
                    runs.append([])
                    value = alt.group(2) if alt.group(2) is not None else alt.group(3)
                    _html_text(value, begin + pos + (m.start() - pos) + alt.start(alt.lastindex), runs[-1])
                    runs.append([])
            elif name is None or name.group(1).lower() in _BLOCK_TAGS:
                runs.append([])  # a comment, script, style or block-level tag ends the run
            pos = m.end()
        _html_text(source[pos:], begin + pos, runs[-1])
        for run in runs:
            while run and run[0][0] == " ":
                run.pop(0)
            while run and run[-1][0] == " ":
                run.pop()
            if not run:
                continue
            if self.blocks:
                last_src = self.offsets[-1] + 1 if self.offsets else 0
                for ch in _BLOCK_SEPARATOR:
                    self._emit(ch, last_src)
            start = len(self.chars)
            for ch, src in run:
                self._emit(ch, src)
            self.blocks.append(Block("paragraph", start, len(self.chars), in_list=in_list, in_blockquote=in_blockquote,
                                     segments=[Segment("text", start, len(self.chars), ("html",))]))

    def finish(self) -> Prose:
        return Prose("".join(self.chars), self.blocks, self.md, self.offsets)

    # -- blocks -------------------------------------------------------------------------
    def _start_cursor(self, tok, row_cursor: dict[int, int] | None) -> int:
        md = self.md
        if not tok.map:
            return 0
        line = tok.map[0]
        ls = self.line_starts[line] if line < len(self.line_starts) else len(md)
        le = md.find("\n", ls)
        le = len(md) if le == -1 else le
        first = tok.content.split("\n", 1)[0]
        if row_cursor is not None:
            start = row_cursor.get(line, ls)
            j = md.find(first, start, le) if first else -1
            pos = j if j != -1 else start
            row_cursor[line] = pos + len(first)
            return pos
        src_line = md[ls:le].rstrip()
        stripped = first.rstrip()
        if stripped and src_line.endswith(stripped):
            return ls + len(src_line) - len(stripped)
        j = md.find(first, ls, le) if first else -1
        return j if j != -1 else ls

    def add_block(self, tok, kind, *, in_list, in_blockquote, level, row_cursor) -> None:
        if self.blocks:
            last_src = self.offsets[-1] + 1 if self.offsets else 0
            for ch in _BLOCK_SEPARATOR:
                self._emit(ch, last_src)
        start = len(self.chars)
        cursor = self._start_cursor(tok, row_cursor)
        segments: list[Segment] = []
        inside: list[str] = []
        url_link_stack: list[bool] = []
        md = self.md
        for child in tok.children or []:
            t = child.type
            if t == "text":
                s = len(self.chars)
                cursor = self._emit_aligned(child.content, cursor)
                if len(self.chars) > s:
                    segments.append(
                        Segment("text", s, len(self.chars), tuple(inside), bool(url_link_stack and url_link_stack[-1]))
                    )
            elif t in ("softbreak", "hardbreak"):
                j = md.find("\n", cursor)
                j = cursor if j == -1 else j
                s = len(self.chars)
                self._emit("\n", j)
                segments.append(Segment("break", s, s + 1, tuple(inside)))
                cursor = j + 1
            elif t == "code_inline":
                mark = child.markup or "`"
                j = md.find(mark, cursor)
                j = cursor if j == -1 else j
                body_start = j + len(mark)
                if self.keep_code:
                    s = len(self.chars)
                    after = self._emit_aligned(child.content, body_start)
                    if len(self.chars) > s:
                        segments.append(Segment("code", s, len(self.chars), tuple(inside)))
                else:
                    after = body_start + len(child.content)
                k = md.find(mark, after)
                cursor = (k + len(mark)) if k != -1 else after
            elif t == "link_open":
                href = child.attrs.get("href", "") if child.attrs else ""
                if child.markup == "autolink":
                    j = md.find("<", cursor)
                    cursor = j + 1 if j != -1 else cursor
                    url_link_stack.append(True)
                else:
                    j = md.find("[", cursor)
                    cursor = j + 1 if j != -1 else cursor
                    url_link_stack.append(_looks_like_url_text(md, cursor, href))
                inside.append("link")
            elif t == "link_close":
                if inside and inside[-1] == "link":
                    inside.pop()
                if url_link_stack:
                    url_link_stack.pop()
                if child.markup == "autolink":
                    j = md.find(">", cursor)
                    cursor = j + 1 if j != -1 else cursor
                else:
                    cursor = _skip_link_tail(md, cursor)
            elif t == "image":
                j = md.find("![", cursor)
                if j != -1:
                    k = _matching(md, j + 1, "[", "]")
                    if child.content and k != -1:  # the alt text: read when images are off
                        s = len(self.chars)
                        self._emit_aligned(child.content, j + 2)
                        if len(self.chars) > s:
                            segments.append(Segment("text", s, len(self.chars), tuple(inside) + ("image",)))
                    cursor = _skip_link_tail(md, k) if k != -1 else j + 2
            elif t in ("em_open", "strong_open", "s_open"):
                inside.append({"em_open": "emphasis", "strong_open": "strong", "s_open": "delete"}[t])
                cursor = _skip_marker(md, cursor, child.markup)
            elif t in ("em_close", "strong_close", "s_close"):
                if inside:
                    inside.pop()
                cursor = _skip_marker(md, cursor, child.markup)
            elif t == "html_inline":
                j = md.find(child.content, cursor)
                if j != -1:
                    cursor = j + len(child.content)
        end = len(self.chars)
        # trim trailing whitespace of the block (never present in Markdown inline content)
        self.blocks.append(
            Block(kind, start, end, in_list=in_list, in_blockquote=in_blockquote, level=level, segments=segments)
        )


# markup in an HTML block: comments, script and style elements with their content, tags
_HTML_MARKUP = re.compile(r"<!--.*?(?:-->|\Z)|<(script|style)\b.*?(?:</\1\s*>|\Z)|<[^>]*>?", re.S | re.I)
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9]*)")
_ALT = re.compile(r"""\balt\s*=\s*(?:(["'])(.*?)\1|([^\s>]+))""", re.S | re.I)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body br center dd details dialog div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 head header hr html li main nav ol p pre section summary table tbody td tfoot th "
    "thead title tr ul".split())


def _html_text(text: str, offset: int, out: list[tuple[str, int]]) -> None:
    """Append the characters a browser shows for ``text`` (HTML character data at ``offset``
    in the source): entities decoded, each run of whitespace one space."""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "&":
            m = _ENTITY.match(text, i)
            if m is not None:
                for decoded in html.unescape(m.group(0)):
                    _html_char(" " if decoded.isspace() else decoded, offset + i, out)
                i = m.end()
                continue
        _html_char(" " if ch.isspace() else ch, offset + i, out)
        i += 1


def _html_char(ch: str, src: int, out: list[tuple[str, int]]) -> None:
    if ch == " " and (not out or out[-1][0] == " "):
        if not out:
            out.append((ch, src))
        return
    out.append((ch, src))


def _common_prefix(text: str, i: int, md: str, cursor: int) -> int:
    """Length of the longest run of ``text[i:]`` that ``md`` has verbatim at ``cursor``."""
    hi = min(len(text) - i, len(md) - cursor)
    if hi <= 0:
        return 0
    if md.startswith(text[i : i + hi], cursor):
        return hi
    lo = 0  # text[i:i+lo] matches, text[i:i+hi] does not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if md.startswith(text[i : i + mid], cursor):
            lo = mid
        else:
            hi = mid
    return lo


def _skip_marker(md: str, cursor: int, marker: str) -> int:
    if not marker:
        return cursor
    j = md.find(marker, cursor, cursor + _ALIGN_WINDOW)
    return j + len(marker) if j != -1 else cursor


def _matching(md: str, i: int, open_ch: str, close_ch: str) -> int:
    """Index of the bracket closing the one at ``md[i]`` (escapes respected), or -1."""
    depth = 0
    k = i
    n = len(md)
    while k < n:
        c = md[k]
        if c == "\\":
            k += 2
            continue
        if c == open_ch:
            depth += 1
        elif c == close_ch:
            depth -= 1
            if depth == 0:
                return k
        k += 1
    return -1


def _skip_link_tail(md: str, cursor: int) -> int:
    """From the end of a link's text, skip ``](url "title")``, ``][ref]`` or ``]``."""
    j = md.find("]", cursor)
    if j == -1:
        return cursor
    nxt = md[j + 1 : j + 2]
    if nxt == "(":
        k = _matching(md, j + 1, "(", ")")
        return k + 1 if k != -1 else j + 1
    if nxt == "[":
        k = md.find("]", j + 2)
        return k + 1 if k != -1 else j + 1
    return j + 1


def _looks_like_url_text(md: str, cursor: int, href: str) -> bool:
    """A link written as ``[http://...](...)``: its text is a URL."""
    head = md[cursor : cursor + 8].lower()
    return head.startswith("http://") or head.startswith("https://")
