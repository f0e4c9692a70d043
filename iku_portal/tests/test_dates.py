"""Plausible dates: a date before 1950 or after 2100, or a period longer than ten years, is
refused with a clear Indonesian message and nothing is stored."""

import pytest
from django.urls import reverse

from indicators.models import IKUDocument
from indicators.tests.factories import DocumentFactory
from indicators.tests.tree.test_editor import _settings
from organizations.models import Official


def _new_document(unit, **overrides):
    return {
        "unit": unit.pk,
        "period_start": 2025,
        "period_end": 2029,
        "layout": "ringkas",
        "signature_date_format": "month_year",
        **overrides,
    }


def test_a_period_longer_than_ten_years_is_refused(client, staf, unit):
    client.force_login(staf)
    url = reverse("indicators:document_create")
    page = client.post(url, _new_document(unit, period_end=2040)).content.decode()
    assert "Periode paling lama 10 tahun; 2025–2040 adalah 16 tahun." in page
    assert not IKUDocument.objects.exists()
    assert client.post(url, _new_document(unit, period_end=2034)).status_code == 302  # ten


@pytest.mark.parametrize("typed", ["1900-01-03", "2101-01-03", "0202-01-03"])
def test_an_implausible_signature_date_is_refused(client, staf, unit, typed):
    document = DocumentFactory(unit=unit)
    client.force_login(staf)
    url = reverse("indicators:document_edit", args=[document.pk])
    page = client.post(url, _settings(document, signature_date=typed)).content.decode()
    assert "tidak masuk akal: gunakan tanggal antara 1950 dan 2100." in page
    document.refresh_from_db()
    assert document.signature_date is None


@pytest.mark.parametrize("field", ["start_date", "end_date"])
def test_an_implausible_term_date_of_an_official_is_refused(client, staf, unit, field):
    client.force_login(staf)
    data = {
        "kind": "pejabat_negara",
        "name": "Gubernur Baru",
        "jabatan": "Gubernur",
        field: "1949-12-31",
    }
    page = client.post(reverse("organizations:official_create", args=[unit.pk]), data)
    assert "Tanggal 31 Desember 1949 tidak masuk akal" in page.content.decode()
    assert not Official.objects.filter(name="Gubernur Baru").exists()
