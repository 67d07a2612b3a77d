"""Why a publish must not go ahead: lint errors, a dirty working tree, a branch not allowed.

Each reason can be overridden only with ``--force-reason "..."``; the reason and what it
overrode are recorded in the release manifest and in the target's history.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..findings import Severity


@dataclass(frozen=True)
class Refusal:
    code: str  # lint | dirty | branch | git
    message: str


def refusals(source, lint_result, allowed_branches: list[str], ignore_paths: list[str] = ()) -> list[Refusal]:
    found: list[Refusal] = []
    if not source.is_git or source.commit is None:
        found.append(Refusal("git", "the project is not in a git repository with a commit; releases are built from commits"))
    else:
        dirty = [line for line in source.dirty if not _ignored(line, ignore_paths)]
        if dirty:
            shown = ", ".join(_path(line) for line in dirty[:5]) + (f" and {len(dirty) - 5} more" if len(dirty) > 5 else "")
            found.append(Refusal("dirty", f"the working tree has uncommitted changes ({shown}); commit or stash them"))
        if source.branch not in allowed_branches:
            where = f"branch '{source.branch}'" if source.branch else "a detached HEAD"
            found.append(Refusal("branch", f"HEAD is on {where}; publishing is allowed from: {', '.join(allowed_branches)}"))
    if lint_result is not None:
        errors = [f for f in lint_result.findings if f.severity >= Severity.ERROR]
        if errors:
            first = errors[0]
            where = f"{first.file}:{first.line}:{first.column}: " if first.file else ""
            found.append(Refusal("lint", f"lint found {len(errors)} error(s), e.g. {where}{first.message} [{first.rule}]; run 'ccm lint'"))
    return found


def _path(line: str) -> str:
    path = line[3:] if len(line) > 3 else line
    return path.split(" -> ")[-1].strip('"')


def _ignored(line: str, ignore_paths) -> bool:
    path = _path(line)
    return any(path == p or path.startswith(p.rstrip("/") + "/") for p in ignore_paths)
