"""ccm's ja rules on real Japanese prose (issue 24 item 7): tests/corpus/ja holds 19 public
documents (Vue, Vite, React and Rust-book Japanese docs; CC BY 4.0 / MIT / Apache-2.0, see
SOURCES.md). Their findings must equal the stored, hand-reviewed expectation
(expected-ccm.json), ≥ 95% of them must be true problems, and ccm must agree with textlint +
preset-ja-technical-writing (output stored in textlint.json, versions in
textlint-versions.json) on ≥ 95% of textlint's findings where textlint is right (review.json
says where it is not). Offline: textlint is not run here.

Regenerate after a deliberate change: ``python bench/peers/ja_corpus_compare.py --write-expected``
(then review every new finding in review.json)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "ja"
sys.path.insert(0, str(ROOT / "bench" / "peers"))
import ja_corpus_compare as compare  # noqa: E402

FIELDS = ("file", "rule", "line", "column", "message")
LICENCES = {"CC-BY-4.0", "MIT", "MIT OR Apache-2.0", "Apache-2.0", "CC0-1.0"}


@pytest.fixture(scope="module")
def findings():
    return compare.ccm_findings(CORPUS)


@pytest.fixture(scope="module")
def expected():
    return json.loads((CORPUS / "expected-ccm.json").read_text("utf-8"))


def test_findings_equal_the_reviewed_expectation(findings, expected):
    got = sorted((f["file"], f["rule"], f["line"], f["column"], f["message"].split("\n")[0]) for f in findings)
    want = sorted(tuple(r[k] for k in FIELDS) for r in expected)
    missing = [w for w in want if w not in got]
    extra = [g for g in got if g not in want]
    assert not missing and not extra, f"missing {missing[:5]} extra {extra[:5]}"


def test_every_finding_is_reviewed_and_precision_at_least_95(expected):
    verdicts = [r["verdict"] for r in expected]
    assert set(verdicts) <= {"true", "false", "debatable"}, "a finding is not reviewed (review.json)"
    assert all(r.get("note") for r in expected if not r["textlint"]), "a finding textlint lacks needs a note"
    precision = verdicts.count("true") / len(verdicts)
    assert precision >= 0.95, precision


def test_agreement_with_textlint_where_textlint_is_right(findings):
    from ccm_cli.rules.style.ja import RULES

    ours = {m.ID.split("/", 1)[1] for m in RULES}
    review = json.loads((CORPUS / "review.json").read_text("utf-8"))
    textlint = [f for f in compare.textlint_findings(CORPUS / "textlint.json") if f["rule"] in ours]
    agree, only_tl, _ = compare.match(textlint, findings)
    wrong = {k for k, v in review.items() if isinstance(v, dict) and v["side"] == "textlint" and v["verdict"] != "true"}
    right_missed = [f for f in only_tl if compare.key(f) not in wrong]
    rate = len(agree) / (len(agree) + len(right_missed))
    assert rate >= 0.95, (rate, right_missed[:5])
    # every textlint finding ccm does not report is reviewed
    assert all(compare.key(f) in review for f in only_tl), [compare.key(f) for f in only_tl if compare.key(f) not in review]


def test_no_fix_appends_a_full_stop_after_a_mark(findings):
    """issue 24: ja-no-mixed-period's fix appended 。 after ！ or ： ("！。") on real text."""
    fixes = [f["fix"] for f in findings if f["rule"] == "ja-no-mixed-period" and f["fix"]]
    assert not [x for x in fixes if re.search(r"[！？!?：:、」』）)]。$", x)]


def test_corpus_sources_and_licences():
    sources = (CORPUS / "SOURCES.md").read_text("utf-8")
    files = sorted(p.name for p in CORPUS.glob("*.md") if p.name != "SOURCES.md")
    assert len(files) >= 15
    assert sum(len((CORPUS / f).read_text("utf-8")) for f in files) >= 100_000
    for name in files:
        row = next((line for line in sources.splitlines() if line.startswith(f"| `{name}`")), None)
        assert row, f"{name} is not in SOURCES.md"
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[1].startswith("https://github.com/") and re.fullmatch(r"`[0-9a-f]{12}`", cells[2]), row
        assert cells[3] in LICENCES, row
    assert len(list((CORPUS / "licenses").iterdir())) >= 4
    versions = json.loads((CORPUS / "textlint-versions.json").read_text("utf-8"))
    assert versions["textlint-rule-preset-ja-technical-writing"] and versions["textlint"]
