"""The ranking's kept standings, computed by a worker (`performance.tasks`), never in a request:
every unit's standing in a year when the year's ranking is first seen (in batches, each kept as
soon as it is computed, so that the page shows them as they come), and one unit's again when one
of its realisasi is saved or one of its documents is signed. Computing 20,000 units takes about a
minute; a request that did it was killed by the server's timeout (docs/PERFORMANCE.md, "The
ranking of units")."""

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from organizations.models import OrganizationUnit
from performance.models import StandingsJob, YearStanding
from performance.selectors import RANKED_COMPLETENESS, compute_standings

# Units computed and kept together: a fixed number of queries each, a few thousand IKU in memory.
BATCH = 500

KEPT_FIELDS = [
    "document",
    "average",
    "filled",
    "total",
    "shown",
    "ranked",
    "complete",
    "completeness",
    "level",
    "unit_name",
    "computed_at",
]


def level_of(parent_id: int | None, grandparent_id: int | None) -> str:
    """The level of the unit tree a unit is ranked at (`performance.selectors.LEVELS`)."""
    if parent_id is None:
        return YearStanding.Level.PEMDA
    if grandparent_id is None:
        return YearStanding.Level.OPD
    return YearStanding.Level.BIDANG


def standings_compute(*, unit_ids, year: int) -> int:
    """Compute the standings of the units `unit_ids` in `year` and keep them (replacing what was
    kept): a fixed number of queries however many units. Returns how many were kept."""
    units = list(
        OrganizationUnit.objects.filter(pk__in=list(unit_ids))
        .annotate(grandparent_id=F("parent__parent_id"))
        .only("pk", "name", "parent_id")
    )
    computed = compute_standings(units, year)
    now = timezone.now()
    kept = []
    for unit in units:
        document, average, filled, total = computed[unit.pk]
        average = None if average is None else round(average, 4)
        completeness = round(100 * filled / total) if total else 0
        kept.append(
            YearStanding(
                unit=unit,
                year=year,
                document=document,
                average=average,
                filled=filled,
                total=total,
                shown=None if average is None else round(average, 2),
                ranked=average is not None,
                complete=average is not None and completeness >= RANKED_COMPLETENESS,
                completeness=completeness,
                level=level_of(unit.parent_id, unit.grandparent_id),
                unit_name=unit.name[:255],
                computed_at=now,
            )
        )
    YearStanding.objects.bulk_create(
        kept, update_conflicts=True, unique_fields=["unit", "year"], update_fields=KEPT_FIELDS
    )
    return len(kept)


def standings_compute_year(*, year: int, job_id: int | None = None) -> int:
    """Every unit's standing in `year`, computed and kept batch by batch (each batch its own
    short transaction); the year's job is then marked finished. Returns how many were kept."""
    ids = list(OrganizationUnit.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            standings_compute(unit_ids=ids[start : start + BATCH], year=year)
    if job_id is not None:
        StandingsJob.objects.filter(pk=job_id).update(
            finished_at=timezone.now(), counts=counts_by_level(year)
        )
    return len(ids)


def counts_by_level(year: int) -> dict[str, int]:
    """{level: how many units are kept at it} in `year`, counted over every kept standing."""
    return dict(
        YearStanding.objects.filter(year=year)
        .order_by()
        .values_list("level")
        .annotate(n=Count("pk"))
    )


def standings_refresh_run(*, unit_ids, years) -> int:
    """The standings of some units computed again (their figures, document or place in the tree
    changed), and the year's counts by level with them. Returns how many were kept."""
    kept = 0
    for year in years:
        with transaction.atomic():
            kept += standings_compute(unit_ids=unit_ids, year=year)
            StandingsJob.objects.filter(year=year).exclude(finished_at=None).update(
                counts=counts_by_level(year)
            )
    return kept
