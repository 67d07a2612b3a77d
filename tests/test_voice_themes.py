"""brand/voice (issue 22, item 7a): the themes the brand's voice avoids, found at the words, per
locale, in real `ccm lint` runs on a copy of the example repository (Kumo Energy, a premium
brand that avoids cheapness, urgency and fear, and offers in legal notices)."""

from __future__ import annotations

import json

import pytest

from conftest import copy_repo, edit, run_ccm

W = "comms/marketing/win-back.yaml"
D = "comms/billing/disconnection-notice.yaml"
G = "brand/guidelines.yaml"
REG = "    regulatory: {avoid: [promotion, discount]}   # a legal notice is never a sales message\n"
RULE = "brand/voice"

EN_LINE = "It's been a while since you last signed in."
JA_LINE = "最近、{{ facts.app_name }}に新しい機能が加わりました。"


def lint(root) -> list[dict]:
    result = run_ccm("lint", "--no-cache", "--format", "json", cwd=root)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def at(root, rel: str, words: str) -> tuple[int, int]:
    """(line, column) of ``words`` in a file of the repository."""
    for number, line in enumerate((root / rel).read_text("utf-8").split("\n"), 1):
        if words in line:
            return number, line.index(words) + 1
    raise AssertionError(f"{words!r} not in {rel}")


@pytest.fixture
def example(tmp_path):
    return copy_repo("example", tmp_path)


def test_the_alumni_newsletter_of_a_premium_brand(example):
    """The issue's case: "lowest price ever", "big discount", 「値下げ」「業界最安値」 in a marketing
    email of a brand whose voice avoids cheapness — each at its words, in both languages."""
    edit(example / W, EN_LINE, "Our lowest price ever is back, with a big discount for alumni.")
    edit(example / W, JA_LINE, "業界最安値に値下げしました。")
    found = [f for f in lint(example) if f["rule"] == RULE]
    got = sorted((f["locale"], f["line"], f["column"], f["excerpt"]) for f in found)
    expected = []
    for locale, words in (("en-US", "lowest price ever"), ("en-US", "big discount"), ("ja-JP", "業界最安値"), ("ja-JP", "値下げ")):
        line, column = at(example, W, words)
        expected.append((locale, line, column, words))
    assert [(loc, line, col) for loc, line, col, _ in got] == sorted((loc, line, col) for loc, line, col, _ in expected), found
    for f in found:
        assert f["file"] == W and f["channel"] == "email" and f["severity"] == "warning"
        assert "shows cheapness, a theme the brand's voice avoids (voice.avoid): A premium brand" in f["message"], f["message"]
        assert f["fix"].startswith("Say what the customer gets")


CASES = [
    # (case, file, old, new, theme, where in the message)
    ("urgency in a marketing sms", W, "sign in to the app by", "hurry, sign in to the app by", "urgency", "voice.avoid"),
    ("urgency in Japanese", W, "{{ offer.end_date | date }}までにアプリへログインすると、次回",
     "今だけ、{{ offer.end_date | date }}までにアプリへログインすると、次回", "urgency", "voice.avoid"),
    ("fear", W, EN_LINE, "Don't get caught out by your next bill.", "fear", "voice.avoid"),
    ("an offer in a legal notice", D, "please pay by that date.", "please pay by that date. Pay today and get 20% off.", "discount",
     "voice.category.regulatory.avoid"),
    ("an offer in a Japanese legal notice", D, "お支払いは次のページで承ります。", "お支払いは次のページで承ります。今なら半額です。",
     "discount", "voice.category.regulatory.avoid"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_a_theme_the_voice_avoids(example, case):
    _, rel, old, new, theme, where = case
    edit(example / rel, old, new)
    found = [f for f in lint(example) if f["rule"] == RULE]
    assert found and all(f["file"] == rel for f in found), found
    assert any(f"shows {theme}" in f["message"] and f"the brand's voice avoids ({where})" in f["message"] for f in found), found
    first = min(found, key=lambda f: (f["line"], f["column"]))
    line, _ = at(example, rel, new)
    assert first["line"] == line


def test_one_finding_for_words_that_show_two_themes(example):
    edit(example / D, "please pay by that date.", "please pay by that date. Pay today and get 20% off.")
    found = [f for f in lint(example) if f["rule"] == RULE]
    assert len(found) == 1, found
    assert "'% off' shows discount and promotion, themes the brand's voice avoids (voice.category.regulatory.avoid)" in found[0]["message"]


def test_a_discount_stays_allowed_in_marketing(example):
    """Kumo avoids offers in legal notices, not in its win-back offer ("$10 off your next bill")."""
    assert "off your next bill" in (example / W).read_text("utf-8")
    assert [f for f in lint(example) if f["rule"] == RULE] == []


def test_a_category_may_allow_a_brand_wide_theme(example):
    edit(example / G, REG, REG + "    marketing: {allow: [urgency]}\n")
    edit(example / W, "sign in to the app by", "hurry, sign in to the app by")
    assert [f for f in lint(example) if f["rule"] == RULE] == []


def test_a_theme_may_set_its_severity(example):
    edit(example / G, '- {theme: urgency, reason: "We never pressure customers to act"}',
         '- {theme: urgency, reason: "We never pressure customers to act", severity: error}')
    edit(example / W, "sign in to the app by", "hurry, sign in to the app by")
    found = [f for f in lint(example) if f["rule"] == RULE]
    assert found and {f["severity"] for f in found} == {"error"}


def test_descriptive_voice_stays_valid_and_checks_nothing(example):
    text = (example / G).read_text("utf-8")
    start = text.index("voice:")
    end = text.index("\nterminology:")
    (example / G).write_text(text[:start] + "voice: [warm, clear, confident]\n" + text[end:], "utf-8")
    edit(example / W, EN_LINE, "Our lowest price ever is back.")
    findings = lint(example)
    assert [f for f in findings if f["rule"] == RULE or f["file"] == G] == []


BAD_CONFIG = [
    # (case, old, new, rule, words of the message)
    ("unknown theme", "regulatory: {avoid: [promotion, discount]}", "regulatory: {avoid: [promotion, discounts]}", RULE,
     "'discounts' is not an intent (did you mean 'discount'?)"),
    ("unknown category", "    regulatory: {avoid:", "    regulatry: {avoid:", "schema/unknown-key", "did you mean 'regulatory'?"),
    ("wrong type", "regulatory: {avoid: [promotion, discount]}", "regulatory: {avoid: discount}", "schema/invalid-value", "expected a list"),
]


@pytest.mark.parametrize("case", BAD_CONFIG, ids=[c[0] for c in BAD_CONFIG])
def test_bad_voice_settings_are_findings_at_their_line(example, case):
    _, old, new, rule, words = case
    edit(example / G, old, new)
    found = [f for f in lint(example) if f["rule"] == rule and f["file"] == G]
    assert len(found) == 1, found
    assert found[0]["line"] == at(example, G, new.strip())[0]
    assert words in found[0]["message"], found[0]["message"]


def test_the_repositorys_own_intent_is_a_theme(example):
    """A theme may be an intent the repository defines in policies/intents.yaml."""
    (example / "policies/intents.yaml").write_text(
        "competitor-bashing:\n  description: Runs down a competitor by name\n"
        "  en: [unlike other suppliers, other suppliers]\n  ja: [他社と違って]\n", "utf-8")
    edit(example / G, REG, REG + "    marketing: {avoid: [competitor-bashing]}\n")
    edit(example / W, EN_LINE, "Unlike other suppliers, we read your meter.")
    edit(example / W, JA_LINE, "他社と違って、検針は毎月です。")
    found = [f for f in lint(example) if f["rule"] == RULE]
    assert sorted((f["line"], f["column"]) for f in found) == sorted(at(example, W, w) for w in ("Unlike other suppliers", "他社と違って")), found
    assert {f["message"].split("'")[1] for f in found} == {"Unlike other suppliers", "他社と違って"}
    assert all("voice.category.marketing.avoid" in f["message"] for f in found)
