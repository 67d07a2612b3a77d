"""Render templates in Jinja2's sandbox, per comm × locale × channel × sample.

One module per concern:

==================  ==========================================================================
``renderer``        :class:`Renderer`: a project's comms rendered, each template text parsed once
``results``         :class:`Variant`, :class:`RenderedField`, :class:`RenderError`
``errors``          how a compile or render failure becomes a :class:`RenderError`
``sandbox``         the sandboxed environment: its globals (``clause()``), filters and limits
``limits``          the sandbox's time and size guards, checked before an operation allocates
``budget``          ``limits:`` in ccm.yaml, and the render time a run and a comm may spend
``filters``         ``date``, ``money`` and ``number`` in the variant's locale
``facts``           ``brand/facts.yaml`` resolved for a locale
``snippets``        where include names lead: files under comms/, never outside the repository
``provenance``      which characters came from facts, clauses, snippets and data
``usage``           what a template uses, found without rendering it: the one dependency walk
``shared_code``     templates that differ only in literal text share one code object
``coverage``        which branches and loop bodies a render went through, and what the others say
==================  ==========================================================================

* ``facts`` is ``brand/facts.yaml`` resolved for the variant's locale; ``clause("id")`` inserts
  a clause; ``{% include "_snippets/x.j2" %}`` reads a snippet, never outside the repository.
* Provenance: every ``{{ expression }}``, clause and snippet is wrapped in invisible markers
  while rendering, each issued by this render for the text it wraps; :func:`split_provenance`
  removes them and keeps *spans* saying which part of the output came from a fact, a clause,
  an expression or a snippet. Rules use the spans to tell the writer's own text from inserted
  text; content cannot forge them.
* Every render runs within the limits of ``limits:`` in ccm.yaml (see :mod:`.sandbox`).
"""

from .budget import Limits, RenderBudget
from .errors import ClauseNotFound
from .facts import CcmUndefined, is_locale_map
from .filters import locale_filters, variant_locale
from .limits import ResourceLimitExceeded
from .provenance import CLOSE, MARKERS, OPEN, SEP, Span
from .renderer import Renderer
from .results import RenderedField, RenderError, Variant
from .sandbox import ClauseText, finalize, split_provenance
from .snippets import read_snippet, snippet_path
from .usage import Reach, Usage, analyze, attribute_chain, reach, walk

__all__ = [
    "CLOSE", "MARKERS", "OPEN", "SEP", "CcmUndefined", "ClauseNotFound", "ClauseText", "Limits", "Reach", "RenderBudget",
    "RenderError", "RenderedField", "Renderer", "ResourceLimitExceeded", "Span", "Usage", "Variant", "analyze",
    "attribute_chain", "finalize", "is_locale_map", "locale_filters", "reach", "read_snippet", "snippet_path",
    "split_provenance", "variant_locale", "walk",
]
