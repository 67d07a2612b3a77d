"""Hostile templates: every payload of ssti_corpus.yaml ends as a template/* finding, no code
runs, no secret leaks, and rendering is bounded in time and memory."""

import json
import os
import resource
import secrets
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
import yaml

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from conftest import REPOS, copy_repo  # noqa: E402

CORPUS = yaml.safe_load((HERE / "ssti_corpus.yaml").read_text("utf-8"))
BODY = 'body: "Power is back on in your area. Thank you for your patience."'


def _limit_memory():  # a sandbox failure must fail the test, not take the machine down
    resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))


@pytest.fixture(scope="module")
def hostile_repo(tmp_path_factory):
    """The minimal repository plus one comm per payload."""
    root = copy_repo("minimal", tmp_path_factory.mktemp("ssti"))
    source = (root / "comms/billing/outage.yaml").read_text("utf-8")
    folder = root / "comms" / "hostile"
    folder.mkdir()
    for case in CORPUS:
        text = source.replace("billing.outage", f"hostile.{case['name']}").replace(BODY, "body: " + json.dumps(case["template"]))
        (folder / f"{case['name']}.yaml").write_text(text.replace("owner: billing", "owner: billing"), "utf-8")
    return root


@pytest.fixture(scope="module")
def report(hostile_repo):
    canary = f"canary-{secrets.token_hex(8)}"
    env = {**os.environ, "CCM_TEST_SECRET": canary, "NO_COLOR": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "ccm_cli.cli", "lint", "--no-cache", "--format", "json"],
        cwd=hostile_repo, env=env, capture_output=True, text=True, timeout=240, preexec_fn=_limit_memory,
    )
    return canary, run


def test_corpus_is_large_enough():
    assert len(CORPUS) >= 30


@pytest.mark.parametrize("case", CORPUS, ids=[c["name"] for c in CORPUS])
def test_every_payload_is_a_template_finding(report, case):
    _, run = report
    assert run.returncode == 1, run.stderr[-2000:]
    findings = json.loads(run.stdout)["findings"]
    mine = {f["rule"] for f in findings if f["comm"] == f"hostile.{case['name']}"}
    assert mine & set(case["expect"]), f"{case['name']}: got {sorted(mine)}"


def test_no_secret_leaks_and_no_traceback(report):
    canary, run = report
    assert canary not in run.stdout and canary not in run.stderr
    assert "Traceback" not in run.stderr


def test_no_file_outside_the_repository_was_read(report):
    _, run = report
    passwd = Path("/etc/passwd").read_text().splitlines()[0]
    assert passwd not in run.stdout and passwd not in run.stderr


def test_limits_are_configurable(tmp_path):
    root = copy_repo("minimal", tmp_path)
    (root / "ccm.yaml").write_text((root / "ccm.yaml").read_text() + "limits: {output_chars: 50}\n")
    from conftest import lint_dir

    rules = {f.rule for f in lint_dir(root).findings}
    assert "template/resource-limit" in rules  # the reminder email body is longer than 50 characters


def test_jinja_is_patched_against_known_sandbox_escapes():
    major, minor, patch = (int(x) for x in jinja2.__version__.split(".")[:3])
    assert (major, minor, patch) >= (3, 1, 6), "jinja2 >= 3.1.6 fixes CVE-2024-56201, CVE-2024-56326, CVE-2025-27516"
