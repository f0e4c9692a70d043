import pytest
from django.urls import reverse

from organizations.tests.factories import FunctionFactory, OfficialFactory


@pytest.fixture
def profile(unit):
    FunctionFactory(unit=unit, order=1, text="Fungsi pertama")
    FunctionFactory(unit=unit, order=2, text="Fungsi kedua")
    OfficialFactory(unit=unit, name="Dr. KEPALA", nip="196304211985031008")
    return unit


@pytest.mark.parametrize(
    ("who", "expected"), [("outsider", 404), ("staf", 200), ("kepala", 200), ("superuser", 200)]
)
def test_unit_profile_access(client, request, profile, who, expected):
    client.force_login(request.getfixturevalue(who))
    urls = [
        reverse("organizations:unit_profile", args=[profile.pk]),
        reverse("organizations:function_create", args=[profile.pk]),
        reverse("organizations:function_edit", args=[profile.functions.first().pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [expected] * 3
    post = client.post(
        reverse("organizations:function_delete", args=[profile.functions.first().pk])
    )
    assert post.status_code == (404 if expected == 404 else 302)


def test_anonymous_goes_to_login(client, profile):
    response = client.get(reverse("organizations:unit_profile", args=[profile.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_profile_shows_lettered_functions_and_officials(client, staf, profile):
    client.force_login(staf)
    page = client.get(reverse("organizations:unit_profile", args=[profile.pk])).content.decode()
    assert "<strong>a.</strong> Fungsi pertama" in page
    assert "<strong>b.</strong> Fungsi kedua" in page
    assert "NIP. 19630421 198503 1 008" in page


def test_staf_adds_moves_and_deletes_functions(client, staf, profile):
    client.force_login(staf)
    response = client.post(
        reverse("organizations:function_create", args=[profile.pk]),
        {"text": "Fungsi ketiga"},
        follow=True,
    )
    assert "Fungsi disimpan." in response.content.decode()
    third = profile.functions.get(text="Fungsi ketiga")
    client.post(reverse("organizations:function_move", args=[third.pk, "up"]))
    assert [f.text for f in profile.functions.all()] == [
        "Fungsi pertama",
        "Fungsi ketiga",
        "Fungsi kedua",
    ]
    client.post(reverse("organizations:function_delete", args=[third.pk]))
    assert profile.functions.count() == 2


def test_empty_function_and_bad_profile_get_errors(client, staf, profile):
    client.force_login(staf)
    empty = client.post(reverse("organizations:function_create", args=[profile.pk]), {"text": ""})
    assert "Bidang ini tidak boleh kosong." in empty.content.decode()
    bad = client.post(
        reverse("organizations:unit_profile", args=[profile.pk]),
        {"name": "", "short_name": "x" * 81, "tugas": "Tugas baru"},
    )
    page = bad.content.decode()
    assert "Bidang ini tidak boleh kosong." in page
    assert "Tugas baru" in page  # kept
    profile.refresh_from_db()
    assert profile.tugas != "Tugas baru"


def test_staf_edits_tugas(client, staf, profile):
    client.force_login(staf)
    response = client.post(
        reverse("organizations:unit_profile", args=[profile.pk]),
        {"name": profile.name, "seat_city": "Jambi", "tugas": "Tugas baru", "version": 0},
        follow=True,
    )
    assert "Profil unit disimpan." in response.content.decode()
    profile.refresh_from_db()
    assert profile.tugas == "Tugas baru"


def test_official_form_validates_the_nip_in_indonesian_and_keeps_input(client, staf, profile):
    client.force_login(staf)
    url = reverse("organizations:official_create", args=[profile.pk])
    bad = client.post(
        url,
        {
            "kind": "asn",
            "name": "SITI, S.E.",
            "nip": "19630230 198503 2 001",
            "jabatan": "Sekretaris",
        },
    )
    page = bad.content.decode()
    assert "8 angka pertama NIP harus tanggal lahir yang benar" in page
    assert "SITI, S.E." in page and "19630230 198503 2 001" in page
    good = client.post(
        url,
        {
            "kind": "asn",
            "name": "SITI, S.E.",
            "nip": "19700305 199503 2 001",
            "golongan": "IV/a",
            "jabatan": "Sekretaris",
        },
        follow=True,
    )
    assert "Pejabat disimpan." in good.content.decode()
    assert "NIP. 19700305 199503 2 001" in good.content.decode()


def test_a_governor_is_entered_without_nip_and_an_asn_needs_one(client, staf, profile):
    client.force_login(staf)
    url = reverse("organizations:official_create", args=[profile.pk])
    governor = {"kind": "pejabat_negara", "name": "Dr. H. AL HARIS, S.Sos., M.H", "nip": ""}
    response = client.post(url, {**governor, "jabatan": "GUBERNUR JAMBI"}, follow=True)
    assert "Pejabat disimpan." in response.content.decode()
    saved = profile.officials.get(name=governor["name"])
    assert (saved.kind, saved.nip, saved.golongan) == ("pejabat_negara", "", "")
    asn = client.post(url, {"kind": "asn", "name": "BUDI", "nip": "", "jabatan": "Sekretaris"})
    assert "Aparatur sipil negara (ASN) menandatangani dengan NIP." in asn.content.decode()
    assert not profile.officials.filter(name="BUDI").exists()


def test_outsider_cannot_add_officials(client, outsider, profile):
    client.force_login(outsider)
    url = reverse("organizations:official_create", args=[profile.pk])
    assert client.get(url).status_code == 404
    official = profile.officials.first()
    assert client.get(reverse("organizations:official_edit", args=[official.pk])).status_code == 404
