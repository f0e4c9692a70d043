"""The IKU document in force for a year: the signed version of a unit's document that governs
that year. A year is measured against it (performance) and its Perjanjian Kinerja is started
from it (agreements)."""

from indicators.frozen import FROZEN_STATUSES
from indicators.models import IKUDocument


def documents_in_force(units, year: int) -> dict[int, IKUDocument]:
    """{unit id: the signed version of the unit's IKU document that governs `year`}: of the
    signed (or since superseded) versions whose period covers the year, the latest one signed
    before the year ended; if none was signed by then, the first one. One query."""
    by_unit: dict[int, list[IKUDocument]] = {}
    for document in (
        IKUDocument.objects.filter(
            unit__in=units,
            status__in=FROZEN_STATUSES,
            period_start__lte=year,
            period_end__gte=year,
        )
        .select_related("signed_version")
        .order_by("period_start", "revision")
    ):
        by_unit.setdefault(document.unit_id, []).append(document)
    in_force = {}
    for unit_id, versions in by_unit.items():
        signed_by_then = [
            d
            for d in versions
            if getattr(d, "signed_version", None) and d.signed_version.signed_at.year <= year
        ]
        in_force[unit_id] = signed_by_then[-1] if signed_by_then else versions[0]
    return in_force


def document_in_force(unit, year: int) -> IKUDocument | None:
    """The signed version of one unit's document that governs `year` (documents_in_force)."""
    return documents_in_force([unit], year).get(unit.pk)
