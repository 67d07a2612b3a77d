"""Rendering budgets bound the whole run, and content cannot loosen them unseen (issue 20,
item 5).

Before: the only budget was 2 s per render, so 3 comms × 30 samples × 2 fields of a template
that loops forever took 3 minutes; `limits:` in ccm.yaml — part of the pull request — could
raise it to an hour per render without a word. Now every compile and render of a comm draws
from `comm_render_seconds`, every one of the run (forked `--jobs` workers too) from
`run_render_seconds`, values above the defaults are reported at their line in ccm.yaml, and
values above the hard maxima are capped. The tests tighten the budgets (tightening is always
allowed) so that each run is over in seconds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_repo, edit

LOOP = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
TIGHT = "limits: {render_seconds: 0.2, comm_render_seconds: 0.6, run_render_seconds: 1.5}\n"


def ccm_lint(root: Path, *args: str, timeout: float = 60) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "ccm_cli.cli", "lint", "--format", "json", *args], cwd=root,
                         env={**os.environ, "NO_COLOR": "1"}, capture_output=True, text=True, timeout=timeout)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr[-2000:]
    return run, time.monotonic() - started


def findings(run: subprocess.CompletedProcess) -> list[dict]:
    return json.loads(run.stdout)["findings"]


def slow_comm(root: Path, name: str, samples: int = 30, body: str = LOOP) -> None:
    listed = "".join(f"  - name: s{i}\n    data: {{n: {i}}}\n" for i in range(samples))
    (root / "comms" / "billing" / f"{name}.yaml").write_text(
        f"id: slow.{name}\nname: Slow {name}\nowner: billing\ncategory: service\nkind: batch\n"
        f"variables:\n  n: {{type: integer}}\nsamples:\n{listed}content:\n  en-US:\n"
        f"    push:\n      title: \"Hello {{{{ n }}}}\"\n      body: {json.dumps(body)}\n"
        f"    sms:\n      body: {json.dumps(body)}\n", "utf-8")


@pytest.fixture
def slow_repo(tmp_path: Path) -> Path:
    root = copy_repo("minimal", tmp_path)
    (root / "ccm.yaml").write_text((root / "ccm.yaml").read_text("utf-8") + TIGHT, "utf-8")
    for name in ("a", "b", "c"):
        slow_comm(root, name)
    return root


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_run_budget_bounds_every_worker_together(slow_repo, jobs):
    """3 × 30 × 2 renders of 0.2 s each would take 36 s; the run may spend 1.5 s, summed over
    the workers, and each comm 0.6 s: each slow comm gets exactly one budget finding."""
    run, seconds = ccm_lint(slow_repo, "--no-cache", "--jobs", jobs)
    assert run.returncode == 1
    assert seconds < 12, f"the run took {seconds:.1f} s"
    budget = [f for f in findings(run) if "render budget" in f["message"]]
    per_comm = {}
    for finding in budget:
        per_comm.setdefault(finding["comm"], []).append(finding)
    assert {"slow.a", "slow.b", "slow.c"} <= set(per_comm)  # comms after them: skipped by the run's budget
    assert all(len(found) == 1 for found in per_comm.values()), per_comm
    assert all(f["rule"] == "template/resource-limit" and f["file"].startswith("comms/billing/") and f["line"] == 1 for f in budget)


def test_forked_workers_draw_from_one_run_budget(tmp_path):
    """With --jobs 2 the workers share the run's 2 s; they do not get 2 s each. Fourteen slow
    comms may spend 0.4 s each: one budget lets about five of them spend theirs before the
    run's is gone (the rest are skipped); a budget per worker would let about ten."""
    root = copy_repo("minimal", tmp_path)
    (root / "ccm.yaml").write_text((root / "ccm.yaml").read_text("utf-8")
                                   + "limits: {render_seconds: 0.2, comm_render_seconds: 0.4, run_render_seconds: 2}\n", "utf-8")
    for name in "abcdefghijklmn":
        slow_comm(root, name)
    run, _ = ccm_lint(root, "--no-cache", "--jobs", "2")
    spent = {f["comm"] for f in findings(run) if "comm has used its render budget" in f["message"]}
    skipped = {f["comm"] for f in findings(run) if "run has used its render budget" in f["message"]}
    assert len(spent) <= 6, (sorted(spent), sorted(skipped))
    assert {f"slow.{name}" for name in "abcdefghijklmn"} <= spent | skipped  # each one finding, none unreported


def test_a_comm_over_its_budget_has_its_remaining_renders_skipped(tmp_path):
    root = copy_repo("minimal", tmp_path)
    (root / "ccm.yaml").write_text((root / "ccm.yaml").read_text("utf-8") + "limits: {render_seconds: 0.2, comm_render_seconds: 0.5}\n", "utf-8")
    slow_comm(root, "a")
    run, seconds = ccm_lint(root, "--no-cache")
    assert seconds < 8, f"the run took {seconds:.1f} s"
    messages = [f["message"] for f in findings(run) if f["comm"] == "slow.a"]
    assert sum("comm has used its render budget" in m for m in messages) == 1, messages
    assert not [f for f in findings(run) if f["comm"] == "billing.reminder" and f["rule"] == "template/resource-limit"]


def test_renders_skipped_by_the_run_budget_are_not_cached(tmp_path):
    """A comm skipped because *another* comm spent the run's budget is reported as skipped;
    once that other comm is fixed, the skipped one is linted for real, not read from the cache."""
    root = copy_repo("minimal", tmp_path)
    (root / "ccm.yaml").write_text((root / "ccm.yaml").read_text("utf-8")
                                   + "limits: {render_seconds: 0.3, comm_render_seconds: 0.9, run_render_seconds: 0.6}\n", "utf-8")
    slow_comm(root, "a", samples=5)
    run, _ = ccm_lint(root)
    skipped = {f["comm"] for f in findings(run) if "run has used its render budget" in f["message"]}
    assert skipped, "the run budget was not reached"
    slow_comm(root, "a", samples=5, body="Fast now.")
    run, _ = ccm_lint(root)
    assert not [f for f in findings(run) if "render budget" in f["message"]], findings(run)


# ---------------------------------------------------------------- limits: in ccm.yaml
def test_raised_limits_are_reported_at_their_line_and_capped(tmp_path):
    root = copy_repo("minimal", tmp_path)
    (root / "ccm.yaml").write_text((root / "ccm.yaml").read_text("utf-8")
                                   + "limits:\n  render_seconds: 3600\n  output_chars: 100000000\n  comm_render_seconds: 5\n", "utf-8")
    edit(root / "comms/billing/outage.yaml", 'body: "Power is back on in your area. Thank you for your patience."',
         "body: \"{{ 'x' * 1500000 }}\"")
    run, _ = ccm_lint(root, "--no-cache")
    loosened = {f["excerpt"].split(":")[0]: f for f in findings(run) if f["rule"] == "template/loosened-limit"}
    assert set(loosened) == {"render_seconds", "output_chars"}  # 5 s per comm tightens the default
    lines = (root / "ccm.yaml").read_text("utf-8").splitlines()
    for key, finding in loosened.items():
        assert finding["file"] == "ccm.yaml" and finding["severity"] == "warning"
        assert lines[finding["line"] - 1].strip().startswith(key), finding
        assert "capped at the hard maximum" in finding["message"]
    # 100,000,000 characters asked, 1,000,000 applied: 1.5 million characters are refused
    capped = [f for f in findings(run) if f["comm"] == "billing.outage" and f["rule"] == "template/resource-limit"]
    assert capped and "1,000,000" in capped[0]["message"]


def test_tightened_limits_are_not_reported(tmp_path):
    root = copy_repo("minimal", tmp_path)
    (root / "ccm.yaml").write_text((root / "ccm.yaml").read_text("utf-8") + "limits: {render_seconds: 1, output_chars: 50000}\n", "utf-8")
    run, _ = ccm_lint(root, "--no-cache")
    assert not [f for f in findings(run) if f["rule"] == "template/loosened-limit"]


@pytest.mark.parametrize("value", [".inf", "1e400", "true", "'10'", "-3", ".nan", "0"])
def test_odd_limit_values_never_crash_and_never_loosen_past_the_maxima(tmp_path, value):
    import yaml

    from ccm_cli.render.budget import MAXIMA, Limits

    root = copy_repo("minimal", tmp_path)
    (root / "ccm.yaml").write_text((root / "ccm.yaml").read_text("utf-8") + f"limits: {{render_seconds: {value}}}\n", "utf-8")
    run, _ = ccm_lint(root, "--no-cache")
    assert run.returncode in (0, 1), run.stderr[-1000:]
    applied = Limits.from_config(yaml.safe_load((root / "ccm.yaml").read_text("utf-8")))
    assert 0 < applied.render_seconds <= MAXIMA["render_seconds"]


def test_a_5000_digit_limit_is_capped_and_reported_without_converting_it_to_text():
    """(ccm.yaml with such a number is refused by the YAML loader today; the limits and the
    rule must not depend on that.)"""
    from ccm_cli.render.budget import MAXIMA, Limits, loosened
    from ccm_cli.rules.template.loosened_limit import _show

    config = {"limits": {"output_chars": 10**5000, "run_render_seconds": 10**5000}}
    applied = Limits.from_config(config)
    assert (applied.output_chars, applied.run_render_seconds) == (MAXIMA["output_chars"], MAXIMA["run_render_seconds"])
    assert [entry.key for entry in loosened(config)] == ["output_chars", "run_render_seconds"]
    assert _show(10**5000) == "a 5,001-digit number"
