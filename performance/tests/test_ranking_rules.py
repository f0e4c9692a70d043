"""The ranking ranks by a stated rule: only units with figures get a rank, complete ones
before incomplete ones (marked), equal averages share a rank, units without figures are
listed apart, and one level of the unit tree is ranked at a time."""

from decimal import Decimal
from types import SimpleNamespace

from django.urls import reverse

from organizations.tests.factories import UnitFactory
from performance.models import Realisasi
from performance.selectors import Row, Standing, ranked


def _standing(name, average, filled=4, total=4):
    return Standing(
        unit=SimpleNamespace(name=name, pk=name, parent=None),
        document_id=1 if average is not None else None,
        average=None if average is None else Decimal(average),
        filled=filled,
        total=total,
        status=None,
        overdue=False,
    )


def test_ties_share_a_rank_and_incomplete_units_come_after_complete_ones():
    order = ranked(
        [
            _standing("Dinas A", "95.001"),
            _standing("Dinas B", "94.999"),  # shown 95,00 %: the same as A
            _standing("Dinas C", "120", filled=1),  # higher, but one IKU of four filled
            _standing("Dinas D", None, filled=0),  # no figures
            _standing("Dinas E", "80"),
        ]
    )
    assert [(s.unit.name, s.rank) for s in order] == [
        ("Dinas A", 1),
        ("Dinas B", 1),
        ("Dinas E", 3),
        ("Dinas C", 4),
        ("Dinas D", None),
    ]
    assert not order[3].complete and order[0].complete


def test_units_without_figures_are_listed_apart_and_one_level_is_ranked(client, superuser):
    pemda = UnitFactory(name="Provinsi Contoh", parent=None)
    dinas = UnitFactory(name="Dinas Contoh", parent=pemda)
    UnitFactory(name="Dinas Lain", parent=pemda)
    bidang = UnitFactory(name="Bidang Contoh", parent=dinas)
    client.force_login(superuser)
    url = reverse("performance:ranking")

    def ranked_units(page):
        return {u.name for u in (pemda, dinas, bidang) if f"?unit={u.pk}&amp;" in page}

    client.get(url)  # the first sight asks a worker for the standings (here run after it)
    page = client.get(url).content.decode()
    assert ranked_units(page) == {"Dinas Contoh"}  # the level with most units: the OPD
    assert "Dinas Lain" in page
    assert "Belum ada angka: tidak diperingkat" in page
    assert ranked_units(client.get(url, {"tingkat": "bidang"}).content.decode()) == {
        "Bidang Contoh"
    }


def test_an_iku_measured_only_to_date_is_not_complete():
    quarterly = Row(
        indicator=SimpleNamespace(calculation_type="kumulatif"),
        kind=Realisasi.Kind.QUARTER,
        count=4,
        target=None,
        figures={1: SimpleNamespace(value=Decimal(20))},
    )
    assert not quarterly.filled
    quarterly.figures.update({n: SimpleNamespace(value=Decimal(5)) for n in (2, 3, 4)})
    assert quarterly.filled
