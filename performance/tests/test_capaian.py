"""The capaian engine, by tables: every direction × tipe perhitungan × edge, and the worked
examples of the regulation and of practice."""

import datetime
from decimal import Decimal as D

import pytest

from performance.capaian import (
    AVERAGE,
    CUMULATIVE,
    HIGHER,
    LAST_PERIOD,
    LOWER,
    NON_CUMULATIVE,
    STABLE,
    PeriodFigure,
    Target,
    capaian,
    predicate,
    roll_up,
)
from performance.models import Deadline
from performance.selectors import is_late


def T(low, high=None):
    return Target(D(low), None if high is None else D(high))


# (realisasi, target, direction, capaian shown, a phrase of its working or reason)
ONE_PERIOD = [
    # The worked examples.
    ("6.5", T(7), LOWER, "107,14 %", "(1 + (1 − 6,5 / 7)) × 100 %"),
    ("70", T(80, 90), HIGHER, "87,50 %", "di bawah rentang 80–90"),
    ("92", T(80, 90), HIGHER, "102,22 %", "di atas rentang 80–90"),
    # Higher is better.
    ("75", T(100), HIGHER, "75,00 %", "75 / 100 × 100 %"),
    ("120", T(100), HIGHER, "120,00 %", ""),
    ("0", T(100), HIGHER, "0,00 %", ""),
    ("-5", T(100), HIGHER, "0,00 %", "tidak pernah di bawah 0 %"),
    ("3.45", T("3.4"), HIGHER, "101,47 %", "3,45 / 3,4"),  # an index with a decimal comma
    # Lower is better.
    ("7", T(7), LOWER, "100,00 %", ""),  # met exactly: 100 %, never 0 %
    ("14", T(7), LOWER, "0,00 %", ""),
    ("21", T(7), LOWER, "0,00 %", "tidak pernah di bawah 0 %"),
    ("0", T(7), LOWER, "200,00 %", ""),
    ("85", T(80, 90), LOWER, "100,00 %", "dalam rentang"),
    ("95", T(80, 90), LOWER, "94,44 %", "batas atasnya 90"),
    ("75", T(80, 90), LOWER, "106,25 %", "batas bawahnya 80"),
    # Stable.
    ("85", T(80, 90), STABLE, "100,00 %", "dalam"),
    ("80", T(80, 90), STABLE, "100,00 %", ""),
    ("92", T(80, 90), STABLE, "97,78 %", "batas terdekat 90"),
    ("70", T(80, 90), STABLE, "87,50 %", "batas terdekat 80"),
    ("250", T(80, 90), STABLE, "0,00 %", "tidak pernah di bawah 0 %"),
    ("5", T(5), STABLE, "100,00 %", ""),
    ("4", T(5), STABLE, "80,00 %", ""),
    # Target 0.
    ("0", T(0), HIGHER, "100,00 %", "tepat"),
    ("0", T(0), LOWER, "100,00 %", "tepat"),
    ("2", T(0), HIGHER, "100,00 %", "tidak ada rasio"),
    ("2", T(0), LOWER, "0,00 %", "tidak ada rasio"),
    ("1", T(0), STABLE, "0,00 %", ""),
]


@pytest.mark.parametrize(("realisasi", "target", "direction", "shown", "phrase"), ONE_PERIOD)
def test_capaian_of_one_period(realisasi, target, direction, shown, phrase):
    result = capaian(D(realisasi), target, direction)
    assert result.display == shown
    assert phrase in " ".join(result.working)


@pytest.mark.parametrize("direction", [HIGHER, LOWER, STABLE])
def test_no_capaian_without_a_realisasi_a_target_or_for_a_negative_target(direction):
    missing = capaian(None, T(10), direction)
    assert missing.percent is None and missing.reason == "Realisasi belum diisi."
    assert capaian(D(0), T(10), direction).percent is not None  # 0 is a value, measured
    assert capaian(D(5), None, direction).reason == "Belum ada target untuk periode ini."
    negative = capaian(D(5), T(-2), direction)
    assert negative.percent is None and "negatif" in negative.reason


def Q(*values, targets=None):
    targets = targets or [None] * len(values)
    return [
        PeriodFigure(None if v is None else D(v), t) for v, t in zip(values, targets, strict=True)
    ]


# (quarters' realisasi, own targets, year target, tipe, direction, capaian, phrase)
ROLL_UP = [
    # Kumulatif: ΣR so far against ΣT so far (the year's target spread evenly when a quarter
    # has none of its own).
    (("20", "30", "25", "25"), None, T(100), CUMULATIVE, HIGHER, "100,00 %", "1–4"),
    (("20", "30", None, None), None, T(100), CUMULATIVE, HIGHER, "100,00 %", "50"),
    (("10", None, None, None), None, T(100), CUMULATIVE, HIGHER, "40,00 %", "25"),
    (("10", "10"), [T(20), T(30)], T(50), CUMULATIVE, HIGHER, "40,00 %", "20 / 50"),
    (("2", "2", "2", "2"), None, T(7), CUMULATIVE, LOWER, "85,71 %", "8 / 7"),
    # Rata-rata: the mean of the filled quarters against the (mean) target.
    (("80", "90", "100", None), None, T(90), AVERAGE, HIGHER, "100,00 %", "3"),
    (("6", "7"), None, T(7), AVERAGE, LOWER, "107,14 %", "6,5"),
    # Akhir periode: the last filled quarter.
    (("50", "60", "95", None), None, T(100), LAST_PERIOD, HIGHER, "95,00 %", "(3)"),
    (("6.5", None), None, T(7), LAST_PERIOD, LOWER, "107,14 %", "(1)"),
    (("92",), None, T(80, 90), LAST_PERIOD, HIGHER, "102,22 %", "atas"),
    # Non-kumulatif: each quarter on its own, the year is their average.
    (("50", "100"), None, T(100), NON_CUMULATIVE, HIGHER, "75,00 %", "Periode 2: 100,00 %"),
    (("85", "92"), None, T(80, 90), NON_CUMULATIVE, STABLE, "98,89 %", "97,78 %"),
    # Zero realisasi is measured, a quarter not filled in is not.
    (("0", None, None, None), None, T(100), LAST_PERIOD, HIGHER, "0,00 %", ""),
]


@pytest.mark.parametrize(
    ("values", "targets", "year", "kind", "direction", "shown", "phrase"), ROLL_UP
)
def test_quarters_roll_up_by_tipe_perhitungan(
    values, targets, year, kind, direction, shown, phrase
):
    result = roll_up(Q(*values, targets=targets), year, kind, direction)
    assert result.display == shown
    assert phrase in " ".join(result.working)


@pytest.mark.parametrize("kind", [CUMULATIVE, AVERAGE, LAST_PERIOD, NON_CUMULATIVE])
@pytest.mark.parametrize("direction", [HIGHER, LOWER, STABLE])
def test_every_kind_and_direction_has_an_answer_for_an_empty_year_and_for_no_target(
    kind, direction
):
    empty = roll_up(Q(None, None, None, None), T(10), kind, direction)
    assert empty.percent is None and empty.reason == "Realisasi belum diisi."
    no_target = roll_up(Q("5", None), None, kind, direction)
    assert no_target.percent is None and no_target.reason == "Belum ada target untuk periode ini."
    met = roll_up(
        Q("10", "10", "10", "10"), T(10) if kind != CUMULATIVE else T(40), kind, direction
    )
    assert met.display == "100,00 %", met.working


@pytest.mark.parametrize(
    ("percent", "label"),
    [
        ("107.14", "Sangat Baik"),
        ("91", "Sangat Baik"),
        ("90.99", "Baik"),
        ("76", "Baik"),
        ("75.5", "Cukup"),
        ("66", "Cukup"),
        ("65", "Kurang"),
        ("51", "Kurang"),
        ("50.99", "Sangat Kurang"),
        ("0", "Sangat Kurang"),
    ],
)
def test_default_predicate_bands(percent, label):
    assert predicate(D(percent)).label == label


def test_no_predicate_without_a_capaian():
    assert predicate(None) is None


def test_late_means_not_submitted_by_the_due_date():
    deadline = Deadline(year=2022, number=0, due=datetime.date(2023, 1, 31))
    today = datetime.date(2023, 3, 1)
    assert is_late(deadline, None, today)  # never submitted
    assert is_late(deadline, datetime.date(2023, 2, 1), today)  # submitted a day late
    assert not is_late(deadline, datetime.date(2023, 1, 31), today)  # on the day
    assert not is_late(deadline, None, datetime.date(2023, 1, 31))  # not due yet
    assert not is_late(None, None, today)  # no schedule
