"""The words a repository's policies are written in: its intent library (the built-in one
extended by ``policies/intents.yaml``, SPEC 2.6) and its audience vocabulary
(``policies/audience.yaml``, SPEC 2.7) — each loaded once per project.

The loader puts both files among the project's documents (so their schema problems are
``schema/*`` findings and their text is part of every cache key); this module builds what they
define the first time a rule asks and keeps it with the project::

    library = intent_library(project)       # IntentLibrary: built-in + policies/intents.yaml
    vocabulary = audience_vocabulary(project)   # Vocabulary (Vocabulary.absent() without the file)
    intents_problems(project), audience_problems(project)   # what the schema cannot see

The problems returned here are the ones the JSON Schema cannot see (a ``within`` cycle, an
unsafe ``re:`` phrase, a new intent without a description, colliding aliases); the schema's
own are reported by the schema rules, once.
"""

from __future__ import annotations

from ..intents import INTENTS_FILE, IntentLibrary, builtin_library, load_intents_doc
from .vocabulary import AUDIENCE_FILE, Vocabulary, load_vocabulary_doc

__all__ = ["intent_library", "intents_problems", "audience_vocabulary", "audience_problems", "INTENTS_FILE",
           "AUDIENCE_FILE"]

_INTENTS = "policy:intents"
_AUDIENCE = "policy:audience"


def intent_library(project) -> IntentLibrary:
    """The repository's intent library (the built-in one when it has no policies/intents.yaml)."""
    return _intents(project)[0]


def intents_problems(project) -> list:
    """The problems of policies/intents.yaml the schema cannot see (IntentsProblem values)."""
    return _intents(project)[1]


def audience_vocabulary(project) -> Vocabulary:
    """The repository's audience vocabulary; :meth:`Vocabulary.absent` without the file."""
    return _audience(project)[0]


def audience_problems(project) -> list:
    """The problems of policies/audience.yaml the schema cannot see (ccm_cli.problems.Problem)."""
    return _audience(project)[1]


def _intents(project) -> tuple[IntentLibrary, list]:
    found = project.cache.get(_INTENTS)
    if found is None:
        doc = project.doc("intents")
        found = (builtin_library(), []) if doc is None or doc.data is None else load_intents_doc(doc, schema_problems=False)
        project.cache[_INTENTS] = found
    return found


def _audience(project) -> tuple[Vocabulary, list]:
    found = project.cache.get(_AUDIENCE)
    if found is None:
        doc = project.doc("audience")
        if doc is None:
            found = (Vocabulary.absent(), [])
        elif not isinstance(doc.data, dict):
            # empty, or not a mapping (the schema rules report it): nothing can be checked against it
            found = (Vocabulary.absent(), [])
        else:
            found = load_vocabulary_doc(doc, schema_problems=False)
        project.cache[_AUDIENCE] = found
    return found
