"""The two parties as printed: proposed, changed by staff, never the same person twice."""

from django.urls import reverse

from agreements.tests.conftest import HEAD_NIP


def _post(client, agreement, **fields):
    data = {
        "first_party_name": agreement.first_party_name,
        "first_party_nip": agreement.first_party_nip,
        "first_party_pangkat": agreement.first_party_pangkat,
        "first_party_position": agreement.first_party_position,
        "second_party_name": agreement.second_party_name,
        "second_party_nip": "",
        "second_party_pangkat": "",
        "second_party_position": agreement.second_party_position,
        "place": "Palembang",
        "date": "2025-01-15",
        "version": agreement.version,
        **fields,
    }
    return client.post(reverse("agreements:parties", args=[agreement.pk]), data, follow=True)


def test_staf_changes_the_parties(client, staf, agreement):
    client.force_login(staf)
    page = _post(
        client,
        agreement,
        first_party_position="Plt. Kepala Dinas Koperasi Provinsi Contoh",
        second_party_name="H. GUBERNUR BARU",
    ).content.decode()
    assert "Para pihak Perjanjian Kinerja disimpan." in page
    agreement.refresh_from_db()
    assert agreement.first_party_position == "Plt. Kepala Dinas Koperasi Provinsi Contoh"
    assert agreement.second_party_name == "H. GUBERNUR BARU"
    assert agreement.place == "Palembang" and agreement.date.isoformat() == "2025-01-15"
    assert "15 Januari 2025" in page


def test_pihak_kedua_with_the_same_nip_as_pihak_pertama_is_refused(client, staf, agreement):
    client.force_login(staf)
    page = _post(
        client,
        agreement,
        second_party_name="Orang Lain",
        second_party_nip="19680412 199403 1 005",  # the head's NIP, typed with spaces
    ).content.decode()
    assert "Pihak kedua tidak boleh orang yang sama dengan pihak pertama." in page
    agreement.refresh_from_db()
    assert agreement.second_party_nip == "" and agreement.first_party_nip == HEAD_NIP


def test_pihak_kedua_with_the_same_name_and_no_nip_is_refused(client, staf, agreement):
    client.force_login(staf)
    page = _post(
        client, agreement, first_party_nip="", second_party_name="dr. budi santoso, s.e., m.m."
    ).content.decode()
    assert "Pihak kedua tidak boleh orang yang sama dengan pihak pertama." in page
    agreement.refresh_from_db()
    assert agreement.second_party_name == "Ir. H. GUBERNUR CONTOH, M.Si."


def test_a_nip_that_is_not_one_is_refused(client, staf, agreement):
    client.force_login(staf)
    page = _post(client, agreement, first_party_nip="12345").content.decode()
    assert "NIP harus terdiri dari 18 angka" in page
    agreement.refresh_from_db()
    assert agreement.first_party_nip == HEAD_NIP
