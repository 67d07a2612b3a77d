"""Channel constraints: built-in limits (SPEC 2.1), overrides, and SMS encoding arithmetic.

SMS follows 3GPP TS 23.038: text that fits the GSM 03.38 default alphabet is sent as GSM-7
(160 septets, or 153 per part when concatenated; characters of the extension table such as
``€ [ ] { } ~ ^ | \\`` take two septets and are never split across parts). Anything else —
one curly quote is enough — switches the whole message to UCS-2 (70 UTF-16 units, 67 per part;
a surrogate pair is never split).
"""

from __future__ import annotations

from dataclasses import dataclass

GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = "\f^{}\\[~]|€"
_BASIC = frozenset(GSM7_BASIC) - {"\x1b"}
_EXTENSION = frozenset(GSM7_EXTENSION)

BUILTIN_LIMITS: dict[str, dict[str, int]] = {
    "email": {"subject_max": 78, "preheader_min": 40, "preheader_max": 130},
    "sms": {"max_parts": 3},
    "push": {"title_max": 50, "body_max": 178},
    "line": {"body_max": 5000},
    "chat": {"body_max": 1000},
    "letter": {"subject_max": 120},
    "web": {"headline_max": 90, "body_max": 400, "cta_max": 30},
}
# Fields a channel cannot go without.
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "email": ("subject", "body"),
    "sms": ("body",),
    "push": ("body",),
    "line": ("body",),
    "chat": ("body",),
    "letter": ("body",),
    "web": ("headline",),
}


@dataclass(frozen=True)
class SmsInfo:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    parts: int
    single_limit: int
    part_limit: int
    non_gsm: tuple[str, ...]  # the characters that forced UCS-2

    def describe(self) -> str:
        return f"{self.parts} part{'s' if self.parts != 1 else ''} · {self.encoding} · {self.units} {'septets' if self.encoding == 'GSM-7' else 'chars'}"


def sms_info(text: str) -> SmsInfo:
    """Encoding, size and number of parts of an SMS body."""
    non_gsm = tuple(dict.fromkeys(ch for ch in text if ch not in _BASIC and ch not in _EXTENSION))
    if not non_gsm:
        sizes = [2 if ch in _EXTENSION else 1 for ch in text]
        return SmsInfo("GSM-7", sum(sizes), _parts(sizes, 160, 153), 160, 153, ())
    sizes = [2 if ord(ch) > 0xFFFF else 1 for ch in text]
    return SmsInfo("UCS-2", sum(sizes), _parts(sizes, 70, 67), 70, 67, non_gsm)


def _parts(sizes: list[int], single: int, per_part: int) -> int:
    total = sum(sizes)
    if total <= single:
        return 1
    parts, used = 1, 0
    for size in sizes:  # an escape pair or surrogate pair is never split across parts
        if used + size > per_part:
            parts += 1
            used = 0
        used += size
    return parts


def limits(overrides: dict, channel: str) -> dict[str, int]:
    """Built-in limits of ``channel`` tightened by ``policies/channels.yaml``.

    An override may only tighten: a larger maximum or a smaller minimum is ignored
    (:func:`loosened` lists those, so lint can report them).
    """
    merged = dict(BUILTIN_LIMITS.get(channel, {}))
    extra = overrides.get(channel) if isinstance(overrides, dict) else None
    if isinstance(extra, dict):
        for key, value in extra.items():
            if not isinstance(value, int) or key not in merged:
                continue
            if key.endswith("_min"):
                merged[key] = max(merged[key], value)
            else:
                merged[key] = min(merged[key], value)
    return merged


def loosened(overrides: dict) -> list[tuple[str, str, int, int]]:
    """(channel, key, asked, built-in) for every override that tries to loosen a limit."""
    found = []
    for channel, extra in (overrides or {}).items():
        builtin = BUILTIN_LIMITS.get(channel, {})
        if not isinstance(extra, dict):
            continue
        for key, value in extra.items():
            if key in builtin and isinstance(value, int):
                looser = value < builtin[key] if key.endswith("_min") else value > builtin[key]
                if looser:
                    found.append((channel, key, value, builtin[key]))
    return found
