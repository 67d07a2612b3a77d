"""textlint's Markdown nodes, as the ``ja/*`` rules ported from textlint visit them (not a rule).

textlint hands a rule ``Str`` nodes (runs of plain text between inline markup: a soft line break
stays inside the run) and ``Paragraph`` nodes; a ccm block keeps the same runs as its segments.
These helpers give the rules those units as ranges of ``JaDocument.text``, so each rule reads
the same text upstream's does without tokenising anything again.
"""

from __future__ import annotations

from ccm_cli.text.ja import JaDocument, Token
from ccm_cli.text.markdown import Block


def str_nodes(block: Block, *, code: bool = False, image: bool = False) -> list[tuple[int, int, tuple]]:
    """``(start, end, inside)`` of each ``Str`` node of ``block``: consecutive text and line-break
    segments with the same surroundings (``inside``: link, emphasis, strong, delete, image).
    Inline code is a ``Code`` node, not a ``Str`` (``code=True`` keeps it, as a node of its
    own); an image's alt text is an attribute of its ``Image`` node (``image=True`` keeps it)."""
    out: list[tuple[int, int, tuple]] = []
    joinable = False
    for seg in block.segments:
        if seg.kind == "code":
            if code:
                out.append((seg.start, seg.end, seg.inside + ("code",)))
            joinable = False
            continue
        if "image" in seg.inside and not image:
            joinable = False
            continue
        if joinable and out and out[-1][1] == seg.start and out[-1][2] == seg.inside:
            out[-1] = (out[-1][0], seg.end, seg.inside)
        else:
            out.append((seg.start, seg.end, seg.inside))
        joinable = True
    return out


def is_plain_paragraph(block: Block) -> bool:
    """A ``Paragraph`` node outside a block quote (textlint's ``isChildNode(node, [BlockQuote,
    …])`` test); headings and table cells are not paragraphs."""
    return block.kind == "paragraph" and not block.in_blockquote


def tokens_within(doc: JaDocument, start: int, end: int) -> list[Token]:
    """The document's tokens that lie wholly inside ``[start, end)`` (a node's own tokens)."""
    return [t for t in doc.tokens_between(start, end) if t.end <= end]


def adjacent(prev: Token, cur: Token) -> bool:
    """Whether kuromoji would give these two tokens side by side. MeCab drops white space
    between words; kuromoji keeps it as a token (記号/空白), so a gap means one stood between."""
    return prev.end == cur.start and prev.pos != "空白"
