"""A comm using personal data its category may not use ("creepy" personalization).

What it checks: `personalization.<category>.forbidden` in policies/contact.yaml lists what comms
of that category may not put in front of a customer. An entry is either

* a **data class** — `location`, `health`, `financial`, `contact` or `identity` — forbidding
  every variable that holds such data, whatever it is called. A variable's class is what its
  schema declares (`x-ccm-data: location`, inherited by what is under it) or else what its
  name says: `home.ward`, `customer.address.city`, `shipping.postcode`, `住所` are location
  data; `patient.diagnosis`, `customer.health`, `持病` health data (docs/intents.md lists
  the words of each class). `x-ccm-data: none` declares a variable none of these (visible in review); or
* a **variable path** (`customer.address`): that variable and everything below it
  (`customer.address.city`) — and, when the path's own name is personal data of a class
  (`customer.address` is location data), that whole class: renaming `customer.address.ward` to
  `home.ward` does not evade a policy that forbids the address.

A comm that sells — its words show the `promotion` intent, or it is tagged so — falls under
`personalization.marketing` too, whatever its `category:` says (SPEC 2.6): an offer in a bill
that names the customer's ward is marketing that names the ward.
Every template of a comm in the category is checked (its snippets and the clauses it inserts
included); the finding points at the place the template uses the variable and says why it is
that class ("home.ward is location data (its name: 'ward')").
Why: marketing that shows you know where someone lives or what their health is crosses a line
customers notice ("how do they know that?"). GDPR art. 5(1)(c) (data minimisation) and art. 9
(health data) make it a legal problem as well as a brand one. A policy that a writer could get
round by renaming a variable would not be a policy.
Bad:
    # policies/contact.yaml: personalization: {marketing: {forbidden: [location, health]}}
    category: marketing
    variables: {home.ward: {type: string}}
    body: "Homes in {{ home.ward }} are switching to Green 100!"
Good:
    body: "Homes like yours are switching to Green 100!"
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import FileOrigin
from ...policy.data_classes import CLASSES, NONE, classify, classify_used
from ...problems import closest
from ..base import at_doc, at_field, make

ID = "contact/personalization"
CATEGORY = "contact"
SEVERITY = "error"
SCOPE = "comm"

MARKETING = "marketing"  # the category whose policy a comm that sells falls under

POLICY = "policies/contact.yaml"


@dataclass(frozen=True)
class Forbidden:
    """What one category may not use: paths (with what each entry forbids) and classes (with
    the entry that forbids each: the class itself, or a path whose name is that class)."""

    paths: tuple[str, ...]
    classes: dict  # class -> the entry that forbids it ("location", or "customer.address")

    def __bool__(self) -> bool:
        return bool(self.paths or self.classes)


def forbidden_for(project, category: str | None) -> list[str]:
    """The entries of ``personalization.<category>.forbidden`` (text only)."""
    policy = project.contact.get("personalization")
    rules = policy.get(category) if isinstance(policy, dict) and category else None
    values = rules.get("forbidden") if isinstance(rules, dict) else None
    return [str(v).strip() for v in values if isinstance(v, str) and v.strip()] if isinstance(values, list) else []


def forbidden_of(project, category: str | None) -> Forbidden:
    """The policy for ``category``, read once: bare class names are classes; paths are paths,
    and forbid their own class too."""
    paths: list[str] = []
    classes: dict = {}
    for entry in forbidden_for(project, category):
        if entry.lower() in CLASSES:
            classes[entry.lower()] = entry.lower()
            continue
        paths.append(entry)
        own = classify(entry).data_class
        if own is not None:
            classes.setdefault(own, entry)
    return Forbidden(tuple(paths), classes)


def hits(path: str, forbidden: list[str] | tuple[str, ...]) -> str | None:
    """The forbidden path ``path`` is (or is under), or None."""
    for item in forbidden:
        if path == item or path.startswith(item + "."):
            return item
    return None


def verdict(path: str, forbidden: Forbidden, variables) -> tuple[str, str] | None:
    """(what is wrong, in words, and the entry of the policy that forbids it) for one used
    path, or None."""
    item = hits(path, forbidden.paths)
    if item is not None:
        return f"'{path}'" + ("" if item == path else f" (under {item})"), item
    found = classify_used(path, variables)
    cls = found.data_class
    if cls is None or cls not in forbidden.classes:
        return None
    entry = forbidden.classes[cls]
    if entry == cls:
        return f"{cls} data: {found.reason}", entry
    return f"{cls} data: {found.reason}, and the policy forbids {entry}, which is {cls} data", entry


def check(comm, ctx):
    yield from _check_policy(comm, ctx, comm.category, "")
    if comm.category != MARKETING and forbidden_of(ctx.project, MARKETING):
        from ...policy.shown import MARKETING_INTENT, shown

        what = shown(comm, ctx)
        if what.counts_as_marketing:  # it sells, whatever its category says (SPEC 2.6)
            words = what.why(MARKETING_INTENT)
            because = f"; it counts as marketing: it shows {MARKETING_INTENT} {words.describe()}" if words is not None \
                else "; it counts as marketing: it is tagged promotion"
            yield from _check_policy(comm, ctx, MARKETING, because)


def _check_policy(comm, ctx, category, because: str):
    """The findings of ``personalization.<category>`` for ``comm`` (``because``: why that
    category's policy applies, when it is not the comm's own)."""
    forbidden = forbidden_of(ctx.project, category)
    if not forbidden:
        return
    used = ctx.comm_usage(comm).paths
    if not any(verdict(p, forbidden, comm.variables) for p in used):
        return
    reported = set()
    for tfield in comm.fields:
        usage = ctx.usage(tfield)
        clause_paths: set[str] = set()
        for clause_id in usage.clauses:
            clause = ctx.project.clauses.get(clause_id)
            text = clause.texts.get(tfield.locale) if clause else None
            if text is not None:
                clause_paths |= set(ctx.usage(text).paths)
        for path in sorted(set(usage.paths) | clause_paths):
            key = (path, tfield.locale, tfield.channel)
            if key in reported:
                continue
            found = verdict(path, forbidden, comm.variables)
            if found is None:
                continue
            reported.add(key)
            what, entry = found
            where = _where_used(tfield, path, ctx.project, usage.snippets, path in clause_paths and path not in usage.paths)
            yield make(__name__, f"{category} comms may not use {what} ({POLICY}: personalization.{category}."
                                 f"forbidden: {entry}){because}",
                       **where, comm=comm, locale=tfield.locale, channel=tfield.channel, excerpt=path,
                       fix="Remove the personal detail, or move the message to a category that may use it"
                           + (" (and the offer out of it)" if because else ""))


def check_repository(project, ctx):
    """policies/contact.yaml itself: a one-word entry that is almost a class name (``locaton``)
    would forbid a variable of that name and nothing else."""
    doc = project.doc("contact")
    policy = doc.data.get("personalization") if doc is not None and isinstance(doc.data, dict) else None
    if not isinstance(policy, dict):
        return
    for category, rules in policy.items():
        values = rules.get("forbidden") if isinstance(rules, dict) else None
        for i, value in enumerate(values if isinstance(values, list) else []):
            if not isinstance(value, str) or "." in value or value.strip().lower() in CLASSES:
                continue
            guess = closest(value.strip(), (*CLASSES, NONE), 0.7)
            if guess is None or guess == NONE:
                continue
            yield make(__name__, f"personalization.{category}.forbidden: '{value}' is not a data class (did you mean "
                                 f"'{guess}'?); as a variable path it forbids only a variable named '{value}'",
                       **at_doc(doc, ("personalization", category, "forbidden", i)), excerpt=value,
                       fix=f"Write '{guess}' (one of: {', '.join(CLASSES)})")


# --------------------------------------------------------------------------- where it is used
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


def _where_used(tfield, path: str, project, snippets, in_clause: bool) -> dict:
    """The location of the first use of ``path`` in the field's template — else in a snippet it
    includes — else the field's start (a path only a clause uses: the clause() call)."""
    if not in_clause:
        offset = find_use(tfield.source, path)
        if offset is not None:
            return at_field(tfield, offset)
        for name in sorted(snippets):
            source = project.snippets.get(name)
            offset = find_use(source, path) if source else None
            if offset is not None:
                line, column = FileOrigin(f"comms/{name}", source).locate(offset)
                return {"file": f"comms/{name}", "line": line, "column": column}
    offset = tfield.source.find("clause(") if in_clause else -1
    return at_field(tfield, max(offset, 0))


def find_use(source: str, path: str) -> int | None:
    """The offset in a template of the first expression that reads ``path`` (``home.ward``,
    ``home['ward']``, ``home . ward``): at its first name. Failing that, of its last name as a
    whole word inside ``{{ }}`` or ``{% %}``. None when neither is there."""
    parts = path.split(".")
    chain = re.escape(parts[0]) + "".join(
        rf"\s*(?:\.\s*{re.escape(p)}\b|\[\s*(?P<q{i}>['\"]){re.escape(p)}(?P=q{i})\s*\])" for i, p in enumerate(parts[1:]))
    exact = re.compile(rf"(?<![\w.]){chain}")
    last = re.compile(rf"(?<![\w]){re.escape(parts[-1])}(?!\w)")
    fallback = None
    for block in _JINJA.finditer(source):
        m = exact.search(block.group(0))
        if m is not None:
            return block.start() + m.start()
        if fallback is None:
            m = last.search(block.group(0))
            if m is not None:
                fallback = block.start() + m.start()
    return fallback
