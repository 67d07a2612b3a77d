"""Publish targets as configured in ``ccm.yaml``; secrets come from environment variables.

::

    publish:
      allowed_branches: [main]                 # optional; default [main, master]
      default: {type: dir, path: dist/releases}
      archive: {type: sqlite, path: dist/ccm.db}
      prod: {type: postgres, url_env: CCM_PG_URL, allowed_branches: [main]}
      hook: {type: http, url: "https://send.example/ccm", secret_env: CCM_PUBLISH_KEY}
      history: {type: git, branch: ccm-releases}   # releases committed to a branch of this repository

A target's own ``allowed_branches`` wins over the project-wide one. Database URLs and keys are
never written in ``ccm.yaml``: the file names the environment variable (``url_env``,
``secret_env``) and ccm reads it at publish time. Values read from the environment are never
printed, logged or written into a release.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from ..errors import CcmError
from ..model import Project

DEFAULT_BRANCHES = ("main", "master")
TYPES = ("dir", "sqlite", "postgres", "http", "git")
RESERVED = ("allowed_branches",)


@dataclass
class TargetConfig:
    name: str
    type: str
    options: dict
    allowed_branches: list[str] = field(default_factory=list)
    file: str = "ccm.yaml"
    line: int | None = None
    column: int | None = None

    def error(self, message: str, key: str | None = None) -> CcmError:
        return CcmError(f"publish target '{self.name}': {message}", self.file, self.line, self.column)

    def required(self, key: str) -> Any:
        value = self.options.get(key)
        if value in (None, ""):
            raise self.error(f"'{key}' is required for a {self.type} target")
        return value

    def env(self, key: str) -> str:
        """The value of the environment variable named by option ``key`` (e.g. ``url_env``)."""
        name = self.required(key)
        if not isinstance(name, str):
            raise self.error(f"'{key}' must name an environment variable")
        value = os.environ.get(name)
        if value is None:
            raise self.error(f"environment variable {name} (named by '{key}') is not set")
        if not value.strip():
            raise self.error(f"environment variable {name} (named by '{key}') is empty")
        return value


def targets(project: Project) -> dict[str, dict]:
    publish = project.config.get("publish")
    if not isinstance(publish, dict):
        return {}
    return {str(k): v for k, v in publish.items() if k not in RESERVED}


def target_config(project: Project, name: str) -> TargetConfig:
    publish = project.config.get("publish")
    found = targets(project)
    where = _position(project, ("publish",))
    if name not in found:
        known = ", ".join(sorted(found)) or "none"
        raise CcmError(f"no publish target '{name}' in ccm.yaml (configured: {known})", "ccm.yaml", *where,
                       hint="add it under 'publish:', e.g. default: {type: dir, path: dist/releases}")
    options = found[name]
    line, column = _position(project, ("publish", name))
    if not isinstance(options, dict):
        raise CcmError(f"publish target '{name}' must be a mapping with a 'type'", "ccm.yaml", line, column)
    kind = options.get("type")
    if kind not in TYPES:
        raise CcmError(f"publish target '{name}': type must be one of {', '.join(TYPES)}, got {kind!r}", "ccm.yaml", line, column)
    branches = options.get("allowed_branches", publish.get("allowed_branches") if isinstance(publish, dict) else None)
    if branches is None:
        branches = list(DEFAULT_BRANCHES)
    if not isinstance(branches, list) or not all(isinstance(b, str) for b in branches):
        raise CcmError(f"publish target '{name}': allowed_branches must be a list of branch names", "ccm.yaml", line, column)
    return TargetConfig(name, kind, options, branches, "ccm.yaml", line, column)


def _position(project: Project, path: tuple) -> tuple[int | None, int | None]:
    return project.config_doc.key_position(path)
