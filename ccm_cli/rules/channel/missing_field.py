"""A channel block without a field that channel cannot go without.

What it checks: email has a subject and a body, SMS/LINE/chat/letter/push a body, a web
banner a headline — for every locale of the comm.
Why: an email without a subject lands as "(no subject)" and is filtered as spam; a push
without a body shows nothing.
Bad:
    email: {body: "Hi {{ customer.first_name }}, ..."}
Good:
    email: {subject: "Your bill is ready", body: "Hi {{ customer.first_name }}, ..."}
"""

from __future__ import annotations

from ...channels import REQUIRED_FIELDS
from ...model import channel_blocks
from ..base import at_doc, make

ID = "channel/missing-field"
CATEGORY = "channel"
SEVERITY = "error"
SCOPE = "comm"


def check(comm, ctx):
    for locale, channel, fields in channel_blocks(comm.data):
        if channel not in REQUIRED_FIELDS or not isinstance(fields, dict):
            continue
        for name in REQUIRED_FIELDS[channel]:
            if name in fields or f"{name}_file" in fields:
                continue
            yield make(__name__, f"{channel} in {locale} has no {name}",
                       **at_doc(comm.doc, ("content", locale, channel), key=True), comm=comm,
                       locale=str(locale), channel=channel, fix=f"Add {name}: to the {channel} block")
