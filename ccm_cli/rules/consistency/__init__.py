"""Consistency rules: one comm saying the same thing everywhere, facts from facts.yaml, no
missing channels, no duplicate comms.

This package's registry: its rule modules, in catalogue order."""

MODULES = (
    "numbers",
    "hand_typed_fact",
    "missing_channel",
    "missing_locale",
    "near_duplicate",
    "same_subject",
    "stale_translation",
    "unused_snippet",
    "unused_fact",
    "unused_clause",
    "unused_segment",
)
