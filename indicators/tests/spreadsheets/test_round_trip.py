"""The flat export read back by the import gives the identical tree, field by field, whatever
the interface language it was exported in: the two demo documents and a document that uses
every field with values other than the defaults. A value the import does not understand is a
problem named by sheet, row and column, never a silent default."""

import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from indicators.choices import Direction
from indicators.models import Goal, IKUDocument, Indicator, StrategicTarget, YearlyTarget
from indicators.tests.factories import (
    DocumentFactory,
    GoalFactory,
    GoalIndicatorFactory,
    IndicatorFactory,
    StrategicTargetFactory,
)
from indicators.tests.spreadsheets.test_import import apply, upload, xlsx
from organizations.models import Membership
from organizations.tests.factories import MembershipFactory, UnitFactory

# What a copy cannot share with its original: where it is stored and its place in history.
NOT_COMPARED = {"id", "document", "goal", "strategic_target", "indicator", "origin", "version"}


def _fields(row) -> dict:
    return {
        f.attname: getattr(row, f.attname)
        for f in row._meta.concrete_fields
        if f.name not in NOT_COMPARED and f.attname.removesuffix("_id") not in NOT_COMPARED
    }


def tree(document) -> list:
    """Every field of every tujuan, indikator tujuan, sasaran, IKU and target, in order."""
    rows = []
    targets = StrategicTarget.objects.filter(document=document).select_related("goal")
    for target in targets.order_by("order"):
        goal = target.goal
        rows.append(
            (
                _fields(goal) if goal else None,
                [_fields(gi) for gi in goal.indicators.order_by("order")] if goal else [],
                _fields(target),
                [
                    (
                        _fields(indicator),
                        [_fields(t) for t in YearlyTarget.objects.filter(indicator=indicator)
                         .order_by("year")],
                    )
                    for indicator in Indicator.objects.filter(strategic_target=target).order_by(
                        "order"
                    )
                ],
            )
        )  # fmt: skip
    return rows


def differences(copy, original, where="") -> list[str]:
    """Every field that differs between two trees, named by where it is."""
    if isinstance(original, dict) and isinstance(copy, dict):
        return [
            f"{where}.{key}: {copy.get(key)!r} != {original.get(key)!r}"
            for key in original.keys() | copy.keys()
            if copy.get(key) != original.get(key)
        ]
    if isinstance(original, list | tuple) and isinstance(copy, list | tuple):
        if len(copy) != len(original):
            return [f"{where}: {len(copy)} items != {len(original)}"]
        return [
            d
            for n, (a, b) in enumerate(zip(copy, original, strict=True))
            for d in differences(a, b, f"{where}[{n}]")
        ]
    return [] if copy == original else [f"{where}: {copy!r} != {original!r}"]


def round_trip(client, user, document, *, language="id") -> IKUDocument:
    """Export `document` (among its unit's), import it into a unit of its own (the original's
    unit already holds a document of that period)."""
    into = UnitFactory()
    MembershipFactory(unit=into, user=user, role=Membership.Role.STAF)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    exported = client.get(reverse("indicators:flat_xlsx", args=[document.unit_id])).content
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    preview = upload(client, into, exported, start=document.period_start, end=document.period_end)
    page = preview.content.decode()
    assert "masalah" not in page, page[page.find("alert-danger") :][:600]
    apply(client, preview)
    return IKUDocument.objects.get(unit=into)


@pytest.fixture
def every_field(unit):
    """A document that uses every field, none at its default."""
    document = DocumentFactory(unit=unit, period_start=2025, period_end=2029)
    goal = GoalFactory(document=document, order=0, code="T.1", text="Meningkatnya tata kelola")
    GoalIndicatorFactory(goal=goal, order=0, text="Indeks reformasi birokrasi")
    GoalIndicatorFactory(goal=goal, order=1, text="Nilai SAKIP")
    target = StrategicTargetFactory(
        document=document, goal=goal, order=0, code="SS.1", text="Meningkatnya akuntabilitas"
    )
    lower = IndicatorFactory(
        strategic_target=target,
        order=0,
        code="IKU-1",
        name="Persentase temuan BPK yang belum ditindaklanjuti",
        satuan="%",
        formula="(Temuan belum ditindaklanjuti / Total temuan) × 100%",
        explanation="<p>Temuan <strong>material</strong> saja.</p><ul><li>BPK</li></ul>",
        selection_reason="Mengukur kepatuhan",
        definition="Temuan yang melewati 60 hari",
        direction=Direction.LOWER,
        calculation_type=Indicator.CalculationType.CUMULATIVE,
        frequency=Indicator.Frequency.QUARTERLY,
        baseline_year=2023,
        baseline_value=Decimal("12.5"),
        data_source="Inspektorat",
        responsible="Sekretariat",
        perspective="Internal Process",
        cascading=Indicator.Cascading.NON_MAP,
    )
    YearlyTarget.objects.create(indicator=lower, year=2025, value=Decimal("10"))
    YearlyTarget.objects.create(
        indicator=lower, year=2026, value=Decimal("5"), value_upper=Decimal("7.5")
    )
    stable = IndicatorFactory(
        strategic_target=target,
        order=1,
        code="IKU-2",
        name="Rasio belanja pegawai",
        direction=Direction.STABLE,
        calculation_type=Indicator.CalculationType.AVERAGE,
        frequency=Indicator.Frequency.SEMESTER,
        baseline_not_available=True,
        cascading=Indicator.Cascading.NONE,
        perspective="Learning & Growth",
    )
    YearlyTarget.objects.create(indicator=stable, year=2029, value=Decimal("1250000.75"))
    IndicatorFactory(
        strategic_target=target,
        order=2,
        name="Persentase realisasi anggaran",
        direction=Direction.HIGHER,
        calculation_type=Indicator.CalculationType.LAST_PERIOD,
        frequency=Indicator.Frequency.MONTHLY,
        cascading=Indicator.Cascading.MAP,
    )
    return document


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_document_using_every_field_comes_back_identical(client, staf, every_field, language):
    client.force_login(staf)
    copy = round_trip(client, staf, every_field, language=language)
    assert differences(tree(copy), tree(every_field)) == []
    # the case the audit found: a lower-is-better IKU stays lower-is-better
    assert copy.indicators.get(code="IKU-1").direction == Direction.LOWER


@pytest.mark.parametrize(
    "government", ["Provinsi Sumatera Selatan", "Provinsi Jambi"], ids=["sumsel", "jambi"]
)
def test_the_demo_documents_come_back_identical(client, db, government):
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())
    document = IKUDocument.objects.get(unit__government=government, unit__kind="dinas")
    login = "sumsel.staf" if "Sumatera" in government else "jambi.staf"
    user = get_user_model().objects.get(username=login)
    client.force_login(user)
    copy = round_trip(client, user, document)
    assert differences(tree(copy), tree(document)) == []
    assert Goal.objects.filter(document=copy).count() == document.goals.count()


def test_a_choice_the_import_does_not_know_is_a_problem_naming_the_cell(client, staf, unit):
    content = xlsx(
        [
            ["Sasaran Strategis", "Indikator Kinerja", "Arah", "Tahun Baseline"],
            ["S", "IKU satu", "Makin rendah makin baik", 2023],
            ["S", "IKU dua", "turun", "dua ribu"],
        ]
    )
    client.force_login(staf)
    page = upload(client, unit, content).content.decode()
    assert (
        "Lembar “Sheet”, baris 3, kolom C (“Arah”): “turun” bukan Arah yang dikenal portal: "
        "tulis salah satu dari “Makin tinggi makin baik”, “Makin rendah makin baik”, "
        "“Stabil (dalam rentang)”." in page
    )
    assert "Lembar “Sheet”, baris 3, kolom D (“Tahun Baseline”): “dua ribu” bukan tahun." in page
    assert "Terapkan" not in page


def test_a_file_without_an_arah_column_says_which_default_it_takes(client, staf, unit):
    content = xlsx([["Sasaran Strategis", "Indikator Kinerja"], ["S", "IKU satu"]])
    client.force_login(staf)
    page = upload(client, unit, content).content.decode()
    assert "Berkas tidak memiliki kolom “Arah”, “Tipe Perhitungan”, “Frekuensi Pengukuran”" in (
        page
    )
    assert "Makin tinggi makin baik" in page


def test_one_document_exports_per_iku_and_imports_back_into_another_unit(client, staf, every_field):
    """A unit's export holds all its documents (the import takes one): a document's own
    per-IKU export is the file to copy it with."""
    DocumentFactory(unit=every_field.unit, period_start=2030, period_end=2034)  # another one
    client.force_login(staf)
    exported = client.get(reverse("indicators:document_flat_xlsx", args=[every_field.pk]))
    assert exported.status_code == 200
    assert exported["Content-Disposition"].endswith('-per-iku.xlsx"')
    into = UnitFactory()
    MembershipFactory(unit=into, user=staf, role=Membership.Role.STAF)
    preview = upload(client, into, exported.content, start=2025, end=2029)
    assert "masalah" not in preview.content.decode()
    apply(client, preview)
    assert differences(tree(IKUDocument.objects.get(unit=into)), tree(every_field)) == []


def test_the_template_offers_every_column_the_import_reads(client, staf):
    from openpyxl import load_workbook

    client.force_login(staf)
    book = load_workbook(io.BytesIO(client.get(reverse("indicators:import_template")).content))
    headers = [cell.value for cell in book["IKU"][1]]
    for header in ("Arah", "Tipe Perhitungan", "Frekuensi Pengukuran", "Jenis Cascading"):
        assert header in headers
    assert {"Tahun Baseline", "Penjelasan"} <= set(headers)
