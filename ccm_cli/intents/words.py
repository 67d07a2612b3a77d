"""Phrases in English, German, French (and other space-separated languages) matched on words.

A text and a phrase are cut into the same units:

* **words** — letters and digits (``don't`` and ``customer's`` stay one word; a hyphen between
  letters separates words, so "three-month" is "three month"), compared by their Snowball stem
  (Porter2 for English; the German and French stemmers), lower-cased: "turned off your power"
  reads as "turn off your power", "referring friends" as "refer friend";
* **function words** (prepositions, pronouns, auxiliaries: "off", "us", "will", "be") compared
  exactly, so "being" is not "be" and "offs" is not "off";
* **determiners and possessives** ("a", "the", "your", "our"; "der", "Ihr"; "le", "vos") left
  out of both, so "refer a friend" reads "refer your friends" and "turn off your power" reads
  "turn off the power";
* **punctuation** (``%``, ``$``, ``,``, ``.``...) a unit of its own, and a blank line one more:
  a phrase never spans a sentence or a paragraph it does not itself contain.

A phrase matches a run of consecutive units equal to its own — so on word boundaries, never
inside a longer word. Languages without a Snowball stemmer compare lower-cased words.

Negation (for intents marked ``negatable``): a match does not count when a negation ("not",
"never", "won't"; "nicht", "kein"; "ne", "jamais") stands before it, separated from it only by
words that cannot undo it (auxiliaries, pronouns, "ask", "for"...): "we will never ask for your
password", "we won't turn off your power". "If you do not pay we will disconnect" still counts.
"""

from __future__ import annotations

import re
from typing import Iterable

from ccm_cli.scale.lru import BoundedCache

from .matching import PARAGRAPH_CACHE, RegexPhrases, split_phrases, tidy
from .model import Intent, IntentMatch, Phrase

# A word (letters/digits, inner apostrophes), a blank line, one punctuation mark, or a dash
# that is not a hyphen between letters. Markdown emphasis (* _ `) and quotes are skipped.
_UNIT = re.compile(
    r"(?P<w>[^\W_]+(?:['’][^\W_]+)*)"
    r"|(?P<b>\n[ \t]*\n)"
    r"|(?P<d>(?<![^\W_])-+|-+(?![^\W_]))"
    r"|(?P<p>[^\w\s*_`'’\"\-])"
)

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

STEMMERS = {"en": "english", "de": "german", "fr": "french", "es": "spanish", "it": "italian",
            "pt": "portuguese", "nl": "dutch", "sv": "swedish", "da": "danish", "no": "norwegian",
            "nb": "norwegian", "fi": "finnish", "ru": "russian"}

# Left out of phrases and texts alike.
DROP = {
    "en": {"a", "an", "the", "your", "my", "our", "their", "his", "her", "its", "this", "that", "these", "those",
           "any", "some"},
    "de": {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
           "ihr", "ihre", "ihren", "ihrem", "ihrer", "ihres", "dein", "deine", "deinen", "deinem", "deiner",
           "unser", "unsere", "unseren", "unserem", "unserer", "mein", "meine", "meinen", "meinem", "meiner"},
    "fr": {"le", "la", "les", "l", "un", "une", "votre", "vos", "ton", "ta", "tes", "mon", "ma", "mes",
           "son", "sa", "ses", "notre", "nos", "leur", "leurs", "ce", "cet", "cette", "ces"},
}
# Compared exactly, never stemmed.
EXACT = {
    "en": {"off", "on", "in", "out", "up", "down", "to", "of", "for", "with", "by", "at", "from", "as", "into",
           "and", "or", "not", "no", "we", "us", "you", "i", "it", "they", "them", "who", "what", "how",
           "will", "would", "can", "could", "may", "might", "must", "shall", "should",
           "be", "is", "are", "was", "were", "been", "being", "have", "has", "had", "do", "does", "did",
           "we'll", "we'd", "we're", "we've", "you'll", "you're", "it's", "don't", "won't", "can't"},
    "de": {"sie", "wir", "uns", "es", "ihnen", "und", "oder", "nicht", "kein", "keine", "zu", "zum", "zur",
           "von", "vom", "mit", "für", "auf", "an", "am", "im", "in", "bei", "nur", "noch", "jetzt", "ist", "wird",
           "werden"},
    "fr": {"de", "à", "au", "aux", "en", "et", "ou", "ne", "pas", "nous", "vous", "pour", "par", "sur", "dans",
           "avec", "qui", "que", "il", "elle", "est", "sont"},
}
# French and Italian elisions are words of their own: l'électricité → l' électricité.
_ELISION = {"fr": re.compile(r"^(l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’](?=\w)", re.I)}
_ELIDED = {"l": "l", "d": "de", "j": "je", "m": "me", "n": "ne", "s": "se", "t": "te", "c": "ce", "qu": "que",
           "jusqu": "jusque", "lorsqu": "lorsque", "puisqu": "puisque"}

NEGATORS = {
    "en": {"not", "never", "no", "cannot", "won't", "don't", "doesn't", "didn't", "can't", "isn't", "aren't",
           "wasn't", "weren't", "wouldn't", "shouldn't", "couldn't", "mustn't", "haven't", "hasn't", "nor"},
    "de": {"nicht", "nie", "niemals", "kein", "keine", "keinen", "keinem", "keiner", "keinesfalls"},
    "fr": {"ne", "pas", "jamais", "aucun", "aucune", "sans"},
}
# Words that may stand between a negation and the phrase it negates.
TRANSPARENT = {
    "en": {"will", "would", "shall", "should", "can", "could", "may", "might", "must", "do", "does", "did",
           "be", "been", "being", "is", "are", "was", "were", "have", "has", "had", "ever", "again",
           "currently", "automatically", "immediately", "actually", "also", "we", "you", "us", "it", "they",
           "i", "anyone", "someone", "to", "for", "ask", "asking", "request", "requesting", "require", "need",
           "want", "try", "going", "email", "call", "text", "contact", "via", "by", "over", "phone", "get",
           "offer", "give", "grant", "agree", "arrange", "provide", "approve", "accept", "able"},
    "de": {"wir", "sie", "es", "werden", "wird", "würden", "können", "dürfen", "müssen", "wollen", "je",
           "erfolgt", "gibt", "droht", "uns", "ihnen", "nach"},
    "fr": {"nous", "vous", "allons", "pourrons", "pouvons", "devrons", "serons", "sera", "seront", "va",
           "vont", "jamais", "pas", "aucun", "aucune", "demanderons", "demander", "de", "ne"},
}
NEGATION_WINDOW = 6  # units before a match that may hold its negation
_BREAK_KINDS = ("b", "d", "p")


# Word -> key (its stem, its lower case, or None: left out), per language. A key depends on the
# language alone, so every matcher of a language (the intent library, a theme library, the
# jargon glossary) shares it: a word is stemmed once per process, not once per matcher.
_KEYS: dict[str, dict[str, str | None]] = {}


class WordMatcher:
    """All plain phrases of one language in one index; ``re:`` phrases beside it."""

    def __init__(self, language: str, entries: Iterable[tuple[Intent, Phrase]]) -> None:
        self.language = language
        self._stem = _stemmer(language)
        self._drop = DROP.get(language, set())
        self._exact = EXACT.get(language, set())
        self._elision = _ELISION.get(language)
        self._negators = NEGATORS.get(language, set())
        self._transparent = TRANSPARENT.get(language, set())
        self._keys = _KEYS.setdefault(language, {})  # word -> key: the same for every matcher of the language
        # phrases by their anchor: the key least likely to be common (not a function word, the
        # longest), so that most texts are passed over by the quick check in find()
        self.index: dict[str, list[tuple[list[str], int, Intent, Phrase]]] = {}
        plain, regex = split_phrases(entries, self.phrase_keys)
        for intent, phrase, keys in plain:
            anchor = max(range(len(keys)), key=lambda j: (keys[j] not in self._exact, len(keys[j])))
            self.index.setdefault(keys[anchor], []).append((keys, anchor, intent, phrase))
        self._word_anchors = {k for k in self.index if _WORD.fullmatch(k)}
        self._other_anchors = [k for k in self.index if k not in self._word_anchors]
        self.regex = RegexPhrases(regex)
        self.cache: BoundedCache = BoundedCache(PARAGRAPH_CACHE)  # paragraph -> its matches (see find_intents)

    # ------------------------------------------------------------------ units
    def key(self, word: str) -> str | None:
        """What a word is compared by (None: left out)."""
        found = self._keys.get(word, "")
        if found != "":
            return found
        lower = word.lower().replace("’", "'")
        if lower in self._drop:
            found = None
        elif lower in self._exact or self._stem is None or not lower.isalpha() and "'" not in lower:
            found = lower
        else:
            found = self._stem(lower)
        if len(self._keys) > 200_000:
            self._keys.clear()
        self._keys[word] = found
        return found

    def units(self, text: str) -> tuple[list[str], list[str], list[int], list[int]]:
        """(keys, lower-cased words, starts, ends) of the units of ``text`` that count."""
        keys: list[str] = []
        words: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        key = self.key
        elision = self._elision
        for m in _UNIT.finditer(text):
            kind = m.lastgroup
            if kind != "w":
                keys.append("\n\n" if kind == "b" else m.group(kind)[0])
                words.append("")
                starts.append(m.start())
                ends.append(m.end())
                continue
            word = m.group("w")
            start = m.start()
            if elision is not None:
                e = elision.match(word)
                if e is not None:
                    head = _ELIDED[e.group(1).lower()]
                    if head not in self._drop:
                        keys.append(head)
                        words.append(head)
                        starts.append(start)
                        ends.append(e.end() + start)
                    start += e.end()
                    word = word[e.end():]
            k = key(word)
            if k is None:
                continue
            keys.append(k)
            words.append(word.lower().replace("’", "'"))
            starts.append(start)
            ends.append(m.end())
        return keys, words, starts, ends

    def phrase_keys(self, phrase: str) -> list[str]:
        return self.units(phrase)[0]

    # ------------------------------------------------------------------ matching
    def _may_match(self, text: str) -> bool:
        """Quick check: does the text hold any phrase's anchor? (Most texts do not.)"""
        if any(k in text for k in self._other_anchors):
            return True
        known = self._keys
        words = _WORD.findall(text)
        if self._elision is not None:  # l'électricité is two words
            words = [self._elision.sub("", w) for w in words]
        keys = set(map(known.get, words))
        if not self._word_anchors.isdisjoint(keys):
            return True
        key = self.key
        for w in words:
            if w not in known and key(w) in self._word_anchors:
                return True
        return False

    def find(self, text: str, tokens=None) -> list[IntentMatch]:
        """Every match in ``text``, negated ones included (marked), tidied."""
        out: list[IntentMatch] = []
        if self.index and self._may_match(text):
            keys, words, starts, ends = self.units(text)
            index = self.index
            n_keys = len(keys)
            for i, k in enumerate(keys):
                candidates = index.get(k)
                if candidates is None:
                    continue
                for pkeys, anchor, intent, phrase in candidates:
                    n = len(pkeys)
                    s = i - anchor
                    if n > 1 and (s < 0 or s + n > n_keys or keys[s:s + n] != pkeys):
                        continue
                    a, b = starts[s], ends[s + n - 1]
                    negated = self._negation(words, keys, s, s + n) if intent.negatable else None
                    out.append(IntentMatch(intent.name, phrase.text, a, b, text[a:b], phrase.origin, negated))
        if self.regex:
            out.extend(self.regex.find(text, self._span_negation(text)))
        return tidy(out)

    def _negation(self, words: list[str], keys: list[str], first: int, after: int) -> str | None:
        j = first - 1
        stop = max(-1, first - 1 - NEGATION_WINDOW)
        while j > stop:
            word = words[j]
            if not word:  # punctuation, a dash, a blank line: another clause
                return None
            if word in self._negators or word.endswith("n't"):
                return word
            if word not in self._transparent:
                return None
            j -= 1
        if self.language == "de":  # "Wir sperren Ihren Anschluss nicht"
            for j in range(after, min(after + 2, len(words))):
                if words[j] in self._negators:
                    return words[j]
                if not words[j]:
                    break
        return None

    def _span_negation(self, text: str):
        state: dict = {}

        def negation(start: int, end: int) -> str | None:
            if "units" not in state:
                state["units"] = self.units(text)
            keys, words, starts, ends = state["units"]
            import bisect

            first = bisect.bisect_left(starts, start)
            after = bisect.bisect_left(starts, end)
            return self._negation(words, keys, first, after)

        return negation


def _stemmer(language: str):
    name = STEMMERS.get(language)
    if name is None:
        return None
    import snowballstemmer

    return snowballstemmer.stemmer(name).stemWord
