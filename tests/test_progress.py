"""ccm_cli.progress: a bar for a person at a terminal, nothing at all anywhere else."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys

import pytest

from conftest import copy_repo
from ccm_cli.progress import CI_VARIABLES, progress, should_show


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def no_ci(monkeypatch):
    for name in CI_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


def test_items_pass_through_unchanged_everywhere(no_ci):
    for stream in (io.StringIO(), Terminal()):
        for enabled in (True, False):
            assert list(progress(iter(range(5)), 5, "Linting", enabled, stream)) == [0, 1, 2, 3, 4]


def test_silent_when_not_a_terminal(no_ci):
    stream = io.StringIO()
    assert not should_show(True, stream)
    list(progress(range(10), label="Linting", stream=stream))
    assert stream.getvalue() == ""


def test_silent_with_quiet(no_ci):
    stream = Terminal()
    assert not should_show(False, stream)
    list(progress(range(10), label="Linting", enabled=False, stream=stream))
    assert stream.getvalue() == ""


@pytest.mark.parametrize("name, value", [("CI", "true"), ("GITHUB_ACTIONS", "true"), ("CI", "1"), ("GITLAB_CI", "yes")])
def test_silent_in_ci(no_ci, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    stream = Terminal()
    assert not should_show(True, stream)
    list(progress(range(10), stream=stream))
    assert stream.getvalue() == ""


def test_ci_false_and_dumb_terminal(no_ci, monkeypatch):
    monkeypatch.setenv("CI", "false")
    assert should_show(True, Terminal())
    monkeypatch.setenv("TERM", "dumb")
    assert not should_show(True, Terminal())


def test_draws_on_a_terminal(no_ci):
    stream = Terminal()
    assert should_show(True, stream)
    assert list(progress(range(3), 3, "Linting", True, stream)) == [0, 1, 2]
    assert stream.getvalue() != ""


def test_unsized_iterables_and_closed_streams(no_ci):
    assert list(progress((i for i in range(3)), label="x", stream=Terminal())) == [0, 1, 2]
    closed = io.StringIO()
    closed.close()
    assert not should_show(True, closed)


def test_counts_units_and_names_them(no_ci):
    """Items that are batches (worker chunks) advance the bar by their size: the count shown
    is of comms, and says so."""
    stream = Terminal()
    chunks = [["a", "b"], ["c", "d", "e"]]
    assert list(progress(iter(chunks), 5, "Linting", True, stream, unit="comms", size=len)) == chunks
    drawn = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", stream.getvalue())
    assert "5/5 comms" in drawn and "/2" not in drawn


def test_lint_in_workers_counts_comms_not_chunks(tmp_path, monkeypatch):
    """`ccm lint --jobs 2` at a terminal: 40 comms travel back from the workers in chunks of
    two, and the bar counts the 40 comms."""
    root = copy_repo("minimal", tmp_path)
    (root / "comms/gen").mkdir()
    outage = (root / "comms/billing/outage.yaml").read_text("utf-8")
    for i in range(38):  # 40 comms with the two of the repository
        (root / f"comms/gen/c{i}.yaml").write_text(outage.replace("id: billing.outage", f"id: gen.c{i}"), "utf-8")
    env = {k: v for k, v in os.environ.items() if k not in CI_VARIABLES}
    env.update(TERM="xterm-256color", COLUMNS="120")
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "ccm_cli.cli", "lint", "--no-cache", "--jobs", "2"], cwd=root, env=env,
                            stdout=subprocess.DEVNULL, stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    seen = bytearray()
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the run is over
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert proc.wait(timeout=60) in (0, 1)
    drawn = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", seen.decode("utf-8", "replace"))
    assert "/40 comms" in drawn, drawn[-500:]
