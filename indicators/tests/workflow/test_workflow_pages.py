"""What a new user found trying a governor-signed province document: the kepala is told what
waits for their signature, signing asks first, and a pemda without tugas or fungsi prints no
empty numbered lines."""

import pytest
from django.urls import reverse

from indicators.printing.pdf import document_html
from indicators.tests.factories import DocumentFactory, IndicatorFactory
from indicators.workflow import services as workflow
from organizations.tests.factories import FunctionFactory


@pytest.fixture
def document(unit):
    document = DocumentFactory(unit=unit, layout="ringkas", title="IKU Provinsi")
    IndicatorFactory(strategic_target__document=document)
    return document


def test_the_kepala_sees_a_submitted_document_as_waiting_for_their_signature(
    client, staf, kepala, document
):
    workflow.document_submit(document=document, user=staf)
    client.force_login(kepala)
    page = client.get(reverse("indicators:dashboard")).content.decode()
    attention = page.split("Perlu perhatian Anda", 1)[1].split("</ul>", 1)[0]
    assert document.heading in attention and "menunggu tanda tangan Anda" in attention
    client.force_login(staf)
    page = client.get(reverse("indicators:dashboard")).content.decode()
    attention = page.split("Perlu perhatian Anda", 1)[1].split("</ul>", 1)[0]
    assert "Tidak ada yang menunggu Anda." in attention  # staf cannot sign it


def test_signing_asks_for_confirmation_first(client, staf, kepala, document):
    workflow.document_submit(document=document, user=staf)
    client.force_login(kepala)
    page = client.get(reverse("indicators:document_detail", args=[document.pk])).content.decode()
    sign_form = page.split("tandatangani", 1)[1].split("</form>", 1)[0]
    assert 'data-confirm="Penandatanganan menjadikan dokumen ini catatan resmi' in sign_form
    assert "js/confirm.js" in page


def test_a_unit_without_tugas_or_fungsi_prints_no_empty_numbered_lines(unit, document):
    unit.tugas = ""
    unit.save()
    html = document_html(document)
    assert "Tugas" not in html and "Fungsi" not in html
    assert '<td class="n">2.</td><td class="label" colspan="3">Indikator Kinerja Utama' in html
    unit.tugas = "Melaksanakan urusan koperasi"
    unit.save()
    FunctionFactory(unit=unit, text="Perumusan kebijakan")
    html = document_html(document)
    assert '<td class="n">2.</td><td class="label">Tugas</td>' in html
    assert '<td class="n">3.</td><td class="label">Fungsi</td>' in html
    assert '<td class="n">4.</td><td class="label" colspan="3">Indikator Kinerja Utama' in html
