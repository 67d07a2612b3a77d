"""clause presence's best_window prunes windows by difflib's quick_ratio (an upper bound) and
reuses one matcher for the clause text: it must pick exactly the window, and the ratio, that
comparing every candidate window picks — on English and Japanese copies, edited, truncated,
moved, and on unrelated text."""

from __future__ import annotations

import difflib
import random

import pytest

from ccm_cli.rules.clause._presence import best_window


def _every_window(text: str, target: str) -> tuple[int, int, float]:
    """The version before pruning: every candidate window compared."""
    if not text or not target:
        return (0, 0, 0.0)
    matcher = difflib.SequenceMatcher(None, text, target, autojunk=False)
    blocks = sorted((b for b in matcher.get_matching_blocks() if b.size >= 4), key=lambda b: -b.size)[:6]
    best = (0, 0, 0.0)
    length = len(target)
    seen = set()
    for block in blocks:
        anchor = block.a - block.b
        for start in (anchor, anchor - length // 10):
            for size in (length, int(length * 1.15), int(length * 0.85)):
                lo, hi = max(0, start), min(len(text), max(0, start) + size)
                if (lo, hi) in seen or hi <= lo:
                    continue
                seen.add((lo, hi))
                ratio = difflib.SequenceMatcher(None, text[lo:hi], target, autojunk=False).ratio()
                if ratio > best[2]:
                    best = (lo, hi, ratio)
    return best


CLAUSES = [
    "You can cancel your subscription at any time from your account settings. Fees already paid are not refunded.",
    "If you do not pay by the due date, we may suspend your service and charge a late fee of up to $15.",
    "本サービスはいつでも解約できます。解約後も、お支払い済みの料金は返金されません。",
    "お支払い期限を過ぎた場合、サービスを停止し、延滞料金をご請求することがあります。",
]
FILLER = [
    "Hi Ana, thanks for being with us. Here is what changes next month. ",
    "Your plan renews on 1 May. Questions? Reply to this email. ",
    "いつもご利用ありがとうございます。来月から料金が変わります。",
    "ご不明な点はお問い合わせください。",
]


def _edit(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(0, max(1, len(chars) // 8))):
        at = rng.randrange(len(chars))
        action = rng.randrange(3)
        if action == 0:
            del chars[at]
        elif action == 1:
            chars.insert(at, rng.choice("abcxyz、。 の"))
        else:
            chars[at] = rng.choice("ABC漢字 ")
        if not chars:
            break
    return "".join(chars)


def _cases():
    rng = random.Random(26)
    for _ in range(300):
        clause = rng.choice(CLAUSES)
        copy = _edit(clause, rng)
        if rng.random() < 0.3:
            copy = copy[: rng.randint(1, len(copy) or 1)]
        text = "".join(rng.choice(FILLER) for _ in range(rng.randint(0, 3))) + copy + "".join(rng.choice(FILLER) for _ in range(rng.randint(0, 3)))
        if rng.random() < 0.15:
            text = "".join(rng.choice(FILLER) for _ in range(4))  # no copy at all
        yield text, clause


@pytest.mark.parametrize("text, target", [("", "abc"), ("abc", ""), ("short", "a longer clause text"), (CLAUSES[0], CLAUSES[0])])
def test_edges(text, target):
    assert best_window(text, target) == _every_window(text, target)


def test_the_same_window_and_ratio_as_comparing_every_window():
    found = 0
    for text, target in _cases():
        assert best_window(text, target) == _every_window(text, target), (text, target)
        found += best_window(text, target)[2] >= 0.8
    assert found > 50  # many real near-copies among the cases
