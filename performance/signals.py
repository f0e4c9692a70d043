"""What performance hears from other apps (connected in PerformanceConfig.ready): a newly
signed document or PK, an adopted Rencana Aksi, and the dashboard's question of what waits for
a user."""

from django.urls import reverse
from django.utils.translation import gettext as _

from indicators.models import Indicator
from performance.models import Realisasi, StandingsJob
from performance.selectors import returned_to, waiting_for
from performance.services import periods_reopen_for_revision, standings_refresh


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
    realisasi, returned, reopened = _("Realisasi"), _("returned to you"), _("reopened")
    return [
        (
            f"{base}?unit={p.unit_id}&tahun={p.year}&periode={p.number}",
            f"{realisasi} {p.label}",
            f"{p.unit} · {reopened if p.was_reopened else returned}: {p.returned_reason}",
        )
        for p in returned_to(user)
    ]


def realisasi_before_deleting(item) -> list[str]:
    """An IKU whose lineage has realisasi: deleting it (from a Perubahan) ends its measurement
    from the years the Perubahan measures; the years with figures are named."""
    if not isinstance(item, Indicator):
        return []
    years = sorted(
        set(
            Realisasi.objects.filter(indicator_id=item.lineage_id)
            .exclude(value=None)
            .values_list("year", flat=True)
        )
    )
    if not years:
        return []
    return [
        _(
            "This IKU has realisasi for %(years)s. Deleted from this Perubahan, it is no "
            "longer measured in the years the Perubahan measures; the figures already "
            "recorded stay with the earlier version."
        )
        % {"years": ", ".join(map(str, years))}
    ]


def document_signed(sender, instance, created, **kwargs):
    """A newly signed version may be the one in force for the years of its period."""
    if created:
        document = instance.document
        standings_refresh(document.unit_id, range(document.period_start, document.period_end + 1))


def agreement_signed(sender, instance, created, raw=False, **kwargs):
    """A PK newly signed by pihak pertama (or its PK Perubahan): its unit's year is measured
    against its targets from now on (`agreements.measuring`), so its standing is computed
    again."""
    if created and not raw:
        agreement = instance.agreement
        standings_refresh(agreement.unit_id, [agreement.year])


def action_plan_adopted(sender, instance, update_fields=None, raw=False, **kwargs):
    """A Rencana Aksi adopted (its status written ADOPTED): its quarters are measured against
    from now on, so its unit's standing in the year is computed again."""
    if not raw and update_fields and "status" in update_fields and instance.is_frozen:
        agreement = instance.agreement
        standings_refresh(agreement.unit_id, [agreement.year])


def unit_saved(sender, instance, raw=False, **kwargs):
    """A unit created, renamed or moved: its standings in the years whose ranking is kept are
    computed again (a new unit listed, the name and level the ranking reads kept true)."""
    if not raw:
        standings_refresh(instance.pk, StandingsJob.objects.values_list("year", flat=True))


def document_status_changed(sender, instance, update_fields=None, **kwargs):
    """A Perubahan is signed (its status written SIGNED): the approved years it now measures
    are reopened (performance.services.periods_reopen_for_revision)."""
    if update_fields and "status" in update_fields and instance.is_signed:
        version = instance.signed_version
        periods_reopen_for_revision(document=instance, user=version.signed_by)
