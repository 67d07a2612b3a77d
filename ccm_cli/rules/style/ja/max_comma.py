"""Flags sentences that use too many commas (,).

What it checks: the number of half-width commas "," in one sentence (commas inside inline
code are not counted). The Japanese comma 、 is checked by ja/max-ten.
Why: a sentence with many commas is a list or several sentences in disguise.
Options: `max` (default 3 in ccm, as in textlint-rule-preset-ja-technical-writing; the
textlint rule alone defaults to 4): the most commas allowed in a sentence.
Bad:
    対応OSはWindows, macOS, Linux, iOS, Androidです。
Good:
    対応OSはWindows、macOS、Linuxです。モバイルはiOSとAndroidに対応します。
"""

from __future__ import annotations

from typing import Iterator

from ccm_cli.findings import TextProblem
from ccm_cli.rules.options import Count, Option, defaults
from ccm_cli.text.ja import JaDocument

ID = "ja/max-comma"
CATEGORY = "style"
SCOPE = "ja"  # textlint-compatible: check_text(JaDocument, options)
SEVERITY = "warning"

OPTIONS = {
    "ja.max-comma.max": Option(Count(), 3, "Commas per sentence, at most",
                               "The most commas allowed in a sentence (textlint's rule alone allows 4).", (3,)),
}
DEFAULT = defaults(OPTIONS)
PACKAGE_DEFAULT = {"max": 4}


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    limit = int(options.get("max", 3))
    for sentence in doc.sentences:
        block = sentence.block
        if block is None or block.kind != "paragraph":
            continue
        code = [(s.start, s.end) for s in block.segments if s.kind == "code"]
        commas = [
            i
            for i in range(sentence.start, sentence.end)
            if doc.text[i] == "," and not any(a <= i < b for a, b in code)
        ]
        if len(commas) > limit:
            last = commas[-1]
            yield TextProblem(
                last,
                last + 1,
                f"This sentence has {len(commas)} commas (,). Maximum is {limit}.",
                extra={"count": len(commas)},
            )
