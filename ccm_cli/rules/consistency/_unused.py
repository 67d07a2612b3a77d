"""What the consistency/unused-* rules share: each comm's uses (:mod:`ccm_cli.reuse.uses`,
computed once per comm and run whichever rule asks first; each rule stores the part it judges
as its digest) and the content nothing uses (:func:`ccm_cli.reuse.inventory.tally`, the
computation ``ccm report reuse`` shows)."""

from __future__ import annotations

from ...reuse.inventory import Item, tally
from ...reuse.uses import comm_uses, part


def digest(comm, ctx, kind: str) -> dict:
    key = ("reuse-uses", comm.id, id(comm))
    if key not in ctx.memo:
        ctx.memo[key] = comm_uses(comm, ctx.project, ctx.renderer)
    return part(ctx.memo[key], kind)


def unused(project, ctx, rule, kind: str) -> list[Item]:
    """The content of ``kind`` that nothing uses (none when a computed name may use any)."""
    records = {comm.id: ctx.digest(rule, comm) for comm in project.comms}
    return tally(project, records, ctx.renderer).unused(kind)
