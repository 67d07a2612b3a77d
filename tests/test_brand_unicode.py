"""The Unicode helpers of the brand rules: emoji (UTS #51) and folding for name matching."""

import pytest

from ccm_cli.rules.brand._emoji import find_emoji
from ccm_cli.rules.brand._unicode import fold

EMOJI = [
    ("🌱 Meet", ["🌱"]),
    ("ok ✅", ["✅"]),
    ("☎️ call", ["☎️"]),  # text-default symbol + VS16
    ("1️⃣ first", ["1️⃣"]),  # keycap
    ("👍🏽", ["👍🏽"]),  # skin tone
    ("👨‍👩‍👧", ["👨‍👩‍👧"]),  # ZWJ sequence
    ("🇯🇵", ["🇯🇵"]),  # flag
    ("⚡停電", ["⚡"]),
]
NOT_EMOJI = ["〒100-0001", "※ご注意", "© 2026", "Kumo®", "Green™", "★★★", "☎ 0120", "♪", "→", "①", "〽", "‼", "ℹ"]


@pytest.mark.parametrize("text,expected", EMOJI)
def test_emoji(text, expected):
    assert [text[a:b] for a, b in find_emoji(text)] == expected


@pytest.mark.parametrize("text", NOT_EMOJI)
def test_not_emoji(text):
    assert list(find_emoji(text)) == []


def test_emoji_table_matches_unicode_properties():
    regex = pytest.importorskip("regex")
    presentation = regex.compile(r"\p{Emoji_Presentation}")
    pictographic = regex.compile(r"\p{Extended_Pictographic}")
    for cp in list(range(0x2000, 0x3300)) + list(range(0x1F000, 0x1FB00)):
        ch = chr(cp)
        if presentation.match(ch):
            assert list(find_emoji(ch)), hex(cp)
        if pictographic.match(ch):
            assert list(find_emoji(ch + "\ufe0f")), hex(cp)
        if not pictographic.match(ch) and not presentation.match(ch) and not 0x1F1E6 <= cp <= 0x1F1FF:
            assert not list(find_emoji(ch)), hex(cp)


@pytest.mark.parametrize("text,skeleton", [
    ("Ｋｕｍｏ Energy", "Kumo Energy"),
    ("Ku\u200bmo Energy", "Kumo Energy"),
    ("Kum\u043e Energy", "Kumo Energy"),
    ("\u039a\u03bf\u03c5mo", "Koumo"),
    ("ｸﾓｴﾅｼﾞｰ", "クモエナジー"),
])
def test_fold(text, skeleton):
    folded = fold(text)
    assert folded.text == skeleton
    assert folded.span(0, len(folded.text)) == (0, len(text))
