"""Contact rules: consent, frequency, quiet hours, suppressions, exclusivity, personalization.

This package's registry: its rule modules, in catalogue order."""

MODULES = (
    "consent",
    "frequency_cap",
    "quiet_hours",
    "no_send_window",
    "suppression_missing",
    "exclusive",
    "personalization",
)
