"""Findings read as plain English (or the writer's own language) and their fixes are right.

A full-width ！ is fixed with 。, not '.'; half-width katakana, a stray SMS character and a
Japanese exclamation mark are named and given a fix a writer can apply as written. Every rule's
one-line summary is a whole sentence (`ccm rules` prints only that line).
"""

from __future__ import annotations

import json

import pytest

from conftest import run_ccm

def findings(root, rule: str) -> list[tuple[str, str]]:
    done = run_ccm("lint", "--no-cache", "--format", "json", cwd=root)
    assert done.returncode in (0, 1), done.stderr
    return [(f["message"], f["fix"]) for f in json.loads(done.stdout)["findings"] if f["rule"] == rule]


def set_sms(root, en: str | None = None, ja: str | None = None) -> None:
    """Replace the en-US and/or ja-JP SMS body of the minimal repository's reminder."""
    comm = root / "comms/billing/reminder.yaml"
    lines = comm.read_text("utf-8").split("\n")
    bodies = [i + 1 for i, line in enumerate(lines) if line.strip() == "sms:"]  # en-US, then ja-JP
    for at, body in zip(bodies, (en, ja)):
        if body is not None:
            assert lines[at].strip().startswith("body:")
            lines[at] = f'      body: "{body}"'
    comm.write_text("\n".join(lines), "utf-8")


@pytest.mark.parametrize("en,ja,expected", [
    ("Your bill is ready! Reply STOP to opt out.", None, ("!", "Replace '!' with '.'")),
    (None, "請求書をお届けしました！", ("！", "Replace '！' with '。'")),
])
def test_an_exclamation_mark_is_replaced_by_the_full_stop_of_its_width(minimal, en, ja, expected):
    (minimal / "brand/guidelines.yaml").write_text("tone: {exclamation_max: {default: 1, sms: 0}}\n", "utf-8")
    set_sms(minimal, en=en, ja=ja)
    assert findings(minimal, "brand/exclamation") == [
        ("1 exclamation mark; the brand's tone allows at most 0 on sms", expected[1])]


def test_half_width_katakana_is_named_with_its_full_width_form(minimal):
    (minimal / "brand/guidelines.yaml").write_text("ja: {no-hankaku-kana: {}}\n", "utf-8")
    set_sms(minimal, ja="ﾎﾟｲﾝﾄが貯まります。")
    assert findings(minimal, "ja/no-hankaku-kana") == [
        ('Half-width katakana (半角カタカナ) "ﾎﾟｲﾝﾄ": write it in full-width katakana, "ポイント"', "Replace 'ﾎﾟｲﾝﾄ' with 'ポイント'")]


def test_a_japanese_exclamation_mark_is_named_and_ends_the_sentence(minimal):
    (minimal / "brand/guidelines.yaml").write_text("ja: {no-exclamation-question-mark: {}}\n", "utf-8")
    set_sms(minimal, ja="今すぐお申し込みください！")
    assert findings(minimal, "ja/no-exclamation-question-mark") == [
        ('Exclamation mark "！": say it calmly and end the sentence with "。"', "Replace '！' with '。'")]


@pytest.mark.parametrize("body,fix", [
    ("We’ve received your payment — thank you.", "Replace '’' with \"'\" and '—' with '-'"),
    ("Your bill is ready ☃ thank you.", "Rewrite without '☃'"),
    ("Bill ready\u00a0today ☃.", "Replace U+00A0 NO-BREAK SPACE with a plain space; rewrite without '☃'"),
])
def test_sms_encoding_names_each_character_and_its_replacement(minimal, body, fix):
    set_sms(minimal, en=body)
    found = findings(minimal, "channel/sms-encoding")
    assert [f for _, f in found] == [fix]
    assert "outside GSM-7" in found[0][0] and "\\u" not in found[0][0]


def test_every_summary_is_a_whole_sentence(minimal):
    done = run_ccm("rules", "--format", "json", cwd=minimal)
    assert done.returncode == 0, done.stderr
    rules = json.loads(done.stdout)
    summaries = {rule["id"]: rule["summary"] for rule in rules}
    assert summaries and all(text.rstrip().endswith((".", ")")) for text in summaries.values()), summaries
    assert not [rid for rid, text in summaries.items() if "``" in text or "Disallow" in text]
