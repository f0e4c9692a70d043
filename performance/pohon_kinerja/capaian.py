"""Capaian along the pohon kinerja: each IKU's capaian in the year as the measuring pages
compute it (`performance.selectors.measured_by_indicator`), a sasaran's own capaian, and the
capaian of each lower sasaran that supports it, listed one by one (never averaged together).

A sasaran has no capaian of its own in PermenPAN-RB 6/2022; the tree shows the average of its
IKU's capaian, and says so in the node ("rata-rata n IKU"). Only IKU with a figure count.
A year not yet complete is measured to date, and the IKU's line says how far.
"""

from decimal import Decimal

from indicators.cascading.performance_tree import PerformanceTree
from indicators.models import IKUDocument
from performance.capaian import pct
from performance.selectors import measured_by_indicator


def add_capaian(tree: PerformanceTree, nodes=None) -> None:
    """Fill `capaian_text` of the IKU and sasaran of `tree` (or only of `nodes`, those a page
    draws: only their units' documents are measured), and each sasaran's `supporting`
    [(lower sasaran, its capaian)]: a fixed number of queries."""
    nodes = list(tree.nodes()) if nodes is None else list(nodes)
    units = {node.unit_id for node in nodes if not node.group}  # a group has no IKU
    documents = IKUDocument.objects.filter(
        pk__in=[pk for unit_id, pk in tree.documents.items() if unit_id in units]
    ).select_related("unit")
    rows = measured_by_indicator(documents, tree.year)
    for node in nodes:
        percents = []
        for indicator in node.indicators:
            row = rows.get(indicator.pk)
            if row is None or row.result is None or row.result.percent is None:
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
