"""Work in forked processes that inherit the caller's memory (the loaded project).

Forking shares what the parent has loaded for free: nothing is pickled on the way in, and a
task may be any function, a closure too. Where the platform has no fork (Windows), callers
do the work in their own process.
"""

from __future__ import annotations

import gc
from typing import Callable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_TASK: list[Callable] = []  # the running task, inherited by the forked workers


def fork_imap(task: Callable[[T], R], chunks: list[T], jobs: int) -> Iterator[R] | None:
    """``task(chunk)`` for every chunk in ``jobs`` forked processes, yielding results as they
    finish (in any order: a result names what it is about); None where fork is unavailable.
    The results travel back pickled."""
    import multiprocessing

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        return None
    return _run(context, task, chunks, jobs)


def _run(context, task: Callable, chunks: list, jobs: int) -> Iterator:
    _TASK[:] = [task]
    # what the parent holds is the workers' too: keep the garbage collector off it (it would
    # scan, and so copy, every inherited page in each worker); what a caller froze stays frozen
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        with context.Pool(jobs) as pool:
            yield from pool.imap_unordered(_call, chunks)
    finally:
        if not frozen_before:
            gc.unfreeze()
        _TASK.clear()


def _call(chunk):
    return _TASK[0](chunk)
