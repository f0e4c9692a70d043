"""One way in for every view of an IKU document or what hangs from it: the object is fetched
*for the user*, 404 when they may not read it at all (they are not told that it exists), 403
when they may read but not write it."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from indicators import rules
from indicators.jobs import export_settled, import_settled
from indicators.models import ExportJob, IKUDocument, ImportBatch
from organizations import access
from organizations.models import OrganizationUnit


def check_document(user, document, *, write: bool) -> IKUDocument:
    return access.check(
        user,
        document,
        read=rules.can_view_document,
        write=rules.can_edit_document if write else None,
    )


def document_for(request, pk, *, write=False) -> IKUDocument:
    document = get_object_or_404(IKUDocument.objects.select_related("unit"), pk=pk)
    return check_document(request.user, document, write=write)


def unit_for_alignment(request, pk) -> OrganizationUnit:
    """A unit whose cascading (alignment, pohon kinerja) the user may see: its members, the
    members of the units above it, the admin; 404 for anyone else."""
    unit = get_object_or_404(OrganizationUnit, pk=pk)
    return access.check(request.user, unit, read=rules.can_view_alignment)


def unit_for_tree(request, pk) -> OrganizationUnit:
    """A unit whose pohon kinerja the user may see (`rules.can_view_tree`); 404 otherwise."""
    unit = get_object_or_404(OrganizationUnit, pk=pk)
    return access.check(request.user, unit, read=rules.can_view_tree)


def child_for(request, model, pk, *, write=True):
    """A tujuan, sasaran or IKU, checked through its document. The document's unit is not
    joined: the rules ask only its id, and joining it cost the one-IKU edit form about a
    millisecond of building the query (docs/PERFORMANCE.md, "The one-IKU edit form")."""
    item = get_object_or_404(model.objects.select_related("document"), pk=pk)
    check_document(request.user, item.document, write=write)
    return item


def child_or_new(request, model, *, document_pk=None, pk=None):
    """(item, document) for a child form: the existing item, or a new one in a draft
    document; both checked for writing."""
    if pk:
        item = child_for(request, model, pk)
        return item, item.document
    document = document_for(request, document_pk, write=True)
    return model(document=document), document


def export_job_for(request, pk) -> ExportJob:
    """An export: its owner's (or the admin's) only."""
    job = get_object_or_404(ExportJob.objects.select_related("unit"), pk=pk)
    if job.user_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    access.check(request.user, job.unit, read=access.can_view_unit)  # while they still may
    return export_settled(job)


def import_batch_for(request, pk) -> ImportBatch:
    """An uploaded spreadsheet: its uploader's only."""
    batch = get_object_or_404(ImportBatch.objects.select_related("unit"), pk=pk)
    if batch.user_id != request.user.pk:
        raise Http404
    access.check(request.user, batch.unit, read=access.can_edit_unit)  # while they still may
    return import_settled(batch)
