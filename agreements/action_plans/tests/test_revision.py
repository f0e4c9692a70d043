"""A PK Perubahan takes the Rencana Aksi of the PK it replaces along, as a draft: every
triwulan target and activity under the copy of its indicator, nothing typed again."""

from decimal import Decimal

from django.urls import reverse

from agreements import services
from agreements.action_plans import services as plan_services
from agreements.models import ActionPlan, PlannedActivity, QuarterlyTarget
from core.numbers import Range


def test_a_pk_perubahan_starts_with_a_draft_copy_of_the_rencana_aksi(client, staf, kepala, plan):
    agreement = plan.agreement
    naik = agreement.indicators.get(name="Jumlah UMKM naik kelas")
    sehat = agreement.indicators.get(name="Persentase koperasi sehat")
    plan_services.quarter_targets_save(
        plan=plan,
        indicator=naik,
        values={1: Decimal(200), 2: Decimal(300), 3: Decimal(350), 4: Decimal(400)},
        user=staf,
    )
    plan_services.quarter_targets_save(
        plan=plan, indicator=sehat, values={4: Range(Decimal(35), Decimal(36))}, user=staf
    )
    plan_services.activity_save(
        activity=PlannedActivity(
            plan=plan,
            indicator=naik,
            name="Pendampingan UMKM",
            responsible="Bidang UMKM",
            in_q2=True,
            in_q3=True,
        ),
        version=None,
        user=staf,
    )
    plan_services.action_plan_adopt(plan=plan, user=kepala)

    revision = services.agreement_start_revision(agreement=agreement, user=staf)

    copy = ActionPlan.objects.get(agreement=revision)
    assert copy.status == ActionPlan.Status.DRAFT and copy.created_by == staf
    new_naik = revision.indicators.get(name="Jumlah UMKM naik kelas")
    new_sehat = revision.indicators.get(name="Persentase koperasi sehat")
    assert new_naik.indicator_id == naik.indicator_id  # the same IKU, the same lineage
    quarters = {
        (q.indicator_id, q.quarter): (q.value, q.value_upper)
        for q in QuarterlyTarget.objects.filter(plan=copy)
    }
    assert quarters == {
        (new_naik.pk, 1): (Decimal(200), None),
        (new_naik.pk, 2): (Decimal(300), None),
        (new_naik.pk, 3): (Decimal(350), None),
        (new_naik.pk, 4): (Decimal(400), None),
        (new_sehat.pk, 4): (Decimal(35), Decimal(36)),
    }
    activity = PlannedActivity.objects.get(plan=copy)
    assert (activity.indicator_id, activity.name, activity.responsible, activity.quarters) == (
        new_naik.pk,
        "Pendampingan UMKM",
        "Bidang UMKM",
        [2, 3],
    )
    # The adopted plan of the PK being replaced is as it was.
    assert QuarterlyTarget.objects.filter(plan=plan).count() == 5
    assert ActionPlan.objects.get(pk=plan.pk).status == ActionPlan.Status.ADOPTED

    client.force_login(staf)
    detail = client.get(reverse("agreements:detail", args=[revision.pk])).content.decode()
    assert reverse("agreements:action_plan", args=[revision.pk]) in detail
    page = client.get(reverse("agreements:action_plan", args=[revision.pk])).content.decode()
    assert "Pendampingan UMKM" in page and "Bidang UMKM" in page
    assert "dapat diubah setelah PK Perubahan ditandatangani" in page


def test_a_pk_without_a_rencana_aksi_gives_its_perubahan_none(staf, signed_agreement):
    revision = services.agreement_start_revision(agreement=signed_agreement, user=staf)
    assert not ActionPlan.objects.filter(agreement=revision).exists()
