"""What a printed IKU document shows, arranged in its chosen columns.

Pure data shaping, no queries: it takes a snapshot (`snapshot.document_snapshot`, or the one
frozen with a signed version) and returns the context of the print templates. Rows are IKU;
a cell of a tujuan, a sasaran or an indikator tujuan spans the rows it stands beside, and a
cell that goes on over a page break repeats its text there, marked "(lanjutan)" (see
`page_breaks`, which finds the breaks and puts those cells into the document's layout).
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.safestring import mark_safe

from core.formula import render_formula_html
from core.numbers import format_value
from indicators.choices import Direction
from indicators.layouts import (
    GOAL,
    GOAL_INDICATOR,
    INDICATOR,
    MARGINS_MM,
    PAGE_MM,
    TARGET,
    assign_widths,
    build_columns,
    choose_orientation,
)
from indicators.models import Indicator
from organizations.models import Official, letter_label
from organizations.nip import format_nip

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

# Printed words of the document (Indonesian legal text, not interface strings).
DIRECTION_WORDS = {
    Direction.HIGHER: "Maksimal",
    Direction.LOWER: "Minimal",
    Direction.STABLE: "Stabil",
}
# The printed words (the document's own, Indonesian, whatever the interface's language).
_Calculation, _Frequency, _Cascading = (
    Indicator.CalculationType,
    Indicator.Frequency,
    Indicator.Cascading,
)
CALCULATION_WORDS = {
    _Calculation.CUMULATIVE: "Kumulatif",
    _Calculation.NON_CUMULATIVE: "Non-kumulatif",
    _Calculation.AVERAGE: "Rata-rata",
    _Calculation.LAST_PERIOD: "Nilai akhir periode",
}
FREQUENCY_WORDS = {
    _Frequency.MONTHLY: "Bulanan",
    _Frequency.QUARTERLY: "Triwulanan",
    _Frequency.SEMESTER: "Semesteran",
    _Frequency.YEARLY: "Tahunan",
}
CASCADING_WORDS = {
    _Cascading.MAP: "C (cascading peta)",
    _Cascading.NON_MAP: "CP (cascading non-peta)",
    _Cascading.NONE: "N (non-cascading)",
}
STATE_OFFICIAL = Official.Kind.STATE_OFFICIAL
_BLOCK_TAG = re.compile(r"<(p|ul|ol|br|div|table)\b", re.IGNORECASE)


def indonesian_date(date: datetime.date | None, *, month_year: bool) -> str:
    """'Januari 2022' or '3 Januari 2022', whatever language the interface speaks."""
    if date is None:
        return ""
    month = f"{MONTHS_ID[date.month - 1]} {date.year}"
    return month if month_year else f"{date.day} {month}"


def code_label(code: str) -> str:
    """'1.1.1.1' as printed before a name; a one-level code reads '1.'; a code that ends in
    its own mark ('1)', 'a.') prints as typed."""
    return code if "." in code or not code[-1:].isalnum() else f"{code}."


# --- the facts of one row ------------------------------------------------------------------


@dataclass
class PrintIndicator:
    """An IKU of the snapshot, with what its cells print worked out once."""

    data: dict
    formula_style: str

    def __getattr__(self, name):
        try:
            return self.data[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def code_print(self) -> str:
        """The code as printed before the name: never broken across lines ("IKU 1.")."""
        code = self.data.get("code", "") or ""
        return code_label(code).replace(" ", "\u00a0") if code else ""

    @property
    def formula_html(self):
        return render_formula_html(self.data.get("formula", ""))

    @property
    def formula_inline(self) -> bool:
        return self.formula_style == "inline"

    @property
    def direction_text(self) -> str:
        return DIRECTION_WORDS.get(self.data.get("direction"), "")

    @property
    def calculation_text(self) -> str:
        return CALCULATION_WORDS.get(self.data.get("calculation_type"), "")

    @property
    def frequency_text(self) -> str:
        return FREQUENCY_WORDS.get(self.data.get("frequency") or "tahunan", "")

    @property
    def baseline_text(self) -> str:
        return self.baseline_print()

    def baseline_print(self, satuan: str = "") -> str:
        """The baseline as printed: '12,5 (2023)', with its satuan if asked ('12,5 kali
        (2023)'), or how "no baseline" was written."""
        value = self.data.get("baseline_value")
        text = format_value(
            Decimal(value) if value is not None else None,
            not_available=self.data.get("baseline_not_available", False),
            as_typed=self.data.get("baseline_not_available_text", ""),
        )
        year = self.data.get("baseline_year")
        if self.data.get("baseline_not_available"):
            return text
        text = with_satuan(text, satuan)
        return f"{text} ({year})" if text and year else text

    def target_text(self, year: int) -> str:
        value = self.data.get("targets", {}).get(str(year))
        upper = self.data.get("target_ranges", {}).get(str(year))
        if value is None:
            return ""
        return format_value(Decimal(value), Decimal(upper) if upper is not None else None)

    @property
    def explanation_html(self) -> str:
        """The sanitized penjelasan; typed line breaks become paragraphs."""
        html = self.data.get("explanation", "") or ""
        if html and not _BLOCK_TAG.search(html):
            html = "".join(f"<p>{line}</p>" for line in html.splitlines() if line.strip())
        return mark_safe(html)  # noqa: S308 - sanitized by nh3 when it was saved


@dataclass
class Cell:
    column: object
    kind: str
    span: int = 1
    goal: dict | None = None
    goal_indicator: str = ""
    target: dict | None = None
    indicator: PrintIndicator | None = None
    number: str = ""
    responsible: str = ""
    continued: bool = False
    targets: list = field(default_factory=list)  # [(year, text)] for the target columns
    text: str = ""  # what a plain-text cell prints
    goal_above: dict | None = None  # "Tujuan dan Sasaran": the tujuan printed above its sasaran


@dataclass
class Row:
    index: int
    block: int
    goal: dict | None
    target: dict | None
    indicator: PrintIndicator | None
    goal_indicator: str = ""
    goal_indicator_group: int = 0
    goal_indicator_group_text: str = ""
    cells: list[Cell] = field(default_factory=list)
    last: bool = False
    split: bool = False  # may break across pages (a row taller than a quarter of a page)


def _tree(snapshot):
    """[(goal or None, [(target, [indicator…])…])…] in print order."""
    style = snapshot["document"].get("formula_style", "stacked")
    indicators_by_target = {}
    for data in snapshot["indicators"]:
        indicators_by_target.setdefault(data["strategic_target"], []).append(
            PrintIndicator(data, style)
        )
    targets_by_goal = {}
    for target in snapshot["strategic_targets"]:
        targets_by_goal.setdefault(target.get("goal"), []).append(
            (target, indicators_by_target.get(target["code"], []))
        )
    blocks = [(goal, targets_by_goal.get(goal["code"], [])) for goal in snapshot["goals"]]
    if targets_by_goal.get(None):
        blocks.append((None, targets_by_goal[None]))
    return blocks


def _rows(blocks, *, goal_indicators: bool) -> list[Row]:
    rows = []
    for block_index, (goal, targets) in enumerate(blocks):
        block = [
            Row(len(rows), block_index, goal, target, indicator)
            for target, indicators in targets
            for indicator in (indicators or [None])
        ] or [Row(len(rows), block_index, goal, None, None)]
        texts = (goal or {}).get("indicators", []) if goal_indicators else []
        # Each indikator tujuan on its own row beside the IKU; when there are more of them
        # than IKU, the last sasaran gains empty rows to hold them.
        while len(block) < len(texts):
            block.append(Row(0, block_index, goal, block[-1].target, None))
        for position, row in enumerate(block):
            row.goal_indicator = texts[position] if position < len(texts) else ""
            row.goal_indicator_group = min(position, max(len(texts) - 1, 0))
            row.goal_indicator_group_text = texts[row.goal_indicator_group] if texts else ""
        rows.extend(block)
    for index, row in enumerate(rows):
        row.index = index
    if rows:
        rows[-1].last = True
    return rows


def _number_level(columns) -> str:
    levels = {column.kind.level for column in columns}
    if levels & {GOAL, GOAL_INDICATOR}:
        return GOAL
    if TARGET in levels:
        return TARGET
    return INDICATOR


def _group_keys(rows, column, number_level):
    """The key of each row's cell in `column`: consecutive equal keys share one cell."""
    level = number_level if column.key == "no" else column.kind.level
    if column.key == "responsible":
        outer = GOAL if number_level == GOAL else TARGET if number_level == TARGET else None
        keys = []
        for row in rows:
            text = row.indicator.responsible if row.indicator else ""
            if outer is None or not text:
                keys.append(("row", row.index))
            else:
                group = row.block if outer == GOAL else (row.block, id(row.target))
                keys.append((group, text))
        return keys
    if column.key == "perspective":
        # Consecutive IKU of the same perspektif share one cell, across sasaran (the
        # perspektif groups them); an IKU without one stands alone.
        return [
            ("perspective", row.indicator.data.get("perspective"))
            if row.indicator and row.indicator.data.get("perspective")
            else ("row", row.index)
            for row in rows
        ]
    if level == GOAL:
        return [("goal", row.block) for row in rows]
    if level == GOAL_INDICATOR:
        return [("gi", row.block, row.goal_indicator_group) for row in rows]
    if level == TARGET:
        return [
            ("target", row.block, id(row.target)) if row.target else ("row", row.index)
            for row in rows
        ]
    return [("row", row.index) for row in rows]


def _fill_cells(rows, columns, page_starts: set[int]) -> None:
    number_level = _number_level(columns)
    counters = {}
    for column in columns:
        keys = _group_keys(rows, column, number_level)
        open_cell = None
        for row, key in zip(rows, keys, strict=True):
            breaks_page = row.index in page_starts
            if open_cell is not None and key == open_cell[1] and key[0] != "row":
                if not breaks_page:
                    open_cell[0].span += 1
                    continue
                # The group goes on over a page break: a new cell repeats its text there.
                cell = _cell(column, row, number_level, counters, continued=True)
            else:
                cell = _cell(column, row, number_level, counters)
            row.cells.append(cell)
            open_cell = (cell, key)


def _cell(column, row, number_level, counters, *, continued=False) -> Cell:
    cell = Cell(
        column=column,
        kind=column.key,
        goal=row.goal,
        goal_indicator=row.goal_indicator,
        target=row.target,
        indicator=row.indicator,
        # "(lanjutan)" marks the tujuan, sasaran and indikator tujuan that go on from the page
        # before; the number is not repeated, the penanggung jawab is repeated as it is.
        continued=continued and column.key in _MARKED_WHEN_CONTINUED,
    )
    if column.key == "goal_target" and row.goal and row.target:
        shown = counters.setdefault("goals_shown", set())
        if continued or row.goal["code"] not in shown:
            cell.goal_above = row.goal
            shown.add(row.goal["code"])
    if column.key == "no" and not continued:
        if number_level == GOAL:
            cell.number = code_label(row.goal["code"]) if row.goal else ""
        else:
            counters["no"] = counters.get("no", 0) + 1
            cell.number = f"{counters['no']}."
    cell.text = _cell_text(column.key, row, continued)
    if column.key == "responsible" and row.indicator:
        cell.responsible = row.indicator.responsible
    satuan = row.indicator.data.get("satuan", "") if row.indicator and column.satuan else ""
    if column.key == "baseline" and row.indicator:
        cell.text = row.indicator.baseline_print(satuan)
    if column.key == "targets":
        cell.targets = [
            (year, with_satuan(row.indicator.target_text(year), satuan) if row.indicator else "")
            for year in column.years
        ]
    return cell


def with_satuan(text: str, satuan: str) -> str:
    """A figure with its satuan, as agencies print it: '60 kali', '75,5%'; nothing to add to
    an empty figure."""
    if not text or not satuan:
        return text
    if satuan.strip() == "%":
        return f"{text}%"
    # A line may break between the figure and its satuan, never inside either.
    return f"{text} {satuan}"


_MARKED_WHEN_CONTINUED = {"goal", "goal_indicators", "target", "goal_target"}


def _cell_text(key, row, continued) -> str:
    indicator = row.indicator
    if key == "goal":
        return row.goal["text"] if row.goal else ""
    if key == "goal_indicators":
        return row.goal_indicator_group_text if continued else row.goal_indicator
    if key in ("target", "goal_target"):
        return f"{code_label(row.target['code'])} {row.target['text']}" if row.target else ""
    if indicator is None:
        return ""
    if key == "code":
        return indicator.code
    if key in ("satuan", "definition", "selection_reason", "perspective", "cascading"):
        return indicator.data.get(key) or ""
    return {
        "direction": indicator.direction_text,
        "calculation_type": indicator.calculation_text,
        "frequency": indicator.frequency_text,
        "baseline": indicator.baseline_text,
    }.get(key, "")


# --- which columns have something to print ---------------------------------------------------

_CONTENT = {
    "goal": lambda s: bool(s["goals"]),
    "goal_indicators": lambda s: any(g.get("indicators") for g in s["goals"]),
    "target": lambda s: bool(s["strategic_targets"]),
    "goal_target": lambda s: bool(s["strategic_targets"]),
    "satuan": lambda s: any(i.get("satuan") for i in s["indicators"]),
    "formula": lambda s: any(i.get("formula") or i.get("explanation") for i in s["indicators"]),
    "explanation": lambda s: any(i.get("explanation") for i in s["indicators"]),
    "definition": lambda s: any(i.get("definition") for i in s["indicators"]),
    "selection_reason": lambda s: any(i.get("selection_reason") for i in s["indicators"]),
    "baseline": lambda s: any(
        i.get("baseline_value") is not None or i.get("baseline_not_available")
        for i in s["indicators"]
    ),
    "targets": lambda s: any(i.get("targets") for i in s["indicators"]),
    "data_source": lambda s: any(i.get("data_source") for i in s["indicators"]),
    "responsible": lambda s: any(i.get("responsible") for i in s["indicators"]),
    "perspective": lambda s: any(i.get("perspective") for i in s["indicators"]),
    "cascading": lambda s: any(i.get("cascading") for i in s["indicators"]),
}


def printed_columns(snapshot):
    """The columns of the table (without the empty ones, where the document says so), their
    widths, the page orientation, and whether the type must be smaller to fit."""
    document = snapshot["document"]
    years = list(range(document["period_start"], document["period_end"] + 1))
    columns = build_columns(document.get("columns") or [], period_years=years)
    if document.get("hide_empty_columns", True):
        columns = [c for c in columns if _CONTENT.get(c.key, lambda s: True)(snapshot)]
    orientation = choose_orientation(columns, document.get("orientation", "auto"))
    dense = assign_widths(columns, orientation)
    return columns, orientation, dense


@dataclass
class ContinuationRow:
    """A row of the cells that may go on over a page break, one per column at most."""

    items: list  # [(cell, None) | (None, [blank…])], column by column
    starts: dict  # {grid column: the row where the cell it goes on from begins}


def continuations(rows, columns) -> list[ContinuationRow]:
    """Each cell that spans rows as it prints where it goes on over a page break ("(lanjutan)"
    for a tujuan or sasaran): laid out with the document, out of the page, so that the cells
    a page needs can be put there (`page_breaks`). Packed into rows, a column's cells one
    below the other."""
    number_level = _number_level(columns)
    grid_x, first_column = 0, {}
    for column in columns:
        first_column[id(column)] = grid_x
        grid_x += column.span
    per_column = {id(column): [] for column in columns}
    for row in rows:
        for cell in row.cells:
            if cell.span > 1:  # the group's next row prints it as every later row would
                following = rows[row.index + 1]
                repeated = _cell(cell.column, following, number_level, {}, continued=True)
                per_column[id(cell.column)].append((row.index, repeated))
    packed = []
    for depth in range(max((len(cells) for cells in per_column.values()), default=0)):
        items, starts = [], {}
        for column in columns:
            cells = per_column[id(column)]
            if depth < len(cells):
                start, cell = cells[depth]
                items.append((cell, None))
                starts[first_column[id(column)]] = start
            else:
                items.append((None, [None] * column.span))
        packed.append(ContinuationRow(items, starts))
    return packed


def table_rows(snapshot, columns, page_starts=frozenset(), split_rows=frozenset()) -> list[Row]:
    keys = {column.key for column in columns}
    rows = _rows(_tree(snapshot), goal_indicators="goal_indicators" in keys)
    _fill_cells(rows, columns, set(page_starts))
    for row in rows:
        row.split = row.index in split_rows
    return rows


# --- the whole page --------------------------------------------------------------------------


def _nip_text(signature) -> str:
    nip = signature.get("nip", "")
    if not nip:
        return ""
    return nip if signature.get("nip_style") == "plain" else format_nip(nip)


def signature_context(snapshot) -> dict:
    signature = snapshot["signature"]
    style = signature.get("style", "month_year")
    place, date = signature.get("place", ""), signature.get("date", "")
    if style == "ditetapkan":
        lines = [f"Ditetapkan di {place}" if place else "", f"pada tanggal {date}" if date else ""]
    else:
        lines = [", ".join(part for part in (place, date) if part)]
    state_official = signature.get("kind") == STATE_OFFICIAL
    return {
        "place_lines": [line for line in lines if line],
        "jabatan": signature.get("jabatan", []),
        "name": signature.get("name", ""),
        "underline": signature.get("underline", True),
        "pangkat": "" if state_official else signature.get("pangkat", ""),
        "nip": "" if state_official else _nip_text(signature),
    }


def page_setup(orientation: str, *, page_numbers: bool) -> dict:
    top, right, bottom, left = MARGINS_MM[orientation]
    width, height = PAGE_MM[orientation]
    return {
        "orientation": orientation,
        "margins": f"{top}mm {right}mm {bottom}mm {left}mm",
        "width_mm": width,
        "height_mm": height,
        "page_numbers": page_numbers,
    }


def identity_shown(document: dict) -> dict:
    """Which identity lines (name, tugas, functions) a document prints: all, unless it left
    some out (a snapshot from before that choice prints all)."""
    return {"name": True, "tugas": True, "functions": True, **document.get("show_identity", {})}


def print_context(
    snapshot, *, page_starts=frozenset(), split_rows=frozenset(), continued_cells=False
) -> dict:
    """The print template's context; with `continued_cells`, the cells that may go on over a
    page break laid out with it (see `continuations`)."""
    document = snapshot["document"]
    columns, orientation, dense = printed_columns(snapshot)
    heading_lines = [document["heading"]]
    if document.get("show_unit_heading", True):
        heading_lines.append(snapshot["unit"]["name"].upper())
    # The identity block numbers only what it prints: a pemda has no tugas or fungsi to show,
    # and a document may leave any line out (a snapshot from before that choice prints all).
    shown = identity_shown(document)
    identity = ["name"] if shown["name"] else []
    if shown["tugas"] and snapshot["unit"].get("tugas", "").strip():
        identity.append("tugas")
    if shown["functions"] and snapshot["unit"]["functions"]:
        identity.append("functions")
    identity.append("iku")
    rows = table_rows(snapshot, columns, page_starts, split_rows)
    return {
        "rows": rows,
        "continuations": continuations(rows, columns) if continued_cells else [],
        "identity_number": {key: f"{n}." for n, key in enumerate(identity, start=1)},
        "snapshot": snapshot,
        "document": document,
        "unit": snapshot["unit"],
        "header_lines": document.get("header_lines", []),
        "heading_lines": heading_lines,
        "functions": [
            (letter_label(i), text) for i, text in enumerate(snapshot["unit"]["functions"])
        ],
        "columns": columns,
        "col_widths": [w for column in columns for w in column.sub_widths_mm],
        "has_sub_headers": any(column.kind.per_year for column in columns),
        "numbered_iku_heading": document.get("layout") == "ringkas",
        "code_in_iku": "code" not in {column.key for column in columns},
        "dense": dense,
        "page": page_setup(orientation, page_numbers=document.get("show_page_numbers", True)),
        "signature": signature_context(snapshot),
    }


# --- the Manual IKU --------------------------------------------------------------------------

MANUAL_MAX_PER_PAGE = 2


@dataclass
class ManualSheet:
    """One IKU of the Manual IKU: every field of it, as a label/value table."""

    number: int
    indicator: PrintIndicator
    goal: dict | None
    target: dict
    targets: list  # [(year, text)] over the period
    new_page: bool  # begins a page: one IKU to a page, or two when they fit

    @property
    def cascading_text(self) -> str:
        code = self.indicator.data.get("cascading", "")
        return CASCADING_WORDS.get(code, code)


def manual_sheets(snapshot, page_starts=None) -> list[ManualSheet]:
    """The sheets in print order. `page_starts`: the sheet numbers that begin a page (worked
    out by `pdf.manual_pdf` from their heights); None puts every sheet on a page of its own,
    as the first pass that measures them does."""
    document = snapshot["document"]
    years = range(document["period_start"], document["period_end"] + 1)
    sheets = []
    for goal, targets in _tree(snapshot):
        for target, indicators in targets:
            for indicator in indicators:
                index = len(sheets)
                sheets.append(
                    ManualSheet(
                        number=index + 1,
                        indicator=indicator,
                        goal=goal,
                        target=target,
                        targets=[(year, indicator.target_text(year)) for year in years],
                        new_page=index > 0 and (page_starts is None or index + 1 in page_starts),
                    )
                )
    return sheets


def manual_page_starts(heights: dict[int, float], *, capacity: float, first_offset: float):
    """Which sheets begin a page: a page takes one sheet, or two when both fit whole.

    `heights`: {sheet number: height}, infinite for a sheet taller than a page; `capacity`: the
    height between the page margins; `first_offset`: the heading above the first sheet."""
    starts, used, count = set(), first_offset, 0
    for number in sorted(heights):
        height = heights[number]
        if count and (count >= MANUAL_MAX_PER_PAGE or used + height > capacity):
            starts.add(number)
            used, count = 0.0, 0
        used += height
        count += 1
    return frozenset(starts)


def manual_context(snapshot, page_starts=None) -> dict:
    """The Manual IKU of a document: the same heading, signature and verification as the
    document, then one label/value sheet per IKU, portrait."""
    document = snapshot["document"]
    return {
        "snapshot": snapshot,
        "document": document,
        "unit": snapshot["unit"],
        "header_lines": document.get("header_lines", []),
        "heading_lines": [
            f"{'MANUAL' if document['heading'].isupper() else 'Manual'} {document['heading']}",
            snapshot["unit"]["name"].upper(),
        ],
        "sheets": manual_sheets(snapshot, page_starts),
        "page": page_setup("portrait", page_numbers=document.get("show_page_numbers", True)),
        "signature": signature_context(snapshot),
    }
