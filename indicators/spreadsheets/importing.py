"""Reading an IKU document from a spreadsheet (.xlsx or .csv), safely, into a tree with every
problem named by sheet, row and column; applying it, all or nothing, as a new draft.

Untrusted input: the file's type is read from its content; an .xlsx (a zip) is measured before
it is opened (uncompressed size, number of parts, compression ratio: a zip bomb is refused
before it is read); openpyxl parses its XML through defusedxml (installed); rows are read up to
a limit. Formulas count by their computed values, and the user is told which cells held one.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

import python_calamine
from defusedxml import ElementTree as DefusedET
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.styles.numbers import BUILTIN_FORMATS
from openpyxl.utils import column_index_from_string, coordinate_to_tuple, get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

from core.numbers import NOT_AVAILABLE, Range, not_available_as_typed, parse_value
from core.validators import MEGABYTE
from indicators.choices import Direction
from indicators.labels import label
from indicators.models import Goal, GoalIndicator, Indicator, StrategicTarget

MAX_UPLOAD_BYTES = 5 * MEGABYTE
# A 2,000-row IKU sheet unpacks to about 2 MB and is read in under a second: past this limit a
# file (often a zip bomb, or a workbook of images and styles) is refused before it is read,
# never parsed for minutes in the request.
MAX_UNCOMPRESSED_BYTES = 10 * MEGABYTE
MAX_RATIO = 100
MAX_PARTS = 500
# What a sheet may hold, counted while it is read (streamed): reading stops at the first row,
# column or cell past a limit, before the rest is loaded.
MAX_ROWS = 2000
MAX_COLUMNS = 100
MAX_CELLS = 100_000
HEADER_SEARCH_ROWS = 10

# Field: the header texts (normalized) that name it.
HEADERS = {
    "goal": ["tujuan", "tujuan strategis"],
    "goal_code": ["kode tujuan"],
    "goal_indicators": ["indikator tujuan"],
    "document": ["dokumen"],
    "target": ["sasaran strategis", "sasaran", "sasaran program"],
    "target_code": ["kode sasaran"],
    "name": [
        "indikator kinerja", "indikator kinerja utama", "iku", "indikator", "nama iku",
        "nama indikator", "uraian indikator", "indikator sasaran",
    ],
    "code": ["kode", "kode iku"],
    "satuan": ["satuan"],
    "formula": ["formulasi", "rumus perhitungan", "formulasi pengukuran", "rumus", "formula"],
    "data_source": ["sumber data"],
    "responsible": ["penanggung jawab", "pj", "unit in charge", "unit penanggung jawab"],
    "selection_reason": ["alasan pemilihan", "alasan pemilihan indikator"],
    "baseline": ["baseline", "nilai baseline", "kondisi awal"],
    "perspective": ["perspektif", "perspektif bsc"],
    "definition": ["definisi operasional", "definisi"],
    "explanation": ["penjelasan"],
    "direction": ["arah", "arah indikator", "polarisasi", "polaritas"],
    "calculation_type": ["tipe perhitungan", "jenis perhitungan", "sifat data"],
    "frequency": ["frekuensi pengukuran", "frekuensi", "periode pengukuran"],
    "baseline_year": ["tahun baseline", "tahun dasar"],
    "cascading": ["jenis cascading", "cascading"],
    "ignore": ["no", "nomor", "unit", "periode", "status"],
}  # fmt: skip
# What a column can be mapped to, named as the documents name it.
IMPORTED = [
    "goal",
    "goal_code",
    "goal_indicators",
    "target",
    "target_code",
    "name",
    "code",
    "satuan",
    "formula",
    "data_source",
    "responsible",
    "selection_reason",
    "baseline",
    "perspective",
    "definition",
    "explanation",
    "direction",
    "calculation_type",
    "frequency",
    "baseline_year",
    "cascading",
]
FIELD_LABELS = {key: label(key) for key in IMPORTED}
# Of those, the fields of the IKU itself (the others place it in the tree or are read apart).
INDICATOR_FIELDS = frozenset(IMPORTED) - {
    "goal",
    "goal_code",
    "goal_indicators",
    "target",
    "target_code",
    "baseline",
}
# Fields of choices: a cell holds the stored value, or its name in Indonesian or English (any
# case), or a way agencies commonly write it; anything else is a problem, never a default.
CHOICES = {
    "direction": Direction,
    "calculation_type": Indicator.CalculationType,
    "frequency": Indicator.Frequency,
    "cascading": Indicator.Cascading,
}
CHOICE_ALIASES = {
    "direction": {
        "semakin tinggi semakin baik": Direction.HIGHER,
        "makin besar makin baik": Direction.HIGHER,
        "semakin besar semakin baik": Direction.HIGHER,
        "maksimal": Direction.HIGHER,
        "maximize": Direction.HIGHER,
        "positif": Direction.HIGHER,
        "semakin rendah semakin baik": Direction.LOWER,
        "makin kecil makin baik": Direction.LOWER,
        "semakin kecil semakin baik": Direction.LOWER,
        "minimal": Direction.LOWER,
        "minimize": Direction.LOWER,
        "negatif": Direction.LOWER,
        "stabil": Direction.STABLE,
    },
    "cascading": {
        "cascading peta": Indicator.Cascading.MAP,
        "cascading non peta": Indicator.Cascading.NON_MAP,
        "non cascading": Indicator.Cascading.NONE,
    },
}
_YEAR = re.compile(r"^(?:target\s*(?:kinerja\s*)?(?:tahun)?\s*|tahun\s*)?((?:19|20|21)\d\d)$")
_BASELINE_YEAR = re.compile(
    r"^(?:baseline|nilai baseline|kondisi awal|capaian)\s*(?:tahun)?\s*((?:19|20|21)\d\d)$"
)
# Headers over the years of a two-row header ("Target" above "2025", "Tahun 2025").
_YEARS_PARENT = {"target", "target kinerja", "target tahun", "target kinerja tahun"}


def normalize(text) -> str:
    text = str(text or "").replace("\n", " ").strip().lower()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def recognize(header) -> str | None:
    """The field a header names: a key of HEADERS, 'year:2025' (a target), 'baseline:2024' (a
    baseline with its year), or None."""
    text = normalize(header)
    if not text:
        return None
    match = _YEAR.match(text)
    if match:
        return f"year:{match.group(1)}"
    match = _BASELINE_YEAR.match(text)
    if match:
        return f"baseline:{match.group(1)}"
    for name, variants in HEADERS.items():
        if text in variants:
            return name
    return None


class UnreadableFile(ValidationError):
    """The file cannot be read at all; the message says why, in Indonesian."""


@dataclass
class Problem:
    sheet: str
    row: int
    column: str
    message: str
    header: str = ""  # the column's header as the file writes it

    def __str__(self):
        where = _("Sheet “%(sheet)s”, row %(row)s") % {"sheet": self.sheet, "row": self.row}
        if self.column and self.header:
            where += _(", column %(column)s (“%(header)s”)") % {
                "column": self.column,
                "header": self.header[:60],
            }
        elif self.column:
            where += _(", column %(column)s") % {"column": self.column}
        return f"{where}: {self.message}"


@dataclass
class Item:
    row: int
    goal: str
    target: str
    goal_indicators: list
    fields: dict
    targets: dict  # year -> Decimal or Range
    baseline: object = None


@dataclass
class Reading:
    sheet: str
    header_row: int
    columns: dict  # column letter -> header text
    mapping: dict  # column letter -> field
    items: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # things the user should know, not errors
    unknown: list = field(default_factory=list)  # column letters whose header was not known


# A reading is kept on its ImportBatch as JSON between the worker that reads the file and the
# one that applies it: numbers as their exact decimal text, never as floats.
def _value_json(value):
    if value is None:
        return None
    if value is NOT_AVAILABLE:
        return {"na": True}
    if isinstance(value, Range):
        return {"low": str(value.low), "high": str(value.high)}
    return str(value)


def _value_from_json(value):
    if value is None:
        return None
    if isinstance(value, dict):
        if value.get("na"):
            return NOT_AVAILABLE
        return Range(Decimal(value["low"]), Decimal(value["high"]))
    return Decimal(value)


def reading_to_json(reading: Reading) -> dict:
    return {
        "sheet": reading.sheet,
        "header_row": reading.header_row,
        "columns": reading.columns,
        "mapping": reading.mapping,
        "items": [
            {
                "row": item.row,
                "goal": item.goal,
                "target": item.target,
                "goal_indicators": item.goal_indicators,
                "fields": item.fields,
                "targets": {str(y): _value_json(v) for y, v in item.targets.items()},
                "baseline": _value_json(item.baseline),
            }
            for item in reading.items
        ],
        "problems": [vars(problem) for problem in reading.problems],
        "notes": [str(note) for note in reading.notes],
        "unknown": reading.unknown,
    }


def reading_from_json(data: dict) -> Reading:
    return Reading(
        data["sheet"],
        data["header_row"],
        data["columns"],
        data["mapping"],
        items=[
            Item(
                item["row"],
                item["goal"],
                item["target"],
                item["goal_indicators"],
                item["fields"],
                {int(y): _value_from_json(v) for y, v in item["targets"].items()},
                _value_from_json(item["baseline"]),
            )
            for item in data["items"]
        ],
        problems=[Problem(**problem) for problem in data["problems"]],
        notes=data["notes"],
        unknown=data["unknown"],
    )


def _column_letter(index: int) -> str:
    return get_column_letter(index)


ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
SPREADSHEET_NAMES = (".xlsx", ".xlsm", ".ods", ".xls")


def _kind(content: bytes) -> str:
    """'xlsx', 'ods' or 'csv': what the file is by its content (precheck has passed)."""
    if not content.startswith(b"PK\x03\x04"):
        return "csv"
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    return "xlsx" if "xl/workbook.xml" in names else "ods"


def _check_zip(content: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise UnreadableFile(_("The file is damaged: it is not a complete .xlsx file.")) from None
    parts = archive.infolist()
    total = sum(part.file_size for part in parts)
    packed = sum(part.compress_size for part in parts) or 1
    if len(parts) > MAX_PARTS or total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_RATIO:
        raise UnreadableFile(
            _(
                "The file unpacks to more than the portal reads (%(mb)s MB): it was refused "
                "before it was read. Save only the IKU table in a new file."
            )
            % {"mb": MAX_UNCOMPRESSED_BYTES // MEGABYTE}
        )
    names = archive.namelist()
    if "xl/workbook.xml" in names:
        return
    if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
        return
    raise UnreadableFile(_("This is not a spreadsheet (.xlsx, .ods or .csv)."))


def precheck(name: str, content: bytes) -> None:
    """What can be told of a file without reading it (in the request, at once): its size, its
    kind, and for an .xlsx the size it unpacks to. Reading it is a worker's job."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise UnreadableFile(
            _("The file is larger than %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // MEGABYTE}
        )
    if not content.strip():
        raise UnreadableFile(_("The file is empty."))
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile(
            _(
                "The file is protected with a password or is an old .xls: open it, remove the "
                "password and save it as .xlsx (Excel Workbook)."
            )
        )
    if content.startswith(b"PK\x03\x04"):
        _check_zip(content)
        return
    # Anything else is read only as CSV text: from a file that says it is one, or from a
    # "spreadsheet" that is CSV text under another name (a common export of other programs).
    if b"\x00" in content[:4096]:
        raise UnreadableFile(_("This is not a spreadsheet (.xlsx, .ods or .csv)."))
    if not name.lower().endswith((".csv", ".txt")) and not (
        name.lower().endswith(SPREADSHEET_NAMES) and _looks_like_csv(content)
    ):
        raise UnreadableFile(_("This is not a spreadsheet (.xlsx, .ods or .csv)."))


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")


def _looks_like_csv(content: bytes) -> bool:
    """Text whose first lines split into at least two columns the same way."""
    try:
        csv.Sniffer().sniff(_decode(content[:4096]), delimiters=";,\t")
    except csv.Error:
        return False
    return True


@dataclass
class Grid:
    """A sheet as read: its rows of cell values (row n is rows[n - 1]), the cells that hold a
    formula, those whose formula has no stored result, merged areas as {(row, col): (top row,
    col)}, hidden rows and columns (left unread), and what the user should know."""

    sheet: str
    rows: list
    formula_cells: set = field(default_factory=set)
    unresolved: set = field(default_factory=set)
    merged: dict = field(default_factory=dict)
    hidden_rows: set = field(default_factory=set)
    hidden_columns: set = field(default_factory=set)
    notes: list = field(default_factory=list)


def _read_csv(content: bytes) -> Grid:
    text = _decode(content)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        if number > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise UnreadableFile(_too_many_rows())
        if len(row) > MAX_COLUMNS:
            raise UnreadableFile(_too_many_columns())
        rows.append(row)
    if not any(any(str(v).strip() for v in row) for row in rows):
        raise UnreadableFile(_("The file is empty."))
    return Grid("CSV", rows)


def _too_many_rows() -> str:
    return _("The sheet has more than %(rows)s rows: an IKU document is far shorter.") % {
        "rows": MAX_ROWS
    }


def _too_many_columns() -> str:
    return _(
        "The sheet has more than %(columns)s columns: an IKU table is far narrower. Save only "
        "the IKU table in a new file."
    ) % {"columns": MAX_COLUMNS}


def _too_many_cells() -> str:
    return _(
        "The sheet has more than %(cells)s filled cells: an IKU table is far smaller. Save only "
        "the IKU table in a new file."
    ) % {"cells": f"{MAX_CELLS:,}".replace(",", ".")}


def _damaged() -> UnreadableFile:
    return UnreadableFile(_("The file is damaged: it is not a complete .xlsx file."))


class _SheetParser(WorkSheetParser):
    """openpyxl's streaming parser of a sheet's XML (through defusedxml), reading stored values
    and noting which cells hold a formula: one pass gives the values, the formulas, the merged
    areas and the hidden rows and columns, which openpyxl's read-only sheets leave out."""

    def __init__(self, *args, percent_styles=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.formula_cells = set()
        self.unresolved = set()
        self.percent_styles = percent_styles

    def parse_cell(self, element):
        cell = super().parse_cell(element)
        if cell["style_id"] in self.percent_styles:
            # Shown as "75,5%", stored as 0.755: read as it is shown, never 100 times smaller.
            cell["value"] = _as_shown(cell["value"])
        if element.find(FORMULA_TAG) is not None:
            self.formula_cells.add((cell["row"], cell["column"]))
            if cell["value"] is None:
                self.unresolved.add((cell["row"], cell["column"]))
        return cell


def _is_true(value) -> bool:
    return str(value).lower() in ("1", "true")


def _percent_styles(book) -> frozenset[int]:
    """The cell styles whose number format shows a percentage (the value is stored / 100)."""
    found = set()
    for index, style in enumerate(book._cell_styles):
        code = (
            BUILTIN_FORMATS.get(style.numFmtId, "")
            if style.numFmtId < 164
            else book._number_formats[style.numFmtId - 164]
            if style.numFmtId - 164 < len(book._number_formats)
            else ""
        )
        if "%" in re.sub(r'"[^"]*"|\\.', "", code):  # a literal "%" in quotes is text
            found.add(index)
    return frozenset(found)


def _read_sheet(book, sheet) -> Grid | None:
    """The sheet in one streaming pass, stopped at the row, column and cell limits; None if it
    holds nothing."""
    with book._archive.open(sheet._worksheet_path) as source:
        parser = _SheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
            percent_styles=_percent_styles(book),
        )
        rows, filled = {}, 0
        for number, cells in parser.parse():
            values = {c["column"]: c["value"] for c in cells if c["value"] not in (None, "")}
            values.update(
                {c["column"]: None for c in cells if (number, c["column"]) in parser.unresolved}
            )
            if not values:
                continue
            if number > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise UnreadableFile(_too_many_rows())
            if max(values) > MAX_COLUMNS:
                raise UnreadableFile(_too_many_columns())
            filled += len(values)
            if filled > MAX_CELLS:
                raise UnreadableFile(_too_many_cells())
            row = [None] * max(values)
            for column, value in values.items():
                row[column - 1] = value
            rows[number] = row
    if not rows or all(all(v in (None, "") for v in row) for row in rows.values()):
        return None
    grid = Grid(
        sheet.title,
        [rows.get(n, []) for n in range(1, max(rows) + 1)],
        parser.formula_cells,
        parser.unresolved,
    )
    for area in parser.merged_cells.mergeCell if parser.merged_cells else ():
        low, high = area.ref.split(":") if ":" in area.ref else (area.ref, area.ref)
        top, left = coordinate_to_tuple(low)
        bottom, right = coordinate_to_tuple(high)
        if (bottom - top + 1) * (right - left + 1) > MAX_CELLS:
            raise UnreadableFile(_too_many_cells())
        for r in range(top, min(bottom, len(grid.rows)) + 1):
            for c in range(left, min(right, MAX_COLUMNS) + 1):
                grid.merged[(r, c)] = (top, left)
    grid.hidden_rows = {
        int(n) for n, attrs in parser.row_dimensions.items() if _is_true(attrs.get("hidden"))
    }
    for attrs in parser.column_dimensions.values():
        if _is_true(attrs.get("hidden")):
            low, high = int(attrs.get("min", 0)), int(attrs.get("max", 0))
            grid.hidden_columns.update(range(low, min(high, MAX_COLUMNS) + 1))
    return grid


def _read_xlsx(content: bytes) -> Grid:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any failure to parse is the same answer to the user
        raise _damaged() from None
    return _first_visible(
        book,
        (
            (
                sheet.title,
                sheet.sheet_state == "visible",
                lambda sheet=sheet: _read_sheet(book, sheet),
            )
            for sheet in book.worksheets
            if isinstance(sheet, ReadOnlyWorksheet)  # not a chart sheet
        ),
    )


def _first_visible(book, sheets) -> Grid:
    """The first visible sheet with content, of (name, visible, read) triples; the hidden ones
    passed over are named. Any failure to parse is the same answer to the user."""
    hidden = []
    try:
        for name, visible, read_sheet in sheets:
            if not visible:
                hidden.append(name)
                continue
            grid = read_sheet()
            if grid is None:
                continue
            if hidden:
                grid.notes.append(
                    _("Hidden sheets were not read: %(sheets)s.")
                    % {"sheets": ", ".join(f"“{name}”" for name in hidden)}
                )
            return grid
    except UnreadableFile:
        raise
    except Exception:  # noqa: BLE001 - any failure to parse is the same answer to the user
        raise _damaged() from None
    finally:
        book.close()
    raise UnreadableFile(_("The file is empty."))


def read_grid(name: str, content: bytes) -> Grid:
    """The first visible sheet with content, as a Grid."""
    precheck(name, content)
    kind = _kind(content)
    if kind == "xlsx":
        return _read_xlsx(content)
    if kind == "ods":
        return _read_ods(content)
    grid = _read_csv(content)
    if not name.lower().endswith((".csv", ".txt")):
        grid.notes.append(
            _(
                "This file is named like a spreadsheet but holds CSV text: it was read as CSV. "
                "Name such files .csv."
            )
        )
    return grid


def _cell(value):
    """A cell of an OpenDocument sheet as the .xlsx reader gives it: whole numbers as int."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _ods_layout(content: bytes, sheet_name: str) -> dict:
    """What calamine leaves out of an OpenDocument sheet, from its XML in one streaming pass:
    hidden rows and columns, merged areas, and the cells shown as percentages."""
    hidden_rows, hidden_columns, merged, percent = set(), set(), {}, set()
    archive = zipfile.ZipFile(io.BytesIO(content))
    row = column = 0
    inside = False
    limit = MAX_ROWS + HEADER_SEARCH_ROWS
    with archive.open("content.xml") as source:
        for event, element in DefusedET.iterparse(source, events=("start", "end")):
            tag = element.tag
            if tag == f"{_TABLE}table":
                if event == "start":
                    inside = element.get(f"{_TABLE}name") == sheet_name
                    row, column = 0, 0
                elif inside:
                    break
                continue
            if not inside:
                if event == "end":
                    element.clear()
                continue
            if tag == f"{_TABLE}table-column" and event == "start":
                repeat = int(element.get(f"{_TABLE}number-columns-repeated", 1))
                if element.get(f"{_TABLE}visibility") in ("collapse", "filter"):
                    hidden_columns.update(range(column + 1, min(column + repeat, MAX_COLUMNS) + 1))
                column += repeat
            elif tag == f"{_TABLE}table-row":
                repeat = int(element.get(f"{_TABLE}number-rows-repeated", 1))
                if event == "start":
                    column = 0
                    if element.get(f"{_TABLE}visibility") in ("collapse", "filter"):
                        hidden_rows.update(range(row + 1, min(row + repeat, limit) + 1))
                else:
                    row += repeat
                    element.clear()
                    if row > limit:
                        break
            elif tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell") and event == "start":
                repeat = int(element.get(f"{_TABLE}number-columns-repeated", 1))
                here = (row + 1, column + 1)
                if element.get(f"{_OFFICE}value-type") == "percentage":
                    percent.add(here)
                across = int(element.get(f"{_TABLE}number-columns-spanned", 1))
                down = int(element.get(f"{_TABLE}number-rows-spanned", 1))
                if across > 1 or down > 1:
                    for r in range(here[0], min(here[0] + down - 1, limit) + 1):
                        for c in range(here[1], min(here[1] + across - 1, MAX_COLUMNS) + 1):
                            merged[(r, c)] = here
                column += repeat
    return {"hidden_rows": hidden_rows, "hidden_columns": hidden_columns, "merged": merged,
            "percent": percent}  # fmt: skip


def _read_ods(content: bytes) -> Grid:
    """An OpenDocument spreadsheet (LibreOffice's own format), read by calamine: the first
    visible sheet with content, within the same limits (merged cells read as empty, which
    carries a tujuan or sasaran down as in any sheet)."""
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    except Exception:  # noqa: BLE001 - any failure to parse is the same answer to the user
        raise _damaged() from None
    return _first_visible(
        book,
        (
            (
                meta.name,
                meta.visible == python_calamine.SheetVisibleEnum.Visible,
                lambda meta=meta: _read_ods_sheet(book, meta.name, content),
            )
            for meta in book.sheets_metadata
            if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
        ),
    )


def _read_ods_sheet(book, name: str, content: bytes) -> Grid | None:
    """One sheet of an OpenDocument file within the limits, with what calamine leaves out
    (merged cells, hidden rows and columns, percentages) from the XML; None if empty."""
    rows, filled = [], 0
    for number, values in enumerate(book.get_sheet_by_name(name).iter_rows(), start=1):
        row = [_cell(v) if v != "" else None for v in values]
        while row and row[-1] is None:
            row.pop()
        if row and number > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise UnreadableFile(_too_many_rows())
        if len(row) > MAX_COLUMNS:
            raise UnreadableFile(_too_many_columns())
        filled += sum(1 for v in row if v is not None)
        if filled > MAX_CELLS:
            raise UnreadableFile(_too_many_cells())
        rows.append(row)
    if not any(rows):
        return None
    layout = _ods_layout(content, name)
    for r, c in layout["percent"]:  # shown "75,5%", stored 0.755
        if r <= len(rows) and c <= len(rows[r - 1]):
            rows[r - 1][c - 1] = _as_shown(rows[r - 1][c - 1])
    grid = Grid(name, rows)
    grid.hidden_rows = layout["hidden_rows"]
    grid.hidden_columns = layout["hidden_columns"]
    grid.merged = layout["merged"]
    return grid


def _as_shown(value):
    """A number shown as a percentage ("75,5%", stored 0.755) as it is shown: 75,5."""
    if not isinstance(value, int | float):
        return value
    shown = Decimal(str(value)) * 100
    return shown.quantize(Decimal(1)) if shown == shown.to_integral_value() else shown.normalize()


def _find_header(rows) -> int:
    """The index (0-based) of the header row: the first that names the IKU and one more known
    field, else the first that names two known fields, else the first row of two or more texts
    (its columns are then mapped by the user); -1 if there is none."""
    candidates = rows[:HEADER_SEARCH_ROWS]
    known = [[recognize(v) for v in row] for row in candidates]
    for index, fields in enumerate(known):
        if sum(1 for k in fields if k and k != "ignore") >= 2 and "name" in fields:
            return index
    for index, fields in enumerate(known):
        if sum(1 for k in fields if k and k != "ignore") >= 2:
            return index
    for index, row in enumerate(candidates):
        texts = [v for v in row if isinstance(v, str) and v.strip()]
        if len(texts) >= 2 and len(texts) == len([v for v in row if v not in (None, "")]):
            return index
    return -1


def read(name: str, content: bytes, *, mapping: dict | None = None, period=None) -> Reading:
    """The items of the first table of the file, with every problem named."""
    grid = read_grid(name, content)
    sheet, rows, formula_cells, merged = grid.sheet, grid.rows, grid.formula_cells, grid.merged
    header_index = _find_header(rows)
    if header_index < 0:
        raise UnreadableFile(
            _(
                "No header row (a row of column names, such as “Sasaran Strategis”, "
                "“Indikator Kinerja”, “Satuan”) in the first %(n)s rows. Use the template."
            )
            % {"n": HEADER_SEARCH_ROWS}
        )
    header = rows[header_index]
    # A header of two rows: "Target" above the years.
    years_row = rows[header_index + 1] if header_index + 1 < len(rows) else []
    columns, fields, unknown = {}, {}, []
    baseline_year = ""  # from a header such as "Baseline 2024"
    years_below = False  # the header has a second row: years under "Target"
    # A merged parent ("Target" over two years) may end the header row before the years do.
    width = max(len(header), len(years_row))
    for position in range(1, width + 1):
        text = header[position - 1] if position - 1 < len(header) else None
        if position in grid.hidden_columns:
            continue
        letter = _column_letter(position)
        below = years_row[position - 1] if position - 1 < len(years_row) else None
        origin = merged.get((header_index + 1, position))
        if origin and origin != (header_index + 1, position):
            text = rows[origin[0] - 1][origin[1] - 1]
        known = recognize(text)
        if (
            normalize(text) in _YEARS_PARENT
            and recognize(below or "")
            and str(recognize(below)).startswith("year:")
        ):
            known = recognize(below)
            text = f"Target {below}"
            years_below = True
        if text in (None, ""):
            continue
        columns[letter] = str(text)
        if mapping and letter in mapping:
            known = mapping[letter] or "ignore"
        if known and known.startswith("baseline:"):  # "Baseline 2024": the year as well
            known, baseline_year = "baseline", known.split(":")[1]
        if known is None:
            unknown.append(letter)
        else:
            fields[letter] = known
    first_data = header_index + 1
    if years_below:
        first_data += 1  # the row of years under "Target" (never a first IKU whose cell
        # happens to hold a year, such as its baseline year)
    reading = Reading(sheet, header_index + 1, columns, fields, unknown=unknown)
    reading.notes.extend(grid.notes)
    if grid.hidden_columns & set(range(1, len(header) + 1)):
        hidden = sorted(grid.hidden_columns & set(range(1, len(header) + 1)))
        reading.notes.append(
            _("Hidden columns were not read: %(columns)s.")
            % {"columns": ", ".join(_column_letter(c) for c in hidden)}
        )
    if "name" not in fields.values():
        if unknown:  # the user says which column it is (the mapping form)
            reading.notes.append(_("Say which column holds the name of each IKU."))
        else:
            reading.problems.append(
                Problem(sheet, header_index + 1, "", _("No column for the IKU name."))
            )
        return reading
    letters = {v: k for k, v in fields.items()}
    carried = {"goal": "", "target": "", "goal_code": "", "target_code": ""}
    seen_formulas, unresolved, hidden_rows = [], [], []
    documents_seen = {}
    blank_run = 0
    for offset, row in enumerate(rows[first_data:], start=first_data + 1):
        if offset in grid.hidden_rows:
            if any(v not in (None, "") for v in row):
                hidden_rows.append(offset)
            continue

        def value(letter, row=row, number=offset):
            position = _index(letter)
            origin = merged.get((number, position))
            if origin:
                source = rows[origin[0] - 1]
                cell = source[origin[1] - 1] if origin[1] - 1 < len(source) else None
            else:
                cell = row[position - 1] if position - 1 < len(row) else None
            source_cell = origin or (number, position)
            if source_cell in grid.unresolved:
                unresolved.append((number, letter))
            elif source_cell in formula_cells:
                seen_formulas.append(f"{letter}{number}")
            return cell

        cells = {f: value(letter) for letter, f in fields.items() if f != "ignore"}
        if all(v in (None, "") for v in cells.values()):
            blank_run += 1
            if blank_run >= 1 and reading.items:
                # An empty row ends the table; a second table below it is not read.
                rest = [r for r in rows[offset:] if any(v not in (None, "") for v in r)]
                if rest:
                    reading.notes.append(
                        _(
                            "Only the first table of the sheet was read; what follows row "
                            "%(row)s was left out."
                        )
                        % {"row": offset}
                    )
                break
            continue
        blank_run = 0
        for level in ("goal", "target"):
            if level in cells and cells[level] not in (None, ""):
                carried[level] = str(cells[level]).strip()
                carried[f"{level}_code"] = str(cells.get(f"{level}_code") or "").strip()
        name_value = str(cells.get("name") or "").strip()
        lines = re.split(r"[;\n]", str(cells.get("goal_indicators") or ""))
        item = Item(
            offset,
            carried["goal"],
            carried["target"],
            [line.strip() for line in lines if line.strip()],
            {},
            {},
        )
        if cells.get("document") not in (None, ""):
            documents_seen.setdefault(str(cells["document"]).strip(), offset)
        for f, v in cells.items():
            if f in ("goal", "target", "name", "baseline", "goal_indicators", "document"):
                continue
            if f.startswith("year:"):
                continue
            item.fields[f] = "" if v is None else str(v).strip()
        if baseline_year and "baseline_year" not in item.fields:
            item.fields["baseline_year"] = baseline_year
        item.fields["goal_code"], item.fields["target_code"] = (
            carried["goal_code"],
            carried["target_code"],
        )
        lengths = _length_problems({**item.fields, "name": name_value}, item.goal_indicators)
        for problem in [*_typed_fields(item.fields), *lengths]:
            reading.problems.append(Problem(sheet, offset, letters.get(problem[0], ""), problem[1]))
        if not name_value:
            reading.problems.append(
                Problem(sheet, offset, letters["name"], _("A row with figures but no IKU name."))
            )
            continue
        item.fields["name"] = name_value
        if not item.target:
            reading.problems.append(
                Problem(
                    sheet,
                    offset,
                    letters.get("target", ""),
                    _("An IKU without a sasaran strategis."),
                )
            )
        for f, v in cells.items():
            if not (f.startswith("year:") or f == "baseline") or v in (None, ""):
                continue
            letter = letters[f]
            try:
                parsed = _number(v, allow_range=f != "baseline")
            except ValidationError as error:
                reading.problems.append(
                    Problem(sheet, offset, letter, _said_of(v, " ".join(error.messages)))
                )
                continue
            if f == "baseline":
                item.baseline = parsed
                if parsed is NOT_AVAILABLE:  # printed as typed: "N/A", "-"
                    item.fields["baseline_as_typed"] = not_available_as_typed(v)
                continue
            year = int(f.split(":")[1])
            if period and not period[0] <= year <= period[1]:
                reading.problems.append(
                    Problem(
                        sheet,
                        offset,
                        letter,
                        _("The year %(year)s is outside the period %(start)s–%(end)s.")
                        % {"year": year, "start": period[0], "end": period[1]},
                    )
                )
                continue
            item.targets[year] = parsed
        reading.items.append(item)
        if len(reading.items) > MAX_ROWS:
            raise UnreadableFile(_too_many_rows())
    defaulted = [f for f in ("direction", "calculation_type", "frequency") if f not in letters]
    if reading.items and defaulted:
        reading.notes.append(
            _(
                "The file has no column for %(fields)s: every IKU takes the portal's default "
                "(%(defaults)s)."
            )
            % {
                "fields": ", ".join(f"“{label(f)}”" for f in defaulted),
                "defaults": ", ".join(
                    _choice_label(f, Indicator._meta.get_field(f).default) for f in defaulted
                ),
            }
        )
    if len(documents_seen) > 1:
        second, row = list(documents_seen.items())[1]
        reading.problems.append(
            Problem(
                sheet,
                row,
                letters.get("document", ""),
                _(
                    "The file holds more than one document (here: “%(document)s”); keep the "
                    "rows of one document only."
                )
                % {"document": second[:80]},
            )
        )
    if not reading.items and not reading.problems:
        reading.problems.append(Problem(sheet, first_data + 1, "", _("The table has no IKU.")))
    for number, letter in unresolved:
        reading.problems.append(
            Problem(
                sheet,
                number,
                letter,
                _(
                    "The cell holds a formula without a computed value (the file was written by "
                    "a program and never opened in a spreadsheet program): open the file, save "
                    "it, and upload it again, or type the value."
                ),
            )
        )
    if hidden_rows:
        reading.notes.append(
            _("Hidden rows were not read: %(rows)s.")
            % {"rows": ", ".join(str(n) for n in hidden_rows[:20])}
        )
    if seen_formulas:
        reading.notes.append(
            _("Cells holding an Excel formula were read by their computed value: %(cells)s.")
            % {"cells": ", ".join(sorted(set(seen_formulas))[:20])}
        )
    for problem in reading.problems:
        problem.header = problem.header or columns.get(problem.column, "")

    return reading


def _choice_label(field_name: str, value) -> str:
    return str(CHOICES[field_name](value).label)


def _choice_texts(field_name: str) -> dict:
    """Every way of writing a choice of `field_name` that is read, normalized, to its value."""
    choices = CHOICES[field_name]
    known = {}
    for value in choices.values:
        known[normalize(value)] = value
        for language in ("id", "en"):
            with translation.override(language):
                known[normalize(str(choices(value).label))] = value
    known.update({normalize(text): v for text, v in CHOICE_ALIASES.get(field_name, {}).items()})
    return known


def _rich_text(text: str) -> str:
    """Penjelasan as the portal keeps it (sanitized HTML when saved): HTML as it is, plain
    text as paragraphs and line breaks."""
    if re.search(r"</?(p|br|ul|ol|li|strong|em|b|i|u)\b[^>]*>", text, re.IGNORECASE):
        return text
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def _typed_fields(fields: dict):
    """Turn the cells of typed fields into their values, in place; yield (field, message) for
    each cell that is not understood."""
    for name in CHOICES:
        text = fields.pop(name, "")
        if not text:
            continue  # an empty cell takes the field's default, as in the editor
        value = _choice_texts(name).get(normalize(text))
        if value is None:
            options = ", ".join(f"“{c.label}”" for c in CHOICES[name])
            yield (
                name,
                _("“%(value)s”: the portal does not know this %(field)s; write one of %(options)s.")
                % {"value": text, "field": label(name), "options": options},
            )
        else:
            fields[name] = value
    year = fields.pop("baseline_year", "")
    if year:
        try:
            number = Decimal(str(year).strip())
            if number != number.to_integral_value() or not 1900 <= number <= 2200:
                raise ValueError
            fields["baseline_year"] = int(number)
        except (ArithmeticError, ValueError):
            yield ("baseline_year", _("“%(value)s” is not a year.") % {"value": year})
    if fields.get("explanation"):
        fields["explanation"] = _rich_text(fields["explanation"])


# The longest text each field takes (the model's limits), checked at reading so that the
# preview names every problem, never the apply.
_LIMITS = {
    **{
        name: Indicator._meta.get_field(name).max_length
        for name in INDICATOR_FIELDS - set(CHOICES)  # choices are read as choices
        if getattr(Indicator._meta.get_field(name), "max_length", None)
    },
    "goal_code": Goal._meta.get_field("code").max_length,
    "target_code": StrategicTarget._meta.get_field("code").max_length,
}
_GOAL_INDICATOR_LIMIT = GoalIndicator._meta.get_field("text").max_length


def _length_problems(fields: dict, goal_indicators=()):
    """(field, message) for each text longer than its field takes."""
    texts = [(name, fields.get(name), limit) for name, limit in _LIMITS.items()]
    texts += [("goal_indicators", text, _GOAL_INDICATOR_LIMIT) for text in goal_indicators]
    for name, value, limit in texts:
        if isinstance(value, str) and len(value) > limit:
            yield (
                name,
                _("At most %(limit)s characters (this cell has %(length)s).")
                % {"limit": limit, "length": len(value)},
            )


def _said_of(value, message: str) -> str:
    """A problem with a cell's value: the value, then what is wrong (once, if the message
    quotes it already)."""
    return message if f"“{value}”" in message else f"“{value}”: {message}"


def _index(letter: str) -> int:
    return column_index_from_string(letter)


def _number(value, *, allow_range: bool):
    """A cell as a number: a number cell as it is, text the Indonesian way."""
    if isinstance(value, bool):
        raise ValidationError(_("Enter a number."))
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value)).normalize() if not isinstance(value, Decimal) else value
    return parse_value(str(value), allow_range=allow_range, allow_not_available=not allow_range)


__all__ = ["NOT_AVAILABLE", "Range", "read", "UnreadableFile", "FIELD_LABELS", "HEADERS"]
