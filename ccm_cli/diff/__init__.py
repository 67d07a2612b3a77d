"""`ccm diff`: what changes for customers between two versions of a content repository.

One job per module, in the order of the flow:

* :mod:`.refs` — which versions: the default base (merge-base with ``origin/main``/``main``),
  loading a ref through gitpython (no checkout) or the working tree;
* :mod:`.files` — which files differ (git blob ids);
* :mod:`.compare` — what changed in the model: comms (added, removed, renamed, edited), clauses,
  facts, templates;
* :mod:`.textdiff` — the rendered text of a channel (first sample, fields labelled) and its
  unified / side-by-side diff;
* :mod:`.policy_words` — contact policy, guideline, channel and config changes in words;
* :mod:`.delta` — the lint delta: findings introduced and fixed, matched by identity;
* :mod:`.report` — the whole report, and its JSON shape;
* :mod:`.format_text`, :mod:`.format_markdown`, :mod:`.format_json` — output.
"""
