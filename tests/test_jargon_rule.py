"""readability/jargon (issue 22, item 7b), in real `ccm lint` runs on a copy of the example
repository, whose brand/guidelines.yaml has an energy glossary: the issue's tariff notice full of
"standing charge", "renewable levy per kWh of metered consumption" is caught at the words, in
English and Japanese; explained terms, subjects and later uses are not; the built-in
plain-language defaults are infos."""

from __future__ import annotations

import json

import pytest

from conftest import copy_repo, edit, run_ccm

T = "comms/billing/tariff-change.yaml"
G = "brand/guidelines.yaml"
RULE = "readability/jargon"

TARIFF = """id: billing.tariff-change
name: Price change notice
owner: billing
category: regulatory
kind: batch
journey: use
tags: [price-change]
audience:
  segment: residential_customers
  consent: none
schedule:
  start: 2026-04-01
  end: 2026-04-30
  send_window: {{start: "09:00", end: "20:00", timezone: recipient}}
  max_per_customer: {{count: 1, per: 30d}}
variables:
  customer.first_name: {{type: string}}
  customer.last_name: {{type: string}}
samples:
  - name: typical
    data:
      customer: {{first_name: Ana, last_name: 山田}}
content:
  en-US:
    email:
      subject: "{en_subject}"
      preheader: "Here is what changes on your bill from May 1, and what stays the same."
      body: |
        Hi {{{{ customer.first_name }}}},

        {en}

        The {{{{ facts.brand }}}} team
  ja-JP:
    email:
      subject: "{ja_subject}"
      preheader: "5月1日から、ご請求の内容の一部が変わります。変わる点と変わらない点をお知らせします。"
      body: |
        {{{{ customer.last_name }}}}様

        {ja}
"""

EN_JARGON = "From May 1, your standing charge and the renewable levy per kWh of metered consumption will change."
JA_JARGON = "5月1日から、基本料金と再エネ賦課金の単価が変わります。"
EN_PLAIN = ("From May 1, your standing charge (a fixed daily amount you pay whatever you use) will change. "
            "So will the renewable levy, which is a charge the state sets to pay for wind and solar power. "
            "You pay it for each kWh (kilowatt-hour, the unit your energy use is measured in) of the energy you used. "
            "Your standing charge stays the same all year.")
JA_PLAIN = ("5月1日から、基本料金（使用量にかかわらず毎月かかる定額の料金）が変わります。"
            "再エネ賦課金（国が定め、電気を使うすべての人が負担する料金）も変わります。")


def lint(root) -> list[dict]:
    result = run_ccm("lint", "--no-cache", "--format", "json", cwd=root)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def at(root, rel: str, words: str, after: str = "") -> tuple[int, int]:
    """(line, column) of ``words`` in a file, on the first line holding ``after`` and ``words``."""
    for number, line in enumerate((root / rel).read_text("utf-8").split("\n"), 1):
        if words in line and after in line:
            return number, line.index(words, line.index(after) if after else 0) + 1
    raise AssertionError(f"{words!r} not in {rel}")


def tariff(root, en: str, ja: str, en_subject: str = "Your prices change on May 1", ja_subject: str = "5月1日から料金が変わります") -> None:
    (root / T).write_text(TARIFF.format(en=en, ja=ja, en_subject=en_subject, ja_subject=ja_subject), "utf-8")


@pytest.fixture
def example(tmp_path):
    return copy_repo("example", tmp_path)


def test_the_tariff_notice_full_of_jargon(example):
    """The issue's case, English and Japanese: every glossary term at its words."""
    tariff(example, EN_JARGON, JA_JARGON)
    found = [f for f in lint(example) if f["rule"] == RULE]
    got = sorted((f["locale"], f["line"], f["column"], f["message"].split("'")[1]) for f in found)
    expected = sorted(
        [("en-US", *at(example, T, w, "From May 1"), w) for w in ("standing charge", "levy", "kWh", "metered consumption")]
        + [("ja-JP", *at(example, T, w, "5月1日から、基本"), w) for w in ("基本料金", "再エネ賦課金")])
    assert got == expected, found
    for f in found:
        assert f["file"] == T and f["channel"] == "email" and f["severity"] == "warning"
    by_words = {f["message"].split("'")[1]: f for f in found}
    assert "explain it where it is first used" in by_words["standing charge"]["message"]
    assert by_words["standing charge"]["fix"] == "Explain it where it first appears: 'standing charge (a fixed daily amount you pay whatever you use)'"
    assert by_words["metered consumption"]["fix"] == "Write 'the energy you used'"
    assert by_words["基本料金"]["fix"] == "Explain it where it first appears: '基本料金（使用量にかかわらず毎月かかる定額の料金）'"
    assert "(brand/guidelines.yaml:" in by_words["levy"]["message"]  # which entry asks for it


def test_explained_terms_subjects_and_later_uses_pass(example):
    """Explained where first used; named in a subject (the body explains it); used again later."""
    tariff(example, EN_PLAIN, JA_PLAIN, en_subject="Your standing charge changes on May 1", ja_subject="5月1日から基本料金が変わります")
    assert [f for f in lint(example) if f["rule"] == RULE] == []


def test_each_channel_explains_on_its_own(example):
    """An SMS reader never sees the email: the SMS explains the term too."""
    tariff(example, EN_PLAIN, JA_PLAIN)
    text = (example / T).read_text("utf-8")
    text = text.replace("  ja-JP:\n", '    sms:\n      body: "{{ facts.brand }}: your standing charge changes on May 1."\n  ja-JP:\n', 1)
    (example / T).write_text(text, "utf-8")
    found = [f for f in lint(example) if f["rule"] == RULE]
    assert [(f["channel"], f["message"].split("'")[1]) for f in found] == [("sms", "standing charge")], found


DEFAULTS = [
    # (case, locale, English, Japanese, the words, the fix)
    ("plainlanguage.gov", "en-US", EN_PLAIN + " We will utilize your latest meter reading.", JA_PLAIN, "utilize", "Write 'use'"),
    ("文化庁「公用文作成の考え方」", "ja-JP", EN_PLAIN, JA_PLAIN + "次回のアジェンダをお送りします。", "アジェンダ", "Write '議題'"),
]


@pytest.mark.parametrize("case", DEFAULTS, ids=[c[0] for c in DEFAULTS])
def test_the_built_in_defaults_are_infos(example, case):
    source, locale, en, ja, words, fix = case
    tariff(example, en, ja)
    found = [f for f in lint(example) if f["rule"] == RULE]
    assert len(found) == 1, found
    f = found[0]
    assert (f["locale"], f["severity"], f["fix"]) == (locale, "info", fix)
    assert f"'{words}' is jargon" in f["message"] and source in f["message"]
    assert (f["line"], f["column"]) == at(example, T, words)


def test_an_entry_may_declare_its_severity(example):
    edit(example / G, '{term: levy, explain: true, locale: en,', '{term: levy, explain: true, locale: en, severity: error,')
    tariff(example, EN_JARGON, JA_JARGON)
    levy = [f for f in lint(example) if f["rule"] == RULE and f["message"].startswith("'levy'")]
    assert [f["severity"] for f in levy] == ["error"]


def test_the_repository_may_allow_a_default(example):
    edit(example / G, "  - {term: tariff, use:", "  - {term: utilize, allow: true}\n  - {term: tariff, use:")
    tariff(example, EN_PLAIN + " We will utilize your latest meter reading.", JA_PLAIN)
    assert [f for f in lint(example) if f["rule"] == RULE] == []


BAD_GLOSSARY = [
    # (case, old, new, rule, words of the message)
    ("an entry that says nothing to do", "  - {term: levy, explain: true, locale: en, note: \"a charge the government sets, for example to pay for renewable energy\"}",
     "  - {term: levy, locale: en}", RULE, "say what to do with 'levy'"),
    ("a term listed twice", "  - {term: tariff, use:", "  - {term: levy, explain: true, locale: en}\n  - {term: tariff, use:", RULE,
     "'levy' is already listed"),
    ("a misspelt key", "{term: unit rate, explain: true,", "{term: unit rate, explian: true,", "schema/unknown-key",
     "did you mean 'explain'?"),
]


@pytest.mark.parametrize("case", BAD_GLOSSARY, ids=[c[0] for c in BAD_GLOSSARY])
def test_a_bad_glossary_entry_is_a_finding_at_its_line(example, case):
    _, old, new, rule, words = case
    edit(example / G, old, new)
    found = [f for f in lint(example) if f["rule"] == rule and f["file"] == G]
    assert len(found) == 1, found
    assert words in found[0]["message"], found[0]["message"]
    lines = (example / G).read_text("utf-8").split("\n")
    assert new.split("\n")[-1 if "already" not in words else 0].strip() in lines[found[0]["line"] - 1]


def test_without_a_glossary_the_rule_is_off(example):
    text = (example / G).read_text("utf-8")
    start = text.index("jargon:")
    (example / G).write_text(text[:start] + text[text.index("\nja:", start) + 1:], "utf-8")
    tariff(example, EN_JARGON + " We will utilize it.", JA_JARGON)
    assert [f for f in lint(example) if f["rule"] == RULE] == []
