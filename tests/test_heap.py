"""ccm_cli.heap: the collector is paused while long-lived data is built, then that data is frozen."""

import gc

import pytest

from ccm_cli import heap
from ccm_cli.heap import long_lived


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
