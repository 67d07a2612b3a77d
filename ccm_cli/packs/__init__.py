"""Built-in policy packs: regulatory clauses and contact-policy fragments as YAML data.

A pack is a folder ``ccm_cli/packs/<pack-id>/``:

* ``pack.yaml`` — ``id``, ``title``, ``region``, ``source`` (the statute or rule, with sections),
  ``description``;
* ``clauses/*.yaml`` — clauses in the policies/clauses/ format, written with facts placeholders
  (``{{ facts.legal_name }}``, ``{{ facts.postal_address }}``, ``{{ unsubscribe_url }}``);
* ``contact.yaml`` — a fragment of policies/contact.yaml (SPEC 2.3).

A repository includes packs in ccm.yaml (``packs: [us-can-spam, tcpa]``). Its own clause with
the same id overrides the pack's clause (legal may word it their way; the selectors and the
other rules still apply); the contact fragments merge with policies/contact.yaml so that the
stricter rule wins (:func:`merge_contact`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from importlib import resources

from ..errors import CcmError
from ..policy.consent import rank
from ..yamlio import YamlDoc, parse

REL_PREFIX = "ccm:packs"


@dataclass(frozen=True)
class PackInfo:
    id: str
    title: str
    region: str
    source: str
    description: str


def _root():
    return resources.files(__package__)


def _pack_dir(pack_id: str):
    folder = _root().joinpath(pack_id)
    if not pack_id or "/" in pack_id or "\\" in pack_id or pack_id.startswith(".") or not folder.joinpath("pack.yaml").is_file():
        known = ", ".join(p.id for p in available())
        raise CcmError(f"unknown policy pack '{pack_id}'", hint=f"available packs: {known}")
    return folder


def available() -> list[PackInfo]:
    """Every built-in pack, by id."""
    found = []
    for folder in sorted(_root().iterdir(), key=lambda f: f.name):
        meta = folder.joinpath("pack.yaml") if folder.is_dir() else None
        if meta is None or not meta.is_file():
            continue
        data = parse(meta.read_text("utf-8"), f"{REL_PREFIX}/{folder.name}/pack.yaml").data or {}
        found.append(PackInfo(str(data.get("id", folder.name)), str(data.get("title", "")), str(data.get("region", "")),
                              str(data.get("source", "")), str(data.get("description", "")).strip()))
    return found


def pack_documents(pack_ids, overridden=frozenset()) -> list[tuple[str, YamlDoc]]:
    """(schema name, document) for the clauses (``"clause"``) and contact fragments
    (``"contact"``) of the given packs, in pack order. Clauses whose id is in ``overridden``
    (the repository's own clause ids) are left out. Raises CcmError for an unknown pack id."""
    docs: list[tuple[str, YamlDoc]] = []
    seen_clauses: set[str] = set()
    for pack_id in pack_ids:
        pack_id = str(pack_id)
        folder = _pack_dir(pack_id)
        clauses = folder.joinpath("clauses")
        if clauses.is_dir():
            for item in sorted(clauses.iterdir(), key=lambda f: f.name):
                if item.name.endswith((".yaml", ".yml")):
                    doc = parse(item.read_text("utf-8"), f"{REL_PREFIX}/{pack_id}/clauses/{item.name}")
                    clause_id = doc.data.get("id") if isinstance(doc.data, dict) else None
                    if clause_id in overridden or clause_id in seen_clauses:
                        continue
                    seen_clauses.add(clause_id)
                    docs.append(("clause", doc))
        contact = folder.joinpath("contact.yaml")
        if contact.is_file():
            docs.append(("contact", parse(contact.read_text("utf-8"), f"{REL_PREFIX}/{pack_id}/contact.yaml")))
    return docs


def merge_contact(base: dict, fragments: list[dict]) -> dict:
    """policies/contact.yaml merged with pack fragments; the stricter rule always wins.

    consent: the higher level per category × channel. frequency_caps: one cap per
    (category, channel, tag, per) with the lowest ``max`` (caps over different periods all apply).
    quiet_hours, suppressions, exclusive, unsuppressible: the union. personalization: the union
    of forbidden variables per category. category_content: the union of forbidden intents per
    category; a fragment's reason is added when it forbids more (or there was no reason).
    """
    merged = copy.deepcopy(base) if isinstance(base, dict) else {}
    for fragment in fragments:
        if not isinstance(fragment, dict):
            continue
        _merge_consent(merged, fragment.get("consent"))
        _merge_caps(merged, fragment.get("frequency_caps"))
        for key in ("quiet_hours", "suppressions", "exclusive"):
            _union_list(merged, key, fragment.get(key))
        _merge_personalization(merged, fragment.get("personalization"))
        _merge_category_content(merged, fragment.get("category_content"))
        _union_list(merged, "unsuppressible", fragment.get("unsuppressible"))
    return merged


def _merge_consent(merged: dict, consent) -> None:
    if not isinstance(consent, dict):
        return
    target = _slot(merged, "consent", dict)
    for category, channels in consent.items():
        if not isinstance(channels, dict):
            continue
        row = _slot(target, category, dict)
        for channel, level in channels.items():
            current = row.get(channel)
            if rank(level) is not None and (rank(current) is None or rank(level) > rank(current)):
                row[channel] = level


def _merge_caps(merged: dict, caps) -> None:
    if not isinstance(caps, list):
        return
    target = _slot(merged, "frequency_caps", list)
    for cap in caps:
        if not isinstance(cap, dict):
            continue
        key = (cap.get("category", "any"), cap.get("channel", "any"), cap.get("tag"), cap.get("per"))
        for existing in target:
            if isinstance(existing, dict) and (existing.get("category", "any"), existing.get("channel", "any"), existing.get("tag"), existing.get("per")) == key:
                if isinstance(cap.get("max"), int) and (not isinstance(existing.get("max"), int) or cap["max"] < existing["max"]):
                    existing["max"] = cap["max"]
                break
        else:
            target.append(dict(cap))


def _union_list(merged: dict, key: str, items) -> None:
    if not isinstance(items, list):
        return
    target = _slot(merged, key, list)
    for item in items:
        if item not in target:
            target.append(copy.deepcopy(item))


def _merge_personalization(merged: dict, rules) -> None:
    if not isinstance(rules, dict):
        return
    target = _slot(merged, "personalization", dict)
    for category, rule in rules.items():
        forbidden = rule.get("forbidden") if isinstance(rule, dict) else None
        if not isinstance(forbidden, list):
            continue
        row = _slot(_slot(target, category, dict), "forbidden", list)
        for item in forbidden:
            if item not in row:
                row.append(item)


def _merge_category_content(merged: dict, rules) -> None:
    if not isinstance(rules, dict):
        return
    target = _slot(merged, "category_content", dict)
    for category, rule in rules.items():
        forbid = rule.get("forbid") if isinstance(rule, dict) else None
        if not isinstance(forbid, list):
            continue
        row = _slot(target, category, dict)
        listed = _slot(row, "forbid", list)
        added = [item for item in forbid if item not in listed]
        listed.extend(added)
        reason = rule.get("reason")
        if (added or not row.get("reason")) and isinstance(reason, str) and reason.strip():
            current = row.get("reason") if isinstance(row.get("reason"), str) else ""
            if reason.strip() not in current:
                row["reason"] = f"{current}; {reason.strip()}" if current else reason.strip()


def _slot(merged: dict, key, kind: type):
    """``merged[key]``, made a ``kind`` first when the repository's file has something else
    there (a null, a text: schema/invalid-value reports it; the pack's rule still applies)."""
    if not isinstance(merged.get(key), kind):
        merged[key] = kind()
    return merged[key]
