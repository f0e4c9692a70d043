"""An approved year locks everything under it: the figures of its quarters, their evidence and
their analysis, at every layer (the page, a forced POST, the service, the model), until the
head reopens the year with a reason."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from indicators.tests.factories import (
    DocumentFactory,
    IndicatorFactory,
    StrategicTargetFactory,
    YearlyTargetFactory,
    sign,
)
from performance import services
from performance.models import FiguresLockedError, Realisasi, ReportingPeriod

YEAR = timezone.localdate().year - 1  # a year that has ended


@pytest.fixture
def world(unit, staf, kepala):
    document = DocumentFactory(unit=unit, period_start=YEAR, period_end=YEAR + 1)
    sasaran = StrategicTargetFactory(document=document)
    yearly = IndicatorFactory(strategic_target=sasaran, name="Indeks kepuasan", formula="")
    quarterly = IndicatorFactory(
        strategic_target=sasaran,
        name="Jumlah koperasi dibina",
        formula="",
        frequency="triwulanan",
        calculation_type="kumulatif",
    )
    YearlyTargetFactory(indicator=yearly, year=YEAR, value=Decimal(80))
    YearlyTargetFactory(indicator=quarterly, year=YEAR, value=Decimal(100))
    sign(document, staf=staf, kepala=kepala)
    q1 = services.realisasi_save(
        indicator=quarterly, year=YEAR, number=1, user=staf, value=Decimal(20), version=None
    )
    services.realisasi_save(
        indicator=yearly, year=YEAR, number=1, user=staf, value=Decimal(85), version=None
    )
    year = ReportingPeriod.objects.get(unit=unit, year=YEAR, number=0)
    services.period_submit(period=year, user=staf)
    services.period_approve(period=year, user=kepala)
    return {"quarterly": quarterly, "q1": q1, "year": year}


def _edit_url(indicator, number):
    return reverse("performance:realisasi_edit", args=[indicator.pk, YEAR, number])


def test_a_quarter_of_an_approved_year_shows_read_only(client, staf, world):
    client.force_login(staf)
    page = client.get(_edit_url(world["quarterly"], 2)).content.decode()
    assert "dikunci bersama tahunnya" in page
    assert "<fieldset disabled>" in page
    quarter = reverse("performance:dashboard") + f"?unit={world['year'].unit_id}&tahun={YEAR}"
    dashboard = client.get(quarter + "&periode=1").content.decode()
    assert f"dikunci bersama Tahun {YEAR}" in dashboard


def test_a_forced_post_to_a_quarter_of_an_approved_year_is_refused(client, staf, world):
    client.force_login(staf)
    for number in (1, 2):
        response = client.post(_edit_url(world["quarterly"], number), {"value": "99"})
        assert response.status_code == 403
    world["q1"].refresh_from_db()
    assert world["q1"].value == Decimal(20)
    assert not Realisasi.objects.filter(number=2).exists()


def test_the_service_refuses_a_quarter_of_an_approved_year_and_says_why(staf, world):
    with pytest.raises(FiguresLockedError, match="Tahun .* disetujui"):
        services.realisasi_save(
            indicator=world["quarterly"],
            year=YEAR,
            number=1,
            user=staf,
            value=Decimal(99),
            version=world["q1"].version,
        )
    with pytest.raises(PermissionDenied):
        services.evidence_add(
            figure=world["q1"],
            upload=SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n%%EOF\n"),
            user=staf,
        )


def test_the_model_refuses_a_quarter_of_an_approved_year(world):
    figure = world["q1"]
    figure.value = Decimal(99)
    with pytest.raises(FiguresLockedError):
        figure.save()
    with pytest.raises(FiguresLockedError):
        figure.delete()
    figure.refresh_from_db()
    assert figure.value == Decimal(20)


def test_reopening_the_year_with_a_reason_opens_its_quarters(client, staf, kepala, world):
    services.period_reopen(period=world["year"], user=kepala, reason="Angka TW I salah ketik")
    client.force_login(staf)
    response = client.post(_edit_url(world["quarterly"], 1), {"version": 0, "value": "25"})
    assert response.status_code == 302
    world["q1"].refresh_from_db()
    assert world["q1"].value == Decimal(25)
