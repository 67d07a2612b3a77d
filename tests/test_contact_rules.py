"""Contact rules, as a table: an edit to the clean compliance repository and the finding it
must produce (rule, file, line); plus the frequency-cap arithmetic and its scale."""

import time

import pytest

from conftest import copy_repo, edit, lint_dir

P = "comms/marketing/promo.yaml"
D = "comms/billing/disconnect.yaml"
H = "comms/billing/holiday.yaml"
C = "policies/contact.yaml"

CASES = [
    # id, file, old, new, rule, expected file, expected line
    ("consent below policy", P, "consent: opt_in", "consent: soft_opt_in", "contact/consent", P, 11),
    ("consent missing means none", P, "  consent: opt_in\n", "", "contact/consent", P, 9),
    ("send window into quiet hours", P, 'end: "19:00"', 'end: "22:00"', "contact/quiet-hours", P, 15),
    ("send window across midnight", P, 'start: "10:00", end: "19:00"', 'start: "23:00", end: "02:00"', "contact/quiet-hours", P, 15),
    ("send window starting in quiet hours", P, 'start: "10:00"', 'start: "07:30"', "contact/quiet-hours", P, 15),
    ("no send window on sms", P, '  send_window: {start: "10:00", end: "19:00", timezone: recipient}\n', "", "contact/no-send-window", P, 12),
    ("suppression missing", P, "exclude: [complained_30d]", "exclude: [inactive_90d]", "contact/suppression-missing", P, 10),
    ("exclusive comms overlap", D, "  exclude: [payment_holiday]\n", "", "contact/exclusive", D, 9),
    ("forbidden personalization", P, "Hi {{ customer.first_name }},", "Hi {{ customer.first_name }} of {{ customer.address.city }},", "contact/personalization", P, 30),
    ("cap exceeded by one comm", P, "max_per_customer: {count: 1, per: 7d}", "max_per_customer: {count: 3, per: 7d}", "contact/frequency-cap", C, 4),
    ("cap exceeded: short period scales up", P, "max_per_customer: {count: 1, per: 7d}", "max_per_customer: {count: 1, per: 1d}", "contact/frequency-cap", P, 16),
    ("cap cannot be proven", P, "  max_per_customer: {count: 1, per: 7d}\n", "", "contact/frequency-cap", P, 12),
]


@pytest.fixture
def compliance(tmp_path):
    return copy_repo("compliance", tmp_path)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_contact_rule_finds_the_defect(compliance, case):
    _, file, old, new, rule, expected_file, expected_line = case
    edit(compliance / file, old, new)
    if rule == "contact/personalization":
        edit(compliance / P, "  customer.first_name: {type: string}\n", "  customer.first_name: {type: string}\n  customer.address.city: {type: string}\n")
        edit(compliance / P, "customer: {first_name: Ana}", "customer: {first_name: Ana, address: {city: Springfield}}")
    findings = [f for f in lint_dir(compliance).findings if f.rule == rule]
    assert findings, f"{rule} not reported; got {[(f.rule, f.message) for f in lint_dir(compliance).findings]}"
    hit = [f for f in findings if f.file == expected_file]
    assert hit and hit[0].line == expected_line, findings
    assert hit[0].message and hit[0].column


PASSING = [
    # edits that stay within the policy
    ("window ends exactly when quiet hours start", P, 'end: "19:00"', 'end: "21:00"'),
    ("window starts exactly when quiet hours end", P, 'start: "10:00"', 'start: "08:00"'),
    ("consent above policy", H, "consent: none", "consent: opt_in"),
    ("extra exclusions are fine", P, "exclude: [complained_30d]", "exclude: [complained_30d, inactive_90d]"),
    ("email-only comm needs no send window", H, '  send_window: {start: "09:00", end: "20:00", timezone: recipient}\n', ""),
]


@pytest.mark.parametrize("case", PASSING, ids=[c[0] for c in PASSING])
def test_contact_rules_accept(compliance, case):
    _, file, old, new = case
    edit(compliance / file, old, new)
    assert [f for f in lint_dir(compliance).findings if f.rule.startswith("contact/")] == []


def test_exclusive_names_both_comms_and_owners(compliance):
    edit(compliance / D, "  exclude: [payment_holiday]\n", "")
    findings = [f for f in lint_dir(compliance).findings if f.rule == "contact/exclusive"]
    assert {f.comm for f in findings} == {"billing.disconnect", "billing.holiday"}
    for finding in findings:
        assert "billing.disconnect" in finding.message and "billing.holiday" in finding.message
        assert "owner billing" in finding.message


def test_exclusive_comms_that_never_overlap_in_time(compliance):
    edit(compliance / D, "  exclude: [payment_holiday]\n", "")
    edit(compliance / H, "  end: null", "  end: 2025-12-31")
    edit(compliance / H, "  start: 2026-01-01", "  start: 2025-01-01")
    assert not [f for f in lint_dir(compliance).findings if f.rule == "contact/exclusive"]


def _second_promo(root, old=None, new=None):
    text = (root / P).read_text("utf-8").replace("id: marketing.promo", "id: marketing.promo-2")
    if old:
        assert old in text
        text = text.replace(old, new)
    (root / "comms/marketing/promo-2.yaml").write_text(text, "utf-8")


def test_frequency_cap_sums_overlapping_comms_with_owners(compliance):
    _second_promo(compliance)
    findings = [f for f in lint_dir(compliance).findings if f.rule == "contact/frequency-cap"]
    on_cap = [f for f in findings if f.file == C]
    assert len(on_cap) == 1 and on_cap[0].line == 5  # the sms cap: 2 texts in 7 days > 1
    assert "worst case 2 messages per 7d" in on_cap[0].message
    assert "marketing.promo (marketing, 1)" in on_cap[0].message and "marketing.promo-2 (marketing, 1)" in on_cap[0].message
    assert {f.comm for f in findings if f.file != C} == {"marketing.promo", "marketing.promo-2"}


@pytest.mark.parametrize("old,new", [
    ("exclude: [complained_30d]", "exclude: [complained_30d, promoters]"),          # excludes the other's segment
    ("start: 2026-03-01\n  end: 2026-08-31", "start: 2026-09-08\n  end: null"),      # 7 full days later
])
def test_frequency_cap_disjoint_audiences_or_times(compliance, old, new):
    _second_promo(compliance, old, new)
    if "promoters]" in new:
        edit(compliance / "comms/marketing/promo-2.yaml", "segment: promoters", "segment: lapsed")
    assert not [f for f in lint_dir(compliance).findings if f.rule == "contact/frequency-cap"]


def test_frequency_cap_counts_the_window_across_a_schedule_boundary(compliance):
    # promo ends on 2026-08-31; promo-2 starts the next day: one week can hold a send of each
    _second_promo(compliance, "start: 2026-03-01\n  end: 2026-08-31", "start: 2026-09-01\n  end: null")
    assert [f for f in lint_dir(compliance).findings if f.rule == "contact/frequency-cap" and f.file == C]


# ---------------------------------------------------------------- the sweep, directly
def _member(name, weight, segment, excludes=(), start=0, end=None):
    from types import SimpleNamespace

    from ccm_cli.policy.audience import Audience
    from ccm_cli.rules.contact.frequency_cap import Member

    return Member(SimpleNamespace(id=name, owner="t"), weight, Audience(segment, frozenset(excludes)),
                  start * 24, float("inf") if end is None else (end + 1) * 24)


WORST = [
    # id, members, period (hours), expected total
    ("same segment adds up", [("a", 1, "s"), ("b", 1, "s")], 168, 2),
    ("different segments are not disjoint", [("a", 1, "s"), ("b", 1, "t")], 168, 2),
    ("exclusion makes them disjoint", [("a", 1, "s", ("t",)), ("b", 1, "t")], 168, 1),
    ("best customer picks the heavier side", [("a", 1, "s", ("t",)), ("b", 3, "t"), ("c", 1, "u")], 168, 4),
    ("no common window", [("a", 1, "s", (), 0, 10), ("b", 1, "s", (), 30, None)], 168, 1),
    ("adjacent within the period", [("a", 1, "s", (), 0, 10), ("b", 1, "s", (), 14, None)], 168, 2),
    ("self-excluding audience reaches nobody", [("a", 5, "s", ("s",)), ("b", 1, "t")], 168, 1),
]


@pytest.mark.parametrize("case", WORST, ids=[c[0] for c in WORST])
def test_worst_case(case):
    from ccm_cli.rules.contact.frequency_cap import worst_case

    _, members, period, expected = case
    assert worst_case([_member(*m) for m in members], period).total == expected


def test_worst_case_scales_to_10000_comms():
    from ccm_cli.rules.contact.frequency_cap import worst_case

    # 40 segments, 5 suppression segments (complained, payment holiday, ...), mixed schedules
    members = [_member(f"c{i}", 1 + i % 3, f"seg{i % 40}", tuple(f"seg{j}" for j in range(5) if (i >> j) & 1 and j != i % 40),
                       i % 365, (i % 365) + 30 if i % 3 else None)
               for i in range(10_000)]
    started = time.perf_counter()
    result = worst_case(members, 168)
    assert result.total > 0
    assert time.perf_counter() - started < 10
