"""Clause ``required_for`` selectors (SPEC 2.2): every given selector must match; a list
matches when the variant's value is in it (``tags``: when any of the comm's tags is).
:func:`required` judges one variant; :func:`matches_selectors` whether a comm could match at
all, on the safe side (what ``--changed-only`` and ``ccm diff`` ask of a changed clause)."""

from __future__ import annotations

from fnmatch import fnmatchcase

from ..model import language


def _list(value) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, (str, int)):
        return [str(value)]
    return [str(v) for v in value] if isinstance(value, list) else None


def required(clause, comm, locale: str, channel: str, tags=None) -> bool:
    """Do a clause's ``required_for`` selectors select this variant of ``comm``? ``tags``: the
    comm's effective tags (those it declares and those its words show, SPEC 2.6), when the
    caller knows them; else the declared ones."""
    selectors = clause.required_for
    if not selectors:
        return False
    checks = (
        ("category", [comm.category] if comm.category else []),
        ("channel", [channel]),
        ("locale", [locale]),
        ("tags", comm.tags if tags is None else tags),
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


# ---------------------------------------------------------------- could a comm match, whatever its variants
def values(value) -> list[str] | None:
    """A selector's value as a list of texts (None: not given)."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def could_match(wanted, have: set[str]) -> bool:
    """Could a value among ``have`` match the selector value ``wanted`` (``any``, ``*`` and
    globs match; unset or unknown matches: the safe side)?"""
    listed = values(wanted)
    if listed is None or not have:
        return True
    return any(v in ("any", "*") or v in have or any(fnmatchcase(h, v) for h in have) for v in listed)


def comm_channels(comm) -> set[str]:
    """Every channel a comm has content for (also one whose fields could not be read)."""
    return {f.channel for f in comm.fields} | {p.channel for p in comm.file_problems} | _content_keys(comm, 2)


def _comm_locales(comm) -> set[str]:
    locales = {f.locale for f in comm.fields} | _content_keys(comm, 1)
    return locales | {language(locale) for locale in locales}


def _content_keys(comm, depth: int) -> set[str]:
    content = comm.data.get("content")
    if not isinstance(content, dict):
        return set()
    if depth == 1:
        return {str(k) for k in content}
    return {str(c) for v in content.values() if isinstance(v, dict) for c in v}


def matches_selectors(comm, selectors) -> bool:
    """Could ``comm`` match a clause's ``required_for`` in any of its variants (unknown keys
    match everything)? What ``--changed-only`` and ``ccm diff`` ask of a changed clause."""
    if not isinstance(selectors, dict):
        return True
    for key, wanted in selectors.items():
        if key == "channel":
            ok = could_match(wanted, comm_channels(comm))
        elif key == "locale":
            ok = could_match(wanted, _comm_locales(comm))
        elif key in ("tags", "tag"):
            ok = True  # a comm carries a tag by declaring it or by showing the intent in its words
        elif isinstance(comm.data.get(key), str):
            ok = could_match(wanted, {comm.data[key]})
        else:
            ok = True
        if not ok:
            return False
    return True
