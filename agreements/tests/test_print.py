"""The PK as agencies print it: page 1 the statement with both parties, the promise, place and
date and both signatures (pihak kedua left, pihak pertama right); then the lampiran with the
year's sasaran, indicators and targets and the programs with their anggaran and the Jumlah
Anggaran, signed again. Every word inside the page."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from agreements import services
from agreements.models import AgreementProgram
from agreements.printing import agreement_pdf
from indicators.tests.pdf_words import words, words_outside_printable_area


def _text_of_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def printed(agreement):
    agreement.place, agreement.date = "Palembang", datetime.date(2025, 1, 6)
    services.agreement_parties_update(agreement=agreement, version=agreement.version)
    program = services.agreement_program_save(
        program=AgreementProgram(
            agreement=agreement,
            level=AgreementProgram.Level.PROGRAM,
            name="Program Pemberdayaan dan Perlindungan Koperasi",
            budget=Decimal("1250000000"),
            note="APBD murni",
        ),
        version=None,
    )
    services.agreement_program_save(
        program=AgreementProgram(
            agreement=agreement,
            level=AgreementProgram.Level.ACTIVITY,
            parent=program,
            name="Pemberdayaan dan Perlindungan Koperasi yang Keanggotaannya dalam Daerah Provinsi",
            budget=Decimal("1250000000"),
        ),
        version=None,
    )
    services.agreement_program_save(
        program=AgreementProgram(
            agreement=agreement,
            level=AgreementProgram.Level.PROGRAM,
            name="Program Pengawasan dan Pemeriksaan Koperasi",
            budget=Decimal("475500000.50"),
        ),
        version=None,
    )
    agreement.refresh_from_db()
    return agreement


def test_page_one_is_the_statement_and_the_lampiran_follows(printed):
    pdf = agreement_pdf(printed)
    pages = _text_of_pages(pdf)
    assert len(pages) >= 2
    statement = " ".join(pages[0].split())
    assert "PERJANJIAN KINERJA TAHUN 2025" in statement
    assert "DINAS KOPERASI PROVINSI CONTOH" in statement
    assert "Dr. BUDI SANTOSO, S.E., M.M." in statement  # pihak pertama
    assert "Ir. H. GUBERNUR CONTOH, M.Si." in statement  # pihak kedua
    assert "selanjutnya disebut pihak pertama" in statement
    assert "Pihak pertama berjanji akan mewujudkan target kinerja" in statement
    assert "Palembang, 6 Januari 2025" in statement
    assert "NIP. 19680412 199403 1 005" in statement
    assert "Sasaran Strategis" not in statement  # the lampiran starts on a page of its own
    lampiran = " ".join(" ".join(pages[1:]).split())
    for text in (
        "No Sasaran Strategis Indikator Kinerja Target",
        "Meningkatnya daya saing koperasi",
        "Persentase koperasi sehat",
        "35,5 %",
        "1.250 unit usaha",
        "Indeks kepuasan masyarakat",
        "No Program Anggaran Keterangan",
        "Rp 1.250.000.000",
        "APBD murni",
        "Rp 475.500.000,50",
        "Jumlah Anggaran Rp 1.725.500.000,50",  # the kegiatan is part of its program's
        "Pihak Kedua,",
        "Pihak Pertama,",
    ):
        assert text in lampiran, text


def test_pihak_kedua_signs_on_the_left_and_pihak_pertama_on_the_right(printed):
    pdf = agreement_pdf(printed)
    number, width, _height, page_words = words(pdf)[0]
    left_of = {w.text: w.left for w in page_words}
    assert left_of["GUBERNUR"] < width / 2 < left_of["BUDI"]


def test_an_iku_left_out_is_not_printed(printed):
    indicator = printed.indicators.get(name="Jumlah UMKM naik kelas")
    services.agreement_indicator_leave_out(indicator=indicator, reason="Dialihkan ke bidang")
    text = " ".join(" ".join(_text_of_pages(agreement_pdf(printed))).split())
    assert "Persentase koperasi sehat" in text and "Jumlah UMKM naik kelas" not in text


def test_every_word_lies_inside_the_page_even_long_names(printed):
    services.agreement_program_save(
        program=AgreementProgram(
            agreement=printed,
            level=AgreementProgram.Level.PROGRAM,
            name="Program_Penunjang_Urusan_Pemerintahan_Daerah_Provinsi_" * 3,
            budget=Decimal("999999999999.99"),
        ),
        version=None,
    )
    printed.second_party_position = "Pelaksana Tugas Gubernur " + "Provinsi Contoh " * 12
    services.agreement_parties_update(agreement=printed, version=printed.version)
    assert words_outside_printable_area(agreement_pdf(printed)) == []


def test_the_pdf_page_is_read_as_the_pk_is(client, staf, outsider, printed):
    url = reverse("agreements:pdf", args=[printed.pk])
    assert client.get(url).status_code == 302  # to the login
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(staf)
    shown = client.get(url)
    assert shown.status_code == 200 and shown.content.startswith(b"%PDF-")
    assert shown["Content-Disposition"].startswith("inline;")
    downloaded = client.get(url + "?unduh=1")
    assert downloaded["Content-Disposition"] == (
        'attachment; filename="perjanjian-kinerja-2025-dinas-koperasi-provinsi-contoh.pdf"'
    )
    assert downloaded.content == shown.content  # laid out once, kept by its content
    page = client.get(reverse("agreements:detail", args=[printed.pk])).content.decode()
    assert url in page


def test_a_signed_copy_keeps_its_verification_block_with_the_signatures(printed):
    """However long the lampiran, the QR code and the code go on the page of the signatures,
    never alone on a page of their own: tried with one program more at a time, over the
    lengths that move the signatures to the next page."""
    from indicators.printing.sealing import verification_block

    verification = verification_block("ABCD-EFGH-JKLM", "https://iku.example/v/ABCD-EFGH-JKLM/")
    for n in range(14):
        services.agreement_program_save(
            program=AgreementProgram(
                agreement=printed,
                level=AgreementProgram.Level.PROGRAM,
                name=f"Program Tambahan Nomor {n} Urusan Koperasi dan Usaha Kecil Menengah",
                budget=Decimal("100000000"),
            ),
            version=None,
        )
        pages = _text_of_pages(agreement_pdf(printed, verification=verification))
        with_code = [text for text in pages if "ABCD-EFGH-JKLM" in text]
        assert len(with_code) == 1 and "Pihak Pertama," in with_code[0], n
