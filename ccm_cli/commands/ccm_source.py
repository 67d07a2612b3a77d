"""Where the CI of a content repository gets ccm: the pinned requirement `ccm init` writes.

CI runs ccm with the repository's secrets in reach, so the workflows `ccm init` writes install
exactly what ``.github/ccm-requirements.txt`` names, and that file is the content repository's
own: changed only by a reviewed pull request. ``ccm init`` fills it from how the ccm running it
was installed (PEP 610 ``direct_url.json``): a git checkout at a commit is pinned to that
commit, a downloaded archive to its URL and hash, anything else to the exact version on the
package index. ``ccm init --ccm-requirement`` names any other source (a fork, a mirror, an
internal index).
"""

from __future__ import annotations

import json
import re
from importlib import metadata

from .. import __version__

DISTRIBUTION = "comms-as-code"
REQUIREMENTS_FILE = ".github/ccm-requirements.txt"

HEADER = f"""\
# The ccm that this repository's CI installs: .github/workflows/pr.yml and release.yml run
# `pip install -r {REQUIREMENTS_FILE}`. CI runs ccm with this repository's secrets in reach,
# so keep it pinned to a source your organisation controls, and change it only in a reviewed
# pull request. Examples:
#   {DISTRIBUTION} @ git+https://github.com/<your-org>/ccm@<full commit sha>
#   {DISTRIBUTION} @ https://<your mirror>/{DISTRIBUTION.replace("-", "_")}-X.Y.Z-py3-none-any.whl#sha256=<its sha256>
#   {DISTRIBUTION}==X.Y.Z          (the exact release, from the package index pip is set up to use)
# Written by `ccm init` {__version__}: {{why}}.
"""


def requirement_file(override: str | None = None) -> str:
    """The text of ``.github/ccm-requirements.txt``."""
    if override is not None:
        return HEADER.format(why="given with --ccm-requirement") + override.strip() + "\n"
    line, why = installed_requirement()
    return HEADER.format(why=why) + line + "\n"


def check_requirement(text: str) -> str | None:
    """Why ``text`` cannot be a requirement line for ccm, or None when it can."""
    if not text.strip() or "\n" in text.strip() or "\r" in text:
        return "give one requirement on one line"
    if not re.match(rf"\s*{re.escape(DISTRIBUTION)}\s*(@|==|===)", text, re.I):
        return f"pin ccm exactly: '{DISTRIBUTION}==X.Y.Z' or '{DISTRIBUTION} @ <URL at a commit or of an archive>'"
    return None


def installed_requirement() -> tuple[str, str]:
    """(requirement line, why) for the ccm that is running."""
    pinned = f"{DISTRIBUTION}=={__version__}"
    try:
        raw = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        raw = None
    if not raw:
        return pinned, "the exact version, from your package index"
    try:
        direct = json.loads(raw)
    except ValueError:
        return pinned, "the exact version, from your package index"
    url = direct.get("url") if isinstance(direct, dict) else None
    vcs = direct.get("vcs_info") if isinstance(direct, dict) else None
    archive = direct.get("archive_info") if isinstance(direct, dict) else None
    if isinstance(url, str) and url.startswith("https://"):
        if isinstance(vcs, dict) and vcs.get("vcs") == "git" and re.fullmatch(r"[0-9a-f]{40}", str(vcs.get("commit_id", ""))):
            return f"{DISTRIBUTION} @ git+{url}@{vcs['commit_id']}", "the git commit this ccm was installed from"
        hashes = archive.get("hashes") if isinstance(archive, dict) else None
        if isinstance(hashes, dict) and isinstance(hashes.get("sha256"), str):
            return (f"{DISTRIBUTION} @ {url.split('#')[0]}#sha256={hashes['sha256']}",
                    "the archive this ccm was installed from, with its hash")
    return pinned, "the exact version, from your package index (this ccm was installed from a local folder)"
