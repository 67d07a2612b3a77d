"""Rebuild this corpus from Postmark's templates (not run by the tests; kept so the conversion can be checked).

    git clone https://github.com/ActiveCampaign/postmark-templates /tmp/pm   # at fa73527
    python tests/corpus/en/convert.py /tmp/pm

For each template of ``templates/basic/`` but ``example`` (a component showcase, not a message),
``content.txt`` is copied as it is to ``raw/<name>.txt`` (a loose prose file), and converted word
for word into ``comms/postmark/<name>.yaml``: its first line is the preheader, the rest the
Markdown body — ``Label ( url )`` becomes ``[Label](url)``, a line between two ``****`` rules a
``#`` heading and one over or between ``----`` rules a ``##`` heading, ``{{x}}`` ``{{ x }}`` and
``{{#each list}} … {{/each}}`` ``{% for item in list %} … {% endfor %}`` (the fields inside as
``item.x``). Every word, placeholder and placeholder link is kept. The subject is the
template's title in Postmark's README. Variables are declared as strings (lists as arrays) with
one sample.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
TITLES = {"comment-notification": "Comment notification", "dunning": "Dunning", "invoice": "Invoice",
          "password-reset": "Reset Password", "password-reset-help": "Reset Password Help", "receipt": "Receipt",
          "trial-expired": "Trial expired", "trial-expiring": "Trial expiring", "user-invitation": "User invitation",
          "welcome": "Welcome"}
LISTS = {"invoice_details": ("description", "amount"), "receipt_details": ("description", "amount"),
         "attachment_details": ("attachment_name", "attachment_url", "attachment_size", "attachment_type")}
SAMPLE = {"name": "Ana", "action_url": "https://app.acme.test/go/8f2c41d9", "login_url": "https://app.acme.test/login",
          "username": "ana", "support_email": "help@acme.test", "support_url": "https://acme.test/help",
          "live_chat_url": "https://acme.test/chat", "help_url": "https://acme.test/docs", "trial_length": "14",
          "trial_start_date": "March 1, 2026", "trial_end_date": "March 15, 2026", "purchase_date": "March 1, 2026",
          "due_date": "March 15, 2026", "total": "$120.00", "invoice_id": "INV-1042", "receipt_id": "R-1042",
          "date": "March 1, 2026", "value": "$120.00", "invoice_url": "https://app.acme.test/invoices/1042",
          "expiration_date": "April 1, 2026", "credit_card_brand": "Visa", "credit_card_last_four": "4242",
          "billing_url": "https://app.acme.test/billing", "operating_system": "macOS", "browser_name": "Firefox",
          "invite_sender_name": "Ken", "invite_sender_organization_name": "Acme", "trial_extension_url": "https://acme.test/extend",
          "feedback_url": "https://acme.test/feedback", "body": "Looks good to me.", "commenter_name": "Ken",
          "timestamp": "10:42", "notifications_url": "https://app.acme.test/settings", "product_name": "Acme",
          "email_address": "ana@acme.test", "sender_name": "Ken", "description": "Electricity, March", "amount": "$120.00",
          "attachment_name": "plan.pdf", "attachment_url": "https://acme.test/files/plan.pdf", "attachment_size": "1 MB",
          "attachment_type": "PDF"}


def anchors_of(html: str) -> list[str]:
    """The text of every link of the HTML version, whitespace collapsed (the labels)."""
    return [" ".join(re.sub(r"<[^>]+>", "", a).split()) for a in re.findall(r"<a\b[^>]*>(.*?)</a>", html, re.S)]


def link(m: re.Match, anchors: list[str]) -> str:
    """``text ( url )`` as ``text-before [label](url)``: the label is the longest link text of the
    HTML version that the text ends with (the whole text when none does)."""
    text, url = m.group(1), m.group(2)
    url = re.sub(r"\{\{\s*([\w.]+)\s*\}\}", r"{{ \1 }}", url)
    flat = " ".join(text.split())
    labels = sorted((a for a in anchors if a and flat.endswith(a)), key=len, reverse=True)
    if not labels:
        return f"[{text.strip()}]({url})"
    cut = len(text.rstrip()) - len(labels[0])
    return f"{text[:cut]}[{text[cut:].strip()}]({url})"


def convert(txt: str, html: str) -> tuple[str, str, set[str], set[str]]:
    """(preheader, Markdown body, the variables, the list variables) of one content.txt."""
    anchors = [re.sub(r"\{\{\s*([\w.]+)\s*\}\}", r"{{\1}}", a) for a in anchors_of(html)]
    if 'class="preheader"' in html:
        preheader, _, body = txt.partition("\n")
    else:
        preheader, body = "", txt
    lines = body.strip("\n").split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        rule = re.fullmatch(r"(\*{3,}|-{3,})", line)
        if rule and i + 2 < len(lines) and re.fullmatch(re.escape(line[0]) + "{3,}", lines[i + 2]):
            out.append(("# " if line[0] == "*" else "## ") + lines[i + 1])
            i += 3
            continue
        if i + 1 < len(lines) and re.fullmatch(r"-{3,}", lines[i + 1]) and line.strip():
            out.append("## " + line)
            i += 2
            continue
        out.append(line)
        i += 1
    md = "\n".join(out)
    lists: set[str] = set()
    loop_var: list[str] = []

    def block(m: re.Match) -> str:
        name = m.group(1).strip()
        if name == ".":
            return ""
        lists.add(name)
        loop_var.append(name)
        return f"{{% for item in {name} %}}"

    md = re.sub(r"\{\{#each ([^}]*)\}\}|\{\{#(\w+)\}\}", lambda m: block(m) if m.group(1) is not None
                else block(re.match(r"(.*)", m.group(2))), md)
    md = re.sub(r"\{\{/each\}\}\n*", lambda m: "", md) if "{{#attachment" in txt else md
    md = re.sub(r"\{\{/each\}\}|\{\{/\w+\}\}", "{% endfor %}", md)
    fields = {f for name in lists for f in LISTS.get(name, ())}
    md = re.sub(r"\{\{\s*([\w.]+)\s*\}\}", lambda m: f"{{{{ item.{m.group(1)} }}}}" if m.group(1) in fields
                else f"{{{{ {m.group(1)} }}}}", md)
    md = re.sub(r"([^\n()]+?) \( ((?:https?://|\{\{)[^\s)]*(?: [^\s)]* \}\})?) \)", lambda m: link(m, anchors), md)
    names = set(re.findall(r"\{\{ (?!item\.)([\w.]+) \}\}", md)) | set(re.findall(r"\{\{ (?!item\.)([\w.]+) \}\}", preheader))
    preheader = re.sub(r"\{\{\s*([\w.]+)\s*\}\}", r"{{ \1 }}", preheader)
    return preheader, md, names, lists


def yaml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(repo: str) -> None:
    (HERE / "comms" / "postmark").mkdir(parents=True, exist_ok=True)
    (HERE / "raw").mkdir(exist_ok=True)
    for name in sorted(TITLES):
        txt = subprocess.run(["git", "-C", repo, "show", f"HEAD:templates/basic/{name}/content.txt"],
                             capture_output=True, text=True, check=True).stdout
        (HERE / "raw" / f"{name}.txt").write_text(txt, encoding="utf-8")
        html = subprocess.run(["git", "-C", repo, "show", f"HEAD:templates/basic/{name}/content.html"],
                              capture_output=True, text=True, check=True).stdout
        preheader, md, names, lists = convert(txt, html)
        variables = [f"  {n}: {{type: string}}" for n in sorted(names)]
        variables += [f"  {n}: {{type: array, items: {{type: object}}}}" for n in sorted(lists)]
        data = {n: SAMPLE.get(n, n.replace("_", " ")) for n in sorted(names)}
        sample = ", ".join(f"{n}: {yaml_str(v)}" for n, v in data.items())
        items = ", ".join(f"{n}: [{{{', '.join(f'{f}: {yaml_str(SAMPLE.get(f, f))}' for f in LISTS[n])}}}]" for n in sorted(lists))
        body = "\n".join(("        " + l) if l else "" for l in md.split("\n"))
        (HERE / "comms" / "postmark" / f"{name}.yaml").write_text(
            f"# Postmark's '{name}' template (templates/basic/{name}/content.txt), converted word for word: see ../../convert.py\n"
            f"id: postmark.{name}\nname: {TITLES[name]}\nowner: product\ncategory: transactional\nkind: on-demand\n"
            f"variables:\n" + "\n".join(variables) + "\n"
            f"samples:\n  - name: typical\n    data: {{{', '.join(x for x in (sample, items) if x)}}}\n"
            f"content:\n  en-US:\n    email:\n      subject: {yaml_str(TITLES[name])}\n"
            + (f"      preheader: {yaml_str(preheader)}\n" if preheader else "") +
            f"      body: |\n{body}\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
