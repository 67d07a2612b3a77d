"""Clause rules: regulatory texts present, unaltered, current, translated and versioned.

This package's registry: its rule modules, in catalogue order."""

MODULES = (
    "missing_translation",
)
