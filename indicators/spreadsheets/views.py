"""Spreadsheets and bulk files: a document as .xlsx in its layout, one row per IKU for a unit
and the units under it, the import template and the import itself (upload, map, preview,
apply), and the ZIP of signed documents made by a worker with its progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.numbers import bounds, format_value
from core.xlsx import xlsx_response
from indicators import rules
from indicators.lookup import document_for, export_job_for, import_batch_for
from indicators.models import IKUDocument, ImportBatch
from indicators.printing.pdf import document_filename, print_snapshot
from indicators.spreadsheets import export, services
from indicators.spreadsheets.forms import ImportMappingForm, ImportUploadForm
from indicators.spreadsheets.importing import MAX_UPLOAD_BYTES, UnreadableFile, read, read_grid
from organizations import access
from organizations.models import OrganizationUnit
from organizations.selectors import units_user_may_pick


@login_required
@require_POST
def export_start(request, unit_pk):
    """Every signed document of a unit and the units under it, as one ZIP, made by a worker."""
    unit = get_object_or_404(OrganizationUnit, pk=unit_pk)
    access.check(request.user, unit, read=access.can_view_unit)
    job = services.signed_zip_start(unit=unit, user=request.user)
    return redirect("indicators:export_status", pk=job.pk)


@login_required
@require_GET
def export_status(request, pk):
    return render(request, "indicators/export_status.html", {"job": export_job_for(request, pk)})


@login_required
@require_GET
def export_download(request, pk):
    job = export_job_for(request, pk)
    if not job.file:
        raise Http404
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1]
    )


@login_required
@require_GET
def document_xlsx(request, pk):
    """The document in the columns of its layout, as it prints (a signed one as signed)."""
    document = document_for(request, pk)
    name = document_filename(document).rsplit(".", 1)[0] + ".xlsx"
    return xlsx_response(export.document_xlsx(print_snapshot(document)), name)


@login_required
@require_GET
def flat_xlsx(request, unit_pk=None):
    """One row per IKU, every field and target: of a unit and the units under it, or (for the
    admin) of every unit."""
    if unit_pk is None:
        if not request.user.is_superuser:
            raise Http404
        documents, name = IKUDocument.objects.all(), "semua-unit"
    else:
        unit = get_object_or_404(OrganizationUnit, pk=unit_pk)
        access.check(request.user, unit, read=access.can_view_unit)
        documents = rules.readable_documents(
            request.user,
            IKUDocument.objects.filter(unit__in=OrganizationUnit.objects.within([unit])),
        )
        name = slugify(unit.short_name or unit.name)[:60]
    return xlsx_response(export.flat_xlsx(documents), f"iku-{name}.xlsx")


@login_required
@require_GET
def import_template(request):
    start = timezone.localdate().year
    return xlsx_response(export.template_xlsx(list(range(start, start + 5))), "templat-iku.xlsx")


@login_required
def import_upload(request):
    """Step 1: the file, the unit and the period of the new draft."""
    # "Upload the corrected file" comes back with the unit, period and title filled in.
    again = {
        k: request.GET[k]
        for k in ("unit", "period_start", "period_end", "title")
        if k in request.GET
    }
    form = ImportUploadForm(
        request.POST or None,
        request.FILES or None,
        units=units_user_may_pick(user=request.user),
        initial=again or None,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read(MAX_UPLOAD_BYTES + 1)
        try:
            read_grid(upload.name, content)  # refuse what cannot be read at all, at once
        except UnreadableFile as error:
            form.add_error("file", error)
        else:
            batch = ImportBatch(
                user=request.user,
                unit=form.cleaned_data["unit"],
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                title=form.cleaned_data["title"],
                name=upload.name[:200],
            )
            batch.file.save("upload.bin", ContentFile(content), save=False)
            batch.save()
            return redirect("indicators:import_preview", pk=batch.pk)
    return render(request, "indicators/import_upload.html", {"form": form})


@login_required
def import_preview(request, pk):
    """Steps 2 to 4: map unknown columns, see the tree with every problem, apply."""
    batch = import_batch_for(request, pk)
    if batch.document_id:
        return redirect("indicators:document_detail", pk=batch.document_id)
    with batch.file.open("rb") as stored:
        content = stored.read()
    period = (batch.period_start, batch.period_end)
    try:
        reading = read(batch.name, content, mapping=batch.mapping, period=period)
    except UnreadableFile as error:
        messages.error(request, " ".join(error.messages))
        return redirect("indicators:import_upload")
    mapping_form = None
    if reading.unknown:
        columns = [(letter, reading.columns[letter]) for letter in reading.unknown]
        mapping_form = ImportMappingForm(
            request.POST if request.POST.get("step") == "map" else None,
            columns=columns,
            years=range(batch.period_start, batch.period_end + 1),
        )
        if request.POST.get("step") == "map" and mapping_form.is_valid():
            batch.mapping = {**batch.mapping, **mapping_form.cleaned_data}
            batch.save(update_fields=["mapping"])
            return redirect("indicators:import_preview", pk=batch.pk)
    if request.method == "POST" and request.POST.get("step") == "apply":
        try:
            document = services.import_apply(batch=batch, reading=reading, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Imported: a new draft with %(n)s IKU.") % {"n": len(reading.items)},
            )
            return redirect("indicators:document_detail", pk=document.pk)
    tree = {}
    for item in reading.items:
        tree.setdefault(item.goal, {}).setdefault(item.target, []).append(item)
    years = list(range(batch.period_start, batch.period_end + 1))
    for item in reading.items:
        item.target_texts = [
            format_value(*bounds(value))
            for value in (item.targets.get(year) for year in years)
            if value is not None
        ]
    return render(
        request,
        "indicators/import_preview.html",
        {
            "batch": batch,
            "reading": reading,
            "tree": tree,
            "mapping_form": mapping_form,
            "years": years,
        },
    )
