"""Progress bars for long runs, shown only to a person watching a terminal.

``progress(items, total, label, enabled)`` yields the items unchanged. It draws a rich
progress bar on standard error only when ``enabled`` (the caller passes ``not quiet``),
standard error is a terminal, ``TERM`` is not ``dumb`` and no CI variable is set. Otherwise
it is a plain pass-through: nothing is printed in CI, in pipes, in tests or with ``--quiet``,
so machine-readable output on standard output is never disturbed.

    for comm in progress(project.comms, len(project.comms), "Linting", enabled=not quiet, unit="comms"):
        ...

The bar counts what the person cares about, named by ``unit`` ("12/40 comms"): when the
items are batches (chunks of comms from worker processes), ``size(item)`` says how many units
one item completes and ``total`` counts units, not items.
"""

from __future__ import annotations

import os
import sys
from typing import Callable, Iterable, Iterator, Optional, TextIO, TypeVar

T = TypeVar("T")

# Set by GitHub Actions, GitLab CI, CircleCI, Travis, Buildkite, Jenkins, Azure Pipelines, TeamCity.
CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "JENKINS_URL", "TF_BUILD", "TEAMCITY_VERSION")
# Runs shorter than this many items finish before a bar is worth drawing.
MIN_ITEMS = 2


def should_show(enabled: bool = True, stream: Optional[TextIO] = None) -> bool:
    """True when a progress bar would help a person: enabled, a terminal, not CI, not dumb."""
    if not enabled:
        return False
    if any(_truthy(os.environ.get(name)) for name in CI_VARIABLES):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    stream = stream if stream is not None else sys.stderr
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


def progress(
    items: Iterable[T],
    total: Optional[int] = None,
    label: str = "Working",
    enabled: bool = True,
    stream: Optional[TextIO] = None,
    unit: str = "",
    size: Optional[Callable[[T], int]] = None,
) -> Iterator[T]:
    """Yield ``items``; draw a transient bar on ``stream`` (stderr) when :func:`should_show`.

    ``total`` and the count shown are in ``unit``s; each item completes ``size(item)`` of them
    (default: one)."""
    if total is None:
        try:
            total = len(items)  # type: ignore[arg-type]
        except TypeError:
            total = None
    if not should_show(enabled, stream) or (total is not None and total < MIN_ITEMS):
        yield from items
        return

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=stream if stream is not None else sys.stderr)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn(unit), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        for item in items:
            yield item
            bar.advance(task, size(item) if size is not None else 1)


def _truthy(value: Optional[str]) -> bool:
    return value is not None and value.strip().lower() not in ("", "0", "false", "no")
