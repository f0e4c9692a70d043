"""Form fields shared by every app: a number typed the Indonesian way (see core/numbers.py)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.numbers import NOT_AVAILABLE, Range, bounds, format_value, parse_value, terbilang


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
