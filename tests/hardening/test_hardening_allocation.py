"""Allocation bombs (issue 20, item 5): every template of allocation_corpus.yaml is refused
before it allocates — a template/* finding that says why, never MemoryError, never a render
that ran until its deadline while the value grew — in one real `ccm lint` run whose address
space is capped, so a bomb that gets through fails the test instead of the machine."""

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from conftest import copy_repo  # noqa: E402

CORPUS = yaml.safe_load((HERE / "allocation_corpus.yaml").read_text("utf-8"))
BODY = 'body: "Power is back on in your area. Thank you for your patience."'


def _limit_memory():  # 1.5 GiB: any of the bombs, built, needs more
    resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024**2, 1536 * 1024**2))


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = copy_repo("minimal", tmp_path_factory.mktemp("alloc"))
    source = (root / "comms/billing/outage.yaml").read_text("utf-8")
    folder = root / "comms" / "bombs"
    folder.mkdir()
    for case in CORPUS:
        text = source.replace("billing.outage", f"bombs.{case['name']}").replace(BODY, "body: " + json.dumps(case["template"]))
        (folder / f"{case['name']}.yaml").write_text(text, "utf-8")
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "ccm_cli.cli", "lint", "--no-cache", "--format", "json"], cwd=root,
                         env={**os.environ, "NO_COLOR": "1"}, capture_output=True, text=True, timeout=300, preexec_fn=_limit_memory)
    return run, time.monotonic() - started


def test_the_run_ends_with_findings_and_no_traceback(report):
    run, seconds = report
    assert run.returncode == 1, run.stderr[-2000:]
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    assert seconds < 60, f"{seconds:.0f} s: some bomb ran instead of being refused"


@pytest.mark.parametrize("case", CORPUS, ids=[c["name"] for c in CORPUS])
def test_every_bomb_is_refused_before_it_allocates(report, case):
    run, _ = report
    mine = [f for f in json.loads(run.stdout)["findings"] if f["comm"] == f"bombs.{case['name']}" and f["rule"].startswith("template/")]
    assert {f["rule"] for f in mine} & set(case["expect"]), f"{case['name']}: got {[(f['rule'], f['message']) for f in mine]}"
    for finding in mine:
        assert "MemoryError" not in finding["message"], f"{case['name']} allocated: {finding['message']}"
        assert "took longer" not in finding["message"], f"{case['name']} ran until its deadline: {finding['message']}"
