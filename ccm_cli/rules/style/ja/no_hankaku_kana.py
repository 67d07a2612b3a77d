"""Flags half-width katakana (半角カタカナ) such as ｶﾀｶﾅ.

What it checks: runs of half-width katakana and half-width Japanese punctuation.
Why: half-width kana is a legacy encoding artefact; it looks broken in mail and on the web.
Options: none.
Bad:
    ﾎﾟｲﾝﾄが貯まります。
Good:
    ポイントが貯まります。
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

from ccm_cli.findings import TextProblem
from ccm_cli.rules.style.ja._common import plain_ranges
from ccm_cli.text.ja import JaDocument

ID = "ja/no-hankaku-kana"
CATEGORY = "style"
SCOPE = "ja"  # textlint-compatible: check_text(JaDocument, options)
SEVERITY = "error"
DEFAULT: dict = {}

_HANKAKU = re.compile(r"[\uFF61-\uFF9F]+")


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    for block in doc.blocks:
        for a, b in plain_ranges(block, skip_inside=()):
            for m in _HANKAKU.finditer(doc.text, a, b):
                word = m.group()
                yield TextProblem(
                    m.start(),
                    m.end(),
                    f'Half-width katakana (半角カタカナ) "{word}": write it in full-width katakana, "{unicodedata.normalize("NFKC", word)}"',
                    fix=unicodedata.normalize("NFKC", word),
                )
