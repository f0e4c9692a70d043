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

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter

from core.numbers import NOT_AVAILABLE, Range, parse_value
from core.validators import MEGABYTE
from indicators.labels import label

MAX_UPLOAD_BYTES = 5 * MEGABYTE
# A 2,000-row IKU sheet unpacks to about 2 MB and is read in under a second: past this limit a
# file (often a zip bomb, or a workbook of images and styles) is refused before it is read,
# never parsed for minutes in the request.
MAX_UNCOMPRESSED_BYTES = 10 * MEGABYTE
MAX_RATIO = 100
MAX_PARTS = 500
MAX_ROWS = 2000
HEADER_SEARCH_ROWS = 10

# Field: the header texts (normalized) that name it.
HEADERS = {
    "goal": ["tujuan", "tujuan strategis"],
    "goal_indicators": ["indikator tujuan"],
    "document": ["dokumen"],
    "target": ["sasaran strategis", "sasaran", "sasaran program"],
    "name": ["indikator kinerja", "indikator kinerja utama", "iku", "indikator"],
    "code": ["kode", "kode iku"],
    "satuan": ["satuan"],
    "formula": ["formulasi", "rumus perhitungan", "formulasi pengukuran", "rumus", "formula"],
    "data_source": ["sumber data"],
    "responsible": ["penanggung jawab", "pj", "unit in charge", "unit penanggung jawab"],
    "selection_reason": ["alasan pemilihan", "alasan pemilihan indikator"],
    "baseline": ["baseline", "nilai baseline", "kondisi awal"],
    "perspective": ["perspektif", "perspektif bsc"],
    "definition": ["definisi operasional", "definisi"],
    "ignore": [
        "no", "nomor", "unit", "periode", "status", "kode tujuan", "kode sasaran",
        "arah", "tipe perhitungan", "frekuensi pengukuran", "tahun baseline", "jenis cascading",
        "penjelasan",
    ],
}  # fmt: skip
# What a column can be mapped to, named as the documents name it.
IMPORTED = [
    "goal",
    "goal_indicators",
    "target",
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
]
FIELD_LABELS = {key: label(key) for key in IMPORTED}
# Of those, the fields of the IKU itself (the others place it in the tree or are read apart).
INDICATOR_FIELDS = frozenset(IMPORTED) - {"goal", "goal_indicators", "target", "baseline"}
_YEAR = re.compile(r"^(?:target\s*(?:tahun)?\s*)?((?:19|20|21)\d\d)$")


def normalize(text) -> str:
    text = str(text or "").replace("\n", " ").strip().lower()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def recognize(header) -> str | None:
    """The field a header names: a key of HEADERS, 'target:2025', or None."""
    text = normalize(header)
    if not text:
        return None
    match = _YEAR.match(text)
    if match:
        return f"year:{match.group(1)}"
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

    def __str__(self):
        where = _("Sheet “%(sheet)s”, row %(row)s") % {"sheet": self.sheet, "row": self.row}
        if self.column:
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


def _column_letter(index: int) -> str:
    return get_column_letter(index)


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
    if "xl/workbook.xml" not in archive.namelist():
        raise UnreadableFile(_("This is not a spreadsheet (.xlsx or .csv)."))


def read_grid(name: str, content: bytes) -> tuple[str, list[list], set, dict]:
    """(sheet name, rows of cell values, cells that held a formula, merged ranges as
    {(row, col): (top row, col)}) of the first sheet with content."""
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
        return _read_xlsx(content)
    # Anything else is read only as CSV text, and only from a file that says it is one.
    if b"\x00" in content[:4096] or not name.lower().endswith((".csv", ".txt")):
        raise UnreadableFile(_("This is not a spreadsheet (.xlsx or .csv)."))
    return _read_csv(content)


def _read_csv(content: bytes):
    text = None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        if number > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise UnreadableFile(_too_many_rows())
        rows.append(row)
    if not any(any(str(v).strip() for v in row) for row in rows):
        raise UnreadableFile(_("The file is empty."))
    return "CSV", rows, set(), {}


def _too_many_rows() -> str:
    return _("The sheet has more than %(rows)s rows: an IKU document is far shorter.") % {
        "rows": MAX_ROWS
    }


def _read_xlsx(content: bytes):
    try:
        values = load_workbook(io.BytesIO(content), data_only=True)
        formulas = load_workbook(io.BytesIO(content), data_only=False)
    except Exception:  # noqa: BLE001 - any failure to parse is the same answer to the user
        raise UnreadableFile(_("The file is damaged: it is not a complete .xlsx file.")) from None
    for sheet in values.worksheets:
        if sheet.max_row > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise UnreadableFile(_too_many_rows())
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        if not any(any(v not in (None, "") for v in row) for row in rows):
            continue
        formula_sheet = formulas[sheet.title]
        formula_cells = {
            (cell.row, cell.column)
            for row in formula_sheet.iter_rows()
            for cell in row
            if cell.data_type == "f"
        }
        merged = {}
        for area in sheet.merged_cells.ranges:
            for r in range(area.min_row, area.max_row + 1):
                for c in range(area.min_col, area.max_col + 1):
                    merged[(r, c)] = (area.min_row, area.min_col)
        return sheet.title, rows, formula_cells, merged
    raise UnreadableFile(_("The file is empty."))


def _find_header(rows) -> int:
    """The index of the first row that names at least two known fields (0-based), else -1."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known = [recognize(v) for v in row]
        if sum(1 for k in known if k and k != "ignore") >= 2 and "name" in known:
            return index
    return -1


def read(name: str, content: bytes, *, mapping: dict | None = None, period=None) -> Reading:
    """The items of the first table of the file, with every problem named."""
    sheet, rows, formula_cells, merged = read_grid(name, content)
    header_index = _find_header(rows)
    if header_index < 0:
        raise UnreadableFile(
            _(
                "No header row with “Indikator Kinerja” and a second known column (such as "
                "“Sasaran Strategis” or “Satuan”) in the first %(n)s rows. Use the template."
            )
            % {"n": HEADER_SEARCH_ROWS}
        )
    header = rows[header_index]
    # A header of two rows: "Target" above the years.
    years_row = rows[header_index + 1] if header_index + 1 < len(rows) else []
    columns, fields, unknown = {}, {}, []
    for position, text in enumerate(header, start=1):
        letter = _column_letter(position)
        below = years_row[position - 1] if position - 1 < len(years_row) else None
        origin = merged.get((header_index + 1, position))
        if origin and origin != (header_index + 1, position):
            text = rows[origin[0] - 1][origin[1] - 1]
        known = recognize(text)
        if (
            normalize(text) == "target"
            and recognize(below or "")
            and str(recognize(below)).startswith("year:")
        ):
            known = recognize(below)
            text = f"Target {below}"
        if text in (None, ""):
            continue
        columns[letter] = str(text)
        if mapping and letter in mapping:
            known = mapping[letter] or "ignore"
        if known is None:
            unknown.append(letter)
        else:
            fields[letter] = known
    first_data = header_index + 1
    if any(str(v).startswith("year:") for v in fields.values()) and any(
        recognize(v) and str(recognize(v)).startswith("year:") for v in years_row if v
    ):
        first_data += 1  # the row of years under "Target"
    reading = Reading(sheet, header_index + 1, columns, fields, unknown=unknown)
    if "name" not in fields.values():
        reading.problems.append(
            Problem(sheet, header_index + 1, "", _("No column for the IKU name."))
        )
        return reading
    letters = {v: k for k, v in fields.items()}
    carried = {"goal": "", "target": ""}
    seen_formulas = []
    documents_seen = {}
    blank_run = 0
    for offset, row in enumerate(rows[first_data:], start=first_data + 1):

        def value(letter, row=row, number=offset):
            position = _index(letter)
            origin = merged.get((number, position))
            if origin:
                source = rows[origin[0] - 1]
                cell = source[origin[1] - 1] if origin[1] - 1 < len(source) else None
            else:
                cell = row[position - 1] if position - 1 < len(row) else None
            if (number, position) in formula_cells or (origin and origin in formula_cells):
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
                    Problem(sheet, offset, letter, f"“{v}”: {' '.join(error.messages)}")
                )
                continue
            if f == "baseline":
                item.baseline = parsed
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
    if seen_formulas:
        reading.notes.append(
            _("Cells holding an Excel formula were read by their computed value: %(cells)s.")
            % {"cells": ", ".join(sorted(set(seen_formulas))[:20])}
        )
    return reading


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
