"""What one comm × locale × channel needs at runtime, and nothing else: a *template bundle*.

A bundle holds the field templates exactly as written, the snippets they include, the clause
texts they insert (for this locale, with the clause version) and the facts they read (already
resolved for this locale). The runtime renders a bundle with the same sandboxed environment as
lint and preview, so the customer reads exactly the text lint checked.

Why a bundle and not one template with everything pasted in: Jinja has no AST-to-source
printer, and textual inlining changes meaning at the edges — whitespace control (``{%- include``),
the newline handling of included files, a clause's trailing-newline strip, clause calls inside
filters or ``{% set %}``, loop variables leaking into pasted clause text. Shipping the parts and
resolving them with the same loader and ``clause()`` global keeps one code path, so "identical
text" holds by construction (and the release build verifies it for every sample).

Dependencies are found on the Jinja AST: ``{% include/import/extends %}`` names, ``clause("id")``
calls and ``facts.a.b`` chains. A computed snippet or clause name cannot be bundled and is an
error; a computed fact access (``facts[key]``) bundles the whole subtree it starts from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jinja2 import TemplateSyntaxError, Undefined, nodes

from ..errors import CcmError
from ..model import Comm, Project, language
from ..render import attribute_chain

_LOADS = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


@dataclass
class Bundle:
    comm: str
    locale: str
    channel: str
    fields: dict[str, str] = field(default_factory=dict)
    snippets: dict[str, str] = field(default_factory=dict)
    clauses: dict[str, dict] = field(default_factory=dict)  # id -> {"version", "source"}
    facts: Any = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "comm": self.comm,
            "locale": self.locale,
            "channel": self.channel,
            "fields": self.fields,
            "snippets": dict(sorted(self.snippets.items())),
            "clauses": dict(sorted(self.clauses.items())),
            "facts": self.facts,
        }


def collect(project: Project, renderer, comm: Comm, locale: str, channel: str) -> Bundle:
    """The bundle of one variant; raises :class:`CcmError` for what cannot be bundled."""
    bundle = Bundle(comm.id, locale, channel)
    fact_paths: list[list[str]] = []
    queue: list[tuple[str, str]] = []  # (where, source)
    for tfield in comm.fields_for(locale, channel):
        bundle.fields[tfield.name] = tfield.source
        queue.append((tfield.origin.file, tfield.source))
    while queue:
        where, source = queue.pop(0)
        try:
            ast = renderer.env.parse(source)
        except TemplateSyntaxError as exc:
            raise CcmError(f"cannot publish {comm.id}: {exc.message}", where, exc.lineno) from None
        for name in _loaded_names(ast, comm, where):
            if name not in bundle.snippets:
                bundle.snippets[name] = _read_snippet(project, comm, name, where)
                queue.append((f"comms/{name}", bundle.snippets[name]))
        for clause_id in _clause_ids(ast, comm, where):
            if clause_id in bundle.clauses:
                continue
            clause = project.clauses.get(clause_id)
            if clause is None:
                raise CcmError(f"cannot publish {comm.id}: unknown clause '{clause_id}'", where)
            text = clause.texts.get(locale) or clause.texts.get(language(locale))
            if text is None:
                raise CcmError(f"cannot publish {comm.id}: clause '{clause_id}' has no text for {locale}", clause.file)
            bundle.clauses[clause_id] = {"version": clause.version, "source": text.source}
            queue.append((clause.file, text.source))
        fact_paths.extend(_fact_paths(ast))
    bundle.facts = _subset(renderer.facts(locale), fact_paths)
    return bundle


def _loaded_names(ast, comm: Comm, where: str) -> list[str]:
    names = []
    for node in ast.find_all(_LOADS):
        template = node.template
        consts = template.items if isinstance(template, (nodes.List, nodes.Tuple)) else [template]
        for const in consts:
            if not (isinstance(const, nodes.Const) and isinstance(const.value, str)):
                raise CcmError(f"cannot publish {comm.id}: a snippet name is computed; name the snippet literally", where, node.lineno)
            names.append(const.value.replace("\\", "/"))
    return names


def _clause_ids(ast, comm: Comm, where: str) -> list[str]:
    ids = []
    for call in ast.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == "clause":
            arg = call.args[0] if call.args else None
            if not (isinstance(arg, nodes.Const) and isinstance(arg.value, str)):
                raise CcmError(f"cannot publish {comm.id}: a clause id is computed; write clause(\"id\") literally", where, call.lineno)
            ids.append(arg.value)
    return ids


def _read_snippet(project: Project, comm: Comm, name: str, where: str) -> str:
    from ..render import read_snippet

    source = read_snippet(project, name)
    if source is None:
        raise CcmError(f"cannot publish {comm.id}: snippet '{name}' not found in comms/", where)
    return source


def _fact_paths(ast) -> list[list[str]]:
    """Every ``facts…`` chain, longest form only; a computed step ends the chain there."""
    paths: list[list[str]] = []

    def chain(node) -> tuple[str | None, list[str]]:
        base, parts, _ = attribute_chain(node)
        return (base.name, parts) if isinstance(base, nodes.Name) else (None, [])

    def visit(node, parent) -> None:
        is_link = isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Name))
        parent_links_here = isinstance(parent, (nodes.Getattr, nodes.Getitem)) and parent.node is node
        if is_link and not parent_links_here:
            root, parts = chain(node)
            if root == "facts" and not (isinstance(node, nodes.Name) and node.ctx != "load"):
                paths.append(parts)
        for child in node.iter_child_nodes():
            visit(child, node)

    visit(ast, None)
    return paths


def _subset(tree: Any, paths: list[list[str]]) -> Any:
    """The resolved facts the paths reach, as plain JSON values (strings stay strings)."""
    picked: dict = {}
    for parts in paths:
        _merge(picked, _pick(tree, parts))
    return picked


def _pick(tree: Any, parts: list[str]) -> Any:
    if not parts or not isinstance(tree, dict):
        return _plain(tree)
    key = parts[0]
    if key not in tree or isinstance(tree[key], Undefined):
        return {}
    return {key: _pick(tree[key], parts[1:])}


def _merge(into: dict, more: Any) -> None:
    if not isinstance(more, dict):
        return
    for key, value in more.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items() if not isinstance(v, Undefined)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value
