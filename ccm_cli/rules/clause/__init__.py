"""Clause rules: regulatory texts present, unaltered, current, translated and versioned.

This package's registry: its rule modules, in catalogue order."""

MODULES = (
    "missing_translation",
    "required_missing",
    "altered",
    "expired",
    "not_effective",
    "version_not_bumped",
)
