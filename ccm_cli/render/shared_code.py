"""Templates that differ only in their text share one compiled code object.

Compiling a template (Jinja's code generator, then Python's ``compile``) costs about as much
as everything else ccm does with it. Yet many templates have the same *shape* — the same
tags, expressions, filters and line numbers — and differ only in the literal text between the
tags: a comm's ``ja-JP`` field and its ``en-US`` field, one skeleton reused by hundreds of
comms with their own wording.

So the code generator (:class:`LiteralsAsData`) does not write a template's literal text into
the code: each piece becomes ``_ccm_lit[i]``, the i-th piece in the order :func:`shape` lists
them, and the code object is keyed by the template's shape. A template with a known shape is
bound to its own literals (``_ccm_lit`` in its module namespace) without generating or
compiling anything. Nothing else changes: expressions, filters, constants and line numbers
are part of the shape, so they compile exactly as before, in the same sandbox.

A template is never shared when sharing could change what it does: ``{% autoescape %}``
(literal text would need escaping decisions made at compile time), or a piece of literal text
the generator wrote some other way (then the code holds it, and is kept for that template
only).
"""

from __future__ import annotations

import hashlib
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator

LITERALS = "_ccm_lit"  # the module-level name of a template's literal text pieces


class Shape:
    """A parsed template's shape: ``key`` (None when it must not be shared), its literal text
    pieces in order, and ``index`` (id of each TemplateData node -> its position)."""

    __slots__ = ("key", "literals", "index")

    def __init__(self, key: bytes | None, literals: tuple[str, ...], index: dict[int, int]) -> None:
        self.key, self.literals, self.index = key, literals, index


def shape(ast: nodes.Template) -> Shape:
    """One walk over the tree: every node's type, line and fields, with the text of
    ``TemplateData`` left out. They make a flat tuple that decodes in one way only (each entry
    is tagged ``N``ode, ``L``ist or ``V``alue; a node's fields follow in a fixed order), so two
    templates give the same tuple exactly when they differ in nothing but their literal text.
    The key is a 128-bit BLAKE2b digest of the tuple's repr: a few bytes to keep instead of
    kilobytes, and a collision is as unlikely as in the result cache's keys."""
    key: list[Any] = []
    literals: list[str] = []
    index: dict[int, int] = {}
    shareable = True
    stack: list[Any] = [ast]
    while stack:
        item = stack.pop()
        if isinstance(item, nodes.Node):
            kind = type(item)
            key += ("N", kind.__name__, item.lineno)
            if kind is nodes.TemplateData:
                index[id(item)] = len(literals)
                literals.append(item.data)
                continue
            if isinstance(item, nodes.EvalContextModifier):
                shareable = False
            stack.extend(getattr(item, name, None) for name in reversed(item.fields))
        elif isinstance(item, list):
            key += ("L", len(item))
            stack.extend(reversed(item))
        else:
            key += ("V", type(item).__name__, repr(item))
    digest = hashlib.blake2b(repr(key).encode("utf-8", "surrogatepass"), digest_size=16).digest() if shareable else None
    return Shape(digest, tuple(literals), index)


class LiteralsAsData(CodeGenerator):
    """Jinja's code generator, writing literal text as ``_ccm_lit[i]`` instead of a string
    constant when ``literal_index`` is set on it (``id(node) -> i``, from :func:`shape`; else
    it is Jinja's generator). Sets ``literals_in_code`` when it had to write a piece the usual
    way. The state is the generator's own (``environment.undeclared``, which every compile of
    the render module records into, is not: ccm compiles in one thread per process)."""

    literal_index: dict[int, int] | None = None
    literals_in_code = False

    def _output_child_to_const(self, node, frame, finalize):
        if type(node) is nodes.TemplateData and self.literal_index is not None:
            raise nodes.Impossible()  # written by visit_TemplateData, as an expression
        return super()._output_child_to_const(node, frame, finalize)

    def _output_child_pre(self, node, frame, finalize) -> None:
        if type(node) is nodes.TemplateData and self.literal_index is not None:
            return  # literal text is already a str and, as in Jinja, is never finalized
        super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node, frame, finalize) -> None:
        if type(node) is nodes.TemplateData and self.literal_index is not None:
            return
        super()._output_child_post(node, frame, finalize)

    def visit_TemplateData(self, node, frame) -> None:
        index = self.literal_index
        position = None if index is None else index.get(id(node))
        if position is None or frame.eval_ctx.autoescape or frame.eval_ctx.volatile:
            if index is not None:
                self.literals_in_code = True
            super().visit_TemplateData(node, frame)
            return
        self.write(f"{LITERALS}[{position}]")
