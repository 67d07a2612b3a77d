"""Flags invisible control characters (U+0000-U+001F except tab and line breaks, DEL, C1, bidi overrides).

What it checks: the characters @textlint-rule/textlint-rule-no-invalid-control-character (MIT,
(c) 2017 azu, github.com/textlint-rule/textlint-rule-no-invalid-control-character 3.0.0)
looks for — C0 controls but tab, line feed and carriage return; DEL; the C1 controls
U+0080-U+009F; the bidirectional formatting characters U+202A-U+202E — in the text, in an
image's alt text (`checkImage`) and, with `checkCode`, in inline code. ccm reads no code block
or image title (they are not what the customer reads), so those parts of upstream's checks do
not apply. The fix deletes the character. (In the example below, <U+0008> stands for a
BACKSPACE pasted in: the character itself is invisible.)
Why: a control character pasted from another tool is invisible in review, renders as a box or
nothing in a mail client, and a bidi override can reverse what the customer sees.
Options: `allow` (default []): characters accepted, e.g. ["\\u000b"]. `checkCode` (default
false): also inline code. `checkImage` (default true): also image alt text.
Bad:
    ご確認<U+0008>ください。
Good:
    ご確認ください。
"""

from __future__ import annotations

import re
from typing import Iterator

from ccm_cli.findings import TextProblem
from ccm_cli.rules.options import Flag, Option, Texts, defaults
from ccm_cli.rules.style.ja._textlint_nodes import str_nodes
from ccm_cli.text.ja import JaDocument

ID = "ja/no-invalid-control-character"
CATEGORY = "style"
SCOPE = "ja"  # textlint-compatible: check_text(JaDocument, options)
BLOCK_LOCAL = True  # judges each block (paragraph, heading, cell) on its own
SEVERITY = "error"

OPTIONS = {
    "ja.no-invalid-control-character.allow": Option(Texts(), [], "Allowed characters", "Control characters accepted.", (["\u000b"],)),
    "ja.no-invalid-control-character.checkCode": Option(Flag(), False, "Inline code", "Also check inline code."),
    "ja.no-invalid-control-character.checkImage": Option(Flag(), True, "Image alt text", "Also check images' alt text."),
}
DEFAULT = defaults(OPTIONS)

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\u202a-\u202e]")

# upstream's CONTROL_CHARACTERS names (a character it does not name gets none, as upstream)
_NAMES = dict(enumerate((
    None, "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION", "ENQUIRY", "ACKNOWLEDGE", "BELL",
    "BACKSPACE", "CHARACTER TABULATION", "LINE FEED (LF)", "LINE TABULATION", "FORM FEED (FF)", "CARRIAGE RETURN (CR)",
    "SHIFT OUT", "SHIFT IN", "DATA LINK ESCAPE", "DEVICE CONTROL ONE", "DEVICE CONTROL TWO", "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE", "SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL",
    "END OF MEDIUM", "SUBSTITUTE", "ESCAPE", "INFORMATION SEPARATOR FOUR", "INFORMATION SEPARATOR THREE",
    "INFORMATION SEPARATOR TWO", "INFORMATION SEPARATOR ONE")))
_NAMES.update({0x7F: "DELETE"})
_NAMES.update(zip(range(0x80, 0xA0), (
    "PADDING CHARACTER", "HIGH OCTET PRESET", "BREAK PERMITTED HERE", "NO BREAK HERE", "INDEX", "NEXT LINE (NEL)",
    "START OF SELECTED AREA", "END OF SELECTED AREA", "CHARACTER TABULATION SET", "CHARACTER TABULATION WITH JUSTIFICATION",
    "LINE TABULATION SET", "PARTIAL LINE FORWARD", "PARTIAL LINE BACKWARD", "REVERSE LINE FEED", "SINGLE SHIFT TWO",
    "SINGLE SHIFT THREE", "DEVICE CONTROL STRING", "PRIVATE USE ONE", "PRIVATE USE TWO", "SET TRANSMIT STATE",
    "CANCEL CHARACTER", "MESSAGE WAITING", "START OF GUARDED AREA", "END OF GUARDED AREA", "START OF STRING",
    "SINGLE GRAPHIC CHARACTER INTRODUCER", "SINGLE CHARACTER INTRODUCER", "CONTROL SEQUENCE INTRODUCER",
    "STRING TERMINATOR", "OPERATING SYSTEM COMMAND", "PRIVACY MESSAGE", "APPLICATION PROGRAM COMMAND")))
_NAMES.update({0x202C: "POP DIRECTIONAL FORMATTING", 0x202D: "LEFT-TO-RIGHT OVERRIDE", 0x202E: "RIGHT-TO-LEFT OVERRIDE"})


def _message(ch: str) -> str:
    return f"Found invalid control character({_NAMES.get(ord(ch)) or ''} \\u{ord(ch):04x})"


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    allow = set(options.get("allow") or ())
    check_code = options.get("checkCode") is True
    check_image = options.get("checkImage", True) is not False
    text = doc.text
    if not _CONTROL.search(text):
        return
    for block in doc.blocks:
        for start, end, _ in str_nodes(block, code=check_code, image=check_image):
            for m in _CONTROL.finditer(text, start, end):
                if m.group() not in allow:
                    yield TextProblem(m.start(), m.end(), _message(m.group()), fix="")
