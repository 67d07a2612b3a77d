"""Brand rules: banned phrases, terminology, the themes the voice avoids, brand-name spelling and tone
(brand/guidelines.yaml).

This package's registry: its rule modules, in catalogue order."""

MODULES = (
    "banned_phrase",
    "terminology",
    "voice",
    "capitalization",
    "exclamation",
    "all_caps",
    "emoji",
)
