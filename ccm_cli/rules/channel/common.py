"""Helpers shared by the channel rules."""

from __future__ import annotations

from ...channels import limits
from ..base import LintContext


def channel_limits(ctx: LintContext, channel: str) -> dict[str, int]:
    key = ("limits", channel)
    if key not in ctx.memo:
        ctx.memo[key] = limits(ctx.project.channel_overrides, channel)
    return ctx.memo[key]


def sample_note(variant) -> str:
    return f" (sample '{variant.sample.name}')" if variant.sample is not None and len(variant.comm.samples) > 1 else ""
