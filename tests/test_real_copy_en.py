"""Precision on real copy: Postmark's transactional templates (MIT, tests/corpus/en/SOURCE.md),
converted word for word into comms and kept raw as loose prose files. ccm must report exactly the
findings reviewed by hand in tests/corpus/en/expected.tsv — every placeholder and placeholder link,
nothing else — and at least 95 % of them must be true problems (docs/real-copy-precision.md)."""

import re
import shutil
from pathlib import Path

from conftest import TODAY

CORPUS = Path(__file__).parent / "corpus" / "en"


def expected() -> list[tuple]:
    rows = []
    for line in (CORPUS / "expected.tsv").read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        file, ln, col, rule, found, verdict = line.split("\t")
        rows.append((file, int(ln), int(col), rule, found, verdict))
    return rows


def reported(tmp_path) -> set[tuple]:
    from ccm_cli.linter import lint
    from ccm_cli.project import load_project
    from ccm_cli.prose_files import lint_prose_file

    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    project = load_project(root)
    findings = list(lint(project, today=TODAY).findings)
    for raw in sorted((root / "raw").glob("*.txt")):
        findings += lint_prose_file(raw, project).findings
    return {(f.file, f.line, f.column, f.rule) for f in findings}


def test_ccm_reports_exactly_the_reviewed_findings(tmp_path):
    want = {row[:4] for row in expected()}
    got = reported(tmp_path)
    assert sorted(got - want) == [], "findings nobody reviewed"
    assert sorted(want - got) == [], "reviewed findings ccm no longer reports"


def test_precision_is_at_least_95_percent():
    rows = expected()
    true = sum(1 for row in rows if row[5] == "true")
    assert rows and true / len(rows) >= 0.95, f"{true}/{len(rows)}"


def test_every_placeholder_of_the_raw_text_is_reported():
    """Recall, counted independently of the rule: each [bracketed] field, example.com link and
    Handlebars block tag in the raw files has its finding at its line."""
    rows = expected()
    for raw in sorted((CORPUS / "raw").glob("*.txt")):
        rel = f"raw/{raw.name}"
        for n, line in enumerate(raw.read_text("utf-8").splitlines(), 1):
            wanted = len(re.findall(r"\[[^\]]+\]|https?://example\.com|\{\{[#/][^}]*\}\}", line))
            got = sum(1 for row in rows if row[0] == rel and row[1] == n and row[3] == "template/placeholder")
            assert got == wanted, (rel, n, line)
