"""Validators and limits shared by every app: the plausible years and dates of a government
document, and the longest Renstra period."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

EARLIEST_DATE = datetime.date(1950, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
LONGEST_PERIOD_YEARS = 10
MEGABYTE = 1024 * 1024

# The years a document, a target or a figure may name.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
YEAR_VALIDATORS = [MinValueValidator(EARLIEST_YEAR), MaxValueValidator(LATEST_YEAR)]


def plausible_date(value: datetime.date) -> None:
    """A date of a government document or a post lies between EARLIEST_DATE and LATEST_DATE
    (1950 and 2100): anything else is a typing slip (a year of 0202 or 20224), refused with a
    message rather than stored."""
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            _(
                "The date %(value)s is not plausible: use a date between %(earliest)s and "
                "%(latest)s."
            ),
            code="implausible_date",
            params={
                "value": date_format(value, "j F Y") if value.year >= 1000 else str(value),
                "earliest": EARLIEST_DATE.year,
                "latest": LATEST_DATE.year,
            },
        )
