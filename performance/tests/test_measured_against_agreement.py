"""Measuring against the Perjanjian Kinerja: where a unit has a signed PK for the year, the
year is measured against the PK's targets (the Kinerja page says so), a quarter against its
adopted Rencana Aksi's target, and the report shows the PK's target with the IKU's beside it
where they differ. Capaian is computed by the same rules; only the target changes."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from agreements import services as agreement_services
from agreements.action_plans import services as plan_services
from agreements.tests.conftest import sign_agreement, sign_without_pdf
from indicators.models import Indicator
from indicators.tests.factories import (
    DocumentFactory,
    IndicatorFactory,
    StrategicTargetFactory,
    YearlyTargetFactory,
)
from organizations.models import Membership
from performance import services
from performance.models import YearStanding
from performance.report.html import report_html
from performance.report.xlsx import report_xlsx
from performance.standings import standings_compute

NOW = timezone.localdate().year
YEAR = NOW - 1


@pytest.fixture
def world(unit, staf, kepala):
    document = DocumentFactory(unit=unit, period_start=YEAR - 1, period_end=NOW)
    sasaran = StrategicTargetFactory(document=document, text="Meningkatnya daya saing koperasi")
    sehat = IndicatorFactory(
        strategic_target=sasaran,
        name="Persentase koperasi sehat",
        satuan="%",
        frequency=Indicator.Frequency.YEARLY,
    )
    YearlyTargetFactory(indicator=sehat, year=YEAR, value=Decimal(40))
    naik = IndicatorFactory(
        strategic_target=sasaran,
        name="Jumlah UMKM naik kelas",
        satuan="unit usaha",
        frequency=Indicator.Frequency.QUARTERLY,
        calculation_type=Indicator.CalculationType.CUMULATIVE,
    )
    YearlyTargetFactory(indicator=naik, year=YEAR, value=Decimal(1250))
    sign_without_pdf(document, staf=staf, kepala=kepala)
    services.realisasi_save(
        indicator=sehat, year=YEAR, number=1, user=staf, value=Decimal(36), version=None
    )
    services.realisasi_save(
        indicator=naik, year=YEAR, number=1, user=staf, value=Decimal(150), version=None
    )
    agreement = agreement_services.agreement_start(unit=unit, year=YEAR, user=staf)
    # The PK raises the target of "Persentase koperasi sehat" from the IKU's 40 to 45.
    pk_sehat = agreement.indicators.get(indicator=sehat)
    agreement_services.agreement_indicator_save(
        indicator=pk_sehat, target_text="45", value=Decimal(45), version=0
    )
    return {"agreement": agreement, "sehat": sehat, "naik": naik}


def _sign(agreement):
    staf, kepala = (
        Membership.objects.get(unit=agreement.unit, role=role).user
        for role in (Membership.Role.STAF, Membership.Role.KEPALA)
    )
    sign_agreement(agreement, staf=staf, kepala=kepala)


def _plan(agreement, staf, kepala, *, adopt=True):
    plan = plan_services.action_plan_start(agreement=agreement, user=staf)
    naik = agreement.indicators.get(name="Jumlah UMKM naik kelas")
    plan_services.quarter_targets_save(
        plan=plan,
        indicator=naik,
        values={1: Decimal(200), 2: Decimal(300), 3: Decimal(350), 4: Decimal(400)},
        user=staf,
    )
    if adopt:
        plan_services.action_plan_adopt(plan=plan, user=kepala)
    return plan


def _dashboard(client, unit, number=0):
    url = reverse("performance:dashboard") + f"?unit={unit.pk}&tahun={YEAR}&periode={number}"
    return client.get(url).content.decode()


def _row(page, name):
    start = page.index(f"<td>{name}")
    return page[start : page.index("</tr>", start)]


def test_before_its_pk_is_signed_the_year_is_measured_against_the_iku(client, staf, unit, world):
    client.force_login(staf)
    page = _dashboard(client, unit)
    assert "Diukur terhadap Perjanjian Kinerja" not in page
    assert "Diukur terhadap <a" in page  # its IKU document
    assert "90,00 %" in _row(page, "Persentase koperasi sehat")  # 36 of the IKU's 40


def test_a_signed_pk_gives_the_years_targets_and_the_page_says_so(client, staf, unit, world):
    _sign(world["agreement"])
    client.force_login(staf)
    page = _dashboard(client, unit)
    assert f"Diukur terhadap Perjanjian Kinerja {YEAR}" in page
    assert "Diukur terhadap <a" not in page  # one statement: the PK, its IKU named after it
    assert "(IKU-nya: <a" in page
    assert reverse("agreements:detail", args=[world["agreement"].pk]) in page
    row = _row(page, "Persentase koperasi sehat")
    assert "80,00 %" in row and "90,00 %" not in row  # 36 of the PK's 45, higher is better
    assert "IKU: 40" in row


def test_a_quarter_is_measured_against_the_adopted_rencana_aksi(client, staf, kepala, unit, world):
    _sign(world["agreement"])
    client.force_login(staf)
    # No plan yet: the first triwulan's share of the year, 1.250 / 4 = 312,5 (150: 48 %).
    assert "48,00 %" in _row(_dashboard(client, unit, number=1), "Jumlah UMKM naik kelas")
    plan = _plan(world["agreement"], staf, kepala, adopt=False)
    # A draft plan is not measured against.
    assert "48,00 %" in _row(_dashboard(client, unit, number=1), "Jumlah UMKM naik kelas")
    plan_services.action_plan_adopt(plan=plan, user=kepala)
    page = _dashboard(client, unit, number=1)
    row = _row(page, "Jumlah UMKM naik kelas")
    assert "75,00 %" in row  # 150 of the Rencana Aksi's 200 for TW I
    assert "Target triwulan (Rencana Aksi): 200" in row
    assert "triwulan terhadap Rencana Aksi-nya" in page
    # The figure's form shows the plan's target instead of asking for one of its own.
    form = client.get(
        reverse("performance:realisasi_edit", args=[world["naik"].pk, YEAR, 1])
    ).content.decode()
    assert "Target triwulan (Rencana Aksi): 200" in form and 'name="target"' not in form


def test_the_report_shows_the_pk_target_and_the_iku_target_where_they_differ(
    staf, kepala, unit, world
):
    _sign(world["agreement"])
    _plan(world["agreement"], staf, kepala)
    html = report_html(unit, YEAR)
    assert f"Diukur terhadap: Perjanjian Kinerja {YEAR} (target) dan " in html
    sehat = html[html.index("Persentase koperasi sehat") :]
    sehat = sehat[: sehat.index("</tr>")]
    assert ">45<br>" in sehat and "Target IKU: 40" in sehat and "80,00 %" in sehat
    naik = html[html.index("Jumlah UMKM naik kelas") :]
    assert "Target IKU" not in naik[: naik.index("</tr>")]  # the same target: said once
    sheet = load_workbook(io.BytesIO(report_xlsx(unit, YEAR))).active
    assert sheet["L4"].value == "Target IKU (bila berbeda dengan PK)"
    rows = {r[2]: r for r in sheet.iter_rows(min_row=5, max_row=6, values_only=True)}
    assert (
        rows["Persentase koperasi sehat"][4] == 45 and rows["Persentase koperasi sehat"][11] == 40
    )
    assert rows["Persentase koperasi sehat"][6] == 80
    assert rows["Jumlah UMKM naik kelas"][4] == 1250 and rows["Jumlah UMKM naik kelas"][11] is None
    assert sheet["E5"].number_format == "#,##0" and sheet["L5"].number_format == "#,##0"


def test_the_kept_standing_follows_the_signing_of_a_pk(
    unit, staf, kepala, world, django_capture_on_commit_callbacks
):
    standings_compute(unit_ids=[unit.pk], year=YEAR)
    before = YearStanding.objects.get(unit=unit, year=YEAR)
    with django_capture_on_commit_callbacks(execute=True):
        _sign(world["agreement"])
    after = YearStanding.objects.get(unit=unit, year=YEAR)
    # "Persentase koperasi sehat": 36 of the IKU's 40 (90 %) before, of the PK's 45 (80 %) now.
    assert after.average == before.average - Decimal(10) / after.total
    assert after.computed_at > before.computed_at


def test_the_kept_standing_is_computed_again_when_a_rencana_aksi_is_adopted(
    unit, staf, kepala, world, django_capture_on_commit_callbacks
):
    _sign(world["agreement"])
    plan = _plan(world["agreement"], staf, kepala, adopt=False)
    standings_compute(unit_ids=[unit.pk], year=YEAR)
    before = YearStanding.objects.get(unit=unit, year=YEAR).computed_at
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        plan_services.action_plan_adopt(plan=plan, user=kepala)
    assert len(callbacks) == 1  # the refresh of the unit's standing, asked of the worker
    assert YearStanding.objects.get(unit=unit, year=YEAR).computed_at > before
