"""Readability rules: English (Flesch-Kincaid, Flesch ease) and Japanese (jReadability).

This package's registry: its rule modules, in catalogue order."""

MODULES = (
    "english",
    "japanese",
)
