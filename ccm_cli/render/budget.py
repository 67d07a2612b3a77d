"""How much rendering may cost: the limits of ``limits:`` in ccm.yaml, capped, and the
run-wide clock that every render of a run — in every forked worker — draws from.

Four budgets, each with a built-in default and a hard maximum that ``limits:`` cannot exceed
(the content under review may edit ccm.yaml; raising a limit at all is reported by
``template/loosened-limit``):

=====================  =========  =======  ==============================================
key                    default    maximum  bounds
=====================  =========  =======  ==============================================
render_seconds         2          10       one render of one template
output_chars           200,000    1M       the text one template may build
comm_render_seconds    10         60       every compile and render of one comm
run_render_seconds     300        900      every compile and render of the run, all workers
=====================  =========  =======  ==============================================

A comm past its budget has its remaining renders skipped (one ``template/resource-limit``
finding says so); once the run's budget is spent every remaining render is skipped. The run
total lives in shared memory once :meth:`RenderBudget.share` has been called, so the forked
workers of ``--jobs N`` draw from one budget, not N.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any, NamedTuple

DEFAULTS: dict[str, float] = {"render_seconds": 2.0, "output_chars": 200_000, "comm_render_seconds": 10.0, "run_render_seconds": 300.0}
MAXIMA: dict[str, float] = {"render_seconds": 10.0, "output_chars": 1_000_000, "comm_render_seconds": 60.0, "run_render_seconds": 900.0}
INTEGER_KEYS = frozenset({"output_chars"})


def _number(value: Any) -> float | None:
    """A positive number from YAML, or None (a bool, a string, zero, NaN: the default applies;
    the schema reports the value)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value if value > 0 else None


def _block(config: Any) -> dict:
    block = config.get("limits") if isinstance(config, dict) else None
    return block if isinstance(block, dict) else {}


@dataclass(frozen=True)
class Limits:
    """The budgets of a project (``limits:`` in ccm.yaml; a value above the hard maximum is
    capped at it, a bad value falls back to the default)."""

    render_seconds: float = DEFAULTS["render_seconds"]
    output_chars: int = int(DEFAULTS["output_chars"])
    comm_render_seconds: float = DEFAULTS["comm_render_seconds"]
    run_render_seconds: float = DEFAULTS["run_render_seconds"]

    @classmethod
    def from_config(cls, config: Any) -> "Limits":
        block = _block(config)
        values = {}
        for key, default in DEFAULTS.items():
            asked = _number(block.get(key))
            value = default if asked is None else min(asked, MAXIMA[key])
            values[key] = int(value) if key in INTEGER_KEYS else float(value)
        return cls(**values)


class Loosened(NamedTuple):
    """A limit ccm.yaml raises above its default: what it asks, the default, what applies."""

    key: str
    asked: Any
    default: float
    applied: float


def loosened(config: Any) -> list[Loosened]:
    """Every limit of ``limits:`` set above its built-in default."""
    found = []
    applied = Limits.from_config(config)
    block = _block(config)
    for key, default in DEFAULTS.items():
        asked = _number(block.get(key))
        if asked is not None and asked > default:
            found.append(Loosened(key, block[key], default, getattr(applied, key)))
    return found


class RenderBudget:
    """The render time a run may still spend, in total and per comm.

    ``charge`` adds the seconds a compile or a render took; ``deadline`` is the latest moment
    a render starting now may run to (its own limit, or what is left of its comm's or the
    run's budget, whichever ends first). The per-comm totals are kept by each process (a comm
    is rendered in one worker); the run total is shared with forked workers after
    :meth:`share`. Each process adds to it in steps of at most :attr:`FLUSH` seconds, so the
    lock is taken rarely and the other workers' unflushed time is all the total can miss.
    """

    FLUSH = 0.05

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._comms: dict[str, float] = {}
        self._spent = 0.0  # run total seen by this process (not shared) / its unflushed part (shared)
        self._exhausted = False
        self._shared = None  # multiprocessing Array('d', [spent, exhausted]) after share()
        self._lock = None

    # -- sharing with forked workers
    def share(self) -> None:
        """Move the run total into shared memory, so processes forked from now on draw from it."""
        if self._shared is not None:
            return
        import multiprocessing

        try:
            context = multiprocessing.get_context("fork")
        except ValueError:  # no fork (Windows): the work stays in this process
            return
        self._lock = context.Lock()
        self._shared = context.RawArray("d", [self._spent, 1.0 if self._exhausted else 0.0])
        self._spent = 0.0

    def _flush(self) -> None:
        if self._shared is not None and self._spent:
            with self._lock:
                self._shared[0] += self._spent
            self._spent = 0.0

    # -- spending
    def spent(self) -> float:
        """Render seconds the run has spent (every process, up to their unflushed part)."""
        return self._spent + (self._shared[0] if self._shared is not None else 0.0)

    def charge(self, comm_id: str | None, seconds: float) -> None:
        if comm_id is not None:
            self._comms[comm_id] = self._comms.get(comm_id, 0.0) + seconds
        self._spent += seconds
        if self._shared is not None and self._spent >= self.FLUSH:
            self._flush()

    def comm_left(self, comm_id: str | None) -> float:
        if comm_id is None:
            return math.inf
        return self.limits.comm_render_seconds - self._comms.get(comm_id, 0.0)

    def run_left(self) -> float:
        return self.limits.run_render_seconds - self.spent()

    def spent_by(self, comm_id: str | None) -> str | None:
        """Which budget a render of ``comm_id`` would overrun if it started now: ``"run"``,
        ``"comm"`` or None (it may start)."""
        deadline, reason = self.window(comm_id, 0.0)
        return reason if deadline <= 0.0 else None

    def window(self, comm_id: str | None, start: float) -> tuple[float, str]:
        """(the monotonic time a render starting at ``start`` must end by, which limit sets
        it: ``"render"``, ``"comm"`` or ``"run"``). A deadline at ``start`` or before: that
        budget is spent, the render must not start (a spent run budget is remembered)."""
        limits = self.limits
        allowed, reason = limits.render_seconds, "render"
        if comm_id is not None:
            comm = limits.comm_render_seconds - self._comms.get(comm_id, 0.0)
            if comm < allowed:
                allowed, reason = comm, "comm"
        run = limits.run_render_seconds - self._spent - (self._shared[0] if self._shared is not None else 0.0)
        if run < allowed:
            allowed, reason = run, "run"
            if run <= 0:
                self.mark_exhausted()
        return start + allowed, reason

    def deadline(self, comm_id: str | None, start: float | None = None) -> tuple[float, str]:
        """:meth:`window` of a render starting at ``start`` (default: now)."""
        return self.window(comm_id, time.monotonic() if start is None else start)

    # -- the run's verdict
    def mark_exhausted(self) -> None:
        """The run budget is spent: say so to every process (and to the parent after the run)."""
        self._exhausted = True
        if self._shared is not None:
            self._flush()
            self._shared[1] = 1.0

    @property
    def exhausted(self) -> bool:
        """True once any process of the run found the run budget spent (renders were skipped:
        results that depend on it must not be cached)."""
        if self._shared is not None:
            return self._shared[1] > 0 or self._exhausted
        return self._exhausted


def explain(reason: str, limits: Limits) -> str:
    """The message of a render stopped or skipped by ``reason`` (see :meth:`RenderBudget.deadline`)."""
    if reason == "comm":
        return (f"the comm has used its render budget (limits.comm_render_seconds: {limits.comm_render_seconds:g} s); "
                "its remaining renders are skipped")
    if reason == "run":
        return (f"the run has used its render budget (limits.run_render_seconds: {limits.run_render_seconds:g} s); "
                "this comm's renders are skipped")
    return f"rendering took longer than the render_seconds limit ({limits.render_seconds:g} s)"
