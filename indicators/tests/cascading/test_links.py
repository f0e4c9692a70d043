"""Links between levels: made by the staf on their draft, refused with a reason when they do not
fit (and nothing saved), frozen with the signed document, copied into a Perubahan and compared."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from core.errors import WorkflowError
from indicators.cascading import services
from indicators.frozen import FrozenDocumentError
from indicators.models import Indicator, StrategicTarget
from indicators.tests.factories import StrategicTargetFactory, sign
from indicators.workflow.services import document_start_revision

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database's own guards are PostgreSQL's"
)


def _link(c, target, upper, user=None):
    return services.strategic_target_link(target=target, upper=upper, user=user or c["dinas_staf"])


def _refused(c, target, upper, *, user=None) -> str:
    with pytest.raises(ValidationError) as error:
        _link(c, target, upper, user)
    target.refresh_from_db()
    assert target.supports_id is None  # nothing saved
    return " ".join(error.value.messages)


def test_the_link_page_offers_only_the_parents_sasaran_in_force(client, cascade):
    c = cascade
    client.force_login(c["dinas_staf"])
    page = client.get(reverse("indicators:target_link", args=[c["d1"].pk])).content.decode()
    assert "Meningkatnya daya saing UMKM" in page
    assert "Meningkatnya tata kelola pemerintahan" in page
    assert "Sasaran pemda lain" not in page
    assert "Tautkan ke sasaran atasan" in page


def test_staf_links_a_sasaran_and_sees_it(client, cascade):
    c = cascade
    client.force_login(c["dinas_staf"])
    url = reverse("indicators:target_link", args=[c["d1"].pk])
    response = client.post(url, {"supports": c["p1"].pk}, follow=True)
    page = response.content.decode()
    assert "Sasaran strategis ditautkan ke sasaran atasan." in page
    assert "Mendukung:</strong> 1 Meningkatnya daya saing UMKM" in page
    c["d1"].refresh_from_db()
    assert c["d1"].supports_id == c["p1"].pk
    response = client.post(url, {"supports": ""}, follow=True)
    assert "Tautan sasaran strategis dihapus." in response.content.decode()
    c["d1"].refresh_from_db()
    assert c["d1"].supports_id is None


def test_a_sasaran_of_a_unit_that_is_not_the_parent_is_refused(client, cascade):
    c = cascade
    message = _refused(c, c["d1"], c["o_upper"])
    assert (
        "Pemerintah Provinsi Lain bukan unit tepat di atas Dinas Koperasi: sasaran strategis "
        "hanya mendukung sasaran strategis unit induknya." in message
    )
    # The bidang skipping its dinas to the pemda is refused too: only the parent.
    bidang_target = StrategicTargetFactory(
        document__unit=c["bidang"], document__period_start=c["period"]["period_start"]
    )
    message = _refused(c, bidang_target, c["p1"], user=c["bidang_staf"])
    assert "bukan unit tepat di atas Bidang Kelembagaan" in message
    # Through the page, a sasaran not offered is not accepted either.
    client.force_login(c["dinas_staf"])
    response = client.post(
        reverse("indicators:target_link", args=[c["d1"].pk]), {"supports": c["o_upper"].pk}
    )
    assert "Masukkan pilihan yang valid." in response.content.decode()
    c["d1"].refresh_from_db()
    assert c["d1"].supports_id is None


def test_a_top_unit_links_nowhere(cascade):
    c = cascade
    draft = document_start_revision(document=c["rpjmd"], user=c["pemda_staf"])
    top_target = draft.strategic_targets.first()
    with pytest.raises(ValidationError) as error:
        _link(c, top_target, c["p2"], c["pemda_staf"])
    assert "tidak punya unit di atasnya" in " ".join(error.value.messages)


def test_a_cycle_is_refused(cascade):
    c = cascade
    message = _refused(c, c["d1"], c["d1"])
    assert "Sasaran strategis tidak dapat mendukung dirinya sendiri" in message
    # A chain that comes back (d2 → d1 written directly, then d1 → d2).
    StrategicTarget.objects.filter(pk=c["d2"].pk).update(supports=c["d1"])
    message = _refused(c, c["d1"], StrategicTarget.objects.get(pk=c["d2"].pk))
    assert "tidak dapat mendukung dirinya sendiri, langsung maupun tidak" in message


def test_a_link_into_a_draft_or_a_superseded_document_is_refused(cascade):
    c = cascade
    revision = document_start_revision(document=c["rpjmd"], user=c["pemda_staf"])
    draft_p1 = revision.strategic_targets.get(text=c["p1"].text)
    message = _refused(c, c["d1"], draft_p1)
    assert "belum ditandatangani: tautan hanya ke dokumen yang berlaku" in message
    sign(revision, staf=c["pemda_staf"], kepala=c["pemda_kepala"])
    message = _refused(c, c["d1"], StrategicTarget.objects.get(pk=c["p1"].pk))
    assert "sudah diganti oleh Perubahan" in message
    _link(c, c["d1"], draft_p1)  # the new one, in force now
    assert StrategicTarget.objects.get(pk=c["d1"].pk).supports_id == draft_p1.pk


def test_a_signed_document_keeps_its_links_and_is_changed_by_a_perubahan(client, cascade):
    c = cascade
    _link(c, c["d1"], c["p1"])
    sign(c["renstra"], staf=c["dinas_staf"], kepala=c["dinas_kepala"])
    with pytest.raises(WorkflowError) as error:
        _link(c, c["d1"], c["p2"])
    assert "Dokumen ini sudah ditandatangani: tautannya tidak dapat diubah" in str(error.value)
    assert StrategicTarget.objects.get(pk=c["d1"].pk).supports_id == c["p1"].pk
    client.force_login(c["dinas_staf"])
    url = reverse("indicators:target_link", args=[c["d1"].pk])
    refused = client.post(url, {"supports": c["p2"].pk}, follow=True)  # back, told why
    assert "Mulailah Perubahan" in refused.content.decode()
    assert StrategicTarget.objects.get(pk=c["d1"].pk).supports_id == c["p1"].pk
    # The ORM refuses every other way too.
    with pytest.raises(FrozenDocumentError):
        StrategicTarget.objects.filter(pk=c["d1"].pk).update(supports=None)
    d1 = StrategicTarget.objects.get(pk=c["d1"].pk)
    d1.supports = c["p2"]
    with pytest.raises(FrozenDocumentError):
        d1.save()
    assert StrategicTarget.objects.get(pk=c["d1"].pk).supports_id == c["p1"].pk


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_postgresql_refuses_changing_the_links_of_a_signed_document(cascade):
    c = cascade
    _link(c, c["d1"], c["p1"])
    services.indicator_link(
        indicator=c["d1_iku"], upper=c["p1_iku"], cascading="", user=c["dinas_staf"]
    )
    sign(c["renstra"], staf=c["dinas_staf"], kepala=c["dinas_kepala"])
    statements = [
        ("UPDATE indicators_strategictarget SET supports_id = NULL WHERE id = %s", [c["d1"].pk]),
        (
            "UPDATE indicators_strategictarget SET supports_id = %s WHERE id = %s",
            [c["p2"].pk, c["d1"].pk],
        ),
        ("UPDATE indicators_indicator SET supports_id = NULL WHERE id = %s", [c["d1_iku"].pk]),
    ]
    for sql, params in statements:
        with (
            pytest.raises(DatabaseError) as error,
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, params)
        assert "belongs to a signed document and cannot change" in str(error.value)
    assert StrategicTarget.objects.get(pk=c["d1"].pk).supports_id == c["p1"].pk
    assert Indicator.objects.get(pk=c["d1_iku"].pk).supports_id == c["p1_iku"].pk


def test_an_iku_names_an_upper_iku_of_the_supported_sasaran(client, cascade):
    c = cascade
    iku = c["d1_iku"]
    with pytest.raises(ValidationError) as error:
        services.indicator_link(
            indicator=iku, upper=c["p1_iku"], cascading="", user=c["dinas_staf"]
        )
    assert "Tautkan sasaran strategisnya lebih dulu" in " ".join(error.value.messages)
    _link(c, c["d1"], c["p1"])
    with pytest.raises(ValidationError) as error:
        services.indicator_link(
            indicator=iku, upper=c["p1_iku"], cascading="N", user=c["dinas_staf"]
        )
    assert "C atau CP, bukan N" in " ".join(error.value.messages)
    assert Indicator.objects.get(pk=iku.pk).supports_id is None
    client.force_login(c["dinas_staf"])
    response = client.post(
        reverse("indicators:indicator_link", args=[iku.pk]),
        {"supports": c["p1_iku"].pk, "cascading": ""},
        follow=True,
    )
    page = response.content.decode()
    assert "Tautan IKU disimpan." in page
    assert "Mendukung: Persentase UMKM naik kelas · C" in page
    iku.refresh_from_db()
    assert (iku.supports_id, iku.cascading) == (c["p1_iku"].pk, "C")
    # Linking the sasaran elsewhere takes away the IKU's link that no longer fits.
    _link(c, c["d1"], c["p2"])
    assert Indicator.objects.get(pk=iku.pk).supports_id is None


def test_others_may_not_link(client, cascade):
    c = cascade
    url = reverse("indicators:target_link", args=[c["d1"].pk])
    for name, status in [("other_staf", 404), ("pemda_kepala", 404), ("bidang_staf", 404)]:
        client.force_login(c[name])
        assert client.post(url, {"supports": c["p1"].pk}).status_code == status, name
    with pytest.raises(PermissionDenied):
        _link(c, c["d1"], c["p1"], c["pemda_kepala"])
    assert StrategicTarget.objects.get(pk=c["d1"].pk).supports_id is None


def test_a_perubahan_copies_the_links_and_the_comparison_shows_their_changes(client, cascade):
    c = cascade
    _link(c, c["d1"], c["p1"])
    services.indicator_link(
        indicator=c["d1_iku"], upper=c["p1_iku"], cascading="CP", user=c["dinas_staf"]
    )
    sign(c["renstra"], staf=c["dinas_staf"], kepala=c["dinas_kepala"])
    revision = document_start_revision(document=c["renstra"], user=c["dinas_staf"])
    d1_copy = revision.strategic_targets.get(text=c["d1"].text)
    d2_copy = revision.strategic_targets.get(text=c["d2"].text)
    assert (d1_copy.supports_id, d1_copy.origin_id) == (c["p1"].pk, c["d1"].pk)
    iku_copy = revision.indicators.get()
    assert (iku_copy.supports_id, iku_copy.cascading) == (c["p1_iku"].pk, "CP")
    _link(c, d1_copy, c["p2"])  # changed (and its IKU's link goes with it)
    _link(c, d2_copy, c["p1"])  # added
    client.force_login(c["dinas_staf"])
    page = client.get(reverse("indicators:document_compare", args=[revision.pk])).content.decode()
    assert "Mendukung (tautan ke atasan)" in page
    assert (
        "<del>Pemerintah Provinsi Contoh" in page and "Meningkatnya daya saing UMKM</del>" in page
    )
    assert "<ins>Pemerintah Provinsi Contoh" in page
    assert "Meningkatnya tata kelola pemerintahan</ins>" in page
    assert "<del></del>" in page  # d2 had no link before
    # a sasaran added in the Perubahan is listed with what it supports
    added = StrategicTargetFactory(document=revision, text="Sasaran baru perubahan")
    _link(c, added, c["p2"])
    page = client.get(reverse("indicators:document_compare", args=[revision.pk])).content.decode()
    assert re.search(
        r"Sasaran baru perubahan · Mendukung: Pemerintah Provinsi Contoh \([^)]*\): "
        r"Meningkatnya tata kelola pemerintahan",
        page,
    )


def test_the_link_page_of_a_stale_link_chooses_its_successor(client, cascade):
    """A link to a superseded version opens its form with the successor chosen, so that
    saving moves it there rather than removing it (the form showed "none" chosen)."""
    c = cascade
    _link(c, c["d1"], c["p1"])
    revision = document_start_revision(document=c["rpjmd"], user=c["pemda_staf"])
    sign(revision, staf=c["pemda_staf"], kepala=c["pemda_kepala"])
    successor = revision.strategic_targets.get(origin=c["p1"])
    client.force_login(c["dinas_staf"])
    url = reverse("indicators:target_link", args=[c["d1"].pk])
    page = client.get(url).content.decode()
    assert f'<option value="{successor.pk}" selected>' in page
    assert 'penggantinya, "Meningkatnya daya saing UMKM", sudah dipilih' in page
    assert "Pilihannya adalah sasaran strategis" in page and "Pemerintah Provinsi Contoh" in page


def test_moving_a_sasaran_link_says_which_iku_links_went_with_it(client, cascade):
    c = cascade
    _link(c, c["d1"], c["p1"])
    services.indicator_link(
        indicator=c["d1_iku"], upper=c["p1_iku"], cascading="C", user=c["dinas_staf"]
    )
    client.force_login(c["dinas_staf"])
    url = reverse("indicators:target_link", args=[c["d1"].pk])
    before = client.get(url).content.decode()  # said before anything is saved
    assert 'id="iku-links-note"' in before and "1 IKU sasaran ini tertaut" in before
    page = client.post(url, {"supports": c["p2"].pk}, follow=True).content.decode()
    assert "1 tautan IKU di bawahnya ikut dihapus" in page
    assert 'id="iku-links-note"' not in page
    assert Indicator.objects.get(pk=c["d1_iku"].pk).supports_id is None


def test_the_iku_link_page_says_why_it_offers_nothing(client, cascade):
    c = cascade
    _link(c, c["d1"], c["p2"])  # p2 has no IKU
    client.force_login(c["dinas_staf"])
    url = reverse("indicators:indicator_link", args=[c["d1_iku"].pk])
    assert "Sasaran strategis atasan tidak memiliki IKU untuk ditautkan." in (
        client.get(url).content.decode()
    )
    _link(c, c["d1"], c["p1"])
    revision = document_start_revision(document=c["rpjmd"], user=c["pemda_staf"])
    sign(revision, staf=c["pemda_staf"], kepala=c["pemda_kepala"])
    assert "tertaut ke versi atasan yang sudah diganti" in client.get(url).content.decode()


def test_the_document_page_shows_what_each_sasaran_supports_and_links_upward(client, cascade):
    """A new user looked for linking on the document page: each sasaran says what it supports
    above, and its buttons lead to the link page (a top unit's sasaran have none)."""
    c = cascade
    _link(c, c["d1"], c["p1"])
    client.force_login(c["dinas_staf"])
    page = client.get(reverse("indicators:document_detail", args=[c["renstra"].pk])).content
    page = page.decode()
    assert "Mendukung: Meningkatnya daya saing UMKM (Pemerintah Provinsi Contoh)" in page
    assert "Mendukung IKU atasan" not in page
    services.indicator_link(
        indicator=c["d1_iku"], upper=c["p1_iku"], cascading="CP", user=c["dinas_staf"]
    )
    page = client.get(reverse("indicators:document_detail", args=[c["renstra"].pk])).content
    page = page.decode()
    assert f"Mendukung IKU atasan: {c['p1_iku'].name} (CP)" in page  # an IKU's link too
    assert reverse("indicators:target_link", args=[c["d2"].pk]) in page
    assert "Tautkan ke atasan" in page
    client.force_login(c["pemda_staf"])
    revision = document_start_revision(document=c["rpjmd"], user=c["pemda_staf"])
    page = client.get(reverse("indicators:document_detail", args=[revision.pk])).content
    assert "Tautkan ke atasan" not in page.decode()  # nothing above a pemda


def test_linking_in_a_signed_or_submitted_document_says_how(client, cascade):
    """A member who opens the link page of a document no longer a draft is sent back to it and
    told why (a Perubahan for a signed one), not shown a bare 403."""
    from indicators.workflow.services import document_submit

    c = cascade
    client.force_login(c["pemda_staf"])
    response = client.get(reverse("indicators:target_link", args=[c["p1"].pk]), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse(
        "indicators:document_detail", args=[c["rpjmd"].pk]
    )
    assert (
        "Dokumen ini sudah ditandatangani: tautannya tidak dapat diubah. Mulailah Perubahan" in page
    )
    document_submit(document=c["renstra"], user=c["dinas_staf"])
    client.force_login(c["dinas_staf"])
    response = client.get(reverse("indicators:target_link", args=[c["d1"].pk]), follow=True)
    assert "dikembalikan menjadi draf" in response.content.decode()


def test_linking_in_a_superseded_version_sends_to_the_unit(client, cascade):
    c = cascade
    revision = document_start_revision(document=c["rpjmd"], user=c["pemda_staf"])
    sign(revision, staf=c["pemda_staf"], kepala=c["pemda_kepala"])
    client.force_login(c["pemda_staf"])
    response = client.get(reverse("indicators:target_link", args=[c["p1"].pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "organizations:unit_profile", args=[c["pemda"].pk]
    )
    assert "Versi ini sudah digantikan oleh Perubahan" in response.content.decode()
