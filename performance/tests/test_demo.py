"""The demo that `make run` loads shows every state of measuring."""

import io

from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from performance.models import Realisasi, ReportingPeriod
from performance.selectors import unit_year


def test_the_demo_figures_show_every_state_and_loading_again_changes_nothing(client, db):
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_demo_figures", stdout=out)
    assert "sumsel: realisasi 2022 approved, 2023 awaiting approval" in out.getvalue()
    sumsel = ReportingPeriod.objects.get(
        unit__government="Provinsi Sumatera Selatan", unit__parent=None, year=2022
    )
    assert sumsel.status == "approved"
    waiting = ReportingPeriod.objects.get(unit=sumsel.unit, year=2023)
    assert waiting.status == "submitted"
    bidang = ReportingPeriod.objects.get(unit__name="Bidang Pengawasan dan Pemeriksaan").unit
    _document, rows, _periods = unit_year(bidang, 2022)
    shown = {row.indicator.direction: row.result.display for row in rows}
    assert shown == {"lower": "107,50 %", "higher": "102,22 %"}  # lower is better; a range
    count = Realisasi.objects.count()
    call_command("load_demo_figures", stdout=io.StringIO())
    assert Realisasi.objects.count() == count
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
