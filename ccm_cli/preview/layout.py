"""What each channel's screen or page does to the text, shared by the terminal and the site.

* Push: a lock screen shows the title on one line and the body on a few lines, cutting the
  rest with "…". Widths are in display columns: a Japanese character takes two.
* SMS: parts, encoding and how full the last part is ("2 parts · UCS-2 · 96/134 chars").
* Email "from" and the letter's address blocks come from ``brand/facts.yaml`` and the sample.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from ..channels import sms_info

# An iPhone lock screen at the default text size (about 40 Latin characters a line).
LOCK_TITLE_COLUMNS = 38
LOCK_BODY_COLUMNS = 40
LOCK_BODY_LINES = 4
ELLIPSIS = "…"


def char_width(ch: str) -> int:
    if unicodedata.combining(ch) or ch in "\u200b\u200c\u200d\ufe0f":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") or ord(ch) >= 0x1F300 else 1


def display_width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def wrap(text: str, columns: int) -> list[str]:
    """Wrap like a phone does: at spaces for words, anywhere between wide characters."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, width = "", 0
        for ch in paragraph:
            w = char_width(ch)
            if width + w > columns and line:
                cut = line.rfind(" ")
                if ch != " " and cut > 0 and char_width(line[-1]) == 1:
                    lines.append(line[:cut])
                    line = line[cut + 1 :]
                else:
                    lines.append(line.rstrip())
                    line = "" if ch == " " else line[len(line):]
                    if ch == " ":
                        width = 0
                        continue
                width = display_width(line)
            line += ch
            width += w
        lines.append(line)
    return lines


def fit(text: str, columns: int) -> str:
    """``text`` cut to ``columns`` display columns, with an ellipsis when cut."""
    if display_width(text) <= columns:
        return text
    out, width = "", 0
    for ch in text:
        if width + char_width(ch) > columns - 1:
            break
        out += ch
        width += char_width(ch)
    return out.rstrip() + ELLIPSIS


@dataclass(frozen=True)
class LockScreen:
    title: str
    body: str
    title_cut: bool
    body_cut: bool

    @property
    def note(self) -> str:
        cut = [name for name, was in (("title", self.title_cut), ("body", self.body_cut)) if was]
        return f"{' and '.join(cut)} cut on the lock screen" if cut else "fits the lock screen"


def lock_screen(title: str, body: str) -> LockScreen:
    """How a lock screen shows a push: one line of title, a few lines of body."""
    title = " ".join(title.split())
    shown_title = fit(title, LOCK_TITLE_COLUMNS)
    lines = wrap(" ".join(body.split()), LOCK_BODY_COLUMNS)
    body_cut = len(lines) > LOCK_BODY_LINES
    if body_cut:
        lines = lines[:LOCK_BODY_LINES]
        last = lines[-1]
        lines[-1] = fit(last, LOCK_BODY_COLUMNS - 1).rstrip(ELLIPSIS).rstrip() + ELLIPSIS
    return LockScreen(shown_title, "\n".join(lines), shown_title != title, body_cut)


def sms_caption(text: str) -> str:
    """``2 parts · UCS-2 · 96/134 chars``: parts, encoding, size and what those parts hold."""
    info = sms_info(text)
    capacity = info.single_limit if info.parts == 1 else info.parts * info.part_limit
    unit = "chars"
    return f"{info.parts} part{'s' if info.parts != 1 else ''} · {info.encoding} · {info.units}/{capacity} {unit}"


def lookup(data: Any, dotted: str) -> Any:
    for key in dotted.split("."):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def fact(facts: Any, dotted: str) -> str | None:
    value = lookup(facts, dotted)
    return str(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None


def sender_name(facts: Any) -> str:
    return fact(facts, "brand") or fact(facts, "legal_name") or "Sender"


def sender_address(facts: Any, project_config: dict | None = None) -> str | None:
    """The email From address: ``email.from`` in ccm.yaml, or a fact ``email_from``."""
    config = (project_config or {}).get("email")
    if isinstance(config, dict) and config.get("from"):
        return str(config["from"])
    return fact(facts, "email_from")


def letter_blocks(facts: Any, sample_data: Any, locale: str) -> tuple[list[str], list[str]]:
    """(sender lines, recipient lines) of a printed letter."""
    sender = [x for x in (fact(facts, "legal_name") or fact(facts, "brand"), fact(facts, "postal_address"), fact(facts, "support_phone")) if x]
    first = lookup(sample_data, "customer.first_name")
    last = lookup(sample_data, "customer.last_name")
    if locale.lower().startswith("ja"):
        name = f"{last or first or 'お客'}様" if (last or first) else "お客さま"
    else:
        name = " ".join(str(x) for x in (first, last if last and str(last).isascii() else None) if x) or "Customer name"
    address = lookup(sample_data, "customer.address")
    recipient = [str(name)]
    if isinstance(address, dict):
        recipient += [str(v) for v in address.values() if v]
    elif address:
        recipient += str(address).split("\n")
    else:
        recipient.append("〒000-0000 ご住所" if locale.lower().startswith("ja") else "Street address, City, State ZIP")
    return sender, recipient
