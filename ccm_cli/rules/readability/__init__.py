"""Readability rules: English (Flesch-Kincaid, Flesch ease), Japanese (jReadability) and jargon.

This package's registry: its rule modules, in catalogue order."""

MODULES = (
    "english",
    "japanese",
    "jargon",
)
