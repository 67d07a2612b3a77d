"""The literal prefilter of user expressions never skips a text an expression matches.

Every expression ccm ships or that the example repository declares (banned patterns, intent
``re:`` phrases, Vale styles) plus hand-picked hard cases is searched over real texts and their
case and Unicode variants, with the prefilter and without: the matches must be the same.
"""

from __future__ import annotations

import random
import re

import pytest
import regex

from ccm_cli.regex_prefilter import required_literals
from ccm_cli.user_regex import compile_user

HARD = [
    r"(?i)\bact now\b", r"(?i)\b(limited time only|last chance|hurry)\b", r"(?i)\bguaranteed? savings?\b",
    r"(cat|car)s", r"\d+ months?", r"(?>abc)de", r"abc{2}", r"払い(?:戻し|もどし)", r"(?i)straße", r"(?i)kelvin",
    r"(?i)(?:foo)+bar", r"x(?=yz)", r"(?<=ab)cd", r"(?i:Hello) world", r"a(?:bc|bd)e", r"(?:abc){e<=1}",
    r"[[:alpha:]]ing", r"\p{Han}+です", r"(?|ab|cd)ef", r"(?i)ſtop", r"colou?r", r"(?:go){2,}gle", r"(?:na){0,3}batman",
]
SAMPLES = [
    "Act NOW before it ends", "ACT now", "act\u00a0now", "HURRY!", "Last Chance", "GUARANTEED SAVINGS", "Guarantee saving",
    "cats and cars", "for 3 months", "abcde", "abcc", "払い戻しについて", "STRASSE and Straße and STRAẞE", "\u212aelvin",
    "foofoobar", "xyz", "abcd", "hello world", "HELLO world", "abde", "abce", "abxe", "singing", "漢字です", "abef", "cdef",
    "ſtop", "STOP", "color colour", "$10 off today", "save up to $5", "20% OFF", "１，０００円引き", "1,000円オフ", "3割引", "2割オフ", "gogogle", "google", "batman", "nanabatman", "", "nothing here at all",
]


def _variants(text: str, rng: random.Random) -> list[str]:
    flipped = "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in text)
    return [text, text.upper(), text.lower(), text.swapcase(), flipped, "x " + text + " y"]


def _strings(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield "re:" + value
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node


def _patterns() -> list[str]:
    from pathlib import Path

    from ruamel.yaml import YAML

    root = Path(__file__).resolve().parents[1]
    found = list(HARD)
    files = [root / "brand/guidelines.yaml", *root.glob("policies/*.yaml"), *root.glob("ccm_cli/intents/library/*.yaml"),
             *root.glob("ccm_cli/packs/**/*.yaml")]
    for path in files:
        found += [s[3:] for s in _strings(YAML(typ="safe").load(path.read_text("utf-8"))) if s.startswith("re:")]
    return found


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
def test_prefilter_never_hides_a_match(flags):
    rng = random.Random(7)
    checked = 0
    for pattern in _patterns():
        try:
            user = compile_user(pattern, flags)
        except re.error:
            continue
        plain = regex.compile(pattern, regex.VERSION0 | (regex.I if flags else 0))
        texts = [v for s in SAMPLES for v in _variants(s, rng)]
        for text in texts:
            assert [m.span() for m in user.finditer(text)] == [m.span() for m in plain.finditer(text)], (pattern, text)
            assert (user.search(text) is None) == (plain.search(text) is None), (pattern, text)
            checked += 1
    assert checked > 1000


@pytest.mark.parametrize("pattern, literals", [
    (r"(?i)\bact now\b", ("act now",)),
    (r"(?i)\b(limited time only|last chance|hurry)\b", ("limited time only", "last chance", "hurry")),
    (r"(?i)\bguaranteed? savings?\b", ("guarantee",)),
    (r"(?i)STRASSE", ("strasse",)),
    (r"払い(?:戻し|もどし)", ("払い",)),
])
def test_literals_read_from_the_expression(pattern, literals):
    assert required_literals(pattern).literals == literals


@pytest.mark.parametrize("pattern", [
    r"(?:abc){e<=1}",  # regex's fuzzy matching: Python's parser reads "{e<=1}" as text
    r"[[:alpha:]]ing", r"\p{L}+x", r"(?|ab|cd)ef",  # read differently, or not at all, by Python's parser
    r"a|b", r"x*y", r"\w+", r"(?:ab)?c",  # nothing every match needs
    "(" + "|".join(f"{chr(97 + i)}word" for i in range(20)) + ")",  # too many alternatives to test one by one
])
def test_no_prefilter_where_it_could_be_wrong_or_useless(pattern):
    assert required_literals(pattern) is None
