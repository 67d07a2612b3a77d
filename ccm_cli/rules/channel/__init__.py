"""Channel rules: lengths, encodings and required fields of each channel.

This package's registry: its rule modules, in catalogue order."""

MODULES = (
    "missing_field",
    "sms_length",
    "sms_encoding",
    "subject_length",
    "preheader_length",
    "push_length",
    "body_length",
    "loosened_limit",
    "letter_sender",
)
