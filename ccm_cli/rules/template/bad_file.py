"""A `<field>_file:` that is missing, unreadable, or outside the repository.

What it checks: `body_file:` (and `subject_file:` etc.) names a file next to the comm that
exists and stays inside the repository (no absolute paths, no `..` out of it, no symlink out
of it). Such files are never read.
Why: a template file outside the repository is not reviewed with the comm, and reading
arbitrary paths in CI could leak secrets into a message.
Bad:
    body_file: /etc/passwd
    body_file: ../../../secrets.txt
Good:
    body_file: payment-reminder.ja.md.j2
"""

from __future__ import annotations

from ..base import at_doc, make

ID = "template/bad-file"
CATEGORY = "template"
SEVERITY = "error"
SCOPE = "comm"


def check(comm, ctx):
    for problem in comm.file_problems:
        yield make(__name__, f"{problem.channel}.{problem.field}_file: {problem.message}",
                   **at_doc(comm.doc, problem.doc_path), comm=comm, locale=problem.locale,
                   channel=problem.channel, fix="Name a file in the comm's folder")
