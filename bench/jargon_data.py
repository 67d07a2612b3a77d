"""How fast the jargon matcher and the data-class classifier run (issue 22, items 6 and 7).

    python bench/jargon_data.py [--texts 2000] [--repeat 3]

Jargon: the example repository's English and Japanese template fields (the texts of
``bench/intents.py``), each opened with its own reference so that no two are equal, read with
the built-in defaults plus the example utility glossary (``docs/examples/guidelines-jargon.yaml``):
characters per second, cold (Japanese: MeCab included) and with the Japanese morphemes already cut
(``find_jargon(..., tokens=JaDocument(text).tokens)``, what a lint whose ja rules cut the text pays).
Data classes: every variable name of the judged tables in ``tests/test_data_classes.py`` made
distinct, classified by name: paths per second, cold and asked again (the classifier caches
what a name says, so a lint that asks about the same variable in every variant pays once).

Best of ``--repeat`` runs; one process, no other work.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from intents import example_texts

    from ccm_cli.text import ja
    from ccm_cli.text.jargon import find_jargon, load_glossary
    from ccm_cli.yamlio import parse

    doc = parse((ROOT / "docs/examples/guidelines-jargon.yaml").read_text("utf-8"), "brand/guidelines.yaml")
    glossary, _ = load_glossary(doc.data["jargon"], doc, ("jargon",))
    base = example_texts()
    for language, locale in (("en", "en-US"), ("ja", "ja-JP")):
        texts = [f"Ref {i:05d}. {base[language][i % len(base[language])]}" for i in range(args.texts)]
        chars = sum(map(len, texts))
        best_cold = best_cut = float("inf")
        for run in range(args.repeat):
            distinct = [f"{run} {t}" for t in texts]
            ja._tokenize_cached.cache_clear()
            ja._tokens_at.cache_clear()
            start = time.perf_counter()
            for t in distinct:
                find_jargon(t, locale, glossary)
            best_cold = min(best_cold, time.perf_counter() - start)
            if language == "ja":
                docs = [(t, ja.JaDocument(t).tokens) for t in distinct]
                start = time.perf_counter()
                for t, tokens in docs:
                    find_jargon(t, locale, glossary, tokens=tokens)
                best_cut = min(best_cut, time.perf_counter() - start)
        line = f"jargon {language}: {len(texts)} texts, {chars:,} chars: {chars / best_cold:,.0f} chars/s"
        if language == "ja":
            line += f"; morphemes already cut: {chars / best_cut:,.0f} chars/s"
        print(line)

    from test_data_classes import CASES

    from ccm_cli.policy import data_classes

    paths = [f"{p}" if i == 0 else f"v{i}.{p}" for i in range(max(1, args.texts // len(CASES))) for p, _ in CASES]
    best = float("inf")
    for _ in range(args.repeat):
        data_classes._tokens.cache_clear()
        data_classes._by_name.cache_clear()
        start = time.perf_counter()
        for p in paths:
            data_classes.classify(p, {"type": "string"})
        best = min(best, time.perf_counter() - start)
    start = time.perf_counter()
    for p in paths:
        data_classes.classify(p, {"type": "string"})
    warm = time.perf_counter() - start
    print(f"data classes: {len(paths)} distinct paths: {len(paths) / best:,.0f} paths/s cold, "
          f"{len(paths) / warm:,.0f} paths/s asked again")


if __name__ == "__main__":
    main()
