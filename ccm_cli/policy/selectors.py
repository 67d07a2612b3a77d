"""Clause ``required_for`` selectors (SPEC 2.2): every given selector must match; a list
matches when the variant's value is in it (``tags``: when any of the comm's tags is)."""

from __future__ import annotations


def _list(value) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, (str, int)):
        return [str(value)]
    return [str(v) for v in value] if isinstance(value, list) else None


def required(clause, comm, locale: str, channel: str) -> bool:
    selectors = clause.required_for
    if not selectors:
        return False
    checks = (
        ("category", [comm.category] if comm.category else []),
        ("channel", [channel]),
        ("locale", [locale]),
        ("tags", comm.tags),
    )
    for key, values in checks:
        wanted = _list(selectors.get(key))
        if wanted is None:
            continue
        if key == "locale":
            language = locale.split("-")[0]
            if not any(v == locale or v == language for v in wanted):
                return False
        elif not set(wanted) & set(values):
            return False
    return True
