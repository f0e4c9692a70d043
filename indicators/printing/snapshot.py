"""Everything a document prints, as plain JSON: the one source of what is printed.

The print templates are rendered from this snapshot (see `print_layout`), a signed version keeps
it, and two versions are compared by it. A signed document therefore prints, previews and
compares from what was frozen, whatever has changed since in the unit or its officials.

Snapshots of documents signed before a key existed lack it; readers use `.get()` with the
default the field had then.
"""

from indicators.layouts import document_specs
from indicators.printing.print_layout import indonesian_date
from indicators.tree.selectors import document_print_data

# The format of the stored JSON, recorded in every signed snapshot for whoever reads one later
# (an archive, the embedded data of a PDF/A copy): raised when its shape changes.
SNAPSHOT_FORMAT = 2


def _decimal(value):
    return None if value is None else format(value.normalize(), "f")


def _upper(upper, text) -> str:
    """The upper sasaran or IKU a row supports (cascading), as the comparison shows it:
    "Unit name (revision n): text"; empty without a link."""
    if upper is None:
        return ""
    document = upper.document
    return f"{document.unit.name} ({document.period} rev. {document.revision}): {text}"


def _indicator(indicator, target_codes) -> dict:
    targets, ranges = {}, {}
    for year, value, upper in indicator.yearly_targets:
        targets[str(year)] = _decimal(value)
        if upper is not None:
            ranges[str(year)] = _decimal(upper)
    return {
        "id": indicator.pk,
        "code": indicator.display_code,
        "strategic_target": target_codes[indicator.strategic_target_id],
        "name": indicator.name,
        "satuan": indicator.satuan,
        "formula": indicator.formula,
        "definition": indicator.definition,
        "explanation": indicator.explanation,
        "selection_reason": indicator.selection_reason,
        "data_source": indicator.data_source,
        "responsible": indicator.responsible,
        "direction": indicator.direction,
        "calculation_type": indicator.calculation_type,
        "frequency": indicator.frequency,
        "perspective": indicator.perspective,
        "cascading": indicator.cascading,
        "supports": _upper(indicator.supports, indicator.supports and indicator.supports.name),
        "baseline_year": indicator.baseline_year,
        "baseline_value": _decimal(indicator.baseline_value),
        "baseline_not_available": indicator.baseline_not_available,
        "baseline_not_available_text": indicator.baseline_not_available_text,
        "targets": targets,
        "target_ranges": ranges,
    }


def document_snapshot(document) -> dict:
    tree, functions = document_print_data(document=document)
    document = tree.document
    unit = document.unit
    signatory = document.signatory
    goal_codes = {goal.pk: goal.display_code for goal in tree.goals}
    target_codes = {target.pk: target.display_code for target in tree.strategic_targets}
    return {
        "version": SNAPSHOT_FORMAT,
        "document": {
            "id": document.pk,
            "heading": document.heading,
            "period": document.period,
            "period_start": document.period_start,
            "period_end": document.period_end,
            "revision": document.revision,
            "layout": document.layout,
            "columns": document_specs(document),
            "orientation": document.orientation,
            "hide_empty_columns": document.hide_empty_columns,
            "formula_style": document.formula_style,
            "header_lines": [line for line in document.header_lines.splitlines() if line.strip()],
            "show_unit_heading": document.show_unit_heading,
            "show_page_numbers": document.show_page_numbers,
            "show_identity": {
                "name": document.show_identity_name,
                "tugas": document.show_identity_tugas,
                "functions": document.show_identity_functions,
            },
        },
        "unit": {
            "name": unit.name,
            "tugas": unit.tugas,
            "functions": [f.text for f in functions],
        },
        "goals": [
            {
                "id": goal.pk,
                "code": goal.display_code,
                "text": goal.text,
                "indicators": [gi.text for gi in goal.indicators.all()],
            }
            for goal in tree.goals
        ],
        "strategic_targets": [
            {
                "id": target.pk,
                "code": target.display_code,
                "text": target.text,
                "goal": goal_codes.get(target.goal_id),
                "supports": _upper(target.supports, target.supports and target.supports.text),
            }
            for target in tree.strategic_targets
        ],
        "indicators": [_indicator(indicator, target_codes) for indicator in tree.indicators],
        "signature": {
            "place": document.signature_place or unit.seat_city,
            "date": indonesian_date(
                document.signature_date,
                month_year=document.signature_date_format == document.DateFormat.MONTH_YEAR,
            ),
            "style": document.signature_date_format,
            "jabatan": document.signatory_lines,
            "name": signatory.name if signatory else "",
            "kind": signatory.kind if signatory else "",
            "pangkat": signatory.pangkat_display if signatory and document.show_pangkat else "",
            "nip": signatory.nip if signatory else "",
            "nip_style": document.nip_style,
            "underline": document.signatory_underline,
        },
    }
