"""The demo that `make run` loads shows every state of measuring."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from indicators.cascading.selectors import alignment_for_units
from indicators.demo.loader import demo_unit
from indicators.models import Indicator
from performance.models import Realisasi, ReportingPeriod
from performance.selectors import unit_year


def test_the_demo_figures_show_every_state_and_loading_again_changes_nothing(client, db):
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_demo_figures", stdout=out)
    assert "sumsel: realisasi 2022 approved, 2023 awaiting approval" in out.getvalue()
    sumsel = ReportingPeriod.objects.get(unit=demo_unit("sumsel"), year=2022)
    assert sumsel.status == "approved"
    waiting = ReportingPeriod.objects.get(unit=sumsel.unit, year=2023)
    assert waiting.status == "submitted"
    bidang = ReportingPeriod.objects.get(unit__name="Bidang Pengawasan dan Pemeriksaan").unit
    _document, rows, _periods = unit_year(bidang, 2022)
    shown = {row.indicator.name: row.result.display for row in rows}
    assert shown == {
        "Persentase Koperasi yang Tidak Sehat": "107,50 %",  # lower is better
        "Indeks Kepatuhan Koperasi terhadap Pemeriksaan": "102,22 %",  # a range
        "Persentase Laporan Pemeriksaan yang Ditindaklanjuti": "",  # no realisasi yet
    }
    count = Realisasi.objects.count()
    call_command("load_demo_figures", stdout=io.StringIO())
    assert Realisasi.objects.count() == count
    _the_cascading_shows_a_gap_of_each_kind(sumsel.unit)
    # A Jambi IKU reported each triwulan (its Q1 measured against a Rencana Aksi), a Sumsel
    # IKU kumulatif (its Rencana Aksi splits the year).
    assert Indicator.objects.get(name="Persentase Usaha Kecil menjadi Wirausaha").frequency == (
        "triwulanan"
    )
    assert Indicator.objects.get(name="Jumlah UMKM Naik Kelas").calculation_type == "kumulatif"
    # The Jambi staf finds 2022 open, with one IKU left to fill in from its formula.
    assert (
        client.post(
            reverse("login"), {"username": "jambi.staf", "password": "iku-demo-2026"}
        ).status_code
        == 302
    )
    jambi = ReportingPeriod.objects.get(unit__government="Provinsi Jambi", year=2022).unit
    page = client.get(
        reverse("performance:dashboard") + f"?unit={jambi.pk}&tahun=2022"
    ).content.decode()
    assert "Sedang diisi" in page and "Realisasi belum diisi." in page and "Isi" in page


def _the_cascading_shows_a_gap_of_each_kind(dinas):
    """The province above the Sumsel dinas, its RPJMD sasaran revised by a Perubahan; the
    dinas's sasaran and a bidang's linked below; one gap of each kind."""
    province = dinas.parent
    assert (province.name, province.kind) == ("Pemerintah Provinsi Sumatera Selatan", "pemprov")
    admin = get_user_model().objects.get(username="admin")
    units = [province, dinas, *province.children.exclude(pk=dinas.pk), *dinas.children.all()]
    found = {a.unit.name: a for a in alignment_for_units(units=units, user=admin, year=2022)}
    top = found[province.name]
    assert (top.in_force.revision, top.in_force.status) == (1, "signed")
    assert [row.text for row in top.not_cascaded] == ["Menurunnya tingkat kemiskinan"]
    assert [
        (row.text, [(name, lower.text, stale) for name, lower, stale in row.supported_by])
        for row in top.supported
        if row.supported_by
    ] == [
        (
            "Meningkatnya ekonomi kerakyatan yang inklusif",
            [(dinas.name, "Maju ekonomi kerakyatan (meningkatnya ekonomi kerakyatan)", False)],
        ),
        (  # linked to the version its Perubahan replaced: supports it, to be linked again
            "Meningkatnya daya saing industri daerah",
            [
                (
                    "Dinas Perindustrian Provinsi Sumatera Selatan",
                    "Meningkatnya pertumbuhan industri kecil dan menengah",
                    True,
                )
            ],
        ),
    ]
    assert found[dinas.name].counts == (0, 0, 0)
    [stale] = found["Dinas Perindustrian Provinsi Sumatera Selatan"].relink
    assert stale.proposal.text == "Meningkatnya daya saing industri daerah"
    bidang = found["Bidang Pengawasan dan Pemeriksaan"]
    assert bidang.document.status == "signed"
    assert [row.text for row in bidang.not_aligned] == [
        "Meningkatnya kualitas laporan hasil pemeriksaan koperasi"
    ]
