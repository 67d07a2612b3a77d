"""Handlebars/Mustache tags and the Jinja to write instead (not a rule).

Templates copied from an e-mail vendor's gallery (Postmark, Mailchimp, SendGrid) are
Handlebars or Mustache; pasted into a comm they fail to parse with "unexpected char '#'".
:func:`find` finds the first such tag in a template source and :func:`jinja_for` names the
Jinja that does the same, so template/syntax-error can say what the writer has to change.
"""

from __future__ import annotations

import re

# {{{raw}}}, {{#each x}}, {{/each}}, {{^x}}, {{> partial}}, {{! comment}}, {{else}} (with ~ whitespace control)
TAG = re.compile(r"\{\{\{\s*[\w.]+\s*\}\}\}|\{\{~?\s*(?:[#/^>!]|else\b)[^{}\n]{0,80}\}\}")
_BLOCK = re.compile(r"\{\{~?\s*#\s*(\w+)\s*([^{}\n]*?)\s*~?\}\}")


def find(source: str) -> re.Match | None:
    """The first Handlebars/Mustache tag of ``source``, if any."""
    return TAG.search(source)


def jinja_for(tag: str) -> str:
    """The Jinja that does what ``tag`` does."""
    block = _BLOCK.fullmatch(tag)
    if block is not None:
        helper, arg = block.group(1), block.group(2) or "x"
        if helper == "each":
            return f"{{% for item in {arg} %}} … {{% endfor %}}"
        if helper in ("if", "with"):
            return f"{{% if {arg} %}} … {{% endif %}}"
        if helper == "unless":
            return f"{{% if not {arg} %}} … {{% endif %}}"
        return f"{{% for item in {arg} %}} … {{% endfor %}} or {{% if {arg} %}} … {{% endif %}}"
    body = tag.strip("{}~ ")
    if tag.startswith("{{{"):
        return f"{{{{ {body} }}}}"
    if body.startswith(">"):
        return f'{{% include "_snippets/{body[1:].strip()}.j2" %}}'
    if body.startswith("!"):
        return f"{{# {body[1:].strip()} #}}"
    if body.startswith("^"):
        return f"{{% if not {body[1:].strip()} %}} … {{% endif %}}"
    if body == "else":
        return "{% else %}"
    closing = body[1:].strip() if body.startswith("/") else ""
    if closing == "each":
        return "{% endfor %}"
    if closing in ("if", "unless", "with"):
        return "{% endif %}"
    return "{% endfor %} or {% endif %}"
