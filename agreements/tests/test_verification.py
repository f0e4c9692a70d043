"""The public verification of a signed PK's code, as of an IKU document's: the lookup box of
`/verifikasi/` knows PK codes too (through the registry of `core.verification`), and the PK's
page reads a code as typed off paper, says so kindly of an unknown one and limits guessing."""

import pytest
from django.urls import reverse

from agreements.tests.conftest import sign_agreement

UNKNOWN = "Tidak ada dokumen bertanda tangan dengan kode “{code}”."


@pytest.fixture
def signed(agreement, staf, kepala, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return sign_agreement(agreement, staf=staf, kepala=kepala).signed_version


def _as_typed(code):
    raw = code.replace("-", "").lower()
    return f" {raw[:4]} {raw[4:8]} {raw[8:]} "


def test_the_public_lookup_finds_a_pk_code(client, signed):
    page = client.get(reverse("indicators:verify_lookup"), {"kode": _as_typed(signed.code)})
    landed = client.get(page["Location"], follow=True)
    assert landed.redirect_chain[-1][0] == reverse("agreements:verify", args=[signed.code])
    text = landed.content.decode()
    assert landed.status_code == 200 and "PERJANJIAN KINERJA TAHUN 2025" in text
    assert signed.code in text and "Tidak ada dokumen bertanda tangan" not in text


def test_the_public_lookup_still_says_when_a_code_is_nobodys(client, signed):
    page = client.get(reverse("indicators:verify_lookup"), {"kode": "abcd efgh jklm"}, follow=True)
    assert page.status_code == 404
    assert UNKNOWN.format(code="ABCD-EFGH-JKLM") in page.content.decode()


@pytest.mark.parametrize("typed", ["lower", "plain", "spaced"])
def test_the_pk_page_reads_a_code_as_typed(client, signed, typed):
    code = signed.code
    shown = {
        "lower": code.lower(),
        "plain": code.replace("-", "").lower(),
        "spaced": _as_typed(code).strip(),
    }[typed]
    page = client.get(reverse("agreements:verify", args=[shown]))
    assert page.status_code == 200 and code in page.content.decode()


def test_an_unknown_pk_code_offers_a_box_to_type_another(client, db):
    page = client.get(reverse("agreements:verify", args=["ABCD-EFGH-JKLM"]))
    html = page.content.decode()
    assert page.status_code == 404 and UNKNOWN.format(code="ABCD-EFGH-JKLM") in html
    assert f'action="{reverse("indicators:verify_lookup")}"' in html and 'name="kode"' in html


def test_the_pk_page_is_limited_per_address_with_the_iku_page(client, settings, db):
    settings.VERIFY_LOOKUPS_PER_MINUTE = 4
    pk_page = reverse("agreements:verify", args=["ABCD-EFGH-JKLM"])
    iku_page = reverse("indicators:verify", args=["ABCD-EFGH-JKLM"])
    asked = [client.get(url).status_code for url in (pk_page, iku_page, pk_page, iku_page)]
    assert asked == [404] * 4
    refused = client.get(pk_page)
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "Terlalu banyak permintaan dari alamat Anda" in refused.content.decode()
    upload = reverse("agreements:verify_upload", args=["ABCD-EFGH-JKLM"])
    assert client.post(upload).status_code == 429
    assert client.get(pk_page, REMOTE_ADDR="10.0.0.9").status_code == 404  # another address
