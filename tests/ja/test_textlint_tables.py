"""textlint's own test tables, run against ccm's ja rules (see textlint_tables.py)."""

from __future__ import annotations

import pytest

from textlint_tables import ACCEPTED_DISAGREEMENTS, check_case, load_cases

CASES = load_cases()


def _param(case):
    marks = []
    reason = ACCEPTED_DISAGREEMENTS.get(case.key)
    if reason:
        marks.append(pytest.mark.xfail(reason=reason, strict=True))
    return pytest.param(case, id=f"{case.rule}:{case.id}", marks=marks)


@pytest.mark.skipif(not CASES, reason="textlint fixture tables not found")
@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_textlint_case(case):
    passed, why = check_case(case)
    assert passed, why


def test_accepted_disagreements_are_real_cases():
    keys = {c.key for c in CASES}
    if CASES:
        assert set(ACCEPTED_DISAGREEMENTS) <= keys
    for reason in ACCEPTED_DISAGREEMENTS.values():
        assert reason.strip()
