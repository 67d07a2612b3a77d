"""Schema, template, channel and governance rules, as a table: an edit to the clean minimal
repository, and the finding it must produce (rule, file, line)."""

import pytest

from conftest import edit, lint_dir

R = "comms/billing/reminder.yaml"
J = "comms/billing/reminder.ja.md.j2"

CASES = [
    # id, file, old, new, rule, expected file, expected line
    ("unknown key with did-you-mean", R, "journey: use", "journy: use", "schema/unknown-key", R, 6),
    ("wrong enum", R, "category: transactional", "category: promo", "schema/invalid-value", R, 4),
    ("wrong type", R, "kind: on-demand", "kind: [on-demand]", "schema/invalid-value", R, 5),
    ("missing required", R, "owner: billing\n", "", "schema/invalid-value", R, 1),
    ("bad date format", R, "{type: string, format: date}", "{type: string, format: date}\n  due.x: {type: string}", "template/unused-variable", R, 11),
    ("duplicate id", "comms/billing/outage.yaml", "id: billing.outage", "id: billing.reminder", "schema/duplicate-id", R, 1),
    ("unknown locale", R, "  ja-JP:\n    email:", "  ja_JP:\n    email:", "schema/unknown-locale", R, 29),
    ("sample violates variables", R, "amount: 120,", 'amount: "120",', "schema/sample-invalid", R, 13),
    ("sample misses a variable", R, "first_name: Ana", "name: Ana", "schema/sample-invalid", R, 13),
    ("invalid variable schema", R, "invoice.amount: {type: number}", "invoice.amount: {type: money}", "schema/invalid-variable", R, 9),
    ("jinja syntax error in block", R, "Pay here: {{ facts.pay_url }}", "Pay here: {{ facts.pay_url }", "template/syntax-error", R, 23),
    ("jinja syntax error in body_file", J, "ご請求額は{{ invoice.amount | money }}です。", "ご請求額は{% if %}です。", "template/syntax-error", J, 3),
    ("undeclared variable", R, "Pay here: {{ facts.pay_url }}", "Pay here: {{ account.url }}", "template/undeclared-variable", R, 23),
    ("unused variable", R, "  invoice.due_date: {type: string, format: date}", "  invoice.due_date: {type: string, format: date}\n  customer.birthday: {type: string}", "template/unused-variable", R, 11),
    ("unknown clause", R, 'clause("late-fee")', 'clause("late-fees")', "template/unknown-clause", R, 26),
    ("unknown snippet", R, "_snippets/help.j2", "_snippets/hlep.j2", "template/unknown-snippet", R, 25),
    ("include outside the repository", R, "_snippets/help.j2", "../../etc/passwd", "template/unknown-snippet", R, 25),
    ("unknown fact", R, "Pay here: {{ facts.pay_url }}", "Pay here: {{ facts.pay_link }}", "template/unknown-fact", R, 23),
    ("sandbox violation", R, "Pay here: {{ facts.pay_url }}", "Pay here: {{ customer.__class__.__mro__ }}", "template/sandbox-violation", R, 23),
    ("render error in body_file", J, "{{ customer.first_name }}様", "{{ customer.first_name.x.y }}様", "template/render-error", J, 1),
    ("body_file missing", R, "body_file: reminder.ja.md.j2", "body_file: nope.md.j2", "template/bad-file", R, 33),
    ("body_file outside repo", R, "body_file: reminder.ja.md.j2", "body_file: ../../../../etc/hostname", "template/bad-file", R, 33),
    ("body_file absolute", R, "body_file: reminder.ja.md.j2", "body_file: /etc/hostname", "template/bad-file", R, 33),
    ("clause without translation", "policies/clauses/late-fee.yaml", '  ja-JP: "お支払い期限を過ぎると延滞金がかかる場合があります。"\n', "", "clause/missing-translation", J, 6),
    ("email without subject", R, '      subject: "{{ facts.brand }}のご請求のお知らせ"\n', "", "channel/missing-field", R, 30),
    ("subject too long", R, 'subject: "Your {{ facts.brand }} bill is due', 'subject: "Your {{ facts.brand }} bill, which we have prepared with great care for you, is due', "channel/subject-length", R, 17),
    ("preheader too short", R, '"Pay by {{ invoice.due_date | date }} to keep your service running."', '"Pay now"', "channel/preheader-length", R, 18),
    ("sms too many parts", R, 'body: "{{ facts.brand }}です。', 'body: "{{ facts.brand }}です。' + "お知らせ" * 60, "channel/sms-length", R, 35),
    ("sms forced to UCS-2", R, "your bill of {{ invoice.amount | money }} is due", "your bill of {{ invoice.amount | money }} is due \u2014 thanks", "channel/sms-encoding", R, 28),
    ("push title too long", "comms/billing/outage.yaml", 'title: "Power is back"', 'title: "Power is back on in your whole neighbourhood, thanks to our crews"', "channel/push-length", "comms/billing/outage.yaml", 9),
    ("suppression without reason", R, "content:\n", "lint:\n  ignore:\n    - {rule: channel/*}\ncontent:\n", "governance/suppression-without-reason", R, 16),
    ("unsuppressible rule", R, "content:\n", "lint:\n  ignore:\n    - {rule: clause/missing-translation, reason: too long}\ncontent:\n", "governance/unsuppressible", R, 16),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_rule_finds_the_defect_where_it_was_typed(minimal, case):
    _, file, old, new, rule, expected_file, expected_line = case
    edit(minimal / file, old, new)
    findings = [f for f in lint_dir(minimal).findings if f.rule == rule]
    assert findings, f"{rule} not reported; got {[f.rule for f in lint_dir(minimal).findings]}"
    assert (findings[0].file, findings[0].line) == (expected_file, expected_line), findings[0]
    assert findings[0].column and findings[0].message


def test_minimal_repository_is_clean(minimal):
    assert lint_dir(minimal).findings == []


def test_did_you_mean(minimal):
    edit(minimal / R, "journey: use", "journy: use")
    (finding,) = [f for f in lint_dir(minimal).findings if f.rule == "schema/unknown-key"]
    assert "did you mean 'journey'" in finding.message and finding.fix == "Rename 'journy' to 'journey'"


def test_unknown_channel_not_enabled(minimal):
    edit(minimal / "ccm.yaml", "channels: [email, sms, push, line, chat, letter, web]", "channels: [email, push]")
    findings = [f for f in lint_dir(minimal).findings if f.rule == "schema/unknown-channel"]
    assert {(f.locale, f.channel) for f in findings} == {("en-US", "sms"), ("ja-JP", "sms")}


def test_suppression_with_reason_silences_only_its_scope(minimal):
    edit(minimal / R, '"Pay by {{ invoice.due_date | date }} to keep your service running."', '"Pay now"')
    edit(minimal / R, "content:\n", "lint:\n  ignore:\n    - {rule: channel/preheader-length, locale: en-US, reason: Campaign test}\ncontent:\n")
    result = lint_dir(minimal)
    assert not [f for f in result.findings if f.rule == "channel/preheader-length"]
    assert result.suppressed == 1


def test_suppression_for_another_channel_does_not_apply(minimal):
    edit(minimal / R, '"Pay by {{ invoice.due_date | date }} to keep your service running."', '"Pay now"')
    edit(minimal / R, "content:\n", "lint:\n  ignore:\n    - {rule: channel/preheader-length, channel: sms, reason: x}\ncontent:\n")
    assert [f for f in lint_dir(minimal).findings if f.rule == "channel/preheader-length"]


def test_unsuppressible_rule_stays(minimal):
    edit(minimal / "policies/clauses/late-fee.yaml", '  ja-JP: "お支払い期限を過ぎると延滞金がかかる場合があります。"\n', "")
    edit(minimal / R, "content:\n", "lint:\n  ignore:\n    - {rule: clause/*, reason: not now}\ncontent:\n")
    rules = {f.rule for f in lint_dir(minimal).findings}
    assert {"clause/missing-translation", "governance/unsuppressible"} <= rules


def test_disabled_rule_in_ccm_yaml(minimal):
    edit(minimal / R, '"Pay by {{ invoice.due_date | date }} to keep your service running."', '"Pay now"')
    (minimal / "ccm.yaml").write_text((minimal / "ccm.yaml").read_text() + "lint:\n  disable: [channel/preheader-*]\n")
    assert lint_dir(minimal).findings == []
