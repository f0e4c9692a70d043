"""A second factor to sign: a head enrolls an authenticator app once (QR code, a code to
confirm, recovery codes shown once); signing then asks a current code or a recovery code
(each recovery code works once); without enrollment, signing asks to enroll first."""

import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from indicators.models import SigningJob
from indicators.tests.factories import DocumentFactory, IndicatorFactory
from indicators.workflow import services as workflow
from organizations.tests.factories import OfficialFactory


@pytest.fixture
def submitted(unit, staf, settings):
    settings.SIGNING_SECOND_FACTOR = True
    # The signing is asked of a queue that keeps it: what is tested is the asking.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    document = DocumentFactory(unit=unit, signatory=OfficialFactory(unit=unit))
    IndicatorFactory(strategic_target__document=document)
    workflow.document_submit(document=document, user=staf)
    return document


def _code(device, drift=0) -> str:
    """The code the app shows now (or `drift` steps of 30 s later: a code is accepted once)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{code:06d}"


def _enroll(client):
    page = client.get(reverse("indicators:second_factor")).content.decode()
    assert "<svg" in page and '<code class="fs-6">' in page
    device = TOTPDevice.objects.get(confirmed=False)
    done = client.post(reverse("indicators:second_factor"), {"kode": "000000"})
    assert "Kode itu tidak benar" in done.content.decode()  # a wrong code confirms nothing
    done = client.post(reverse("indicators:second_factor"), {"kode": _code(device)})
    page = done.content.decode()
    assert "Verifikasi dua langkah aktif" in page
    codes = re.findall(r"<li>([a-z0-9]{8})</li>", page)
    assert len(codes) == 8
    device.refresh_from_db()
    return device, codes


def test_without_enrollment_signing_asks_to_enroll_first(client, kepala, submitted):
    client.force_login(kepala)
    detail = client.get(reverse("indicators:document_detail", args=[submitted.pk]))
    page = detail.content.decode()
    assert "Aktifkan verifikasi dua langkah untuk menandatangani" in page
    sign = reverse("indicators:document_transition", args=[submitted.pk, "tandatangani"])
    refused = client.post(sign, follow=True).content.decode()
    assert "aktifkan verifikasi dua langkah dahulu" in refused
    assert not SigningJob.objects.exists()


def test_an_enrolled_head_signs_with_a_current_code_or_a_recovery_code_once(
    client, kepala, submitted
):
    client.force_login(kepala)
    device, codes = _enroll(client)
    sign = reverse("indicators:document_transition", args=[submitted.pk, "tandatangani"])
    page = client.get(reverse("indicators:document_detail", args=[submitted.pk])).content.decode()
    assert 'name="kode"' in page and 'autocomplete="one-time-code"' in page
    wrong = client.post(sign, {"kode": "123456"}, follow=True).content.decode()
    assert "Kode itu tidak benar" in wrong and not SigningJob.objects.exists()
    # Guessing is slowed down: right after a wrong code, even a right one waits.
    throttled = client.post(sign, {"kode": _code(device, drift=1)}, follow=True)
    assert "Terlalu banyak kode salah" in throttled.content.decode()
    missing = client.post(sign, {"kode": ""}, follow=True).content.decode()
    assert "Ketik kode dari aplikasi autentikator" in missing
    # A recovery code works, once.
    client.post(sign, {"kode": codes[0]})
    job = SigningJob.objects.get()
    job.error = "stopped for the test"
    job.save()
    again = client.post(sign, {"kode": codes[0]}, follow=True).content.decode()
    assert "Kode itu tidak benar, atau sudah dipakai" in again
    # The app's code works (the next one: the current one confirmed the enrollment).
    time.sleep(2.1)  # past the wait that a wrong code imposes
    client.post(sign, {"kode": _code(device, drift=1)})
    assert SigningJob.objects.filter(document=submitted, error="").exists()


def test_replacing_the_app_takes_a_code_of_the_current_one_never_the_password_alone(
    client, kepala, submitted
):
    client.force_login(kepala)
    device, codes = _enroll(client)
    page = client.get(reverse("indicators:second_factor")).content.decode()
    assert 'name="kode_lama"' in page
    key = re.search(r'<code class="fs-6">([A-Z2-7 ]+)</code>', page).group(1)
    assert len(key.replace(" ", "")) == 32  # the base32 key an app asks for, not a URL
    new = TOTPDevice.objects.get(confirmed=False)
    refused = client.post(reverse("indicators:second_factor"), {"kode": _code(new)})
    assert "Ketik kode dari aplikasi Anda saat ini" in refused.content.decode()
    assert TOTPDevice.objects.get(confirmed=True) == device  # nothing replaced
    replaced = client.post(
        reverse("indicators:second_factor"), {"kode": _code(new), "kode_lama": codes[1]}
    )
    assert "Verifikasi dua langkah aktif" in replaced.content.decode()
    assert TOTPDevice.objects.get(confirmed=True).pk == new.pk


def test_signing_a_document_without_a_date_dates_it_the_day_it_is_signed(
    client, kepala, submitted, settings
):
    from django.utils import timezone

    settings.SIGNING_SECOND_FACTOR = False
    submitted.signature_date = None
    submitted.save()
    client.force_login(kepala)
    client.post(reverse("indicators:document_transition", args=[submitted.pk, "tandatangani"]))
    submitted.refresh_from_db()
    assert submitted.signature_date == timezone.localdate()


def test_a_signing_no_worker_takes_up_says_so(client, kepala, submitted, settings):
    import datetime

    from django.utils import timezone

    settings.SIGNING_SECOND_FACTOR = False
    client.force_login(kepala)
    client.post(reverse("indicators:document_transition", args=[submitted.pk, "tandatangani"]))
    detail = reverse("indicators:document_detail", args=[submitted.pk])
    assert "pekerja tugas mungkin tidak berjalan" not in client.get(detail).content.decode()
    SigningJob.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    assert "pekerja tugas mungkin tidak berjalan" in client.get(detail).content.decode()
