"""Flags kana written in decomposed form (NFD, "UTF8-MAC 濁点").

What it checks: a kana followed by a separate sound mark (゙ ゚ or ゛ ゜) where one precomposed
character exists (ホ + ゚ instead of ポ). Such text usually comes from file names copied on macOS.
Why: decomposed kana look right but break search, sorting and character counts.
Options: none.
Bad:
    ホ゜イント
Good:
    ポイント
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

from ccm_cli.findings import TextProblem
from ccm_cli.text.ja import JaDocument

ID = "ja/no-nfd"
CATEGORY = "style"
SCOPE = "ja"  # textlint-compatible: check_text(JaDocument, options)
SEVERITY = "error"
DEFAULT: dict = {}

_MARK = re.compile("[\u3099\u309a\u309b\u309c]")
_COMBINING = {"\u309b": "\u3099", "\u309c": "\u309a"}


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    text = doc.text
    for m in _MARK.finditer(text):
        i = m.start()
        if i == 0:
            continue
        pair = text[i - 1 : i + 1]
        composed = unicodedata.normalize("NFC", text[i - 1] + _COMBINING.get(text[i], text[i]))
        if len(composed) != 1:
            continue
        yield TextProblem(
            i,
            i + 1,
            f'Decomposed kana (NFD, "UTF8-MAC 濁点"): "{pair}" is a kana and a separate sound mark; write "{composed}"',
            fix=composed,
            extra={"replace_from": i - 1},
        )
