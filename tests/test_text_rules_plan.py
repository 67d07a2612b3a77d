"""The ``ja`` rules' plan (TextRules.ja_plan): worked out once per run from brand/guidelines.yaml,
it must still give every target the options the guidelines set, run only the rules they turn
on, and keep two settings of a block-local rule apart (they share the per-block cache)."""

from __future__ import annotations

import pytest

from ccm_cli.rules.style.ja import RULES
from ccm_cli.text_rules import TextRules, TextTarget, judge

MAX_TEN = next(rule for rule in RULES if rule.ID.endswith("/max-ten"))
assert getattr(MAX_TEN, "BLOCK_LOCAL", False)

# four 、 in one sentence, then a sentence with one: max-ten {max: 3} flags the first only
TEXT = "お客様へ、本日、ご請求書を、お送りしました、ご確認ください。明日、お届けします。"


class _Ctx:
    project = None


def _findings(guidelines: dict, text: str = TEXT) -> list[tuple]:
    rules = TextRules.of(RULES, guidelines)
    target = TextTarget.for_file("notes/ja.md", text, "ja-JP", markdown=True)
    return sorted((f.rule, f.line, f.column, f.message) for f in judge(target, _Ctx(), rules, None))


@pytest.mark.parametrize(
    "guidelines, expected_ids",
    [
        ({}, []),
        ({"ja": {"max-ten": False}}, []),
        ({"ja": {"max-ten": None}}, [MAX_TEN.ID]),
        ({"ja": {"max-ten": {"max": 3}, "no-doubled-joshi": {}}}, [MAX_TEN.ID, f"{MAX_TEN.ID.rsplit('/', 1)[0]}/no-doubled-joshi"]),
    ],
)
def test_the_plan_holds_the_rules_the_guidelines_turn_on_with_their_options(guidelines, expected_ids):
    plan = TextRules.of(RULES, guidelines).ja_plan
    assert sorted(rule.ID for rule, *_ in plan) == sorted(expected_ids)
    for rule, options, settings, sentences in plan:
        configured = (guidelines["ja"][rule.ID.rsplit("/", 1)[1]] or {})
        assert options == {**rule.DEFAULT, **configured}
        assert settings[0] == rule.ID
        assert sentences == getattr(rule, "SENTENCES", False)


def test_options_from_the_guidelines_reach_every_target_and_settings_stay_apart():
    """Same text, same process (the block cache is shared): the finding follows the option."""
    tight = _findings({"ja": {"max-ten": {"max": 3}}})
    loose = _findings({"ja": {"max-ten": {"max": 10}}})
    assert [f[0] for f in tight] == [MAX_TEN.ID]
    assert loose == []
    assert _findings({"ja": {"max-ten": {"max": 3}}}) == tight  # again, from the cache
    assert _findings({"ja": {"max-ten": {"max": 10}}}) == []
    assert _findings({"ja": {"max-ten": {"max": 1}}}, "本日、お送りしました。明日、届きます。") == []
    assert [f[0] for f in _findings({"ja": {"max-ten": {"max": 0}}}, "本日、お送りしました。明日、届きます。")] == [MAX_TEN.ID] * 2


def test_sentence_rules_read_the_sentence_view_and_the_others_the_whole_text():
    """One target, two views (each looked up once per target): sentence-length reads the
    sentence view (the salutation masked), max-kanji-continuous-len the whole text (the
    salutation counts)."""
    salutation = "株式会社山田商事代表取締役社長様、"  # 16 kanji in a row; 17 characters
    body = "本日、ご請求書をお送りしました。"
    guidelines = {"ja": {"max-kanji-continuous-len": {"max": 6}, "sentence-length": {"max": 12}}}
    found = _findings(guidelines, f"{salutation}\n\n{body}")
    assert [(f[0].rsplit("/", 1)[1], f[1]) for f in found] == [("max-kanji-continuous-len", 1), ("sentence-length", 3)]
    found = _findings({"ja": {"sentence-length": {"max": 12}, "max-kanji-continuous-len": {"max": 6}}}, f"{salutation}\n\n{body}")
    assert [(f[0].rsplit("/", 1)[1], f[1]) for f in found] == [("max-kanji-continuous-len", 1), ("sentence-length", 3)]
