"""Preview and PDF pages: what each kind of user gets."""

import pytest
from django.urls import reverse

from indicators.tests.factories import DocumentFactory, IndicatorFactory


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


@pytest.mark.parametrize("who", ["staf", "kepala", "superuser"])
def test_preview_shows_the_document_with_its_fraction(client, request, document, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("indicators:document_preview", args=[document.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Persentase Koperasi Berkualitas" in html
    assert '<span class="frac-num"><span class="f-name">Jumlah Koperasi Berkualitas' in html
    assert "/static/print/iku.css" in html


def test_pdf_inline_and_as_download(client, staf, document):
    client.force_login(staf)
    inline = client.get(reverse("indicators:document_pdf", args=[document.pk]))
    assert inline.status_code == 200
    assert inline["Content-Type"] == "application/pdf"
    assert inline.content.startswith(b"%PDF")
    expected = f"IKU-{document.unit.short_name.lower().replace(' ', '-')}-2024-2026-rev0.pdf"
    assert inline["Content-Disposition"] == f'inline; filename="{expected}"'
    download = client.get(reverse("indicators:document_pdf_download", args=[document.pk]))
    assert download["Content-Disposition"] == f'attachment; filename="{expected}"'


def test_unknown_document_is_404(client, superuser):
    client.force_login(superuser)
    assert client.get(reverse("indicators:document_pdf", args=[999999])).status_code == 404


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
    import sys

    from django.core.management import call_command
    from django.core.management.base import CommandError

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # makes the import raise ImportError
    client.force_login(staf)
    preview = client.get(reverse("indicators:document_preview", args=[document.pk]))
    assert preview.status_code == 200
    response = client.get(reverse("indicators:document_pdf", args=[document.pk]))
    assert response.status_code == 503
    assert "Pencetakan PDF tidak tersedia di server ini" in response.content.decode()
    with pytest.raises(CommandError, match="WeasyPrint cannot run here"):
        call_command("render_iku", str(document.pk))
