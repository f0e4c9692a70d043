"""What a printed IKU document shows, arranged for its layout (lengkap or ringkas).

Pure data shaping, no queries: it takes the tree from `selectors.document_tree`.
"""

import datetime
from dataclasses import dataclass

from organizations.models import letter_label

from .formula import render_formula_html
from .selectors import DocumentTree

MONTHS_ID = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def indonesian_date(date: datetime.date | None, *, month_year: bool) -> str:
    """'Januari 2022' or '3 Januari 2022', whatever language the interface speaks."""
    if date is None:
        return ""
    month = f"{MONTHS_ID[date.month - 1]} {date.year}"
    return month if month_year else f"{date.day} {month}"


@dataclass
class Row:
    """One table row: an indicator (or None for a sasaran without one).

    A *_span of 0 means the cell is covered by a cell above it that spans rows.
    """

    indicator: object
    goal: object = None
    goal_span: int = 0
    target: object = None
    target_span: int = 0
    responsible: str = ""
    responsible_span: int = 0


def _rows_for(targets) -> list[Row]:
    rows = []
    for target in targets:
        indicators = target.indicator_list or [None]
        for index, indicator in enumerate(indicators):
            rows.append(
                Row(
                    indicator=indicator,
                    target=target,
                    target_span=len(indicators) if index == 0 else 0,
                    responsible=indicator.responsible if indicator else "",
                )
            )
    return rows


def _merge_responsible(rows: list[Row]) -> None:
    """Consecutive rows with the same Penanggung Jawab share one cell."""
    start = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index].responsible != rows[start].responsible:
            rows[start].responsible_span = index - start
            start = index


def lengkap_rows(tree: DocumentTree) -> list[Row]:
    groups = [(goal, goal.target_list) for goal in tree.goals]
    if tree.loose_targets:
        groups.append((None, tree.loose_targets))
    rows = []
    for goal, targets in groups:
        block = _rows_for(targets) or [Row(indicator=None)]
        block[0].goal = goal
        block[0].goal_span = len(block)
        _merge_responsible(block)
        rows.extend(block)
    return rows


def ringkas_rows(tree: DocumentTree) -> list[Row]:
    return _rows_for(tree.strategic_targets)


def print_context(tree: DocumentTree, functions) -> dict:
    document = tree.document
    for indicator in tree.indicators:
        indicator.formula_html = render_formula_html(indicator.formula)
    lengkap = document.layout == document.Layout.LENGKAP
    return {
        "document": document,
        "unit": document.unit,
        "tree": tree,
        "functions": [(letter_label(i), f.text) for i, f in enumerate(functions)],
        "rows": lengkap_rows(tree) if lengkap else ringkas_rows(tree),
        "place_and_date": ", ".join(
            part
            for part in (
                document.signature_place or document.unit.seat_city,
                indonesian_date(
                    document.signature_date,
                    month_year=document.signature_date_format == document.DateFormat.MONTH_YEAR,
                ),
            )
            if part
        ),
        "signatory": document.signatory,
        "signatory_lines": document.signatory_lines,
    }
