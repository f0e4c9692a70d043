"""Programs, kegiatan and sub-kegiatan with their anggaran: typed the Indonesian way, refused
when unclear (nothing saved), totalled in Decimal as the Jumlah Anggaran."""

from decimal import Decimal

import pytest
from django.urls import reverse

from agreements.models import AgreementProgram


def _add(client, agreement, **fields):
    data = {"level": "program", "name": "Program contoh", "budget": "", "note": "", **fields}
    return client.post(reverse("agreements:program_create", args=[agreement.pk]), data, follow=True)


@pytest.mark.parametrize("typed", ["Rp 1.250.000.000", "1.250.000.000", "1250000000"])
def test_a_budget_typed_the_indonesian_way_is_saved_and_shown_back_in_words(
    client, staf, agreement, typed
):
    client.force_login(staf)
    page = _add(client, agreement, name="Program Pemberdayaan Koperasi", budget=typed)
    text = page.content.decode()
    assert AgreementProgram.objects.get().budget == Decimal("1250000000")
    assert (
        "Program disimpan: anggaran Rp 1.250.000.000 "
        "(satu miliar dua ratus lima puluh juta rupiah)." in text
    )
    assert "Rp 1.250.000.000" in text.split('id="jumlah-anggaran"')[1][:60]


def test_a_magnitude_written_as_a_word_is_read(client, staf, agreement):
    client.force_login(staf)
    page = _add(client, agreement, budget="1,25 miliar").content.decode()
    assert AgreementProgram.objects.get().budget == Decimal("1250000000")
    assert "(satu miliar dua ratus lima puluh juta rupiah)" in page


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("1,25 M", "“1,25 M”: “M” tidak dibaca."),
        ("500 jt", "“500 jt”: “jt” tidak dibaca."),
        ("satu miliar", "“satu miliar” bukan jumlah rupiah."),
        ("Rp 1,000", "dapat dibaca lebih dari satu cara"),
        ("-5.000.000", "Jumlah uang tidak boleh negatif."),
    ],
)
def test_a_budget_that_is_not_a_clear_number_is_refused_and_nothing_saved(
    client, staf, agreement, typed, says
):
    client.force_login(staf)
    page = _add(client, agreement, budget=typed).content.decode()
    assert says in page
    assert 'value="' + typed.replace('"', "") + '"' in page  # what was typed is kept
    assert not AgreementProgram.objects.exists()


def test_the_form_says_which_amounts_are_read(client, staf, agreement):
    client.force_login(staf)
    page = client.get(reverse("agreements:program_create", args=[agreement.pk])).content.decode()
    assert "Singkatan seperti “1,25 M” atau “500 jt” ditolak" in page
    assert 'inputmode="decimal"' in page and 'type="number"' not in page


def test_jumlah_anggaran_adds_up_the_rows_under_none_in_decimal(client, staf, agreement):
    """A kegiatan's anggaran is part of its program's: counted once. Sen add up exactly."""
    client.force_login(staf)
    _add(client, agreement, name="Program A", budget="Rp 1.000.000.000,10")
    _add(client, agreement, name="Program B", budget="250.000.000,20")
    program_a = AgreementProgram.objects.get(name="Program A")
    _add(
        client,
        agreement,
        level="kegiatan",
        parent=program_a.pk,
        name="Kegiatan A1",
        budget="1 miliar",
    )
    page = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "Rp 1.250.000.000,30" in page.split('id="jumlah-anggaran"')[1][:60]
    # The kegiatan adds up to its program's anggaran but for the sen: the page says so.
    assert "berjumlah Rp 1.000.000.000, bukan sebesar anggarannya Rp 1.000.000.000,10." in page


def test_a_program_serves_a_sasaran_and_can_be_edited_and_removed(client, staf, agreement):
    client.force_login(staf)
    sasaran = agreement.targets.get(text="Meningkatnya kualitas layanan")
    _add(client, agreement, name="Program Layanan", budget="5.000.000", target=sasaran.pk)
    program = AgreementProgram.objects.get()
    assert program.target == sasaran
    edit = reverse("agreements:program_edit", args=[program.pk])
    page = client.get(edit).content.decode()
    assert 'value="5.000.000"' in page  # a stored amount shown back as it reads
    client.post(
        edit,
        {"level": "program", "name": "Program Layanan", "budget": "7.500.000", "version": 0},
    )
    program.refresh_from_db()
    assert program.budget == Decimal("7500000")
    page = client.post(
        reverse("agreements:program_delete", args=[program.pk]), follow=True
    ).content.decode()
    assert "Program dihapus." in page
    assert not AgreementProgram.objects.exists()


def test_a_kegiatan_stands_under_a_program_only(client, staf, agreement):
    client.force_login(staf)
    _add(client, agreement, level="kegiatan", name="Kegiatan lepas", budget="10.000")
    kegiatan = AgreementProgram.objects.get()
    page = _add(
        client, agreement, level="kegiatan", parent=kegiatan.pk, name="Salah", budget="1"
    ).content.decode()
    assert "Kegiatan berada di bawah program, sub-kegiatan di bawah kegiatan." in page
    assert AgreementProgram.objects.count() == 1
