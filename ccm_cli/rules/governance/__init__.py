"""Governance rules: ownership and suppressions.

This package's registry: its rule modules, in catalogue order."""

MODULES = (
    "suppression_without_reason",
    "unsuppressible",
    "owner_not_in_codeowners",
    "clause_owner",
    "no_codeowners",
    "path_owner",
    "unknown_team",
)
