"""Consistency rules.

This package's registry: its rule modules, in catalogue order."""

MODULES = (
)
