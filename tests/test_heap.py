"""ccm_cli.scale.memory: the collector is paused while long-lived data is built, then that data is frozen."""

import gc

import pytest

from ccm_cli.scale import memory as heap
from ccm_cli.scale.memory import long_lived


@pytest.fixture
def in_cli(monkeypatch):
    monkeypatch.setattr(heap, "IN_CLI", True)


def test_long_lived_does_nothing_outside_the_ccm_command():
    """A library caller (or this test run) keeps its collector and never freezes."""
    assert not heap.IN_CLI
    with long_lived():
        assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_long_lived_pauses_the_collector_then_freezes_what_was_built(in_cli):
    assert gc.isenabled()
    try:
        with long_lived():
            assert not gc.isenabled()
            built = [{"comm": i} for i in range(1000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(built)
    finally:
        gc.unfreeze()


def test_long_lived_leaves_a_disabled_collector_disabled(in_cli):
    gc.disable()
    try:
        with long_lived():
            pass
        assert not gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_long_lived_restores_the_collector_when_loading_fails(in_cli):
    try:
        with long_lived():
            raise ValueError("bad file")
    except ValueError:
        pass
    finally:
        gc.unfreeze()
    assert gc.isenabled()


def test_judging_a_comm_leaves_no_reference_cycles_of_prose(tmp_path):
    """Reference counting frees what judging a comm builds (prose, tokenised Japanese
    documents, their views): a cycle among them would leave thousands of objects per comm
    to the garbage collector, which a 10,000-comm run then scans and holds in memory."""
    from conftest import REPOS
    from ccm_cli.linter import lint
    from ccm_cli.project import load_project
    from ccm_cli.text_rules import _prose_of

    project = load_project(REPOS / "brand")
    lint(project, jobs=1)  # warm every lazy import and module cache first
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        lint(project, jobs=1)
        _prose_of.cache_clear()  # what the run kept shared is dropped, as a long run evicts it
        gc.collect()
        kinds = {type(o).__name__ for o in gc.garbage}
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert not kinds & {"Prose", "JaDocument", "Block", "Segment", "Sentence", "ReaderView"}
