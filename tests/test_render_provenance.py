"""Provenance markers come out of rendered text as spans (render.split_provenance)."""

import pytest

from ccm_cli.render import CLOSE, OPEN, SEP, Span, split_provenance


def tag(kind, ref, text):
    return f"{OPEN}{kind}:{ref}{SEP}{text}{CLOSE}"


CASES = [
    ("plain text", "plain text", []),
    (f"Hi {tag('expression', '', 'Ann')}!", "Hi Ann!", [Span(3, 6, "expression", "")]),
    (tag("clause", "late-fee", f"Fee {tag('fact', 'facts.fee', '5')} due"), "Fee 5 due",
     [Span(0, 9, "clause", "late-fee"), Span(4, 5, "fact", "facts.fee")]),
    (f"a{tag('expression', '', '')}b", "ab", []),  # an empty insertion has no span
    (f"x{SEP}y{CLOSE}z", f"x{SEP}y{CLOSE}z", []),  # no opening marker: left as it is
    (f"{tag('snippet', 's.j2', 'A')}{CLOSE}B{SEP}", f"AB{SEP}", [Span(0, 1, "snippet", "s.j2")]),
    # a sample value holding the opening marker itself: kept as text (the old loop never ended)
    (f"Hi {tag('expression', '', OPEN)}", f"Hi {OPEN}", [Span(3, 4, "expression", "")]),
    (f"Hello {OPEN}", f"Hello {OPEN}", []),
]


@pytest.mark.parametrize("raw, text, spans", CASES)
def test_split_provenance(raw, text, spans):
    assert split_provenance(raw) == (text, spans)
