"""Every IKU document downloads as .xlsx in the columns of its layout, and a flat export gives
one row per IKU; text is never a formula."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import ExportJob, IKUDocument, YearlyTarget
from indicators.tests.factories import (
    DocumentFactory,
    IndicatorFactory,
    StrategicTargetFactory,
    sign,
)
from organizations.models import Membership
from organizations.tests.factories import MembershipFactory, UnitFactory


@pytest.fixture
def sumsel(db):
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())
    return IKUDocument.objects.get(unit__government="Provinsi Sumatera Selatan", unit__kind="dinas")


def _book(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def test_the_sumsel_document_exports_in_its_layout_with_merged_sasaran(client, sumsel):
    client.force_login(get_user_model().objects.get(username="sumsel.staf"))
    sheet = _book(client.get(reverse("indicators:document_xlsx", args=[sumsel.pk]))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    flat = [v for row in values for v in row if v]
    assert sumsel.heading in flat and sumsel.unit.name.upper() in flat
    header_row = next(row for row in values if "Indikator Kinerja Utama" in row)
    headers = [v for v in header_row if v]
    assert "1. Nama Unit Organisasi" in flat and "3. Fungsi" in flat  # the identity block
    assert "Sasaran Strategis" in " ".join(headers) and "Indikator Kinerja Utama" in headers
    for indicator in sumsel.indicators.all():  # with its code before it, as the PDF prints it
        assert any(f" {indicator.name}" in str(v) for v in flat), indicator.name
    # The sasaran with several IKU is one merged cell over their rows, as in the PDF.
    assert any(r.max_row > r.min_row for r in sheet.merged_cells.ranges if r.min_row > 5)
    assert "H. H. AMIRUDDIN, M.Si" in flat  # the signature block below the table
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows
    assert int(sheet.page_setup.paperSize) == 9  # A4


def test_targets_are_numbers_with_the_indonesian_format_and_ranges_are_text(client, staf, unit):
    document = DocumentFactory(unit=unit, layout="matriks", period_start=2025, period_end=2026)
    indicator = IndicatorFactory(strategic_target=StrategicTargetFactory(document=document))
    YearlyTarget.objects.create(indicator=indicator, year=2025, value=Decimal("1250.5"))
    YearlyTarget.objects.create(
        indicator=indicator, year=2026, value=Decimal(80), value_upper=Decimal(90)
    )
    client.force_login(staf)
    sheet = _book(client.get(reverse("indicators:document_xlsx", args=[document.pk]))).active
    cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value is not None}
    # A number, shown the Indonesian way with the satuan the matriks prints after it.
    assert cells[1250.5].data_type == "n" and cells[1250.5].number_format == '#,##0.0###"%"'
    assert "80–90%" in cells and "2025" in cells and "2026" in cells  # years under "Target"


def test_text_that_looks_like_a_formula_exports_as_text(client, staf, unit):
    document = DocumentFactory(unit=unit, layout="ringkas")
    target = StrategicTargetFactory(document=document, text="+Sasaran")
    IndicatorFactory(strategic_target=target, name='=HYPERLINK("http://x","klik")')
    client.force_login(staf)
    for url in (
        reverse("indicators:document_xlsx", args=[document.pk]),
        reverse("indicators:flat_xlsx", args=[unit.pk]),
    ):
        sheet = _book(client.get(url)).active
        cells = [c for row in sheet.iter_rows() for c in row if c.value]
        typed = [c for c in cells if "HYPERLINK" in str(c.value) or "+Sasaran" in str(c.value)]
        assert len(typed) >= 2 and all(c.data_type == "s" for c in typed)
    assert '=HYPERLINK("http://x","klik")' in [c.value for c in cells]  # the flat export, as typed


def test_the_flat_export_has_one_row_per_iku_with_every_target(client, staf, outsider, unit):
    document = DocumentFactory(unit=unit, period_start=2025, period_end=2026)
    target = StrategicTargetFactory(document=document)
    for n, value in enumerate(("75.5", "80")):
        indicator = IndicatorFactory(strategic_target=target, name=f"IKU {n}", satuan="%")
        YearlyTarget.objects.create(indicator=indicator, year=2025, value=Decimal(value))
    client.force_login(staf)
    sheet = _book(client.get(reverse("indicators:flat_xlsx", args=[unit.pk]))).active
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Unit", "Dokumen", "Periode", "Status"] and header[-1] == "Target 2025"
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [(r[10], r[-1]) for r in rows] == [("IKU 0", 75.5), ("IKU 1", 80)]
    client.force_login(outsider)
    assert client.get(reverse("indicators:flat_xlsx", args=[unit.pk])).status_code == 404
    assert client.get(reverse("indicators:document_xlsx", args=[document.pk])).status_code == 404
    assert client.get(reverse("indicators:flat_xlsx_all")).status_code == 404


def test_exports_obey_the_same_access_as_pages(client, unit, staf, kepala):
    """A member of a pemda reads the signed documents of the units under it, never their
    drafts, in the flat export as on the pages; an export is reachable only while its owner
    may still read its unit."""
    dinas = UnitFactory(parent=unit, name="Dinas di bawah")
    signed = DocumentFactory(unit=dinas, title="Dokumen bertanda tangan")
    IndicatorFactory(strategic_target__document=signed, name="IKU yang ditandatangani")
    dinas_staf = MembershipFactory(unit=dinas, role="staf").user
    dinas_kepala = MembershipFactory(unit=dinas, role="kepala").user
    sign(signed, staf=dinas_staf, kepala=dinas_kepala)
    draft = DocumentFactory(unit=dinas, period_start=2031, period_end=2035)
    IndicatorFactory(strategic_target__document=draft, name="IKU draf rahasia")
    client.force_login(staf)  # of the pemda
    sheet = _book(client.get(reverse("indicators:flat_xlsx", args=[unit.pk]))).active
    names = {cell.value for row in sheet.iter_rows() for cell in row}
    assert "IKU yang ditandatangani" in names and "IKU draf rahasia" not in names
    assert client.get(reverse("indicators:document_detail", args=[signed.pk])).status_code == 200
    assert client.get(reverse("indicators:document_detail", args=[draft.pk])).status_code == 404
    job = ExportJob.objects.create(user=staf, unit=unit)
    assert client.get(reverse("indicators:export_status", args=[job.pk])).status_code == 200
    Membership.objects.filter(user=staf).delete()  # no longer of the unit
    assert client.get(reverse("indicators:export_status", args=[job.pk])).status_code == 404


def test_a_big_figure_fits_its_column(client, staf, unit):
    document = DocumentFactory(unit=unit, layout="matriks", period_start=2025, period_end=2026)
    indicator = IndicatorFactory(
        strategic_target=StrategicTargetFactory(document=document), satuan="rupiah"
    )
    YearlyTarget.objects.create(indicator=indicator, year=2025, value=Decimal("1250000000"))
    client.force_login(staf)
    sheet = _book(client.get(reverse("indicators:document_xlsx", args=[document.pk]))).active
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == 1250000000)
    width = sheet.column_dimensions[cell.column_letter].width
    assert width >= len("1.250.000.000 rupiah")  # shown whole, never as ####
