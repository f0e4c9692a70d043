"""Importing an IKU document from a spreadsheet: upload, read, preview with every problem
named, apply all or nothing; bad and hostile files get clear answers."""

import io
import re
import time
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook, xml

from indicators.models import IKUDocument, Indicator, YearlyTarget


def xlsx(rows, *, merges=(), start_row=1) -> bytes:
    book = Workbook()
    sheet = book.active
    for r, row in enumerate(rows, start=start_row):
        for c, value in enumerate(row, start=1):
            sheet.cell(row=r, column=c, value=value)
    for area in merges:
        sheet.merge_cells(area)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_sheet_xml(content: bytes, change) -> bytes:
    """The .xlsx with its first sheet's XML changed, as another program might have written it."""
    source = zipfile.ZipFile(io.BytesIO(content))
    patched = io.BytesIO()
    with zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            target.writestr(item, data)
    return patched.getvalue()


def upload(client, unit, content, name="iku.xlsx", start=2025, end=2029, follow=True):
    return client.post(
        reverse("indicators:import_upload"),
        {
            "file": SimpleUploadedFile(name, content),
            "unit": unit.pk,
            "period_start": start,
            "period_end": end,
            "title": "",
        },
        follow=follow,
    )


def apply(client, response):
    return client.post(response.redirect_chain[-1][0], {"step": "apply"}, follow=True)


def test_the_template_imported_as_it_is_gives_its_example_row(client, staf, unit):
    client.force_login(staf)
    template = client.get(reverse("indicators:import_template"))
    book = load_workbook(io.BytesIO(template.content))
    assert book.sheetnames == ["IKU", "Petunjuk"]
    year = timezone.localdate().year
    preview = upload(client, unit, template.content, start=year, end=year + 4)
    page = preview.content.decode()
    assert "Persentase koperasi berkualitas" in page and "15,5" in page
    done = apply(client, preview)
    assert "Diimpor: draf baru dengan 1 IKU." in done.content.decode()
    indicator = Indicator.objects.get(document__unit=unit)
    assert indicator.strategic_target.text == "Meningkatnya koperasi yang berkualitas"
    assert indicator.baseline_value == Decimal("12.5")
    assert YearlyTarget.objects.get(indicator=indicator, year=year).value == Decimal("15.5")


def test_a_hand_made_sheet_is_read_and_its_problems_named(client, staf, unit):
    rows = [
        ["IKU Dinas Contoh"],
        [],
        ["No", "Sasaran Strategis", "Indikator Kinerja", "Satuan", "Target 2025", "Target 2031"],
        [1, "Sasaran A", "IKU satu", "%", "75,5", None],
        [2, None, "IKU dua", "%", "abc", None],
        [3, None, "IKU tiga", "unit", "1.000", "5"],
    ]
    content = xlsx(rows, merges=["B4:B6"])
    client.force_login(staf)
    page = upload(client, unit, content).content.decode()
    assert "judul kolom pada baris 3" in page
    assert "Lembar “Sheet”, baris 5, kolom E (“Target 2025”): “abc”" in page  # not a number
    assert "baris 6, kolom F (“Target 2031”): Tahun 2031 di luar periode 2025–2029." in page
    assert "IKU satu" in page and "75,5" in page and "1.000" in page  # text read as numbers
    assert "Terapkan" not in page
    assert not IKUDocument.objects.exists()


def test_an_iku_without_a_sasaran_and_a_second_table_are_told(client, staf, unit):
    rows = [
        ["Sasaran Strategis", "Indikator Kinerja", "Target 2025"],
        [None, "IKU yatim", 5],
        [],
        ["Tabel lain", "x", "y"],
    ]
    client.force_login(staf)
    page = upload(client, unit, xlsx(rows)).content.decode()
    assert "baris 2, kolom A (“Sasaran Strategis”): IKU tanpa sasaran strategis." in page
    assert "Hanya tabel pertama" in page


def test_an_unknown_header_is_mapped_by_the_user(client, staf, unit):
    rows = [
        ["Sasaran Strategis", "Indikator Kinerja", "Ukuran"],
        ["Sasaran A", "IKU satu", "%"],
    ]
    client.force_login(staf)
    preview = upload(client, unit, xlsx(rows))
    page = preview.content.decode()
    assert "Kolom C: “Ukuran”" in page and "Terapkan" not in page
    url = preview.redirect_chain[-1][0]
    mapped = client.post(url, {"step": "map", "C": "satuan"}, follow=True)
    assert "Terapkan" in mapped.content.decode()
    client.post(url, {"step": "apply"})
    assert Indicator.objects.get().satuan == "%"


def test_formula_cells_count_by_their_computed_value_and_the_user_is_told(client, staf, unit):
    content = xlsx(
        [["Sasaran Strategis", "Indikator Kinerja", "Target 2025"], ["S", "IKU", "=50+25.5"]]
    )
    # openpyxl writes no computed value; put one in as a spreadsheet program would.
    patched = with_sheet_xml(
        content,
        lambda xml: re.sub(rb"<f>50\+25.5</f>(<v></v>|<v/>)?", b"<f>50+25.5</f><v>75.5</v>", xml),
    )
    client.force_login(staf)
    page = upload(client, unit, patched).content.decode()
    assert "Sel berisi rumus Excel dibaca dengan nilai hasil hitungnya: C2." in page
    assert "75,5" in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("iku.pdf", b"%PDF-1.4\n%%EOF\n", "Ini bukan spreadsheet"),
        ("iku.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "dilindungi kata sandi"),
        ("iku.csv", b"   \n", "Berkasnya kosong."),
        ("iku.xlsx", b"PK\x03\x04 not really a zip", "Berkasnya rusak"),
    ],
)
def test_files_that_are_not_spreadsheets_get_clear_answers(
    client, staf, unit, name, content, message
):
    client.force_login(staf)
    page = upload(client, unit, content, name=name).content.decode()
    assert message in page
    assert not IKUDocument.objects.exists()


def test_ten_thousand_rows_are_refused(client, staf, unit):
    rows = [["Sasaran Strategis", "Indikator Kinerja"]] + [["S", f"IKU {n}"] for n in range(10000)]
    client.force_login(staf)
    page = upload(client, unit, xlsx(rows)).content.decode()
    assert "lebih dari 2000 baris" in page


def test_a_zip_bomb_is_refused_before_it_is_read(client, staf, unit):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (200 * 1024 * 1024))
    client.force_login(staf)
    started = time.perf_counter()
    page = upload(client, unit, bomb.getvalue()).content.decode()
    assert "ditolak sebelum dibaca" in page
    assert time.perf_counter() - started < 5


def test_a_small_file_that_unpacks_to_a_huge_sheet_is_refused_at_once(client, staf, unit):
    """A 4 MB-class file whose sheet unpacks to 46 MB of real rows (compressible, so the
    ratio check alone lets it through) kept a web worker busy for minutes: now refused."""
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>Sasaran %d</t></is></c></row>' % (n, n, n)
        for n in range(1, 12_000)
    )
    sheet = b"<worksheet><sheetData>" + rows * 49 + b"</sheetData></worksheet>"
    assert len(sheet) > 46_000_000
    content = with_sheet_xml(xlsx([["Sasaran Strategis", "Indikator Kinerja"]]), lambda _: sheet)
    assert len(content) < 5 * 1024 * 1024  # within the upload limit
    client.force_login(staf)
    started = time.perf_counter()
    page = upload(client, unit, content).content.decode()
    assert "ditolak sebelum dibaca" in page and "(10 MB)" in page
    assert time.perf_counter() - started < 10


def test_an_entity_bomb_is_refused(client, staf, unit):
    content = xlsx([["Sasaran Strategis", "Indikator Kinerja"], ["S", "IKU"]])
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
            for n in range(1, 10)
        )
        + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        + b"</sheetData></worksheet>"
    )
    patched = with_sheet_xml(content, lambda xml: laughs)
    client.force_login(staf)
    started = time.perf_counter()
    page = upload(client, unit, patched).content.decode()
    assert "Berkasnya rusak" in page
    assert time.perf_counter() - started < 5
    assert not IKUDocument.objects.exists()


def test_the_sumsel_document_exported_and_imported_gives_the_same_tree(client, db):
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())
    sumsel = IKUDocument.objects.get(
        unit__government="Provinsi Sumatera Selatan", unit__kind="dinas"
    )
    for n, indicator in enumerate(sumsel.indicators.order_by("order")):
        YearlyTarget.objects.create(indicator=indicator, year=2020, value=Decimal(100 + n))
        YearlyTarget.objects.create(indicator=indicator, year=2021, value=Decimal("2.5") + n)
    assert (
        client.post(
            reverse("login"), {"username": "sumsel.staf", "password": "iku-demo-2026"}
        ).status_code
        == 302
    )
    exported = client.get(reverse("indicators:flat_xlsx", args=[sumsel.unit_id])).content
    preview = upload(client, sumsel.unit, exported, start=2019, end=2023)
    assert "masalah" not in preview.content.decode()
    apply(client, preview)
    copy = IKUDocument.objects.filter(unit=sumsel.unit).exclude(pk=sumsel.pk).get()

    def tree(document):
        fields = (
            "name",
            "code",
            "satuan",
            "formula",
            "data_source",
            "responsible",
            "selection_reason",
        )
        return [
            (
                i.strategic_target.goal.text if i.strategic_target.goal else "",
                [gi.text for gi in i.strategic_target.goal.indicators.all()]
                if i.strategic_target.goal
                else [],
                i.strategic_target.text,
                *(getattr(i, f) for f in fields),
                sorted((t.year, t.value, t.value_upper) for t in i.targets.all()),
            )
            for i in document.indicators.select_related("strategic_target__goal").order_by(
                "strategic_target__order", "order"
            )
        ]

    assert tree(copy) == tree(sumsel)


def test_a_csv_with_semicolons_and_decimal_commas_is_read(client, staf, unit):
    content = "Sasaran Strategis;Indikator Kinerja;Satuan;Target 2025\nS;IKU satu;%;75,5\n"
    client.force_login(staf)
    preview = upload(client, unit, content.encode("utf-8"), name="iku.csv")
    assert "75,5" in preview.content.decode()
    apply(client, preview)
    assert YearlyTarget.objects.get().value == Decimal("75.5")


def test_defusedxml_guards_the_xml_openpyxl_reads():
    assert xml.DEFUSEDXML is True


def test_a_file_that_cannot_be_applied_whole_changes_nothing(client, staf, unit):
    rows = [
        ["Sasaran Strategis", "Kode", "Indikator Kinerja"],
        ["S", "IKU 1", "IKU satu"],
        ["S", "IKU 1", "IKU dua, dengan kode yang sama"],
    ]
    client.force_login(staf)
    preview = upload(client, unit, xlsx(rows))
    done = apply(client, preview).content.decode()
    assert "Baris 3:" in done
    assert not IKUDocument.objects.exists() and not Indicator.objects.exists()


def test_a_file_of_several_documents_is_refused_before_they_are_mixed(client, staf, unit):
    rows = [
        ["Dokumen", "Sasaran Strategis", "Indikator Kinerja"],
        ["IKU 2021-2026", "S", "IKU satu"],
        ["IKU 2025-2029", "S", "IKU dua"],
    ]
    client.force_login(staf)
    page = upload(client, unit, xlsx(rows)).content.decode()
    assert "Berkas berisi lebih dari satu dokumen (di sini: “IKU 2025-2029”)" in page
    assert "baris 3, kolom A" in page


def test_uploading_the_corrected_file_keeps_the_unit_and_period(client, staf, unit):
    rows = [["Sasaran Strategis", "Indikator Kinerja", "Target 2025"], ["S", "IKU", "abc"]]
    client.force_login(staf)
    page = upload(client, unit, xlsx(rows), start=2025, end=2029).content.decode()
    link = re.search(r'href="([^"]*impor/\?unit=[^"]*)"', page).group(1).replace("&amp;", "&")
    form = client.get(link).content.decode()
    assert 'name="period_start" value="2025"' in form and 'name="period_end" value="2029"' in form
    assert f'<option value="{unit.pk}" selected>' in form
