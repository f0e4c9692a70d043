"""Numbers the Indonesian way: one parsing rule, shown back as understood, never changed in
magnitude silently."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.numbers import (
    NOT_AVAILABLE,
    Range,
    format_number,
    parse_value,
    terbilang,
)
from indicators.models import Indicator, YearlyTarget
from indicators.printing.pdf import document_pdf
from indicators.tests.factories import DocumentFactory, StrategicTargetFactory
from indicators.tests.printing.test_pdf import pdf_pages


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("3,4", Decimal("3.4")),
        ("1.000", Decimal("1000")),
        ("1.250,5", Decimal("1250.5")),
        ("1.250.000", Decimal("1250000")),
        ("3.5", Decimal("3.5")),  # a lone dot without three digits after it: a decimal point
        ("0.125", Decimal("0.125")),
        ("-2,75", Decimal("-2.75")),
        ("75%", Decimal("75")),
        (" 12 ", Decimal("12")),
        ("80–90", Range(Decimal("80"), Decimal("90"))),
        ("80 - 90", Range(Decimal("80"), Decimal("90"))),
        ("80 s.d. 90", Range(Decimal("80"), Decimal("90"))),
        ("tidak ada", NOT_AVAILABLE),
        ("N/A", NOT_AVAILABLE),
        ("", None),
    ],
)
def test_what_is_typed_is_what_is_understood(typed, value):
    assert parse_value(typed, allow_range=True, allow_not_available=True) == value


@pytest.mark.parametrize("typed", ["1.5.3", "1,000,5", "1.25,5", "1,000", "abc", "3,", "1e5"])
def test_ambiguous_or_wrong_numbers_are_refused_with_how_to_write_them(typed):
    with pytest.raises(ValidationError) as refused:
        parse_value(typed, allow_range=True)
    assert typed in refused.value.messages[0]


def test_ranges_and_tidak_ada_only_where_allowed():
    with pytest.raises(ValidationError):
        parse_value("80–90")
    with pytest.raises(ValidationError):
        parse_value("tidak ada")
    with pytest.raises(ValidationError):
        parse_value("90–80", allow_range=True)


@pytest.mark.parametrize(
    ("value", "shown", "words"),
    [
        (Decimal("3.5000"), "3,5", "tiga koma lima"),
        (Decimal("1000"), "1.000", "seribu"),
        (Decimal("1250000.50"), "1.250.000,5", "satu juta dua ratus lima puluh ribu koma lima"),
        (Decimal("-0.5"), "-0,5", "minus nol koma lima"),
        (Decimal("1E+3"), "1.000", "seribu"),
    ],
)
def test_shown_without_trailing_zeros_and_in_words(value, shown, words):
    assert format_number(value) == shown
    assert terbilang(value) == words


@pytest.fixture
def sasaran(unit):
    return StrategicTargetFactory(document=DocumentFactory(unit=unit, layout="matriks"))


def _post(client, sasaran, **fields):
    data = {
        "strategic_target": sasaran.pk,
        "name": "Indeks kepuasan",
        "direction": "higher",
        "calculation_type": "non_kumulatif",
        **fields,
    }
    return client.post(
        reverse("indicators:indicator_create", args=[sasaran.document_id]), data, follow=True
    )


def test_baseline_and_targets_typed_the_indonesian_way_are_stored_as_meant(client, staf, sasaran):
    client.force_login(staf)
    page = _post(
        client,
        sasaran,
        baseline="3,4",
        baseline_year="2023",
        target_2024="1.000",
        target_2025="80–90",
        target_2026="3.5",
    ).content.decode()
    indicator = Indicator.objects.get(name="Indeks kepuasan")
    assert indicator.baseline_value == Decimal("3.4")
    targets = {t.year: (t.value, t.value_upper) for t in indicator.targets.all()}
    assert targets == {
        2024: (Decimal("1000"), None),
        2025: (Decimal("80"), Decimal("90")),
        2026: (Decimal("3.5"), None),
    }
    # Shown back as understood, in figures and in words.
    assert "Target 2024: 1.000 (seribu)" in page
    assert "Baseline: 3,4 (tiga koma empat)" in page
    # The form shows the values again without trailing zeros.
    form = client.get(reverse("indicators:indicator_edit", args=[indicator.pk])).content.decode()
    assert 'value="3,4"' in form and 'value="80–90"' in form and 'value="3,5"' in form
    assert "3,4000" not in form


def test_no_number_input_drops_the_comma(client, staf, sasaran):
    client.force_login(staf)
    form = client.get(reverse("indicators:indicator_create", args=[sasaran.document_id]))
    html = form.content.decode()
    assert 'type="number"' not in html
    for name in ("baseline", "target_2024"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert 'inputmode="decimal"' in tag and 'type="text"' in tag


def test_a_refused_number_saves_nothing_and_keeps_what_was_typed(client, staf, sasaran):
    client.force_login(staf)
    page = _post(client, sasaran, baseline="1.25,5", target_2024="1,000").content.decode()
    assert not Indicator.objects.filter(name="Indeks kepuasan").exists()
    assert "dapat dibaca lebih dari satu cara" in page
    assert 'value="1.25,5"' in page and 'value="1,000"' in page


def test_tidak_ada_is_a_baseline_distinct_from_empty_and_prints_so(client, staf, sasaran):
    client.force_login(staf)
    _post(client, sasaran, baseline="tidak ada", target_2024="80–90")
    indicator = Indicator.objects.get(name="Indeks kepuasan")
    assert indicator.baseline_not_available and indicator.baseline_value is None
    assert YearlyTarget.objects.get(indicator=indicator).value_upper == Decimal("90")
    text = " ".join(pdf_pages(document_pdf(sasaran.document)))
    assert "tidak ada" in text and "80–90" in text
