"""A PDF not rendered yet is rendered by a worker, off the request: the page says it is being
prepared and refreshes itself, the render is asked for once however often the page is opened,
and the result is shown once the worker has stored it."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from indicators.models import IKUDocument, PrerenderRequest, RenderJob, SignedVersion
from indicators.printing import renders
from indicators.printing.pdf import print_snapshot
from indicators.tests.factories import DocumentFactory, IndicatorFactory
from indicators.tree import services
from indicators.workflow import services as workflow
from indicators.workflow import signing as pdf
from organizations.tests.factories import OfficialFactory

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The worker (as in production, a loop that closes stale connections) runs here in the test's
# process: these tests commit for real (transactional_db), as a web request and a worker would.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def document(unit):
    document = DocumentFactory(unit=unit, layout="ringkas")
    IndicatorFactory(strategic_target__document=document, name="Persentase Koperasi Aktif")
    return document


def test_a_draft_pdf_is_rendered_by_the_worker_not_the_request(client, staf, document, settings):
    settings.TASKS = DATABASE_QUEUE
    client.force_login(staf)
    url = reverse("indicators:document_preview", args=[document.pk])
    waiting = client.get(url)
    page = waiting.content.decode()
    assert waiting.status_code == 202
    assert "Menyiapkan PDF" in page and f'content="2; url={url}"' in page
    assert "Langkah 1 dari 2: menunggu giliran diproses." in page and "Baru saja diminta." in page
    assert client.get(url).status_code == 202  # opened again while it waits
    pdf_url = reverse("indicators:document_pdf", args=[document.pk])
    assert client.get(pdf_url).status_code == 202
    assert RenderJob.objects.count() == 1 and DBTaskResult.objects.count() == 1  # asked once
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO())
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    ready = client.get(url)
    assert ready.status_code == 200 and "Halaman 1 dari" in ready.content.decode()
    pdf = client.get(pdf_url)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")


def test_a_download_waited_for_ends_on_a_page_that_offers_the_file(
    client, staf, document, settings
):
    """A download replaces no page: the waiting page would stay on "being prepared". Its
    own refreshes (?tunggu=1) end on a page with the download link instead of the file."""
    settings.TASKS = DATABASE_QUEUE
    client.force_login(staf)
    url = reverse("indicators:document_pdf_download", args=[document.pk])
    waiting = client.get(url)
    assert waiting.status_code == 202
    assert f'content="2; url={url}?tunggu=1"' in waiting.content.decode()
    assert client.get(url + "?tunggu=1").status_code == 202  # still waiting
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO())
    ready = client.get(url + "?tunggu=1")
    page = ready.content.decode()
    assert ready.status_code == 200 and "PDF sudah siap" in page
    assert f'href="{url}"' in page and "http-equiv" not in page
    pdf = client.get(url)
    assert pdf["Content-Disposition"].startswith("attachment") and pdf.content.startswith(b"%PDF-")


def test_a_changed_document_is_rendered_again_and_an_unchanged_one_never(
    client, staf, document, settings
):
    settings.TASKS = DATABASE_QUEUE
    client.force_login(staf)
    url = reverse("indicators:document_pdf", args=[document.pk])
    client.get(url)
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO())
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    renders_asked = DBTaskResult.objects.filter(task_path__endswith=".render_document")
    assert renders_asked.count() == 1  # the same content is never rendered twice
    indicator = document.indicators.get()

    indicator.name = "Persentase Koperasi Sehat"
    services.indicator_save(indicator=indicator, targets={}, version=indicator.version)
    assert client.get(url).status_code == 202  # new content, a new render
    assert renders_asked.count() == 2


def _submitted(document, staf):
    document.signatory = OfficialFactory(unit=document.unit)
    document.save()
    workflow.document_submit(document=document, user=staf)


def test_signing_renders_in_the_worker_and_the_document_shows_it_is_being_processed(
    client, staf, kepala, document, settings
):
    settings.TASKS = DATABASE_QUEUE
    _submitted(document, staf)
    client.force_login(kepala)
    detail = reverse("indicators:document_detail", args=[document.pk])
    response = client.post(
        reverse("indicators:document_transition", args=[document.pk, "tandatangani"]),
        follow=True,
    )
    page = response.content.decode()
    assert "Sedang diproses: dokumen sedang ditandatangani" in page
    assert '<meta http-equiv="refresh" content="3">' in page
    sign_url = reverse("indicators:document_transition", args=[document.pk, "tandatangani"])
    assert f'action="{sign_url}"' not in page  # no second signing while one runs
    document.refresh_from_db()
    assert document.status == IKUDocument.Status.SUBMITTED and not SignedVersion.objects.exists()
    refused = client.post(
        reverse("indicators:document_transition", args=[document.pk, "kembalikan"]),
        {"note": "Salah"},
        follow=True,
    )
    assert "Dokumen sedang ditandatangani; tidak dapat dikembalikan sekarang." in (
        refused.content.decode()
    )
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO())
    document.refresh_from_db()
    assert document.status == IKUDocument.Status.SIGNED
    assert SignedVersion.objects.get(document=document).pdf
    assert "Sedang diproses" not in client.get(detail).content.decode()


def test_a_failed_signing_is_shown_and_the_head_can_sign_again(
    client, staf, kepala, document, settings, monkeypatch
):
    settings.TASKS = DATABASE_QUEUE
    _submitted(document, staf)
    client.force_login(kepala)
    sign = reverse("indicators:document_transition", args=[document.pk, "tandatangani"])
    client.post(sign)
    real = pdf.snapshot_pdf

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pdf, "snapshot_pdf", disk_full)
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO())
    page = client.get(reverse("indicators:document_detail", args=[document.pk])).content.decode()
    assert "Penandatanganan tidak selesai" in page and "No space left on device" in page
    document.refresh_from_db()
    assert document.status == IKUDocument.Status.SUBMITTED and not SignedVersion.objects.exists()
    monkeypatch.setattr(pdf, "snapshot_pdf", real)
    client.post(sign)
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO())
    document.refresh_from_db()
    assert document.status == IKUDocument.Status.SIGNED


def test_an_edited_draft_is_rendered_once_its_edits_settle_and_the_preview_finds_it_ready(
    client, staf, document, settings
):
    settings.TASKS = DATABASE_QUEUE
    settings.PRERENDER_DRAFTS = True
    settings.PRERENDER_SETTLE_SECONDS = 60
    prerenders = DBTaskResult.objects.filter(task_path__endswith=".prerender_document")
    indicator = document.indicators.get()
    indicator.name = "Persentase Koperasi Sehat"
    services.indicator_save(indicator=indicator, targets={}, version=indicator.version)
    asked = prerenders.get()
    assert asked.priority < 0 and asked.run_after > timezone.now()  # low priority, later
    indicator.refresh_from_db()
    indicator.satuan = "persen"
    services.indicator_save(indicator=indicator, targets={}, version=indicator.version)
    assert prerenders.count() == 1  # edited again: still one render asked, due later
    request = PrerenderRequest.objects.get(document=document)
    assert request.due_at > asked.run_after

    # The task's time comes while the edits go on: nothing rendered, asked again for later.
    prerenders.update(run_after=timezone.now() - datetime.timedelta(seconds=1))
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO())
    assert prerenders.get(status="SUCCESSFUL").return_value == "edited since: asked again"
    assert prerenders.get(status="READY").run_after == request.due_at
    assert not renders.cached_render(document.pk, _key(document))

    # The edits settled: rendered by the worker; the preview opens at once, asking nothing.
    PrerenderRequest.objects.update(due_at=timezone.now() - datetime.timedelta(seconds=1))
    prerenders.update(run_after=timezone.now() - datetime.timedelta(seconds=1))
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO())
    assert renders.cached_render(document.pk, _key(document))
    client.force_login(staf)
    preview = client.get(reverse("indicators:document_preview", args=[document.pk]))
    assert preview.status_code == 200 and "Halaman 1 dari" in preview.content.decode()
    assert not RenderJob.objects.exists() and not PrerenderRequest.objects.exists()


def _key(document):
    return renders.render_key(print_snapshot(IKUDocument.objects.get(pk=document.pk)))


def test_an_edit_rolled_back_asks_for_no_render(staf, document, settings):
    """An edit in a transaction rolled back asks for nothing."""
    settings.TASKS = DATABASE_QUEUE
    settings.PRERENDER_DRAFTS = True
    indicator = document.indicators.get()
    try:
        with transaction.atomic():
            indicator.name = "Diubah lalu dibatalkan"
            services.indicator_save(indicator=indicator, targets={}, version=indicator.version)
            raise RuntimeError
    except RuntimeError:
        pass
    assert not PrerenderRequest.objects.exists() and not DBTaskResult.objects.exists()
