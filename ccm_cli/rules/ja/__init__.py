"""Registry of the Japanese style rules (``ja/<textlint rule name>``).

Every module has ``ID``, ``CATEGORY``, ``SEVERITY``, ``DEFAULT`` (the options of
textlint-rule-preset-ja-technical-writing) and ``check_text(doc, options)``, which yields
``TextProblem`` offsets into ``doc.text``. Build one ``JaDocument`` per text and pass it to
every rule: the text is tokenised once.
"""

from ccm_cli.rules.ja import (
    ja_no_mixed_period,
    ja_no_redundant_expression,
    ja_no_weak_phrase,
    max_comma,
    max_kanji_continuous_len,
    max_ten,
    no_double_negative_ja,
    no_doubled_joshi,
    no_dropping_the_ra,
    no_exclamation_question_mark,
    no_hankaku_kana,
    no_mix_dearu_desumasu,
    no_nfd,
    no_zero_width_spaces,
    sentence_length,
)

RULES = (
    sentence_length,
    max_ten,
    max_comma,
    max_kanji_continuous_len,
    no_mix_dearu_desumasu,
    ja_no_mixed_period,
    no_doubled_joshi,
    no_double_negative_ja,
    no_dropping_the_ra,
    ja_no_weak_phrase,
    ja_no_redundant_expression,
    no_hankaku_kana,
    no_zero_width_spaces,
    no_nfd,
    no_exclamation_question_mark,
)
