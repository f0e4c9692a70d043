"""The PK's indicators: an IKU's target changed for the PK, another indicator added under a
sasaran of the PK or a new one, an IKU left out only with a reason."""

from decimal import Decimal

from django.urls import reverse

from agreements.models import AgreementIndicator, AgreementTarget


def _iku(agreement, name="Persentase koperasi sehat"):
    return agreement.indicators.get(name=name)


def test_an_iku_target_is_changed_for_the_pk_and_kept_as_typed(client, staf, agreement):
    client.force_login(staf)
    iku = _iku(agreement)
    page = client.post(
        reverse("agreements:indicator_edit", args=[iku.pk]),
        {"target_input": "36 s.d. 38", "version": 0},
        follow=True,
    ).content.decode()
    assert (
        "Indikator disimpan. Target 2025: 36–38 (tiga puluh enam sampai tiga puluh delapan)."
        in page
    )
    iku.refresh_from_db()
    assert (iku.target_text, iku.target_value, iku.target_value_upper) == (
        "36 s.d. 38",
        Decimal(36),
        Decimal(38),
    )
    assert iku.name == "Persentase koperasi sehat"  # the IKU's own name is not changed here
    assert iku.indicator.targets.get(year=2025).value == Decimal("35.5")  # nor its IKU


def test_an_unclear_target_is_refused_and_nothing_saved(client, staf, agreement):
    client.force_login(staf)
    iku = _iku(agreement)
    page = client.post(
        reverse("agreements:indicator_edit", args=[iku.pk]),
        {"target_input": "1.25,5", "version": 0},
    ).content.decode()
    assert "dapat dibaca lebih dari satu cara" in page
    iku.refresh_from_db()
    assert iku.target_text == "35,5"


def test_another_indicator_is_added_under_a_new_sasaran(client, staf, agreement):
    client.force_login(staf)
    page = client.post(
        reverse("agreements:indicator_create", args=[agreement.pk]),
        {
            "new_target": "Meningkatnya akses pembiayaan UMKM",
            "name": "Jumlah UMKM yang memperoleh KUR",
            "satuan": "UMKM",
            "target_input": "1.500",
        },
        follow=True,
    ).content.decode()
    assert "Indikator disimpan. Target 2025: 1.500 (seribu lima ratus)." in page
    other = AgreementIndicator.objects.get(name="Jumlah UMKM yang memperoleh KUR")
    assert other.indicator is None and other.target.strategic_target is None
    assert other.target.text == "Meningkatnya akses pembiayaan UMKM"
    assert other.target_value == Decimal(1500)
    assert "indikator lain" in page


def test_another_indicator_needs_its_sasaran(client, staf, agreement):
    client.force_login(staf)
    page = client.post(
        reverse("agreements:indicator_create", args=[agreement.pk]),
        {"name": "Indikator tanpa sasaran", "target_input": "5"},
    ).content.decode()
    assert "Pilih sasaran strategis, atau ketik sasaran baru." in page
    assert not AgreementIndicator.objects.filter(name="Indikator tanpa sasaran").exists()


def test_another_indicator_is_removed_with_the_sasaran_typed_for_it(client, staf, agreement):
    client.force_login(staf)
    client.post(
        reverse("agreements:indicator_create", args=[agreement.pk]),
        {"new_target": "Sasaran baru", "name": "Indikator lain", "target_input": ""},
    )
    other = AgreementIndicator.objects.get(name="Indikator lain")
    page = client.post(
        reverse("agreements:indicator_delete", args=[other.pk]), follow=True
    ).content.decode()
    assert "Indikator dihapus." in page
    assert not AgreementTarget.objects.filter(text="Sasaran baru").exists()


def test_an_iku_is_not_removed_but_left_out(client, staf, agreement):
    client.force_login(staf)
    iku = _iku(agreement)
    page = client.post(
        reverse("agreements:indicator_delete", args=[iku.pk]), follow=True
    ).content.decode()
    assert "IKU tidak dihapus: nyatakan tidak dimasukkan dengan alasan." in page
    assert AgreementIndicator.objects.filter(pk=iku.pk).exists()


def test_leaving_out_an_iku_without_a_reason_is_refused(client, staf, agreement):
    client.force_login(staf)
    iku = _iku(agreement)
    page = client.post(
        reverse("agreements:indicator_leave_out", args=[iku.pk]), {"reason": "   "}
    ).content.decode()
    assert "Tuliskan alasan IKU ini tidak dimasukkan ke dalam PK." in page
    iku.refresh_from_db()
    assert not iku.left_out


def test_an_iku_left_out_with_a_reason_shows_it_and_can_come_back(client, staf, agreement):
    client.force_login(staf)
    iku = _iku(agreement)
    page = client.post(
        reverse("agreements:indicator_leave_out", args=[iku.pk]),
        {"reason": "Dicapai melalui PK Bidang Koperasi"},
        follow=True,
    ).content.decode()
    assert "IKU tidak dimasukkan ke dalam PK ini, beserta alasannya." in page
    assert "Tidak dimasukkan dalam PK — alasan: Dicapai melalui PK Bidang Koperasi" in page
    iku.refresh_from_db()
    assert (iku.left_out, iku.left_out_reason) == (True, "Dicapai melalui PK Bidang Koperasi")
    page = client.post(
        reverse("agreements:indicator_include", args=[iku.pk]), follow=True
    ).content.decode()
    assert "IKU dimasukkan kembali ke dalam PK ini." in page
    iku.refresh_from_db()
    assert (iku.left_out, iku.left_out_reason) == (False, "")
