"""Intents: what a text does — sells, threatens disconnection, asks for a referral, defers a
payment (SPEC 2.6) — read from the words the customer reads, with their positions.

The API the rules call::

    from ccm_cli.intents import builtin_library, find_intents, load_intents_text

    library = builtin_library()                       # or: load_intents_text(text, rel)[0]
    for m in find_intents(rendered_text, "en-US", library):
        m.intent, m.phrase, m.start, m.end, m.words   # offsets into rendered_text

    from ccm_cli.intents import find_durations, promised_duration, parse_lasts
    promised_duration(text, locale, matches)          # "for up to 3 months" near a payment-deferral
    parse_lasts("{{ offer.months }} months", comm_variables)

Modules: ``model`` (the values), ``library`` (the built-in library and policies/intents.yaml),
``words`` (English, German, French... on stems), ``morphemes`` (Japanese on lemmas),
``catalog`` (the library in force, its matchers), ``finding`` (``find_intents``),
``patterns`` (``re:`` phrases: the one place user regexes are compiled), ``durations``
(promises), ``matching`` (what the two matchers share).
"""

from __future__ import annotations


from .durations import Duration, find_durations, parse_lasts, promised_duration, LastsError
from .library import INTENTS_FILE, IntentsProblem, builtin_library, load_intents_doc, load_intents_text
from .catalog import IntentLibrary
from .finding import find_in_prose, find_intents, intents_shown
from .model import Intent, IntentMatch, Phrase, language_of

__all__ = [
    "Duration", "INTENTS_FILE", "Intent", "IntentLibrary", "IntentMatch", "IntentsProblem", "LastsError", "Phrase",
    "builtin_library", "find_durations", "find_in_prose", "find_intents", "intents_shown", "language_of", "load_intents_doc",
    "load_intents_text", "parse_lasts", "promised_duration",
]
