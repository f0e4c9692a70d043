"""The pohon kinerja's data: each unit's signed document in force, the lower sasaran under the
upper sasaran they support, those linked to nothing under their unit as "tidak selaras",
targets as printed, what each viewer may see, in a constant number of queries."""

from indicators.cascading import services
from indicators.cascading.performance_tree import performance_tree
from indicators.tests.cascading.conftest import YEAR, member
from indicators.tests.factories import (
    DocumentFactory,
    IndicatorFactory,
    StrategicTargetFactory,
    YearlyTargetFactory,
    sign,
)
from indicators.workflow.services import document_start_revision
from organizations.models import Membership
from organizations.tests.factories import UnitFactory


def _shape(node) -> tuple:
    return (node.text, [_shape(child) for child in node.children])


def test_lower_sasaran_hang_under_what_they_support_and_the_rest_is_tidak_selaras(tree_world):
    c = tree_world
    tree = performance_tree(top=c["pemda"], user=c["pemda_kepala"], year=YEAR)
    assert [_shape(root) for root in tree.roots] == [
        (
            "Meningkatnya daya saing UMKM",
            [("Meningkatnya koperasi sehat", [("Meningkatnya koperasi aktif", [])])],
        ),
        ("Meningkatnya tata kelola pemerintahan", []),
        ("Pemerintah Provinsi Contoh", [("Meningkatnya akuntabilitas dinas", [])]),
        ("Dinas Koperasi", [("Tertibnya administrasi bidang", [])]),
    ]
    groups = tree.roots[2:]
    assert [(g.group, g.unit_name, g.depth) for g in groups] == [
        (True, "Dinas Koperasi", 0),
        (True, "Bidang Kelembagaan", 1),
    ]
    p1 = tree.roots[0]
    assert [(i.name, i.target_text) for i in p1.indicators] == [
        ("Persentase UMKM naik kelas", "75,5%")
    ]
    assert p1.children[0].indicators[0].target_text == "80–90%"
    assert p1.children[0].unit_name == "Dinas Koperasi"


def test_a_draft_is_never_drawn_and_a_dinas_can_be_the_top(tree_world):
    c = tree_world
    document_start_revision(document=c["bidang_doc"], user=c["bidang_staf"])  # a draft
    tree = performance_tree(top=c["dinas"], user=c["dinas_staf"], year=YEAR)
    assert [_shape(root) for root in tree.roots] == [
        ("Meningkatnya koperasi sehat", [("Meningkatnya koperasi aktif", [])]),
        ("Meningkatnya akuntabilitas dinas", []),
        ("Dinas Koperasi", [("Tertibnya administrasi bidang", [])]),
    ]
    assert tree.roots[0].supports_text == "Meningkatnya daya saing UMKM"


def test_a_link_to_the_older_version_of_a_revised_upper_sasaran_still_hangs_under_it(tree_world):
    c = tree_world
    revision = document_start_revision(document=c["rpjmd"], user=c["pemda_staf"])
    sign(revision, staf=c["pemda_staf"], kepala=c["pemda_kepala"])
    tree = performance_tree(top=c["pemda"], user=c["pemda_kepala"], year=YEAR)
    p1 = tree.roots[0]
    assert p1.document_id == revision.pk
    assert [(n.text, n.stale) for n in p1.children] == [("Meningkatnya koperasi sehat", True)]


def test_a_year_no_document_covers_draws_nothing(tree_world):
    c = tree_world
    tree = performance_tree(top=c["pemda"], user=c["pemda_kepala"], year=YEAR - 10)
    assert tree.roots == []
    assert set(tree.units_without_document) >= {"Dinas Koperasi", "Pemerintah Provinsi Contoh"}


def test_the_staf_of_a_dinas_sees_only_signed_documents_under_them(tree_world):
    c = tree_world
    other_bidang = UnitFactory(name="Bidang Lain", parent=c["dinas"])
    draft = DocumentFactory(unit=other_bidang, **c["period"])
    StrategicTargetFactory(document=draft, text="Sasaran draf bidang lain")
    texts = [
        n.text for n in performance_tree(top=c["dinas"], user=c["dinas_staf"], year=YEAR).nodes()
    ]
    assert "Sasaran draf bidang lain" not in texts
    assert "Meningkatnya koperasi aktif" in texts


def test_the_tree_is_read_in_a_constant_number_of_queries(
    tree_world, django_assert_max_num_queries
):
    c = tree_world
    with django_assert_max_num_queries(8):
        small = performance_tree(top=c["pemda"], user=c["pemda_kepala"], year=YEAR)
    staf = member(c["pemda"], Membership.Role.STAF, "more_staf")
    for n in range(12):
        unit = UnitFactory(name=f"Dinas {n:02}", parent=c["pemda"])
        document = DocumentFactory(unit=unit, **c["period"])
        for _k in range(3):
            target = StrategicTargetFactory(document=document, supports=c["p2"])
            YearlyTargetFactory(indicator=IndicatorFactory(strategic_target=target), year=YEAR)
        sign(
            document,
            staf=member(unit, Membership.Role.STAF, f"s{n}"),
            kepala=member(unit, Membership.Role.KEPALA, f"k{n}"),
        )
    with django_assert_max_num_queries(8):
        big = performance_tree(top=c["pemda"], user=staf, year=YEAR)
    assert len(list(big.nodes())) == len(list(small.nodes())) + 36


def test_the_structure_is_kept_until_what_it_is_made_of_changes(tree_world):
    """A tree read again is not rebuilt from its sasaran (their links are frozen with their
    signed documents); a unit renamed, a Perubahan signed below, make it read afresh."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = tree_world

    def read():
        with CaptureQueriesContext(connection) as queries:
            tree = performance_tree(top=c["pemda"], user=c["pemda_kepala"], year=YEAR)
        reads = [q["sql"] for q in queries if 'FROM "indicators_strategictarget"' in q["sql"]]
        return tree, len(reads)

    first, sasaran_reads = read()
    assert sasaran_reads == 1
    again, sasaran_reads = read()
    assert sasaran_reads == 0 and [_shape(r) for r in again.roots] == [
        _shape(r) for r in first.roots
    ]
    again.roots[0].children.clear()  # what a page does to its copy stays with that page
    assert [_shape(r) for r in read()[0].roots] == [_shape(r) for r in first.roots]
    c["bidang"].name = "Bidang Kelembagaan dan Usaha"
    c["bidang"].save()
    renamed, sasaran_reads = read()
    assert sasaran_reads == 1
    assert "Bidang Kelembagaan dan Usaha" in [r.unit_name for r in renamed.roots if r.group]
    # The bidang's Perubahan links b2 too: once signed, the tree shows it under d1.
    revision = document_start_revision(document=c["bidang_doc"], user=c["bidang_staf"])
    b2 = revision.strategic_targets.get(text="Tertibnya administrasi bidang")
    services.strategic_target_link(target=b2, upper=c["d1"], user=c["bidang_staf"])
    sign(revision, staf=c["bidang_staf"], kepala=c["bidang_kepala"])
    revised, sasaran_reads = read()
    assert sasaran_reads == 1
    assert _shape(revised.roots[0]) == (
        "Meningkatnya daya saing UMKM",
        [
            (
                "Meningkatnya koperasi sehat",
                [("Meningkatnya koperasi aktif", []), ("Tertibnya administrasi bidang", [])],
            )
        ],
    )


def test_the_kept_structure_is_never_written_into(tree_world):
    """The structure a process keeps is shared by its requests: IKU go into a copy of what a
    page draws (`own`), and writing into the kept nodes is refused."""
    import pytest

    from indicators.cascading.performance_tree import add_indicators

    c = tree_world
    kept = performance_tree(top=c["pemda"], user=c["pemda_kepala"], year=YEAR, indicators=False)
    with pytest.raises(ValueError):
        add_indicators(kept)
    first = kept.roots[0]
    mine = kept.own({first.key})
    add_indicators(mine, [mine.roots[0], *mine.roots[0].children])
    assert [i.name for i in mine.roots[0].indicators] and mine.roots[0].children[0].indicators
    again = performance_tree(top=c["pemda"], user=c["pemda_kepala"], year=YEAR, indicators=False)
    assert again.roots[0] is first and first.indicators == []
    assert all(not n.indicators for n in again.nodes())
    assert first.below == 2  # the dinas' sasaran and the bidang's under it
