"""A locale of a comm that lacks a channel another locale of the same comm has.

What it checks: the channels under `content.<locale>` are the same for every locale of a comm.
Why: the sending platform picks the channel per customer; a Japanese-speaking customer whose
preferred channel is SMS would get nothing — or the English SMS — when only en-US has one.
For a regulatory notice that means the notice was never given.
Bad:
    content: {en-US: {email: ..., sms: ...}, ja-JP: {email: ...}}
Good:
    content: {en-US: {email: ..., sms: ...}, ja-JP: {email: ..., sms: ...}}
"""

from __future__ import annotations

from ..base import at_doc, make

ID = "consistency/missing-channel"
CATEGORY = "consistency"
SEVERITY = "warning"
SCOPE = "comm"


def check(comm, ctx):
    locales = comm.locales()
    if len(locales) < 2:
        return
    has = {locale: set(comm.channels_for(locale)) for locale in locales}
    for locale in locales:
        for channel in sorted(set().union(*has.values()) - has[locale]):
            others = ", ".join(other for other in locales if channel in has[other])
            yield make(__name__, f"{locale} has no {channel} content, but {others} {'has' if ',' not in others else 'have'} it",
                       **at_doc(comm.doc, ("content", locale), key=True), comm=comm, locale=locale, channel=channel,
                       excerpt=locale, fix=f"Add content.{locale}.{channel}, or remove {channel} from the other locales")
