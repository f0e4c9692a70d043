"""Prints that match what was typed: a baseline typed "N/A" prints "N/A" (and "tidak ada"
prints "tidak ada"), the tugas keeps its line breaks and paragraphs, and each identity line
(Nama Unit Organisasi, Tugas, Fungsi) can be left out by the document. Read from the PDF's
own word boxes."""

import io

from django.urls import reverse

from indicators.models import Indicator
from indicators.printing.pdf import document_pdf
from indicators.spreadsheets.export import flat_xlsx
from indicators.tests.factories import DocumentFactory, IndicatorFactory, StrategicTargetFactory
from indicators.tests.pdf_words import words
from organizations.tests.factories import FunctionFactory


def _post(client, sasaran, **fields):
    data = {
        "strategic_target": sasaran.pk,
        "direction": "higher",
        "calculation_type": "non_kumulatif",
        **fields,
    }
    url = reverse("indicators:indicator_create", args=[sasaran.document_id])
    return client.post(url, data, follow=True)


def _words(pdf: bytes) -> list:
    return [word for _n, _w, _h, page in words(pdf) for word in page]


def _texts(pdf: bytes) -> list[str]:
    return [word.text for word in _words(pdf)]


def test_a_baseline_typed_n_a_prints_n_a_and_tidak_ada_prints_tidak_ada(client, staf, unit):
    sasaran = StrategicTargetFactory(document=DocumentFactory(unit=unit, layout="matriks"))
    client.force_login(staf)
    _post(client, sasaran, name="IKU pertama", baseline="N/A")
    _post(client, sasaran, name="IKU kedua", baseline="tidak ada")
    first = Indicator.objects.get(name="IKU pertama")
    assert first.baseline_not_available and first.baseline_not_available_text == "N/A"
    form = client.get(reverse("indicators:indicator_edit", args=[first.pk])).content.decode()
    assert 'value="N/A"' in form  # shown again as typed
    texts = _texts(document_pdf(sasaran.document))
    assert "N/A" in texts
    assert texts.count("tidak") == 1 and "ada" in texts  # the second IKU's, once
    # The flat export writes it as typed, and the import reads it back so.
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(flat_xlsx(sasaran.document.unit.documents.all())))
    values = [cell.value for row in book.active.iter_rows() for cell in row]
    assert "N/A" in values and "tidak ada" in values


def _identity_document(unit, **settings):
    unit.tugas = "Tugas pertama dinas.\nTugas kedua dinas.\n\nParagraf berikutnya."
    unit.save()
    FunctionFactory(unit=unit, text="Perumusan kebijakan teknis")
    document = DocumentFactory(unit=unit, **settings)
    IndicatorFactory(strategic_target__document=document)
    return document


def test_the_tugas_keeps_its_line_breaks_and_paragraphs(unit):
    printed = _words(document_pdf(_identity_document(unit)))
    found = {w.text: w for w in printed}
    first, second, third = found["pertama"], found["kedua"], found["Paragraf"]
    # Each typed line starts a line of its own, at the same left edge; a blank line between
    # paragraphs leaves more space than a line break.
    assert second.top < first.bottom and third.top < second.bottom
    tugas_left = min(w.right for w in printed if w.text == "Tugas")
    starts = [w for w in printed if w.text == "Tugas"]
    assert len(starts) == 3  # the label and the two lines that begin with it
    lines = sorted((w for w in starts if w.left > tugas_left), key=lambda w: -w.top)
    assert abs(lines[0].left - lines[1].left) < 1 and abs(third.left - lines[0].left) < 1
    line_gap = lines[0].bottom - lines[1].bottom
    assert lines[1].bottom - third.bottom > line_gap + 1


def test_each_identity_line_can_be_left_out_and_the_rest_is_numbered_in_order(unit):
    everything = " ".join(_texts(document_pdf(_identity_document(unit))))
    assert "Nama Unit Organisasi" in everything and "Fungsi" in everything
    assert "2. Tugas" in everything and "3. Fungsi" in everything
    document = _identity_document(
        unit, period_start=2030, period_end=2034, show_identity_tugas=False
    )
    texts = " ".join(_texts(document_pdf(document)))
    assert "Tugas" not in texts and "2. Fungsi" in texts and "1. Nama Unit Organisasi" in texts
    document.show_identity_name = False
    document.show_identity_functions = False
    document.save()
    texts = " ".join(_texts(document_pdf(document)))
    assert "Nama Unit Organisasi" not in texts and "Fungsi" not in texts
    assert "Perumusan" not in texts


def test_a_perubahan_keeps_which_identity_lines_print(client, kepala, staf, unit):
    from indicators.tests.factories import sign
    from indicators.workflow.services import document_start_revision

    document = _identity_document(unit, show_identity_functions=False)
    sign(document, staf=staf, kepala=kepala)
    revision = document_start_revision(document=document, user=staf)
    assert revision.show_identity_functions is False and revision.show_identity_tugas is True


def test_the_verification_address_never_breaks_inside_the_code(unit):
    """However long the portal's address, the code in it stays on one line (the address
    itself may break anywhere)."""
    from indicators.printing.pdf import print_snapshot, snapshot_pdf
    from indicators.workflow.signing import verification_block

    document = DocumentFactory(unit=unit)
    IndicatorFactory(strategic_target__document=document)
    snapshot = print_snapshot(document)
    code = "K7QM-3XPA-9TRD"
    for extra in range(0, 40, 3):
        url = f"https://iku.{'d' * extra}.go.id/verifikasi/{code}/"
        pdf = snapshot_pdf(snapshot, verification=verification_block(code, url))
        texts = _texts(pdf)
        pieces = [t for t in texts if t.rstrip("/") and t.rstrip("/") in code and t != code]
        assert f"{code}/" in texts or any(t.endswith(f"{code}/") for t in texts), (extra, pieces)


def test_the_matriks_prints_figures_with_their_satuan_merges_perspektif_and_hyphenates(unit):
    from decimal import Decimal

    from indicators.models import YearlyTarget

    document = DocumentFactory(
        unit=unit, layout="matriks", orientation="landscape", period_start=2025, period_end=2029
    )
    rows = [("Stakeholder", "kali"), ("Stakeholder", "%"), ("Internal Process", "hari")]
    for n, (perspective, satuan) in enumerate(rows):
        indicator = IndicatorFactory(
            strategic_target__document=document,
            perspective=perspective,
            satuan=satuan,
            baseline_value=Decimal(10 + n),
            baseline_year=2024,
            cascading="C",
        )
        YearlyTarget.objects.create(indicator=indicator, year=2025, value=Decimal(60 + n))
    texts = " ".join(_texts(document_pdf(document)))
    assert "60 kali" in texts and "61%" in texts and "62 hari" in texts
    assert "10 kali (2024)" in texts and "11% (2024)" in texts
    assert texts.count("Stakeholder") == 1 and texts.count("Internal Process") == 1
    # The header word too wide for its column is hyphenated ("Casca-ding"), never cut.
    pieces = [t for t in _texts(document_pdf(document)) if t.startswith("Cas")]
    assert pieces and all(p == "Cascading" or p.endswith(("-", "\u2010")) for p in pieces), pieces
