"""Content reuse: what a repository stores, what uses it, and what reuse would save.

One computation shared by ``ccm report reuse`` and the ``consistency/unused-*`` lint rules:

* :mod:`.uses`: what each comm renders, per locale × channel (snippets, facts, clauses), found
  without rendering (the template-dependency walk of :mod:`ccm_cli.render.usage`), and the
  segments its audience names — JSON-able, so the lint rules store it as their digest;
* :mod:`.inventory`: the content that exists (snippet files, facts, the repository's clauses,
  the segments of policies/audience.yaml), each with where it is defined, and which of it
  nothing uses (facts read by clauses, and segments named by policies/contact.yaml or
  enclosing a used segment, count as used);
* :mod:`.passages`: the text a family of near-duplicate templates shares, cut where a snippet
  can be cut, and a name for the snippet it would become;
* :mod:`.report`: the report itself (the JSON document), :mod:`.text` and :mod:`.html` its
  other formats.
"""
