"""The staff portal: the role matrix over every URL, and the editing paths."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from core.tests.waiting import get_when_ready
from indicators.layouts import document_specs
from indicators.models import IKUDocument, Indicator, StrategicTarget
from indicators.tests.factories import (
    DocumentFactory,
    GoalFactory,
    GoalIndicatorFactory,
    IndicatorFactory,
    StrategicTargetFactory,
    YearlyTargetFactory,
    sign,
)


@pytest.fixture
def world(unit, staf, kepala):
    document = DocumentFactory(unit=unit, layout="ringkas")
    target = StrategicTargetFactory(document=document, text="Sasaran pertama")
    indicator = IndicatorFactory(strategic_target=target, name="IKU pertama")
    YearlyTargetFactory(indicator=indicator, year=2024, value=10)
    signed = DocumentFactory(unit=unit, period_start=2019, period_end=2023)
    signed_target = StrategicTargetFactory(document=signed)
    signed_indicator = IndicatorFactory(strategic_target=signed_target)
    sign(signed, staf=staf, kepala=kepala)
    return {
        "document": document,
        "target": target,
        "indicator": indicator,
        "signed": signed,
        "signed_target": signed_target,
        "signed_indicator": signed_indicator,
    }


def _urls(w):
    """(method, url, expected status for: outsider, staf, kepala, superuser)."""
    d, t, i = w["document"].pk, w["target"].pk, w["indicator"].pk
    s, st, si = w["signed"].pk, w["signed_target"].pk, w["signed_indicator"].pk
    ok = (404, 200, 200, 200)
    read_only = (404, 403, 403, 403)
    told = (404, 302, 302, 302)
    r = reverse
    return [
        ("get", r("indicators:dashboard"), (200, 200, 200, 200)),
        ("get", r("indicators:document_list"), (200, 200, 200, 200)),
        ("get", r("indicators:document_detail", args=[d]), ok),
        ("get", r("indicators:document_detail", args=[s]), ok),
        ("get", r("indicators:document_preview", args=[d]), ok),
        ("get", r("indicators:strategic_target_create", args=[d]), ok),
        ("get", r("indicators:strategic_target_create", args=[s]), read_only),
        ("get", r("indicators:strategic_target_edit", args=[t]), ok),
        ("get", r("indicators:strategic_target_edit", args=[st]), read_only),
        ("get", r("indicators:indicator_create", args=[d]), ok),
        ("get", r("indicators:indicator_create", args=[s]), read_only),
        ("get", r("indicators:indicator_edit", args=[i]), ok),
        ("get", r("indicators:indicator_edit", args=[si]), read_only),
        ("post", r("indicators:item_move", args=["iku", i, "up"]), (404, 302, 302, 302)),
        ("post", r("indicators:item_move", args=["iku", si, "up"]), read_only),
        ("post", r("indicators:item_delete", args=["iku", si]), read_only),
        ("post", r("indicators:item_delete", args=["sasaran", st]), read_only),
        ("post", r("indicators:formula_preview"), (200, 200, 200, 200)),
        ("get", r("indicators:document_create"), (200, 200, 200, 200)),
        ("get", r("indicators:goal_create", args=[d]), ok),
        ("get", r("indicators:goal_create", args=[s]), read_only),
        ("get", r("indicators:document_edit", args=[d]), ok),
        ("get", r("indicators:document_edit", args=[s]), read_only),
        ("get", r("indicators:document_pdf", args=[d]), ok),
        ("get", r("indicators:target_link", args=[t]), ok),
        # On a signed document: back to it, told that links change in a Perubahan.
        ("get", r("indicators:target_link", args=[st]), told),
        ("post", r("indicators:target_link", args=[st]), told),
        ("get", r("indicators:indicator_link", args=[i]), ok),
        ("get", r("indicators:indicator_link", args=[si]), told),
        ("post", r("indicators:target_relink", args=[st]), told),
        ("get", r("indicators:government_alignment", args=[w["document"].unit_id]), ok),
        ("get", r("performance:performance_tree", args=[w["document"].unit_id]), ok),
        ("get", r("performance:performance_tree_pdf", args=[w["document"].unit_id]), ok),
        ("get", r("performance:performance_tree_crosswalk", args=[w["document"].unit_id]), ok),
    ]


@pytest.mark.parametrize("who_index", [0, 1, 2, 3], ids=["outsider", "staf", "kepala", "superuser"])
def test_role_matrix(client, request, world, who_index):
    user = request.getfixturevalue(["outsider", "staf", "kepala", "superuser"][who_index])
    client.force_login(user)
    failures = []
    for method, url, expected in _urls(world):
        ask = (lambda u: get_when_ready(client, u)) if method == "get" else client.post
        status = ask(url).status_code
        if status != expected[who_index]:
            failures.append((method, url, status, expected[who_index]))
    assert failures == []


def test_anonymous_is_sent_to_login_everywhere(client, world):
    for method, url, _expected in _urls(world):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_staf_adds_a_sasaran_and_an_iku_with_targets(client, staf, world):
    document = world["document"]
    client.force_login(staf)
    response = client.post(
        reverse("indicators:strategic_target_create", args=[document.pk]),
        {"text": "Meningkatnya kualitas layanan", "code": ""},
        follow=True,
    )
    assert "Sasaran strategis disimpan." in response.content.decode()
    sasaran = StrategicTarget.objects.get(text="Meningkatnya kualitas layanan")
    data = {
        "strategic_target": sasaran.pk,
        "code": "",
        "name": "Persentase layanan tepat waktu",
        "satuan": "%",
        "formula": "Jumlah layanan tepat waktu / Jumlah seluruh layanan × 100%",
        "explanation": "<p>Penjelasan</p><script>alert(1)</script>",
        "direction": "higher",
        "calculation_type": "non_kumulatif",
        "target_2024": "80",
        "target_2025": "85,5",
        "target_2026": "",
    }
    response = client.post(
        reverse("indicators:indicator_create", args=[document.pk]), data, follow=True
    )
    page = response.content.decode()
    assert "Persentase layanan tepat waktu" in page
    assert 'class="frac-num"' in page
    indicator = Indicator.objects.get(name="Persentase layanan tepat waktu")
    assert indicator.explanation == "<p>Penjelasan</p>"
    assert {t.year: float(t.value) for t in indicator.targets.all()} == {2024: 80, 2025: 85.5}


def test_bad_input_shows_indonesian_errors_and_keeps_what_was_typed(client, staf, world):
    client.force_login(staf)
    existing = world["indicator"]
    existing.code = "A1"
    existing.save()
    response = client.post(
        reverse("indicators:indicator_create", args=[world["document"].pk]),
        {
            "strategic_target": world["target"].pk,
            "code": "A1",
            "name": "",
            "formula": "Jumlah A / Jumlah B",
            "satuan": "x" * 61,
            "direction": "higher",
            "calculation_type": "non_kumulatif",
            "target_2024": "bukan angka",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bidang ini tidak boleh kosong." in page
    assert "Pastikan nilai ini mengandung paling banyak 60 karakter" in page
    assert "“bukan angka” bukan angka. Tulis angka cara Indonesia" in page
    assert "Jumlah A / Jumlah B" in page  # kept
    assert Indicator.objects.count() == 2


def test_duplicate_code_is_refused(client, staf, world):
    client.force_login(staf)
    world["indicator"].code = "A1"
    world["indicator"].save()
    response = client.post(
        reverse("indicators:indicator_create", args=[world["document"].pk]),
        {
            "strategic_target": world["target"].pk,
            "code": "A1",
            "name": "Lain",
            "direction": "higher",
            "calculation_type": "non_kumulatif",
        },
    )
    assert "Kode ini sudah dipakai di dokumen ini." in response.content.decode()


def test_move_and_delete(client, staf, world):
    client.force_login(staf)
    target = world["target"]
    second = IndicatorFactory(strategic_target=target, name="IKU kedua", order=99)
    client.post(reverse("indicators:item_move", args=["iku", second.pk, "up"]))
    names = [i.name for i in Indicator.objects.filter(strategic_target=target)]
    assert names == ["IKU kedua", "IKU pertama"]
    response = client.post(reverse("indicators:item_delete", args=["iku", second.pk]), follow=True)
    assert "Dihapus." in response.content.decode()
    assert not Indicator.objects.filter(pk=second.pk).exists()


def test_document_list_filters_and_paginates(client, staf, unit):
    for year in range(2000, 2030):
        DocumentFactory(unit=unit, period_start=year, period_end=year + 1, title=f"Dok {year}")
    client.force_login(staf)
    first = client.get(reverse("indicators:document_list")).content.decode()
    assert "Halaman 1 dari 2" in first
    filtered = client.get(reverse("indicators:document_list"), {"period": "2005"}).content.decode()
    assert "Dok 2005" in filtered and "Dok 2006" not in filtered
    searched = client.get(reverse("indicators:document_list"), {"q": "Dok 2011"}).content.decode()
    assert "Dok 2011" in searched and "Dok 2012" not in searched


def test_outsider_never_sees_other_units_documents_in_lists(client, outsider, world):
    client.force_login(outsider)
    for name in ("indicators:dashboard", "indicators:document_list"):
        assert world["document"].heading not in client.get(reverse(name)).content.decode()


def test_editor_query_count_does_not_grow(client, staf, unit, django_assert_max_num_queries):
    def build(n):
        document = DocumentFactory(unit=unit, period_start=2000 + n, period_end=2004 + n)
        target = StrategicTargetFactory(document=document)
        for i in range(n):
            YearlyTargetFactory(indicator=IndicatorFactory(strategic_target=target, order=i))
        return document

    client.force_login(staf)
    counts = []
    for n in (5, 100):
        document = build(n)
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(reverse("indicators:document_detail", args=[document.pk])).status_code
                == 200
            )
        counts.append(len(queries))
    assert counts[1] <= counts[0]  # a long document (folded) reads no more than a short one


def test_staf_adds_edits_and_moves_goals(client, staf, world):
    client.force_login(staf)
    document = world["document"]
    client.post(
        reverse("indicators:goal_create", args=[document.pk]),
        {"text": "Tujuan A", "indicator_lines": "Indikator satu\n\nIndikator dua\n"},
    )
    client.post(reverse("indicators:goal_create", args=[document.pk]), {"text": "Tujuan B"})
    goal_a = document.goals.get(text="Tujuan A")
    assert [gi.text for gi in goal_a.indicators.all()] == ["Indikator satu", "Indikator dua"]
    response = client.post(
        reverse("indicators:goal_edit", args=[goal_a.pk]),
        {"text": "Tujuan A", "indicator_lines": "Indikator dua", "version": goal_a.version},
        follow=True,
    )
    assert "Tujuan disimpan." in response.content.decode()
    assert [gi.text for gi in goal_a.indicators.all()] == ["Indikator dua"]
    goal_b = document.goals.get(text="Tujuan B")
    client.post(reverse("indicators:item_move", args=["tujuan", goal_b.pk, "up"]))
    assert [g.text for g in document.goals.all()] == ["Tujuan B", "Tujuan A"]


def test_later_save_of_the_same_indicator_is_refused_and_nothing_is_lost(client, staf, world):
    indicator = world["indicator"]
    url = reverse("indicators:indicator_edit", args=[indicator.pk])
    base = {
        "strategic_target": world["target"].pk,
        "direction": "higher",
        "calculation_type": "non_kumulatif",
        "version": indicator.version,  # both started from the same version
    }
    client.force_login(staf)
    first = client.post(url, {**base, "name": "Nama dari Ani", "satuan": "%"})
    assert first.status_code == 302
    second = client.post(url, {**base, "name": "Nama dari Budi", "satuan": "%"})
    assert second.status_code == 200
    page = second.content.decode()
    assert "Orang lain menyimpan data ini saat Anda sedang mengubahnya." in page
    assert "Nama dari Ani" in page and "Nama dari Budi" in page  # theirs and mine, side by side
    indicator.refresh_from_db()
    assert indicator.name == "Nama dari Ani"
    # Saving again, knowingly, keeps Budi's version.
    version = int(re.search(r'name="version" value="(\d+)"', page).group(1))
    third = client.post(url, {**base, "name": "Nama dari Budi", "satuan": "%", "version": version})
    assert third.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Nama dari Budi"


def test_create_a_document_and_copy_one(client, staf, unit, world):
    client.force_login(staf)
    url = reverse("indicators:document_create")
    bad = client.post(
        url,
        {
            "unit": unit.pk,
            "period_start": 2030,
            "period_end": 2025,
            "layout": "ringkas",
            "signature_date_format": "month_year",
        },
    )
    assert "Tahun akhir periode tidak boleh sebelum tahun awalnya." in bad.content.decode()
    response = client.post(
        url,
        {
            "unit": unit.pk,
            "period_start": 2025,
            "period_end": 2029,
            "layout": "ringkas",
            "signature_date_format": "month_year",
            "copy_from": world["document"].pk,
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Dokumen dibuat." in page
    assert "Sasaran pertama" in page and "IKU pertama" in page
    copy = unit.documents.get(period_start=2025)
    assert copy.indicators.get().targets.count() == 0  # 2024 lies outside 2025-2029
    assert world["document"].indicators.get().targets.count() == 1  # the source is untouched


def test_cannot_create_a_document_for_another_unit(client, staf, other_unit):
    client.force_login(staf)
    response = client.post(
        reverse("indicators:document_create"),
        {
            "unit": other_unit.pk,
            "period_start": 2025,
            "period_end": 2029,
            "layout": "ringkas",
            "signature_date_format": "month_year",
        },
    )
    assert response.status_code == 200
    assert not other_unit.documents.exists()


def _queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_and_dashboard_query_counts_do_not_grow(client, staf, unit):
    client.force_login(staf)
    counts = []
    for n in (5, 60):
        for i in range(n):
            IndicatorFactory(
                strategic_target__document=DocumentFactory(
                    unit=unit, period_start=1000 + len(counts) * 100 + i, period_end=2100
                )
            )
        counts.append(
            (
                _queries_for(client, reverse("indicators:document_list")),
                _queries_for(client, reverse("indicators:dashboard")),
            )
        )
    assert counts[1] <= counts[0]  # a long document (folded) reads no more than a short one


def _settings(document, **overrides):
    data = {
        "title": document.title,
        "period_start": document.period_start,
        "period_end": document.period_end,
        "layout": document.layout,
        "signature_place": "Jambi",
        "signature_date": "2022-01-03",
        "signature_date_format": "full",
        "signatory_title": "",
        "version": document.version,
        "orientation": document.orientation,
        "formula_style": document.formula_style,
        "nip_style": document.nip_style,
        "hide_empty_columns": "on",
        "show_unit_heading": "on",
        "show_page_numbers": "on",
        "signatory_underline": "on",
        "show_pangkat": "on",
    }
    for place, spec in enumerate(document_specs(document), start=1):
        data[f"col_{spec['key']}"] = "on"
        data[f"pos_{spec['key']}"] = str(place)
    return {**data, **overrides}


def test_staf_chooses_removes_and_reorders_the_printed_columns(client, staf, world):
    document = world["document"]
    IKUDocument.objects.filter(pk=document.pk).update(layout="lengkap")
    document.refresh_from_db()
    url = reverse("indicators:document_edit", args=[document.pk])
    client.force_login(staf)
    data = _settings(document, pos_responsible="2", orientation="portrait")
    del data["col_data_source"]
    del data["hide_empty_columns"]  # print the baseline column though no IKU has one yet
    data["col_baseline"], data["pos_baseline"] = "on", "9"
    assert client.post(url, data).status_code == 302
    document.refresh_from_db()
    assert [spec["key"] for spec in document.columns] == [
        "no",
        "responsible",
        "goal",
        "goal_indicators",
        "target",
        "iku",
        "formula",
        "baseline",
    ]
    assert document.orientation == "portrait"
    # The printed header follows, on an upright page, and no column is left without room.
    pdf = get_when_ready(client, reverse("indicators:document_pdf", args=[document.pk])).content
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert page.mediabox.width < page.mediabox.height
    header = " ".join(page.extract_text().split())
    assert header.index("Penanggung Jawab") < header.index("Tujuan") < header.index("Baseline")
    assert "Sumber Data" not in header
    # Choosing another preset brings its columns back.
    data = _settings(document, layout="ringkas", version=document.version)
    assert client.post(url, data).status_code == 302
    document.refresh_from_db()
    assert document.columns == [] and document.layout == "ringkas"


def test_no_column_ticked_is_refused_and_nothing_changes(client, staf, world):
    document = world["document"]
    data = {k: v for k, v in _settings(document).items() if not k.startswith("col_")}
    client.force_login(staf)
    response = client.post(reverse("indicators:document_edit", args=[document.pk]), data)
    assert "Pilih paling sedikit satu kolom untuk dicetak." in response.content.decode()
    document.refresh_from_db()
    assert document.columns == []


def test_document_settings_and_a_conflicting_save(client, staf, kepala, world):
    document = world["document"]
    url = reverse("indicators:document_edit", args=[document.pk])
    client.force_login(staf)
    assert client.post(url, _settings(document, title="Judul Ani")).status_code == 302
    client.force_login(kepala)
    late = client.post(url, _settings(document, title="Judul Budi"))  # started from version 0
    page = late.content.decode()
    assert "Orang lain menyimpan data ini" in page and "Judul Ani" in page
    assert "Judul Budi" in page
    document.refresh_from_db()
    assert document.title == "Judul Ani"


def test_period_cannot_shrink_past_existing_targets(client, staf, world):
    document = world["document"]  # has a 2024 target
    client.force_login(staf)
    response = client.post(
        reverse("indicators:document_edit", args=[document.pk]),
        _settings(document, period_start=2025),
    )
    assert "Target untuk tahun di luar periode baru masih ada: 2024." in response.content.decode()
    document.refresh_from_db()
    assert document.period_start == 2024


def test_signed_document_settings_are_forbidden(client, kepala, world):
    client.force_login(kepala)
    url = reverse("indicators:document_edit", args=[world["signed"].pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _settings(world["signed"], title="X")).status_code == 403


def test_demo_jambi_staf_adds_an_iku_and_cannot_open_sumsel(client, db):
    """The issue's own check, on the demo data that `make run` loads."""
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())
    assert (
        client.post(
            reverse("login"), {"username": "jambi.staf", "password": "iku-demo-2026"}
        ).status_code
        == 302
    )
    jambi = IKUDocument.objects.get(unit__government="Provinsi Jambi")
    sumsel = IKUDocument.objects.get(unit__government="Provinsi Sumatera Selatan")
    sasaran = jambi.strategic_targets.first()
    response = client.post(
        reverse("indicators:indicator_create", args=[jambi.pk]),
        {
            "strategic_target": sasaran.pk,
            "name": "Jumlah Koperasi Modern",
            "formula": "Jumlah koperasi modern / Jumlah koperasi × 100%",
            "direction": "higher",
            "calculation_type": "non_kumulatif",
            "target_2022": "12",
        },
    )
    assert response.status_code == 302
    pdf = get_when_ready(client, reverse("indicators:document_pdf", args=[jambi.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    for name in ("document_detail", "document_preview", "document_pdf", "document_edit"):
        assert client.get(reverse(f"indicators:{name}", args=[sumsel.pk])).status_code == 404
    assert (
        client.get(reverse("organizations:unit_profile", args=[sumsel.unit_id])).status_code == 404
    )


def test_a_long_document_opens_folded_by_sasaran(client, staf, unit, monkeypatch):
    monkeypatch.setattr("indicators.tree.views.EDITOR_UNFOLDED_IKU", 3)
    document = DocumentFactory(unit=unit)
    first = StrategicTargetFactory(document=document, text="Sasaran satu")
    second = StrategicTargetFactory(document=document, text="Sasaran dua")
    for n in range(3):
        IndicatorFactory(strategic_target=first, name=f"IKU pertama {n}")
    IndicatorFactory(strategic_target=second, name="IKU kedua")
    client.force_login(staf)
    url = reverse("indicators:document_detail", args=[document.pk])
    folded = client.get(url).content.decode()
    assert "IKU pertama 0" not in folded and "IKU kedua" not in folded
    assert "Tampilkan 3 IKU-nya" in folded and "Tampilkan 1 IKU-nya" in folded
    assert "Tampilkan semua IKU" in folded
    opened = client.get(url + f"?buka={first.pk}").content.decode()
    assert "IKU pertama 2" in opened and "IKU kedua" not in opened
    everything = client.get(url + "?semua=1").content.decode()
    assert "IKU pertama 0" in everything and "IKU kedua" in everything
    assert "Lipat per sasaran strategis" in everything  # and back to the folded view
    assert "Lipat per sasaran strategis" not in folded


def test_the_editor_escapes_every_text_it_shows_folded_or_not(client, staf, unit, monkeypatch):
    monkeypatch.setattr("indicators.tree.views.EDITOR_UNFOLDED_IKU", 1)
    attack = '<script>alert("x")</script>'
    document = DocumentFactory(unit=unit)
    goal = GoalFactory(document=document, text=f"Tujuan {attack}")
    GoalIndicatorFactory(goal=goal, text=f"Indikator tujuan {attack}")
    target = StrategicTargetFactory(document=document, goal=goal, text=f"Sasaran {attack}")
    IndicatorFactory(strategic_target=target, name=f"IKU {attack}", satuan=attack, code="A&B")
    IndicatorFactory(strategic_target=target, name="IKU kedua")
    client.force_login(staf)
    url = reverse("indicators:document_detail", args=[document.pk])
    for page in (client.get(url), client.get(url + f"?buka={target.pk}")):
        html = page.content.decode()
        assert "<script>alert" not in html
        assert "Sasaran &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
        assert "Tujuan &lt;script&gt;" in html and "Indikator tujuan &lt;script&gt;" in html
    assert "IKU &lt;script&gt;" in html and "A&amp;B" in html


def test_after_each_change_the_editor_returns_to_the_sasaran_opened(
    client, staf, unit, monkeypatch
):
    """A long document opens folded: after a move, an edit or a delete the user is back at
    the sasaran they worked on, opened, not at the top with everything folded again."""
    monkeypatch.setattr("indicators.tree.views.EDITOR_UNFOLDED_IKU", 1)
    document = DocumentFactory(unit=unit)
    goal = GoalFactory(document=document)
    target = StrategicTargetFactory(document=document, goal=goal)
    first = IndicatorFactory(strategic_target=target, name="IKU satu", order=1)
    second = IndicatorFactory(strategic_target=target, name="IKU dua", order=2)
    StrategicTargetFactory(document=document, goal=goal, text="Sasaran kosong")
    client.force_login(staf)
    detail = reverse("indicators:document_detail", args=[document.pk])
    at_target = f"{detail}?buka={target.pk}#sasaran-{target.pk}"
    moved = client.post(reverse("indicators:item_move", args=["iku", second.pk, "up"]))
    assert moved.url == at_target
    page = client.get(at_target).content.decode()
    assert "Urutan diubah." in page and page.index("IKU dua") < page.index("IKU satu")
    assert "Belum ada indikator." in page and "Tampilkan 0 IKU" not in page
    again = client.post(reverse("indicators:item_move", args=["iku", second.pk, "up"]))
    assert (
        "Sudah yang pertama; tidak ada yang dipindahkan." in client.get(again.url).content.decode()
    )
    last = client.post(reverse("indicators:item_move", args=["iku", first.pk, "down"]))
    assert "Sudah yang terakhir" in client.get(last.url).content.decode()
    edit = client.post(
        reverse("indicators:strategic_target_edit", args=[target.pk]),
        {"goal": goal.pk, "text": "Sasaran diubah", "version": target.version},
    )
    assert edit.status_code == 302 and edit.url == at_target
    deleted = client.post(reverse("indicators:item_delete", args=["iku", first.pk]))
    assert deleted.url == at_target
    gone = client.post(reverse("indicators:item_delete", args=["sasaran", target.pk]))
    assert gone.url == f"{detail}#tujuan-{goal.pk}"
    assert f'id="tujuan-{goal.pk}"' in client.get(gone.url).content.decode()
