"""A tag that policies/audience.yaml does not allow, or a policy naming an intent that does not exist.

What it checks: when policies/audience.yaml exists (SPEC 2.7), every tag a comm declares and
every tag policies/contact.yaml keys a rule on (`suppressions[].tag`, `exclusive[].tags`,
`frequency_caps[].tag`, `category_content.*.forbid`) is listed in its `tags:` or is an intent
name or alias (`ccm intents`; always allowed). The finding says which allowed tag was most
likely meant. With or without the file, `category_content` may forbid only intents (or their
aliases) and listed tags: it judges what a text shows.
Why: tags decide which suppressions, exclusivity rules and caps hold for a comm. A comm tagged
`disconection-notice` is under none of the rules written for `disconnection-notice`, and a
policy that forbids `promtion` forbids nothing.
Bad:
    tags: [colections]
Good:
    tags: [collections]
"""

from __future__ import annotations

from ...policy.vocabularies import audience_vocabulary, intent_library
from ..base import at_doc, make

ID = "contact/unknown-tag"
CATEGORY = "contact"
SEVERITY = "error"
SCOPE = "comm"  # the comm's tags; check_repository: the tags policies/contact.yaml names


def check(comm, ctx):
    vocabulary = audience_vocabulary(ctx.project)
    if not vocabulary.exists:
        return
    intents = intent_library(ctx.project).tag_names()
    tags = comm.get("tags")
    for i, tag in enumerate(tags if isinstance(tags, list) else []):
        if isinstance(tag, str) and not vocabulary.known_tag(tag, intents):
            guess = vocabulary.suggest_tag(tag, intents)
            yield make(__name__, vocabulary.unknown_tag_message(tag, intents), **at_doc(comm.doc, ("tags", i)), comm=comm,
                       excerpt=tag, fix=f"Use '{guess}'" if guess else f"Add '{tag}' to tags: in {vocabulary.rel}")


def check_repository(project, ctx):
    vocabulary = audience_vocabulary(project)
    intents = intent_library(project).tag_names()
    for schema, doc in project.documents:
        if schema != "contact" or not isinstance(doc.data, dict):
            continue
        for path, tag, forbid in _policy_tags(doc.data):
            if forbid and not (tag in intents or (vocabulary.exists and tag in vocabulary.tags)):
                guess = vocabulary.suggest_tag(tag, intents)
                yield make(__name__, f"category_content forbids '{tag}', which is not an intent"
                                     f"{f' (did you mean {guess!r}?)' if guess else ''}: it forbids what a text shows "
                                     f"(`ccm intents` lists them)",
                           **at_doc(doc, path), excerpt=tag,
                           fix=f"Use '{guess}'" if guess else "Name an intent, or define it in policies/intents.yaml")
            elif not forbid and vocabulary.exists and not vocabulary.known_tag(tag, intents):
                guess = vocabulary.suggest_tag(tag, intents)
                yield make(__name__, vocabulary.unknown_tag_message(tag, intents), **at_doc(doc, path), excerpt=tag,
                           fix=f"Use '{guess}'" if guess else f"Add '{tag}' to tags: in {vocabulary.rel}")


def _policy_tags(data: dict):
    """(path, tag, is a category_content forbid) of every tag a contact policy names."""
    for key, inner in (("suppressions", "tag"), ("frequency_caps", "tag")):
        entries = data.get(key)
        for i, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, dict) and isinstance(entry.get(inner), str):
                yield (key, i, inner), entry[inner], False
    entries = data.get("exclusive")
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        tags = entry.get("tags") if isinstance(entry, dict) else None
        for j, tag in enumerate(tags if isinstance(tags, list) else []):
            if isinstance(tag, str):
                yield ("exclusive", i, "tags", j), tag, False
    content = data.get("category_content")
    for category, rules in (content.items() if isinstance(content, dict) else ()):
        names = rules.get("forbid") if isinstance(rules, dict) else None
        for j, tag in enumerate(names if isinstance(names, list) else []):
            if isinstance(tag, str):
                yield ("category_content", category, "forbid", j), tag, True
