"""A clause's `effective` / `expires` dates against the lint date (`--today`)."""

from __future__ import annotations

from ...policy import lifecycle
from ...policy.schedule import parse_date


def effective(clause):
    return parse_date(clause.data.get("effective"))


def expires(clause):
    return parse_date(clause.data.get("expires"))


def in_force(clause, today) -> bool:
    start, end = effective(clause), expires(clause)
    return (start is None or start <= today) and (end is None or end >= today)


def in_force_key(project, today) -> str:
    """What the lint date means to the clause rules' findings: for each clause, whether it is
    effective and whether it has not expired on ``today``, and which comms no longer send
    (ended or retired: the clause rules skip them) — their ``today_key``: a result stored on
    another day stays right until a clause comes into force or expires, or a comm ends."""
    states = [lifecycle.key(project, today)]
    for clause_id in sorted(project.clauses):
        start, end = effective(project.clauses[clause_id]), expires(project.clauses[clause_id])
        states.append(f"{clause_id}:{start is None or start <= today:d}{end is None or end >= today:d}")
    return "\n".join(states)


def users(ctx, clause_id: str):
    """(comm, template field) for every field of every comm still sending (not ended, not
    retired: see policy/lifecycle.py) that inserts the clause."""
    for comm in ctx.project.comms:
        if clause_id not in ctx.comm_usage(comm).clauses or not lifecycle.sending(comm, ctx.today):
            continue
        for tfield in comm.fields:
            if clause_id in ctx.usage(tfield).clauses:
                yield comm, tfield
