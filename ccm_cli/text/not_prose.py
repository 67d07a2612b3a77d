"""What in a text is no one's prose — the one implementation every text rule reads.

A reader reads sentences; a text also holds what no one reads as a sentence, and the text rules
must not judge it as one (textlint's Markdown AST leaves the same out of its sentence rules):

* :func:`non_prose`: ranges of a :class:`~ccm_cli.text.markdown.Prose` that are no one's prose —
  inline code, a link whose text is a URL, bare URLs and e-mail addresses (every text rule skips
  them: ``rules/brand/_common.reader_view``); with ``sentences=True``, also what is part of no
  sentence — a URL in parentheses ``( https://… )``, a table cell, a link label set off by a dash
  (``[Share feedback](…) - If …``) — which sentence counts and readability leave out;
* :func:`non_sentence_lines`: lines of a rendered text that are not sentences — a salutation, a
  sign-off and the signature under it, a line that is only a URL or a link (in a plain-text mail,
  a label and its URL in parentheses: a button), a closing block of short unpunctuated lines — masked in the sentence view (``TextTarget.sentence_prose``) that
  ``"sentences"`` rules, ``SENTENCES`` ja rules and readability read.

YAML front matter is dropped when the Markdown is parsed (``markdown.to_prose``), so no view has it.
"""

from __future__ import annotations

import re

from .markdown import Prose

__all__ = ["URL", "unread_in_source", "non_prose", "non_sentence_lines"]

# a URL, or an e-mail address from the start of its word: tried at every letter of a long word
# (a Japanese paragraph has no spaces), "[\w.+-]+@" would read to the word's end each time
URL = re.compile(r"(?:https?://|www\.)[^\s<>()\"'「」]+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
# "( https://… )": a URL in parentheses, as plain-text e-mails write a link's target
_URL_IN_PARENS = re.compile(r"[(（]\s*(?:https?://|www\.)[^\s<>()]*\s*[)）]|[(（]\s*\{\{[^{}\n]{1,80}\}\}\s*[)）]", re.I)
# a short label opening a block and set off by a dash ("Share feedback - If …"); a parenthesis
# (its URL) counts as one character; tried once per block, so bounded
_LABEL = re.compile(r"(?:[^\n.!?。()（）]|[(（][^()（）\n]{0,200}[)）]){1,60}?\s[-–—]\s")


def non_prose(prose: Prose, sentences: bool = False) -> list[tuple[int, int]]:
    """Sorted ``[start, end)`` ranges of ``prose.text`` that are no one's prose: inline code,
    a link whose text is a URL, bare URLs and e-mail addresses. With ``sentences``, also what
    is not part of any sentence (what textlint's sentence rules do not count): a URL in
    parentheses ``( https://… )``, a table cell, and a link or a link-and-URL label that opens
    a block and is set off by a dash (``[Share feedback](…) - If …``). Built once per prose
    (:meth:`Prose.view`): every text rule shares it."""
    return prose.view(("non_prose", sentences), lambda p: _non_prose(p, sentences))


def _non_prose(prose: Prose, sentences: bool) -> list[tuple[int, int]]:
    text = prose.text
    ranges = [(s.start, s.end) for b in prose.blocks for s in b.segments if s.kind == "code" or s.url_link]
    ranges += [(m.start(), m.end()) for m in URL.finditer(text)]
    if sentences:
        ranges += [(m.start(), m.end()) for m in _URL_IN_PARENS.finditer(text)]
        for block in prose.blocks:
            if block.kind == "table_cell":
                ranges.append((block.start, block.end))
                continue
            label = _LABEL.match(text, block.start, block.end)
            if label is None:
                continue
            first = block.segments[0] if block.segments else None
            linked = first is not None and first.start == block.start and "link" in first.inside
            if linked or _URL_IN_PARENS.search(text, block.start, label.end()) or URL.search(text, block.start, label.end()):
                ranges.append((block.start, label.end()))
    return sorted(ranges)


_INLINE_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)|<!DOCTYPE[^>]*>?|<(script|style)\b.*?(?:</\1\s*>|\Z)", re.S | re.I)


def unread_in_source(md: str) -> list[tuple[int, int]]:
    """``[start, end)`` ranges of the Markdown source ``md`` that no customer reads: code
    (fenced and indented blocks, inline code spans), HTML comments, ``<script>``/``<style>``
    elements and ``<!DOCTYPE …>`` — what a rule that reads
    the source rather than the prose (a link target, say) must skip. Parses ``md``: call it
    only when such a rule found something."""
    from .markdown import parser

    starts = [0]
    k = md.find("\n")
    while k != -1:
        starts.append(k + 1)
        k = md.find("\n", k + 1)
    starts.append(len(md) + 1)

    def span(lines) -> tuple[int, int]:
        first, last = lines
        return starts[min(first, len(starts) - 1)], min(starts[min(last, len(starts) - 1)], len(md))

    ranges = []
    for tok in parser().parse(md):
        if not tok.map:
            continue
        if tok.type in ("fence", "code_block"):
            ranges.append(span(tok.map))
        elif tok.type == "html_block":
            a, b = span(tok.map)
            ranges += [(m.start() + a, m.end() + a) for m in _COMMENT.finditer(md[a:b])]
        elif tok.type == "inline" and ("`" in tok.content or "<!--" in tok.content):
            a, b = span(tok.map)
            ranges += [(m.start() + a, m.end() + a) for m in _INLINE_CODE.finditer(md[a:b])]
            ranges += [(m.start() + a, m.end() + a) for m in _COMMENT.finditer(md[a:b])]
    return sorted(ranges)


# a line that is only a link, a URL or an e-mail address (optionally a list item), or a plain-text
# e-mail's button: a label and its URL in parentheses ("Reset your password ( https://… )");
# every part can match in one way only, so a hostile line cannot make it backtrack (see _email_only)
_URL_ONLY = re.compile(r"^\s*(?:[-*]\s*)?(?:\[[^\]]*\]\([^)]*\)|<?https?://\S+>?"
                       r"|[^\n()]{1,80}\(\s*(?:https?://[^\s()]+|\{\{[^{}\n]{1,80}\}\})\s*\))\s*$")
_SALUTATION = {
    "ja": re.compile(r"^\s*\S.{0,30}(?:様|さま|御中|各位)\s*[、,]?\s*$"),
    "en": re.compile(r"^\s*(?:hi|hello|dear|hey|good (?:morning|afternoon|evening))\b[^.!?]{0,40}[,:]?\s*$", re.I),
}
_SIGN_OFF = {
    "ja": re.compile(r"^\s*(?:以上|敬具|草々)\s*$"),
    "en": re.compile(r"^\s*(?:thanks|thank you|many thanks|best|best wishes|regards|best regards|kind regards|warm regards|sincerely|yours sincerely|cheers|talk soon|see you soon)[,.!]?\s*$", re.I),
}
_SENTENCE_END = re.compile(r"[.。!?！？」』)）]\s*$")


def non_sentence_lines(text: str, lang: str) -> list[tuple[int, int]]:
    """Ranges of lines a reader does not read as sentences: a salutation, a sign-off and the
    signature under it, a line that is only a URL or a link, the short unpunctuated lines of a
    closing signature block."""
    ranges: list[tuple[int, int]] = []
    lines = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), line))
        pos += len(line) + 1
    salutation = _SALUTATION.get(lang, _SALUTATION["en"])
    sign_off = _SIGN_OFF.get(lang, _SIGN_OFF["en"])
    signed = False
    for start, end, line in lines:
        if not line.strip():
            continue
        if signed or _URL_ONLY.match(line) or _email_only(line) or salutation.match(line) or sign_off.match(line):
            ranges.append((start, end))
            signed = signed or bool(sign_off.match(line))
    # a closing block of short lines that do not end like sentences is a signature
    tail: list[tuple[int, int]] = []
    for start, end, line in reversed(lines):
        if not line.strip():
            if tail:
                break
            continue
        if len(line.strip()) > 40 or _SENTENCE_END.search(line):
            tail = []
            break
        tail.append((start, end))
    return ranges + tail


def _email_only(line: str) -> bool:
    """Is the line one word of the shape ``x@y.z`` (``\\S+@\\S+\\.\\S+``), optionally a list item?
    Decided without a regular expression: as one, ``@.@.@.…`` took minutes."""
    word = line.strip()
    words = [word]
    if word[:1] in ("-", "*"):
        words.append(word[1:].lstrip())
    for word in words:
        if word and len(word.split()) == 1:
            at = word.find("@", 1)
            dot = word.rfind(".", 0, len(word) - 1)
            if at >= 1 and dot >= at + 2:
                return True
    return False
