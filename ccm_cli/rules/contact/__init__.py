"""Contact rules: consent, frequency, quiet hours, suppressions, exclusivity, personalization,
what a category may carry, what a comm's words show, and the names policies are written in.

This package's registry: its rule modules, in catalogue order."""

MODULES = (
    "consent",
    "frequency_cap",
    "quiet_hours",
    "no_send_window",
    "suppression_missing",
    "exclusive",
    "personalization",
    "category_content",
    "undeclared_intent",
    "unknown_segment",
    "unknown_tag",
    "invalid_policy",
    "ended",
)
