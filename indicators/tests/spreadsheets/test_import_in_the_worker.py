"""A spreadsheet is read and applied by a worker, never in the request: the upload only stores
the file (after the checks that need no reading), the page waits with its progress and then
shows the reading; applying is asked of the worker too. A 2,000-row file applies whole. The
reading streams through the sheet and stops at the row, column and cell limits; hidden sheets,
rows and columns are left unread and named; a formula without a stored result is a problem."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook

from indicators.models import IKUDocument, ImportBatch, Indicator, YearlyTarget
from indicators.spreadsheets.importing import MAX_CELLS, MAX_COLUMNS
from indicators.tests.spreadsheets.test_import import upload, with_sheet_xml, xlsx

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
HEADER = ["Tujuan", "Sasaran Strategis", "Indikator Kinerja", "Satuan", "Target 2025"]


def run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO())


def rows(count):
    return [HEADER] + [
        [f"Tujuan {n // 500}", f"Sasaran {n // 20}", f"Indikator nomor {n}", "%", f"{n},5"]
        for n in range(count)
    ]


@pytest.mark.django_db(transaction=True)
def test_a_2000_row_file_is_read_and_applied_by_the_worker_not_the_request(
    client, staf, unit, settings
):
    settings.TASKS = DATABASE_QUEUE
    client.force_login(staf)
    response = upload(client, unit, xlsx(rows(2000)), follow=False)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "indicators:import_preview", args=[batch.pk]
    )
    assert batch.reading is None and DBTaskResult.objects.count() == 1  # stored, not read
    waiting = client.get(response.url).content.decode()
    assert "Membaca berkas…" in waiting and "Menunggu giliran diproses." in waiting
    assert 'http-equiv="refresh"' in waiting

    run_worker()
    preview = client.get(response.url).content.decode()
    assert "Yang akan dibuat: 2000 IKU" in preview and "Indikator nomor 1999" in preview
    applying = client.post(response.url, {"step": "apply"})
    assert applying.url == response.url and not IKUDocument.objects.exists()
    client.post(response.url, {"step": "apply"})  # asked twice: applied once
    assert "Membuat draf dokumen…" in client.get(response.url).content.decode()

    run_worker()
    done = client.get(response.url, follow=True)
    document = IKUDocument.objects.get()
    assert done.redirect_chain[-1][0] == reverse("indicators:document_detail", args=[document.pk])
    assert "Diimpor: draf baru dengan 2000 IKU." in done.content.decode()
    assert Indicator.objects.filter(document=document).count() == 2000
    last = Indicator.objects.get(document=document, name="Indikator nomor 1999")
    assert last.strategic_target.text == "Sasaran 99" and last.strategic_target.goal.text == (
        "Tujuan 3"
    )
    assert YearlyTarget.objects.get(indicator=last).value == Decimal("1999.5")
    assert last.history.get().history_user == staf  # written in bulk, with its history


@pytest.mark.django_db(transaction=True)
def test_an_import_whose_worker_stopped_says_so_and_can_be_tried_again(
    client, staf, unit, settings
):
    settings.TASKS = DATABASE_QUEUE
    client.force_login(staf)
    url = upload(client, unit, xlsx(rows(3)), follow=False).url
    # A worker took it, beat once, and was killed: no sign of life since.
    ImportBatch.objects.update(heartbeat_at=timezone.now() - datetime.timedelta(hours=1))
    page = client.get(url).content.decode()
    assert "Pekerja yang menangani berkas ini berhenti" in page and "Coba lagi" in page
    assert 'http-equiv="refresh"' not in page
    client.post(url, {"step": "retry"})
    run_worker()
    assert "Yang akan dibuat: 3 IKU" in client.get(url).content.decode()


def test_a_file_that_cannot_be_read_is_told_on_the_waiting_page_without_a_retry(client, staf, unit):
    client.force_login(staf)
    page = upload(client, unit, xlsx([["Judul"], ["Isi"]])).content.decode()
    assert "Tidak ada baris judul" in page and "Unggah berkas yang sudah diperbaiki" in page
    assert "Coba lagi" not in page


def test_duplicate_codes_are_named_by_row_and_nothing_is_created(client, staf, unit):
    content = xlsx(
        [
            ["Sasaran Strategis", "Indikator Kinerja", "Kode"],
            ["S", "IKU satu", "IKU-1"],
            ["S", "IKU dua", "IKU-1"],
        ]
    )
    client.force_login(staf)
    preview = upload(client, unit, content)
    page = client.post(preview.redirect_chain[-1][0], {"step": "apply"}, follow=True)
    text = page.content.decode()
    assert "Baris 3: Kode “IKU-1” sudah dipakai di baris 2." in text
    assert not IKUDocument.objects.exists()


def _sheet(columns: int, count: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Sasaran Strategis", "Indikator Kinerja"] + [f"K{n}" for n in range(columns)])
    for n in range(count):
        sheet.append(["S", f"IKU {n}"] + ["x"] * columns)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_sheet_wider_than_the_limit_is_refused(client, staf, unit):
    client.force_login(staf)
    page = upload(client, unit, _sheet(MAX_COLUMNS, 2)).content.decode()
    assert f"lebih dari {MAX_COLUMNS} kolom" in page
    assert not IKUDocument.objects.exists()


def test_a_sheet_with_more_cells_than_the_limit_is_refused_while_it_is_read(client, staf, unit):
    count = MAX_CELLS // 60 + 1  # 62 columns: within the column and row limits
    client.force_login(staf)
    page = upload(client, unit, _sheet(60, count)).content.decode()
    assert "lebih dari 100.000 sel terisi" in page


def test_hidden_sheets_rows_and_columns_are_not_read_and_are_named(client, staf, unit):
    book = Workbook()
    notes = book.active
    notes.title = "Catatan"
    notes.append(["Sasaran Strategis", "Indikator Kinerja"])
    notes.append(["Lama", "IKU lama yang disembunyikan"])
    notes.sheet_state = "hidden"
    sheet = book.create_sheet("IKU")
    sheet.append(["Sasaran Strategis", "Indikator Kinerja", "Catatan internal", "Satuan"])
    sheet.append(["S", "IKU tampak", "rahasia", "%"])
    sheet.append(["S", "IKU tersembunyi", "", "%"])
    sheet.append(["S", "IKU kedua", "", "%"])
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["C"].hidden = True
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(staf)
    page = upload(client, unit, buffer.getvalue()).content.decode()
    assert "Lembar tersembunyi tidak dibaca: “Catatan”." in page
    assert "Baris tersembunyi tidak dibaca: 3." in page
    assert "Kolom tersembunyi tidak dibaca: C." in page
    assert "IKU tampak" in page and "IKU kedua" in page
    assert "IKU tersembunyi" not in page and "IKU lama" not in page
    assert "Kolom apa" not in page  # the hidden column is not asked about either


def test_a_formula_without_a_stored_result_is_a_problem_naming_the_cell(client, staf, unit):
    """A file written by a program and never opened in a spreadsheet program holds formulas
    without results: that is a problem, never an empty target."""
    content = xlsx(
        [["Sasaran Strategis", "Indikator Kinerja", "Target 2025"], ["S", "IKU", "=50+25.5"]]
    )
    client.force_login(staf)
    page = upload(client, unit, content).content.decode()
    assert (
        "Lembar “Sheet”, baris 2, kolom C (“Target 2025”): Sel berisi rumus tanpa nilai hasil "
        "hitung" in page
    )
    assert "Terapkan" not in page


def test_a_header_row_declaring_a_huge_sheet_reads_only_what_is_there(client, staf, unit):
    """A sheet whose dimension claims A1:XFD1048576 (some programs write it) is read by its
    cells, not padded to a million rows."""
    content = with_sheet_xml(
        xlsx([["Sasaran Strategis", "Indikator Kinerja"], ["S", "IKU satu"]]),
        lambda xml: xml.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:XFD1048576"/>'),
    )
    client.force_login(staf)
    page = upload(client, unit, content).content.decode()
    assert "Yang akan dibuat: 1 IKU" in page
