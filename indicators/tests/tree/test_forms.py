"""Entering a new document made easy: the unit preselected, save-and-add, a sasaran added under
its tujuan, choices by code, layouts described, and each field saying whether it prints."""

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.db import connection
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.templatetags.bootstrap_field import bootstrap_field
from indicators.models import Indicator, StrategicTarget
from indicators.tests.factories import (
    DocumentFactory,
    GoalFactory,
    IndicatorFactory,
    StrategicTargetFactory,
    YearlyTargetFactory,
)
from indicators.tree.forms import IndicatorForm
from indicators.tree.selectors import document_outline

LONG = (
    "Meningkatnya kualitas kelembagaan koperasi dan usaha mikro, kecil dan menengah yang "
    "berdaya saing di tingkat nasional dan daerah"
)


@pytest.fixture
def document(unit):
    document = DocumentFactory(unit=unit, layout="lengkap", period_start=2025, period_end=2026)
    goal = GoalFactory(document=document, text="Tujuan pertama")
    StrategicTargetFactory(document=document, goal=goal, text=LONG)
    return document


def _field_help(page: str, field: str) -> str:
    match = re.search(rf'id="id_{field}_helptext"[^>]*>(.*?)</', page, re.S)
    return " ".join(match.group(1).split()) if match else ""


def test_the_unit_is_preselected_for_a_staf_with_one_unit(client, staf, unit):
    client.force_login(staf)
    page = client.get(reverse("indicators:document_create")).content.decode()
    assert re.search(rf'<option value="{unit.pk}" selected>', page)


def test_layouts_are_described_with_their_orientation_and_columns(client, staf):
    client.force_login(staf)
    page = client.get(reverse("indicators:document_create")).content.decode()
    assert page.count('class="layout-thumb') == 4
    assert "A4 lanskap · No. | Tujuan | Indikator Tujuan | Sasaran Strategis" in page
    assert "PENJELASAN" in page and "Perspektif | Sasaran Strategis | Kode" in page


def test_choices_show_the_code_and_the_whole_text(client, staf, document):
    client.force_login(staf)
    page = client.get(reverse("indicators:indicator_create", args=[document.pk])).content.decode()
    assert f"1.1.1 · {LONG}" in page  # not cut at 80 characters
    page = client.get(
        reverse("indicators:strategic_target_create", args=[document.pk])
    ).content.decode()
    assert "1 · Tujuan pertama" in page


def test_a_sasaran_is_added_under_its_tujuan(client, staf, document):
    goal = document.goals.get()
    client.force_login(staf)
    detail = client.get(reverse("indicators:document_detail", args=[document.pk])).content.decode()
    url = reverse("indicators:strategic_target_create", args=[document.pk]) + f"?tujuan={goal.pk}"
    assert f'href="{url}"' in detail
    form = client.get(url).content.decode()
    assert re.search(rf'<option value="{goal.pk}" selected>', form)
    client.post(url, {"goal": goal.pk, "text": "Sasaran kedua", "code": "", "version": 0})
    assert StrategicTarget.objects.get(text="Sasaran kedua").goal == goal


def test_save_and_add_opens_a_new_iku_of_the_same_sasaran(client, staf, document):
    target = document.strategic_targets.get()
    client.force_login(staf)
    response = client.post(
        reverse("indicators:indicator_create", args=[document.pk]),
        {
            "strategic_target": target.pk,
            "name": "IKU pertama",
            "direction": "higher",
            "calculation_type": "non_kumulatif",
            "version": 0,
            "save_and_add": "1",
        },
        follow=True,
    )
    assert Indicator.objects.filter(name="IKU pertama", strategic_target=target).exists()
    url = reverse("indicators:indicator_create", args=[document.pk])
    assert response.redirect_chain[-1][0] == f"{url}?sasaran={target.pk}"
    page = response.content.decode()
    assert "IKU pertama" in page  # the message says it was saved
    assert re.search(rf'<option value="{target.pk}" selected>', page)


def test_each_field_says_whether_the_layout_prints_it(client, staf, document):
    indicator = IndicatorFactory(strategic_target=document.strategic_targets.get())
    client.force_login(staf)
    url = reverse("indicators:indicator_edit", args=[indicator.pk])
    page = client.get(url).content.decode()
    assert "Dicetak di kolom “Sumber Data”" in _field_help(page, "data_source")
    assert "Tidak dicetak" in _field_help(page, "perspective")
    assert "Tidak dicetak" in page.split("Target per tahun")[1][:400]

    document.layout = "matriks"
    document.save()
    page = client.get(url).content.decode()
    assert "Dicetak di kolom “Perspektif”" in _field_help(page, "perspective")
    assert "Tidak dicetak" in _field_help(page, "data_source")
    assert "Dicetak di kolom “Target”" in page


def test_the_iku_form_shows_each_arah_whole_offers_used_perspektif_and_explains_cascading(
    client, staf, document
):
    IndicatorFactory(strategic_target__document=document, perspective="Pelayanan Publik")
    client.force_login(staf)
    page = client.get(reverse("indicators:indicator_create", args=[document.pk])).content.decode()
    # Arah: three radio buttons, each label whole (a narrow select cut them).
    radios = re.findall(r'<input[^>]*type="radio"[^>]*name="direction"[^>]*>', page)
    assert len(radios) == 3
    for label in ("Makin tinggi makin baik", "Makin rendah makin baik", "Stabil (dalam rentang)"):
        assert label in page
    # Perspektif: what the document already uses is offered first, then the BSC's four.
    assert 'list="perspectives"' in page
    options = re.findall(r'<option value="([^"]*)">', page.split('<datalist id="perspectives">')[1])
    assert options[:2] == ["Pelayanan Publik", "Stakeholder"] and "Learning &amp; Growth" in options
    assert "C (cascading peta): diturunkan ke unit di bawahnya" in page


def test_the_settings_say_a_new_layout_brings_its_own_columns(client, staf, document):
    client.force_login(staf)
    page = client.get(reverse("indicators:document_edit", args=[document.pk])).content.decode()
    assert 'data-columns-table data-layout="lengkap"' in page
    assert "Tata letak baru membawa kolomnya sendiri saat disimpan" in page


@pytest.mark.parametrize(
    "data",
    [None, {"name": "", "direction": "sideways", "target_2025": "banyak", "baseline": "x"}],
    ids=["as_opened", "with_errors"],
)
def test_the_iku_form_draws_every_field_as_it_did_with_crispy(document, data):
    # The page draws its fields with |bootstrap_field (lighter) instead of |as_crispy_field:
    # what the user sees is the same, field by field.
    indicator = IndicatorFactory(
        document=document,
        strategic_target=document.strategic_targets.get(),
        perspective="Customer",
        explanation="<p>Dihitung <b>tahunan</b>.</p>",
    )
    YearlyTargetFactory(indicator=indicator, year=2025, value=80)

    def form():
        return IndicatorForm(data, instance=indicator, document=document)

    for name in form().fields:
        ours, crispys = bootstrap_field(form()[name]), as_crispy_field(form()[name])
        assert parse_html(ours) == parse_html(crispys), name


def test_the_outline_holds_the_codes_as_printed_and_the_perspektif_used_once_each(unit):
    document = DocumentFactory(unit=unit)
    first = GoalFactory(document=document, order=0)
    second = GoalFactory(document=document, order=1, code="T2")
    StrategicTargetFactory(document=document, goal=second, order=1, text="Kedua")
    target = StrategicTargetFactory(document=document, goal=first, order=0, text="Pertama")
    StrategicTargetFactory(document=document, goal=None, order=5, text="Lepas")
    for perspective in ["Customer", "", "Anggaran", "Customer"]:
        IndicatorFactory(document=document, strategic_target=target, perspective=perspective)
    IndicatorFactory(perspective="Lain")  # another document's

    outline = document_outline(document=document)

    assert [(g.pk, g.display_code) for g in outline.goals] == [(first.pk, "1"), (second.pk, "T2")]
    assert [(t.text, t.display_code) for t in outline.strategic_targets] == [
        ("Pertama", "1.1.1"),
        ("Kedua", "T2.1.1"),
        ("Lepas", "1"),
    ]
    assert outline.perspectives == ["Anggaran", "Customer"]


def test_the_iku_form_reads_as_much_for_a_long_document_as_for_a_short_one(client, staf, unit):
    client.force_login(staf)
    counts = []
    for n in (2, 40):
        document = DocumentFactory(unit=unit, period_start=2000 + n, period_end=2004 + n)
        targets = [StrategicTargetFactory(document=document, order=i) for i in range(n)]
        for i in range(n):
            indicator = IndicatorFactory(strategic_target=targets[i], perspective=f"P{i}")
            YearlyTargetFactory(indicator=indicator, year=2000 + n)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("indicators:indicator_edit", args=[indicator.pk]))
        assert page.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6  # session, user, IKU, roles, outline, targets
