"""Every admin page opens for a superuser, and bad input gets an Indonesian error, not a 500."""

import datetime

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from indicators.models import IKUDocument, SigningJob
from indicators.tests.factories import DocumentFactory
from organizations.models import Official


@pytest.fixture
def demo(db):
    with override_settings(DEBUG=True):
        call_command("load_demo", no_logins=True, verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def _registered():
    return [(m._meta.app_label, m._meta.model_name, m) for m in admin.site._registry]


@pytest.mark.parametrize(("app", "model", "cls"), _registered(), ids=lambda v: str(v))
def test_changelist_add_and_change_pages_open(admin_client, demo, app, model, cls):
    changelist = admin_client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert changelist.status_code == 200
    add = admin_client.get(reverse(f"admin:{app}_{model}_add"))
    # Records (signed versions, the login throttle's attempts) cannot be added by hand;
    # everything else can.
    records = {"signedversion", "accessattempt", "accesslog", "accessfailurelog"}
    records |= {"reportingperiod", "periodtransition", "realisasi", "evidence"}  # via the portal
    records |= {"dbtaskresult"}  # written by the task queue
    records |= {"signingjob", "renderjob", "exportjob", "reportrenderjob", "importbatch"}  # pages
    records |= {"manualsigningjob"}  # made by a signing
    # A PK is started from the IKU document in force, signed and countersigned in the portal;
    # a Rencana Aksi is started from its signed PK.
    records |= {"performanceagreement", "agreementsignedversion", "agreementcountersignature"}
    records |= {"actionplan"}
    assert add.status_code == (403 if model in records else 200)
    obj = cls.objects.first()
    if obj is not None:
        change = admin_client.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk]))
        assert change.status_code == 200
    search = admin_client.get(reverse(f"admin:{app}_{model}_changelist"), {"q": "Koperasi"})
    assert search.status_code == 200


def test_both_demo_documents_are_listed(admin_client, demo):
    page = admin_client.get(reverse("admin:indicators_ikudocument_changelist"))
    content = page.content.decode()
    assert "Dinas Koperasi, Usaha Kecil dan Menengah Provinsi Sumatera Selatan" in content
    assert "Dinas Koperasi, UKM Provinsi Jambi" in content


def _official_form(unit, **overrides):
    data = {
        "unit": unit.pk,
        "kind": "asn",
        "name": "Budi, S.E.",
        "nip": "19630421 198503 1 008",
        "golongan": "IV/a",
        "jabatan": "Sekretaris",
    }
    return {**data, **overrides}


def test_admin_accepts_a_nip_typed_with_spaces(admin_client, unit):
    response = admin_client.post(reverse("admin:organizations_official_add"), _official_form(unit))
    assert response.status_code == 302
    assert Official.objects.get().nip == "196304211985031008"


def test_admin_shows_an_indonesian_error_for_a_wrong_nip(admin_client, unit):
    response = admin_client.post(
        reverse("admin:organizations_official_add"), _official_form(unit, nip="1963042119850310")
    )
    assert response.status_code == 200
    assert "NIP harus terdiri dari 18 angka" in response.content.decode()
    assert 'value="1963042119850310"' in response.content.decode()  # what was typed stays
    assert not Official.objects.exists()


def test_admin_shows_an_indonesian_error_for_end_year_before_start(admin_client, unit):
    data = {
        "unit": unit.pk,
        "title": "",
        "period_start": 2023,
        "period_end": 2019,
        "layout": "lengkap",
        "status": "draft",
        "revision": 0,
        "signature_date_format": "month_year",
        **{
            f"{prefix}-{key}": 0
            for prefix in ("goals", "strategic_targets", "indicators")
            for key in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }
    response = admin_client.post(reverse("admin:indicators_ikudocument_add"), data)
    assert response.status_code == 200
    assert "Tahun akhir periode tidak boleh sebelum tahun awalnya." in response.content.decode()
    assert not IKUDocument.objects.exists()


def test_the_admin_lists_jobs_with_their_state_and_marks_a_stuck_one_failed(
    admin_client, unit, staf, kepala
):
    document = DocumentFactory(unit=unit)
    job = SigningJob.objects.create(document=document, user=kepala, heartbeat_at=timezone.now())
    SigningJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1)
    )
    url = reverse("admin:indicators_signingjob_changelist")
    page = admin_client.get(url).content.decode()
    assert "antre" in page or "queued" in page  # its task state
    assert 'alt="True"' in page  # its worker is lost
    admin_client.post(url, {"action": "mark_failed", "_selected_action": [job.pk]})
    job.refresh_from_db()
    assert job.error.startswith("Ditandai gagal oleh administrator")
    for model in ("renderjob", "exportjob"):
        assert admin_client.get(reverse(f"admin:indicators_{model}_changelist")).status_code == 200
    report = reverse("admin:performance_reportrenderjob_changelist")
    assert admin_client.get(report).status_code == 200
