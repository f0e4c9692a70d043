"""An adopted Rencana Aksi is a record, as a signed PK is: its pages refuse a change and say
why, the model layer refuses every write to it and to its triwulan targets and activities, and
on PostgreSQL so do the database's triggers (raw SQL, other programs)."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from agreements.action_plans import services as plan_services
from agreements.models import ActionPlan, AdoptedPlanError, PlannedActivity, QuarterlyTarget

ADOPTED = "Rencana Aksi ini sudah ditetapkan: tidak dapat diubah lagi."

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the triggers exist on PostgreSQL only"
)


@pytest.fixture
def adopted(plan, staf, kepala):
    """The plan with a triwulan target and an activity for "Jumlah UMKM naik kelas", adopted."""
    naik = plan.agreement.indicators.get(name="Jumlah UMKM naik kelas")
    plan_services.quarter_targets_save(
        plan=plan, indicator=naik, values={1: Decimal(300), 2: Decimal(300)}, user=staf
    )
    plan_services.activity_save(
        activity=PlannedActivity(
            plan=plan,
            indicator=naik,
            name="Pendampingan UMKM",
            responsible="Bidang UMKM",
            in_q1=True,
        ),
        version=None,
        user=staf,
    )
    return plan_services.action_plan_adopt(plan=plan, user=kepala)


def test_the_pages_of_an_adopted_plan_refuse_a_change_and_say_why(client, staf, kepala, adopted):
    naik = adopted.agreement.indicators.get(name="Jumlah UMKM naik kelas")
    activity = PlannedActivity.objects.get()
    client.force_login(staf)
    attempts = [
        ("get", reverse("agreements:quarter_targets", args=[naik.pk]), {}),
        ("post", reverse("agreements:quarter_targets", args=[naik.pk]), {"tw1": "1"}),
        ("get", reverse("agreements:activity_create", args=[adopted.agreement_id]), {}),
        ("post", reverse("agreements:activity_edit", args=[activity.pk]), {"name": "Lain"}),
        ("post", reverse("agreements:activity_delete", args=[activity.pk]), {}),
    ]
    for method, url, data in attempts:
        page = getattr(client, method)(url, data, follow=True)
        assert page.redirect_chain[-1][0] == reverse(
            "agreements:action_plan", args=[adopted.agreement_id]
        ), url
        assert ADOPTED in page.content.decode(), url
    client.force_login(kepala)
    page = client.post(
        reverse("agreements:action_plan_adopt", args=[adopted.agreement_id]), follow=True
    )
    assert ADOPTED in page.content.decode()
    assert QuarterlyTarget.objects.filter(indicator=naik).count() == 2
    assert PlannedActivity.objects.get().name == "Pendampingan UMKM"


def test_the_services_refuse_changing_an_adopted_plan(staf, kepala, adopted):
    naik = adopted.agreement.indicators.get(name="Jumlah UMKM naik kelas")
    with pytest.raises(AdoptedPlanError, match="sudah ditetapkan"):
        plan_services.quarter_targets_save(
            plan=adopted, indicator=naik, values={1: Decimal(1)}, user=staf
        )
    with pytest.raises(AdoptedPlanError):
        plan_services.activity_delete(activity=PlannedActivity.objects.get(), user=staf)
    with pytest.raises(AdoptedPlanError):
        plan_services.action_plan_adopt(plan=adopted, user=kepala)


def test_the_model_layer_refuses_every_write_to_an_adopted_plan(adopted):
    plan = ActionPlan.objects.get(pk=adopted.pk)
    quarter = QuarterlyTarget.objects.filter(plan=plan).first()
    activity = PlannedActivity.objects.get()
    attempts = [
        lambda: ActionPlan.objects.filter(pk=plan.pk).update(status="draft"),
        lambda: ActionPlan.objects.filter(pk=plan.pk).delete(),
        lambda: ActionPlan.objects.bulk_update([plan], ["status"]),
        lambda: plan.save(),
        lambda: plan.delete(),
        lambda: QuarterlyTarget.objects.filter(pk=quarter.pk).update(value=1),
        lambda: QuarterlyTarget.objects.filter(plan=plan).delete(),
        lambda: quarter.save(),
        lambda: quarter.delete(),
        lambda: QuarterlyTarget.objects.bulk_create(
            [QuarterlyTarget(plan=plan, indicator=quarter.indicator, quarter=4, value=1)]
        ),
        lambda: PlannedActivity.objects.filter(pk=activity.pk).update(name="Lain"),
        lambda: PlannedActivity.objects.bulk_update([activity], ["name"]),
        lambda: activity.save(),
        lambda: activity.delete(),
        lambda: PlannedActivity.objects.create(
            plan=plan, indicator=activity.indicator, name="Baru", responsible="X", in_q4=True
        ),
    ]
    for attempt in attempts:
        with pytest.raises(AdoptedPlanError), transaction.atomic():
            attempt()
    assert ActionPlan.objects.get(pk=plan.pk).status == ActionPlan.Status.ADOPTED
    assert QuarterlyTarget.objects.filter(plan=plan).count() == 2
    assert PlannedActivity.objects.get().name == "Pendampingan UMKM"


@on_postgresql
def test_raw_sql_changes_nothing_of_an_adopted_plan(adopted):
    quarter = QuarterlyTarget.objects.filter(plan=adopted).first()
    activity = PlannedActivity.objects.get()
    statements = [
        ("UPDATE agreements_actionplan SET status = 'draft' WHERE id = %s", [adopted.pk]),
        ("DELETE FROM agreements_actionplan WHERE id = %s", [adopted.pk]),
        ("UPDATE agreements_quarterlytarget SET value = 1 WHERE id = %s", [quarter.pk]),
        ("DELETE FROM agreements_quarterlytarget WHERE id = %s", [quarter.pk]),
        (
            "INSERT INTO agreements_quarterlytarget (plan_id, indicator_id, quarter, value) "
            "VALUES (%s, %s, 4, 1)",
            [adopted.pk, quarter.indicator_id],
        ),
        ("UPDATE agreements_plannedactivity SET name = 'X' WHERE id = %s", [activity.pk]),
        ("DELETE FROM agreements_plannedactivity WHERE id = %s", [activity.pk]),
        ("UPDATE agreements_historicalplannedactivity SET name = 'X'", []),
        ("DELETE FROM agreements_historicalactionplan", []),
    ]
    for sql, params in statements:
        with (
            pytest.raises(IntegrityError, match="IKU:"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, params)
    assert ActionPlan.objects.get(pk=adopted.pk).status == ActionPlan.Status.ADOPTED
    assert QuarterlyTarget.objects.get(pk=quarter.pk).value == Decimal(300)
    assert PlannedActivity.objects.get().name == "Pendampingan UMKM"


@on_postgresql
def test_raw_sql_still_edits_a_draft_plan(plan):
    naik = plan.agreement.indicators.get(name="Jumlah UMKM naik kelas")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO agreements_quarterlytarget (plan_id, indicator_id, quarter, value) "
            "VALUES (%s, %s, 1, 5)",
            [plan.pk, naik.pk],
        )
        cursor.execute(
            "UPDATE agreements_quarterlytarget SET value = 6 WHERE plan_id = %s", [plan.pk]
        )
        cursor.execute("DELETE FROM agreements_quarterlytarget WHERE plan_id = %s", [plan.pk])
    assert not QuarterlyTarget.objects.exists()
