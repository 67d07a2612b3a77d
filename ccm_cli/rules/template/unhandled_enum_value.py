"""A value of an enum variable that no sample renders and no template compares with.

What it checks: for a variable declared with a fixed set of values (JSON Schema ``enum:`` in
``variables:``) that a template of the comm branches on (``==``, ``!=``, ``in [...]``, in
any field or included snippet), every value is either the value of that variable in some
sample or compared with explicitly. A value that is neither silently falls to the chain's
``{% else %}``, or to nothing when there is none, and no reviewer has seen what it gets.
Variables no template compares with are not checked: every value renders alike.
Why: an enum grows (a fifth segment, a new plan) while the templates keep the branches they
had; the new value's customers get the fallback copy, and lint cannot see it because no
sample has the value. template/uncovered-branch reports branches no sample renders; this rule
reports values no branch names.
Bad:
    variables:
      visitor.segment: {type: string, enum: [home, business, student]}
    # templates: {% if visitor.segment == "home" %}…{% elif visitor.segment == "business" %}…{% else %}…
    # samples: home and business only ("student" falls to else unseen)
Good:
    samples:
      - {name: student, data: {visitor: {segment: student}}}
    # or: {% elif visitor.segment == "student" %}… in the templates
"""

from __future__ import annotations

from ...render import read_snippet
from ...render.coverage import branch_table
from ..base import at_doc, make

ID = "template/unhandled-enum-value"
CATEGORY = "template"
SEVERITY = "warning"
SCOPE = "comm"

_MISSING = object()


def check(comm, ctx):
    enums: dict[str, tuple[list, tuple]] = {}  # dotted path -> (its values, where the enum is in the file)
    for path, spec in comm.variables.items():
        _enums(str(path), spec, ("variables", path), enums)
    if not enums or not comm.fields:
        return
    sources = [tfield.source for tfield in comm.fields]
    for name in sorted(ctx.comm_usage(comm).snippets):
        text = read_snippet(ctx.project, name)
        if isinstance(text, str):
            sources.append(text)
    compared: dict[str, set] = {}
    for source in sources:
        if not any(path in source or path.rsplit(".", 1)[-1] in source for path in enums):
            continue
        table = branch_table(ctx.renderer.env, source)
        if table is not None:
            for path, values in table.compared.items():
                compared.setdefault(path, set()).update(values)
    for path, (values, at) in enums.items():
        named = compared.get(path)
        if not named:
            continue  # no template branches on it
        sampled = {_key(_value_at(sample.data, path)) for sample in comm.samples}
        for index, value in enumerate(values):
            key = _key(value)
            if key in named or key in sampled:
                continue
            shown = repr(value) if not isinstance(value, str) else f"'{value}'"
            yield make(
                __name__,
                f"{path} can be {shown}, but no sample has it and no template compares {path} with it: "
                f"it silently falls to the {{% else %}} branch (or to nothing)",
                **at_doc(comm.doc, (*at, "enum", index)),
                comm=comm,
                excerpt=f"{path}: {value}",
                fix=f"Add a sample with {path}: {value}, or a branch for it ({{% elif {path} == {shown} %}})",
            )


def _enums(path: str, spec, at: tuple, found: dict, depth: int = 0) -> None:
    """The enums of a variable's schema: its own, and those of its object properties
    (``customer: {type: object, properties: {segment: {enum: [...]}}}`` is ``customer.segment``)."""
    if not isinstance(spec, dict) or depth > 20:
        return
    values = spec.get("enum")
    if isinstance(values, list) and values:
        found.setdefault(path, (values, at))
    properties = spec.get("properties")
    if isinstance(properties, dict):
        for name, sub in properties.items():
            _enums(f"{path}.{name}", sub, (*at, "properties", name), found, depth + 1)


def _value_at(data, path: str):
    for part in path.split("."):
        if not isinstance(data, dict) or part not in data:
            return _MISSING
        data = data[part]
    return data


def _key(value):
    try:
        hash(value)
        return value
    except TypeError:
        return repr(value)
