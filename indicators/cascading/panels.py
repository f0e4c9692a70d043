"""The alignment section of the unit page (registered with `organizations.panels`)."""

from django.utils import timezone

from indicators import rules
from indicators.cascading.selectors import alignment_for_units


def unit_alignment_panel(user, unit) -> list[tuple[str, dict]]:
    if not rules.can_view_alignment.test(user, unit):
        return []
    year = timezone.localdate().year
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
