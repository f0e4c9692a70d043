"""The name of each field of an IKU (and of its sasaran and tujuan) as the documents write it:
one catalog for the printed column headers (`layouts`), the comparison of two versions, the
spreadsheets (export headers, the import's column mapping) and the messages that name a field.
The documents' own Indonesian terms, not interface strings: they are never translated."""

FIELD_LABELS = {
    "goal": "Tujuan",
    "goal_code": "Kode Tujuan",
    "goal_indicators": "Indikator Tujuan",
    "target": "Sasaran Strategis",
    "target_code": "Kode Sasaran",
    "name": "Indikator Kinerja",
    "code": "Kode",
    "satuan": "Satuan",
    "formula": "Rumus Perhitungan",
    "explanation": "Penjelasan",
    "selection_reason": "Alasan Pemilihan",
    "definition": "Definisi Operasional",
    "direction": "Arah",
    "calculation_type": "Tipe Perhitungan",
    "frequency": "Frekuensi Pengukuran",
    "baseline": "Baseline",
    "baseline_year": "Tahun Baseline",
    "data_source": "Sumber Data",
    "responsible": "Penanggung Jawab",
    "perspective": "Perspektif",
    "cascading": "Jenis Cascading",
}


def label(field: str) -> str:
    """The document's name of `field` (the field's own name when it has none)."""
    return FIELD_LABELS.get(field, field)
