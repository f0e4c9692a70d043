"""Sign, freeze and verify: every transition × role, every immutability path, verification."""

import hashlib
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.errors import WorkflowError
from indicators.models import (
    FrozenDocumentError,
    GoalIndicator,
    IKUDocument,
    Indicator,
    StrategicTarget,
    YearlyTarget,
)
from indicators.printing.snapshot import document_snapshot
from indicators.tests.factories import (
    DocumentFactory,
    GoalFactory,
    GoalIndicatorFactory,
    IndicatorFactory,
    StrategicTargetFactory,
    YearlyTargetFactory,
    sign,
)
from indicators.tree import services
from indicators.verification.compare import compare_snapshots
from indicators.workflow import services as workflow
from indicators.workflow import signing
from organizations.tests.factories import OfficialFactory


def _url(code):
    return f"http://iku.example.go.id/verifikasi/{code}/"


@pytest.fixture
def document(unit):
    official = OfficialFactory(unit=unit, name="HAMDAN, SH., M.Si", jabatan="Kepala Dinas")
    document = DocumentFactory(unit=unit, signatory=official, layout="ringkas")
    goal = GoalFactory(document=document)
    GoalIndicatorFactory(goal=goal)
    target = StrategicTargetFactory(document=document, goal=goal)
    indicator = IndicatorFactory(strategic_target=target, name="Persentase Koperasi Berkualitas")
    YearlyTargetFactory(indicator=indicator, year=2025, value=70)
    return document


@pytest.fixture
def signed(document, staf, kepala):
    workflow.document_submit(document=document, user=staf)
    version = signing.document_sign(document=document, user=kepala, verification_url=_url)
    document.refresh_from_db()
    return version


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("staf", True), ("kepala", True), ("outsider", False), ("superuser", False)],
)
def test_submit_by_role(document, request, who, allowed):
    user = request.getfixturevalue(who)
    if allowed:
        workflow.document_submit(document=document, user=user)
        assert document.status == "submitted"
        assert document.transitions.get().user == user
    else:
        with pytest.raises(WorkflowError):
            workflow.document_submit(document=document, user=user)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("staf", False), ("kepala", True), ("outsider", False), ("superuser", False)],
)
def test_sign_and_return_only_by_the_kepala(document, staf, request, who, allowed):
    workflow.document_submit(document=document, user=staf)
    user = request.getfixturevalue(who)
    if not allowed:
        with pytest.raises(WorkflowError):
            signing.document_sign(document=document, user=user, verification_url=_url)
        with pytest.raises(WorkflowError):
            workflow.document_return(document=document, user=user, reason="Perbaiki target")
        return
    with pytest.raises(WorkflowError, match="alasan|why"):
        workflow.document_return(document=document, user=user, reason="  ")
    workflow.document_return(document=document, user=user, reason="Perbaiki target")
    assert document.status == "draft"
    assert document.transitions.last().note == "Perbaiki target"
    workflow.document_submit(document=document, user=staf)
    version = signing.document_sign(document=document, user=user, verification_url=_url)
    assert version.document.status == "signed"


def test_transitions_need_the_right_state(document, staf, kepala):
    with pytest.raises(WorkflowError):
        signing.document_sign(document=document, user=kepala, verification_url=_url)
    with pytest.raises(WorkflowError):
        workflow.document_return(document=document, user=kepala, reason="x")
    with pytest.raises(WorkflowError):
        workflow.document_start_revision(document=document, user=staf)


def test_signing_stores_snapshot_pdf_and_hash(signed, document):
    pdf = signed.pdf.read()
    signed.pdf.close()
    assert hashlib.sha256(pdf).hexdigest() == signed.sha256
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert signed.code in text
    assert f"verifikasi/{signed.code}/" in "".join(text.split())  # the URL may wrap
    assert b"/Image" not in pdf  # the QR code is vector, not a bitmap
    snapshot = signed.snapshot
    assert snapshot["unit"]["name"] == document.unit.name
    assert snapshot["indicators"][0]["name"] == "Persentase Koperasi Berkualitas"
    assert snapshot["indicators"][0]["targets"] == {"2025": "70"}
    assert snapshot["signature"]["name"] == "HAMDAN, SH., M.Si"


def test_signed_pdf_is_served_byte_for_byte(client, staf, signed, document):
    client.force_login(staf)
    response = client.get(reverse("indicators:document_pdf", args=[document.pk]))
    assert hashlib.sha256(response.content).hexdigest() == signed.sha256


def test_no_path_changes_a_signed_document(signed, document):
    indicator = Indicator.objects.get(document=document)
    paths = [
        lambda: document.save(),
        lambda: document.delete(),
        lambda: IKUDocument.objects.filter(pk=document.pk).update(title="X"),
        lambda: IKUDocument.objects.filter(pk=document.pk).delete(),
        lambda: indicator.save(),
        lambda: indicator.delete(),
        lambda: Indicator.objects.filter(pk=indicator.pk).update(name="X"),
        lambda: Indicator.objects.filter(document=document).delete(),
        lambda: StrategicTarget.objects.filter(document=document).update(text="X"),
        lambda: GoalIndicator.objects.filter(goal__document=document).update(text="X"),
        lambda: YearlyTarget.objects.filter(indicator=indicator).update(value=1),
        lambda: YearlyTarget.objects.get(indicator=indicator).delete(),
        lambda: YearlyTarget(indicator=indicator, year=2026, value=1).save(),
        lambda: services.indicator_save(indicator=indicator, targets={}, version=indicator.version),
        lambda: services.document_update(document=document, version=document.version),
    ]
    title, name = document.title, indicator.name
    for path in paths:
        with pytest.raises(FrozenDocumentError):
            path()
    document.refresh_from_db()
    assert (document.status, document.title) == (IKUDocument.Status.SIGNED, title)
    assert Indicator.objects.get(pk=indicator.pk).name == name
    assert YearlyTarget.objects.get(indicator=indicator).value == 70
    indicator.refresh_from_db()
    assert indicator.name == "Persentase Koperasi Berkualitas"
    assert issubclass(FrozenDocumentError, PermissionDenied)


def test_views_and_admin_refuse_changes_to_a_signed_document(
    client, staf, superuser, signed, document
):
    indicator = Indicator.objects.get(document=document)
    client.force_login(staf)
    assert client.get(reverse("indicators:indicator_edit", args=[indicator.pk])).status_code == 403
    assert (
        client.post(reverse("indicators:item_delete", args=["iku", indicator.pk])).status_code
        == 403
    )
    client.force_login(superuser)
    change = client.get(reverse("admin:indicators_indicator_change", args=[indicator.pk]))
    assert change.status_code == 200 and 'name="name"' not in change.content.decode()
    post = client.post(
        reverse("admin:indicators_indicator_change", args=[indicator.pk]), {"name": "X"}
    )
    assert post.status_code == 403
    delete = client.post(
        reverse("admin:indicators_ikudocument_delete", args=[document.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert IKUDocument.objects.filter(pk=document.pk).exists()


def test_public_verification_page(client, signed, document):
    page = client.get(reverse("indicators:verify", args=[signed.code]))
    html = page.content.decode()
    assert page.status_code == 200
    assert document.unit.name in html and signed.sha256 in html and "HAMDAN, SH., M.Si" in html
    stored = client.get(reverse("indicators:verify_pdf", args=[signed.code]))
    assert hashlib.sha256(stored.content).hexdigest() == signed.sha256

    def upload(content, name="salinan.pdf"):
        file = SimpleUploadedFile(name, content, content_type="application/pdf")
        return client.post(
            reverse("indicators:verify", args=[signed.code]), {"pdf": file}
        ).content.decode()

    assert "Identik" in upload(stored.content)
    tampered = stored.content.replace(b"Persentase", b"Persentasi", 1)
    assert "Tidak identik" in upload(
        tampered if tampered != stored.content else stored.content + b" "
    )
    assert "Berkas ini bukan PDF." in upload(b"GIF89a....", "gambar.pdf")


def test_upload_too_large(client, signed, settings):
    settings.VERIFY_UPLOAD_MAX_BYTES = 10
    file = SimpleUploadedFile("besar.pdf", b"%PDF-" + b"x" * 100, content_type="application/pdf")
    html = client.post(
        reverse("indicators:verify", args=[signed.code]), {"pdf": file}
    ).content.decode()
    assert "Berkas terlalu besar" in html


def test_unknown_code(client, db):
    response = client.get(reverse("indicators:verify", args=["ABCD-EFGH-JKLM"]))
    assert response.status_code == 404
    assert "Tidak ada dokumen bertanda tangan dengan kode" in response.content.decode()
    assert client.get(reverse("indicators:verify_pdf", args=["NOPE"])).status_code == 404


def test_revision_chain(signed, document, staf, kepala):
    revision = workflow.document_start_revision(document=document, user=staf)
    assert revision.revision == document.revision + 1
    assert revision.revises == document
    assert revision.status == "draft"
    assert revision.heading.startswith("PERUBAHAN INDIKATOR KINERJA UTAMA (IKU) TAHUN")
    assert revision.indicators.get().targets.get().value == 70
    with pytest.raises(WorkflowError):
        workflow.document_start_revision(document=document, user=staf)
    indicator = revision.indicators.get()
    services.indicator_save(indicator=indicator, targets={2025: 75}, version=indicator.version)
    workflow.document_submit(document=revision, user=staf)
    second = signing.document_sign(document=revision, user=kepala, verification_url=_url)
    document.refresh_from_db()
    assert document.status == "superseded"
    assert second.document.status == "signed"
    # The earlier version stays viewable and verifiable.
    assert document.signed_version.sha256 == signed.sha256


def test_comparison_shows_exactly_the_changed_target(client, signed, document, staf, kepala):
    revision = workflow.document_start_revision(document=document, user=staf)
    # Signed on the old date again (a revision starts with today's), so only the target differs.
    IKUDocument.objects.filter(pk=revision.pk).update(signature_date=document.signature_date)
    indicator = revision.indicators.get()
    services.indicator_save(indicator=indicator, targets={2025: 75}, version=indicator.version)
    client.force_login(staf)
    page = client.get(reverse("indicators:document_compare", args=[revision.pk])).content.decode()
    assert "Target 2025" in page
    assert "<del>70</del>" in page and "<ins>75</ins>" in page
    assert page.count("<del>") == 1  # nothing else changed
    assert "ditambahkan" not in page and "dihapus" not in page


def test_comparison_shows_numbers_the_indonesian_way(client, signed, document, staf):
    revision = workflow.document_start_revision(document=document, user=staf)
    indicator = revision.indicators.get()
    services.indicator_save(
        indicator=indicator, targets={2025: Decimal("82.5")}, version=indicator.version
    )
    client.force_login(staf)
    page = client.get(reverse("indicators:document_compare", args=[revision.pk])).content.decode()
    assert "<ins>82,5</ins>" in page and "82.5" not in page


def test_comparison_lists_added_removed_and_changed_items(signed, document, staf):
    revision = workflow.document_start_revision(document=document, user=staf)
    target = revision.strategic_targets.get()
    old_indicator = revision.indicators.get()
    old_indicator.delete()
    IndicatorFactory(strategic_target=target, name="IKU baru", order=5)
    target.text = "Sasaran yang diubah"
    target.save()
    sections = {s.title: s for s in compare_snapshots(signed.snapshot, document_snapshot(revision))}
    iku = sections["Indikator Kinerja Utama"]
    # Codes come from position: the new IKU takes the place (and code) of the removed one.
    assert [c for c in iku.changed[0][1] if c[0] == "Indikator Kinerja"] == [
        ("Indikator Kinerja", "Persentase Koperasi Berkualitas", "IKU baru")
    ]
    old_text = signed.snapshot["strategic_targets"][0]["text"]
    assert sections["Sasaran strategis"].changed[0][1] == [
        ("Uraian", old_text, "Sasaran yang diubah")
    ]
    assert sections["Tujuan"].empty


def test_comparison_access(client, outsider, signed, document):
    client.force_login(outsider)
    assert client.get(reverse("indicators:document_compare", args=[document.pk])).status_code == 404


def test_history_records_who_changed_what(client, staf, document):
    client.force_login(staf)
    indicator = Indicator.objects.get(document=document)
    client.post(
        reverse("indicators:indicator_edit", args=[indicator.pk]),
        {
            "strategic_target": indicator.strategic_target_id,
            "name": "Nama baru dari staf",
            "direction": "higher",
            "calculation_type": "non_kumulatif",
            "target_2025": "80",
            "version": indicator.version,
        },
    )
    page = client.get(reverse("indicators:document_history", args=[document.pk])).content.decode()
    assert "Nama baru dari staf" in page
    assert "staf" in page  # who
    assert "Diubah" in page or "Changed" in page
    record = Indicator.history.filter(id=indicator.pk).first()
    assert record.history_user == staf and record.name == "Nama baru dari staf"
    assert YearlyTarget.history.filter(indicator_id=indicator.pk, value=80).exists()


def test_history_page_access(client, outsider, document):
    client.force_login(outsider)
    assert client.get(reverse("indicators:document_history", args=[document.pk])).status_code == 404


def test_the_issue_walkthrough_on_the_demo_data(client, db):
    """Jambi's kepala signs, downloads, verifies from the printed code, revises one target,
    signs again, and the comparison shows exactly that change."""

    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())
    jambi = IKUDocument.objects.get(unit__government="Provinsi Jambi")
    assert (
        client.post(
            reverse("login"), {"username": "jambi.kepala", "password": "iku-demo-2026"}
        ).status_code
        == 302
    )
    for action in ("ajukan", "tandatangani"):
        client.post(reverse("indicators:document_transition", args=[jambi.pk, action]))
    jambi.refresh_from_db()
    assert jambi.status == "signed"

    pdf = client.get(reverse("indicators:document_pdf_download", args=[jambi.pk])).content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    code = re.search(r"Kode verifikasi: ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})", text).group(1)
    client.logout()  # the verification page is public
    upload = SimpleUploadedFile("iku.pdf", pdf, content_type="application/pdf")
    page = client.post(reverse("indicators:verify", args=[code]), {"pdf": upload})
    assert "Identik: PDF ini persis dokumen yang ditandatangani." in page.content.decode()

    assert (
        client.post(
            reverse("login"), {"username": "jambi.kepala", "password": "iku-demo-2026"}
        ).status_code
        == 302
    )
    response = client.post(reverse("indicators:document_revise", args=[jambi.pk]))
    revision = IKUDocument.objects.get(revises=jambi)
    assert response["Location"] == reverse("indicators:document_detail", args=[revision.pk])
    assert revision.signature_date == timezone.localdate()  # to be signed now
    # Signed on the old date again, so that the comparison shows the target alone:
    IKUDocument.objects.filter(pk=revision.pk).update(signature_date=jambi.signature_date)
    indicator = revision.indicators.get(name="Nilai SAKIP")
    client.post(
        reverse("indicators:indicator_edit", args=[indicator.pk]),
        {
            "strategic_target": indicator.strategic_target_id,
            "name": indicator.name,
            "direction": indicator.direction,
            "calculation_type": indicator.calculation_type,
            "target_2023": "80",
            "version": indicator.version,
        },
    )
    for action in ("ajukan", "tandatangani"):
        client.post(reverse("indicators:document_transition", args=[revision.pk, action]))
    revision.refresh_from_db()
    jambi.refresh_from_db()
    assert (revision.status, jambi.status) == ("signed", "superseded")
    page = client.get(reverse("indicators:document_compare", args=[revision.pk])).content.decode()
    assert "3 Nilai SAKIP" in page and "Target 2023" in page and "<ins>80</ins>" in page
    assert page.count("<ins>") == 1  # exactly that change


def _buttons(client, user, document):
    client.force_login(user)
    page = client.get(reverse("indicators:document_detail", args=[document.pk])).content.decode()
    actions = {
        "submit": reverse("indicators:document_transition", args=[document.pk, "ajukan"]),
        "sign": reverse("indicators:document_transition", args=[document.pk, "tandatangani"]),
        "return": reverse("indicators:document_transition", args=[document.pk, "kembalikan"]),
        "revise": reverse("indicators:document_revise", args=[document.pk]),
    }
    return {name for name, url in actions.items() if f'action="{url}"' in page}


@pytest.mark.parametrize(
    ("status", "who", "shown"),
    [
        ("draft", "staf", {"submit"}),
        ("draft", "kepala", {"submit"}),
        ("draft", "superuser", set()),
        ("submitted", "staf", set()),
        ("submitted", "kepala", {"sign", "return"}),
        ("submitted", "superuser", set()),
        ("signed", "staf", {"revise"}),
        ("signed", "kepala", {"revise"}),
        ("signed", "superuser", set()),
    ],
)
def test_a_user_sees_only_the_buttons_they_may_press(
    client, document, staf, kepala, request, status, who, shown
):
    """A staf is not shown Sign and Return (and refused after clicking): the page asks the same
    predicates the services do."""
    if status in ("submitted", "signed"):
        workflow.document_submit(document=document, user=staf)
    if status == "signed":
        signing.document_sign(document=document, user=kepala, verification_url=_url)
    document.refresh_from_db()
    assert _buttons(client, request.getfixturevalue(who), document) == shown


def test_no_revise_button_once_a_revision_is_started(client, signed, document, staf):
    workflow.document_start_revision(document=document, user=staf)
    document.refresh_from_db()
    assert _buttons(client, staf, document) == set()
    client.force_login(staf)
    page = client.get(reverse("indicators:document_detail", args=[document.pk]))
    assert "Perubahan atas dokumen ini sudah dimulai" in page.content.decode()


def test_a_staf_is_told_what_a_submitted_document_waits_for(client, document, staf):
    workflow.document_submit(document=document, user=staf)
    client.force_login(staf)
    page = client.get(reverse("indicators:document_detail", args=[document.pk]))
    assert "menunggu" in page.content.decode().lower()


def test_a_revision_prints_as_its_signed_version_did(staf, kepala, unit):
    """Every print setting is carried into the Perubahan (it used to fall back to defaults:
    another formula style, NIP style, heading…), and no setting of the document is left
    unclassified."""
    document = DocumentFactory(
        unit=unit,
        layout="ringkas",
        orientation="portrait",
        hide_empty_columns=False,
        formula_style="inline",
        header_lines="LAMPIRAN I\nKEPUTUSAN KEPALA DINAS",
        show_unit_heading=False,
        show_page_numbers=False,
        signatory_underline=False,
        show_pangkat=False,
        nip_style="plain",
        signature_place="Jambi",
        signature_date_format="ditetapkan",
        signatory_title="Plt. Kepala Dinas",
    )
    IndicatorFactory(strategic_target__document=document)
    sign(document, staf=staf, kepala=kepala)
    revision = workflow.document_start_revision(document=document, user=staf)
    for field in workflow.PRINT_SETTINGS:
        assert getattr(revision, field) == getattr(document, field), field
    identity = {
        "id", "unit", "title", "period_start", "period_end", "revision", "revises", "status",
        "signatory", "signature_date", "created_by", "created_at", "updated_at", "version",
    }  # fmt: skip
    settings = {f.name for f in document._meta.concrete_fields} - identity
    assert settings == set(workflow.PRINT_SETTINGS)


def test_a_perubahan_starts_with_todays_date_to_sign(signed, document, staf):
    revision = workflow.document_start_revision(document=document, user=staf)
    assert revision.signature_date == timezone.localdate()
