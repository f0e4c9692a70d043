"""Capaian along the pohon kinerja: each IKU's capaian in the year as the measuring pages
compute it (`performance.selectors.measured_by_indicator`), a sasaran's own capaian, and the
capaian of each lower sasaran that supports it, listed one by one (never averaged together).

A sasaran has no capaian of its own in PermenPAN-RB 6/2022; the tree shows the average of its
IKU's capaian, and says so in the node ("rata-rata n IKU"). Only IKU with a figure count.
A year not yet complete is measured to date, and the IKU's line says how far.
"""

from decimal import Decimal

from indicators.cascading.performance_tree import PerformanceTree
from performance.capaian import pct
from performance.selectors import measured_by_indicator


def add_capaian(tree: PerformanceTree) -> None:
    """Fill `capaian_text` of the IKU and sasaran of `tree`, and each sasaran's `supporting`
    [(lower sasaran, its capaian)]: a fixed number of queries."""
    rows = measured_by_indicator(tree.documents.values(), tree.year)
    for node in tree.nodes():
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
    for node in tree.nodes():
        node.supporting = [
            (child, child.capaian_text)
            for child in node.children
            if not child.group and child.capaian_text
        ]
