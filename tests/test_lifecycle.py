"""A comm's lifecycle (issue 23 item 6): a comm whose schedule ended is reported once (info) and
skipped by the date rules; `retired: {date, reason}` keeps it as history, out of the date rules
and the contact overlaps, and is validated. Edits to a copy of the example repository."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import copy_repo, edit, lint_dir, run_ccm

NOTICE = "comms/billing/disconnection-notice.yaml"
HOLIDAY = "comms/billing/payment-holiday-offer.yaml"
US_CLAUSE = "policies/clauses/us-late-payment-disclosure.yaml"
JP_CLAUSE = "policies/clauses/jp-disconnection-notice.yaml"
TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def example(tmp_path):
    return copy_repo("example", tmp_path)


def _line(root, rel: str, text: str) -> int:
    return next(i for i, line in enumerate((root / rel).read_text("utf-8").splitlines(), 1) if text in line)


def _end(root, rel: str, day: str) -> None:
    edit(root / rel, "schedule:\n  start: 2026-01-01\n  end: null", f"schedule:\n  start: 2026-01-01\n  end: {day}")


def _by_rule(findings, rule):
    return [f for f in findings if f.rule == rule]


def test_ended_comm_is_reported_once_as_info(example):
    _end(example, NOTICE, "2026-03-31")
    findings = lint_dir(example, TODAY).findings
    (ended,) = _by_rule(findings, "contact/ended")
    assert (ended.file, ended.line, ended.severity.label) == (NOTICE, _line(example, NOTICE, "end: 2026-03-31"), "info")
    assert ended.column == len("  end: ") + 1 and "2026-03-31" in ended.message
    assert [f for f in findings if f.severity.label != "info"] == []
    # the day it ends it still sends: nothing
    assert _by_rule(lint_dir(example, dt.date(2026, 3, 31)).findings, "contact/ended") == []


@pytest.mark.parametrize("clause,old,new,rule", [
    (US_CLAUSE, "expires: null", "expires: 2026-04-30", "clause/expired"),            # en-US letter
    (JP_CLAUSE, "effective: 2026-01-01", "effective: 2026-07-01", "clause/not-effective"),  # ja-JP letter
])
def test_date_rules_skip_an_ended_comm(example, clause, old, new, rule):
    edit(example / clause, old, new)
    before = lint_dir(example, TODAY).findings
    assert any(f.file == NOTICE for f in _by_rule(before, rule)), before  # the comm still sends: reported
    _end(example, NOTICE, "2026-03-31")
    after = lint_dir(example, TODAY).findings
    assert [f for f in _by_rule(after, rule) if f.file == NOTICE] == []
    assert any(f.file == clause for f in _by_rule(after, rule))  # the clause itself still is
    assert [f for f in after if f.file == NOTICE and f.rule.startswith("clause/")] == []


def test_required_clause_not_demanded_of_an_ended_comm(example):
    edit(example / NOTICE, '{{ clause("jp-disconnection-notice") }}', "")
    assert any(f.file == NOTICE and f.locale == "ja-JP" for f in _by_rule(lint_dir(example, TODAY).findings, "clause/required-missing"))
    _end(example, NOTICE, "2026-05-31")
    assert _by_rule(lint_dir(example, TODAY).findings, "clause/required-missing") == []


def test_retired_comm_is_out_of_date_rules_and_contact_overlap(example):
    edit(example / NOTICE, "  exclude: [payment_holiday]     # payment holiday and disconnection never reach the same customer\n", "")
    edit(example / US_CLAUSE, "expires: null", "expires: 2026-04-30")
    before = lint_dir(example, TODAY).findings
    assert _by_rule(before, "contact/exclusive") and any(f.file == NOTICE for f in _by_rule(before, "clause/expired"))
    edit(example / NOTICE, "kind: batch\n", 'kind: batch\nretired: {date: 2026-04-01, reason: "Replaced by the 2026 notice"}\n')
    after = lint_dir(example, TODAY).findings
    assert _by_rule(after, "contact/exclusive") == []
    assert [f for f in _by_rule(after, "clause/expired") if f.file == NOTICE] == []
    assert _by_rule(after, "contact/ended") == []  # retired on purpose: history, no note


def test_retiring_an_ended_comm_silences_the_note(example):
    _end(example, NOTICE, "2026-03-31")
    assert len(_by_rule(lint_dir(example, TODAY).findings, "contact/ended")) == 1
    edit(example / NOTICE, "kind: batch\n", 'kind: batch\nretired: {date: 2026-04-01, reason: "Replaced by the 2026 notice"}\n')
    assert lint_dir(example, TODAY).findings == []


@pytest.mark.parametrize("value", [
    "{date: 2026-04-01}",                       # no reason
    '{date: 2026-04-01, reason: ""}',           # an empty one
    '{reason: "old"}',                          # no date
    '{date: next week, reason: "old"}',         # not a date
    '"2026-04-01"',                             # not a mapping
])
def test_retired_is_validated(example, value):
    edit(example / HOLIDAY, "kind: on-demand\n", f"kind: on-demand\nretired: {value}\n")
    findings = [f for f in lint_dir(example, TODAY).findings if f.rule.startswith("schema/")]
    assert findings and findings[0].file == HOLIDAY and findings[0].line == _line(example, HOLIDAY, "retired:"), findings


def test_today_key_moves_when_a_comm_ends(example):
    from ccm_cli.project import load_project
    from ccm_cli.rules.clause import expired
    from ccm_cli.rules.contact import ended

    _end(example, NOTICE, "2026-03-31")
    project = load_project(example)
    for rule in (ended, expired):
        assert rule.today_key(project, dt.date(2026, 3, 31)) != rule.today_key(project, dt.date(2026, 4, 1))
        assert rule.today_key(project, dt.date(2026, 4, 1)) == rule.today_key(project, dt.date(2026, 6, 1))


def test_ended_in_the_real_command(example):
    _end(example, HOLIDAY, "2026-02-28")
    result = run_ccm("lint", "--today", "2026-06-01", "--format", "json", cwd=example)
    assert result.returncode == 0, result.stderr
    found = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "contact/ended"]
    assert [(f["file"], f["severity"]) for f in found] == [(HOLIDAY, "info")], found


# ---------------------------------------------------------------- a letter's sender address (SPEC 2.1)
EN_SENDER = "        - {{ facts.legal_name }}\n        - {{ facts.postal_address }}\n        - {{ facts.support_phone }}, "
JA_SENDER = "        - {{ facts.legal_name }}\n        - {{ facts.postal_address }}\n        - お問い合わせ"


@pytest.mark.parametrize("locale,old,new", [
    ("en-US", EN_SENDER, "        - {{ facts.legal_name }}\n        - {{ facts.support_phone }}, "),
    ("ja-JP", JA_SENDER, "        - {{ facts.legal_name }}\n        - お問い合わせ"),
])
def test_letter_without_sender_address(example, locale, old, new):
    edit(example / NOTICE, old, new)
    found = _by_rule(lint_dir(example, TODAY).findings, "channel/letter-sender")
    assert len(found) == 1, found
    text = (example / NOTICE).read_text("utf-8").splitlines()
    block = next(i for i, line in enumerate(text, 1) if line == f"  {locale}:")
    assert (found[0].file, found[0].line, found[0].column, found[0].locale) == (NOTICE, block + 1, 5, locale)
    assert found[0].severity.label == "error" and "{{ facts.postal_address }}" in found[0].fix


@pytest.mark.parametrize("old,new,facts", [
    # the address under another key that names an address
    (EN_SENDER, EN_SENDER.replace("facts.postal_address", "facts.company.address"),
     ("postal_address:\n", "company:\n  address: {en-US: \"350 Cloud Way, Springfield, Illinois 62701\"}\npostal_address:\n")),
    # the address written out (hand-typed-fact warns about that, not this rule)
    (EN_SENDER, EN_SENDER.replace("{{ facts.postal_address }}", "350 Cloud Way, Suite 200, Springfield, Illinois 62701"), None),
    (JA_SENDER, JA_SENDER.replace("{{ facts.postal_address }}", "〒150-0002 東京都渋谷区 渋谷5-1-1"), None),
])
def test_letter_sender_in_other_forms(example, old, new, facts):
    edit(example / NOTICE, old, new)
    if facts:
        edit(example / "brand/facts.yaml", *facts)
    assert _by_rule(lint_dir(example, TODAY).findings, "channel/letter-sender") == []


def test_letter_sender_in_one_branch_only(example):
    edit(example / NOTICE, "        - {{ facts.postal_address }}\n        - お問い合わせ",
         "        {% if invoice.amount > 1000 %}- {{ facts.postal_address }}{% endif %}\n        - お問い合わせ")
    edit(example / NOTICE, "samples:\n", "samples:\n  - name: large\n    data:\n      customer: {first_name: Ana, last_name: 山田}\n"
         "      account: {number: \"1002-3345\"}\n      notice: {date: \"2026-03-02\"}\n      invoice: {amount: 1318, due_date: \"2026-01-20\"}\n"
         "      disconnection: {date: \"2026-03-20\"}\n")
    found = _by_rule(lint_dir(example, TODAY).findings, "channel/letter-sender")
    assert len(found) == 1 and found[0].locale == "ja-JP" and "sample 'typical'" in found[0].message, found


def test_letter_sender_changed_only_reach():
    """--changed-only: an address fact's change reaches every letter; another fact's does not."""
    from types import SimpleNamespace

    from ccm_cli.project import load_project
    from ccm_cli.rules.channel import letter_sender

    from conftest import ROOT

    head = load_project(ROOT)
    change = SimpleNamespace(head=head, facts={"postal_address": ({"en-US": "1 Main St, Springfield, IL 62701"}, {"en-US": "2 Main St, Springfield, IL 62701"})})
    assert letter_sender.affected(change, None) == {"billing.disconnection-notice"}
    change.facts = {"outage_phone": ({"en-US": "1-800-555-0142"}, {"en-US": "1-800-555-0143"})}
    assert letter_sender.affected(change, None) == set()
