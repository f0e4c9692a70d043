"""What cascading asks of a unit's members on the dashboard: links of their unit's document to
a sasaran the upper unit has since replaced by a Perubahan ("perlu ditautkan ulang")."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.choices import DocumentStatus
from indicators.models import StrategicTarget
from organizations.access import unit_roles

OPEN_REVISION = [DocumentStatus.DRAFT, DocumentStatus.SUBMITTED]


def stale_links(user) -> list[tuple[str, str, str]]:
    """Per unit the user belongs to, the sasaran of its latest document (a draft, or the one
    in force) still linked to a superseded upper sasaran: one query, none without units."""
    units = list(unit_roles(user))
    if not units:
        return []
    latest: dict[int, tuple] = {}  # unit id → (revision, name, count) of its latest document
    for unit_id, name, revision, count in (
        StrategicTarget.objects.filter(
            document__unit_id__in=units,
            supports__document__status=DocumentStatus.SUPERSEDED,
        )
        .exclude(document__status=DocumentStatus.SUPERSEDED)
        # a document with a Perubahan under way: that Perubahan is where links are moved
        .exclude(document__revisions__status__in=OPEN_REVISION)
        .values_list("document__unit_id", "document__unit__name", "document__revision")
        .annotate(count=Count("id"))
        .order_by()
    ):
        if unit_id not in latest or revision > latest[unit_id][0]:
            latest[unit_id] = (revision, name, count)
    label = _("Cascading links to relink")
    return [
        (
            reverse("organizations:unit_profile", args=[unit_id]) + "#keselarasan",
            label,
            f"{name} · "
            + ngettext(
                "%(n)s strategic target is linked to one the upper unit has replaced",
                "%(n)s strategic targets are linked to ones the upper unit has replaced",
                count,
            )
            % {"n": count},
        )
        for unit_id, (_revision, name, count) in sorted(latest.items(), key=lambda i: i[1][1])
    ]
