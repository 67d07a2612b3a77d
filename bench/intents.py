"""How fast the intent matcher reads text (issue 22): characters per second, English and Japanese.

    python bench/intents.py [--texts 2000] [--repeat 3]

The texts are the example repository's English and Japanese template fields (``comms/**/*.yaml``
and ``*.j2``, Jinja tags removed), each opened with its own reference ("Ref 00042.") so that no
two texts are equal and no cache keyed by text helps: the cold case a 10,000-comm lint meets on
distinct copy. Per language it prints

* ``match``: ``find_intents`` over every text, all caches empty at the start (tokenizing
  included; paragraphs met again within the run come from the paragraph cache, as in a lint);
* ``no cache``: the language's matcher on each whole text, no cache at all;
* ``tokenize``: for Japanese, MeCab alone (``ccm_cli.text.ja.tokenize``) on the same texts, the
  floor under ``match``; for English, the word cutting and stemming alone;
* ``warm``: ``find_intents`` again on the same texts (the ja tokenizer cache and the stem cache
  full): what the variants that share a paragraph pay, and for Japanese what the intents add
  to a lint whose ja rules have cut the text already (``find_intents(..., tokens=doc.tokens)``).

Best of ``--repeat`` runs; one process, no other work.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def example_texts() -> dict[str, list[str]]:
    """The example repository's template texts by language (en, ja)."""
    from ccm_cli.yamlio import parse

    out: dict[str, list[str]] = {"en": [], "ja": []}

    def walk(value, language):
        if isinstance(value, str):
            text = _JINJA.sub(" ", value).strip()
            if len(text) > 20:
                out[language].append(text)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v, language)
        elif isinstance(value, list):
            for v in value:
                walk(v, language)

    for path in sorted((ROOT / "comms").rglob("*")):
        if path.suffix in (".yaml", ".yml"):
            data = parse(path.read_text("utf-8"), str(path)).data
            content = data.get("content") if isinstance(data, dict) else None
            for locale, channels in (content or {}).items():
                language = str(locale).split("-")[0]
                if language in out:
                    walk(channels, language)
        elif path.suffix == ".j2":
            language = "ja" if ".ja." in path.name else "en"
            out[language].append(_JINJA.sub(" ", path.read_text("utf-8")).strip())
    return out


def distinct(texts: list[str], n: int, language: str) -> list[str]:
    ref = "参照番号 {:05d}。" if language == "ja" else "Ref {:05d}. "
    return [ref.format(i) + texts[i % len(texts)] for i in range(n)]


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from ccm_cli.intents import builtin_library, find_intents
    from ccm_cli.text import ja as ja_text

    library = builtin_library()
    library.matcher("en"), library.matcher("ja")  # compile once, as a lint run does
    sources = example_texts()
    print(f"{'language':<9}{'texts':>7}{'chars':>10}  {'match chars/s':>14}  {'no cache chars/s':>15}  "
          f"{'tokenize chars/s':>17}  {'warm chars/s':>13}  intents found")
    for language in ("en", "ja"):
        matcher = library.matcher(language)

        def clear() -> None:
            ja_text._tokenize_cached.cache_clear()
            ja_text._tokens_at.cache_clear()
            matcher.cache = type(matcher.cache)(matcher.cache.size)
            if language != "ja":
                matcher._keys.clear()

        found = 0
        total = 0

        def run_match():
            nonlocal found
            found = sum(len(find_intents(t, language, library)) for t in texts)

        def cold_match():
            clear()
            run_match()

        texts = distinct(sources[language], args.texts, language)
        total = sum(len(t) for t in texts)
        match_time = best(cold_match, args.repeat)

        def whole_texts():  # the matcher on each whole text: no paragraph cache
            clear()
            for t in texts:
                matcher.find(t)

        whole_time = best(whole_texts, args.repeat)
        if language == "ja":
            def tokenize_only():
                clear()
                for t in texts:
                    ja_text.tokenize(t)
        else:
            def tokenize_only():
                clear()
                for t in texts:
                    matcher.units(t)
        tokenize_time = best(tokenize_only, args.repeat)
        run_match()
        warm_time = best(run_match, args.repeat)
        print(f"{language:<9}{len(texts):>7}{total:>10}  {total / match_time:>14,.0f}  {total / whole_time:>15,.0f}  "
              f"{total / tokenize_time:>17,.0f}  {total / warm_time:>13,.0f}  {found}")


if __name__ == "__main__":
    main()
