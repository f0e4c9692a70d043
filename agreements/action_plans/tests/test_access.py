"""Who may do what on every page of a Rencana Aksi (the role matrix of the PK's pages,
extended): another unit's staf gets 404, a member of the unit above reads only an adopted
plan, the staf edits a draft but the kepala adopts it, an adopted plan is read-only (a
change asked of it goes back to the plan, which says why)."""

import pytest
from django.urls import reverse

from agreements.action_plans import services
from agreements.models import ActionPlan, PlannedActivity
from organizations.models import Membership
from organizations.tests.factories import MembershipFactory

WHO = ["outsider", "staf", "kepala", "superuser", "overseer"]


@pytest.fixture
def overseer(pemda):
    """Staff of the pemda the dinas belongs to."""
    return MembershipFactory(unit=pemda, role=Membership.Role.STAF).user


@pytest.fixture
def world(plan):
    indicator = plan.agreement.indicators.first()
    activity = PlannedActivity.objects.create(
        plan=plan, indicator=indicator, name="Pelatihan", responsible="Bidang", in_q1=True
    )
    return {"plan": plan, "indicator": indicator, "activity": activity}


def _urls(w):
    """(method, url, expected status for: outsider, staf, kepala, superuser, overseer), the
    adopting last (it changes what comes after)."""
    a, i, k = w["plan"].agreement_id, w["indicator"].pk, w["activity"].pk
    r = reverse
    edit = (404, 200, 200, 200, 404)
    return [
        ("get", r("agreements:action_plan", args=[a]), edit),
        ("get", r("agreements:action_plan_xlsx", args=[a]), edit),
        ("get", r("agreements:quarter_targets", args=[i]), edit),
        ("get", r("agreements:activity_create", args=[a]), edit),
        ("get", r("agreements:activity_edit", args=[k]), edit),
        ("post", r("agreements:activity_delete", args=[k]), (404, 302, 302, 302, 404)),
        ("post", r("agreements:action_plan_adopt", args=[a]), (404, 403, 302, 302, 404)),
    ]


@pytest.mark.parametrize("who", WHO)
def test_role_matrix_of_a_draft_rencana_aksi(client, request, world, who):
    client.force_login(request.getfixturevalue(who))
    failures = []
    for method, url, expected in _urls(world):
        status = getattr(client, method)(url).status_code
        if status != expected[WHO.index(who)]:
            failures.append((method, url, status, expected[WHO.index(who)]))
    assert failures == []


def test_an_adopted_rencana_aksi_is_read_only_and_read_above(client, staf, kepala, overseer, world):
    services.action_plan_adopt(plan=world["plan"], user=kepala)
    for user in (staf, overseer):
        client.force_login(user)
        for position, (method, url, _expected) in enumerate(_urls(world)):
            answer = getattr(client, method)(url)
            if position < 2:  # the plan's page and its .xlsx
                assert answer.status_code == 200, (user, url)
            else:  # a change: back to the plan, which says it is adopted
                assert answer.status_code == 302, (user, url)
                assert answer["Location"] == _urls(world)[0][1], (user, url)
    assert PlannedActivity.objects.filter(pk=world["activity"].pk).exists()
    assert ActionPlan.objects.get().status == ActionPlan.Status.ADOPTED


def test_another_units_staf_changes_nothing(client, outsider, world):
    client.force_login(outsider)
    activity = world["activity"]
    response = client.post(
        reverse("agreements:activity_edit", args=[activity.pk]),
        {
            "indicator": activity.indicator_id,
            "name": "Diubah",
            "responsible": "X",
            "in_q2": "on",
            "version": 0,
        },
    )
    assert response.status_code == 404
    activity.refresh_from_db()
    assert activity.name == "Pelatihan"


def test_anonymous_is_sent_to_login_everywhere(client, world):
    for method, url, _expected in _urls(world):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
