"""NIP (Nomor Induk Pegawai): the 18-digit identity number of an Indonesian civil servant.

Layout: birth date (yyyymmdd) · TMT CPNS (yyyymm) · gender (1 male, 2 female) · sequence (3 digits).
People type it with spaces or dots ("19630421 198503 1 008", "19630421.198503.1.008");
we store the 18 digits and print it grouped 8-6-1-3.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s.\-]+")

# A civil servant is at least 18 when appointed; nobody in service was born before 1940.
_MIN_BIRTH_YEAR = 1940
_MIN_APPOINTMENT_AGE = 18


def normalize_nip(value: str) -> str:
    """Strip the spaces, dots and dashes people type; keep everything else for validation."""
    return _SEPARATORS.sub("", value or "")


def validate_nip(value: str, *, today: datetime.date | None = None) -> None:
    nip = normalize_nip(value)
    if not nip.isdigit() or len(nip) != 18:
        raise ValidationError(
            _("NIP must consist of 18 digits (spaces and dots are allowed)."), code="nip_length"
        )
    today = today or datetime.date.today()
    try:
        birth = datetime.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValidationError(
            _("The first 8 digits of the NIP must be a real birth date (yyyymmdd)."),
            code="nip_birth_date",
        ) from None
    if birth.year < _MIN_BIRTH_YEAR or birth > today:
        raise ValidationError(
            _("The birth date in the NIP (%(date)s) is not plausible."),
            code="nip_birth_date",
            params={"date": birth.isoformat()},
        )
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= tmt_month <= 12:
        raise ValidationError(
            _("Digits 9-14 of the NIP must be the TMT CPNS as year and month (yyyymm)."),
            code="nip_tmt",
        )
    if tmt_year < birth.year + _MIN_APPOINTMENT_AGE or (tmt_year, tmt_month) > (
        today.year,
        today.month,
    ):
        raise ValidationError(
            _("The TMT CPNS in the NIP (%(tmt)s) does not fit the birth date."),
            code="nip_tmt",
            params={"tmt": f"{tmt_month:02d}/{tmt_year}"},
        )
    if nip[14] not in "12":
        raise ValidationError(
            _("Digit 15 of the NIP is the gender and must be 1 or 2."), code="nip_gender"
        )


def format_nip(nip: str) -> str:
    """'196304211985031008' -> '19630421 198503 1 008' (anything else is returned as is)."""
    if len(nip) != 18 or not nip.isdigit():
        return nip
    return f"{nip[0:8]} {nip[8:14]} {nip[14]} {nip[15:18]}"
