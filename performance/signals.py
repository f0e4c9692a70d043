"""What performance hears from other apps (connected in PerformanceConfig.ready): a newly
signed document, and the dashboard's question of what waits for a user."""

from django.urls import reverse
from django.utils.translation import gettext as _

from performance.selectors import returned_to, waiting_for
from performance.services import standings_forget


def waiting_for_approval(user):
    """The reporting periods the user, as kepala, is to approve."""
    base = reverse("performance:dashboard")
    realisasi, waiting = _("Realisasi"), _("waiting for your approval")  # not in f-strings
    return [
        (
            f"{base}?unit={p.unit_id}&tahun={p.year}&periode={p.number}",
            f"{realisasi} {p.label}",
            f"{p.unit} · {waiting}",
        )
        for p in waiting_for(user)
    ]


def returned_for_correction(user):
    """The reporting periods returned to the user, as staf, with the reason."""
    base = reverse("performance:dashboard")
    realisasi, returned = _("Realisasi"), _("returned to you")  # not in f-strings
    return [
        (
            f"{base}?unit={p.unit_id}&tahun={p.year}&periode={p.number}",
            f"{realisasi} {p.label}",
            f"{p.unit} · {returned}: {p.returned_reason}",
        )
        for p in returned_to(user)
    ]


def document_signed(sender, instance, created, **kwargs):
    """A newly signed version may be the one in force for the years of its period."""
    if created:
        document = instance.document
        standings_forget(document.unit_id, range(document.period_start, document.period_end + 1))
