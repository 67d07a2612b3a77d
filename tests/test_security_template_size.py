"""Templates too long or too deeply nested to compile are findings, not internal errors
(issue 20, item 9).

Jinja's parser, its code generator and ccm's own analysis recurse once per level of the
template's tree: a chain of 200,000 filters (`{{ x|e|e|e|… }}`) ended `ccm lint` and
`ccm preview` with "internal error: RecursionError", and a 100,000-step attribute chain ran
for a minute before running out of memory. Template sources are now bounded before Jinja
parses them (length) and before anything walks them recursively (depth), and every command
that reads templates — lint, lint --changed-only, preview, --jobs workers — reports a
`template/resource-limit` finding at the field instead.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import copy_repo, edit, run_ccm

BODY = 'body: "Power is back on in your area. Thank you for your patience."'
HOSTILE = {
    "filter-chain-200k": "{{ facts.brand" + "|e" * 200_000 + " }}",
    "filter-chain-5k": "{{ facts.brand" + "|e" * 5_000 + " }}",
    "parentheses": "{{ " + "(" * 40_000 + "1" + ")" * 40_000 + " }}",
    "lists": "{{ " + "[" * 40_000 + "1" + "]" * 40_000 + " }}",
    "attribute-chain": "{{ facts" + ".a" * 45_000 + " }}",
    "subscript-chain": "{{ facts" + "[0]" * 30_000 + " }}",
    "nested-ifs": "{% if 1 %}" * 500 + "x" + "{% endif %}" * 500,
    "not-chain": "{{ " + "not " * 20_000 + "1 }}",
    "plus-chain": "{{ 1" + " + 1" * 20_000 + " }}",
    "nested-calls": "{{ " + "lipsum(" * 300 + ")" * 300 + " }}",
}


@pytest.fixture(scope="module")
def hostile_repo(tmp_path_factory) -> Path:
    """The minimal repository plus one comm per hostile template, committed in git."""
    root = copy_repo("minimal", tmp_path_factory.mktemp("deep"))
    source = (root / "comms/billing/outage.yaml").read_text("utf-8")
    for name, template in HOSTILE.items():
        text = source.replace("billing.outage", f"deep.{name}").replace(BODY, "body: " + json.dumps(template))
        (root / "comms" / "billing" / f"{name}.yaml").write_text(text, "utf-8")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    return root


def check_run(run: subprocess.CompletedProcess) -> None:
    assert "internal error" not in run.stderr and "Traceback" not in run.stderr, run.stderr[-2000:]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_lint_reports_each_as_a_resource_limit_at_its_field(hostile_repo, jobs):
    run = run_ccm("lint", "--no-cache", "--format", "json", "--jobs", jobs, cwd=hostile_repo)
    check_run(run)
    assert run.returncode == 1
    findings = json.loads(run.stdout)["findings"]
    for name in HOSTILE:
        mine = [f for f in findings if f["comm"] == f"deep.{name}" and f["rule"] in ("template/resource-limit", "template/syntax-error")]
        assert mine, f"{name}: no finding"
        assert mine[0]["file"] == f"comms/billing/{name}.yaml" and (mine[0]["line"], mine[0]["column"]) == (10, 14), mine[0]


def test_the_messages_say_what_to_change(hostile_repo):
    run = run_ccm("lint", "--no-cache", "--format", "json", cwd=hostile_repo)
    messages = {f["comm"]: f["message"] for f in json.loads(run.stdout)["findings"] if f["rule"] == "template/resource-limit"}
    assert "at most 100,000 are compiled" in messages["deep.filter-chain-200k"]
    assert "nested too deeply" in messages["deep.filter-chain-5k"]


def test_preview_shows_the_finding(hostile_repo):
    run = run_ccm("preview", "deep.filter-chain-200k", cwd=hostile_repo)
    check_run(run)
    assert "at most 100,000 are compiled" in run.stdout


def test_changed_only_and_a_snippet_too_deep_to_include(hostile_repo, tmp_path):
    """--changed-only parses every template for its dependencies; an included snippet is
    parsed when the including template renders."""
    root = copy_repo("minimal", tmp_path)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    (root / "comms/_snippets/help.j2").write_text(HOSTILE["filter-chain-5k"], "utf-8")
    edit(root / "comms/billing/outage.yaml", BODY, 'body: "{% include \'_snippets/help.j2\' %}"')
    run = run_ccm("lint", "--base", "main", "--changed-only", "--format", "json", cwd=root)
    check_run(run)
    found = [f for f in json.loads(run.stdout)["findings"] if f["rule"] == "template/resource-limit"]
    assert {f["comm"] for f in found} >= {"billing.outage", "billing.reminder"}  # both include the snippet


def test_a_template_at_the_limits_still_compiles(tmp_path):
    """The bounds leave room: 90 filters in a chain, 90 nested ifs, a 90,000-character text."""
    root = copy_repo("minimal", tmp_path)
    body = "{{ facts.brand" + "|trim" * 90 + " }} " + "{% if 1 %}" * 90 + "ok" + "{% endif %}" * 90 + " " + "word " * 18_000
    edit(root / "comms/billing/outage.yaml", BODY, "body: " + json.dumps(body))
    run = run_ccm("lint", "--no-cache", "--format", "json", cwd=root)
    check_run(run)
    rules = {f["rule"] for f in json.loads(run.stdout)["findings"] if f["comm"] == "billing.outage"}
    assert not rules & {"template/resource-limit", "template/syntax-error", "template/render-error"}, rules
