"""Issue 23 items 4 and 5, as the writer and the reviewer meet them: a number typed by hand that
contradicts a value rendered in the same comm (consistency/numbers, the reference variant
included), and a fact typed by hand compared with the facts of its own kind
(consistency/hand-typed-fact: the nearest phone number, short prices, loose prose files), in
English and Japanese. Edits to a copy of the example repository, real `ccm` runs for prose files."""

from __future__ import annotations

import json

import pytest

from conftest import copy_repo, edit, lint_dir, run_ccm

OUTAGE = "comms/operations/outage-update.yaml"
BANNER = "comms/web/home-banner.yaml"
WINBACK = "comms/marketing/win-back.yaml"
HOLIDAY = "comms/billing/payment-holiday-offer.yaml"
FACT = "consistency/hand-typed-fact"
NUMBERS = "consistency/numbers"


@pytest.fixture
def example(tmp_path):
    return copy_repo("example", tmp_path)


def _where(root, rel: str, typed: str) -> tuple[str, int, int]:
    """file, line, column (1-based) of the first place ``typed`` is in the file."""
    for number, line in enumerate((root / rel).read_text("utf-8").splitlines(), 1):
        if typed in line:
            return rel, number, line.index(typed) + 1
    raise AssertionError(f"{typed!r} not in {rel}")


# ---------------------------------------------------------------- item 5: facts, by kind
FACT_CASES = [
    # id, file, old, new, typed, severity, the fact the message must name
    ("phone one digit from the outage line", OUTAGE, "Call {{ facts.outage_phone }} to report them.",
     "Call 1-800-555-0143 to report them.", "1-800-555-0143", "error", "facts.outage_phone"),
    ("phone one digit from the support line", OUTAGE, "Call {{ facts.outage_phone }} to report them.",
     "Call 1-800-555-0198 to report them.", "1-800-555-0198", "error", "facts.support_phone"),
    ("ja full-width 0120 number one digit from the outage line", OUTAGE, "まだ電気がつかない場合は{{ facts.outage_phone }}へ",
     "まだ電気がつかない場合は０１２０－１２３－７８８へ", "０１２０－１２３－７８８", "error", "facts.outage_phone"),
    ("ja 0120 number with katakana dashes", OUTAGE, "まだ電気がつかない場合は{{ facts.outage_phone }}へ",
     "まだ電気がつかない場合は0120ー123ー457へ", "0120ー123ー457", "error", "facts.support_phone"),
    ("short wrong monthly price", BANNER, "plan is {{ facts.plans.basic.price }}.",
     "plan is $35/month.", "$35/month", "error", "facts.plans.basic.price"),
    ("ja wrong monthly price, full-width", BANNER, "プランは{{ facts.plans.basic.price }}です",
     "プランは月額３，５００円です", "月額３，５００円", "error", "facts.plans.basic.price"),
    ("ja wrong price per kWh", BANNER, "プランは{{ facts.plans.basic.price }}です",
     "プランは1kWhあたり33円です", "1kWhあたり33円", "error", "facts.plans.green.price"),
    ("short price typed by hand", BANNER, "you each get {{ facts.offers.referral_credit }} off",
     "you each get $50 off", "$50", "warning", "facts.offers.referral_credit"),
    ("ja short price in yen typed by hand", BANNER, "それぞれ{{ facts.offers.referral_credit }}を",
     "それぞれ￥5,000を", "￥5,000", "warning", "facts.offers.referral_credit"),
    ("phone without its country prefix", OUTAGE, "Call {{ facts.outage_phone }} to report them.",
     "Call (800) 555-0142 to report them.", "(800) 555-0142", "warning", "facts.outage_phone"),
    ("url one letter off", OUTAGE, "        {{ facts.outage_map_url }}\n\n        To stay safe",
     "        https://kumo.example/outagse\n\n        To stay safe", "https://kumo.example/outagse", "error", "facts.outage_map_url"),
    ("US ZIP code one digit off", "comms/billing/disconnection-notice.yaml", "        - {{ facts.postal_address }}\n        - {{ facts.support_phone }}",
     "        - 350 Cloud Way, Suite 200, Springfield, IL 62702\n        - {{ facts.support_phone }}", "62702", "error", "facts.postal_address"),
    ("ja postal code one digit off", "comms/billing/disconnection-notice.yaml", "        - {{ facts.postal_address }}\n        - お問い合わせ",
     "        - 〒150-0003 東京都渋谷区 渋谷5-1-1\n        - お問い合わせ", "〒150-0003", "error", "facts.postal_address"),
]


@pytest.mark.parametrize("case", FACT_CASES, ids=[c[0] for c in FACT_CASES])
def test_fact_typed_by_hand_is_compared_by_kind(example, case):
    _, rel, old, new, typed, severity, path = case
    edit(example / rel, old, new)
    found = [f for f in lint_dir(example).findings if f.rule == FACT]
    assert found, "not reported"
    first = found[0]
    assert (first.file, first.line, first.column) == _where(example, rel, typed), found
    assert first.severity.label == severity and path in first.message and first.excerpt == typed, first
    assert f"({path} " not in first.message.replace(f"{path} (", "")  # names the one fact


FACT_PASSING = [
    ("a deep link under a fact's URL", OUTAGE, "        {{ facts.outage_map_url }}\n\n        To stay safe",
     "        https://kumo.example/outages/springfield\n\n        To stay safe"),
    ("another monthly amount, far from any price", BANNER, "plan is {{ facts.plans.basic.price }}.",
     "plan is {{ facts.plans.basic.price }}; most homes save $5/month."),
    ("an amount without a period", BANNER, "plan is {{ facts.plans.basic.price }}.",
     "plan is {{ facts.plans.basic.price }}. Bills over $35 can be split."),
    ("ja an unrelated amount", BANNER, "プランは{{ facts.plans.basic.price }}です",
     "プランは{{ facts.plans.basic.price }}（平均で年12,000円お得）です"),
    ("another plan's monthly price, far from the fact's", BANNER, "plan is {{ facts.plans.basic.price }}.",
     "plan is {{ facts.plans.basic.price }}; Premium is $45/month."),
    ("a five-digit number after a word is no ZIP code", OUTAGE, "Call {{ facts.outage_phone }} to report them.",
     "Call {{ facts.outage_phone }} to report them. In 65001 homes, power is back."),
    ("a count that is not a phone number", OUTAGE, "Call {{ facts.outage_phone }} to report them.",
     "Call {{ facts.outage_phone }} to report them. 12,500 homes are back on."),
]


@pytest.mark.parametrize("case", FACT_PASSING, ids=[c[0] for c in FACT_PASSING])
def test_no_false_alarm(example, case):
    _, rel, old, new = case
    edit(example / rel, old, new)
    assert [f for f in lint_dir(example).findings if f.rule == FACT] == []


@pytest.mark.parametrize("typed,nearest", [
    ("1-800-555-0143", "facts.outage_phone"), ("1-800-555-0190", "facts.support_phone"),
    ("1 800 555 0141", "facts.outage_phone"), ("0120-123-457", "facts.support_phone"),
    ("0120-123-780", "facts.outage_phone"), ("０１２０－１２３－７８８", "facts.outage_phone"),
])
def test_nearest_phone_of_the_same_kind(typed, nearest):
    import yaml

    from ccm_cli.render.facts import resolve_facts
    from ccm_cli.rules.consistency.hand_typed_fact import _fold, facts_of, scan

    from conftest import ROOT

    tree = yaml.safe_load((ROOT / "brand/facts.yaml").read_text("utf-8"))
    locale = "ja-JP" if typed.lstrip("０").startswith(("0120", "０")) or "１" in typed else "en-US"
    facts = facts_of(resolve_facts(tree, locale, "en-US", "facts"))
    (hit,) = list(scan(_fold(f"Call {typed} now"), facts))
    assert hit.near and hit.fact.path == nearest


FLYER_EN = """# Switch to Green 100

Basic is only $35/month. Questions? Call 1-800-555-0143.

See https://kumo.example/plans/green for details.
"""
FLYER_JA = """# グリーン100のご案内

ベーシックプランは月額３，５００円です。
停電のお問い合わせは０１２０－１２３－７８８へ。
"""


@pytest.mark.parametrize("name,text,expected", [
    ("flyer.md", FLYER_EN, [(3, 15, "facts.plans.basic.price"), (3, 42, "facts.outage_phone")]),
    ("flyer-ja.md", FLYER_JA, [(3, 10, "facts.plans.basic.price"), (4, 11, "facts.outage_phone")]),
])
def test_loose_prose_file_is_checked_against_the_facts(example, name, text, expected):
    (example / "copy").mkdir()
    (example / "copy" / name).write_text(text, "utf-8")
    result = run_ccm("lint", "--format", "json", f"copy/{name}", cwd=example)
    assert result.returncode == 1, result.stdout + result.stderr
    found = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == FACT]
    assert [(f["line"], f["column"]) for f in found] == [(line, column) for line, column, _ in expected], found
    for finding, (_, _, path) in zip(found, expected):
        assert path in finding["message"] and finding["file"] == f"copy/{name}" and finding["severity"] == "error"
        assert "{{" not in finding["fix"]  # a flyer cannot insert a fact: it says what to write


def test_prose_file_with_the_right_facts_is_clean(example):
    (example / "copy").mkdir()
    (example / "copy" / "flyer.md").write_text("# Kumo Energy\n\nBasic is $30/month. Call 1-800-555-0199.\n", "utf-8")
    result = run_ccm("lint", "--format", "json", "copy/flyer.md", cwd=example)
    assert [f for f in json.loads(result.stdout)["findings"] if f["rule"] == FACT] == []


# ---------------------------------------------------------------- item 4: numbers, every variant
EN_BODY = "This means you can pause your bill payments for up to {{ offer.months }} months."
JA_BODY = "        ご利用料金のお支払いを、最長{{ offer.months }}か月お待ちします。\n"
JA_SMS = "ご利用料金のお支払いを最長{{ offer.months }}か月お待ちします。猶予期間中も電気は"
EN_REPAY = "you can spread what you owe over {{ offer.repay_months }} monthly payments."
JA_REPAY = "未払い分を{{ offer.repay_months }}回に分けて"

NUMBER_CASES = [
    # id, edits, typed text, locale, channel, what the message names
    ("en reference variant types 2 months beside a rendered 3", [(EN_BODY, EN_BODY.replace("{{ offer.months }}", "2"))],
     "up to 2 months", "en-US", "email", "renders 3 months"),
    ("ja email types 2か月 beside a rendered 3か月", [(JA_BODY, JA_BODY.replace("{{ offer.months }}", "2"))],
     "最長2か月", "ja-JP", "email", "3 months"),
    ("ja full-width ２か月 in the sms", [(JA_SMS, JA_SMS.replace("{{ offer.months }}", "２"))],
     "最長２か月", "ja-JP", "sms", "3 months"),
    ("en reference types a date the variable contradicts", [("choose your plan by {{ offer.respond_by | date }}", "choose your plan by April 10, 2026")],
     "April 10, 2026", "en-US", "email", "renders date 04/15"),
]


@pytest.mark.parametrize("case", NUMBER_CASES, ids=[c[0] for c in NUMBER_CASES])
def test_typed_number_contradicting_a_rendered_one(example, case):
    _, edits, typed, locale, channel, names = case
    for old, new in edits:
        edit(example / HOLIDAY, old, new)
    found = [f for f in lint_dir(example).findings if f.rule == NUMBERS]
    assert len(found) == 1, [(f.file, f.line, f.message) for f in found]  # once, however it is found
    rel, line, column = _where(example, HOLIDAY, typed)
    offset = next(i for i, ch in enumerate(typed) if ch.isdigit() or ch in "２")
    if not typed[0].isalpha() or typed.startswith("April"):
        offset = 0
    assert (found[0].file, found[0].line, found[0].column) == (rel, line, column + offset), found[0]
    assert (found[0].locale, found[0].channel, found[0].severity.label) == (locale, channel, "error")
    assert names in found[0].message, found[0].message


NUMBER_PASSING = [
    ("both languages type the same other duration", [
        (EN_REPAY, "you can spread what you owe over 12 months."), (JA_REPAY, "未払い分を12か月に分けて")]),
    ("a typed value a variable also renders", [(EN_BODY, EN_BODY + " That is 3 months without a bill.")]),
    ("another amount, other words before it", [(EN_REPAY, EN_REPAY + " A typical bill is $120.")]),
]


@pytest.mark.parametrize("case", NUMBER_PASSING, ids=[c[0] for c in NUMBER_PASSING])
def test_numbers_no_false_alarm(example, case):
    _, edits = case
    for old, new in edits:
        edit(example / HOLIDAY, old, new)
    assert [f for f in lint_dir(example).findings if f.rule == NUMBERS] == []
