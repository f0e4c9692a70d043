"""The admin of PKs and Rencana Aksi is read-mostly: no PK is added there, a draft's text can be
corrected, a signed PK, its signed version and countersignature, and an adopted plan can only
be read."""

import pytest
from django.urls import reverse

from agreements.models import ActionPlan, AgreementSignedVersion, PerformanceAgreement
from agreements.tests.conftest import sign_agreement


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _page(client, name, *args):
    page = client.get(reverse(f"admin:agreements_{name}", args=args))
    assert page.status_code == 200, name
    return page.content.decode()


def test_the_lists_read_and_no_pk_is_added_there(admin_client, agreement):
    for name in (
        "performanceagreement",
        "agreementsignedversion",
        "agreementcountersignature",
        "actionplan",
    ):
        _page(admin_client, f"{name}_changelist")
    assert "PK 2025" in _page(admin_client, "performanceagreement_changelist")
    add = admin_client.get(reverse("admin:agreements_performanceagreement_add"))
    assert add.status_code == 403


def test_a_drafts_parties_can_be_corrected(admin_client, agreement):
    page = _page(admin_client, "performanceagreement_change", agreement.pk)
    assert 'name="_save"' in page and 'name="first_party_name"' in page


def test_a_signed_pk_and_its_adopted_plan_are_read_only(admin_client, agreement, staf, kepala):
    signed = sign_agreement(agreement, staf=staf, kepala=kepala)
    page = _page(admin_client, "performanceagreement_change", signed.pk)
    assert 'name="_save"' not in page and 'name="first_party_name"' not in page
    url = reverse("admin:agreements_performanceagreement_change", args=[signed.pk])
    assert admin_client.post(url, {"first_party_name": "Lain"}).status_code == 403
    delete = reverse("admin:agreements_performanceagreement_delete", args=[signed.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert PerformanceAgreement.objects.get(pk=signed.pk).first_party_name != "Lain"
    version = AgreementSignedVersion.objects.get(agreement=signed)
    assert 'name="_save"' not in _page(admin_client, "agreementsignedversion_change", version.pk)

    # (As the plan's services write it: agreements.tests may not import action_plans.)
    plan = ActionPlan.objects.create(agreement=signed, created_by=staf)
    assert 'name="_save"' in _page(admin_client, "actionplan_change", plan.pk)
    plan.status, plan.adopted_by = ActionPlan.Status.ADOPTED, kepala
    plan.save(update_fields=["status", "adopted_by"])
    assert 'name="_save"' not in _page(admin_client, "actionplan_change", plan.pk)
    assert ActionPlan.objects.get(pk=plan.pk).is_frozen
