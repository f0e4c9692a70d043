"""Recording realisasi, approving a period, capaian on the dashboard, lineage across a
Perubahan, and evidence files as untrusted input."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from indicators.models import Indicator
from indicators.tests.factories import (
    DocumentFactory,
    IndicatorFactory,
    StrategicTargetFactory,
    YearlyTargetFactory,
    sign,
)
from indicators.tests.factories import sign as sign_document
from indicators.workflow import services as workflow
from organizations.models import Membership
from organizations.tests.factories import UnitFactory
from performance import services
from performance.models import (
    Deadline,
    Evidence,
    PeriodTransition,
    PredicateBand,
    Realisasi,
    ReportingPeriod,
    YearStanding,
)
from performance.report.html import report_html
from performance.selectors import unit_year

# Years relative to today: a document signed today measures this year (NOW) by its revision.
NOW = timezone.localdate().year
FIRST, YEAR = NOW - 4, NOW - 3


@pytest.fixture
def world(unit, staf, kepala):
    document = DocumentFactory(unit=unit, period_start=FIRST, period_end=NOW)
    target = StrategicTargetFactory(document=document, text="Meningkatnya kualitas koperasi")
    lower = IndicatorFactory(
        strategic_target=target,
        name="Tingkat pengangguran",
        satuan="%",
        direction="lower",
        formula="Jumlah Penganggur / Angkatan Kerja × 100%",
    )
    ranged = IndicatorFactory(
        strategic_target=target, name="Indeks kepuasan", satuan="indeks", formula=""
    )
    YearlyTargetFactory(indicator=lower, year=YEAR, value=Decimal(7))
    YearlyTargetFactory(indicator=ranged, year=YEAR, value=Decimal(80), value_upper=Decimal(90))
    sign(document, staf=staf, kepala=kepala)
    return {"document": document, "lower": lower, "ranged": ranged}


def _edit_url(indicator, year=YEAR, number=1):
    return reverse("performance:realisasi_edit", args=[indicator.pk, year, number])


def _dashboard(client, unit, year=YEAR, number=0):
    url = reverse("performance:dashboard") + f"?unit={unit.pk}&tahun={year}&periode={number}"
    return client.get(url).content.decode()


def test_staf_records_typed_and_computed_realisasi_and_the_dashboard_shows_capaian(
    client, staf, unit, world
):
    client.force_login(staf)
    computed = client.post(
        _edit_url(world["lower"]),
        {
            "version": 0,
            "how": "formula",
            "part_0": "65",  # Jumlah Penganggur
            "part_1": "1.000",  # Angkatan Kerja: one thousand, the Indonesian way
            "supporting_factors": "Pelatihan kerja",
        },
        follow=True,
    )
    assert "Realisasi disimpan: 6,5, dihitung dari rumus." in computed.content.decode()
    figure = Realisasi.objects.get(indicator=world["lower"])
    assert figure.value == Decimal("6.5") and figure.parts == {
        "Jumlah Penganggur": "65",
        "Angkatan Kerja": "1.000",
    }
    client.post(_edit_url(world["ranged"]), {"version": 0, "value": "92"})
    page = _dashboard(client, unit)
    assert "107,14 %" in page and "Sangat Baik" in page  # lower is better, 7 → 6,5
    assert "(1 + (1 − 6,5 / 7)) × 100 %" in page  # the working, on the page
    assert "102,22 %" in page and "di atas rentang 80–90" in page
    form = client.get(_edit_url(world["lower"])).content.decode()
    assert "Jumlah Penganggur = 65; Angkatan Kerja = 1.000 → 6,5" in form


def test_a_bad_number_is_refused_in_indonesian_and_nothing_is_saved(client, staf, world):
    client.force_login(staf)
    page = client.post(_edit_url(world["ranged"]), {"version": 0, "value": "3.5.1"})
    assert page.status_code == 200 and "Tulis angka" in page.content.decode()
    assert not Realisasi.objects.exists()


def test_submit_approve_lock_return_and_reopen_with_reasons(client, staf, kepala, unit, world):
    client.force_login(staf)
    client.post(_edit_url(world["ranged"]), {"version": 0, "value": "85"})
    period = ReportingPeriod.objects.get(unit=unit, year=YEAR, number=0)
    page = _dashboard(client, unit)
    assert "Ajukan untuk disetujui" in page and "Setujui" not in page  # staf's buttons only
    step = lambda action, **data: client.post(  # noqa: E731
        reverse("performance:period_step", args=[period.pk, action]), data, follow=True
    )
    assert "Diajukan untuk disetujui." in step("ajukan").content.decode()
    refused = client.post(_edit_url(world["ranged"]), {"version": 1, "value": "70"})
    assert refused.status_code == 403  # submitted figures are locked
    client.force_login(kepala)
    assert "Menunggu persetujuan Anda" in _dashboard(client, unit)
    home = client.get(reverse("indicators:dashboard")).content.decode()
    assert "menunggu persetujuan Anda" in home.split("Perlu perhatian Anda", 1)[1]
    assert "Sebutkan alasan" in step("kembalikan", reason=" ").content.decode()
    assert (
        "Dikembalikan kepada staf." in step("kembalikan", reason="Lampirkan bukti").content.decode()
    )
    client.force_login(staf)
    assert "Lampirkan bukti" in _dashboard(client, unit)
    step("ajukan")
    client.force_login(kepala)
    assert "Disetujui: angka dikunci." in step("setujui").content.decode()
    period.refresh_from_db()
    assert period.status == "approved"
    assert step("buka", reason="Salah ketik").status_code == 200
    period.refresh_from_db()
    assert period.status == "draft" and period.returned_reason == "Salah ketik"
    steps = list(PeriodTransition.objects.filter(period=period).values_list("to_status", "reason"))
    assert steps == [
        ("submitted", ""),
        ("draft", "Lampirkan bukti"),
        ("submitted", ""),
        ("approved", ""),
        ("draft", "Salah ketik"),
    ]


def test_recording_realisasi_never_changes_the_signed_document(client, staf, world):
    document = world["document"]
    before = document.signed_version.sha256, document.version
    client.force_login(staf)
    client.post(_edit_url(world["ranged"]), {"version": 0, "value": "85"})
    document.refresh_from_db()
    assert (document.signed_version.sha256, document.version) == before


def test_an_iku_keeps_its_realisasi_across_a_perubahan_measured_by_the_version_in_force(
    client, staf, kepala, unit, world
):
    client.force_login(staf)
    client.post(_edit_url(world["ranged"]), {"version": 0, "value": "92"})
    revision = workflow.document_start_revision(document=world["document"], user=staf)
    carried = Indicator.objects.get(document=revision, name="Indeks kepuasan")
    assert carried.lineage_id == world["ranged"].pk
    target = carried.targets.get(year=YEAR)
    assert (target.value, target.value_upper) == (Decimal(80), Decimal(90))  # the range kept
    sign(revision, staf=staf, kepala=kepala)
    # YEAR is still measured by the version in force then, the first one, with its realisasi.
    document, rows, _periods = unit_year(unit, YEAR)
    assert document == world["document"]
    assert [r.year_value for r in rows if r.indicator.name == "Indeks kepuasan"] == ["92"]
    # The revision, signed this year, measures this year: a figure recorded through it joins
    # the same lineage.
    document, rows, _periods = unit_year(unit, NOW)
    assert document == revision
    client.post(_edit_url(carried, year=NOW), {"version": 0, "value": "88"})
    assert set(Realisasi.objects.values_list("indicator_id", "year")) == {
        (world["ranged"].pk, YEAR),
        (world["ranged"].pk, NOW),
    }
    assert client.get(_edit_url(world["ranged"], year=NOW)).status_code == 404  # not in force


def test_the_dashboard_has_a_constant_number_of_queries(
    client, staf, unit, world, django_assert_max_num_queries
):
    client.force_login(staf)
    for indicator in (world["lower"], world["ranged"]):
        client.post(_edit_url(indicator), {"version": 0, "value": "5"})
    with django_assert_max_num_queries(25) as small:
        _dashboard(client, unit)
    queries = len(small.captured_queries)  # now: the log keeps only the last 9,000 queries
    target = world["lower"].strategic_target
    document = world["document"]
    extra = Indicator.objects.filter(document=document).count()
    assert extra == 2
    # The same page with thirty more IKU (a fresh signed document of another period).
    other = DocumentFactory(unit=unit, period_start=NOW + 1, period_end=NOW + 5)
    sasaran = StrategicTargetFactory(document=other)
    for _n in range(30):
        IndicatorFactory(strategic_target=sasaran)
    kepala = Membership.objects.get(unit=unit, role="kepala").user
    sign_document(other, staf=staf, kepala=kepala)
    # What the signing's commit asks of a worker (its unit's standings) runs after the next
    # response in tests (core.tests.on_commit): not part of the page measured.
    _dashboard(client, unit, year=NOW + 1)
    with django_assert_max_num_queries(queries):
        _dashboard(client, unit, year=NOW + 1)
    assert target  # the first document's sasaran is untouched


EVIL = [
    ("laporan.pdf", b"<html><script>alert(1)</script></html>", "bukan PDF"),
    ("gambar.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', ""),
    ("bukti.pdf", b"MZ\x90\x00" + b"\x00" * 100, ""),  # a renamed executable
]


@pytest.mark.parametrize(("name", "content", "_note"), EVIL)
def test_evidence_that_is_not_a_document_is_refused(client, staf, world, name, content, _note):
    client.force_login(staf)
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    page = client.post(
        _edit_url(world["ranged"]), {"version": 0, "value": "85", "evidence": upload}
    )
    assert "Isinya yang diperiksa, bukan namanya." in page.content.decode()
    assert not Evidence.objects.exists() and not Realisasi.objects.exists()


def test_an_oversized_evidence_file_is_refused(client, staf, world, settings):
    settings.EVIDENCE_MAX_FILE_BYTES = 1000
    client.force_login(staf)
    upload = SimpleUploadedFile("besar.pdf", b"%PDF-1.7\n" + b"0" * 2000)
    page = client.post(
        _edit_url(world["ranged"]), {"version": 0, "value": "85", "evidence": upload}
    )
    assert "Berkas lebih besar dari" in page.content.decode()
    assert not Evidence.objects.exists()


def test_evidence_is_kept_under_a_clean_name_and_served_only_as_a_download(
    client, staf, outsider, world
):
    client.force_login(staf)
    upload = SimpleUploadedFile("../../Laporan TW<1>.exe.pdf", b"%PDF-1.7\n%%EOF\n")
    client.post(_edit_url(world["ranged"]), {"version": 0, "value": "85", "evidence": upload})
    item = Evidence.objects.get()
    assert item.name == "Laporan_TW1.exe.pdf" and item.content_type == "application/pdf"
    response = client.get(reverse("performance:evidence_download", args=[item.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(outsider)
    assert client.get(reverse("performance:evidence_download", args=[item.pk])).status_code == 404
    page = client.get(_edit_url(world["ranged"]))
    assert page.status_code == 404


def test_the_working_names_each_part_when_a_part_is_missing(client, staf, world):
    client.force_login(staf)
    page = client.post(_edit_url(world["lower"]), {"version": 0, "how": "formula", "part_0": "65"})
    text = page.content.decode()
    assert "Beri nilai untuk setiap bagian rumus." in text
    assert re.search(r"Angkatan Kerja", text)
    assert not Realisasi.objects.exists()


def test_the_ranking_shows_units_by_average_capaian_and_marks_late_ones(
    client, staf, superuser, unit, other_unit, world
):
    client.force_login(staf)
    client.post(_edit_url(world["lower"]), {"version": 0, "value": "6,5"})  # 107,14 %
    client.post(_edit_url(world["ranged"]), {"version": 0, "value": "70"})  # 87,5 %
    Deadline.objects.create(year=YEAR, number=0, due=f"{YEAR + 1}-01-31")
    client.force_login(superuser)
    url = reverse("performance:ranking") + f"?tahun={YEAR}"
    assert "Peringkat sedang dihitung…" in client.get(url).content.decode()  # by the worker
    page = client.get(url).content.decode()
    assert "Peringkat sedang dihitung" not in page
    assert page.index(unit.name) < page.index(other_unit.name)  # a unit without capaian last
    assert "97,32 %" in page  # (107,14 + 87,5) / 2
    assert "2/2 (100 %)" in page and "Terlambat" in page  # not approved by the deadline
    client.force_login(staf)
    page = client.get(reverse("performance:ranking") + f"?tahun={YEAR}").content.decode()
    assert unit.name in page and other_unit.name not in page  # only what the user oversees
    assert "Terlambat" in _dashboard(client, unit)  # the unit's own page says so too


def test_the_kept_standing_follows_a_changed_realisasi(client, staf, superuser, unit, world):
    client.force_login(staf)
    client.post(_edit_url(world["ranged"]), {"version": 0, "value": "70"})  # 87,5 %
    client.force_login(superuser)
    url = reverse("performance:ranking") + f"?tahun={YEAR}"
    assert "87,50 %" in client.get(url).content.decode()
    assert YearStanding.objects.get(unit=unit, year=YEAR).average == Decimal("87.5")
    client.force_login(staf)
    client.post(_edit_url(world["ranged"]), {"version": 0, "value": "85"})  # 100 %
    client.force_login(superuser)
    page = client.get(url).content.decode()
    assert "100,00 %" in page and "87,50 %" not in page


def test_a_pemda_sets_its_own_predicate_bands_for_the_units_under_it(
    client, staf, superuser, unit, world
):
    pemda = UnitFactory(kind="pemprov")
    unit.parent = pemda
    unit.save()
    PredicateBand.objects.create(unit=pemda, minimum=100, label="Tercapai", colour="#1b5e20")
    PredicateBand.objects.create(unit=pemda, minimum=0, label="Belum Tercapai", colour="#ffcdd2")
    client.force_login(staf)
    client.post(_edit_url(world["ranged"]), {"version": 0, "value": "70"})  # 87,5 %
    client.post(_edit_url(world["lower"]), {"version": 0, "value": "6,5"})  # 107,14 %
    page = _dashboard(client, unit)
    assert "Belum Tercapai" in page and "Tercapai" in page and "Baik" not in page
    client.force_login(superuser)
    ranking = client.get(reverse("performance:ranking") + f"?tahun={YEAR}").content.decode()
    row = ranking.split(unit.name, 1)[1].split("</tr>", 1)[0]
    assert "97,32 %" in row and "Belum Tercapai" in row  # the average is below 100


def test_a_quarterly_iku_rolls_up_its_quarters_on_the_page(client, staf, kepala, unit):
    document = DocumentFactory(unit=unit, period_start=NOW - 1, period_end=NOW)
    sasaran = StrategicTargetFactory(document=document)
    quarterly = IndicatorFactory(
        strategic_target=sasaran,
        name="Jumlah koperasi dibina",
        satuan="unit",
        formula="",
        frequency="triwulanan",
        calculation_type="kumulatif",
    )
    YearlyTargetFactory(indicator=quarterly, year=NOW - 1, value=Decimal(100))

    sign(document, staf=staf, kepala=kepala)
    client.force_login(staf)
    for quarter, value in ((1, "20"), (2, "30")):
        response = client.post(
            _edit_url(quarterly, NOW - 1, quarter), {"version": 0, "value": value}
        )
        assert response.status_code == 302
    page = _dashboard(client, unit, year=NOW - 1, number=2)  # up to triwulan II
    assert "100,00 %" in page and "Kumulatif: jumlah realisasi periode 1–2 adalah 50" in page
    whole_year = _dashboard(client, unit, year=NOW - 1, number=0)
    assert "periode 1–2 adalah 50" in whole_year  # the year so far: 50 against 2 × 25
    assert ReportingPeriod.objects.filter(unit=unit, year=NOW - 1).count() == 2  # TW I, TW II


def test_the_evidence_of_a_period_has_a_total_limit(client, staf, world, settings):
    settings.EVIDENCE_MAX_PERIOD_BYTES = 1500
    client.force_login(staf)
    first = SimpleUploadedFile("satu.pdf", b"%PDF-1.7\n" + b"0" * 1000)
    client.post(_edit_url(world["ranged"]), {"version": 0, "value": "85", "evidence": first})
    second = SimpleUploadedFile("dua.pdf", b"%PDF-1.7\n" + b"0" * 1000)
    page = client.post(_edit_url(world["lower"]), {"version": 0, "value": "6", "evidence": second})
    assert "Bukti dukung periode ini akan melebihi" in page.content.decode()
    assert Evidence.objects.count() == 1
    assert not Realisasi.objects.filter(indicator=world["lower"]).exists()  # nothing half-done


def test_realisasi_for_a_year_that_has_not_begun_is_refused(client, staf, kepala, unit):
    document = DocumentFactory(unit=unit, period_start=NOW, period_end=NOW + 2)
    iku = IndicatorFactory(strategic_target=StrategicTargetFactory(document=document), formula="")
    YearlyTargetFactory(indicator=iku, year=NOW + 1, value=Decimal(10))
    sign(document, staf=staf, kepala=kepala)
    client.force_login(staf)
    response = client.post(_edit_url(iku, NOW + 1), {"version": 0, "value": "5"})
    assert response.status_code == 200
    assert f"{NOW + 1} belum dimulai" in response.content.decode()
    assert not Realisasi.objects.filter(year=NOW + 1).exists()


def test_kinerja_opens_on_the_latest_year_with_figures_not_a_future_year(
    client, staf, kepala, unit
):
    document = DocumentFactory(unit=unit, period_start=NOW - 2, period_end=NOW + 2)
    iku = IndicatorFactory(strategic_target=StrategicTargetFactory(document=document), formula="")
    sign(document, staf=staf, kepala=kepala)
    client.force_login(staf)
    client.post(_edit_url(iku, NOW - 2), {"version": 0, "value": "5"})
    page = client.get(reverse("performance:dashboard") + f"?unit={unit.pk}").content.decode()
    assert re.search(rf'<option value="{NOW - 2}" selected', page)


def test_returned_and_reopened_are_told_apart_and_a_returned_period_waits_for_the_staf(
    client, staf, kepala, unit, world
):
    client.force_login(staf)
    client.post(_edit_url(world["ranged"]), {"version": 0, "value": "85"})
    period = ReportingPeriod.objects.get(unit=unit, year=YEAR, number=0)
    step = lambda action, **data: client.post(  # noqa: E731
        reverse("performance:period_step", args=[period.pk, action]), data, follow=True
    )
    step("ajukan")
    client.force_login(kepala)
    step("kembalikan", reason="Lampirkan bukti")
    client.force_login(staf)
    home = client.get(reverse("indicators:dashboard")).content.decode()
    waiting = home.split("Perlu perhatian Anda", 1)[1]
    assert "dikembalikan kepada Anda: Lampirkan bukti" in waiting
    page = _dashboard(client, unit)
    assert "Dikembalikan: Lampirkan bukti" in page
    step("ajukan")
    client.force_login(kepala)
    step("setujui")
    page = step("buka", reason="Salah ketik").content.decode()
    assert "Dibuka kembali: Salah ketik" in page
    history = page.split("Salah ketik", 1)[1]
    assert "Dibuka kembali" in history and "Dikembalikan" in page


def test_a_year_with_one_quarter_filled_says_it_is_measured_to_date(client, staf, kepala, unit):
    """Q1 20 of a kumulatif 100: 100 % of the target so far (25), never shown as the year's
    final capaian: "s.d. Triwulan I", beside 20 % of the year's target; the report says so
    too."""
    document = DocumentFactory(unit=unit, period_start=NOW - 1, period_end=NOW)
    quarterly = IndicatorFactory(
        strategic_target=StrategicTargetFactory(document=document),
        name="Jumlah koperasi dibina",
        formula="",
        frequency="triwulanan",
        calculation_type="kumulatif",
    )
    YearlyTargetFactory(indicator=quarterly, year=NOW - 1, value=Decimal(100))
    sign(document, staf=staf, kepala=kepala)
    client.force_login(staf)
    client.post(_edit_url(quarterly, NOW - 1, 1), {"version": 0, "value": "20"})
    page = _dashboard(client, unit, year=NOW - 1, number=0)
    assert "s.d. Triwulan I" in page and "20,00 % dari target tahunan" in page
    form = client.get(_edit_url(quarterly, NOW - 1, 2)).content.decode()
    assert "bagiannya dari target tahunan" in form  # what an empty period target means
    assert "s.d. Triwulan I" in report_html(unit, NOW - 1)


def test_evidence_is_removed_while_its_period_is_open_and_the_removal_is_kept(
    client, staf, kepala, outsider, unit, world
):
    client.force_login(staf)
    upload = SimpleUploadedFile("bukti.pdf", b"%PDF-1.7\n%%EOF\n")
    client.post(_edit_url(world["ranged"]), {"version": 0, "value": "85", "evidence": upload})
    item = Evidence.objects.get()
    stored = item.file.name
    client.force_login(outsider)
    remove = reverse("performance:evidence_delete", args=[item.pk])
    assert client.post(remove).status_code == 404
    client.force_login(staf)
    assert "Hapus" in client.get(_edit_url(world["ranged"])).content.decode()
    page = client.post(remove, follow=True).content.decode()
    assert "Bukti dukung “bukti.pdf” dihapus." in page
    assert not Evidence.objects.exists() and not item.file.storage.exists(stored)
    removal = Evidence.history.get(history_type="-")
    assert (removal.name, removal.history_user) == ("bukti.pdf", staf)
    # Once the figures are approved, evidence stays.
    again = SimpleUploadedFile("bukti-2.pdf", b"%PDF-1.7\n%%EOF\n")
    version = Realisasi.objects.get().version
    client.post(_edit_url(world["ranged"]), {"version": version, "value": "85", "evidence": again})
    kept = Evidence.objects.get()
    period = ReportingPeriod.objects.get(unit=unit, year=YEAR, number=0)
    client.post(reverse("performance:period_step", args=[period.pk, "ajukan"]))
    client.force_login(kepala)
    client.post(reverse("performance:period_step", args=[period.pk, "setujui"]))
    client.force_login(staf)
    refused = client.post(reverse("performance:evidence_delete", args=[kept.pk]))
    assert refused.status_code == 403 and Evidence.objects.filter(pk=kept.pk).exists()


def test_a_perubahan_signed_reopens_the_approved_year_it_now_measures(
    client, staf, kepala, unit, world
):
    """The approved figures of a year the Perubahan now measures are reopened, with the reason
    on the page; a year that had ended before it was signed keeps its document and approval."""
    for year in (YEAR, NOW):
        services.realisasi_save(
            indicator=world["ranged"], year=year, number=1, user=staf, value=Decimal(85),
            version=None,
        )  # fmt: skip
        period = ReportingPeriod.objects.get(unit=unit, year=year, number=0)
        services.period_submit(period=period, user=staf)
        services.period_approve(period=period, user=kepala)
    revision = workflow.document_start_revision(document=world["document"], user=staf)
    sign(revision, staf=staf, kepala=kepala)
    now = ReportingPeriod.objects.get(unit=unit, year=NOW, number=0)
    past = ReportingPeriod.objects.get(unit=unit, year=YEAR, number=0)
    assert now.status == ReportingPeriod.Status.DRAFT and "Perubahan" in now.returned_reason
    assert past.status == ReportingPeriod.Status.APPROVED
    client.force_login(kepala)
    assert "Dibuka kembali: Perubahan (perubahan ke-1)" in _dashboard(client, unit, year=NOW)


def test_deleting_an_iku_with_realisasi_from_a_perubahan_warns_first_naming_the_years(
    client, staf, kepala, unit, world
):
    client.force_login(staf)
    client.post(_edit_url(world["ranged"]), {"version": 0, "value": "85"})
    revision = workflow.document_start_revision(document=world["document"], user=staf)
    carried = Indicator.objects.get(document=revision, name="Indeks kepuasan")
    delete = reverse("indicators:item_delete", args=["iku", carried.pk])
    warned = client.post(delete).content.decode()
    assert f"IKU ini memiliki realisasi untuk {YEAR}." in warned
    assert Indicator.objects.filter(pk=carried.pk).exists()  # nothing deleted yet
    client.post(delete, {"confirmed": "1"})
    assert not Indicator.objects.filter(pk=carried.pk).exists()
    lower = Indicator.objects.get(document=revision, name="Tingkat pengangguran")
    client.post(reverse("indicators:item_delete", args=["iku", lower.pk]))  # no realisasi
    assert not Indicator.objects.filter(pk=lower.pk).exists()
