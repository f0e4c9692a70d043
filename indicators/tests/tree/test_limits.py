"""The unit's own rules: at most N IKU per sasaran and M per document, shown as warnings in the
editor and on submission, blocking only where the unit says so."""

import pytest
from django.urls import reverse

from indicators.models import IKUDocument
from indicators.tests.factories import DocumentFactory, IndicatorFactory, StrategicTargetFactory
from indicators.tree import services
from organizations.models import OrganizationUnit


@pytest.fixture
def document(unit):
    document = DocumentFactory(unit=unit)
    first = StrategicTargetFactory(document=document, text="Sasaran satu")
    second = StrategicTargetFactory(document=document, text="Sasaran dua")
    for n in range(3):
        IndicatorFactory(strategic_target=first, name=f"IKU {n}")
    IndicatorFactory(strategic_target=second, name="IKU lain")
    return document


def _limit(unit, *, per_target=None, per_document=None, enforce=False):
    OrganizationUnit.objects.filter(pk=unit.pk).update(
        max_iku_per_target=per_target, max_iku_per_document=per_document, enforce_iku_limits=enforce
    )
    unit.refresh_from_db()


def test_no_limits_no_warnings(document):
    assert services.limit_warnings(document) == []


def test_the_editor_warns_of_each_limit_passed(client, staf, unit, document):
    _limit(unit, per_target=2, per_document=3)
    client.force_login(staf)
    page = client.get(reverse("indicators:document_detail", args=[document.pk])).content.decode()
    assert "Sasaran strategis 1 memiliki 3 IKU; unit membolehkan paling banyak 2." in page
    assert "Dokumen memiliki 4 IKU; unit membolehkan paling banyak 3." in page
    assert "tetap dapat diajukan" in page
    assert "Sasaran strategis 2 memiliki" not in page


def test_a_warning_does_not_stop_submission(client, staf, unit, document):
    _limit(unit, per_target=2)
    client.force_login(staf)
    url = reverse("indicators:document_transition", args=[document.pk, "ajukan"])
    page = client.post(url, follow=True).content.decode()
    document.refresh_from_db()
    assert document.status == IKUDocument.Status.SUBMITTED
    assert "Sasaran strategis 1 memiliki 3 IKU" in page  # said again on submission


def test_the_unit_can_make_its_limits_block_submission(client, staf, unit, document):
    _limit(unit, per_document=3, enforce=True)
    client.force_login(staf)
    url = reverse("indicators:document_transition", args=[document.pk, "ajukan"])
    page = client.post(url, follow=True).content.decode()
    document.refresh_from_db()
    assert document.status == IKUDocument.Status.DRAFT
    assert "Dokumen melewati batas yang ditetapkan unit" in page
    assert "tidak dapat diajukan sebelum diperbaiki" in page


def test_the_unit_sets_its_limits_in_its_profile(client, staf, unit):
    client.force_login(staf)
    url = reverse("organizations:unit_profile", args=[unit.pk])
    page = client.get(url).content.decode()
    assert 'name="max_iku_per_target"' in page and 'type="number"' not in page
    data = {
        "name": unit.name,
        "short_name": unit.short_name,
        "seat_city": "Jambi",
        "tugas": unit.tugas,
        "max_iku_per_target": "3",
        "max_iku_per_document": "",
        "enforce_iku_limits": "on",
        "version": unit.version,
    }
    page = client.post(url, data, follow=True).content.decode()
    unit.refresh_from_db()
    assert (unit.max_iku_per_target, unit.max_iku_per_document) == (3, None), page[:3000]
    assert unit.enforce_iku_limits
