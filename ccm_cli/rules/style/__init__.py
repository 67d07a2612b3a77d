"""Style rules: mechanical writing rules — Vale-format styles from guidelines.yaml (``styles:``).

The Japanese ``ja/*`` style rules have their own registry (``ccm_cli.rules.ja``).

This package's registry: its rule modules, in catalogue order."""

MODULES = (
    "vale",
)
