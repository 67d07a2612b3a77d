"""Schema rules: every file's structure, keys, types, ids, locales, channels and samples.

This package's registry: its rule modules, in catalogue order."""

MODULES = (
    "unknown_key",
    "invalid_value",
    "duplicate_key",
    "empty_file",
    "duplicate_id",
    "unknown_locale",
    "unknown_channel",
    "invalid_variable",
    "sample_invalid",
    "no_samples",
)
