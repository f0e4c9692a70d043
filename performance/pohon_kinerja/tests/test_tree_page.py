"""The pohon kinerja page: the tree drawn on the server, folded to two levels, a branch opened
by its link, every branch with "Buka semua", capaian where figures exist, in a constant number
of queries; who may see it."""

import re

from django.urls import reverse

from indicators.tests.cascading.conftest import YEAR


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
