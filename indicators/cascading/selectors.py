"""Reads of cascading: the parent's document in force to link to, and the alignment of units
(which sasaran support nothing, which upper sasaran no unit below supports, which links point
to a superseded document), in a constant number of queries however many units a page shows.

- **In force** for linking: the parent unit's *signed* documents (not drafts, not superseded
  by a signed Perubahan) whose period overlaps the lower document's. For a year (the
  alignment pages): the signed document whose period covers it. (The measuring pages'
  `performance.selectors.documents_in_force` also takes a superseded version for a year it
  measured; a link goes only to what holds now.)
- **The document of a unit** in the alignment: the latest of its documents covering the year
  that is not superseded and that the viewer may read (`rules.readable_documents`): for its
  own members the draft of a Perubahan they are working on, for the units above the signed one.
"""

from collections import namedtuple
from dataclasses import dataclass, field

from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, NullIf

from indicators.choices import DocumentStatus
from indicators.models import IKUDocument, Indicator, StrategicTarget
from indicators.rules import readable_documents
from indicators.tree.numbering import assign_codes
from organizations.models import OrganizationUnit


def upper_documents(*, document: IKUDocument):
    """The parent unit's documents in force over the period of `document` (usually one)."""
    parent_id = (
        OrganizationUnit.objects.filter(pk=document.unit_id)
        .values_list("parent_id", flat=True)
        .first()
    )
    return IKUDocument.objects.filter(
        unit_id=parent_id,
        status=DocumentStatus.SIGNED,
        period_start__lte=document.period_end,
        period_end__gte=document.period_start,
    ).order_by("-period_start", "-revision")


def is_in_force_for(upper: IKUDocument, document: IKUDocument) -> bool:
    return (
        upper.status == DocumentStatus.SIGNED
        and upper.period_start <= document.period_end
        and upper.period_end >= document.period_start
    )


def upper_choices(*, document: IKUDocument) -> list[StrategicTarget]:
    """The sasaran a sasaran of `document` may support, numbered as printed, each with its
    IKU (`upper_indicators`): three queries."""
    documents = list(upper_documents(document=document).select_related("unit"))
    targets = list(
        StrategicTarget.objects.filter(document__in=documents)
        .select_related("document__unit")
        .order_by("document_id", "goal__order", "goal_id", "order", "id")
    )
    indicators = list(
        Indicator.objects.filter(document__in=documents).order_by(
            "document_id", "strategic_target__order", "strategic_target_id", "order", "id"
        )
    )
    for upper in documents:
        mine = [t for t in targets if t.document_id == upper.pk]
        assign_codes(
            upper.goals.order_by("order", "id") if any(t.goal_id for t in mine) else [],
            mine,
            [i for i in indicators if i.document_id == upper.pk],
        )
    by_target: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        by_target.setdefault(indicator.strategic_target_id, []).append(indicator)
    for target in targets:
        target.upper_indicators = by_target.get(target.pk, [])
    return targets


@dataclass
class Row:
    """A sasaran in the alignment of its unit."""

    pk: int
    text: str
    document_id: int
    supports_id: int | None = None
    supports_text: str = ""
    supports_unit: str = ""
    supports_status: str = ""
    supports_lineage: int | None = None
    lineage: int | None = None
    proposal: "Row | None" = None  # the upper sasaran a stale link moves to
    supported_by: list = field(default_factory=list)  # (unit name, lower Row, stale link)


@dataclass
class Alignment:
    unit: OrganizationUnit
    document: IKUDocument | None = None  # the unit's own, as the viewer sees it
    in_force: IKUDocument | None = None  # its signed one: what units below link to
    has_parent: bool = False
    has_children: bool = False
    not_aligned: list = field(default_factory=list)  # "tidak selaras"
    not_cascaded: list = field(default_factory=list)  # "belum di-cascade"
    relink: list = field(default_factory=list)  # "perlu ditautkan ulang"
    supported: list = field(default_factory=list)  # in-force rows with what supports them

    @property
    def counts(self) -> tuple[int, int, int]:
        return len(self.not_aligned), len(self.not_cascaded), len(self.relink)


class _DocumentRow(
    namedtuple("_DocumentRow", "id unit_id status period_start period_end revision title")
):
    """A document read as a short row (a pemda page reads those of hundreds of units)."""

    @property
    def pk(self) -> int:
        return self.id


def _document(row: _DocumentRow | None) -> IKUDocument | None:
    """A document as the pages show it (period, revision, status, heading), from its row."""
    return None if row is None else IKUDocument(**row._asdict())


def _latest(documents):
    return max(documents, key=lambda d: (d.period_start, d.revision), default=None)


def alignment_for_units(*, units, user, year: int, detail: bool = True) -> list[Alignment]:
    """The alignment of each unit of `units` (a list) in `year`, as `user` may see it: four
    queries for any number of units (their children, the documents, the sasaran). Without
    `detail`, for counting only: the sasaran of the units without their texts, links or the
    proposals of stale links (`_propose`), and `supported` left empty."""
    units = list(units)
    if not units:
        return []
    ids = [u.pk for u in units]
    children = list(
        OrganizationUnit.objects.filter(parent_id__in=ids)
        .order_by()
        .values_list("pk", "parent_id", "name")
    )
    parent_ids = {u.parent_id for u in units} - {None}
    covering = Q(period_start__lte=year, period_end__gte=year)
    own = readable_documents(
        user,
        IKUDocument.objects.filter(
            covering, unit_id__in=ids + [c for c, _p, _n in children]
        ).exclude(status=DocumentStatus.SUPERSEDED),
    )
    upper = IKUDocument.objects.filter(
        covering, unit_id__in=parent_ids, status=DocumentStatus.SIGNED
    )
    # Short rows; a unit shown gets its own as a document (`_document`).
    documents = [
        _DocumentRow(*values)
        for values in own.values_list(*_DocumentRow._fields)
        .order_by()
        .union(upper.values_list(*_DocumentRow._fields).order_by())
    ]
    by_pk = {d.pk: d for d in documents}
    by_unit: dict[int, list[_DocumentRow]] = {}
    for document in documents:
        by_unit.setdefault(document.unit_id, []).append(document)
    chosen = {unit_id: _latest(docs) for unit_id, docs in by_unit.items()}
    in_force = {
        unit_id: _latest([d for d in docs if d.status == DocumentStatus.SIGNED])
        for unit_id, docs in by_unit.items()
    }
    # The sasaran in full of the units shown and of their parents; of the units below them only
    # what tells which sasaran they support (a pemda page counts hundreds of bidang sasaran).
    shown = set(ids) | parent_ids
    wanted = {d.pk for d in chosen.values() if d} | {d.pk for d in in_force.values() if d}
    full = {pk for pk in wanted if by_pk[pk].unit_id in shown}
    rows: dict[int, list] = {}
    below = {chosen[c].pk for c, _p, _n in children if chosen.get(c)} - full
    supported = set()  # counting: the lineages of the sasaran linked to from below
    if detail:
        for lower in (
            StrategicTarget.objects.filter(document_id__in=below, supports__isnull=False)
            .order_by("document_id", "order", "id")
            .annotate(supports_lineage=Coalesce("supports__origin_id", "supports_id"))
            .values_list("pk", "text", "document_id", "supports_id", "supports_lineage", named=True)
        ):
            rows.setdefault(lower.document_id, []).append(lower)
    else:  # counting: of the units below, only what they support
        supported.update(
            StrategicTarget.objects.filter(document_id__in=below, supports__isnull=False)
            .annotate(supports_lineage=Coalesce("supports__origin_id", "supports_id"))
            .order_by()
            .values_list("supports_lineage", flat=True)
            .distinct()
        )
    _own_rows(full, rows, texts=detail)
    names = {child: name for child, _parent, name in children}
    children_of: dict[int, list[int]] = {}
    for child, parent, _name in children:
        children_of.setdefault(parent, []).append(child)

    result = []
    for unit in units:
        alignment = Alignment(
            unit=unit,
            document=_document(chosen.get(unit.pk)),
            in_force=_document(in_force.get(unit.pk)),
            has_parent=unit.parent_id is not None,
            has_children=bool(children_of.get(unit.pk)),
        )
        mine = rows.get(alignment.document.pk, []) if alignment.document else []
        if alignment.has_parent:
            for row in mine:
                if row.supports_id is None:
                    alignment.not_aligned.append(row)
                elif row.supports_status != DocumentStatus.SIGNED:
                    alignment.relink.append(row)
        if alignment.in_force and alignment.has_children:
            # By the lineage of the sasaran linked to: a link to its version before a
            # Perubahan still supports it (as the pohon kinerja draws it), to be moved.
            supporting: dict[int, list] = {}
            for child in children_of[unit.pk]:
                child_doc = chosen.get(child)
                for row in rows.get(child_doc.pk, []) if child_doc else []:
                    if row.supports_id:
                        supporting.setdefault(row.supports_lineage, []).append(
                            (names[child], row, row.supports_id)
                        )
            for row in rows.get(alignment.in_force.pk, []):
                found = supporting.get(row.lineage, [])
                if detail:
                    row.supported_by = [
                        (name, lower, supports_id != row.pk) for name, lower, supports_id in found
                    ]
                    alignment.supported.append(row)
                if not found and row.lineage not in supported:
                    alignment.not_cascaded.append(row)
        result.append(alignment)
    if detail:
        _propose(result, by_pk)
    return result


def _own_rows(documents: set[int], rows: dict[int, list], *, texts: bool) -> None:
    """The sasaran of `documents` added to `rows`, each with its link and the status of the
    linked sasaran's document; with `texts`, its text and the linked sasaran's text and unit
    (for counting, none of them): one query."""
    fields = [
        "pk",
        "origin_id",
        "document_id",
        "supports_id",
        "supports__origin_id",
        "supports__document__status",
    ]
    if texts:
        fields += ["text", "supports__text", "supports__document__unit__name"]
    for values in (
        StrategicTarget.objects.filter(document_id__in=documents)
        .order_by("document_id", "order", "id")
        .values(*fields)
    ):
        rows.setdefault(values["document_id"], []).append(
            Row(
                pk=values["pk"],
                text=values.get("text", ""),
                document_id=values["document_id"],
                lineage=values["origin_id"] or values["pk"],
                supports_id=values["supports_id"],
                supports_text=values.get("supports__text") or "",
                supports_unit=values.get("supports__document__unit__name") or "",
                supports_status=values["supports__document__status"] or "",
                supports_lineage=values["supports__origin_id"] or values["supports_id"],
            )
        )


def _propose(alignments: list[Alignment], documents: dict) -> None:
    """Each stale link's proposal, as `services.relink_proposal` finds it: the sasaran of the
    parent's signed document over the lower document's period that carries the lineage of the
    sasaran linked to (one query for every unit's stale links)."""
    stale = [(a, row) for a in alignments for row in a.relink]
    if not stale:
        return
    successors = (
        StrategicTarget.objects.filter(
            document__status=DocumentStatus.SIGNED,
            document__unit_id__in={a.unit.parent_id for a, _row in stale},
            origin_id__in={row.supports_lineage for _a, row in stale},
        )
        .order_by("-document__revision", "id")
        .values(
            "pk",
            "text",
            "document_id",
            "origin_id",
            "document__unit_id",
            "document__period_start",
            "document__period_end",
        )
    )
    successors = list(successors)
    for alignment, row in stale:
        own = documents[row.document_id]
        row.proposal = next(
            (
                Row(pk=s["pk"], text=s["text"], document_id=s["document_id"])
                for s in successors
                if s["origin_id"] == row.supports_lineage
                and s["document__unit_id"] == alignment.unit.parent_id
                and s["document__period_start"] <= own.period_end
                and s["document__period_end"] >= own.period_start
            ),
            None,
        )


LEVELS = {"1": "parent_id", "2": "parent__parent_id"}


@dataclass(frozen=True)
class UnitRow:
    """A unit under a pemda, as its alignment is listed (all of them read in one query)."""

    pk: int
    name: str
    parent_id: int
    group_name: str  # its OPD's name (its own, or its parent's for a bidang)


def units_of_government(*, top: OrganizationUnit, level: str = "") -> list[UnitRow]:
    """The units under a pemda (or any top unit): its OPD (level "1"), their bidang and UPTD
    (level "2"), or both, each OPD followed by its own, by name. One query of a few hundred
    short rows, paged by the caller (no count asked)."""
    if level in LEVELS:
        units = OrganizationUnit.objects.filter(**{LEVELS[level]: top.pk})
    else:
        units = OrganizationUnit.objects.filter(Q(parent_id=top.pk) | Q(parent__parent_id=top.pk))
    # By the OPD's name and id, the OPD first (its parent is the top), then by name.
    parent_below_top = NullIf("parent_id", Value(top.pk))
    return [
        UnitRow(*values)
        for values in units.annotate(
            group_name=Case(When(parent_id=top.pk, then=F("name")), default=F("parent__name"))
        )
        .order_by(
            "group_name",
            Coalesce(parent_below_top, "id"),
            parent_below_top.asc(nulls_first=True),
            "name",
            "id",
        )
        .values_list("pk", "name", "parent_id", "group_name")
    ]
