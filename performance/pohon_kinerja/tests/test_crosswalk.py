"""The crosswalk .xlsx, read back: one row per lower IKU under the upper sasaran and the upper IKU
it supports, with its unit and jenis cascading; the sasaran linked to nothing as "Tidak
selaras"; text kept as text."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from indicators.cascading import services
from indicators.tests.cascading.conftest import YEAR, leave_a_stale_link
from indicators.tests.factories import IndicatorFactory, sign
from performance.pohon_kinerja.crosswalk import HEADER_ROW, HEADERS


def test_the_crosswalk_lists_every_link_and_what_supports_nothing(client, cascade):
    c = cascade
    services.strategic_target_link(target=c["d1"], upper=c["p1"], user=c["dinas_staf"])
    services.indicator_link(
        indicator=c["d1_iku"], upper=c["p1_iku"], cascading="CP", user=c["dinas_staf"]
    )
    IndicatorFactory(strategic_target=c["d2"], name="=SUM(A1:A2) persen")
    sign(c["renstra"], staf=c["dinas_staf"], kepala=c["dinas_kepala"])
    client.force_login(c["pemda_kepala"])
    response = client.get(
        reverse("performance:performance_tree_crosswalk", args=[c["pemda"].pk]), {"tahun": YEAR}
    )
    assert response.status_code == 200
    assert f"crosswalk-{YEAR}-" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert [cell.value for cell in sheet[HEADER_ROW]] == HEADERS
    rows = [[cell.value or "" for cell in row] for row in sheet.iter_rows(min_row=HEADER_ROW + 1)]
    pemda, dinas = "Pemerintah Provinsi Contoh", "Dinas Koperasi"
    assert rows == [
        [
            pemda,
            "Meningkatnya daya saing UMKM",
            "Persentase UMKM naik kelas",
            dinas,
            "Meningkatnya koperasi sehat",
            "Persentase koperasi sehat",
            "CP",
        ],
        # the dinas has a bidang, none of whose sasaran supports this one
        [
            dinas,
            "Meningkatnya koperasi sehat",
            "Persentase koperasi sehat",
            "",
            "Belum di-cascade",
            "",
            "",
        ],
        [pemda, "Meningkatnya tata kelola pemerintahan", "", "", "Belum di-cascade", "", ""],
        [
            pemda,
            "Tidak selaras",
            "",
            dinas,
            "Meningkatnya akuntabilitas dinas",
            "=SUM(A1:A2) persen",
            "",  # no jenis chosen: none made up
        ],
        [
            dinas,
            "Meningkatnya akuntabilitas dinas",
            "=SUM(A1:A2) persen",
            "",
            "Belum di-cascade",
            "",
            "",
        ],
    ]
    assert sheet.cell(row=HEADER_ROW + 4, column=6).data_type == "s"  # text, not a formula


def test_the_crosswalk_says_which_links_go_to_an_older_version(client, cascade):
    """A lower sasaran still linked to the upper sasaran's version before a Perubahan is listed
    under it, saying it is to be linked again (as the tree marks it)."""

    c = cascade
    leave_a_stale_link(c)
    client.force_login(c["pemda_kepala"])
    response = client.get(
        reverse("performance:performance_tree_crosswalk", args=[c["pemda"].pk]), {"tahun": YEAR}
    )
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[cell.value or "" for cell in row] for row in sheet.iter_rows(min_row=HEADER_ROW + 1)]
    assert rows[0][:5] == [
        "Pemerintah Provinsi Contoh",
        "Meningkatnya daya saing UMKM (tautan ke versi lama: perlu ditautkan ulang)",
        "",  # the IKU names no upper IKU
        "Dinas Koperasi",
        "Meningkatnya koperasi sehat",
    ]
