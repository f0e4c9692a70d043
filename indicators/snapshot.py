"""Everything a document prints, as plain JSON: kept with a signed version, and compared
between versions."""

from .print_layout import indonesian_date
from .selectors import document_print_data


def _decimal(value):
    return None if value is None else format(value.normalize(), "f")


def document_snapshot(document) -> dict:
    tree, functions = document_print_data(document=document)
    document = tree.document
    unit = document.unit
    signatory = document.signatory
    goal_codes = {goal.pk: goal.display_code for goal in tree.goals}
    target_codes = {target.pk: target.display_code for target in tree.strategic_targets}
    return {
        "document": {
            "id": document.pk,
            "heading": document.heading,
            "period": document.period,
            "revision": document.revision,
            "layout": document.layout,
        },
        "unit": {"name": unit.name, "tugas": unit.tugas, "functions": [f.text for f in functions]},
        "goals": [
            {
                "code": goal.display_code,
                "text": goal.text,
                "indicators": [gi.text for gi in goal.indicators.all()],
            }
            for goal in tree.goals
        ],
        "strategic_targets": [
            {
                "code": target.display_code,
                "text": target.text,
                "goal": goal_codes.get(target.goal_id),
            }
            for target in tree.strategic_targets
        ],
        "indicators": [
            {
                "code": indicator.display_code,
                "strategic_target": target_codes[indicator.strategic_target_id],
                "name": indicator.name,
                "satuan": indicator.satuan,
                "formula": indicator.formula,
                "explanation": indicator.explanation,
                "selection_reason": indicator.selection_reason,
                "data_source": indicator.data_source,
                "responsible": indicator.responsible,
                "direction": indicator.direction,
                "calculation_type": indicator.calculation_type,
                "baseline_year": indicator.baseline_year,
                "baseline_value": _decimal(indicator.baseline_value),
                "targets": {str(year): _decimal(value) for year, value in indicator.yearly_targets},
            }
            for indicator in tree.indicators
        ],
        "signature": {
            "place": document.signature_place,
            "date": indonesian_date(
                document.signature_date,
                month_year=document.signature_date_format == document.DateFormat.MONTH_YEAR,
            ),
            "jabatan": document.signatory_lines,
            "name": signatory.name if signatory else "",
            "pangkat": signatory.pangkat_display if signatory else "",
            "nip": signatory.nip if signatory else "",
        },
    }
