"""Held-out validation of ccm's ja rules (issue 24): tests/corpus/ja-heldout holds 11 public
Japanese documents from projects NOT in tests/corpus/ja (TypeScript-Website's Japanese pages,
CC BY 4.0; the Svelte and SvelteKit Japanese docs, MIT; see SOURCES.md), which nobody tuned the
rules on. Same checks as tests/test_real_copy_ja.py: findings equal the hand-reviewed expectation
(expected-ccm.json), ≥ 95% of them are true, and ccm agrees with textlint +
preset-ja-technical-writing (pinned output in textlint.json) on ≥ 95% of textlint's findings where
textlint is right (review.json judges every disagreement). Offline: textlint is not run here.

Regenerate after a deliberate change:
``python bench/peers/ja_corpus_compare.py --corpus tests/corpus/ja-heldout --write-expected``
(then review every new disagreement in tests/corpus/ja-heldout/review.json)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "ja-heldout"
OTHER = ROOT / "tests" / "corpus" / "ja"
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
    assert verdicts.count("true") / len(verdicts) >= 0.95


def test_agreement_with_textlint_where_textlint_is_right(findings):
    from ccm_cli.rules.style.ja import RULES

    ours = {m.ID.split("/", 1)[1] for m in RULES}
    review = json.loads((CORPUS / "review.json").read_text("utf-8"))
    textlint = [f for f in compare.textlint_findings(CORPUS / "textlint.json") if f["rule"] in ours]
    assert len(textlint) >= 300  # the pinned output is the real one, not a stub
    agree, only_tl, _ = compare.match(textlint, findings)
    wrong = {k for k, v in review.items() if isinstance(v, dict) and v["side"] == "textlint" and v["verdict"] != "true"}
    right_missed = [f for f in only_tl if compare.key(f) not in wrong]
    rate = len(agree) / (len(agree) + len(right_missed))
    assert rate >= 0.95, (rate, right_missed[:5])
    assert all(compare.key(f) in review for f in only_tl), [compare.key(f) for f in only_tl if compare.key(f) not in review]


def test_no_fix_appends_a_full_stop_after_a_mark(findings):
    fixes = [f["fix"] for f in findings if f["rule"] == "ja-no-mixed-period" and f["fix"]]
    assert not [x for x in fixes if re.search(r"[！？!?：:、」』）)]。$", x)]


def test_corpus_is_disjoint_sourced_and_licensed():
    sources = (CORPUS / "SOURCES.md").read_text("utf-8")
    files = sorted(p.name for p in CORPUS.glob("*.md") if p.name != "SOURCES.md")
    assert len(files) >= 10
    assert sum(len((CORPUS / f).read_text("utf-8")) for f in files) >= 60_000
    repos = set()
    for name in files:
        row = next((line for line in sources.splitlines() if line.startswith(f"| `{name}`")), None)
        assert row, f"{name} is not in SOURCES.md"
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[1].startswith("https://github.com/") and re.fullmatch(r"`[0-9a-f]{12}`", cells[2]), row
        assert cells[3] in LICENCES, row
        repos.add("/".join(cells[1].split("/")[3:5]))
    other = (OTHER / "SOURCES.md").read_text("utf-8")
    tuned = {"/".join(u.split("/")[3:5]) for u in re.findall(r"https://github\.com/\S+", other)}
    assert repos and not repos & tuned, repos & tuned
    assert len(list((CORPUS / "licenses").iterdir())) >= 3
    versions = json.loads((CORPUS / "textlint-versions.json").read_text("utf-8"))
    assert versions == json.loads((OTHER / "textlint-versions.json").read_text("utf-8"))
