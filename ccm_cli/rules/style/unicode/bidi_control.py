"""Bidirectional control characters in a template (Trojan Source).

What it checks: the template text the writer typed (fields, `body_file:` templates, included
snippets) for the invisible Unicode controls that reorder text: LRE/RLE/PDF/LRO/RLO
(U+202A–U+202E), LRI/RLI/FSI/PDI (U+2066–U+2069), LRM/RLM (U+200E/U+200F) and the Arabic
letter mark (U+061C).
Why: they make the text a reviewer sees in the pull request differ from the text the customer
receives (CVE-2021-42574, "Trojan Source"): a URL or an amount can be shown reversed.
Bad:
    body: "Pay at https://kumo.example/\u202epay"
Good:
    body: "Pay at {{ facts.pay_url }}"
"""

from __future__ import annotations

import re

from ...base import at_field, make
from ._scan import typed_texts

ID = "unicode/bidi-control"
CATEGORY = "style"
SEVERITY = "error"
SCOPE = "comm"

BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def check(comm, ctx):
    for tfield in typed_texts(comm, ctx):
        for match in BIDI.finditer(tfield.source):
            yield make(__name__, f"bidirectional control character U+{ord(match.group()):04X} in {tfield.channel}.{tfield.name}: what reviewers see is not what customers get",
                       **at_field(tfield, match.start()), comm=comm, locale=tfield.locale, channel=tfield.channel,
                       excerpt=tfield.source[max(match.start() - 15, 0): match.start() + 15].replace(match.group(), f"<U+{ord(match.group()):04X}>"),
                       fix="Delete the invisible character")
