"""Flags zero-width spaces and other invisible zero-width characters.

What it checks: U+200B ZERO WIDTH SPACE, U+200C, U+200D and U+FEFF inside the text
(written <U+200B> in the example below, where the character itself would be invisible).
Why: invisible characters break search, copy-paste, links and SMS encoding, and nobody sees them.
Options: none.
Bad:
    ご確認<U+200B>ください。
Good:
    ご確認ください。
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

from ccm_cli.findings import TextProblem
from ccm_cli.text.ja import JaDocument

ID = "ja/no-zero-width-spaces"
CATEGORY = "style"
SCOPE = "ja"  # textlint-compatible: check_text(JaDocument, options)
SEVERITY = "error"
DEFAULT: dict = {}

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\ufeff]")


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    for m in _ZERO_WIDTH.finditer(doc.text):
        ch = m.group()
        yield TextProblem(m.start(), m.end(), f"Invisible zero-width character U+{ord(ch):04X} {unicodedata.name(ch)}: delete it", fix="")
