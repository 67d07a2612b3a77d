"""SMS encoding arithmetic (3GPP TS 23.038)."""

import pytest

from ccm_cli.channels import limits, loosened, sms_info


@pytest.mark.parametrize(
    "text, encoding, units, parts",
    [
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("€" * 80, "GSM-7", 160, 1),  # extension table: 2 septets each
        ("€" * 81, "GSM-7", 162, 2),
        ("a" * 152 + "€" + "a" * 10, "GSM-7", 164, 2),  # the escape pair is not split
        ("a" * 152 + "[" + "a" * 153, "GSM-7", 307, 3),  # 152+2 > 153: "[" starts part 2
        ("あ" * 70, "UCS-2", 70, 1),
        ("あ" * 71, "UCS-2", 71, 2),
        ("あ" * 134, "UCS-2", 134, 2),
        ("あ" * 135, "UCS-2", 135, 3),
        ("a" * 60 + "’", "UCS-2", 61, 1),  # one curly quote switches the whole message
        ("😀" * 35, "UCS-2", 70, 1),  # surrogate pairs count as two units
        ("😀" * 36, "UCS-2", 72, 2),
        ("", "GSM-7", 0, 1),
    ],
)
def test_sms_parts(text, encoding, units, parts):
    info = sms_info(text)
    assert (info.encoding, info.units, info.parts) == (encoding, units, parts)


def test_non_gsm_characters_are_named():
    assert sms_info("We’ve got it — thanks").non_gsm == ("’", "—")


def test_overrides_only_tighten():
    overrides = {"sms": {"max_parts": 2}, "email": {"subject_max": 200, "preheader_min": 10}}
    assert limits(overrides, "sms")["max_parts"] == 2
    assert limits(overrides, "email")["subject_max"] == 78
    assert limits(overrides, "email")["preheader_min"] == 40
    assert sorted(loosened(overrides)) == [("email", "preheader_min", 10, 40), ("email", "subject_max", 200, 78)]
