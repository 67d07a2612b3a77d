"""Publish targets, one module per type; :func:`open_target` is the registry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import Target, TargetError

if TYPE_CHECKING:  # the runtime imports targets to read releases: no project model needed there
    from ...model import Project


def open_target(project: Project, name: str) -> Target:
    """The target called ``name`` in ccm.yaml (``CcmError`` when it is missing or misconfigured)."""
    from ..config import target_config

    config = target_config(project, name)
    if config.type == "dir":
        from .dir import open_dir

        return open_dir(config, project.root)
    if config.type == "sqlite":
        from .sqlite import open_sqlite

        return open_sqlite(config, project.root)
    if config.type == "git":
        from .git import open_git

        return open_git(config, project.root)
    if config.type == "postgres":
        from .postgres import open_postgres

        return open_postgres(config)
    from .http import open_http

    return open_http(config)


__all__ = ["Target", "TargetError", "open_target"]
