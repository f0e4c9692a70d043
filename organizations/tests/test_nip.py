import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from organizations.models import Official
from organizations.nip import format_nip, normalize_nip, validate_nip
from organizations.tests.factories import OfficialFactory, UnitFactory

TODAY = datetime.date(2026, 11, 23)


@pytest.mark.parametrize(
    "typed",
    [
        "196304211985031008",  # Jambi, as digits
        "19630421 198503 1 008",  # Jambi, as printed
        "19630421.198503.1.008",
        "196605091992031003",  # Sumsel
        "199812312020122001",  # a woman, appointed in December 2020
    ],
)
def test_valid_nips_pass(typed):
    validate_nip(typed, today=TODAY)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("19630421198503100", "18 digits"),  # 17 digits
        ("1963042119850310088", "18 digits"),  # 19 digits
        ("19630421A98503 1 008", "18 digits"),
        ("196302301985031008", "real birth date"),  # 30 February
        ("193012011955031008", "not plausible"),  # born before 1940
        ("196304211985131008", "TMT"),  # month 13
        ("196304211975031008", "does not fit"),  # appointed at 11
        ("199001012030011001", "does not fit"),  # appointed in the future
        ("196304211985033008", "gender"),
    ],
)
def test_invalid_nips_are_rejected_with_a_reason(typed, message):
    with _english():
        with pytest.raises(ValidationError) as caught:
            validate_nip(typed, today=TODAY)
        assert message in caught.value.messages[0]


def test_normalize_and_format_round_trip():
    assert normalize_nip(" 19630421 198503 1 008 ") == "196304211985031008"
    assert format_nip("196304211985031008") == "19630421 198503 1 008"
    assert format_nip("bad") == "bad"


@pytest.mark.django_db
def test_official_stores_digits_and_prints_grouped():
    official = OfficialFactory.build(unit=UnitFactory(), nip="19630421 198503 1 008")
    official.full_clean()
    official.save()
    official.refresh_from_db()
    assert official.nip == "196304211985031008"
    assert official.nip_display == "19630421 198503 1 008"
    assert official.pangkat == "Pembina"
    assert official.pangkat_display == "Pembina (IV/a)"


@pytest.mark.django_db
def test_invalid_nip_error_is_indonesian():
    official = OfficialFactory.build(unit=UnitFactory(), nip="12345")
    with pytest.raises(ValidationError) as caught:
        official.full_clean()
    assert caught.value.message_dict["nip"] == [
        "NIP harus terdiri dari 18 angka (spasi dan titik boleh dipakai)."
    ]


@pytest.mark.django_db
def test_nip_unique_within_unit():
    first = OfficialFactory(nip="196304211985031008")
    duplicate = Official(unit=first.unit, name="X", nip="19630421 198503 1 008", jabatan="Staf")
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert "NIP ini sudah terdaftar di unit ini." in caught.value.messages


def _english():
    return translation.override("en")
