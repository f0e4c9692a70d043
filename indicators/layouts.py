"""A printed IKU table is a chosen, ordered set of columns from one catalog.

Each column kind knows its printed header, the level it spans (a tujuan, a sasaran, or one
IKU), its minimum width and its share of the width left over. A layout preset is a list of
column specs; a document may keep its own list (`IKUDocument.columns`). Widths are computed
here, in millimetres, from the page the table is printed on, so the table is exactly as wide as
the space between the margins, whatever the columns: nothing can run off the page.

The headers are the words of the printed document (Indonesian legal text), not interface
strings, so they are not translated.
"""

from dataclasses import dataclass, field

from indicators.labels import label

# A4 in millimetres and the margins of each orientation (kept in step with static/print/iku.css).
PAGE_MM = {"portrait": (210.0, 297.0), "landscape": (297.0, 210.0)}
MARGINS_MM = {  # top, right, bottom, left
    "portrait": (20.0, 18.0, 20.0, 22.0),
    "landscape": (15.0, 15.0, 18.0, 15.0),
}
# Table borders are drawn half outside the outermost cells; keep them inside the margin too.
BORDER_ALLOWANCE_MM = 0.6

GOAL, GOAL_INDICATOR, TARGET, INDICATOR = "goal", "goal_indicator", "target", "indicator"


@dataclass(frozen=True)
class ColumnKind:
    key: str
    header: str
    level: str
    min_mm: float
    weight: float
    label: str  # for the column chooser (interface language), see forms.LayoutColumnsForm
    per_year: bool = False  # one sub-column per year (targets)


CATALOG: dict[str, ColumnKind] = {
    kind.key: kind
    for kind in [
        ColumnKind("no", "No.", INDICATOR, 9, 0, "No"),
        ColumnKind("goal", label("goal"), GOAL, 25, 2, "Tujuan"),
        ColumnKind(
            "goal_indicators", label("goal_indicators"), GOAL_INDICATOR, 22, 1.5, "Indikator Tujuan"
        ),
        ColumnKind("target", label("target"), TARGET, 25, 2, "Sasaran Strategis"),
        ColumnKind(
            "goal_target",
            "Tujuan dan Sasaran Strategis",
            TARGET,
            32,
            2.5,
            "Tujuan dan Sasaran Strategis",
        ),
        ColumnKind("iku", "Indikator Kinerja Utama", INDICATOR, 30, 2.5, "IKU"),
        ColumnKind("code", label("code"), INDICATOR, 14, 0, "Kode"),
        ColumnKind("satuan", label("satuan"), INDICATOR, 15, 0.2, "Satuan"),
        ColumnKind("formula", label("formula"), INDICATOR, 35, 3, "Rumus/Formulasi"),
        ColumnKind("explanation", label("explanation"), INDICATOR, 40, 3.5, "Penjelasan"),
        ColumnKind("penjelasan", "PENJELASAN", INDICATOR, 60, 5, "PENJELASAN (sub-item berlabel)"),
        ColumnKind("definition", label("definition"), INDICATOR, 35, 2.5, "Definisi Operasional"),
        ColumnKind(
            "selection_reason", label("selection_reason"), INDICATOR, 30, 2, "Alasan Pemilihan"
        ),
        ColumnKind("direction", label("direction"), INDICATOR, 16, 0.2, "Arah"),
        ColumnKind(
            "calculation_type", label("calculation_type"), INDICATOR, 20, 0.3, "Tipe Perhitungan"
        ),
        ColumnKind("frequency", label("frequency"), INDICATOR, 20, 0.3, "Frekuensi Pengukuran"),
        ColumnKind("baseline", label("baseline"), INDICATOR, 16, 0.2, "Baseline"),
        ColumnKind("targets", "Target", INDICATOR, 13, 0.2, "Target per tahun", per_year=True),
        ColumnKind("data_source", label("data_source"), INDICATOR, 25, 1.5, "Sumber Data"),
        ColumnKind("responsible", label("responsible"), INDICATOR, 25, 1.5, "Penanggung Jawab"),
        ColumnKind("perspective", label("perspective"), INDICATOR, 20, 0.5, "Perspektif"),
        # Wide enough for "Cascading" in the bold header, never cut or hyphenated.
        ColumnKind("cascading", label("cascading"), INDICATOR, 19, 0, "Jenis Cascading"),
    ]
}

# Options a spec may carry: a header of its own, the satuan after the IKU name (or after the
# baseline and each target: "60 kali"), the explanation under the formula, the years of the
# targets.
PRESETS: dict[str, list[dict]] = {
    "lengkap": [
        {"key": "no"},
        {"key": "goal"},
        {"key": "goal_indicators"},
        {"key": "target"},
        {"key": "iku"},
        {"key": "formula"},
        {"key": "data_source"},
        {"key": "responsible"},
    ],
    "ringkas": [
        {"key": "target"},
        {"key": "iku", "satuan": True},
        {"key": "formula", "header": "Formulasi Data", "explanation": True},
    ],
    "penjelasan": [
        {"key": "no"},
        {"key": "goal_target"},
        {"key": "iku", "header": "Indikator Kinerja"},
        {"key": "penjelasan"},
    ],
    "matriks": [
        {"key": "perspective"},
        {"key": "target"},
        {"key": "code"},
        {"key": "iku"},
        {"key": "baseline", "satuan": True},
        {"key": "targets", "satuan": True},
        {"key": "responsible"},
        {"key": "cascading"},
    ],
}


@dataclass
class Column:
    """A column as printed in one document: its kind, options and width."""

    kind: ColumnKind
    header: str
    satuan: bool = False
    explanation: bool = False
    years: list[int] = field(default_factory=list)
    width_mm: float = 0.0

    @property
    def key(self) -> str:
        return self.kind.key

    @property
    def span(self) -> int:
        """How many table columns it takes (a target column takes one per year)."""
        return max(len(self.years), 1) if self.kind.per_year else 1

    @property
    def min_mm(self) -> float:
        return self.kind.min_mm * self.span

    @property
    def weight(self) -> float:
        # A formula with its explanation below it is the widest text of a row.
        return self.kind.weight * self.span * (1.8 if self.explanation else 1)

    @property
    def sub_widths_mm(self) -> list[float]:
        return [self.width_mm / self.span] * self.span


def clean_specs(specs) -> list[dict]:
    """Known keys only, each once, options of the right type. Anything else is dropped: a
    stored list never breaks printing."""
    cleaned, seen = [], set()
    for spec in specs or []:
        if isinstance(spec, str):
            spec = {"key": spec}
        if not isinstance(spec, dict) or spec.get("key") not in CATALOG or spec["key"] in seen:
            continue
        seen.add(spec["key"])
        item = {"key": spec["key"]}
        if isinstance(spec.get("header"), str) and spec["header"].strip():
            item["header"] = spec["header"].strip()[:80]
        for option in ("satuan", "explanation"):
            if spec.get(option) is True:
                item[option] = True
        years = spec.get("years")
        if isinstance(years, list) and all(isinstance(y, int) for y in years):
            item["years"] = sorted(set(years))
        cleaned.append(item)
    return cleaned


def document_specs(document) -> list[dict]:
    """The document's own columns, or its preset's."""
    return clean_specs(document.columns) or PRESETS.get(document.layout, PRESETS["lengkap"])


def build_columns(specs, *, period_years) -> list[Column]:
    columns = []
    for spec in clean_specs(specs):
        kind = CATALOG[spec["key"]]
        years = [y for y in spec.get("years", period_years) if y in period_years] or list(
            period_years
        )
        columns.append(
            Column(
                kind=kind,
                header=spec.get("header", kind.header),
                satuan=spec.get("satuan", False),
                explanation=spec.get("explanation", False),
                years=years if kind.per_year else [],
            )
        )
    return columns


def content_width_mm(orientation: str) -> float:
    _top, right, _bottom, left = MARGINS_MM[orientation]
    return PAGE_MM[orientation][0] - left - right - BORDER_ALLOWANCE_MM


def choose_orientation(columns: list[Column], chosen: str = "auto") -> str:
    """Portrait when the columns fit at their minimum width, landscape otherwise."""
    if chosen in PAGE_MM:
        return chosen
    needed = sum(c.min_mm for c in columns)
    return "portrait" if needed <= content_width_mm("portrait") else "landscape"


def assign_widths(columns: list[Column], orientation: str) -> bool:
    """Set `width_mm` on each column so that together they fill the page exactly. Returns
    True when even the minimum widths do not fit and everything was scaled down (the table is
    then printed in a smaller type)."""
    available = content_width_mm(orientation)
    minimum = sum(c.min_mm for c in columns)
    if minimum >= available:
        for column in columns:
            column.width_mm = column.min_mm * available / minimum
        return minimum > available
    spare = available - minimum
    weights = sum(c.weight for c in columns)
    for column in columns:
        share = column.weight / weights if weights else 1 / len(columns)
        column.width_mm = column.min_mm + spare * share
    return False


# --- what a layout prints, for the people who choose it -------------------------------------

# The fields of an IKU and the columns that print them (a column with an option prints more:
# the satuan after the IKU name, the explanation under the formula). Every field prints in the
# Manual IKU whatever the layout.
FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("code", "iku"),
    "name": ("iku",),
    "satuan": ("satuan", "iku:satuan", "baseline:satuan", "targets:satuan"),
    "formula": ("formula", "penjelasan"),
    "explanation": ("explanation", "formula:explanation"),
    "selection_reason": ("selection_reason", "penjelasan"),
    "data_source": ("data_source", "penjelasan"),
    "responsible": ("responsible", "penjelasan"),
    "definition": ("definition",),
    "direction": ("direction",),
    "calculation_type": ("calculation_type", "penjelasan"),
    "frequency": ("frequency",),
    "perspective": ("perspective",),
    "cascading": ("cascading",),
    "baseline_year": ("baseline",),
    "baseline": ("baseline",),
    "targets": ("targets",),
}


def printing_columns(specs) -> dict[str, str | None]:
    """{field name: the header of the column that prints it in these columns, or None} for
    every field of FIELD_COLUMNS."""
    specs = clean_specs(specs)
    return {name: _printing_column(specs, wanted) for name, wanted in FIELD_COLUMNS.items()}


def _printing_column(specs: list[dict], wanted_columns: tuple[str, ...]) -> str | None:
    for wanted in wanted_columns:
        key, _, option = wanted.partition(":")
        for spec in specs:
            if spec["key"] == key and (not option or spec.get(option)):
                return spec.get("header", CATALOG[key].header)
    return None


@dataclass(frozen=True)
class LayoutSummary:
    """A preset described: its orientation and columns, and their share of the page width
    (drawn as a small picture of the page where the layout is chosen)."""

    key: str
    orientation: str
    columns: list  # [(header, percent of the width)]

    @property
    def thumbnail(self) -> list[dict]:
        """The columns as boxes on a page of 100 × 70 (landscape) or 70 × 100 units."""
        width = 100 if self.orientation == "landscape" else 70
        boxes, x = [], 0.0
        for header, percent in self.columns:
            w = width * percent / 100
            boxes.append({"header": header, "x": round(x, 2), "width": round(w, 2)})
            x += w
        return boxes

    @property
    def page_size(self) -> tuple[int, int]:
        return (100, 70) if self.orientation == "landscape" else (70, 100)


def layout_summaries(period_years=range(2025, 2030)) -> list[LayoutSummary]:
    summaries = []
    for key, specs in PRESETS.items():
        columns = build_columns(specs, period_years=list(period_years))
        orientation = choose_orientation(columns)
        assign_widths(columns, orientation)
        total = sum(c.width_mm for c in columns) or 1
        summaries.append(
            LayoutSummary(
                key,
                orientation,
                [(c.header, round(100 * c.width_mm / total, 1)) for c in columns],
            )
        )
    return summaries
