"""Shared helpers for the compliance rules (clause, contact, consistency, governance).

One job per module:

* :mod:`.consent`   — consent levels and their order (none < soft_opt_in < opt_in)
* :mod:`.periods`   — periods ("7d", "12h", "2w"), clock times ("21:00") and clock windows
* :mod:`.schedule`  — a comm's active date interval and overlap
* :mod:`.audience`  — segments, exclusions and provable disjointness
* :mod:`.selectors` — clause ``required_for`` selectors
* :mod:`.codeowners` — CODEOWNERS parsing and gitignore-style matching

Nothing here yields findings; rules do.
"""
