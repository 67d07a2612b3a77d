"""How the engine's work is spread: in this process, or in forked worker processes.

The engine hands an executor a task and the items to run it on; the task never knows where it
runs (flake8's ``checker.Manager``: ``run_serial`` / ``run_parallel``)::

    for part in executor.map(task, items, here=ctx, worker=new_context, shared=(budget,)):
        ...  # part: [task(state, item) for the items of one chunk], chunks in any order

``task(state, item)`` gets a state: ``here`` in this process, else what ``worker()`` built once
in each worker process. What must be shared by every process (the run's render budget) is
moved to shared memory (``thing.share()``) before the first fork.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, TypeVar

from .lanes import fork_imap

T = TypeVar("T")
R = TypeVar("R")
Task = Callable[[Any, T], R]


class Serial:
    """Every item in this process, one after another (one item per part)."""

    parallel = False

    def map(self, task: Task, items: list[T], here: Any, worker: Callable[[], Any] | None = None,
            shared: Iterable[Any] = ()) -> Iterator[list[R]]:
        for item in items:
            yield [task(here, item)]


class Forked:
    """Items in ``jobs`` forked processes that inherit the caller's memory (the loaded project):
    nothing is pickled on the way in, the results travel back pickled. Small chunks, so the
    workers finish together; each worker keeps to a lane of neighbouring chunks
    (:func:`.lanes.fork_imap`). Fewer than two items per worker, or no fork (Windows): this
    process does the work, as :class:`Serial` does."""

    parallel = True

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs

    def map(self, task: Task, items: list[T], here: Any, worker: Callable[[], Any] | None = None,
            shared: Iterable[Any] = ()) -> Iterator[list[R]]:
        if len(items) < 2 * self.jobs or worker is None:
            return Serial().map(task, items, here)
        size = max(1, min(200, len(items) // (self.jobs * 8)))  # small chunks: the workers finish together
        chunks = [items[i : i + size] for i in range(0, len(items), size)]
        for thing in shared:
            thing.share()  # the workers draw from one of it, not one each
        state: dict[str, Any] = {}

        def work(chunk: list[T]) -> list[R]:
            if "state" not in state:
                state["state"] = worker()
            return [task(state["state"], item) for item in chunk]

        parts = fork_imap(work, chunks, self.jobs)
        return Serial().map(task, items, here) if parts is None else parts


def for_jobs(jobs: int) -> Serial | Forked:
    """The executor of ``--jobs N``."""
    return Forked(jobs) if jobs > 1 else Serial()
