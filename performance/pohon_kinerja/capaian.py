"""The IKU along the pohon kinerja and their capaian: each IKU's target and capaian in the
year as the measuring pages compute them (`performance.selectors.measured_by_indicator`), a
sasaran's own capaian, and the capaian of each lower sasaran that supports it, listed one by
one (never averaged together).

A sasaran has no capaian of its own in PermenPAN-RB 6/2022; the tree shows the average of its
IKU's capaian, and says so in the node ("rata-rata n IKU"). Only IKU with a figure count.
A year not yet complete is measured to date, and the IKU's line says how far.
"""

from dataclasses import dataclass
from decimal import Decimal

from indicators.cascading.performance_tree import PerformanceTree, TreeIndicator, writable
from indicators.models import Indicator
from performance.capaian import pct
from performance.selectors import bands_by_unit, measured_by_indicator


@dataclass(frozen=True)
class _Measured:
    """A document of the tree, as measuring asks for it."""

    pk: int
    unit_id: int


def add_figures(tree: PerformanceTree, nodes=None) -> None:
    """The IKU of the sasaran of `tree` (or only of `nodes`, those a page draws: only their
    units' documents are read) with the year's targets and capaian, each sasaran's capaian,
    and its `supporting` [(lower sasaran, its capaian)]: a fixed number of queries.

    Every unit of a tree is under its top, so all are measured with the top's predicate bands.
    """
    nodes = writable(tree.nodes() if nodes is None else nodes)
    wanted = {node.pk: node for node in nodes if not node.group}  # a group has no IKU
    units = {node.unit_id for node in wanted.values()}
    documents = [
        _Measured(pk, unit_id) for unit_id, pk in tree.documents.items() if unit_id in units
    ]
    bands = bands_by_unit([tree.top])[tree.top.pk]
    rows = measured_by_indicator(documents, tree.year, bands=bands)
    _add_indicators(wanted, rows)
    for node in nodes:
        percents = []
        for indicator in node.indicators:
            row = rows[indicator.pk]
            if row.result is None or row.result.percent is None:
                continue
            percents.append(row.result.percent)
            indicator.capaian_text = row.result.display
            if row.to_date:
                indicator.capaian_text += f" ({row.to_date_label})"
        if percents:
            node.capaian_text = pct(sum(percents, Decimal(0)) / len(percents))
            node.capaian_count = len(percents)
    for node in nodes:
        node.supporting = [
            (child, child.capaian_text)
            for child in node.children
            if not child.group and child.capaian_text
        ]


def _add_indicators(wanted: dict, rows: dict) -> None:
    """Each wanted sasaran's IKU, in the order the document prints them, with the document's
    own target of the year (a PK's target is what it is measured against, not what the tree
    prints). The lineage of an upper IKU outside what was read: one query, where any."""
    lineages = {pk: row.indicator.lineage_id for pk, row in rows.items()}
    elsewhere = {
        row.indicator.supports_id
        for row in rows.values()
        if row.indicator.supports_id and row.indicator.supports_id not in lineages
    }
    if elsewhere:
        lineages.update(
            (pk, origin or pk)
            for pk, origin in Indicator.objects.filter(pk__in=elsewhere).values_list(
                "pk", "origin_id"
            )
        )
    for row in rows.values():
        node = wanted.get(row.indicator.strategic_target_id)
        if node is None:
            continue
        indicator, target = row.indicator, row.iku_target
        node.indicators.append(
            TreeIndicator.of(
                pk=indicator.pk,
                origin_id=indicator.origin_id,
                name=indicator.name,
                satuan=indicator.satuan,
                cascading=indicator.cascading,
                supports_id=indicator.supports_id,
                target=(target.low, target.high) if target else None,
                supports_lineage=lineages.get(indicator.supports_id),
            )
        )
