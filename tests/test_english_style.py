"""style/doubled-word, style/a-an, style/mixed-quotes and style/compound-modifier, as tables: an edit to the clean minimal repository and the
finding it must (or must not) produce."""

import pytest

from conftest import edit, lint_dir

R = "comms/billing/reminder.yaml"
RULES = ("style/doubled-word", "style/a-an", "style/mixed-quotes", "style/compound-modifier")
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
    ("straight among curly", "We’re glad you’re here. Here's your bill.", "style/mixed-quotes", "2 curly"),
    ("curly among straight", "We're glad you're here. Here’s your bill.", "style/mixed-quotes", "this ’ is curly"),
    ("curly double quotes and an apostrophe", "It shows as “Kumo” on your statement. Here's why.", "style/mixed-quotes", "1 straight and 2 curly"),
    ("30 day trial", "Your 30 day trial starts today.", "style/compound-modifier", "'30-day trial'"),
    ("six digit code", "Enter the six digit code.", "style/compound-modifier", "'six-digit code'"),
    ("inserted number", "Your {{ invoice.amount }} day plan is due.", "style/compound-modifier", "-day plan"),
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
    ("all curly", "We’re glad you’re here. Here’s “your” bill."),
    ("all straight", "We're glad you're here. Here's \"your\" bill."),
    ("inches after digits", "The meter is 5' 10\" tall. It’s new."),
    ("hyphenated", "Your 30-day trial starts today, 2 days from now."),
    ("unit then not a noun", "It started 3 days ago, 1 day left, 5 year and counting, 2 hour window."),
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
    assert [f.message for f in lint_dir(minimal).findings if f.rule in RULES] == []


def test_not_in_japanese(minimal):
    edit(minimal / "comms/billing/reminder.ja.md.j2", "ご請求額は", "the the a hour \"x\" “y” 30 day trial ご請求額は")
    assert [f for f in lint_dir(minimal).findings if f.rule in RULES] == []
