"""Style rules: mechanical writing rules — Vale-format styles from guidelines.yaml (``styles:``),
Unicode safety (``unicode/*``, in ``style/unicode/``) and the Japanese textlint rules
(``ja/*``, in ``style/ja/``).

This package's registry: its rule modules, in catalogue order. The registry of the whole
catalogue (``ccm_cli.rules``) lists ``style.unicode`` and ``style.ja`` as packages of their own.
"""

MODULES = (
    "vale",
    "doubled_word",
    "a_an",
    "mixed_quotes",
    "compound_modifier",
)
