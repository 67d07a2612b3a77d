"""A publish killed with SIGKILL at any step leaves the previous release current and intact;
two publishes to one target never interleave."""

from __future__ import annotations

import json
import shutil
import signal

import pytest

from conftest import edit
from test_publish_support import ccm, commit, current_id, git_repo, spawn, wait_paused

R = "comms/billing/payment-reminder.yaml"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    root = git_repo(tmp_path_factory.mktemp("crash"))
    assert ccm("publish", cwd=root).returncode == 0
    edit(root / R, "Please pay in the", "Pay in the")
    commit(root)
    return root


@pytest.fixture
def published(template, tmp_path):
    """A repository with release 1 published and a committed change waiting to become release 2."""
    root = tmp_path / "repo"
    shutil.copytree(template, root, symlinks=True)
    return root


def assert_intact(target, release_id):
    from ccm_cli.runtime import load_dir

    release = load_dir(target)  # follows `current`; checks every artifact's sha256
    assert release.id == release_id
    assert release.render("billing.payment-reminder", "en-US", "sms", _sample(), validate=True)["body"]


def _sample():
    return {"customer": {"first_name": "Ana", "last_name": "山田"}, "invoice": {"amount": 142, "due_date": "2026-03-06"}}


@pytest.mark.parametrize("step", ["locked", "writing", "written", "stored", "switched"])
def test_kill_9_at_any_step_leaves_the_previous_release_current(published, step):
    target = published / "dist" / "releases"
    old = current_id(target)
    process = spawn("publish", cwd=published, env={"CCM_TEST_PAUSE_AT": step})
    wait_paused(process, step)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    if step == "switched":  # the switch happened; the new release is complete and current
        assert current_id(target) != old
        assert_intact(target, current_id(target))
    else:
        assert current_id(target) == old
        assert_intact(target, old)

    rerun = ccm("publish", cwd=published)
    assert rerun.returncode == 0, rerun.stderr
    new = current_id(target)
    assert new != old
    assert_intact(target, new)
    leftovers = [p.name for p in target.iterdir() if p.name.startswith(".tmp-") or p.name.startswith(".current.tmp")]
    assert leftovers == []
    events = [json.loads(line) for line in (target / "history.jsonl").read_text().splitlines()]
    assert events[-1]["release_id"] == new
    if step == "switched":
        assert events[-1]["action"] == "recovered"


def test_a_second_publish_waits_then_fails_cleanly_while_the_lock_is_held(published):
    target = published / "dist" / "releases"
    old = current_id(target)
    holder = spawn("publish", cwd=published, env={"CCM_TEST_PAUSE_AT": "locked"})
    try:
        wait_paused(holder, "locked")
        blocked = ccm("publish", "--lock-timeout", "0.5", cwd=published)
        assert blocked.returncode == 1
        assert "another publish holds the lock" in blocked.stderr
        assert "Traceback" not in blocked.stderr
        assert current_id(target) == old
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    assert ccm("publish", cwd=published).returncode == 0  # the kernel released the dead holder's lock


def test_concurrent_publishes_serialize(published):
    target = published / "dist" / "releases"
    first = spawn("publish", cwd=published, env={"CCM_TEST_PAUSE_AT": "written", "CCM_TEST_PAUSE_SECONDS": "2"})
    wait_paused(first, "written")
    second = ccm("publish", "--lock-timeout", "60", cwd=published)  # waits for the first
    out, err = first.communicate(timeout=60)
    assert first.returncode == 0, err
    assert second.returncode == 0, second.stderr
    assert second.stdout.startswith("No changes."), "the second saw the first's completed release"
    events = [json.loads(line) for line in (target / "history.jsonl").read_text().splitlines()]
    assert [e["action"] for e in events] == ["publish", "publish"]
    assert_intact(target, current_id(target))
