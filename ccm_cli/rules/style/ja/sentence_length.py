"""Flags sentences longer than a maximum number of characters.

What it checks: the length of every sentence of every paragraph (headings, code and link URLs
are not counted; inline code and link text are; a paragraph that is only a link is skipped;
quotes (> …) are skipped, as upstream; a bare URL is not counted, like a link whose text is its URL). A sentence ends at 。．？！?! (not inside
「」 or brackets); a single line break does not end it, a blank line does.
Why: long sentences are hard to read, above all on a phone screen. Split them.
Options: `max` (default 100): the longest sentence allowed, in characters (UTF-16 code units,
as textlint counts). `skipPatterns` (default []): parts of a sentence not counted
("/regexp/flags" or literal strings). `skipUrlStringLink` (default true): do not count a link
whose text is its URL. `countBy` (default "codeunits"; or "codepoints").
Bad:
    本サービスは、お客様の利便性向上のために、毎月の電気料金のお支払い方法としてクレジットカード払い、口座振替、コンビニエンスストアでの払込票によるお支払いのいずれかをお選びいただけるようになっており、変更はマイページからいつでも可能です。
Good:
    お支払い方法は、クレジットカード、口座振替、コンビニ払いから選べます。変更はマイページからいつでもできます。
"""

from __future__ import annotations

import re
from typing import Iterator

from ccm_cli.findings import TextProblem
from ccm_cli.rules.options import Count, Flag, Option, Patterns, Text, defaults
from ccm_cli.rules.style.ja._common import compile_pattern, source_line, utf16_len
from ccm_cli.text.ja import JaDocument

ID = "ja/sentence-length"
CATEGORY = "style"
SCOPE = "ja"  # textlint-compatible: check_text(JaDocument, options)
SENTENCES = True  # judges sentences: salutations, sign-offs, URL-only lines and subject-like fields masked
SEVERITY = "warning"

OPTIONS = {
    "ja.sentence-length.max": Option(Count(), 100, "Characters per sentence, at most",
                                     "The longest sentence allowed, in characters (UTF-16 code units, as textlint counts).", (100,)),
    "ja.sentence-length.skipPatterns": Option(Patterns(), [], "Not counted",
                                              'Parts of a sentence not counted: texts, or "/regexp/flags".', (["/\\d+円/"],)),
    "ja.sentence-length.skipUrlStringLink": Option(Flag(), True, "Skip URL links", "Do not count a link whose text is its URL."),
    "ja.sentence-length.countBy": Option(Text(), "codeunits", "Count by", '"codeunits" (UTF-16, as textlint counts) or "codepoints".',
                                         ("codepoints",)),
    "ja.sentence-length.exclusionPatterns": Option(Patterns(), None, "Not counted (older name)", "textlint's older name of skipPatterns."),
}
DEFAULT = defaults(OPTIONS)


# A bare URL (GFM autolink literal: textlint's Markdown parser makes it a Link whose text is
# its URL, which skipUrlStringLink drops). ASCII only: a Japanese word after it is prose.
_BARE_URL = re.compile(r"(?:https?://|www\.)[!-~]+")
_URL_TRAILING = ".,:;!?*_~'\""


def _bare_urls(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _BARE_URL.finditer(text):
        a, b = m.span()
        while b > a and (text[b - 1] in _URL_TRAILING or (text[b - 1] == ")" and text.count("(", a, b) < text.count(")", a, b))):
            b -= 1
        out.append((a, b))
    return out


def _only_a_link(block) -> bool:
    """A paragraph that is one link and nothing else (a link card) is not a sentence."""
    segs = [s for s in block.segments if s.kind != "break"]
    return bool(segs) and all("link" in s.inside for s in segs)


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    limit = int(options.get("max", 100))
    patterns = [compile_pattern(p) for p in (options.get("skipPatterns") or options.get("exclusionPatterns") or [])]
    skip_url = options.get("skipUrlStringLink", True)
    by_codepoints = options.get("countBy") == "codepoints"
    for sentence in doc.sentences:
        block = sentence.block
        if block is None or block.kind != "paragraph" or block.in_blockquote or _only_a_link(block):
            continue
        text = sentence.text
        if skip_url:
            spans = []
            for s in block.segments:
                if s.end <= sentence.start or s.start >= sentence.end:
                    continue
                if s.url_link:
                    spans.append((s.start, s.end))
                elif s.kind == "text" and "link" not in s.inside:  # a bare URL in prose, not in code
                    spans.extend((s.start + a, s.start + b) for a, b in _bare_urls(doc.text[s.start : s.end]))
            cut = [(max(a, sentence.start) - sentence.start, min(b, sentence.end) - sentence.start)
                   for a, b in spans if b > sentence.start and a < sentence.end]
            for a, b in sorted(cut, reverse=True):
                text = text[:a] + text[b:]
        original = text
        for p in patterns:
            text = p.sub("", text)
        length = len(text) if by_codepoints else utf16_len(text)
        if length <= limit:
            continue
        line = source_line(doc, sentence.start)
        shown = f"{length}" if text == original else f"{length}, original:{len(original) if by_codepoints else utf16_len(original)}"
        yield TextProblem(
            sentence.start,
            sentence.end,
            f"Line {line} sentence length({shown}) exceeds the maximum sentence length of {limit}.\n"
            f"Over {length - limit} characters.",
            extra={"length": length, "max": limit},
        )
