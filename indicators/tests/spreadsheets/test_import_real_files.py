"""Spreadsheets as agencies keep them: OpenDocument files, CSV text named .xlsx, the headers
agencies write (an unknown IKU-name column mapped by the user), a second header row under
merged parents, a baseline year in its header; every problem (lengths too) named in the
preview by sheet, row and column header; a period already taken refused at upload."""

import datetime
import io
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from indicators.models import IKUDocument, ImportBatch, Indicator, YearlyTarget
from indicators.tests.factories import DocumentFactory
from indicators.tests.spreadsheets.test_import import apply, upload, xlsx


def ods(rows) -> bytes:
    """A minimal OpenDocument spreadsheet, as LibreOffice writes its parts."""

    def cell(value):
        if isinstance(value, int | float):
            return (
                f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        return (
            f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p>'
            "</table:table-cell>"
        )

    body = "".join(
        "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        '<office:body><office:spreadsheet><table:table table:name="IKU">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def test_an_opendocument_spreadsheet_is_read(client, staf, unit):
    content = ods(
        [
            ["Sasaran Strategis", "Indikator Kinerja", "Satuan", "Kode", "Target 2025"],
            ["Meningkatnya layanan", "Indeks kepuasan", "indeks", "1", 82.5],
            ["", "Persentase aduan selesai", "%", "2", "90,5"],
        ]
    )
    client.force_login(staf)
    preview = upload(client, unit, content, name="iku.ods")
    page = preview.content.decode()
    assert "Yang akan dibuat: 2 IKU" in page and "82,5" in page and "90,5" in page
    apply(client, preview)
    indicator = Indicator.objects.get(name="Persentase aduan selesai")
    assert indicator.strategic_target.text == "Meningkatnya layanan"  # carried down
    assert indicator.code == "2"  # a whole number typed as a code stays "2", never "2.0"
    assert YearlyTarget.objects.get(indicator__name="Indeks kepuasan").value == 82.5


def test_csv_text_named_xlsx_is_read_as_csv_and_the_user_is_told(client, staf, unit):
    content = b"Sasaran Strategis;Indikator Kinerja;Target 2025\nS;IKU satu;75,5\n"
    client.force_login(staf)
    page = upload(client, unit, content, name="iku.xlsx").content.decode()
    assert "berisi teks CSV: dibaca sebagai CSV" in page and "75,5" in page


def test_an_unknown_iku_name_header_is_mapped_instead_of_refused(client, staf, unit):
    content = xlsx(
        [
            ["Sasaran Strategis", "Ukuran Keberhasilan", "Satuan", "Target 2025"],
            ["S", "Persentase koperasi aktif", "%", 60],
        ]
    )
    client.force_login(staf)
    preview = upload(client, unit, content)
    url = preview.redirect_chain[-1][0]
    page = preview.content.decode()
    assert "Pilih kolom yang berisi nama setiap IKU." in page
    assert "Kolom B: “Ukuran Keberhasilan”" in page
    # Mapped twice to the same field: told, nothing changes.
    refused = client.post(url, {"step": "map", "B": "satuan"}).content.decode()
    assert "Kolom lain sudah berisi isian ini; pilih sekali saja." in refused
    client.post(url, {"step": "map", "B": "name"}, follow=True)
    mapped = client.get(url).content.decode()
    assert "Yang akan dibuat: 1 IKU" in mapped and "Persentase koperasi aktif" in mapped


def test_headers_agencies_write_are_recognised(client, staf, unit):
    content = xlsx(
        [
            ["Sasaran", "Nama IKU", "Satuan", "Baseline 2024", "Unit in Charge", "Target", ""],
            ["", "", "", "", "", "Tahun 2025", "Tahun 2026"],
            ["S", "Persentase aduan selesai", "%", "55,5", "Bidang Layanan", 60, 65],
        ],
        merges=["F1:G1"],
    )
    client.force_login(staf)
    preview = upload(client, unit, content)
    page = preview.content.decode()
    assert "Yang akan dibuat: 1 IKU" in page and "Tahun 2025" not in page.split("<tbody>")[1]
    assert "55,5 (2024)" in page and "Bidang Layanan" in page
    apply(client, preview)
    indicator = Indicator.objects.get()
    assert (indicator.baseline_year, indicator.baseline_value) == (2024, 55.5)
    assert indicator.responsible == "Bidang Layanan"
    assert sorted(indicator.targets.values_list("year", "value")) == [(2025, 60), (2026, 65)]


def test_a_text_too_long_is_named_in_the_preview_with_its_column(client, staf, unit):
    content = xlsx(
        [
            ["Sasaran Strategis", "Indikator Kinerja", "Satuan", "Indikator Tujuan"],
            ["S", "IKU satu", "x" * 70, "y" * 501],
        ]
    )
    client.force_login(staf)
    page = upload(client, unit, content).content.decode()
    assert (
        "Lembar “Sheet”, baris 2, kolom C (“Satuan”): Paling banyak 60 karakter (sel ini "
        "berisi 70)." in page
    )
    assert "kolom D (“Indikator Tujuan”): Paling banyak 500 karakter (sel ini berisi 501)." in (
        page
    )


def test_a_period_already_taken_is_refused_at_upload_keeping_what_was_entered(client, staf, unit):
    DocumentFactory(unit=unit, period_start=2025, period_end=2029)
    client.force_login(staf)
    response = upload(client, unit, xlsx([["Sasaran Strategis", "Indikator Kinerja"]]))
    page = response.content.decode()
    assert "sudah memiliki dokumen untuk 2025–2029" in page
    assert 'value="2025"' in page and 'value="2029"' in page  # kept
    assert not ImportBatch.objects.exists()


def test_the_preview_shows_formula_baseline_responsible_and_each_year(client, staf, unit):
    content = xlsx(
        [
            ["Sasaran Strategis", "Indikator Kinerja", "Formulasi", "Baseline"]
            + ["Penanggung Jawab", "Target 2025", "Target 2027"],
            ["S", "IKU satu", "(A/B) x 100%", "N/A", "Bidang X", 10, "20-30"],
        ]
    )
    client.force_login(staf)
    page = upload(client, unit, content).content.decode()
    table = page.split("<thead>")[1]
    for year in ("2025", "2026", "2027", "2028", "2029"):
        assert f">{year}</th>" in table
    assert "(A/B) x 100%" in table and "Bidang X" in table and "tidak ada" in table
    assert ">10<" in table and ">—<" in table and "20–30" in table


def test_uploads_never_applied_are_removed_after_their_age(client, staf, unit, settings):
    client.force_login(staf)
    upload(client, unit, xlsx([["Sasaran Strategis", "Indikator Kinerja"], ["S", "IKU"]]))
    old = ImportBatch.objects.get()
    path = old.file.path
    ImportBatch.objects.update(created_at=timezone.now() - datetime.timedelta(days=31))
    upload(client, unit, xlsx([["Sasaran Strategis", "Indikator Kinerja"], ["S", "IKU"]]))
    out = io.StringIO()
    call_command("clear_imports", "--days", "30", stdout=out)
    assert "1 import(s)" in out.getvalue()
    assert list(ImportBatch.objects.values_list("pk", flat=True)) != [old.pk]
    assert ImportBatch.objects.count() == 1
    import os

    assert not os.path.exists(path)
    assert not IKUDocument.objects.exists()
    assert reverse("indicators:import_upload")  # the page that starts again


def test_a_cell_formatted_as_a_percentage_is_read_as_it_is_shown(client, staf, unit):
    """Shown "75,5%", stored 0.755: read as 75,5, never 100 times smaller."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Sasaran Strategis", "Indikator Kinerja", "Satuan", "Baseline", "Target 2025"])
    sheet.append(["S", "Persentase koperasi aktif", "%", 0.755, 0.8])
    sheet["D2"].number_format = "0.0%"
    sheet["E2"].number_format = "0%"
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(staf)
    preview = upload(client, unit, buffer.getvalue())
    page = preview.content.decode()
    assert "75,5" in page and ">80<" in page and "0,755" not in page
    apply(client, preview)
    indicator = Indicator.objects.get()
    assert indicator.baseline_value == Decimal("75.5")
    assert indicator.targets.get(year=2025).value == Decimal("80")


ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def _ods_cell(value, extra=""):
    kind = "float" if isinstance(value, float) else "string"
    office = f' office:value="{value}"' if kind == "float" else ""
    return (
        f'<table:table-cell office:value-type="{kind}"{office}{extra}>'
        f"<text:p>{value}</text:p></table:table-cell>"
    )


def test_an_opendocument_sheet_keeps_its_merged_years_hidden_rows_and_percentages(
    client, staf, unit
):
    """What LibreOffice writes: "Target" spanning the years above "Tahun 2025" and "Tahun
    2026", a hidden row and column, a cell shown as a percentage."""
    cell = _ods_cell
    percent = (
        '<table:table-cell office:value-type="percentage" office:value="0.755">'
        "<text:p>75,5%</text:p></table:table-cell>"
    )
    rows = [
        cell("Sasaran") + cell("Nama IKU") + cell("Catatan")
        + cell("Target", ' table:number-columns-spanned="2"') + "<table:covered-table-cell/>",
        cell("") + cell("") + cell("") + cell("Tahun 2025") + cell("Tahun 2026"),
        cell("S") + cell("Persentase koperasi aktif") + cell("x") + percent + cell(80.0),
        cell("S") + cell("IKU tersembunyi") + cell("") + cell(1.0) + cell(2.0),
    ]  # fmt: skip
    hidden = ' table:visibility="collapse"'
    body = "".join(
        "<table:table-row" + (hidden if n == 3 else "") + f">{r}</table:table-row>"
        for n, r in enumerate(rows)
    )
    columns = (
        '<table:table-column table:number-columns-repeated="2"/>'
        '<table:table-column table:visibility="collapse"/>'
        '<table:table-column table:number-columns-repeated="2"/>'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES}>'
        '<office:body><office:spreadsheet><table:table table:name="IKU">'
        f"{columns}{body}</table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    client.force_login(staf)
    preview = upload(client, unit, buffer.getvalue(), name="iku.ods")
    page = preview.content.decode()
    assert "Yang akan dibuat: 1 IKU" in page and "IKU tersembunyi" not in page
    assert "Baris tersembunyi tidak dibaca: 4." in page and "Kolom tersembunyi" in page
    apply(client, preview)
    indicator = Indicator.objects.get()
    assert sorted(indicator.targets.values_list("year", "value")) == [
        (2025, Decimal("75.5")),
        (2026, Decimal("80")),
    ]
