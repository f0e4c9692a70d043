"""Requests and transactions: a request that may write runs its view in one transaction,
undone when the view fails; a request that only reads takes none (on SQLite it would hold the
database's one write lock, and every other request and the task worker would wait on it);
the worker lays out PDFs outside any transaction and writes its result in a short one."""

import pytest
from django.contrib import messages
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.rendering import engine
from indicators.models import IKUDocument, SignedVersion
from indicators.tests.factories import DocumentFactory, IndicatorFactory
from indicators.tree.selectors import document_search
from indicators.workflow import services as workflow
from organizations.tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db(transaction=True)  # real transactions, as in production


def test_a_request_that_only_reads_takes_no_transaction(monkeypatch, client, staf):
    seen = []

    def search(**kwargs):
        seen.append(connection.in_atomic_block)
        return document_search(**kwargs)

    monkeypatch.setattr("indicators.tree.views.document_search", search)
    client.force_login(staf)
    assert client.get(reverse("indicators:document_list")).status_code == 200
    assert seen == [False]


def test_a_request_that_writes_is_undone_when_its_view_fails(monkeypatch, staf, unit):
    def broken(request, message, *args, **kwargs):
        raise RuntimeError("after the document was created")

    monkeypatch.setattr(messages, "success", broken)
    client = Client(raise_request_exception=False)
    client.force_login(staf)
    response = client.post(
        reverse("indicators:document_create"),
        {
            "unit": unit.pk,
            "period_start": 2025,
            "period_end": 2029,
            "layout": "ringkas",
            "signature_date_format": "month_year",
        },
    )
    assert response.status_code == 500
    assert not IKUDocument.objects.exists()  # created, then undone with the request


def _laid_out_where(monkeypatch) -> list[bool]:
    """Whether each WeasyPrint layout ran inside a transaction."""
    seen = []
    real = engine.layout

    def layout(html):
        seen.append(connection.in_atomic_block)
        return real(html)

    monkeypatch.setattr(engine, "layout", layout)
    return seen


def test_signing_lays_out_its_pdfs_outside_any_transaction(
    monkeypatch, client, staf, kepala, unit, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    document = DocumentFactory(unit=unit, signatory=OfficialFactory(unit=unit))
    IndicatorFactory(strategic_target__document=document)
    workflow.document_submit(document=document, user=staf)
    seen = _laid_out_where(monkeypatch)
    client.force_login(kepala)
    client.post(reverse("indicators:document_transition", args=[document.pk, "tandatangani"]))
    assert SignedVersion.objects.filter(document=document).exists()
    assert seen and not any(seen)  # the document and its Manual IKU, each outside


def test_a_render_lays_out_its_pdf_outside_any_transaction(
    monkeypatch, client, staf, unit, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    document = DocumentFactory(unit=unit)
    IndicatorFactory(strategic_target__document=document)
    seen = _laid_out_where(monkeypatch)
    client.force_login(staf)
    assert client.get(reverse("indicators:document_pdf", args=[document.pk])).status_code == 200
    assert seen and not any(seen)
