"""The pohon kinerja page: the tree drawn on the server, folded to two levels, a branch opened
by its link, every branch with "Buka semua", capaian where figures exist, in a constant number
of queries; who may see it."""

import re
from decimal import Decimal

from django.urls import reverse

from indicators.tests.cascading.conftest import YEAR, member
from indicators.tests.factories import (
    DocumentFactory,
    IndicatorFactory,
    StrategicTargetFactory,
    YearlyTargetFactory,
    sign,
)
from organizations.models import Membership
from organizations.tests.factories import UnitFactory
from performance import services

QUERIES = 16  # session, user, unit, roles, the tree (5), capaian (6), the page


def _page(client, user, unit, **params):
    client.force_login(user)
    url = reverse("performance:performance_tree", args=[unit.pk])
    response = client.get(url, {"tahun": YEAR, **params})
    assert response.status_code == 200
    return response.content.decode()


def _boxes(page) -> list[str]:
    """The text of each box, its lines joined."""
    return [
        " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", box))
        for box in re.findall(r"<g id=\"[su]\d+\" data-key=.*?</g>", page, re.S)
    ]


def test_the_tree_shows_the_top_and_one_level_below_then_opens_a_branch(client, tree_world):
    c = tree_world
    page = _page(client, c["pemda_kepala"], c["pemda"])
    boxes = _boxes(page)
    assert any(
        b.startswith("Pemerintah Provinsi Contoh Meningkatnya daya saing UMKM") for b in boxes
    )
    koperasi = next(b for b in boxes if "Meningkatnya koperasi sehat" in b)
    assert "Dinas Koperasi" in koperasi
    assert "Target " + str(YEAR) + ": 80–90%" in koperasi
    assert "▸ 1 sasaran strategis di bawah · Buka cabang" in koperasi
    assert not any("Meningkatnya koperasi aktif" in b for b in boxes)  # folded away
    assert any(b.startswith("Tidak selaras Dinas Koperasi") for b in boxes)
    link = re.search(r'<a href="([^"]+)"><text[^>]*>▸ 1 sasaran', page).group(1)
    assert f"s{c['d1'].pk}" in link
    opened = _boxes(
        _page(
            client,
            c["pemda_kepala"],
            c["pemda"],
            buka=link.split("buka=")[1].split("#")[0].replace("%2C", ","),
        )
    )
    assert any("Meningkatnya koperasi aktif" in b for b in opened)
    every = _boxes(_page(client, c["pemda_kepala"], c["pemda"], buka="semua"))
    assert any("Tertibnya administrasi bidang" in b for b in every)
    assert "Buka semua" in page and "Unduh PDF" in page and "Unduh crosswalk (.xlsx)" in page


def test_the_pdf_and_the_crosswalk_are_served(client, tree_world):
    c = tree_world
    client.force_login(c["pemda_kepala"])
    pdf = client.get(
        reverse("performance:performance_tree_pdf", args=[c["pemda"].pk]), {"tahun": YEAR}
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(
        reverse("performance:performance_tree_crosswalk", args=[c["pemda"].pk]), {"tahun": YEAR}
    )
    assert xlsx.status_code == 200


def _record(indicator, value, user):
    services.realisasi_save(
        indicator=indicator, year=YEAR, number=1, user=user, value=value, version=None
    )


def test_a_node_shows_its_capaian_and_each_supporting_sasarans_own(client, tree_world):
    c = tree_world
    _record(c["p1_iku"], Decimal(70), c["pemda_staf"])  # 70 of 75,5: 92,72 %
    _record(c["d1_iku"], Decimal(85), c["dinas_staf"])  # inside 80–90: 100 %
    boxes = _boxes(_page(client, c["pemda_kepala"], c["pemda"]))
    p1 = next(b for b in boxes if "Meningkatnya daya saing UMKM" in b)
    assert "Capaian: 92,72 % (rata-rata 1 IKU)" in p1
    assert f"Target {YEAR}: 75,5% · Capaian 92,72 %" in p1
    assert "Capaian sasaran strategis pendukungnya:" in p1
    assert "• Dinas Koperasi: Meningkatnya koperasi sehat: 100,00 %" in p1
    p2 = next(b for b in boxes if "Meningkatnya tata kelola pemerintahan" in b)
    assert "Capaian" not in p2  # no IKU, no figures


def test_the_page_takes_as_many_queries_for_a_large_tree(
    client, tree_world, django_assert_max_num_queries
):
    c = tree_world
    client.force_login(c["pemda_kepala"])
    url = reverse("performance:performance_tree", args=[c["pemda"].pk])
    client.get(url, {"tahun": YEAR, "buka": "semua"})
    with django_assert_max_num_queries(QUERIES):
        client.get(url, {"tahun": YEAR, "buka": "semua"})
    for n in range(6):
        unit = UnitFactory(name=f"Dinas Tambahan {n}", parent=c["pemda"])
        document = DocumentFactory(unit=unit, **c["period"])
        for _k in range(2):
            target = StrategicTargetFactory(document=document, supports=c["p2"])
            YearlyTargetFactory(indicator=IndicatorFactory(strategic_target=target), year=YEAR)
        sign(
            document,
            staf=member(unit, Membership.Role.STAF, f"s{n}"),
            kepala=member(unit, Membership.Role.KEPALA, f"k{n}"),
        )
    client.get(url, {"tahun": YEAR})  # once first: work the fixture left for the worker runs
    with django_assert_max_num_queries(QUERIES):
        page = client.get(url, {"tahun": YEAR, "buka": "semua"}).content.decode()
    assert page.count("Dinas Tambahan") >= 12


def test_a_tree_too_large_for_two_levels_opens_on_its_first_row(client, tree_world):
    """More boxes one level down than a page shows readably: the first view draws the top's
    sasaran, each with the count of what lies under it and the link that opens it."""
    from performance.pohon_kinerja import drawing

    c = tree_world
    page = _page(client, c["pemda_kepala"], c["pemda"])
    assert any("Meningkatnya koperasi sehat" in b for b in _boxes(page))  # two levels fit
    small, drawing.FIRST_VIEW_BOXES = drawing.FIRST_VIEW_BOXES, 2
    try:
        page = _page(client, c["pemda_kepala"], c["pemda"])
    finally:
        drawing.FIRST_VIEW_BOXES = small
    boxes = _boxes(page)
    assert not any("Meningkatnya koperasi sehat" in b for b in boxes)  # one level down
    umkm = next(b for b in boxes if "Meningkatnya daya saing UMKM" in b)
    assert "sasaran strategis di bawah · Buka cabang" in umkm


def test_who_sees_the_tree(client, cascade):
    c = cascade
    pemda_tree = reverse("performance:performance_tree", args=[c["pemda"].pk])
    dinas_tree = reverse("performance:performance_tree", args=[c["dinas"].pk])
    dinas_pdf = reverse("performance:performance_tree_pdf", args=[c["dinas"].pk])
    dinas_xlsx = reverse("performance:performance_tree_crosswalk", args=[c["dinas"].pk])
    for name, url, status in [
        ("pemda_kepala", pemda_tree, 200),
        ("pemda_staf", dinas_tree, 200),  # the units under them
        ("dinas_staf", dinas_tree, 200),
        ("dinas_staf", pemda_tree, 200),  # the parent's: its document in force and theirs
        ("bidang_staf", pemda_tree, 404),  # two levels up: nothing
        ("bidang_staf", dinas_pdf, 200),  # the unit right above: as dinas_staf the pemda's
        ("bidang_kepala", dinas_xlsx, 200),
        ("other_kepala", pemda_tree, 404),
        ("other_staf", dinas_xlsx, 404),
    ]:
        client.force_login(c[name])
        assert client.get(url).status_code == status, (name, url)
    client.logout()
    assert client.get(pemda_tree).status_code == 302


def test_the_units_pages_link_to_the_tree(client, tree_world):
    c = tree_world
    client.force_login(c["pemda_kepala"])
    url = reverse("performance:performance_tree", args=[c["pemda"].pk])
    unit_page = client.get(reverse("organizations:unit_profile", args=[c["pemda"].pk]))
    assert f'href="{url}?tahun={YEAR}">Pohon Kinerja</a>' in unit_page.content.decode()
    alignment = client.get(reverse("indicators:government_alignment", args=[c["pemda"].pk]))
    assert f'href="{url}?tahun={YEAR}">Pohon Kinerja</a>' in alignment.content.decode()


def test_a_dinas_staf_sees_the_tree_from_the_pemda_down_with_only_what_they_may_read(
    client, tree_world
):
    """The Done-when's Sumsel staf opens the pohon kinerja from the province down: the pemda's
    document in force with their own branch under it, and nothing of a sibling dinas."""
    c = tree_world
    sibling = UnitFactory(name="Dinas Sebelah", parent=c["pemda"])
    document = DocumentFactory(unit=sibling, **c["period"])
    StrategicTargetFactory(document=document, text="Sasaran dinas sebelah", supports=c["p2"])
    sign(
        document,
        staf=member(sibling, Membership.Role.STAF, "sebelah_staf"),
        kepala=member(sibling, Membership.Role.KEPALA, "sebelah_kepala"),
    )
    boxes = _boxes(_page(client, c["dinas_staf"], c["pemda"], buka="semua"))
    assert any(
        b.startswith("Pemerintah Provinsi Contoh Meningkatnya daya saing UMKM") for b in boxes
    )
    assert any("Meningkatnya koperasi sehat" in b for b in boxes)  # their own, under it
    assert not any("Sasaran dinas sebelah" in b for b in boxes)
    seen_by_pemda = _boxes(_page(client, c["pemda_kepala"], c["pemda"], buka="semua"))
    assert any("Sasaran dinas sebelah" in b for b in seen_by_pemda)  # not a kept copy
    client.force_login(c["dinas_staf"])
    unit_page = client.get(reverse("organizations:unit_profile", args=[c["dinas"].pk]))
    tree = reverse("performance:performance_tree", args=[c["pemda"].pk])
    assert tree in unit_page.content.decode()


def test_the_tree_links_only_to_the_pages_its_reader_may_open(client, tree_world):
    """The dinas staf reads the tree from the pemda down, not the pemda's unit page nor its
    alignment: the tree page links to neither, and every link it shows opens."""
    c = tree_world
    page = _page(client, c["dinas_staf"], c["pemda"])
    pemda_page = reverse("organizations:unit_profile", args=[c["pemda"].pk])
    alignment = reverse("indicators:government_alignment", args=[c["pemda"].pk])
    assert f'href="{pemda_page}"' not in page and alignment not in page
    assert "Pemerintah Provinsi Contoh</li>" in page  # the breadcrumb names it, unlinked
    for href in re.findall(r'href="(/(?:kinerja|unit|dokumen)[^"#]*)"', page):
        assert client.get(href.replace("&amp;", "&")).status_code == 200, href
    page = _page(client, c["pemda_kepala"], c["pemda"])
    assert f'href="{pemda_page}"' in page and alignment in page


def test_what_one_page_drew_stays_out_of_the_next(client, tree_world):
    """A page writes the IKU and capaian of what it draws into its own copy of the kept tree:
    the page after it, folded, draws the dinas' sasaran without them."""
    c = tree_world
    _record(c["d1_iku"], Decimal(85), c["dinas_staf"])
    whole = _boxes(_page(client, c["pemda_kepala"], c["pemda"], buka="semua"))
    assert "100,00 %" in next(b for b in whole if "Meningkatnya koperasi sehat" in b)
    top = next(b for b in whole if "Meningkatnya daya saing UMKM" in b)
    assert "• Dinas Koperasi: Meningkatnya koperasi sehat: 100,00 %" in top
    folded = _boxes(_page(client, c["pemda_kepala"], c["pemda"], buka=""))
    top = next(b for b in folded if "Meningkatnya daya saing UMKM" in b)
    assert "pendukungnya" not in top and "sasaran strategis di bawah" in top


def test_a_bidang_under_a_dinas_without_a_document_is_not_called_unaligned_to_it(
    client, tree_world, superuser
):
    c = tree_world
    dinas = UnitFactory(name="Dinas Tanpa Dokumen", parent=c["pemda"])
    bidang = UnitFactory(name="Bidang Di Bawahnya", parent=dinas)
    document = DocumentFactory(unit=bidang, **c["period"])
    StrategicTargetFactory(document=document, text="Sasaran bidang yatim")
    sign(
        document,
        staf=member(bidang, Membership.Role.STAF, "yatim_staf"),
        kepala=member(bidang, Membership.Role.KEPALA, "yatim_kepala"),
    )
    boxes = _boxes(_page(client, superuser, c["pemda"], buka="semua"))
    group = next(b for b in boxes if "Bidang Di Bawahnya" in b)
    assert "Dinas Tanpa Dokumen tidak memiliki dokumen berlaku yang ditandatangani" in group
    assert "Tidak mendukung sasaran strategis" not in group
    unaligned = next(b for b in boxes if "Bidang Kelembagaan" in b and "Tidak selaras" in b)
    assert "Tidak mendukung sasaran strategis Dinas Koperasi" in unaligned
