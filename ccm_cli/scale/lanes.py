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


def fork_imap(task: Callable[[T], R], chunks: list[T], jobs: int) -> Iterator[R] | None:
    """``task(chunk)`` for every chunk in ``jobs`` forked processes, yielding results as they
    finish (in any order: a result names what it is about); None where fork is unavailable.
    The results travel back pickled.

    Each worker starts on a lane of its own, a contiguous share of ``chunks`` taken from the
    front, and when its lane is empty takes chunks from the back of the fullest other lane.
    Neighbouring chunks share work (the comms of one folder share snippets, clauses and copy:
    templates a worker compiled and texts it judged), so keeping them in one worker saves it,
    while stealing keeps the workers finishing together."""
    import multiprocessing

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        return None
    return _run(context, task, chunks, jobs)


def lanes(count: int, jobs: int) -> list[int]:
    """[front, back, front, back, …]: ``count`` chunk indexes cut into ``jobs`` contiguous lanes."""
    bounds: list[int] = []
    for lane in range(jobs):
        bounds += [count * lane // jobs, count * (lane + 1) // jobs]
    return bounds


def claim(bounds, lane: int) -> int | None:
    """The next chunk index for the worker of ``lane``: the front of its own lane, else the back
    of the lane with the most left; None when every lane is empty. Updates ``bounds``."""
    front, back = bounds[2 * lane], bounds[2 * lane + 1]
    if front < back:
        bounds[2 * lane] = front + 1
        return front
    fullest = max(range(len(bounds) // 2), key=lambda other: bounds[2 * other + 1] - bounds[2 * other])
    if bounds[2 * fullest + 1] <= bounds[2 * fullest]:
        return None
    bounds[2 * fullest + 1] -= 1
    return bounds[2 * fullest + 1]


# what the workers inherit: the task, the chunks, the lanes' bounds (shared), the lock over
# them, the counter that numbers the workers; and, per worker, its lane
_SHARED: dict = {}
_LANE: list[int] = [0]


def _run(context, task: Callable, chunks: list, jobs: int) -> Iterator:
    _SHARED.update(task=task, chunks=chunks, jobs=jobs, lock=context.Lock(), workers=context.Value("i", 0, lock=False),
                   bounds=context.Array("q", lanes(len(chunks), jobs), lock=False))
    # what the parent holds is the workers' too: keep the garbage collector off it (it would
    # scan, and so copy, every inherited page in each worker); what a caller froze stays frozen
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        with context.Pool(jobs, initializer=_enter_lane) as pool:
            # one ticket per chunk: each worker claims the chunk a ticket stands for when it runs it
            yield from pool.imap_unordered(_run_ticket, range(len(chunks)))
    finally:
        if not frozen_before:
            gc.unfreeze()
        _SHARED.clear()


def _enter_lane() -> None:
    with _SHARED["lock"]:
        workers = _SHARED["workers"]
        _LANE[0] = workers.value % _SHARED["jobs"]
        workers.value += 1


def _run_ticket(_ticket: int):
    with _SHARED["lock"]:
        index = claim(_SHARED["bounds"], _LANE[0])
    if index is None:  # cannot happen: as many tickets as chunks, each claims one
        raise RuntimeError("fork_imap: a ticket found no chunk left")
    return _SHARED["task"](_SHARED["chunks"][index])
