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
        ctx.memo[key] = comm_uses(comm, ctx.project, ctx.renderer.direct_usage)  # cached where the comm was rendered
    return part(ctx.memo[key], kind)


def unused(project, ctx, rule, kind: str) -> list[Item]:
    """The content of ``kind`` that nothing uses (none when a computed name may use any)."""
    records, seen = [], set()
    for comm in project.comms:  # a second comm with an id already seen shares its stored digest's key: computed anew
        records.append((comm.id, ctx.digest(rule, comm) if comm.id not in seen else rule.digest(comm, ctx)))
        seen.add(comm.id)
    return tally(project, records, ctx.renderer).unused(kind)
