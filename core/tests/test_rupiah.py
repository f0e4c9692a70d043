"""Amounts of rupiah as people type them: read exactly, or refused with how to write them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.numbers import format_rupiah, parse_rupiah


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("Rp 1.250.000.000", "1250000000"),
        ("Rp. 1.250.000.000", "1250000000"),
        ("Rp1.250.000.000,-", "1250000000"),
        ("1.250.000.000", "1250000000"),
        ("1.250.000.000,00", "1250000000"),
        ("1250000000", "1250000000"),
        ("1,25 miliar", "1250000000"),
        ("Rp 1,25 Milyar", "1250000000"),
        ("750 juta", "750000000"),
        ("2 triliun", "2000000000000"),
        ("1.500,50", "1500.5"),
        ("0", "0"),
    ],
)
def test_an_amount_typed_the_indonesian_way_is_read_exactly(typed, amount):
    assert parse_rupiah(typed) == Decimal(amount)


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("1,25 M", "abbreviation"),
        ("1,25M", "abbreviation"),
        ("500 jt", "abbreviation"),
        ("satu miliar", "invalid"),
        ("Rp", "invalid"),
        ("-5.000", "negative"),
        ("1,000", "ambiguous"),
        ("12,345", "decimals"),
        ("1000 triliun", "too_large"),
    ],
)
def test_an_abbreviation_or_anything_unclear_is_refused(typed, why):
    with pytest.raises(ValidationError) as refused:
        parse_rupiah(typed)
    assert refused.value.code == why


def test_an_amount_is_shown_with_rp_and_dots_and_sen_only_when_there_are_some():
    assert format_rupiah(Decimal("1250000000.00")) == "Rp 1.250.000.000"
    assert format_rupiah(Decimal("1500.5")) == "Rp 1.500,50"
    assert format_rupiah(None) == ""
