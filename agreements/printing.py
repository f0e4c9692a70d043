"""The Perjanjian Kinerja as agencies print it (PermenPAN-RB 53/2014, Lampiran I): page 1 the
statement (both parties named with their positions, the promise, place and date, pihak kedua
signing on the left and pihak pertama on the right); then the lampiran: the year's sasaran,
indicators and targets, and the programs with their anggaran and the Jumlah Anggaran, both
signatures again. Same print conventions as the IKU document (fonts, A4, page numbers, the
verification block of a signed copy), laid out by `core.rendering.engine`."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from agreements.models import PerformanceAgreement
from agreements.selectors import agreement_content
from core.http import attachment
from core.rendering import cache, engine
from indicators.printing.print_layout import indonesian_date, page_setup
from indicators.signed_files import read_signed
from organizations.nip import format_nip

TEMPLATE = "print/perjanjian_kinerja.html"


def party(name: str, nip: str, pangkat: str, position: str) -> dict:
    return {
        "name": name,
        "nip": format_nip(nip) if nip else "",
        "pangkat": pangkat,
        "position_lines": [line.strip() for line in position.splitlines() if line.strip()],
        "position": " ".join(line.strip() for line in position.splitlines() if line.strip()),
    }


def agreement_snapshot(agreement: PerformanceAgreement) -> dict:
    """What the PK prints, as JSON: frozen in its signed version, and printed from it."""
    content = agreement_content(agreement=agreement)
    rows = []
    number = 0
    for target in content.targets:
        indicators = [i for i in target.indicator_list if not i.left_out]
        if not indicators:
            continue
        number += 1
        for position, indicator in enumerate(indicators):
            target_text = indicator.target_display
            if target_text and indicator.satuan:
                target_text = f"{target_text} {indicator.satuan}"
            rows.append(
                {
                    "first": position == 0,
                    "span": len(indicators),
                    "number": number,
                    "target": target.text,
                    "indicator": indicator.name,
                    "value": target_text or "-",
                }
            )
    place_date = ", ".join(
        part
        for part in (agreement.place, indonesian_date(agreement.date, month_year=False))
        if part
    )
    return {
        "unit_name": agreement.unit.name,
        "year": agreement.year,
        "revision": agreement.revision,
        "title": f"PERJANJIAN KINERJA {'PERUBAHAN ' if agreement.revision else ''}"
        f"TAHUN {agreement.year}",
        "unit_line": agreement.unit.name.upper(),
        "first": party(
            agreement.first_party_name,
            agreement.first_party_nip,
            agreement.first_party_pangkat,
            agreement.first_party_position,
        ),
        "second": party(
            agreement.second_party_name,
            agreement.second_party_nip,
            agreement.second_party_pangkat,
            agreement.second_party_position,
        ),
        "place": agreement.place,
        "place_date": place_date,
        "rows": rows,
        "programs": [
            {
                "number": program.number,
                "depth": program.depth,
                "name": program.name,
                "budget": str(program.budget),
                "budget_display": program.budget_display,
                "note": program.note,
            }
            for program in content.programs
        ],
        "total": str(content.total),
        "total_display": content.total_display,
    }


def snapshot_html(snapshot: dict, *, verification: dict | None = None) -> str:
    context = {
        **snapshot,
        "page": page_setup("portrait", page_numbers=True),
        "verification": verification,
    }
    with translation.override("id"):  # a legal text in Indonesian, whatever the interface
        return render_to_string(TEMPLATE, context)


def agreement_html(agreement: PerformanceAgreement, *, verification: dict | None = None) -> str:
    return snapshot_html(agreement_snapshot(agreement), verification=verification)


def agreement_pdf(agreement: PerformanceAgreement, *, verification: dict | None = None) -> bytes:
    return engine.html_to_pdf(agreement_html(agreement, verification=verification))


def agreement_filename(agreement: PerformanceAgreement) -> str:
    revision = f"-perubahan-{agreement.revision}" if agreement.revision else ""
    return f"perjanjian-kinerja-{agreement.year}{revision}-{slugify(agreement.unit.name)}.pdf"


def agreement_pdf_response(agreement: PerformanceAgreement, pdf: bytes, *, download: bool):
    return attachment(pdf, "application/pdf", agreement_filename(agreement), inline=not download)


def kept_render(agreement_id: int, html: str) -> bytes:
    """The PDF of print HTML of a PK (or its Rencana Aksi), kept by its content
    (`core.rendering.cache`): the same content is laid out once. A few pages: laid out in the
    request, not handed to a worker as the IKU documents are."""
    path = cache.pdf_path(f"agreements/{agreement_id}", cache.content_key(html))
    pdf = cache.whole_pdf(path)
    if pdf is None:
        pdf = engine.html_to_pdf(html)
        cache.store(path, pdf)
    return pdf


def agreement_render(agreement: PerformanceAgreement) -> bytes:
    """The PDF of the PK as it prints now."""
    return kept_render(agreement.pk, agreement_html(agreement))


def read_signed_agreement(version) -> bytes:
    """The signed PDF of a PK, checked against its recorded SHA-256 (a missing or altered file
    answers with the clear page of `indicators.signed_files`)."""
    return read_signed(version)
