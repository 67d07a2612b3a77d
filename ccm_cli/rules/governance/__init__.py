"""Governance rules: ownership and suppressions.

This package's registry: its rule modules, in catalogue order."""

MODULES = (
    "suppression_without_reason",
    "unsuppressible",
)
