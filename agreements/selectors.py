"""Reads of Perjanjian Kinerja: a unit's list, one PK with its parts and totals, and the
parties the unit tree proposes. Each in a fixed number of queries; none writes."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from agreements.models import (
    AgreementCountersignature,
    AgreementIndicator,
    AgreementProgram,
    AgreementSignedVersion,
    AgreementTarget,
    PerformanceAgreement,
)
from agreements.rules import readable_agreements
from core.numbers import format_rupiah
from indicators.frozen import FROZEN_STATUSES
from indicators.models import IKUDocument
from organizations.models import Official, OrganizationUnit


def unit_agreements(*, user, unit: OrganizationUnit) -> QuerySet:
    """The unit's PKs the user may read, newest year first (read off the index of
    `agreement_unique_revision`), each knowing whether pihak kedua has signed it."""
    return readable_agreements(
        user,
        PerformanceAgreement.objects.filter(unit=unit)
        .annotate(
            has_countersignature=Exists(
                AgreementCountersignature.objects.filter(version__agreement=OuterRef("pk"))
            )
        )
        .order_by("-year", "-revision"),
    )


def verification_page(code: str) -> str | None:
    """The verification page of a signed PK's (normalised) code, for the public lookup of codes
    (`core.verification`); None when no PK has it."""
    if AgreementSignedVersion.objects.filter(code=code).exists():
        return reverse("agreements:verify", args=[code])
    return None


def signed_document_periods(*, unit: OrganizationUnit) -> list[str]:
    """The periods of the unit's signed IKU documents, oldest first ("2024-2026"): the years a
    PK can be started for."""
    periods = sorted(
        set(
            IKUDocument.objects.filter(unit=unit, status__in=FROZEN_STATUSES).values_list(
                "period_start", "period_end"
            )
        )
    )
    return [f"{start}-{end}" for start, end in periods]


@dataclass
class AgreementContent:
    """A PK's sasaran (each with `indicator_list`), its programs in order (each with `depth`
    and `number`), the Jumlah Anggaran and where the rows under a program do not add up."""

    targets: list[AgreementTarget]
    programs: list[AgreementProgram]
    total: Decimal
    budget_warnings: list[str] = field(default_factory=list)

    @property
    def total_display(self) -> str:
        return format_rupiah(self.total)

    @property
    def indicators(self) -> list[AgreementIndicator]:
        return [i for t in self.targets for i in t.indicator_list]

    @property
    def left_out(self) -> list[AgreementIndicator]:
        return [i for i in self.indicators if i.left_out]


def agreement_content(*, agreement: PerformanceAgreement) -> AgreementContent:
    """Everything a PK's page shows, in three queries."""
    targets = list(agreement.targets.all())
    by_target: dict[int, list] = {t.pk: [] for t in targets}
    for indicator in agreement.indicators.order_by("order", "id"):
        by_target[indicator.target_id].append(indicator)
    for target in targets:
        target.indicator_list = by_target[target.pk]
    programs = _in_tree_order(list(agreement.programs.select_related("target")))
    # Rows under another are part of its anggaran: the total adds up the rows under none.
    total = sum((p.budget for p in programs if p.parent_id is None), Decimal(0))
    warnings = []
    for program in programs:
        if program.child_list:
            below = sum((child.budget for child in program.child_list), Decimal(0))
            if below != program.budget:
                warnings.append(
                    _(
                        "The rows under %(number)s. %(name)s add up to %(below)s, not to its "
                        "anggaran of %(budget)s."
                    )
                    % {
                        "number": program.number,
                        "name": program.name,
                        "below": format_rupiah(below),
                        "budget": program.budget_display,
                    }
                )
    return AgreementContent(targets, programs, total, warnings)


def _in_tree_order(programs: list[AgreementProgram]) -> list[AgreementProgram]:
    """Each row followed by the rows under it; `depth` 0 for a row under none, and `number`
    as printed (1, 1.1, 1.1.1)."""
    children: dict[int | None, list] = {}
    for program in programs:
        children.setdefault(program.parent_id, []).append(program)
    ordered = []

    def visit(parent_id, depth, prefix):
        for position, program in enumerate(children.get(parent_id, []), start=1):
            program.depth = depth
            program.number = f"{prefix}{position}"
            program.child_list = children.get(program.pk, [])
            program.budget_display = format_rupiah(program.budget)
            ordered.append(program)
            visit(program.pk, depth + 1, f"{program.number}.")

    visit(None, 0, "")
    return ordered


@dataclass
class Party:
    name: str = ""
    nip: str = ""
    pangkat: str = ""
    position: str = ""


def _party(official: Official | None) -> Party:
    if official is None:
        return Party()
    if not official.is_asn:  # a kepala daerah: name and position only
        return Party(name=official.name, position=official.jabatan)
    return Party(
        name=official.name,
        nip=official.nip,
        pangkat=official.pangkat_display,
        position=official.jabatan,
    )


def parties_proposed(*, unit: OrganizationUnit) -> tuple[Party, Party]:
    """(pihak pertama, pihak kedua) as the unit tree proposes them: the unit's head, and the
    head of the unit above it; for a unit directly under a pemerintah daerah, its kepala daerah
    (Gubernur, Bupati, Wali Kota: name only). An empty party where nobody is recorded."""
    first = _party(unit.officials.head())
    parent = unit.parent
    if parent is None:
        second = Party()
    elif parent.is_government:
        second = _party(parent.officials.filter(kind=Official.Kind.STATE_OFFICIAL).head())
    else:
        second = _party(parent.officials.head())
    return first, second


@dataclass
class Change:
    """One line of the comparison of a PK Perubahan with the PK it revises."""

    what: str
    before: str
    after: str

    @property
    def state(self) -> str:
        if not self.before:
            return "added"
        if not self.after:
            return "removed"
        return "changed" if self.before != self.after else "same"


def revision_changes(before: dict, after: dict) -> dict:
    """What a PK Perubahan changes, snapshot to snapshot: each indicator's target (by sasaran
    and indicator), each program's anggaran (by its name), and the Jumlah Anggaran."""

    def indicators(snapshot):
        return {(row["target"], row["indicator"]): row["value"] for row in snapshot.get("rows", [])}

    def programs(snapshot):
        return {row["name"]: row["budget_display"] for row in snapshot.get("programs", [])}

    def lines(old: dict, new: dict, label) -> list[Change]:
        keys = list(old) + [key for key in new if key not in old]
        return [Change(label(key), old.get(key, ""), new.get(key, "")) for key in keys]

    return {
        "indicators": lines(
            indicators(before), indicators(after), lambda key: f"{key[1]} ({key[0]})"
        ),
        "programs": lines(programs(before), programs(after), lambda key: key),
        "total": Change(
            "Jumlah Anggaran", before.get("total_display", ""), after.get("total_display", "")
        ),
    }
