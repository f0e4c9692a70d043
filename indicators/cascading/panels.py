"""The alignment section of the unit page (registered with `organizations.panels`)."""

from django.utils import timezone

from indicators import rules
from indicators.cascading.selectors import alignment_for_units
from indicators.models import IKUDocument


def shown_year(unit) -> int:
    """This year, or, when none of the unit's documents covers it, the last year its latest
    document covers (a unit whose documents lie in the past still shows their alignment)."""
    year = timezone.localdate().year
    periods = list(IKUDocument.objects.filter(unit=unit).values_list("period_start", "period_end"))
    if any(start <= year <= end for start, end in periods):
        return year
    past = [end for _start, end in periods if end < year]
    return max(past) if past else year


def unit_alignment_panel(user, unit) -> list[tuple[str, dict]]:
    if not rules.can_view_alignment.test(user, unit):
        return []
    year = shown_year(unit)
    [alignment] = alignment_for_units(units=[unit], user=user, year=year)
    document = alignment.document
    return [
        (
            "indicators/cascading/_unit_panel.html",
            {
                "alignment": alignment,
                "year": year,
                "can_link": document is not None and rules.can_link_targets.test(user, document),
            },
        )
    ]
