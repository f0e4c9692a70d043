"""The demo that `make run` loads shows the Perjanjian Kinerja: the Sumsel dinas's PK 2022
signed by both parties with two programs, and a draft PK of the Jambi dinas that leaves 2022
for a user to start."""

import datetime
import io

from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from agreements.models import AgreementCountersignature, PerformanceAgreement


def test_the_demo_shows_a_signed_pk_and_a_draft_and_loading_again_changes_nothing(
    client, db, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_demo_figures", stdout=out)
    assert "sumsel: PK 2022 with two programs, signed by both parties" in out.getvalue()
    from agreements.models import ActionPlan

    plan = ActionPlan.objects.get(agreement__unit__government="Provinsi Sumatera Selatan")
    assert plan.status == "adopted" and plan.activities.count() == 2
    assert plan.quarter_targets.count() >= 16
    sumsel = PerformanceAgreement.objects.get(unit__government="Provinsi Sumatera Selatan")
    assert (sumsel.year, sumsel.status, sumsel.programs.count()) == (2022, "signed", 2)
    countersignature = AgreementCountersignature.objects.get(version__agreement=sumsel)
    assert countersignature.name == "H. HERMAN DERU, S.H., M.M."
    assert countersignature.signed_on == datetime.date(2022, 1, 14)  # as its scan is dated
    # The kumulatif IKU's year split over the triwulan; a level IKU held each triwulan.
    umkm = {
        q.quarter: q.value
        for q in plan.quarter_targets.filter(indicator__name="Jumlah UMKM Naik Kelas")
    }
    assert umkm == {1: 40, 2: 40, 3: 40, 4: 40}
    jambi = PerformanceAgreement.objects.get(unit__government="Provinsi Jambi")
    assert (jambi.year, jambi.status) == (2023, "draft")
    call_command("load_demo_figures", stdout=io.StringIO())
    assert PerformanceAgreement.objects.count() == 2
    client.post(reverse("login"), {"username": "sumsel.staf", "password": "iku-demo-2026"})
    page = client.get(reverse("agreements:detail", args=[sumsel.pk])).content.decode()
    assert "Jumlah Anggaran" in page and "Rp 1.725.500.000" in page
    assert "H. HERMAN DERU, S.H., M.M." in page
