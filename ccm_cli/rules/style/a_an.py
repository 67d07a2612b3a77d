""""a" where the next word starts with a vowel sound, or "an" before a consonant sound.

What it checks: English text a customer reads, for the article before a word: "an" before a
vowel sound ("an hour", "an SMS", "an MBA", "an honest"), "a" before a consonant sound ("a
user", "a one-time code", "a URL", "a European"). The sound is read from the spelling, with
the exceptions English spells: silent h (hour, honest, honour, heir), a "y" or "w" sound at the
start of a vowel letter (uni-, use, usu-, usa-, uti-, eu-, one, once) and acronyms said
letter by letter (an F, an HTML, an MBA, an SMS, an X; a URL, a UK). Not reported: a capital
"A" inside a sentence (a label: "Task A and Task B"), numbers, code, URLs, and words that came
from a fact or a variable.
Measured: 0 false alarms in 182,828 words of The Rust Programming Language
(rust-lang/book, MIT/Apache-2.0) and in Postmark's templates (docs/real-copy-precision.md).
Why: "a hour" or "an user" reads as a typo, and customers judge a company's care by them.
Bad:
    body: "Your code is valid for a hour. We sent an user guide by an SMS."
Good:
    body: "Your code is valid for an hour. We sent a user guide by an SMS."
"""

from __future__ import annotations

import re

from ...findings import TextProblem
from ..brand._common import reader_view, to_source

ID = "style/a-an"
CATEGORY = "style"
SEVERITY = "warning"
SCOPE = "text"

_ARTICLE = re.compile(r"(?:(?<![\w'’-])(a|an)|(?:^|(?<=[.!?:]\s)|(?<=\n))(A|An))[ \t]+([A-Za-z][\w'’-]*)", re.M)
_CONSONANT_SOUND = re.compile(r"(?:uni(?!nt|nf|nh|ns|nd|mp)|use|usu|usa|uti|ure|uro|eu|ewe|one\b|one-|once|ubiq|ufo|ukr|ura)")
_SILENT_H = re.compile(r"(?:hour|honest|honou?r|heir)")
_LETTER_VOWEL_SOUND = "AEFHILMNORSX"  # letters whose name starts with a vowel sound: "an F", "an S"


def wants_an(word: str) -> bool:
    """Does ``word`` start with a vowel sound (so takes "an")?"""
    w = word.lower()
    if _CONSONANT_SOUND.match(w):
        return False
    if _SILENT_H.match(w):
        return True
    if word.isupper() and len(word) <= 5:  # an acronym said letter by letter
        return word[0] in _LETTER_VOWEL_SOUND
    return w[0] in "aeiou"


def check(target, ctx):
    if target.language != "en":
        return
    view = reader_view(target)
    if view is None:
        return
    for m in _ARTICLE.finditer(view.text):
        article, word = m.group(1) or m.group(2), m.group(3)
        if (article.lower() == "an") == wants_an(word) or view.skipped(m.start(), m.end()):
            continue
        right = ("an" if article.islower() else "An") if article.lower() == "a" else ("a" if article.islower() else "A")
        start, end = to_source(target, m.start(), m.end())
        yield TextProblem(start, end, f"'{article} {word}': write '{right} {word}'", f"Replace '{article} {word}' with '{right} {word}'")
