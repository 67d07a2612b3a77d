"""Unicode tricks in templates are findings at the exact place they were typed."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent))
from conftest import edit, lint_dir  # noqa: E402

R = "comms/billing/reminder.yaml"
EN = "your bill of {{ invoice.amount | money }} is due"


@pytest.mark.parametrize(
    "new, rule, severity, column",
    [
        ("your bill of {{ invoice.amount | money }} is \u202edue", "unicode/bidi-control", "error", 78),
        ("your bill of {{ invoice.amount | money }} is \u2066due", "unicode/bidi-control", "error", 78),
        ("your bill of {{ invoice.amount | money }} is du\u200be", "unicode/invisible-character", "warning", 80),
        ("your bill of {{ invoice.amount | money }} is due at https://kumo.example/pa\u200by", "unicode/invisible-character", "error", 108),
        ("your bill of {{ invoice.amount | money }} is due (Cafe\u0301)", "unicode/nfd", "warning", 86),
    ],
)
def test_unicode_findings(minimal, new, rule, severity, column):
    edit(minimal / R, EN, new)
    hits = [f for f in lint_dir(minimal).findings if f.rule == rule]
    assert hits, [f.rule for f in lint_dir(minimal).findings]
    assert (hits[0].severity.label, hits[0].line, hits[0].column) == (severity, 28, column)


def test_emoji_zwj_sequences_are_not_invisible_characters(minimal):
    edit(minimal / R, EN, EN + " \U0001f468\u200d\U0001f469")
    assert not [f for f in lint_dir(minimal).findings if f.rule == "unicode/invisible-character"]


def test_clean_text_has_no_unicode_findings(minimal):
    assert not [f for f in lint_dir(minimal).findings if f.rule.startswith("unicode/")]
