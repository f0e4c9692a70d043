"""Issue "Trust", the parts on main so far: the public page names no login, a NUL byte is no
server error, the admin cannot set a status, workflow messages follow the chosen language, and a
signed document previews what was signed."""

import pytest
from django.urls import reverse

from indicators.models import IKUDocument
from indicators.tests.factories import DocumentFactory, IndicatorFactory
from indicators.workflow import services as workflow
from indicators.workflow import signing
from organizations.tests.factories import OfficialFactory


def _url(code):
    return f"http://iku.example.go.id/verifikasi/{code}/"


@pytest.fixture
def document(unit):
    official = OfficialFactory(unit=unit, name="HAMDAN, SH., M.Si", jabatan="Kepala Dinas")
    document = DocumentFactory(unit=unit, signatory=official, layout="ringkas")
    IndicatorFactory(strategic_target__document=document, name="Persentase Koperasi Berkualitas")
    return document


@pytest.fixture
def signed(document, staf, kepala):
    workflow.document_submit(document=document, user=staf)
    version = signing.document_sign(document=document, user=kepala, verification_url=_url)
    document.refresh_from_db()
    return version


def test_the_public_page_names_the_signer_and_not_their_login(client, signed, kepala):
    html = client.get(reverse("indicators:verify", args=[signed.code])).content.decode()
    assert "HAMDAN, SH., M.Si" in html
    assert kepala.get_username() not in html


@pytest.mark.parametrize(
    "path", ["/verifikasi/%00/", "/verifikasi/%00/pdf/", "/dokumen/?q=%00", "/dokumen/?page=%00"]
)
def test_a_nul_byte_anywhere_gives_no_server_error(client, staf, path):
    for logged_in in (False, True):
        if logged_in:
            client.force_login(staf)
        response = client.get(path)
        assert response.status_code < 500, (path, logged_in)


def test_the_admin_shows_status_and_revision_read_only(admin_client, document):
    url = reverse("admin:indicators_ikudocument_change", args=[document.pk])
    form = admin_client.get(url).content.decode()
    assert 'name="status"' not in form and 'name="revision"' not in form
    # A POST that tries to set them is walked in test_frozen.py (with the inline forms).


def test_workflow_messages_follow_the_chosen_language(client, staf, document):
    client.force_login(staf)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.post(
        reverse("indicators:document_transition", args=[document.pk, "ajukan"]), follow=True
    ).content.decode()
    assert "Submitted." in page and "Diajukan." not in page


def test_a_signed_document_previews_what_was_signed_not_live_data(client, kepala, signed):
    document = signed.document
    official = document.signatory
    official.name = "NAMA BARU"
    official.save()
    client.force_login(kepala)
    preview = client.get(reverse("indicators:document_preview", args=[document.pk]))
    assert f"signed-{signed.sha256}" in preview.content.decode()
    pdf = client.get(reverse("indicators:document_pdf", args=[document.pk])).content
    assert b"NAMA BARU" not in pdf
    assert IKUDocument.objects.get(pk=document.pk).status == "signed"


@pytest.mark.parametrize("typed", ["{plain}", "{lower}", "{spaced}"])
def test_a_code_typed_without_dashes_with_spaces_or_in_lower_case_is_found(client, signed, typed):
    code = signed.code
    raw = code.replace("-", "")
    shown = typed.format(plain=raw, lower=code.lower(), spaced=f"{raw[:4]} {raw[4:8]} {raw[8:]}")
    response = client.get(reverse("indicators:verify", args=[shown]))
    assert response.status_code == 200 and code in response.content.decode()


def test_the_verification_page_offers_a_box_to_type_a_code(client, signed):
    page = client.get(reverse("indicators:verify_lookup"))
    assert page.status_code == 200 and 'name="kode"' in page.content.decode()
    raw = signed.code.replace("-", "").lower()
    found = client.get(reverse("indicators:verify_lookup"), {"kode": f" {raw} "}, follow=True)
    assert found.status_code == 200 and signed.code in found.content.decode()


def test_an_unknown_code_offers_a_box_to_type_another(client, db):
    page = client.get(reverse("indicators:verify", args=["ABCD-EFGH-JKLM"]))
    html = page.content.decode()
    assert page.status_code == 404 and "ABCD-EFGH-JKLM" in html
    assert f'action="{reverse("indicators:verify_lookup")}"' in html and 'name="kode"' in html


def test_a_copy_of_another_signed_version_is_named_on_the_page(client, signed, staf, kepala):
    """The signed revision 0 uploaded on revision 1's page: not identical, and the page says
    which signed version it is exactly."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from indicators.signed_files import read_signed

    revision = workflow.document_start_revision(document=signed.document, user=staf)
    workflow.document_submit(document=revision, user=staf)
    newer = signing.document_sign(document=revision, user=kepala, verification_url=_url)
    page = client.post(
        reverse("indicators:verify", args=[newer.code]),
        {"pdf": SimpleUploadedFile("lama.pdf", read_signed(signed))},
    ).content.decode()
    assert "Tidak identik" in page
    assert f"kode {signed.code}" in page and "revisi 0" in page
    assert reverse("indicators:verify", args=[signed.code]) in page
