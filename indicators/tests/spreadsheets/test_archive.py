"""Bulk work as a task with its progress: every signed document of a unit and the units under
it as one ZIP, byte for byte as signed."""

import hashlib
import io
import zipfile

from django.urls import reverse

from indicators.tests.factories import DocumentFactory, IndicatorFactory, sign
from organizations.models import Membership
from organizations.tests.factories import UnitFactory


def test_the_signed_documents_of_a_unit_and_its_units_come_as_one_zip(
    client, staf, kepala, outsider, unit
):
    bidang = UnitFactory(parent=unit, name="Bidang Kelembagaan")
    for user, role in ((staf, "staf"), (kepala, "kepala")):
        Membership.objects.create(user=user, unit=bidang, role=role)
    signed = []
    for owner in (unit, bidang):
        document = DocumentFactory(unit=owner)
        IndicatorFactory(strategic_target__document=document)
        signed.append(sign(document, staf=staf, kepala=kepala))
    client.force_login(staf)
    listing = client.get(reverse("indicators:document_list") + f"?unit={unit.pk}")
    assert "Dokumen bertanda tangan unit ini dan unit di bawahnya (ZIP)" in listing.content.decode()
    response = client.post(reverse("indicators:export_start", args=[unit.pk]), follow=True)
    page = response.content.decode()
    assert "Siap: 2 dokumen bertanda tangan." in page  # the test backend runs the task at once
    job_url = response.redirect_chain[-1][0]
    download = client.get(job_url + "unduh/")
    assert download["Content-Disposition"].startswith("attachment")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = sorted(archive.namelist())
    assert len(names) == 4  # each document and its Manual IKU
    pdfs = {archive.read(n) for n in names if not n.endswith("-manual.pdf")}

    assert {hashlib.sha256(p).hexdigest() for p in pdfs} == {v.sha256 for v in signed}
    client.force_login(outsider)
    assert client.get(job_url).status_code == 404
    assert client.post(reverse("indicators:export_start", args=[unit.pk])).status_code == 404


def test_the_export_page_shows_its_progress_until_the_worker_is_done(client, staf, unit, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(staf)
    page = client.post(reverse("indicators:export_start", args=[unit.pk]), follow=True)
    text = page.content.decode()
    assert "Menunggu giliran diproses." in text and '<meta http-equiv="refresh"' in text
    assert 'aria-valuenow="0"' in text
