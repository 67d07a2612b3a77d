"""Brand rules: banned phrases, terminology, brand-name spelling and tone (brand/guidelines.yaml).

This package's registry: its rule modules, in catalogue order."""

MODULES = (
    "banned_phrase",
    "terminology",
    "capitalization",
    "exclamation",
    "all_caps",
    "emoji",
)
