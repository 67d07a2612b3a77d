"""Many YAML files parsed at once, as the loader asks a store to (see :mod:`.store`): the
data of a text parsed before comes from the cache file's ``docs`` rows, keyed by the text's
sha256; the rest are parsed without positions (:func:`ccm_cli.yamlio.parse_lazy`), in one
process per CPU when there are thousands (a cold load of a big repository)."""

from __future__ import annotations

import json
import os

from ..errors import CcmError
from ..yamlio import YamlDoc, parse_lazy, text_sha
from .lanes import fork_imap

PARALLEL_FROM = 2000  # documents to parse: below this, starting processes costs more than it saves


def parse_many(items: list[tuple[str, str]], cache=None, summarize=None) -> list[YamlDoc | CcmError]:
    """:func:`parse_lazy` for many (rel, text) pairs: a YamlDoc, or the CcmError that file
    raises, for each. With ``cache`` (a :class:`.cache_file.CacheFile`: ``get_docs(shas)``,
    ``put_doc(sha, data, has_duplicates, summary)``), the data of a text parsed before is
    reused and what is parsed now is kept. Texts not known are parsed in one process per CPU
    when there are many.

    ``summarize(data)`` (JSON-able, or None) is kept as each document's ``summary``, and cached
    with its data: a document restored from the cache has its summary at once and decodes its
    data only when something reads it."""
    results: list = [None] * len(items)
    pending: list[int] = []
    shas = [text_sha(text) for _, text in items] if cache is not None else []
    known = cache.get_docs(list(dict.fromkeys(shas))) if cache is not None else {}
    for i, (rel, text) in enumerate(items):
        found = known.get(shas[i]) if cache is not None else None
        if found is not None:
            data_json, duplicated, summary = found
            if summarize is None or summary is not None:
                results[i] = YamlDoc.restored(rel, text, None, duplicated, shas[i], summary, data_json)
                continue
            try:  # no summary stored (not a mapping, or not summarized): the data is decoded now
                data = json.loads(data_json)
            except (ValueError, RecursionError):  # a damaged row: parse the text again
                pending.append(i)
                continue
            results[i] = YamlDoc.restored(rel, text, data, duplicated, shas[i], summarize(data))
            continue
        pending.append(i)
    jobs = min(os.cpu_count() or 1, 8)
    todo = [items[i] for i in pending]
    parsed = _parsed_in_processes(todo, jobs) if len(todo) >= PARALLEL_FROM and jobs > 1 else None
    if parsed is None:
        parsed = [_parse_data(rel, text) for rel, text in todo]
    for i, outcome in zip(pending, parsed):
        rel, text = items[i]
        if outcome[0] == "error":
            results[i] = CcmError(*outcome[1:])
            continue
        _, data, duplicated = outcome
        summary = summarize(data) if summarize is not None else None
        results[i] = YamlDoc.restored(rel, text, data, duplicated, shas[i] if cache is not None else None, summary)
        if cache is not None:
            cache.put_doc(shas[i], data, duplicated, summary)
    return results


def _parse_data(rel: str, text: str) -> tuple:
    """("ok", data, duplicated) or ("error", message, file, line, column, hint): picklable."""
    try:
        doc = parse_lazy(text, rel)
    except CcmError as error:
        return ("error", error.message, error.file, error.line, error.column, error.hint)
    return ("ok", doc.data, doc.has_duplicate_keys)


def _parsed_in_processes(todo: list[tuple[str, str]], jobs: int) -> list[tuple] | None:
    """Parse ``todo`` in ``jobs`` forked processes (None where fork is unavailable)."""
    size = max(1, len(todo) // (jobs * 4))
    parts = fork_imap(lambda start: (start, [_parse_data(rel, text) for rel, text in todo[start : start + size]]),
                      list(range(0, len(todo), size)), jobs)
    if parts is None:
        return None
    parsed: list = [None] * len(todo)
    for start, outcomes in parts:
        parsed[start : start + len(outcomes)] = outcomes
    return parsed
