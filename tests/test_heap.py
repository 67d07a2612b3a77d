"""ccm_cli.heap: the collector is paused while long-lived data is built, then that data is frozen."""

import gc

from ccm_cli.heap import long_lived


def test_long_lived_pauses_the_collector_then_freezes_what_was_built():
    assert gc.isenabled()
    try:
        with long_lived():
            assert not gc.isenabled()
            built = [{"comm": i} for i in range(1000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(built)
    finally:
        gc.unfreeze()


def test_long_lived_leaves_a_disabled_collector_disabled():
    gc.disable()
    try:
        with long_lived():
            pass
        assert not gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_long_lived_restores_the_collector_when_loading_fails():
    try:
        with long_lived():
            raise ValueError("bad file")
    except ValueError:
        pass
    finally:
        gc.unfreeze()
    assert gc.isenabled()
