"""Who may do what, on every page of a PK: the role matrix (another unit's staf 404, a member
of the unit above sees only signed PKs, a PK no longer a draft is read-only), and every page
in Indonesian."""

import datetime

import pytest
from django.urls import reverse

from agreements import services, signing
from agreements.models import AgreementProgram, PerformanceAgreement
from organizations.models import Membership
from organizations.tests.factories import MembershipFactory

WHO = ["outsider", "staf", "kepala", "superuser", "overseer"]


@pytest.fixture
def overseer(pemda):
    """Staff of the pemda the dinas belongs to."""
    return MembershipFactory(unit=pemda, role=Membership.Role.STAF).user


@pytest.fixture
def world(agreement):
    program = AgreementProgram.objects.create(
        agreement=agreement, order=1, name="Program A", budget=1000
    )
    iku = agreement.indicators.first()
    return {"agreement": agreement, "program": program, "iku": iku}


def _urls(w):
    """(method, url, expected status for: outsider, staf, kepala, superuser, overseer)."""
    a, p, i = w["agreement"], w["program"], w["iku"]
    r = reverse
    edit = (404, 200, 200, 200, 404)
    post = (404, 302, 302, 302, 404)
    return [
        ("get", r("agreements:unit_list", args=[a.unit_id]), (404, 200, 200, 200, 200)),
        ("get", r("agreements:create", args=[a.unit_id]), (404, 200, 200, 200, 403)),
        ("get", r("agreements:detail", args=[a.pk]), edit),
        ("get", r("agreements:parties", args=[a.pk]), edit),
        ("get", r("agreements:indicator_create", args=[a.pk]), edit),
        ("get", r("agreements:indicator_edit", args=[i.pk]), edit),
        ("get", r("agreements:indicator_leave_out", args=[i.pk]), edit),
        ("post", r("agreements:indicator_include", args=[i.pk]), post),
        ("get", r("agreements:program_create", args=[a.pk]), edit),
        ("get", r("agreements:program_edit", args=[p.pk]), edit),
        ("post", r("agreements:program_delete", args=[p.pk]), post),
    ]


@pytest.mark.parametrize("who", WHO)
def test_role_matrix_of_a_draft_pk(client, request, world, who):
    client.force_login(request.getfixturevalue(who))
    failures = []
    for method, url, expected in _urls(world):
        status = getattr(client, method)(url).status_code
        if status != expected[WHO.index(who)]:
            failures.append((method, url, status, expected[WHO.index(who)]))
    assert failures == []


def _set_status(agreement, status, staf, kepala):
    """Submitted (by the staf) or signed (then by the kepala), as the pages do it."""
    agreement.place, agreement.date = "Palembang", datetime.date(2025, 1, 6)
    services.agreement_parties_update(agreement=agreement, version=agreement.version)
    signing.agreement_submit(agreement=agreement, user=staf)
    if status == PerformanceAgreement.Status.SIGNED:
        signing.agreement_sign(agreement=agreement, user=kepala)
    agreement.refresh_from_db()


@pytest.mark.parametrize(
    ("status", "overseer_reads"),
    [(PerformanceAgreement.Status.SUBMITTED, 404), (PerformanceAgreement.Status.SIGNED, 200)],
)
def test_a_pk_no_longer_a_draft_is_read_only(
    client, staf, kepala, overseer, world, status, overseer_reads, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    _set_status(world["agreement"], status, staf, kepala)
    client.force_login(staf)
    detail = reverse("agreements:detail", args=[world["agreement"].pk])
    # A signed PK's change goes back to the PK, which says why (test_a_signed_pk_says_why).
    refused = 302 if status == PerformanceAgreement.Status.SIGNED else 403
    for method, url, _expected in _urls(world)[2:]:
        answer = getattr(client, method)(url).status_code
        assert answer == (200 if url == detail else refused), url
    page = client.get(reverse("agreements:detail", args=[world["agreement"].pk])).content
    assert "Ubah para pihak" not in page.decode()
    client.force_login(overseer)
    detail = reverse("agreements:detail", args=[world["agreement"].pk])
    assert client.get(detail).status_code == overseer_reads
    listed = client.get(reverse("agreements:unit_list", args=[world["agreement"].unit_id]))
    assert ("PERJANJIAN KINERJA TAHUN 2025" in listed.content.decode()) == (overseer_reads == 200)


SIGNED = (
    "Perjanjian Kinerja ini sudah ditandatangani: tidak dapat diubah lagi. Perubahan memerlukan "
    "PK Perubahan."
)


def test_a_signed_pk_says_why_it_cannot_be_changed(
    client, staf, kepala, outsider, world, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    agreement = world["agreement"]
    _set_status(agreement, PerformanceAgreement.Status.SIGNED, staf, kepala)
    detail = reverse("agreements:detail", args=[agreement.pk])
    changes = [
        ("get", reverse("agreements:parties", args=[agreement.pk])),
        ("get", reverse("agreements:program_create", args=[agreement.pk])),
        ("get", reverse("agreements:indicator_create", args=[agreement.pk])),
        ("post", reverse("agreements:indicator_create", args=[agreement.pk])),
        ("get", reverse("agreements:program_edit", args=[world["program"].pk])),
        ("post", reverse("agreements:program_delete", args=[world["program"].pk])),
    ]
    for who in (staf, kepala):
        client.force_login(who)
        for method, url in changes:
            answer = getattr(client, method)(url, follow=True)
            assert answer.redirect_chain == [(detail, 302)], url
            assert answer.status_code == 200 and SIGNED in answer.content.decode(), url
    assert AgreementProgram.objects.filter(pk=world["program"].pk).exists()
    client.force_login(outsider)  # who may not read the PK learns nothing of it
    for method, url in changes:
        assert getattr(client, method)(url).status_code == 404, url


def test_another_units_staf_changes_nothing(client, outsider, world):
    client.force_login(outsider)
    program = world["program"]
    response = client.post(
        reverse("agreements:program_edit", args=[program.pk]),
        {"level": "program", "name": "Diubah", "budget": "1", "version": 0},
    )
    assert response.status_code == 404
    program.refresh_from_db()
    assert program.name == "Program A"


def test_anonymous_is_sent_to_login_everywhere(client, world):
    for method, url, _expected in _urls(world):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_the_pages_speak_indonesian_and_are_linked_from_the_unit(client, staf, world):
    client.force_login(staf)
    agreement = world["agreement"]
    profile = client.get(reverse("organizations:unit_profile", args=[agreement.unit_id]))
    assert reverse("agreements:unit_list", args=[agreement.unit_id]) in profile.content.decode()
    listing = client.get(reverse("agreements:unit_list", args=[agreement.unit_id])).content
    assert "Buat Perjanjian Kinerja" in listing.decode()
    detail = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    for words in (
        "Para pihak",
        "Pihak pertama",
        "Sasaran, indikator dan target 2025",
        "Program dan anggaran",
        "Jumlah Anggaran",
        "Tambah indikator lain",
    ):
        assert words in detail, words
    document = client.get(reverse("indicators:document_detail", args=[agreement.document_id]))
    assert reverse("agreements:unit_list", args=[agreement.unit_id]) in document.content.decode()


def test_the_unit_list_is_paginated_newest_year_first(client, staf, unit, iku_document):
    PerformanceAgreement.objects.bulk_create(
        PerformanceAgreement(unit=unit, year=year, document=iku_document)
        for year in range(2030, 2056)  # 26 PKs: a page of 25 and one more
    )
    client.force_login(staf)
    url = reverse("agreements:unit_list", args=[unit.pk])
    first = client.get(url).content.decode()
    assert first.count("PERJANJIAN KINERJA TAHUN") == 25
    assert first.index("TAHUN 2055") < first.index("TAHUN 2054")
    assert "TAHUN 2030" not in first and "Halaman 1 dari 2" in first
    second = client.get(url + "?page=2").content.decode()
    assert second.count("PERJANJIAN KINERJA TAHUN") == 1 and "TAHUN 2030" in second


@pytest.mark.parametrize(
    ("who", "pdf", "sign", "countersign"),
    [
        ("outsider", 404, 404, 404),
        ("staf", 200, 403, 403),
        ("kepala", 200, 302, 200),
        ("superuser", 200, 403, 200),
        ("overseer", 404, 404, 403),
    ],
)
def test_role_matrix_of_the_pdf_the_signature_and_pihak_kedua(
    client, request, world, staf, kepala, who, pdf, sign, countersign, settings, tmp_path
):
    """The PDF is read as the PK is; only the unit's kepala signs a submitted PK; the kepala or
    an admin records pihak kedua's signature of a signed one; nobody else sees more."""
    settings.MEDIA_ROOT = str(tmp_path)
    agreement = world["agreement"]
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("agreements:pdf", args=[agreement.pk])).status_code == pdf
    _set_status(agreement, PerformanceAgreement.Status.SUBMITTED, staf, kepala)
    answer = client.post(reverse("agreements:sign", args=[agreement.pk]))
    assert answer.status_code == sign
    assert PerformanceAgreement.objects.get(pk=agreement.pk).status == (
        "signed" if sign == 302 else "submitted"
    )
    if sign != 302:
        signing.agreement_sign(agreement=agreement, user=kepala)
    page = reverse("agreements:countersign", args=[agreement.pk])
    assert client.get(page).status_code == countersign
