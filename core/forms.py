"""Form fields shared by every app: a number, or an amount of rupiah, typed the Indonesian way
(see core/numbers.py)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.numbers import (
    NOT_AVAILABLE,
    Range,
    bounds,
    format_rupiah,
    format_value,
    parse_rupiah,
    parse_value,
    terbilang,
)


class IndonesianNumberField(forms.CharField):
    """A number typed the Indonesian way into a text input (never type=number, which drops the
    comma): '1.250,5'. Optionally a range ('80–90') or 'tidak ada'. See core/numbers.py."""

    def __init__(self, *, allow_range=False, allow_not_available=False, **kwargs):
        self.allow_range = allow_range
        self.allow_not_available = allow_not_available
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": 60})

    def to_python(self, value):
        text = super().to_python(value)
        if len(text) > 60:
            raise forms.ValidationError(_("Enter a number."), code="invalid")
        value = parse_value(
            text,
            allow_range=self.allow_range,
            allow_not_available=self.allow_not_available,
        )
        for number in bounds(value):
            if isinstance(number, Decimal):
                _check_digits(number)
        return value


def _check_digits(number: Decimal) -> None:
    """What the database keeps: 18 digits, 4 of them after the comma. Never rounded quietly."""
    sign, digits, exponent = number.as_tuple()
    decimals = max(-exponent, 0)
    if decimals > 4:
        raise forms.ValidationError(_("At most 4 digits after the comma."), code="decimals")
    if len(digits) - decimals > 14:
        raise forms.ValidationError(_("The number is too large."), code="too_large")


def understood(value) -> str:
    """How a saved value was understood, for the message after saving: '1.000 (seribu)'."""
    if value is NOT_AVAILABLE:
        return "tidak ada"
    if isinstance(value, Range):
        words = f"{terbilang(value.low)} sampai {terbilang(value.high)}"
        return f"{format_value(value.low, value.high)} ({words})"
    return f"{format_value(value)} ({terbilang(value)})"


class RupiahField(forms.CharField):
    """An amount of rupiah typed the Indonesian way into a text input: 'Rp 1.250.000.000',
    '1.250.000.000', '1250000000' or '1,25 miliar'; abbreviations ('1,25 M') are refused
    (core.numbers.parse_rupiah). Required unless told otherwise."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": 60})

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        if len(text) > 60:
            raise forms.ValidationError(_("Enter an amount."), code="invalid")
        return parse_rupiah(text)

    def prepare_value(self, value):
        """A stored amount shown back as it reads: '1.250.000.000' (no 'Rp', no trailing
        zeros); what was typed is shown back as typed."""
        if isinstance(value, Decimal):
            return format_rupiah(value).removeprefix("Rp ")
        return value


def understood_rupiah(value: Decimal) -> str:
    """How an amount was understood, for the message after saving:
    'Rp 1.250.000.000 (satu miliar dua ratus lima puluh juta rupiah)'."""
    return f"{format_rupiah(value)} ({terbilang(value)} rupiah)"
