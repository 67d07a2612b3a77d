"""Two comms whose email subject line reads the same, to customers who can get both.

What it checks: the `subject` template of every comm's email channel, per locale (whitespace
collapsed, case and width folded: `Your  bill is READY` is `your bill is ready`). Two comms with
the same subject in one locale are reported — each naming the other and its owner — unless
their audiences cannot share a customer (one excludes the other's segment, or
policies/audience.yaml declares their segments disjoint). A subject that is only a variable
(`{{ campaign.subject }}`) is left out: what it reads is not in the repository.
Why: the inbox shows the subject before anything else. Two different messages under one
subject look like a duplicate send (customers delete the second — it was the disconnection
notice, not the bill), support cannot tell from a customer's screenshot which comm they got,
and mail clients that thread by subject (Gmail, Apple Mail) file the second under the first.
Bad:
    # billing.invoice-ready:    subject: "Your Kumo bill is ready"
    # billing.final-bill:       subject: "Your Kumo bill is ready"
Good:
    # billing.final-bill:       subject: "Your final Kumo bill is ready"
"""

from __future__ import annotations

import re
import sys
import unicodedata

from ...policy.audience import of as audience_of
from ...policy.vocabularies import audience_vocabulary
from ..base import at_doc, at_field, make

ID = "consistency/same-subject"
CATEGORY = "consistency"
SEVERITY = "warning"
SCOPE = "project"

_SPACE = re.compile(r"\s+")
_ONLY_A_VARIABLE = re.compile(r"\{\{[^{}]*\}\}")


def _subject(source: str) -> str | None:
    """The subject as it is compared, or None when nothing of it is written in the repository."""
    text = _SPACE.sub(" ", unicodedata.normalize("NFKC", source)).strip().casefold()
    return text if _ONLY_A_VARIABLE.sub("", text).strip() else None


def digest(comm, ctx) -> dict:
    """What this rule sees of a comm: its email subject per locale (from the template, so
    nothing is rendered)."""
    found = {}
    for tfield in comm.fields:
        if tfield.channel == "email" and tfield.name == "subject":
            subject = _subject(tfield.source)
            if subject is not None:
                found.setdefault(tfield.locale, subject)
    return found


def check(project, ctx):
    module = sys.modules[__name__]
    by_subject: dict[tuple[str, str], list] = {}
    for comm in project.comms:
        for locale, subject in sorted(ctx.digest(module, comm).items()):
            by_subject.setdefault((locale, subject), []).append(comm)
    vocabulary = audience_vocabulary(project)
    for (locale, _), comms in sorted(by_subject.items(), key=lambda item: item[0]):
        if len(comms) < 2 or (ctx.wanted is not None and not any(comm.id in ctx.wanted for comm in comms)):
            continue
        # comms of one audience together: whether two can reach one customer depends on their
        # audiences only, so a subject a thousand comms share costs audiences², not comms²
        by_audience: dict = {}
        for comm in comms:
            by_audience.setdefault(audience_of(comm), []).append(comm)
        reach = {a: [c for b, group in by_audience.items() if vocabulary.may_overlap(a, b) for c in group] for a in by_audience}
        for comm in comms:
            if ctx.wanted is not None and comm.id not in ctx.wanted:
                continue  # not reported in this run (--changed-only, --shard)
            audience = audience_of(comm)
            others = reach[audience]
            count = len(others) - (1 if vocabulary.may_overlap(audience, audience) else 0)  # itself
            if count <= 0:
                continue
            named = ", ".join(f"'{other.id}' (owner {other.owner})" for other in _first(others, comm, 3))
            more = f" and {count - 3} more" if count > 3 else ""
            yield make(__name__, f"its {locale} email subject is also the subject of {named}{more}: "
                                 "customers who get both cannot tell them apart",
                       **_at_subject(comm, locale), comm=comm,
                       fix="Say in the subject what this message is for (and how it differs)")


def _first(others: list, comm, n: int) -> list:
    found = []
    for other in others:
        if other is not comm and other.id != comm.id:
            found.append(other)
            if len(found) == n:
                break
    return found


def _at_subject(comm, locale: str) -> dict:
    for tfield in comm.fields:
        if tfield.channel == "email" and tfield.name == "subject" and tfield.locale == locale:
            text = comm.doc.text
            line = tfield.source.split("\n", 1)[0].strip()
            at = text.find(line) if tfield.origin.file == comm.doc.rel and len(line) >= 8 else -1
            if at >= 0 and text.find(line, at + 1) < 0:
                # written once in the file: its place without indexing the whole YAML (a
                # subject copied a thousand times is a thousand findings)
                start = text.rfind("\n", 0, at) + 1
                return {"file": comm.doc.rel, "line": text.count("\n", 0, at) + 1, "column": at - start + 1}
            return at_field(tfield)
    return at_doc(comm.doc, ("id",))


def affected(change, digests):
    """For ``--changed-only``: when an edited comm's subjects, owner or audience moved (what
    another comm's finding reads of it), the comms whose subject it had or has."""
    subjects: set[tuple[str, str]] = set()
    for versions in change.comms.values():
        seen = [(digests(project, [comm])[0], comm) if comm is not None else None
                for project, comm in zip((change.base, change.head), versions)]
        if _seen_by_others(seen[0]) == _seen_by_others(seen[1]):
            continue
        for one in seen:
            if one is not None:
                subjects |= set(one[0].items())
    if not subjects:
        return set()
    return {comm.id for comm, found in zip(change.head.comms, digests(change.head, change.head.comms))
            if subjects & set(found.items())}


def _seen_by_others(version) -> object:
    """What another comm's finding reads of one version of a comm: its subjects, id, owner and
    audience."""
    if version is None:
        return None
    found, comm = version
    return repr((sorted(found.items()), comm.id, comm.owner, audience_of(comm)))
