"""No form input makes the portal fail: garbage to every form gets an answer, never a 500."""

import pytest
from django.urls import reverse

from indicators.tests.factories import DocumentFactory, GoalFactory, IndicatorFactory
from organizations.tests.factories import FunctionFactory, OfficialFactory

GARBAGE = [
    {},
    {"name": "x" * 5000, "text": "y" * 20000, "code": "c" * 100, "satuan": "%" * 500},
    {
        "strategic_target": "bukan-id",
        "goal": "999999",
        "version": "-1",
        "period_start": "dua ribu",
        "period_end": "1e9",
        "target_2024": "NaN",
        "target_2025": "1" * 40,
        "baseline_year": "3000",
        "baseline_value": "Infinity",
        "signature_date": "31/02/2022",
        "signatory": "'; DROP TABLE",
        "nip": "١٩٦٣٠٤٢١١٩٨٥٠٣١٠٠٨",
        "golongan": "V/z",
        "layout": "<script>",
        "direction": "sideways",
        "copy_from": "0",
        "unit": "-5",
    },
    {"formula": "(" * 3000, "explanation": "<script>alert(1)</script>" * 100, "version": "x"},
]


@pytest.fixture
def urls(unit):
    document = DocumentFactory(unit=unit)
    goal = GoalFactory(document=document)
    indicator = IndicatorFactory(strategic_target__document=document)
    function = FunctionFactory(unit=unit)
    official = OfficialFactory(unit=unit)
    return [
        reverse("indicators:document_create"),
        reverse("indicators:document_edit", args=[document.pk]),
        reverse("indicators:goal_create", args=[document.pk]),
        reverse("indicators:goal_edit", args=[goal.pk]),
        reverse("indicators:strategic_target_create", args=[document.pk]),
        reverse("indicators:strategic_target_edit", args=[indicator.strategic_target_id]),
        reverse("indicators:indicator_create", args=[document.pk]) + "?sasaran=abc",
        reverse("indicators:indicator_edit", args=[indicator.pk]),
        reverse("indicators:formula_preview"),
        reverse("organizations:unit_profile", args=[unit.pk]),
        reverse("organizations:function_create", args=[unit.pk]),
        reverse("organizations:function_edit", args=[function.pk]),
        reverse("organizations:official_create", args=[unit.pk]),
        reverse("organizations:official_edit", args=[official.pk]),
    ]


@pytest.mark.parametrize("data", GARBAGE, ids=["empty", "too-long", "wrong-types", "hostile"])
def test_garbage_never_breaks_a_form(client, staf, urls, data):
    client.force_login(staf)
    for url in urls:
        response = client.post(url, data)
        assert response.status_code in (200, 302), (url, response.status_code)


def test_garbage_in_list_filters(client, staf, urls):
    client.force_login(staf)
    for query in (
        {"page": "-1"},
        {"page": "abc"},
        {"unit": "x", "period": "9" * 30, "status": "<b>"},
        {"q": "%" * 1000},
    ):
        assert client.get(reverse("indicators:document_list"), query).status_code == 200
