"""style/doubled-word and style/a-an, as tables: an edit to the clean minimal repository and the
finding it must (or must not) produce."""

import pytest

from conftest import edit, lint_dir

R = "comms/billing/reminder.yaml"
LINE = "Your bill of {{ invoice.amount | money }} is due on {{ invoice.due_date | date }}."

FOUND = [
    # id, new text, rule, words of the message
    ("the the", "Your bill is due on the the 1st.", "style/doubled-word", "'the the'"),
    ("across a line break", "Your bill is due on the\n        the 1st.", "style/doubled-word", "'the the'"),
    ("capitalised first", "The the bill is due.", "style/doubled-word", "'The the'"),
    ("a hour", "Your code works for a hour.", "style/a-an", "'an hour'"),
    ("an user", "We made an user guide.", "style/a-an", "'a user'"),
    ("a SMS", "We sent a SMS to you.", "style/a-an", "'an SMS'"),
    ("an one-time", "Use an one-time code.", "style/a-an", "'a one-time'"),
    ("a apple", "Have a apple.", "style/a-an", "'an apple'"),
    ("sentence-initial A", "A hour from now, it is due.", "style/a-an", "'An hour'"),
]

CLEAN = [
    ("had had", "She had had enough of the bill."),
    ("that that", "We know that that bill is due."),
    ("AND and", "Use the AND and OR words."),
    ("an hour", "Your code works for an hour."),
    ("a user", "We made a user guide, a one-time code, a URL, a European plan, a unique offer."),
    ("an SMS an MBA", "We sent an SMS to an MBA student, an honest note, an F grade."),
    ("label A", "Choose plan A or plan B; Task A and Task B."),
    ("heading then paragraph", "## Bills\n\n        Bills are due monthly."),
]


@pytest.mark.parametrize("case", FOUND, ids=[c[0] for c in FOUND])
def test_english_mistake_is_reported(minimal, case):
    _, new, rule, words = case
    edit(minimal / R, LINE, new)
    found = [f for f in lint_dir(minimal).findings if f.rule == rule]
    assert found and words in found[0].message + found[0].fix, [f.message for f in found]
    assert found[0].file == R and found[0].line >= 22


@pytest.mark.parametrize("case", CLEAN, ids=[c[0] for c in CLEAN])
def test_no_false_alarm(minimal, case):
    _, new = case
    edit(minimal / R, LINE, new)
    assert [f.message for f in lint_dir(minimal).findings if f.rule in ("style/doubled-word", "style/a-an")] == []


def test_not_in_japanese(minimal):
    edit(minimal / "comms/billing/reminder.ja.md.j2", "ご請求額は", "the the a hour ご請求額は")
    assert [f for f in lint_dir(minimal).findings if f.rule in ("style/doubled-word", "style/a-an")] == []
