"""Japanese readability: jReadability (Lee & Hasebe) and sentence length in characters.

What it checks: the Japanese text a customer reads in a field made of sentences (a body;
never a subject, preheader, title, headline or CTA), against ``readability.ja`` of
brand/guidelines.yaml — ``default``, ``channel.<channel>``, ``category.<category>`` merged in
that order (the category wins):

* ``jreadability_min``: the jReadability score of the whole text, higher is easier —
  ``11.724 − 0.056 × mean sentence length in words − 0.126 × 漢語率 − 0.042 × 和語率
  − 0.145 × 動詞率 − 0.044 × 助詞率`` (rates in percent of the words; 語種 and parts of speech
  from UniDic). Words are UniDic short units, punctuation included (、 and 。 are units in
  UniDic, and the published bands were fitted on counts that include them; dropping them
  inflates every rate and puts plain polite mail in 上級); spaces are not words. Bands: 上級後半
  0.5–1.4, 上級前半 1.5–2.4, 中級後半 2.5–3.4, 中級前半 3.5–4.4, 初級後半 4.5–5.4,
  初級前半 5.5–6.4. The scale was built for learners of Japanese: plain customer mail in
  です・ます scores about 2–4.5 (the example repository: 1.45–4.8, median 3.2), so a floor
  around 1.5 flags only text harder than a newspaper editorial.
* ``sentence_chars_max``: characters in any one sentence (each long sentence is reported).

Scored text: the rendered text with Markdown, link URLs, code, salutations (「山田様」),
sign-offs and URL-only lines removed; bare URLs and e-mail addresses, a URL in parentheses
（ https://… ）and table cells are not counted in a sentence's characters or words (the sentence
view every text rule shares: :func:`ccm_cli.text.not_prose.non_prose`); inline code is, as
textlint's sentence-length counts it. A text shorter than 3 sentences or 30 words is too
short for the formula: only ``sentence_chars_max`` applies. A score finding gives the score,
its band, the limit and the hardest sentence (the lowest-scoring one), and points at it.
Why: 漢語 and long sentences are what make notices hard to read; the score turns a reviewer's
"this feels stiff" into a number a pull request can be held to.
Bad:
    # readability: {ja: {default: {jreadability_min: 2.5, sentence_chars_max: 80}}}
    body: "当社約款第十二条所定の料金未納継続時における電力供給停止措置実施予定日到来前に、
      未払残高全額を指定口座宛振込により完済願います。"
Good:
    body: "お支払いの期限が過ぎています。電気が止まる前に、お支払いをお願いします。"
"""

from __future__ import annotations

import bisect

from ...findings import TextProblem
from ...text.not_prose import non_prose
from ..brand._common import to_source
from ..options import Option, Schema
from ._common import MIN_SENTENCES, MIN_WORDS, anchor, limits, number, quote

ID = "readability/japanese"
CATEGORY = "readability"
SEVERITY = "warning"
SCOPE = "text"

OPTIONS = {  # each under readability.ja's default, channel.<channel> or category.<category>
    "readability.ja.sentence_chars_max": Option(Schema({"type": "integer"}), None, "Characters per sentence, at most",
                                                "Japanese: the longest sentence allowed, in characters.", (80,)),
    "readability.ja.jreadability_min": Option(Schema({"type": "number"}), None, "jReadability, at least",
                                              "Japanese: jReadability score (higher is easier; 3.5 and up is intermediate).", (2.5,)),
}

BANDS = ((5.5, "初級前半"), (4.5, "初級後半"), (3.5, "中級前半"), (2.5, "中級後半"), (1.5, "上級前半"), (0.5, "上級後半"))


def band(value: float) -> str:
    for floor, name in BANDS:
        if value >= floor:
            return name
    return "上級後半より難"


def formula(n_words: int, n_sentences: int, kango: int, wago: int, verbs: int, particles: int) -> float:
    pct = 100.0 / n_words
    return (
        -0.056 * n_words / n_sentences
        - 0.126 * kango * pct
        - 0.042 * wago * pct
        - 0.145 * verbs * pct
        - 0.044 * particles * pct
        + 11.724
    )


def _counts(tokens) -> tuple[int, int, int, int, int]:
    words = [t for t in tokens if t.pos != "空白" and t.surface.strip()]
    return (
        len(words),
        sum(t.goshu == "漢" for t in words),
        sum(t.goshu == "和" for t in words),
        sum(t.pos == "動詞" for t in words),
        sum(t.pos == "助詞" for t in words),
    )


def score(doc) -> dict:
    """Per-sentence and whole-text counts and scores of a JaDocument (sentences never cross
    blocks, so each distinct block is counted once per process)."""
    sentences = []
    totals = [0, 0, 0, 0, 0]
    for offset, counted in doc.per_block((ID,), _block_sentences):
        for start, end, chars, counts in counted:
            totals = [a + b for a, b in zip(totals, counts)]
            sentences.append({"start": start + offset, "end": end + offset, "chars": chars, "words": counts[0],
                              "score": formula(counts[0], 1, *counts[1:])})
    result = {"sentences": sentences, "words": totals[0]}
    if sentences:
        result["score"] = formula(totals[0], len(sentences), *totals[1:])
        result["rates"] = {k: 100.0 * v / totals[0] for k, v in zip(("kango", "wago", "verbs", "particles"), totals[1:])}
    return result


def _block_sentences(doc) -> list[tuple[int, int, int, tuple]]:
    """(start, end, characters, counts) of each sentence of a one-block document; what is not
    prose (a URL, code) is not counted."""
    code = {(g.start, g.end) for b in doc.blocks for g in b.segments if g.kind == "code"}
    skip = [r for r in non_prose(doc.prose, sentences=True) if r not in code]
    starts = [a for a, _ in skip]

    def skipped(i: int) -> bool:
        k = bisect.bisect_right(starts, i) - 1
        return k >= 0 and skip[k][0] <= i < skip[k][1]

    out = []
    for s in doc.sentences:
        tokens = doc.tokens_between(s.start, s.end)
        text = s.text
        if skip:
            tokens = [t for t in tokens if not skipped(t.start)]
            text = "".join(ch for i, ch in enumerate(s.text, s.start) if not skipped(i))
        if not any(t.pos not in ("補助記号", "記号", "空白") for t in tokens):
            continue  # only symbols: not a sentence
        out.append((s.start, s.end, len(text.strip()), _counts(tokens)))
    return out


def check(target, ctx):
    if target.language != "ja" or not target.is_sentences:
        return
    limit = limits(ctx, "ja", target)
    if not limit:
        return
    doc = target.ja_doc(sentences=True)
    if doc is None:
        return
    result = score(doc)
    sentences = result["sentences"]
    if not sentences:
        return
    text = doc.text
    found: dict[int, list[str]] = {}
    max_chars = number(limit.get("sentence_chars_max"))
    if max_chars is not None:
        for i, s in enumerate(sentences):
            if s["chars"] > max_chars:
                found.setdefault(i, []).append(f"一文が{s['chars']}文字です（上限{max_chars:g}文字）: '{quote(text[s['start']:s['end']], 40)}'")
    minimum = number(limit.get("jreadability_min"))
    if minimum is not None and len(sentences) >= MIN_SENTENCES and result["words"] >= MIN_WORDS and result["score"] < minimum:
        hardest = min(range(len(sentences)), key=lambda i: sentences[i]["score"])
        h = sentences[hardest]
        where = ", ".join(x for x in (target.channel, target.category) if x)
        message = (f"jReadability {result['score']:.2f} ({band(result['score'])}) is below the minimum of {minimum:g}"
                   + (f" ({where})" if where else "")
                   + f"; hardest sentence ({h['score']:.2f}): '{quote(text[h['start']:h['end']], 40)}'")
        found.setdefault(hardest, []).insert(0, message)
    for i, messages in sorted(found.items()):
        s = sentences[i]
        start, end = to_source(target, s["start"], s["end"], sentences=True)
        start, end = anchor(target, start, end, width=8)
        fix = "文を短く分け、漢語を和語に言い換えてください" if messages[0].startswith("jReadability") else "文を二つに分けてください"
        yield TextProblem(start, end, " — ".join(messages), fix)
