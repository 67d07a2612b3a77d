"""Vale-format style rules: a style is a folder of YAML rules, each ``extends:`` a check type.

``loader.load_styles(root, folders)`` reads ``<folder>/<Style>/<Rule>.yml`` into
:class:`~ccm_cli.vale.checks.ValeRule` objects (bad files raise :class:`CcmError` with
file:line); ``checks`` implements the check types (existence, substitution, occurrence,
repetition, capitalization, consistency, conditional) on a text split into Vale's scopes.
"""

from .checks import Alert, Scopes, ValeRule
from .loader import load_styles

__all__ = ["Alert", "Scopes", "ValeRule", "load_styles"]
