"""The Rencana Aksi as printed (A4 landscape), with the print conventions of the PK."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from agreements.action_plans.selectors import action_plan_content
from agreements.printing import kept_render, party
from core.numbers import format_value
from indicators.printing.print_layout import indonesian_date, page_setup

ACTION_PLAN_TEMPLATE = "print/rencana_aksi.html"


def action_plan_html(plan) -> str:
    """The Rencana Aksi as printed (A4 landscape): Sasaran | Indikator | Target tahunan |
    TW I–IV | Kegiatan | Penanggung jawab, each sasaran and indicator spanning its rows, and
    pihak pertama's signature."""
    agreement = plan.agreement
    rows = []
    for target, indicators in action_plan_content(plan=plan).targets:
        target_span = sum(max(1, len(row.activities)) for row in indicators)
        for position, row in enumerate(indicators):
            indicator = row.indicator
            activities = row.activities or [None]
            name = indicator.name + (f" ({indicator.satuan})" if indicator.satuan else "")
            quarters = [
                format_value(quarter.value, quarter.value_upper) if quarter else "-"
                for _label, quarter in row.quarter_cells
            ]
            for offset, activity in enumerate(activities):
                rows.append(
                    {
                        "target": target.text if position == 0 and offset == 0 else None,
                        "target_span": target_span,
                        "first": offset == 0,
                        "span": len(activities),
                        "indicator": name,
                        "year": indicator.target_display or "-",
                        "quarters": quarters,
                        "activity": f"{activity.name} ({activity.schedule_display})"
                        if activity
                        else "-",
                        "responsible": activity.responsible if activity else "-",
                    }
                )
    context = {
        "title": plan.heading,
        "unit_line": agreement.unit.name.upper(),
        "unit_name": agreement.unit.name,
        "rows": rows,
        "place_date": ", ".join(
            part
            for part in (agreement.place, indonesian_date(agreement.date, month_year=False))
            if part
        ),
        "first": party(
            agreement.first_party_name,
            agreement.first_party_nip,
            agreement.first_party_pangkat,
            agreement.first_party_position,
        ),
        "adopted": not plan.is_draft,
        "page": page_setup("landscape", page_numbers=True),
    }
    with translation.override("id"):
        return render_to_string(ACTION_PLAN_TEMPLATE, context)


def action_plan_render(plan) -> bytes:
    """The Rencana Aksi's PDF, kept by its content."""
    return kept_render(plan.agreement_id, action_plan_html(plan))


def action_plan_filename(plan) -> str:
    return f"rencana-aksi-{plan.agreement.year}-{slugify(plan.agreement.unit.name)}.pdf"
