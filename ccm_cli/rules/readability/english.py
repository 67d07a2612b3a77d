"""English readability: Flesch-Kincaid grade, Flesch reading ease and sentence length.

What it checks: the English text a customer reads in a field that is made of sentences (a
body; never a subject, preheader, title, headline or CTA), against ``readability.en`` of
brand/guidelines.yaml — ``default``, then ``channel.<channel>``, then ``category.<category>``
merged in that order (the category wins):

* ``fk_grade_max``: the Flesch-Kincaid grade level of the whole text;
* ``flesch_min``: the Flesch reading ease of the whole text (higher is easier);
* ``sentence_words_max``: the words in any one sentence (each long sentence is reported).

Scored text: the rendered text with Markdown, link URLs, code, salutations, sign-offs,
signature blocks and URL-only lines removed, and what is not part of a sentence not counted —
bare URLs and e-mail addresses, a URL in parentheses ("( https://… )"), table cells, a link
label set off by a dash ("Share feedback - If …"): the sentence view every text rule shares
(:func:`ccm_cli.text.not_prose.non_prose`). ``{{ ... }}`` placeholders of a loose file count as
one word. A text shorter than 3 sentences or 30 words is too short for a formula
to mean anything: only ``sentence_words_max`` applies to it. A grade or ease finding quotes
the score, the limit and the hardest sentence, and points at that sentence.
Syllables are counted offline (no download, ever): textstat's own fallback — pyphen's
hyphenation points plus one — raised to the count of vowel groups (silent final "e" and
"-ed" discounted) when pyphen sees fewer; textstat's CMUdict path would fetch NLTK data
from the network and is never used. The formulas are textstat's (Flesch 1948, Kincaid 1975).
Why: customers skim. Plain language (grade 8 or lower) is what regulators and accessibility
guidelines ask for, and long sentences are where readers give up.
Bad:
    # readability: {en: {default: {fk_grade_max: 8, sentence_words_max: 20}}}
    body: "Notwithstanding the aforementioned considerations, remittance of the outstanding
      balance is obligatory prior to the termination of the subsequent billing period."
Good:
    body: "Please pay your bill before your next billing period starts."
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...findings import TextProblem
from ..brand._common import reader_view, to_source
from ..options import Option, Schema
from ._common import MIN_SENTENCES, MIN_WORDS, anchor, limits, number, quote

ID = "readability/english"
CATEGORY = "readability"
SEVERITY = "warning"
SCOPE = "text"

OPTIONS = {  # each under readability.en's default, channel.<channel> or category.<category>
    "readability.en.fk_grade_max": Option(Schema({"type": "number"}), None, "Flesch-Kincaid grade, at most",
                                          "English: the highest school grade level a text may need.", (8,)),
    "readability.en.flesch_min": Option(Schema({"type": "number"}), None, "Flesch reading ease, at least",
                                        "English: 0 (hard) to 100 (easy); 60 is plain English.", (60,)),
    "readability.en.sentence_words_max": Option(Schema({"type": "integer"}), None, "Words per sentence, at most",
                                                "English: the longest sentence allowed, in words.", (20,)),
}

_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_WORD = re.compile(r"[A-Za-z0-9$£€][\w'’.,/$%-]*")
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)]*\s+|\n")
_ABBREVIATIONS = {"a.m.", "p.m.", "e.g.", "i.e.", "etc.", "mr.", "mrs.", "ms.", "dr.", "st.", "no.", "vs.", "approx."}


@lru_cache(maxsize=1)
def _pyphen():
    import pyphen

    return pyphen.Pyphen(lang="en_US")


@lru_cache(maxsize=20000)
def syllables(word: str) -> int:
    """Syllables in one word, offline (see the module docstring)."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 1 if any(ch.isdigit() for ch in word) else 0
    by_pyphen = len(_pyphen().positions(w)) + 1
    groups = len(re.findall(r"[aeiouy]+", w))
    if len(w) > 2 and w.endswith("e") and not w.endswith(("le", "ee", "ye")) and groups > 1:
        groups -= 1
    elif w.endswith("ed") and not w.endswith(("ted", "ded")) and groups > 1:
        groups -= 1
    return max(by_pyphen, groups, 1)


def words(sentence: str) -> list[str]:
    return _WORD.findall(_PLACEHOLDER.sub(" name ", sentence))


def prose_words(text: str, start: int, end: int, view=None) -> list[str]:
    """The words of ``text[start:end]`` that are prose: none inside a range ``view`` skips."""
    if view is None:
        return words(text[start:end])
    sentence = _PLACEHOLDER.sub(lambda m: " name".ljust(len(m.group(0))), text[start:end])
    return [m.group(0) for m in _WORD.finditer(sentence) if not view.skipped(start + m.start(), start + m.end())]


def split_sentences(text: str, blocks, view=None) -> list[tuple[int, int]]:
    """Sentence spans of the reader's text: blocks, lines, and ``.``/``!``/``?`` + space."""
    spans = []
    for block in blocks:
        start = block.start
        for m in _BOUNDARY.finditer(text, block.start, block.end):
            head = text[start : m.start()].strip()
            last = head.split()[-1].lower() if head.split() else ""
            if m.group(0) != "\n" and last in _ABBREVIATIONS:
                continue
            spans.append((start, m.start()))
            start = m.end()
        spans.append((start, block.end))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b and prose_words(text, a, b, view):
            out.append((a, b))
    return out


def grade(n_words: int, n_sentences: int, n_syllables: int) -> float:
    return 0.39 * n_words / n_sentences + 11.8 * n_syllables / n_words - 15.59


def ease(n_words: int, n_sentences: int, n_syllables: int) -> float:
    return 206.835 - 1.015 * n_words / n_sentences - 84.6 * n_syllables / n_words


def score(text: str, blocks, view=None) -> dict:
    """Counts and scores of a text (also used for calibration and by ``ccm lint FILE``);
    ``view`` (a reader view): the ranges whose words are not counted."""
    sentences = []
    for a, b in split_sentences(text, blocks, view):
        ws = prose_words(text, a, b, view)
        syl = sum(syllables(w) for w in ws)
        sentences.append({"start": a, "end": b, "words": len(ws), "syllables": syl, "grade": grade(len(ws), 1, syl)})
    n_words = sum(s["words"] for s in sentences)
    n_syl = sum(s["syllables"] for s in sentences)
    result = {"sentences": sentences, "words": n_words}
    if sentences and n_words:
        result["grade"] = grade(n_words, len(sentences), n_syl)
        result["ease"] = ease(n_words, len(sentences), n_syl)
    return result


def check(target, ctx):
    if target.language != "en" or not target.is_sentences:
        return
    limit = limits(ctx, "en", target)
    if not limit:
        return
    prose = target.sentence_prose
    if prose is None:
        return
    text = prose.text
    result = score(text, prose.blocks, reader_view(target, sentences=True))
    sentences = result["sentences"]
    if not sentences:
        return
    where = ", ".join(x for x in (target.channel, target.category) if x)

    def at(sentence):
        start, end = to_source(target, sentence["start"], sentence["end"], sentences=True)
        return anchor(target, start, end)

    found: dict[int, list[str]] = {}  # sentence index -> messages (one finding per sentence)
    max_words = number(limit.get("sentence_words_max"))
    if max_words is not None:
        for i, s in enumerate(sentences):
            if s["words"] > max_words:
                found.setdefault(i, []).append(f"Sentence of {s['words']} words; the limit is {max_words:g}: '{quote(text[s['start']:s['end']])}'")
    if len(sentences) >= MIN_SENTENCES and result["words"] >= MIN_WORDS:
        hardest = max(range(len(sentences)), key=lambda i: (sentences[i]["words"] >= 3, sentences[i]["grade"]))
        h = sentences[hardest]
        hard = f"hardest sentence (grade {h['grade']:.1f}): '{quote(text[h['start']:h['end']])}'"
        suffix = f" ({where})" if where else ""
        max_grade = number(limit.get("fk_grade_max"))
        min_ease = number(limit.get("flesch_min"))
        scores = []
        if max_grade is not None and result["grade"] > max_grade:
            scores.append(f"Flesch-Kincaid grade {result['grade']:.1f} is above the limit of {max_grade:g}{suffix}")
        if min_ease is not None and result["ease"] < min_ease:
            scores.append(f"Flesch reading ease {result['ease']:.0f} is below the minimum of {min_ease:g}{suffix}")
        if scores:
            found.setdefault(hardest, []).insert(0, "; ".join(scores) + f"; {hard}")
    for i, messages in sorted(found.items()):
        start, end = at(sentences[i])
        fix = "Use shorter sentences and everyday words" if len(messages) > 1 or not messages[0].startswith("Sentence") else "Split it into two sentences"
        yield TextProblem(start, end, " — ".join(messages), fix)
