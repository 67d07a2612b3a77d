"""ccm_cli.progress: a bar for a person at a terminal, nothing at all anywhere else."""

from __future__ import annotations

import io

import pytest

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
