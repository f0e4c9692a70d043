"""Numbers written the Indonesian way: one parsing rule, one way of showing them.

The rule (also in the README):

- a comma is the decimal sign: ``3,5``;
- dots group thousands: ``1.250.000`` and ``1.250,5``;
- a single dot that is not followed by exactly three digits is read as a decimal point, as
  people paste it from other programs: ``3.5`` is 3,5 and ``0.125`` is 0,125;
- anything else that could be read two ways is refused with a message that says how to write
  it: ``1.5.3``, ``1,000,5``, ``1.25,5``;
- ``tidak ada``, ``N/A`` or ``-`` say "no value" where a value may be missing;
- a range is two numbers with a dash or "s.d." between them: ``80–90``, ``80 - 90``,
  ``80 s.d. 90``;
- an amount of rupiah (`parse_rupiah`) may start with "Rp" and end with ",-" or ",00", and may
  name its magnitude in a word: ``1,25 miliar`` is 1.250.000.000 (ribu, juta, miliar or milyar,
  triliun). An abbreviation (``1,25 M``, ``500 jt``) is refused: "M" is a miliar in Indonesian
  and a million in English, a thousandfold apart.

Nothing here changes a value's magnitude: a text is either understood exactly or refused.
"""

import functools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NOT_AVAILABLE_WORDS = {"tidak ada", "n/a", "na", "-", "–", "—", "t/a"}

_GROUPED = re.compile(r"\d{1,3}(\.\d{3})+")
_PLAIN = re.compile(r"\d+")
_RANGE = re.compile(
    r"^\s*(?P<low>[-−]?[\d.,]+)\s*(?:%\s*)?(?:–|—|-|s\.?\s?d\.?|s/d|sampai(?: dengan)?)"
    r"\s*(?P<high>[-−]?[\d.,]+)\s*%?\s*$",
    re.IGNORECASE,
)


class NotAvailable:
    """The value is known not to exist ("tidak ada"), as opposed to not filled in."""

    def __repr__(self):
        return "NOT_AVAILABLE"


NOT_AVAILABLE = NotAvailable()


@dataclass(frozen=True)
class Range:
    low: Decimal
    high: Decimal


def bounds(value) -> tuple[Decimal | None, Decimal | None]:
    """A target as stored: (value, upper bound), the upper bound None unless it is a range."""
    if isinstance(value, Range):
        return value.low, value.high
    return value, None


def _how_to_write():
    return _(
        "Write numbers the Indonesian way: 1.250,5 (a comma for decimals, dots for thousands)."
    )


def parse_number(text: str) -> Decimal:
    """One number, e.g. '1.250,5', '3,4', '-2', '75%'. Raises ValidationError with a message
    for the user on anything that is not exactly one number."""
    raw = str(text).strip().replace("\u00a0", " ").replace(" ", "")
    raw = raw.removesuffix("%")
    sign = ""
    if raw[:1] in "-−+":
        sign = "-" if raw[0] in "-−" else ""
        raw = raw[1:]
    if not raw:
        raise ValidationError(_("Enter a number."), code="invalid")
    if raw.count(",") > 1:
        raise ValidationError(
            _("“%(text)s” has more than one comma. %(how)s")
            % {"text": text, "how": _how_to_write()},
            code="ambiguous",
        )
    whole, _comma, fraction = raw.partition(",")
    if fraction == "000" and "." not in whole:
        # '1,000' is a thousand to someone used to English notation; nobody writing
        # Indonesian puts three zeros after the decimal comma of a whole number.
        raise ValidationError(
            _("“%(text)s” can be read in more than one way. %(how)s")
            % {"text": text, "how": _how_to_write()},
            code="ambiguous",
        )
    if _comma and not fraction.isdigit():
        raise ValidationError(_("“%(text)s” is not a number.") % {"text": text}, code="invalid")
    if "." in whole:
        if _GROUPED.fullmatch(whole) and not whole.startswith("0"):
            whole = whole.replace(".", "")
        elif not _comma and whole.count(".") == 1:
            # A lone decimal point: '3.5', '0.125', '12.75' (never three digits after it, which
            # would be a thousands group and was taken above).
            whole, fraction = whole.split(".")
            if not (whole.isdigit() or whole == "") or not fraction.isdigit():
                raise ValidationError(
                    _("“%(text)s” is not a number.") % {"text": text}, code="invalid"
                )
            whole = whole or "0"
        else:
            raise ValidationError(
                _("“%(text)s” can be read in more than one way. %(how)s")
                % {"text": text, "how": _how_to_write()},
                code="ambiguous",
            )
    if not _PLAIN.fullmatch(whole):
        raise ValidationError(
            _("“%(text)s” is not a number. %(how)s") % {"text": text, "how": _how_to_write()},
            code="invalid",
        )
    try:
        return Decimal(f"{sign}{whole}.{fraction or '0'}").normalize() + 0
    except InvalidOperation as error:  # pragma: no cover - the patterns above exclude it
        raise ValidationError(_("“%(text)s” is not a number.") % {"text": text}) from error


def not_available_as_typed(text) -> str:
    """How a "no value" cell was typed, to print it so ('N/A', '-'); '' for "tidak ada" (the
    portal's own words) or for anything else."""
    text = str(text or "").strip()
    if text.lower() in NOT_AVAILABLE_WORDS and text.lower() != "tidak ada":
        return text
    return ""


def parse_value(text: str, *, allow_range=False, allow_not_available=False):
    """A cell as people type it: a number, a range, or "tidak ada"; None when empty."""
    text = str(text or "").strip()
    if not text:
        return None
    if text.lower() in NOT_AVAILABLE_WORDS:
        if allow_not_available:
            return NOT_AVAILABLE
        raise ValidationError(_("Enter a number."), code="invalid")
    match = _RANGE.match(text)
    if match:
        if not allow_range:
            raise ValidationError(_("A range is not allowed here; enter one number."), code="range")
        low, high = parse_number(match["low"]), parse_number(match["high"])
        if high <= low:
            raise ValidationError(
                _("In a range the second number must be greater than the first: %(text)s")
                % {"text": text},
                code="range_order",
            )
        return Range(low, high)
    return parse_number(text)


# What the database keeps of an amount: up to 999 triliun, to the sen.
RUPIAH_WHOLE_DIGITS = 15

# The magnitudes of an amount written in words, and the abbreviations refused.
RUPIAH_WORDS = {
    "ribu": 10**3,
    "juta": 10**6,
    "miliar": 10**9,
    "milyar": 10**9,
    "triliun": 10**12,
}
_RUPIAH = re.compile(
    r"^(?:rp\.?|idr)?\s*(?P<number>[-−+]?[\d.,\s]*\d)\s*(?P<tail>,-|\.-|,00)?"
    r"\s*(?P<word>[a-z.]+)?\s*$",
    re.IGNORECASE,
)


def _how_to_write_rupiah():
    return _(
        "Write the amount in full (1.250.000.000) or with the word (1,25 miliar); "
        "abbreviations such as M or jt are not read, since M is a miliar in Indonesian and a "
        "million in English."
    )


def parse_rupiah(text: str) -> Decimal:
    """An amount of rupiah: 'Rp 1.250.000.000', '1.250.000.000,00', 'Rp 1.250.000,-',
    '1250000000', '1,25 miliar'. Never negative; at most two decimals (sen). Raises
    ValidationError with a message for the user on anything else."""
    raw = str(text or "").strip().replace("\u00a0", " ")
    if not raw:
        raise ValidationError(_("Enter an amount."), code="required")
    match = _RUPIAH.match(raw)
    if not match:
        raise ValidationError(
            _("“%(text)s” is not an amount of rupiah. %(how)s")
            % {"text": text, "how": _how_to_write_rupiah()},
            code="invalid",
        )
    number, word = match["number"].replace(" ", ""), (match["word"] or "").lower()
    if word and word not in RUPIAH_WORDS:
        raise ValidationError(
            _("“%(text)s”: “%(word)s” is not read. %(how)s")
            % {"text": text, "word": match["word"], "how": _how_to_write_rupiah()},
            code="abbreviation",
        )
    if word and match["tail"]:
        raise ValidationError(
            _("“%(text)s” is not an amount of rupiah. %(how)s")
            % {"text": text, "how": _how_to_write_rupiah()},
            code="invalid",
        )
    value = parse_number(number) * RUPIAH_WORDS.get(word, 1)
    if value < 0:
        raise ValidationError(_("An amount cannot be negative."), code="negative")
    value = value.normalize() + 0
    _sign, digits, exponent = value.as_tuple()
    if len(digits) + min(exponent, 0) > RUPIAH_WHOLE_DIGITS:
        raise ValidationError(_("The amount is too large."), code="too_large")
    if -exponent > 2:
        raise ValidationError(
            _("“%(text)s” has more than two digits after the comma: a rupiah has 100 sen.")
            % {"text": text},
            code="decimals",
        )
    return value


def format_rupiah(value: Decimal | None) -> str:
    """'Rp 1.250.000.000', and with sen 'Rp 1.500,50'; '' for None."""
    if value is None:
        return ""
    value = Decimal(value)
    whole = value == value.to_integral_value()
    return f"Rp {format_number(value) if whole else format_fixed(value, 2)}"


@functools.lru_cache(maxsize=65536)
def format_number(value: Decimal | int | None) -> str:
    """'1.250,5': dots for thousands, a comma for decimals, no trailing zeros."""
    if value is None:
        return ""
    value = Decimal(value)
    text = format(value.normalize() + 0, "f")
    sign = "-" if text.startswith("-") else ""
    whole, _dot, fraction = text.lstrip("-").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = sign + ".".join(groups)
    fraction = fraction.rstrip("0")
    return f"{result},{fraction}" if fraction else result


def format_fixed(value: Decimal, places: int = 2) -> str:
    """A number with exactly `places` decimals, rounded half up: '115,00', '87,50', '1.250,25'
    (a capaian is always shown so, whatever its digits)."""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    whole, _dot, fraction = format(abs(rounded), "f").partition(".")
    grouped = format_number(Decimal(whole))
    sign = "-" if rounded < 0 else ""
    return f"{sign}{grouped},{fraction}" if places else f"{sign}{grouped}"


def format_value(low, high=None, *, not_available=False, as_typed="") -> str:
    """A target or baseline as printed: '75,5', '80–90', or 'tidak ada' (or how "no value" was
    typed, `as_typed`: 'N/A', '-')."""
    if not_available:
        return as_typed or "tidak ada"
    if low is None:
        return ""
    if high is not None:
        return f"{format_number(low)}–{format_number(high)}"
    return format_number(low)


_ONES = [
    "",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
]
_SCALES = [(10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (1000, "ribu")]


def _words(n: int) -> str:
    if n < 12:
        return _ONES[n]
    if n < 20:
        return f"{_ONES[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_ONES[tens]} puluh {_ONES[rest]}".strip()
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "seratus" if hundreds == 1 else f"{_ONES[hundreds]} ratus"
        return f"{head} {_words(rest)}".strip()
    for scale, name in _SCALES:
        if n >= scale:
            count, rest = divmod(n, scale)
            head = "seribu" if scale == 1000 and count == 1 else f"{_words(count)} {name}"
            return f"{head} {_words(rest)}".strip()
    return str(n)  # pragma: no cover


def terbilang(value: Decimal) -> str:
    """The number in Indonesian words, as a check of what was understood: 1000 -> 'seribu',
    3.5 -> 'tiga koma lima'."""
    value = Decimal(value).normalize() + 0
    sign = "minus " if value < 0 else ""
    text = format(abs(value), "f")
    whole, _dot, fraction = text.partition(".")
    words = _words(int(whole)) or "nol"
    if int(whole) >= 10**15:
        return format_number(value)
    if fraction:
        digits = " ".join(_ONES[int(d)] or "nol" for d in fraction)
        words = f"{words} koma {digits}"
    return sign + words
