"""Unicode safety rules (``unicode/*``, category style): invisible, bidirectional and
decomposed characters in templates.

This package's registry: its rule modules, in catalogue order."""

MODULES = (
    "bidi_control",
    "invisible_character",
    "nfd",
)
