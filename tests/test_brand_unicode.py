"""The Unicode helpers of the brand rules: emoji (UTS #51) and folding for name matching."""

from pathlib import Path

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


def _snapshot() -> dict[str, set[int]]:
    """The emoji properties pinned in tests/data/emoji-properties.txt (see its header)."""
    props: dict[str, set[int]] = {"Emoji_Presentation": set(), "Extended_Pictographic": set()}
    for line in (Path(__file__).parent / "data" / "emoji-properties.txt").read_text("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        span, prop = (part.strip() for part in line.split(";"))
        lo, _, hi = span.partition("..")
        props[prop].update(range(int(lo, 16), int(hi or lo, 16) + 1))
    return props


def test_emoji_table_matches_unicode_properties():
    props = _snapshot()
    presentation, pictographic = props["Emoji_Presentation"], props["Extended_Pictographic"]
    assert len(presentation) > 1000 and len(pictographic) > 1500  # the snapshot was read whole
    for cp in list(range(0x2000, 0x3300)) + list(range(0x1F000, 0x1FB00)):
        ch = chr(cp)
        if cp in presentation:
            assert list(find_emoji(ch)), hex(cp)
        if cp in pictographic:
            assert list(find_emoji(ch + "\ufe0f")), hex(cp)
        if cp not in pictographic and cp not in presentation and not 0x1F1E6 <= cp <= 0x1F1FF:
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
