"""The alignment checks: on the unit page (tidak selaras, belum di-cascade, perlu ditautkan
ulang with its one-click proposal) and across a pemda (counts per unit, by level, paged, in a
constant number of queries); who sees them."""

import re

from django.urls import reverse

from indicators.cascading import services
from indicators.models import StrategicTarget
from indicators.tests.cascading.conftest import YEAR, leave_a_stale_link, member
from indicators.tests.factories import DocumentFactory, StrategicTargetFactory, sign
from indicators.workflow.services import document_start_revision
from organizations.models import Membership, OrganizationUnit
from organizations.tests.factories import UnitFactory


def _unit_page(client, user, unit) -> str:
    client.force_login(user)
    return client.get(reverse("organizations:unit_profile", args=[unit.pk])).content.decode()


def _count(page, label) -> int:
    return int(re.search(rf'<span class="badge [^"]+">(\d+)</span> {label}', page).group(1))


def test_the_unit_page_shows_what_supports_nothing_and_changes_when_linked(client, cascade):
    c = cascade
    page = _unit_page(client, c["dinas_staf"], c["dinas"])
    assert f"Keselarasan cascading {YEAR}" in page
    assert _count(page, "tidak selaras") == 2
    services.strategic_target_link(target=c["d1"], upper=c["p1"], user=c["dinas_staf"])
    page = _unit_page(client, c["dinas_staf"], c["dinas"])
    assert _count(page, "tidak selaras") == 1
    unaligned = page.split("(tidak selaras)</h3>")[1].split("</ul>")[0]
    assert "Meningkatnya akuntabilitas dinas" in unaligned
    assert "Meningkatnya koperasi sehat" not in unaligned


def test_the_parents_kepala_sees_what_supports_them_once_signed(client, cascade):
    c = cascade
    services.strategic_target_link(target=c["d1"], upper=c["p1"], user=c["dinas_staf"])
    page = _unit_page(client, c["pemda_kepala"], c["pemda"])
    assert _count(page, "belum di-cascade") == 2  # the dinas's draft is not theirs to read
    assert "Meningkatnya koperasi sehat" not in page
    sign(c["renstra"], staf=c["dinas_staf"], kepala=c["dinas_kepala"])
    page = _unit_page(client, c["pemda_kepala"], c["pemda"])
    assert _count(page, "belum di-cascade") == 1
    assert "<li>Dinas Koperasi: Meningkatnya koperasi sehat</li>" in page
    assert "tidak selaras" not in page  # the pemda has no unit above it


def test_a_link_to_a_superseded_sasaran_is_proposed_again_in_one_click(client, cascade):
    c = cascade
    services.strategic_target_link(target=c["d1"], upper=c["p1"], user=c["dinas_staf"])
    revision = document_start_revision(document=c["rpjmd"], user=c["pemda_staf"])
    sign(revision, staf=c["pemda_staf"], kepala=c["pemda_kepala"])
    successor = revision.strategic_targets.get(origin=c["p1"])
    page = _unit_page(client, c["dinas_staf"], c["dinas"])
    assert _count(page, "perlu ditautkan ulang") == 1
    assert "<del>Meningkatnya daya saing UMKM</del>" in page
    url = reverse("indicators:target_relink", args=[c["d1"].pk])
    assert f'action="{url}"' in page
    response = client.post(url, {"next": "/"}, follow=True)
    assert "Tautan kini menuju sasaran strategis yang berlaku." in response.content.decode()
    assert StrategicTarget.objects.get(pk=c["d1"].pk).supports_id == successor.pk
    page = _unit_page(client, c["dinas_staf"], c["dinas"])
    assert _count(page, "perlu ditautkan ulang") == 0


def test_relinking_without_a_successor_says_so(client, cascade):
    c = cascade
    services.strategic_target_link(target=c["d1"], upper=c["p1"], user=c["dinas_staf"])
    revision = document_start_revision(document=c["rpjmd"], user=c["pemda_staf"])
    revision.strategic_targets.get(origin=c["p1"]).delete()
    sign(revision, staf=c["pemda_staf"], kepala=c["pemda_kepala"])
    assert "penggantinya tidak ditemukan" in _unit_page(client, c["dinas_staf"], c["dinas"])
    response = client.post(reverse("indicators:target_relink", args=[c["d1"].pk]), follow=True)
    assert "Tidak ada sasaran strategis pada dokumen atasan yang berlaku" in (
        response.content.decode()
    )
    assert StrategicTarget.objects.get(pk=c["d1"].pk).supports_id == c["p1"].pk


def _rows(page) -> dict[str, list[str]]:
    rows = {}
    for row in re.findall(r"<tr data-unit[^>]*>(.*?)</tr>", page, re.S):
        name = re.search(r">([^<]+)</a>", row).group(1)
        rows[name] = re.findall(r'<td class="text-end">([^<]*)</td>', row)
    return rows


def test_the_pemda_view_counts_per_unit_and_filters_by_level(client, cascade):
    c = cascade
    services.strategic_target_link(target=c["d1"], upper=c["p1"], user=c["dinas_staf"])
    sign(c["renstra"], staf=c["dinas_staf"], kepala=c["dinas_kepala"])
    bidang_doc = DocumentFactory(unit=c["bidang"], **c["period"])
    StrategicTargetFactory(document=bidang_doc, text="Sasaran bidang")
    sign(bidang_doc, staf=c["bidang_staf"], kepala=c["bidang_kepala"])
    client.force_login(c["pemda_kepala"])
    url = reverse("indicators:government_alignment", args=[c["pemda"].pk])
    page = client.get(url, {"tahun": YEAR}).content.decode()
    assert "Sasaran strategis Pemerintah Provinsi Contoh yang belum di-cascade: 1" in page
    # not aligned | not cascaded yet | to be linked again
    assert _rows(page) == {"Bidang Kelembagaan": ["1", "–", "0"], "Dinas Koperasi": ["1", "2", "0"]}
    page = client.get(url, {"tahun": YEAR, "tingkat": "2"}).content.decode()
    assert list(_rows(page)) == ["Bidang Kelembagaan"]
    page = client.get(url, {"tahun": YEAR - 10}).content.decode()
    assert _rows(page)["Dinas Koperasi"] == ["–", "–", "–"]  # no document that year: no counts
    assert "belum di-cascade: 0" not in page
    assert "tidak memiliki dokumen berlaku yang ditandatangani tahun ini" in page


def test_the_pemda_view_pages_in_a_constant_number_of_queries(
    client, cascade, django_assert_max_num_queries
):
    c = cascade
    client.force_login(c["pemda_kepala"])
    url = reverse("indicators:government_alignment", args=[c["pemda"].pk])
    client.get(url, {"tahun": YEAR})  # once first: work the fixture left for the worker runs
    with django_assert_max_num_queries(11):
        client.get(url, {"tahun": YEAR})
    for n in range(30):
        unit = UnitFactory(name=f"Dinas Tambahan {n:02d}", parent=c["pemda"])
        UnitFactory(name=f"Bidang {n:02d}", parent=unit, kind=OrganizationUnit.Kind.BIDANG)
        document = DocumentFactory(unit=unit, **c["period"])
        StrategicTargetFactory(document=document, supports=c["p1"])
    client.get(url, {"tahun": YEAR})
    with django_assert_max_num_queries(11):
        page = client.get(url, {"tahun": YEAR}).content.decode()
    assert "Halaman 1 dari 3" in page
    assert len(_rows(page)) == 25


def test_who_sees_the_alignment(client, cascade):
    c = cascade
    pemda_view = reverse("indicators:government_alignment", args=[c["pemda"].pk])
    dinas_view = reverse("indicators:government_alignment", args=[c["dinas"].pk])
    for name, url, status in [
        ("pemda_kepala", pemda_view, 200),
        ("pemda_kepala", dinas_view, 200),  # the units under them
        ("dinas_kepala", dinas_view, 200),
        ("dinas_staf", pemda_view, 404),  # nothing of the parent but its document in force
        ("bidang_staf", dinas_view, 404),
        ("other_kepala", pemda_view, 404),
    ]:
        client.force_login(c[name])
        assert client.get(url).status_code == status, (name, url)
    client.logout()
    assert client.get(pemda_view).status_code == 302


def test_a_unit_whose_documents_lie_in_the_past_shows_their_last_year(client, cascade, superuser):
    """The demo's documents end years ago: the unit page shows the alignment of the last year
    they cover, not an empty "this year"."""
    from indicators.cascading.panels import shown_year

    c = cascade
    past = UnitFactory(name="Dinas Lama", parent=c["dinas"].parent)
    DocumentFactory(unit=past, period_start=YEAR - 7, period_end=YEAR - 3)
    assert shown_year(past) == YEAR - 3
    assert shown_year(c["dinas"]) == YEAR
    assert shown_year(UnitFactory(name="Tanpa dokumen")) == YEAR
    assert f"Keselarasan cascading {YEAR - 3}" in _unit_page(client, superuser, past)


def test_the_pemda_view_opens_on_the_year_the_unit_page_shows(client, cascade, superuser):
    """From the unit page of a pemda whose documents lie in the past (the demo's), the link to
    the units below carries the year shown, and the view without a year opens on that year
    rather than on an empty "this year"."""
    old = UnitFactory(name="Pemerintah Kabupaten Lama", kind=OrganizationUnit.Kind.KABUPATEN)
    dinas = UnitFactory(name="Dinas Lama", parent=old)
    DocumentFactory(unit=old, period_start=YEAR - 7, period_end=YEAR - 3)
    DocumentFactory(unit=dinas, period_start=YEAR - 7, period_end=YEAR - 3)
    url = reverse("indicators:government_alignment", args=[old.pk])
    assert f'href="{url}?tahun={YEAR - 3}"' in _unit_page(client, superuser, old)
    page = client.get(url).content.decode()
    assert f"Pemerintah Kabupaten Lama ({YEAR - 3})" in page
    assert f"{YEAR - 7}-{YEAR - 3} rev. 0" in page  # the dinas's document of that year
    # A unit with units below but no document of its own still links to their alignment.
    bare = UnitFactory(name="Pemerintah Kota Baru", kind=OrganizationUnit.Kind.KOTA)
    UnitFactory(name="Dinas Baru", parent=bare)
    bare_url = reverse("indicators:government_alignment", args=[bare.pk])
    assert f'href="{bare_url}?tahun={YEAR}"' in _unit_page(client, superuser, bare)


def test_the_proposal_is_shown_when_the_upper_document_ends_before_the_year_shown(client, cascade):
    """The unit page shows the last year the lower document covers; the upper document in
    force over its period may end before that year. The page proposes what the one-click
    relink does (the same lineage over the period), not "no successor found"."""
    c = cascade
    pemda, dinas = c["pemda"], UnitFactory(name="Dinas Pariwisata", parent=c["pemda"])
    staf = member(dinas, Membership.Role.STAF, "pariwisata_staf")
    kepala = member(dinas, Membership.Role.KEPALA, "pariwisata_kepala")
    old = DocumentFactory(unit=pemda, period_start=YEAR - 6, period_end=YEAR - 2)
    upper = StrategicTargetFactory(document=old, text="Meningkatnya kunjungan wisata")
    sign(old, staf=c["pemda_staf"], kepala=c["pemda_kepala"])
    lower_doc = DocumentFactory(unit=dinas, period_start=YEAR - 4, period_end=YEAR - 1)
    lower = StrategicTargetFactory(document=lower_doc, text="Meningkatnya destinasi wisata")
    services.strategic_target_link(target=lower, upper=upper, user=staf)
    sign(lower_doc, staf=staf, kepala=kepala)
    revision = document_start_revision(document=old, user=c["pemda_staf"])
    sign(revision, staf=c["pemda_staf"], kepala=c["pemda_kepala"])
    page = _unit_page(client, staf, dinas)
    assert f"Keselarasan cascading {YEAR - 1}" in page
    assert "<del>Meningkatnya kunjungan wisata</del>" in page
    assert "penggantinya tidak ditemukan" not in page
    assert "kini: versinya dalam Perubahan, tidak berubah</span>" in page  # the successor


def test_the_pemda_view_counts_what_each_unit_page_lists(client, cascade):
    """The pemda view counts from light rows (no texts): its counts are the unit page's, a
    link to a superseded sasaran among them."""
    c = cascade
    leave_a_stale_link(c)
    client.force_login(c["pemda_kepala"])
    url = reverse("indicators:government_alignment", args=[c["pemda"].pk])
    counted = _rows(client.get(url, {"tahun": YEAR}).content.decode())["Dinas Koperasi"]
    page = _unit_page(client, c["dinas_staf"], c["dinas"])
    listed = [
        _count(page, label)
        for label in ("tidak selaras", "belum di-cascade", "perlu ditautkan ulang")
    ]
    assert counted == [str(n) for n in listed] and listed[2] == 1 and listed[0] >= 1


def test_the_dashboard_names_the_links_to_move_after_the_upper_perubahan(client, cascade):
    c = cascade
    services.strategic_target_link(target=c["d1"], upper=c["p1"], user=c["dinas_staf"])
    client.force_login(c["dinas_staf"])
    dashboard = reverse("indicators:dashboard")
    page = client.get(dashboard).content.decode()
    assert "Tautan cascading yang perlu ditautkan ulang" not in page
    revision = document_start_revision(document=c["rpjmd"], user=c["pemda_staf"])
    sign(revision, staf=c["pemda_staf"], kepala=c["pemda_kepala"])
    page = client.get(dashboard).content.decode()
    assert "Tautan cascading yang perlu ditautkan ulang" in page
    assert "Dinas Koperasi · 1 sasaran strategis tertaut ke sasaran yang telah diganti" in page
    unit_page = reverse("organizations:unit_profile", args=[c["dinas"].pk])
    assert f'href="{unit_page}#keselarasan"' in page
    client.post(reverse("indicators:target_relink", args=[c["d1"].pk]))
    assert "perlu ditautkan ulang" not in client.get(dashboard).content.decode()
    # A signed document's stale link is moved in its Perubahan: once that is started and the
    # link moved there, the dashboard asks nothing more.
    sign(c["renstra"], staf=c["dinas_staf"], kepala=c["dinas_kepala"])
    revision = document_start_revision(document=revision, user=c["pemda_staf"])
    sign(revision, staf=c["pemda_staf"], kepala=c["pemda_kepala"])
    assert "Dinas Koperasi · 1" in client.get(dashboard).content.decode()
    dinas_revision = document_start_revision(document=c["renstra"], user=c["dinas_staf"])
    assert "Dinas Koperasi · 1" in client.get(dashboard).content.decode()  # not moved yet
    moved = dinas_revision.strategic_targets.get(origin=c["d1"])
    client.post(reverse("indicators:target_relink", args=[moved.pk]))
    assert "perlu ditautkan ulang" not in client.get(dashboard).content.decode()
    client.force_login(c["pemda_staf"])  # nothing of the dinas on the province's dashboard
    assert "Dinas Koperasi · 1" not in client.get(dashboard).content.decode()


def test_a_link_to_the_version_before_a_perubahan_still_supports_it(client, cascade):
    """After the upper unit's Perubahan, a lower sasaran linked to the replaced version is
    counted as supporting its successor (the pohon kinerja draws it there), marked to be
    linked again: never "belum di-cascade" on one page and supported on the other."""
    c = cascade
    leave_a_stale_link(c)
    page = _unit_page(client, c["pemda_kepala"], c["pemda"])
    assert _count(page, "belum di-cascade") == 1  # p2 only, as before the Perubahan
    supported = page.split("yang mendukungnya</h3>")[1]
    assert re.search(
        r"<li>Dinas Koperasi: Meningkatnya koperasi sehat <span[^>]*>tertaut ke versinya "
        r"sebelum Perubahan",
        supported,
    )
    client.force_login(c["pemda_kepala"])
    url = reverse("indicators:government_alignment", args=[c["pemda"].pk])
    page = client.get(url, {"tahun": YEAR}).content.decode()
    assert "Sasaran strategis Pemerintah Provinsi Contoh yang belum di-cascade: 1" in page


def test_the_pemda_view_lists_each_dinas_with_its_bidang_under_it(client, cascade):
    c = cascade
    dinas = UnitFactory(name="Dinas Pariwisata", parent=c["pemda"])
    UnitFactory(name="Bidang Aaa", parent=dinas, kind=OrganizationUnit.Kind.BIDANG)
    client.force_login(c["pemda_kepala"])
    url = reverse("indicators:government_alignment", args=[c["pemda"].pk])
    page = client.get(url, {"tahun": YEAR}).content.decode()
    assert list(_rows(page)) == [
        "Dinas Koperasi",
        "Bidang Kelembagaan",
        "Dinas Pariwisata",
        "Bidang Aaa",
    ]
    assert "di bawah Dinas Koperasi" in page
    # a unit without a document in the year: no count, a dash
    assert _rows(page)["Dinas Pariwisata"] == ["–", "–", "–"]
    assert "Tepat di bawah (OPD)" in page
    client.force_login(c["dinas_kepala"])
    url = reverse("indicators:government_alignment", args=[c["dinas"].pk])
    page = client.get(url, {"tahun": YEAR}).content.decode()
    assert "(OPD)" not in page and "(bidang, UPTD)" not in page
