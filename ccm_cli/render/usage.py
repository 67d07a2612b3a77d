"""What a template uses, found without rendering it: the one template-dependency walk.

:func:`walk` goes once over a parsed template and finds everything any caller needs:

* the lookup chains it reads (``customer.first_name``; a computed key ends a chain there:
  ``plans[key].price`` reads ``plans`` and ``key``), which become variable paths once the
  names the template reads without defining them are known (:func:`with_paths`);
* the facts it reads (``facts.plans.basic.price``), each as deep as the template names it;
* the clauses it inserts (``clause("id")``), and whether an id is computed or ``clause`` is
  passed around (then it may insert any clause);
* the templates it may load (``{% include %}``, ``{% import %}``, ``{% from %}``,
  ``{% extends %}``, lists of names too), and whether a name is computed (then any template).

:func:`reached` follows what one template leads to, each template once. Its callers:

* the renderer's analysis (:meth:`.renderer.Renderer.usage`, :func:`analyze`): variable paths,
  clauses, snippets and facts, with the snippets a template includes by a constant name
  followed (:func:`transitive_usage`) — what the template rules check;
* ``--changed-only`` (``incremental.DependencyGraph``) and the result store
  (``scale.keys.CommKeys.includes``): what a comm's rendering may read (:func:`reach`), with every
  template it may load and every clause it inserts followed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from jinja2 import TemplateSyntaxError, meta, nodes
from jinja2.compiler import CodeGenerator

from ..model import Project
from .snippets import read_snippet, snippet_path

# names a template reads that are never the caller's variables
GLOBAL_NAMES = frozenset({"facts", "clause", "range", "dict", "lipsum", "cycler", "joiner", "namespace", "loop", "self", "varargs", "kwargs", "caller"})


@dataclass
class Usage:
    """What a template uses, found without rendering it."""

    paths: set[str] = field(default_factory=set)  # dotted variable paths
    clauses: set[str] = field(default_factory=set)
    snippets: set[str] = field(default_factory=set)  # names of templates loaded by one constant name
    facts: set[str] = field(default_factory=set)  # "facts.plans", "facts.plans.basic": each fact path read and its parents
    # what the template may read, for --changed-only and the result cache (direct usage only):
    # every constant include/import/extends name (lists of names too), whether a name or a
    # clause id is computed (then it may read any template / any clause), and the fact paths
    # it reads without "facts." ("" = every fact: a loop, a filter, a computed key)
    loads: set[str] = field(default_factory=set)
    any_load: bool = False
    any_clause: bool = False
    fact_reads: set[str] = field(default_factory=set)


@dataclass
class Reach:
    """What rendering some templates may read, every template they may load and every
    clause they insert followed."""

    files: set[str] = field(default_factory=set)  # template files ("comms/…")
    clauses: set[str] = field(default_factory=set)
    facts: set[str] = field(default_factory=set)  # dotted paths without "facts."; "" = every fact
    any_file: bool = False  # a load with a computed name
    any_clause: bool = False  # clause() with a computed id


# ---------------------------------------------------------------- one template
_CHAIN = (nodes.Getattr, nodes.Getitem, nodes.Name)
_LOADS = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


def walk(ast: nodes.Template) -> tuple[Usage, list[str]]:
    """One walk over a parsed template: its usage without variable paths, and every lookup
    chain it reads (:func:`with_paths` keeps those whose root is undeclared). Leaves the tree
    as it was."""
    usage = Usage()
    chains: list[str] = []
    stack: list[nodes.Node] = [ast]
    while stack:
        node = stack.pop()
        if isinstance(node, _CHAIN):
            base, parts, computed = attribute_chain(node)
            stack.extend(computed)  # facts.plans[x].name reads all of facts.plans, and x
            if not isinstance(base, nodes.Name):
                stack.append(base)  # a lookup on a call, a filter, a literal...
            elif base.ctx == "load":
                if base.name == "facts":
                    _read_fact(usage, parts)
                elif base.name == "clause":
                    usage.any_clause = True  # clause() passed around, renamed or looked into
                else:
                    chains.append(".".join([base.name, *parts]))
            continue
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == "clause":
            arg = node.args[0] if node.args else None
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                usage.clauses.add(arg.value)
            else:
                usage.any_clause = True
            stack.extend(node.args)
            stack.extend(node.kwargs)
            stack.extend(item for item in (node.dyn_args, node.dyn_kwargs) if item is not None)
            continue
        if isinstance(node, _LOADS):
            if isinstance(node.template, nodes.Const) and isinstance(node.template.value, str):
                usage.snippets.add(node.template.value)
            names = _load_names(node.template)
            if names is None:
                usage.any_load = True
            else:
                usage.loads.update(names)
        for name in node.fields:  # nodes.Node.iter_child_nodes, inlined
            value = getattr(node, name, None)
            if isinstance(value, nodes.Node):
                stack.append(value)
            elif isinstance(value, list):
                stack.extend(item for item in value if isinstance(item, nodes.Node))
    return usage, chains


def _read_fact(usage: Usage, parts: list[str]) -> None:
    """``facts.<parts>`` is read: the path, and (for the rules) every parent of it."""
    usage.fact_reads.add(".".join(parts))
    path = "facts"
    for part in parts:
        path = f"{path}.{part}"
        usage.facts.add(path)


def _load_names(template: nodes.Expr) -> list[str] | None:
    """The constant names an include/import/extends loads, or None when a name is computed."""
    if isinstance(template, nodes.Const):
        values = template.value if isinstance(template.value, (list, tuple)) else [template.value]
        return [str(v) for v in values] if all(isinstance(v, str) for v in values) else None
    if isinstance(template, (nodes.List, nodes.Tuple)):
        found: list[str] = []
        for item in template.items:
            names = _load_names(item)
            if names is None:
                return None
            found.extend(names)
        return found
    return None


def attribute_chain(node) -> tuple[Any, list[str], list[Any]]:
    """Follow a chain of ``.attr`` and ``[constant]`` lookups down to its base.

    Returns (the base node, the lookup names from the base outwards, the computed subscripts
    met on the way). A computed step (``a[x].b``) ends the path there: what came after it is
    reached through an unknown key, so it is dropped.
    """
    parts: list[str] = []
    computed: list[Any] = []
    while True:
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
            node = node.node
        elif isinstance(node, nodes.Getitem):
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, (str, int)) and not isinstance(node.arg.value, bool):
                parts.append(str(node.arg.value))
            else:
                parts.clear()
                computed.append(node.arg)
            node = node.node
        else:
            return node, list(reversed(parts)), computed


def with_paths(usage: Usage, chains: list[str], roots: set[str]) -> Usage:
    """``usage`` with its variable paths: the lookup chains whose root is one of ``roots``
    (the names the template reads without defining them), the longest only."""
    for path in chains:
        root = path.split(".")[0]
        if root in roots and root not in GLOBAL_NAMES:
            usage.paths.add(path)
    usage.paths = _longest(usage.paths)
    return usage


def _longest(paths: set[str]) -> set[str]:
    """Only the longest chains: "customer" is implied by "customer.first_name"."""
    return {p for p in paths if not any(q.startswith(p + ".") for q in paths)}


class _Tracking(meta.TrackingCodeGenerator):
    """Jinja's undeclared-name tracker without its constant folding, which rewrites the tree
    in place: the tree is compiled after it is analysed."""

    def __init__(self, environment) -> None:  # noqa: D107 - as TrackingCodeGenerator, optimized=False
        CodeGenerator.__init__(self, environment, "<introspection>", "<introspection>", optimized=False)
        self.undeclared_identifiers: set[str] = set()


def direct_usage(ast: nodes.Template, roots: set[str] | None = None) -> Usage:
    """What one parsed template uses by itself (snippets named, not followed). Leaves the tree
    as it was. ``roots``: its undeclared names, when a compile recorded them (else Jinja's
    tracker finds them)."""
    usage, chains = walk(ast)
    if roots is None:
        tracker = _Tracking(ast.environment)
        tracker.visit(ast)
        roots = tracker.undeclared_identifiers
    return with_paths(usage, chains, roots)


# ---------------------------------------------------------------- what templates lead to
def reached(project: Project | None, texts: Iterable[str], direct: Callable[[str], Usage], *,
            loads: bool = False, clauses: bool = False, every_clause: bool = False) -> Iterator[Usage]:
    """The direct usage (``direct(text)``) of each of ``texts`` and of every template they
    reach, each name followed once: the snippets a template loads by a constant name
    (:attr:`Usage.snippets`), or with ``loads`` every template it may load as the loader
    resolves the name (:attr:`Usage.loads`); with ``clauses``, the texts of the clauses it
    inserts, of every clause when an id is computed and ``every_clause``. Without a project,
    nothing is followed."""
    pending = list(texts)
    seen_names: set[str] = set()
    seen_clauses: set[str] = set()
    while pending:
        usage = direct(pending.pop())
        yield usage
        if project is None:
            continue
        names = [rel[len("comms/"):] for rel in _template_files(usage.loads)] if loads else usage.snippets
        for name in names:
            if name not in seen_names:
                seen_names.add(name)
                text = read_snippet(project, name)
                if text is not None:
                    pending.append(text)
        if clauses:
            for clause_id in project.clauses if every_clause and usage.any_clause else usage.clauses:
                if clause_id not in seen_clauses:
                    seen_clauses.add(clause_id)
                    clause = project.clauses.get(clause_id)
                    if clause is not None:
                        pending.extend(text.source for text in clause.texts.values())


def _template_files(names: Iterable[str]) -> set[str]:
    """The repository paths of load names, as the loader resolves them; a name that leaves
    comms/ is never read and has none."""
    found = set()
    for name in names:
        rel = snippet_path(name.replace("\\", "/"))
        if rel is not None:
            found.add(rel)
    return found


def transitive_usage(project: Project | None, source: str, direct: Callable[[str], Usage]) -> Usage:
    """What a template uses, the snippets it includes followed (their variables count as used
    by the including template): what the template rules check."""
    paths: set[str] = set()
    clauses: set[str] = set()
    snippets: set[str] = set()
    facts: set[str] = set()
    for usage in reached(project, [source], direct):
        paths |= usage.paths
        clauses |= usage.clauses
        snippets |= usage.snippets
        facts |= usage.facts
    return Usage(frozenset(_longest(paths)), frozenset(clauses), frozenset(snippets), frozenset(facts))


def analyze(env, source: str, project: Project | None = None) -> Usage:
    """Collect variable paths, clause ids, snippet names and fact paths a template uses,
    snippets followed when ``project`` is given. Syntax errors yield an empty usage; they are
    reported by the syntax rule. :meth:`.renderer.Renderer.usage` is the cached form."""

    def direct(text: str) -> Usage:
        try:
            ast = env.parse(text)
        except (TemplateSyntaxError, RecursionError, MemoryError):
            return Usage()  # reported by template/syntax-error or template/resource-limit
        return direct_usage(ast)

    return transitive_usage(project, source, direct)


def reach(project: Project, texts: Iterable[str], direct: Callable[[str], Usage], every_clause: bool = False) -> Reach:
    """Every template file, clause and fact that rendering ``texts`` may read, transitively
    (``direct``: the direct usage of a text; ``every_clause``: a computed clause id leads to
    every clause's text)."""
    found = Reach()
    for usage in reached(project, texts, direct, loads=True, clauses=True, every_clause=every_clause):
        found.files |= _template_files(usage.loads)
        found.clauses |= usage.clauses
        found.facts |= usage.fact_reads
        found.any_file |= usage.any_load
        found.any_clause |= usage.any_clause
    return found
