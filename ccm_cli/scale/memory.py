"""How ccm treats Python's cyclic garbage collector around its big, long-lived data.

A loaded project of 10,000 comms is millions of small objects (parsed YAML, templates, cached
findings) that live until ccm exits and hold no reference cycles. The collector would scan
them again and again while they are built (a third of the load time) and at every later full
collection; a forked worker that scans them also copies every page it touches.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


IN_CLI = False  # set by ccm_cli.cli when this process is the ccm command itself


@contextmanager
def long_lived() -> Iterator[None]:
    """Build long-lived data with the collector paused, then freeze what exists (moved out of
    the collector's generations, still freed by reference counting). Only in the ccm
    command's own process (:data:`IN_CLI`): a library caller or a test run that builds many
    projects would keep every frozen cycle forever."""
    if not IN_CLI:
        yield
        return
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
