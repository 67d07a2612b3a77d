"""ccm's ja rules on real Japanese prose (issue 24 item 7), on two corpora of public documents:

* tests/corpus/ja — 19 documents (Vue, Vite, React and Rust-book Japanese docs; CC BY 4.0 / MIT /
  Apache-2.0), on which the rules were ported;
* tests/corpus/ja-heldout — 11 documents from projects NOT in tests/corpus/ja (TypeScript-Website's
  Japanese pages, CC BY 4.0; the Svelte and SvelteKit Japanese docs, MIT), which nobody tuned the
  rules on (its sources must stay disjoint from the first corpus's).

For each: findings equal the stored, hand-reviewed expectation (expected-ccm.json), ≥ 95% of them
are true problems, and ccm agrees with textlint + preset-ja-technical-writing (pinned output in
textlint.json, versions in textlint-versions.json) on ≥ 95% of textlint's findings where textlint
is right (review.json judges every disagreement). Offline: textlint is not run here.

Regenerate after a deliberate change:
``python bench/peers/ja_corpus_compare.py [--corpus tests/corpus/ja-heldout] --write-expected``
(then review every new disagreement in that corpus's review.json)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TUNED = ROOT / "tests" / "corpus" / "ja"
HELDOUT = ROOT / "tests" / "corpus" / "ja-heldout"
sys.path.insert(0, str(ROOT / "bench" / "peers"))
import ja_corpus_compare as compare  # noqa: E402

FIELDS = ("file", "rule", "line", "column", "message")
LICENCES = {"CC-BY-4.0", "MIT", "MIT OR Apache-2.0", "Apache-2.0", "CC0-1.0"}
# corpus -> (files at least, characters at least, licence texts at least, textlint findings at least)
SIZES = {TUNED: (15, 100_000, 4, 0), HELDOUT: (10, 60_000, 3, 300)}


@pytest.fixture(scope="module", params=[TUNED, HELDOUT], ids=["tuned", "heldout"])
def corpus(request):
    return request.param


@pytest.fixture(scope="module")
def findings(corpus):
    return compare.ccm_findings(corpus)


@pytest.fixture(scope="module")
def expected(corpus):
    return json.loads((corpus / "expected-ccm.json").read_text("utf-8"))


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


def test_agreement_with_textlint_where_textlint_is_right(corpus, findings):
    from ccm_cli.rules.style.ja import RULES

    ours = {m.ID.split("/", 1)[1] for m in RULES}
    review = json.loads((corpus / "review.json").read_text("utf-8"))
    textlint = [f for f in compare.textlint_findings(corpus / "textlint.json") if f["rule"] in ours]
    assert len(textlint) >= SIZES[corpus][3]  # the pinned output is the real one, not a stub
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


def _repositories(corpus: Path) -> set[str]:
    """owner/name of every repository the corpus's SOURCES.md names."""
    sources = (corpus / "SOURCES.md").read_text("utf-8")
    return {"/".join(u.split("/")[3:5]) for u in re.findall(r"https://github\.com/\S+", sources)}


def test_corpus_sources_and_licences(corpus):
    least_files, least_chars, least_licences, _ = SIZES[corpus]
    sources = (corpus / "SOURCES.md").read_text("utf-8")
    files = sorted(p.name for p in corpus.glob("*.md") if p.name != "SOURCES.md")
    assert len(files) >= least_files
    assert sum(len((corpus / f).read_text("utf-8")) for f in files) >= least_chars
    for name in files:
        row = next((line for line in sources.splitlines() if line.startswith(f"| `{name}`")), None)
        assert row, f"{name} is not in SOURCES.md"
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[1].startswith("https://github.com/") and re.fullmatch(r"`[0-9a-f]{12}`", cells[2]), row
        assert cells[3] in LICENCES, row
    assert len(list((corpus / "licenses").iterdir())) >= least_licences
    versions = json.loads((corpus / "textlint-versions.json").read_text("utf-8"))
    assert versions["textlint-rule-preset-ja-technical-writing"] and versions["textlint"]


def test_the_held_out_corpus_is_held_out():
    """Nobody tuned the rules on it: no repository in common, and textlint's versions the same."""
    held, tuned = _repositories(HELDOUT), _repositories(TUNED)
    assert held and not held & tuned, held & tuned
    versions = json.loads((HELDOUT / "textlint-versions.json").read_text("utf-8"))
    assert versions == json.loads((TUNED / "textlint-versions.json").read_text("utf-8"))
