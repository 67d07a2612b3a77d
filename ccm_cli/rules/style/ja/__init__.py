"""The Japanese style rules (``ja/<textlint rule name>``, category style).

Every module has ``ID``, ``CATEGORY``, ``SEVERITY``, ``OPTIONS`` (declared as every rule's,
see :mod:`ccm_cli.rules.options`), ``DEFAULT`` (those options' defaults, as
textlint-rule-preset-ja-technical-writing sets them) and ``check_text(doc, options)``, which
yields ``TextProblem`` offsets into ``doc.text``. Build one ``JaDocument`` per text and pass it
to every rule: the text is tokenised once.

This package's registry: its rule modules, in catalogue order; ``RULES``: the modules
themselves (for textlint-compatible callers).
"""

from importlib import import_module

MODULES = (
    "sentence_length",
    "max_ten",
    "max_comma",
    "max_kanji_continuous_len",
    "no_mix_dearu_desumasu",
    "ja_no_mixed_period",
    "no_doubled_joshi",
    "no_double_negative_ja",
    "no_dropping_the_ra",
    "ja_no_weak_phrase",
    "ja_no_redundant_expression",
    "no_hankaku_kana",
    "no_zero_width_spaces",
    "no_nfd",
    "no_exclamation_question_mark",
    "arabic_kanji_numbers",
    "no_doubled_conjunction",
    "no_doubled_conjunctive_particle_ga",
    "no_invalid_control_character",
    "ja_no_successive_word",
    "ja_no_abusage",
    "ja_unnatural_alphabet",
    "no_unmatched_pair",
)

RULES = tuple(import_module(f"{__name__}.{name}") for name in MODULES)
