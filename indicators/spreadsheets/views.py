"""Spreadsheets and bulk files: a document as .xlsx in its layout, one row per IKU for a unit
and the units under it, the import template and the import itself (upload, map, preview,
apply), and the ZIP of signed documents made by a worker with its progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.numbers import NOT_AVAILABLE, bounds, format_value
from core.xlsx import xlsx_response
from indicators import rules
from indicators.jobs import import_may_retry
from indicators.lookup import document_for, export_job_for, import_batch_for
from indicators.models import IKUDocument
from indicators.printing.pdf import document_filename, print_snapshot
from indicators.spreadsheets import export, services
from indicators.spreadsheets.forms import ImportMappingForm, ImportUploadForm
from indicators.spreadsheets.importing import (
    MAX_UPLOAD_BYTES,
    UnreadableFile,
    reading_from_json,
)
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
def document_flat_xlsx(request, pk):
    """One document, one row per IKU with every field: the file the import reads back into the
    identical tree (to copy a document into another unit or period)."""
    document = document_for(request, pk)
    name = document_filename(document).rsplit(".", 1)[0] + "-per-iku.xlsx"
    return xlsx_response(export.flat_xlsx(IKUDocument.objects.filter(pk=document.pk)), name)


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
    """Step 1: the file, the unit and the period of the new draft. The file is kept and read
    by a worker; what can be told without reading it is refused at once."""
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
        try:
            batch = services.import_upload(
                user=request.user,
                unit=form.cleaned_data["unit"],
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                title=form.cleaned_data["title"],
                name=upload.name,
                content=upload.read(MAX_UPLOAD_BYTES + 1),
                language=translation.get_language(),
            )
        except UnreadableFile as error:
            form.add_error("file", error)
        except ValidationError as error:  # the period is taken
            form.add_error(None, error)
        else:
            return redirect("indicators:import_preview", pk=batch.pk)
    return render(request, "indicators/import_upload.html", {"form": form})


@login_required
def import_preview(request, pk):
    """Steps 2 to 4, each after a worker's reading: map unknown columns, see the tree with
    every problem, apply (by a worker too)."""
    batch = import_batch_for(request, pk)
    reading = reading_from_json(batch.reading) if batch.reading else None
    if batch.document_id:
        count = len(reading.items) if reading else 0
        messages.success(request, _("Imported: a new draft with %(n)s IKU.") % {"n": count})
        return redirect("indicators:document_detail", pk=batch.document_id)
    step = request.POST.get("step") if request.method == "POST" else None
    if step == "retry" and import_may_retry(batch):
        services.import_retry(batch=batch)
        return redirect("indicators:import_preview", pk=batch.pk)
    if batch.error or reading is None or batch.apply_asked_at:
        return render(
            request,
            "indicators/import_waiting.html",
            {"batch": batch, "may_retry": import_may_retry(batch)},
        )
    mapping_form = None
    if reading.unknown:
        columns = [(letter, reading.columns[letter]) for letter in reading.unknown]
        mapping_form = ImportMappingForm(
            request.POST if step == "map" else None,
            columns=columns,
            taken=set(reading.mapping.values()),
            years=range(batch.period_start, batch.period_end + 1),
        )
        if step == "map" and mapping_form.is_valid():
            services.import_map(batch=batch, mapping=mapping_form.cleaned_data)
            return redirect("indicators:import_preview", pk=batch.pk)
    if step == "apply":
        try:
            services.import_apply_start(batch=batch, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect("indicators:import_preview", pk=batch.pk)
    tree = {}
    for item in reading.items:
        tree.setdefault(item.goal, {}).setdefault(item.target, []).append(item)
    years = list(range(batch.period_start, batch.period_end + 1))
    for item in reading.items:
        item.target_texts = [
            format_value(*bounds(value)) if value is not None else ""
            for value in (item.targets.get(year) for year in years)
        ]
        item.baseline_text = (
            _("not available")
            if item.baseline is NOT_AVAILABLE
            else format_value(item.baseline)
            if item.baseline is not None
            else ""
        )
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
