"""Preview and PDF pages: what each kind of user gets."""

import hashlib
import io
import re
import sys

import pypdfium2 as pdfium
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from PIL import Image

from core.rendering import cache as render_cache
from core.tests.waiting import get_when_ready
from indicators.printing import renders
from indicators.tests.factories import DocumentFactory, IndicatorFactory, sign


@pytest.fixture
def document(unit):
    document = DocumentFactory(unit=unit, layout="ringkas")
    IndicatorFactory(
        strategic_target__document=document,
        name="Persentase Koperasi Berkualitas",
        formula="Jumlah Koperasi Berkualitas / Jumlah seluruh koperasi × 100%",
    )
    return document


URLS = [
    "indicators:document_preview",
    "indicators:document_pdf",
    "indicators:document_pdf_download",
]


@pytest.mark.parametrize("name", URLS)
def test_anonymous_is_sent_to_login(client, document, name):
    response = client.get(reverse(name, args=[document.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", URLS)
def test_staff_of_another_unit_gets_404(client, outsider, document, name):
    client.force_login(outsider)
    assert client.get(reverse(name, args=[document.pk])).status_code == 404


def _page_images(response) -> list[str]:
    return re.findall(r'<img src="([^"]+\.png)"', response.content.decode())


def _pdf_page_as_png_pixels(pdf: bytes, number: int):
    page = pdfium.PdfDocument(pdf)[number - 1]
    return page.render(scale=render_cache.PREVIEW_DPI / 72).to_pil().convert("RGB")


@pytest.mark.parametrize("who", ["staf", "kepala", "superuser"])
def test_preview_shows_the_pages_of_the_pdf_itself(client, request, document, who):
    client.force_login(request.getfixturevalue(who))
    response = get_when_ready(client, reverse("indicators:document_preview", args=[document.pk]))
    assert response.status_code == 200
    # Not a second HTML rendering of the document that could differ from the PDF ...
    assert 'class="iku"' not in response.content.decode()
    images = _page_images(response)
    assert len(images) == 1
    # ... but the very pages of the PDF that prints, drawn as pictures.
    png = client.get(images[0])
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    pdf = get_when_ready(client, reverse("indicators:document_pdf", args=[document.pk])).content
    shown = Image.open(io.BytesIO(png.content)).convert("RGB")
    assert shown.tobytes() == _pdf_page_as_png_pixels(pdf, 1).tobytes()


def test_preview_renders_once_per_content_and_again_after_a_change(
    client, staf, document, monkeypatch
):
    laid_out = []
    real = renders.snapshot_pdf
    monkeypatch.setattr(
        renders, "snapshot_pdf", lambda snapshot: laid_out.append(1) or real(snapshot)
    )
    client.force_login(staf)
    url = reverse("indicators:document_preview", args=[document.pk])
    first = _page_images(get_when_ready(client, url))
    second = _page_images(client.get(url))
    assert first == second and len(laid_out) == 1
    indicator = document.indicators.get()
    indicator.name = "Persentase Koperasi Sehat"
    indicator.save()
    third = _page_images(get_when_ready(client, url))
    assert third != first and len(laid_out) == 2


def test_a_page_image_of_another_document_is_refused(client, staf, kepala, document):
    client.force_login(staf)
    mine = _page_images(
        get_when_ready(client, reverse("indicators:document_preview", args=[document.pk]))
    )
    other = DocumentFactory(unit=document.unit, revision=1)
    stolen = mine[0].replace(f"/dokumen/{document.pk}/", f"/dokumen/{other.pk}/")
    assert client.get(stolen).status_code == 404
    assert client.get(mine[0].replace("/1.png", "/2.png")).status_code == 404


def test_pdf_inline_and_as_download(client, staf, document):
    client.force_login(staf)
    inline = get_when_ready(client, reverse("indicators:document_pdf", args=[document.pk]))
    assert inline.status_code == 200
    assert inline["Content-Type"] == "application/pdf"
    assert inline.content.startswith(b"%PDF")
    expected = f"IKU-{document.unit.short_name.lower().replace(' ', '-')}-2024-2026-rev0.pdf"
    assert inline["Content-Disposition"] == f'inline; filename="{expected}"'
    download = get_when_ready(
        client, reverse("indicators:document_pdf_download", args=[document.pk])
    )
    assert download["Content-Disposition"] == f'attachment; filename="{expected}"'


def test_unknown_document_is_404(client, superuser):
    client.force_login(superuser)
    assert (
        get_when_ready(client, reverse("indicators:document_pdf", args=[999999])).status_code == 404
    )


def test_pdf_cannot_be_posted(client, staf, document):
    client.force_login(staf)
    assert client.post(reverse("indicators:document_pdf", args=[document.pk])).status_code == 405


def test_admin_list_links_to_preview_and_pdf(client, superuser, document):
    client.force_login(superuser)
    page = client.get(reverse("admin:indicators_ikudocument_changelist")).content.decode()
    assert reverse("indicators:document_preview", args=[document.pk]) in page
    assert reverse("indicators:document_pdf", args=[document.pk]) in page


def test_without_weasyprint_the_portal_runs_and_printing_says_why(
    client, staf, document, monkeypatch
):
    """As on a machine without Pango: `import weasyprint` fails."""
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # makes the import raise ImportError
    client.force_login(staf)
    page = client.get(reverse("indicators:document_detail", args=[document.pk]))
    assert page.status_code == 200
    preview = get_when_ready(client, reverse("indicators:document_preview", args=[document.pk]))
    assert preview.status_code == 503
    response = get_when_ready(client, reverse("indicators:document_pdf", args=[document.pk]))
    assert response.status_code == 503
    assert "Pencetakan PDF tidak tersedia di server ini" in response.content.decode()
    with pytest.raises(CommandError, match="WeasyPrint cannot run here"):
        call_command("render_iku", str(document.pk))


def test_a_tampered_cached_copy_of_a_signed_document_is_never_served(client, staf, kepala, unit):
    """The signed Manual IKU and the preview images of a signed document come from copies in
    the render cache: a copy that no longer matches the signed SHA-256 is replaced from the
    signed file, never served."""
    document = DocumentFactory(unit=unit)
    IndicatorFactory(strategic_target__document=document)
    version = sign(document, staf=staf, kepala=kepala)
    client.force_login(staf)
    manual_url = reverse("indicators:manual_pdf", args=[document.pk])
    assert hashlib.sha256(get_when_ready(client, manual_url).content).hexdigest() == (
        version.manual_sha256
    )
    other = DocumentFactory(unit=unit, title="Dokumen lain sama sekali", revision=1)
    IndicatorFactory(strategic_target__document=other)
    forged = get_when_ready(client, reverse("indicators:document_pdf", args=[other.pk])).content
    for sha256 in (version.manual_sha256, version.sha256):
        path = f"renders/{document.pk}/signed-{sha256}.pdf"
        default_storage.delete(path)
        default_storage.save(path, ContentFile(forged))
    served = client.get(manual_url).content
    assert hashlib.sha256(served).hexdigest() == version.manual_sha256
    preview = client.get(reverse("indicators:document_preview", args=[document.pk]))
    image = re.search(r'src="([^"]+\.png)"', preview.content.decode())[1]
    with version.pdf.open("rb") as signed:
        assert client.get(image).content == render_cache.draw_page(signed.read(), 1)
