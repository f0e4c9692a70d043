"""The Rencana Aksi of a signed PK: triwulan targets typed the Indonesian way, a kumulatif
IKU's quarters added up against its year (short: a warning; over: refused, nothing saved),
activities with their schedule and penanggung jawab, adopting it, and its .xlsx."""

import io
from decimal import Decimal

import openpyxl
from django.urls import reverse

from agreements.models import ActionPlan, PlannedActivity, QuarterlyTarget


def _indicator(agreement, name):
    return agreement.indicators.get(name=name)


def _quarters(client, indicator, *values):
    data = {f"tw{q}": v for q, v in enumerate(values, start=1)}
    return client.post(
        reverse("agreements:quarter_targets", args=[indicator.pk]), data, follow=True
    )


def _saved(indicator):
    return {
        q.quarter: (q.value, q.value_upper)
        for q in QuarterlyTarget.objects.filter(indicator=indicator)
    }


def test_a_signed_pk_gets_its_rencana_aksi_from_its_page(client, staf, signed_agreement):
    client.force_login(staf)
    detail = client.get(reverse("agreements:detail", args=[signed_agreement.pk])).content.decode()
    assert reverse("agreements:action_plan", args=[signed_agreement.pk]) in detail
    page = client.get(reverse("agreements:action_plan", args=[signed_agreement.pk]))
    assert "Buat Rencana Aksi" in page.content.decode()
    page = client.post(
        reverse("agreements:action_plan_create", args=[signed_agreement.pk]), follow=True
    ).content.decode()
    assert "Rencana Aksi 2025 dibuat." in page
    assert ActionPlan.objects.get().agreement == signed_agreement
    assert "Jumlah UMKM naik kelas" in page and "TW IV" in page


def test_a_draft_pk_gets_no_rencana_aksi(client, staf, draft_agreement):
    client.force_login(staf)
    page = client.get(reverse("agreements:action_plan", args=[draft_agreement.pk]))
    assert "Perjanjian Kinerja yang ditandatangani" in page.content.decode()
    answer = client.post(reverse("agreements:action_plan_create", args=[draft_agreement.pk]))
    assert answer.status_code == 403
    assert not ActionPlan.objects.exists()


def test_kumulatif_quarters_that_add_up_to_the_year_are_saved_without_a_warning(client, staf, plan):
    client.force_login(staf)
    naik = _indicator(plan.agreement, "Jumlah UMKM naik kelas")
    page = _quarters(client, naik, "200", "300", "350", "400").content.decode()
    assert "Target triwulan “Jumlah UMKM naik kelas” disimpan." in page
    assert "berjumlah" not in page
    assert _saved(naik) == {
        1: (Decimal(200), None),
        2: (Decimal(300), None),
        3: (Decimal(350), None),
        4: (Decimal(400), None),
    }


def test_kumulatif_quarters_that_fall_short_are_kept_and_the_page_says_by_how_much(
    client, staf, plan
):
    client.force_login(staf)
    naik = _indicator(plan.agreement, "Jumlah UMKM naik kelas")
    page = _quarters(client, naik, "200", "300", "350", "").content.decode()
    says = "Target triwulan berjumlah 850, tidak sama dengan target tahunan 1.250: kurang 400."
    # After saving, in the plan's list of warnings, and beside the indicator.
    assert page.count(says) == 3
    assert len(_saved(naik)) == 3


def test_kumulatif_quarters_exceeding_the_year_are_refused_and_nothing_saved(client, staf, plan):
    client.force_login(staf)
    naik = _indicator(plan.agreement, "Jumlah UMKM naik kelas")
    _quarters(client, naik, "200", "300", "350", "400")
    page = _quarters(client, naik, "400", "400", "400", "1.000,5").content.decode()
    assert (
        "Target triwulan berjumlah 2.200,5, melebihi target tahunan 1.250 (sebesar 950,5)" in page
    )
    assert 'value="1.000,5"' in page  # what was typed is kept
    assert _saved(naik)[4] == (Decimal(400), None)  # the saved quarters are unchanged


def test_a_non_kumulatif_iku_is_measured_per_quarter_and_not_added_up(client, staf, plan):
    client.force_login(staf)
    sehat = _indicator(plan.agreement, "Persentase koperasi sehat")
    page = _quarters(client, sehat, "30", "32,5", "34", "35 - 36").content.decode()
    assert "berjumlah" not in page
    assert _saved(sehat)[2] == (Decimal("32.5"), None)
    assert _saved(sehat)[4] == (Decimal(35), Decimal(36))


def test_an_unclear_quarter_is_refused_with_the_number_rule_and_nothing_saved(client, staf, plan):
    client.force_login(staf)
    naik = _indicator(plan.agreement, "Jumlah UMKM naik kelas")
    page = _quarters(client, naik, "1.25,5", "300", "", "").content.decode()
    assert "“1.25,5” dapat dibaca lebih dari satu cara." in page
    assert not QuarterlyTarget.objects.exists()


def test_an_activity_is_added_with_its_schedule_and_penanggung_jawab(client, staf, plan):
    client.force_login(staf)
    naik = _indicator(plan.agreement, "Jumlah UMKM naik kelas")
    url = reverse("agreements:activity_create", args=[plan.agreement_id])
    form = client.get(url + f"?indikator={naik.pk}").content.decode()
    assert 'type="checkbox"' in form and "TW III" in form
    page = client.post(
        url,
        {
            "indicator": naik.pk,
            "name": "Pendampingan UMKM",
            "responsible": "Bidang UMKM",
            "in_q2": "on",
            "in_q3": "on",
            "version": 0,
        },
        follow=True,
    ).content.decode()
    assert "Kegiatan disimpan: Pendampingan UMKM (TW II, TW III)." in page
    activity = PlannedActivity.objects.get()
    assert (activity.quarters, activity.responsible) == ([2, 3], "Bidang UMKM")


def test_an_activity_without_a_triwulan_is_refused(client, staf, plan):
    client.force_login(staf)
    naik = _indicator(plan.agreement, "Jumlah UMKM naik kelas")
    page = client.post(
        reverse("agreements:activity_create", args=[plan.agreement_id]),
        {"indicator": naik.pk, "name": "Pelatihan", "responsible": "Bidang UMKM", "version": 0},
    ).content.decode()
    assert "Centang sedikitnya satu triwulan pelaksanaannya." in page
    assert not PlannedActivity.objects.exists()


def test_the_kepala_adopts_the_plan_and_it_can_no_longer_be_changed(client, staf, kepala, plan):
    client.force_login(staf)
    adopt = reverse("agreements:action_plan_adopt", args=[plan.agreement_id])
    assert client.post(adopt).status_code == 403  # a staf drafts, the kepala adopts
    client.force_login(kepala)
    page = client.post(adopt, follow=True).content.decode()
    assert "Rencana Aksi 2025 ditetapkan" in page
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.ADOPTED and plan.adopted_by == kepala
    client.force_login(staf)
    naik = _indicator(plan.agreement, "Jumlah UMKM naik kelas")
    assert "sudah ditetapkan" in _quarters(client, naik, "1", "", "", "").content.decode()
    assert not QuarterlyTarget.objects.exists()


def test_the_xlsx_holds_the_plan_with_numbers_as_numbers(client, staf, plan):
    client.force_login(staf)
    agreement = plan.agreement
    naik = _indicator(agreement, "Jumlah UMKM naik kelas")
    sehat = _indicator(agreement, "Persentase koperasi sehat")
    _quarters(client, naik, "200", "300", "350", "400")
    _quarters(client, sehat, "30", "32,5", "", "35 - 36")
    for name, responsible, quarters in [
        ("Pendampingan UMKM", "Bidang UMKM", {"in_q1": "on", "in_q2": "on"}),
        ("=Pameran produk", "Seksi Pemasaran", {"in_q4": "on"}),
    ]:
        client.post(
            reverse("agreements:activity_create", args=[agreement.pk]),
            {"indicator": naik.pk, "name": name, "responsible": responsible, "version": 0}
            | quarters,
        )
    response = client.get(reverse("agreements:action_plan_xlsx", args=[agreement.pk]))
    assert response["Content-Disposition"].startswith('attachment; filename="rencana-aksi-2025-')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert rows[0] == (
        "Sasaran",
        "Indikator",
        "Target tahunan",
        "TW I",
        "TW II",
        "TW III",
        "TW IV",
        "Kegiatan",
        "Penanggung jawab",
    )
    assert rows[1] == (
        "Meningkatnya daya saing koperasi",
        "Persentase koperasi sehat (%)",
        35.5,
        30,
        32.5,
        None,
        "35–36",
        None,
        None,
    )
    assert rows[2][1:] == (
        "Jumlah UMKM naik kelas (unit usaha)",
        1250,
        200,
        300,
        350,
        400,
        "Pendampingan UMKM (TW I, TW II)",
        "Bidang UMKM",
    )
    assert rows[3][7:] == ("=Pameran produk (TW IV)", "Seksi Pemasaran")
    assert sheet["H7"].data_type == "s"  # text that starts with = stays text
    assert sheet["C5"].number_format == "#,##0.0###" and sheet["C6"].number_format == "#,##0"
    assert sheet["E5"].number_format == "#,##0.0###" and sheet["D6"].number_format == "#,##0"
    assert "B6:B7" in {str(r) for r in sheet.merged_cells.ranges}


def test_the_pdf_prints_the_plan_as_a_table_inside_the_page(client, staf, outsider, plan):
    from pypdf import PdfReader

    from indicators.tests.pdf_words import words_outside_printable_area

    client.force_login(staf)
    agreement = plan.agreement
    naik = _indicator(agreement, "Jumlah UMKM naik kelas")
    _quarters(client, naik, "200", "300", "350", "400")
    _quarters(client, _indicator(agreement, "Persentase koperasi sehat"), "30", "32,5", "", "35")
    for name, responsible, quarters in [
        ("Pendampingan UMKM naik kelas di kabupaten/kota", "Bidang UMKM", {"in_q1": "on"}),
        ("Pameran produk koperasi", "Seksi Pemasaran", {"in_q4": "on"}),
    ]:
        client.post(
            reverse("agreements:activity_create", args=[agreement.pk]),
            {"indicator": naik.pk, "name": name, "responsible": responsible, "version": 0}
            | quarters,
        )
    page = client.get(reverse("agreements:action_plan", args=[agreement.pk])).content.decode()
    url = reverse("agreements:action_plan_pdf", args=[agreement.pk])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for expected in (
        "RENCANA AKSI TAHUN 2025",
        "Sasaran Indikator Target tahunan TW I TW II TW III TW IV Kegiatan Penanggung jawab",
        "Jumlah UMKM naik kelas (unit usaha)",
        "1.250",
        "32,5",
        "Pendampingan UMKM naik kelas di kabupaten/kota",
        "Seksi Pemasaran",
        "Dr. BUDI SANTOSO, S.E., M.M.",
    ):
        assert expected in text, expected
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # landscape
    assert words_outside_printable_area(response.content) == []
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_the_plan_says_when_an_iku_is_not_reported_each_triwulan(
    client, unit, staf, kepala, head, pemda
):
    """Triwulan targets of an IKU reported yearly measure nothing on the Kinerja page: the
    plan says so beside it (a new user typed them and looked for Q1 in vain)."""
    from agreements import services
    from agreements.action_plans import services as plan_services
    from agreements.tests.conftest import sign_agreement, sign_without_pdf
    from indicators.tests.factories import (
        DocumentFactory,
        IndicatorFactory,
        StrategicTargetFactory,
        YearlyTargetFactory,
    )

    document = DocumentFactory(unit=unit, period_start=2024, period_end=2026, signatory=head)
    target = StrategicTargetFactory(document=document, text="Meningkatnya koperasi")
    for name, frequency in (
        ("Nilai SAKIP", "tahunan"),
        ("Persentase koperasi sehat", "triwulanan"),
    ):
        iku = IndicatorFactory(strategic_target=target, name=name, frequency=frequency)
        YearlyTargetFactory(indicator=iku, year=2025, value=Decimal(70))
    sign_without_pdf(document, staf=staf, kepala=kepala)
    agreement = sign_agreement(
        services.agreement_start(unit=unit, year=2025, user=staf), staf=staf, kepala=kepala
    )
    plan_services.action_plan_start(agreement=agreement, user=staf)
    client.force_login(staf)
    page = client.get(reverse("agreements:action_plan", args=[agreement.pk])).content.decode()
    assert page.count("IKU-nya dilaporkan tahunan: halaman Kinerja mengukur triwulan") == 1


def test_the_kepala_sees_a_filled_rencana_aksi_waiting_to_be_adopted(client, staf, kepala, plan):
    """A new user's kepala found nothing waiting while the staf's plan needed "Tetapkan"."""
    from agreements.action_plans import services as plan_services

    dashboard = reverse("indicators:dashboard")
    client.force_login(kepala)
    assert "menunggu ditetapkan" not in client.get(dashboard).content.decode()  # still empty
    client.force_login(staf)
    _quarters(
        client, _indicator(plan.agreement, "Persentase koperasi sehat"), "30", "32", "34", "35"
    )
    client.force_login(kepala)
    page = client.get(dashboard).content.decode()
    assert "menunggu ditetapkan" in page
    assert reverse("agreements:action_plan", args=[plan.agreement_id]) in page
    client.force_login(staf)
    assert "menunggu ditetapkan" not in client.get(dashboard).content.decode()  # the kepala's
    plan_services.action_plan_adopt(plan=plan, user=kepala)
    client.force_login(kepala)
    assert "menunggu ditetapkan" not in client.get(dashboard).content.decode()
