import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from iku_portal import attention
from iku_portal.locking import saved
from iku_portal.ordering import tell_moved
from iku_portal.pagination import CappedPaginator, NextOnlyPaginator
from organizations import access
from organizations.models import OrganizationUnit

from . import render_cache, render_jobs, services
from .compare import compare_snapshots
from .forms import (
    DocumentEditForm,
    DocumentForm,
    GoalForm,
    IndicatorForm,
    StrategicTargetForm,
    VerifyUploadForm,
)
from .formula import render_formula_html
from .models import Goal, IKUDocument, Indicator, SignedVersion, SigningJob, StrategicTarget
from .numbers import format_value
from .pdf import PDFUnavailable, document_filename
from .selectors import (
    document_history,
    document_list_for_user,
    document_search,
    editor_tree,
    units_for_user,
)
from .signed_files import read_signed

# --- access helpers: every view fetches its object through one of these --------------------


def _check_document(request, document, *, write: bool) -> IKUDocument:
    return access.check(
        request.user,
        document,
        read=access.can_view_document,
        write=access.can_edit_document if write else None,
    )


def _document_for(request, pk, *, write=False) -> IKUDocument:
    document = get_object_or_404(IKUDocument.objects.select_related("unit"), pk=pk)
    return _check_document(request, document, write=write)


def _child_for(request, model, pk, *, write=True):
    """A tujuan, sasaran or IKU, checked through its document."""
    item = get_object_or_404(model.objects.select_related("document__unit"), pk=pk)
    _check_document(request, item.document, write=write)
    return item


def _child_or_new(request, model, *, document_pk=None, pk=None):
    """(item, document) for a child form: the existing item, or a new one in a draft
    document; both checked for writing."""
    if pk:
        item = _child_for(request, model, pk)
        return item, item.document
    document = _document_for(request, document_pk, write=True)
    return model(document=document), document


# --- pages -----------------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request):
    units = list(units_for_user(user=request.user))
    documents = list(document_list_for_user(user=request.user)[:20])
    by_status = {}
    for document in documents:
        by_status.setdefault(document.get_status_display(), []).append(document)
    return render(
        request,
        "indicators/dashboard.html",
        {
            "units": units,
            "by_status": by_status,
            # What waits for this user: drafts they may edit, submissions they may sign.
            "attention": [
                d
                for d in documents
                if access.can_edit_document.test(request.user, d)
                or access.can_sign_document.test(request.user, d)
            ],
            "other_attention": attention.items_for(request.user),
        },
    )


@login_required
@require_GET
def document_list(request):
    filters = {
        "q": request.GET.get("q", "").strip()[:100],
        "unit_id": _int(request.GET.get("unit")),
        "period_start": _int(request.GET.get("period")),
        "status": request.GET.get("status", "")
        if request.GET.get("status") in IKUDocument.Status.values
        else "",
    }
    documents, broad = document_search(user=request.user, **filters)
    paginator = NextOnlyPaginator if broad else CappedPaginator
    page = paginator(documents, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "indicators/ikudocument_list.html",
        {
            "page": page,
            "filters": filters,
            "units": units_for_user(user=request.user),
            "statuses": IKUDocument.Status.choices,
            "querystring": _querystring_without_page(request),
        },
    )


@login_required
@require_GET
def document_detail(request, pk):
    document = _document_for(request, pk)
    # A long document opens with each sasaran folded (its IKU one click away), so that a
    # 300-IKU editor stays as quick to open as a short one; ?semua=1 unfolds everything.
    tree = editor_tree(
        document=document,
        opened=_int(request.GET.get("buka")),
        unfold_all=bool(request.GET.get("semua")),
        fold_over=EDITOR_UNFOLDED_IKU,
    )
    may = access.document_actions(request.user, document)
    can_edit = may["edit"]
    # Translated once, not once per row: the editor of a long document stays fast.
    labels = {
        "add_iku": _("Add an IKU"),
        "target": _("strategic target"),
        "targets": _("Targets"),
    }
    shown = [i for t in tree.strategic_targets if not t.folded for i in t.indicator_list]
    for kind, items in (
        ("tujuan", tree.goals),
        ("sasaran", tree.strategic_targets),
        ("iku", shown),
    ):
        html = _item_actions(kind, get_language(), get_script_prefix()) if can_edit else ""
        for item in items:
            item.actions_html = _with_pk(html, item.pk) if html else ""
    for indicator in shown:
        # Each row as one prepared string, not a template loop of lookups.
        indicator.row_html = _indicator_row(indicator, labels["targets"])
    add_indicator_url = reverse("indicators:indicator_create", args=[document.pk])
    for target in tree.strategic_targets:
        target.block_html = _target_block(target, labels, can_edit, add_indicator_url)
    return render(
        request,
        "indicators/ikudocument_detail.html",
        {
            "document": document,
            "tree": tree,
            "can_edit": can_edit,
            "may": may,
            "limit_warnings": services.limit_warnings(document) if may["edit"] else [],
            "signed_version": SignedVersion.objects.filter(document=document).first()
            if document.is_frozen
            else None,
            "transitions": document.transitions.select_related("user"),
            "signing": SigningJob.objects.filter(document=document).first()
            if document.status == IKUDocument.Status.SUBMITTED
            else None,
            "labels": labels,
        },
    )


EDITOR_UNFOLDED_IKU = 50


def _target_block(target, labels: dict, can_edit: bool, add_indicator_url: str) -> str:
    """A sasaran of the editor as one prepared string, as each IKU row is: its heading and
    buttons, its IKU (or, folded, the link that shows them) and the button that adds one."""
    if target.folded and target.indicator_list:
        n = len(target.indicator_list)
        body = format_html(
            '<li class="list-group-item"><a href="?buka={}#sasaran-{}">{}</a></li>',
            target.pk,
            target.pk,
            ngettext("Show its %(n)s IKU", "Show its %(n)s IKU", n) % {"n": n},
        )
    elif target.indicator_list:
        body = mark_safe("".join(i.row_html for i in target.indicator_list))  # noqa: S308 - built escaped
    else:
        body = format_html(
            '<li class="list-group-item text-muted">{}</li>', _("No indicators yet.")
        )
    add = (
        format_html(
            '<a class="btn btn-sm btn-outline-primary mt-2" href="{}?sasaran={}">{}</a>',
            add_indicator_url,
            target.pk,
            labels["add_iku"],
        )
        if can_edit
        else ""
    )
    return format_html(
        '<div class="border rounded p-2 mb-3" id="sasaran-{}">'
        '<div class="d-flex justify-content-between align-items-start"><div>'
        '<span class="badge text-bg-light border">{}</span> <strong>{}</strong> '
        '<span class="small text-muted">({})</span></div>{}</div>'
        '<ul class="list-group list-group-flush mt-2">{}</ul>{}</div>',
        target.pk,
        target.display_code,
        target.text,
        labels["target"],
        target.actions_html,
        body,
        add,
    )


def _indicator_row(indicator, targets_label: str):
    from django.utils.html import escape

    targets = " · ".join(
        f"{year}: {format_value(value, upper)}" for year, value, upper in indicator.yearly_targets
    )
    satuan = f" ({escape(indicator.satuan)})" if indicator.satuan else ""
    targets_html = (
        f'<div class="small text-muted mt-1">{escape(targets_label)}: {escape(targets)}</div>'
        if targets
        else ""
    )
    return mark_safe(  # noqa: S308 - every value above is escaped
        '<li class="list-group-item"><div class="d-flex justify-content-between '
        f'align-items-start"><div><span class="badge text-bg-primary">'
        f"{escape(indicator.display_code)}</span> {escape(indicator.name)}{satuan}"
        f'<div class="small mt-1">{render_formula_html(indicator.formula)}</div>{targets_html}'
        f"</div>{indicator.actions_html}</div></li>"
    )


_EDIT_URLS = {
    "tujuan": "indicators:goal_edit",
    "sasaran": "indicators:strategic_target_edit",
    "iku": "indicators:indicator_edit",
}
_PLACEHOLDER = "987654321"


@functools.lru_cache(maxsize=32)
def _item_actions(kind: str, language: str, script_prefix: str) -> str:
    """The edit, move and delete buttons of an item of one kind, with a placeholder id.

    The editor shows them on every row; they are built once per kind, language and script
    prefix (the arguments; the language is the active one), and each item's id is put in.
    The buttons post through the page's one #tree-actions form.
    """
    p = int(_PLACEHOLDER)
    edit, up, down, delete = _("Edit"), _("Move up"), _("Move down"), _("Delete")
    return format_html(
        '<div class="btn-group btn-group-sm ms-2 flex-shrink-0" role="group">'
        '<a class="btn btn-outline-primary" href="{}">{}</a>'
        '<button form="tree-actions" formaction="{}" class="btn btn-outline-secondary" '
        'title="{}" aria-label="{}">↑</button>'
        '<button form="tree-actions" formaction="{}" class="btn btn-outline-secondary" '
        'title="{}" aria-label="{}">↓</button>'
        '<button form="tree-actions" formaction="{}" class="btn btn-outline-danger" '
        'data-confirm="{}">{}</button></div>',
        reverse(_EDIT_URLS[kind], args=[p]),
        edit,
        reverse("indicators:item_move", args=[kind, p, "up"]),
        up,
        up,
        reverse("indicators:item_move", args=[kind, p, "down"]),
        down,
        down,
        reverse("indicators:item_delete", args=[kind, p]),
        _("Delete this item and everything under it?"),
        delete,
    )


def _with_pk(html: str, pk: int) -> str:
    # The placeholder only ever stands in URL paths ("/987654321/"); pk is an integer.
    return mark_safe(html.replace(f"/{_PLACEHOLDER}/", f"/{int(pk)}/"))  # noqa: S308


@login_required
def strategic_target_form(request, document_pk=None, pk=None):
    target, document = _child_or_new(request, StrategicTarget, document_pk=document_pk, pk=pk)
    if target.pk is None and request.GET.get("tujuan"):
        target.goal_id = _int(request.GET["tujuan"])
    form = StrategicTargetForm(request.POST or None, instance=target, document=document)
    if request.method == "POST" and saved(
        request,
        form,
        lambda: services.strategic_target_save(
            target=form.instance, version=form.cleaned_data["version"]
        ),
    ):
        messages.success(request, _("Strategic target saved."))
        return redirect(_editor_url_at(form.instance))
    return render(
        request,
        "indicators/strategictarget_form.html",
        {"form": form, "document": document, "target": target},
    )


@login_required
def indicator_form(request, document_pk=None, pk=None):
    indicator, document = _child_or_new(request, Indicator, document_pk=document_pk, pk=pk)
    if indicator.pk is None and request.GET.get("sasaran"):
        indicator.strategic_target_id = _int(request.GET["sasaran"])
    form = IndicatorForm(request.POST or None, instance=indicator, document=document)
    if request.method == "POST" and saved(
        request,
        form,
        lambda: services.indicator_save(
            indicator=form.instance,
            targets=form.target_values(),
            version=form.cleaned_data["version"],
        ),
    ):
        done = _("Indicator “%(name)s” saved.") % {"name": indicator.name}
        values = form.understood_values()
        saved_as = _("Saved as")  # looked up here: xgettext cannot read f-strings
        messages.success(request, f"{done} {saved_as}: {values}" if values else done)
        if "save_and_add" in request.POST:  # the next IKU of the same sasaran
            url = reverse("indicators:indicator_create", args=[document.pk])
            return redirect(f"{url}?sasaran={form.instance.strategic_target_id}")
        return redirect(_editor_url_at(form.instance))
    return render(
        request,
        "indicators/indicator_form.html",
        {
            "form": form,
            "document": document,
            "indicator": indicator,
            "target_fields": [form[f"target_{year}"] for year in form.years],
            "formula_html": render_formula_html(form["formula"].value() or ""),
        },
    )


@login_required
def document_edit(request, pk):
    document = _document_for(request, pk, write=True)
    form = DocumentEditForm(request.POST or None, instance=document)
    if request.method == "POST" and saved(
        request,
        form,
        lambda: services.document_update(
            document=form.instance, version=form.cleaned_data["version"]
        ),
    ):
        messages.success(request, _("Document saved."))
        return redirect("indicators:document_detail", pk=document.pk)
    return render(request, "indicators/ikudocument_edit.html", {"form": form, "document": document})


@login_required
def goal_form(request, document_pk=None, pk=None):
    goal, document = _child_or_new(request, Goal, document_pk=document_pk, pk=pk)
    form = GoalForm(request.POST or None, instance=goal, document=document)
    if request.method == "POST" and saved(
        request,
        form,
        lambda: services.goal_save(
            goal=form.instance,
            indicator_texts=form.indicator_texts(),
            version=form.cleaned_data["version"],
        ),
    ):
        messages.success(request, _("Goal saved."))
        return redirect(_editor_url_at(form.instance))
    return render(
        request, "indicators/goal_form.html", {"form": form, "document": document, "goal": goal}
    )


@login_required
def document_create(request):
    units = units_for_user(user=request.user)
    if request.user.is_superuser:
        units = OrganizationUnit.objects.all()
    form = DocumentForm(
        request.POST or None,
        units=units,
        documents=document_list_for_user(user=request.user),
        initial={"copy_from": _int(request.GET.get("copy"))},
    )
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["copy_from"]
        try:
            if source:
                document = services.document_copy(
                    source=source, document=form.instance, user=request.user
                )
            else:
                document = services.document_create(document=form.instance, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Document created."))
            return redirect("indicators:document_detail", pk=document.pk)
    return render(request, "indicators/ikudocument_form.html", {"form": form})


_MODELS = {"tujuan": Goal, "sasaran": StrategicTarget, "iku": Indicator}


def _editor_url(document_pk: int, *, sasaran: int | None = None, tujuan: int | None = None):
    """The editor, back where the user was: at a sasaran (opened, should the document be
    folded) or at a tujuan."""
    url = reverse("indicators:document_detail", args=[document_pk])
    if sasaran:
        return f"{url}?buka={int(sasaran)}#sasaran-{int(sasaran)}"
    return f"{url}#tujuan-{int(tujuan)}" if tujuan else url


def _editor_url_at(item):
    """The editor at an item: an IKU's sasaran, a sasaran itself, a tujuan itself."""
    if isinstance(item, Indicator):
        return _editor_url(item.document_id, sasaran=item.strategic_target_id)
    if isinstance(item, StrategicTarget):
        return _editor_url(item.document_id, sasaran=item.pk)
    return _editor_url(item.document_id, tujuan=item.pk)


@login_required
@require_POST
def item_delete(request, kind, pk):
    item = _child_for(request, _MODELS[kind], pk)
    # Back to what held it: an IKU's sasaran, a sasaran's tujuan, or the document.
    if isinstance(item, Indicator):
        back = _editor_url(item.document_id, sasaran=item.strategic_target_id)
    elif isinstance(item, StrategicTarget):
        back = _editor_url(item.document_id, tujuan=item.goal_id)
    else:
        back = _editor_url(item.document_id)
    item.delete()
    messages.success(request, _("Deleted."))
    return redirect(back)


@login_required
@require_POST
def item_move(request, kind, pk, direction):
    item = _child_for(request, _MODELS[kind], pk)
    tell_moved(request, services.item_move(item=item, direction=direction), direction)
    return redirect(_editor_url_at(item))


@login_required
@require_POST
def formula_preview(request):
    """The formula as it will print (a stacked fraction), for the live preview."""
    return HttpResponse(render_formula_html(request.POST.get("formula", "")[:2000]))


def pdf_unavailable(request) -> HttpResponse:
    """The 503 page, in the portal's frame, of a server that cannot print."""
    message = _("PDF printing is not available on this server (WeasyPrint is not installed).")
    return render(request, "503.html", {"message": message}, status=503)


@login_required
@require_GET
def document_preview(request, pk, manual=False):
    """The pages of the PDF that would be printed (or was signed), as images: the IKU
    document, or with `manual` its Manual IKU."""
    document = _document_for(request, pk)
    try:
        render_ = render_jobs.render_or_wait(document, manual=manual)
    except PDFUnavailable:
        return pdf_unavailable(request)
    if isinstance(render_, render_jobs.Waiting):
        return _document_wait(request, document, render_, manual)
    return render(
        request,
        "indicators/ikudocument_preview.html",
        {
            "document": document,
            "render": render_,
            "pages": range(1, render_.page_count + 1),
            "manual": manual,
        },
    )


@login_required
@require_GET
def document_preview_page(request, pk, key, number):
    document = _document_for(request, pk)
    # Read from this document's own renders: a key of another document finds nothing.
    png = render_cache.page_png(document.pk, key, int(number))
    if png is None:
        raise Http404
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=86400, immutable"
    return response


@login_required
@require_GET
def document_pdf_view(request, pk, download=False, manual=False):
    document = _document_for(request, pk)
    if document.is_frozen and not manual:
        # A signed document is served as issued, byte for byte: never rendered again.
        return _pdf_response(_stored_pdf(document.signed_version), document, download)
    try:
        # A signed Manual IKU comes from its stored file too (render_cache serves it).
        render_ = render_jobs.render_or_wait(document, manual=manual)
    except PDFUnavailable:
        return pdf_unavailable(request)
    if isinstance(render_, render_jobs.Waiting):
        return _document_wait(request, document, render_, manual, download)
    if download and waited_for_download(request):
        return render_ready(
            request,
            subject=document.heading,
            back_url=reverse("indicators:document_detail", args=[document.pk]),
        )
    return _pdf_response(render_.pdf, document, download, manual=manual)


def _document_wait(request, document, waiting, manual, download=False) -> HttpResponse:
    return render_wait(
        request,
        waiting,
        subject=document.heading,
        back_url=reverse("indicators:document_detail", args=[document.pk]),
        manual=manual,
        download=download,
    )


WAITED = "tunggu"  # the query parameter of a waiting page's own refreshes


def render_wait(
    request, waiting, *, subject: str, back_url: str, manual=False, download=False
) -> HttpResponse:
    """A PDF is being prepared by a worker: this page says so, shows how far it is, and
    reloads itself until the PDF is there (no script needed). For a PDF that is downloaded
    (an attachment), the page reloads itself as `?tunggu=1`, which the view answers, once
    the file is ready, with `render_ready` instead of the file: a download does not replace
    the page, which would otherwise stay on "being prepared"."""
    return render(
        request,
        "indicators/render_wait.html",
        {
            "waiting": waiting,
            "subject": subject,
            "back_url": back_url,
            "manual": manual,
            "refresh_url": f"{request.path}?{WAITED}=1" if download else request.path,
        },
        status=202,
    )


def waited_for_download(request) -> bool:
    """A waiting page's own refresh, for a file that is downloaded."""
    return request.GET.get(WAITED) == "1"


def render_ready(request, *, subject: str, back_url: str) -> HttpResponse:
    """The PDF a waiting page waited for is ready: a link downloads it."""
    return render(
        request,
        "indicators/render_ready.html",
        {"subject": subject, "back_url": back_url, "download_url": request.path},
    )


def _stored_pdf(version) -> bytes:
    return read_signed(version)


def _pdf_response(pdf: bytes, document, download: bool, *, manual=False) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    filename = document_filename(document, manual=manual)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


# --- the approval flow ----------------------------------------------------------------------


_TRANSITIONS = {
    "ajukan": (
        lambda d, u, note: services.document_submit(document=d, user=u),
        gettext_lazy("Submitted."),
    ),
    "kembalikan": (
        lambda d, u, note: services.document_return(document=d, user=u, reason=note),
        gettext_lazy("Returned to draft."),
    ),
    "tandatangani": (
        lambda d, u, note: services.request_signing(document=d, user=u),
        gettext_lazy("Signing: the signed PDF is being prepared and stored."),
    ),
}


@login_required
@require_POST
def document_transition(request, pk, action):
    document = _document_for(request, pk)
    perform, done = _TRANSITIONS[action]
    try:
        perform(document, request.user, request.POST.get("note", "")[:2000])
    except services.WorkflowError as error:
        messages.error(request, str(error))
    except PDFUnavailable:
        messages.error(
            request,
            _("PDF printing is not available on this server (WeasyPrint is not installed)."),
        )
    else:
        messages.success(request, str(done))
        if action == "ajukan":
            for warning in services.limit_warnings(document):
                messages.warning(request, warning)
    return redirect("indicators:document_detail", pk=document.pk)


@login_required
@require_POST
def document_revise(request, pk):
    document = _document_for(request, pk)
    try:
        revision = services.document_start_revision(document=document, user=request.user)
    except services.WorkflowError as error:
        messages.error(request, str(error))
        return redirect("indicators:document_detail", pk=document.pk)
    messages.success(request, _("Revision started: a new draft with everything copied."))
    return redirect("indicators:document_detail", pk=revision.pk)


@login_required
@require_GET
def document_history_view(request, pk):
    document = _document_for(request, pk)
    page = Paginator(document_history(document=document), 50).get_page(request.GET.get("page"))
    return render(
        request, "indicators/ikudocument_history.html", {"document": document, "page": page}
    )


def _snapshot_of(document):
    """The signed snapshot of a signed version; the current content of a draft."""
    from .snapshot import document_snapshot

    version = SignedVersion.objects.filter(document=document).first()
    return version.snapshot if version else document_snapshot(document)


@login_required
@require_GET
def document_compare(request, pk):
    document = _document_for(request, pk)
    versions = list(
        IKUDocument.objects.filter(
            unit=document.unit,
            period_start=document.period_start,
            period_end=document.period_end,
        ).order_by("revision")
    )
    other_pk = _int(request.GET.get("dengan")) or document.revises_id
    other = next((v for v in versions if v.pk == other_pk and v.pk != document.pk), None)
    sections = None
    if other is not None:
        old, new = sorted([other, document], key=lambda d: d.revision)
        sections = compare_snapshots(_snapshot_of(old), _snapshot_of(new))
    return render(
        request,
        "indicators/ikudocument_compare.html",
        {"document": document, "other": other, "versions": versions, "sections": sections},
    )


# --- public verification --------------------------------------------------------------------


def _signed_version_or_404(code):
    version = (
        SignedVersion.objects.select_related("document__unit", "signed_by")
        .filter(code=code.upper())
        .first()
    )
    if version is None:
        raise Http404
    return version


def verify(request, code):
    """Public (no login): does a printed copy match what was signed?"""
    try:
        version = _signed_version_or_404(code)
    except Http404:
        return render(request, "indicators/verify_unknown.html", {"code": code}, status=404)
    form = VerifyUploadForm(request.POST or None, request.FILES or None)
    result = matched_manual = None
    if request.method == "POST" and form.is_valid():
        digest = form.sha256()
        matched_manual = bool(version.manual_sha256) and digest == version.manual_sha256
        result = digest == version.sha256 or matched_manual
    return render(
        request,
        "indicators/verify.html",
        {
            "version": version,
            "document": version.document,
            "form": form,
            "result": result,
            "matched_manual": matched_manual,
        },
    )


@require_GET
def verify_pdf(request, code, manual=False):
    version = _signed_version_or_404(code)
    if manual:
        if not version.manual_pdf:
            raise Http404
        manual_pdf = read_signed(version, manual=True)
        return _pdf_response(manual_pdf, version.document, download=True, manual=True)
    return _pdf_response(_stored_pdf(version), version.document, download=True)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# --- bulk work with progress ------------------------------------------------------------------


@login_required
@require_POST
def export_start(request, unit_pk):
    """Every signed document of a unit and the units under it, as one ZIP, made by a worker."""
    from .models import ExportJob
    from .tasks import export_signed_zip

    unit = get_object_or_404(OrganizationUnit, pk=unit_pk)
    access.check(request.user, unit, read=access.can_view_unit)
    job = ExportJob.objects.create(user=request.user, unit=unit)
    result = export_signed_zip.enqueue(job.pk)
    ExportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    return redirect("indicators:export_status", pk=job.pk)


def _export_for(request, pk):
    from .models import ExportJob

    job = get_object_or_404(ExportJob.objects.select_related("unit"), pk=pk)
    if job.user_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return job


@login_required
@require_GET
def export_status(request, pk):
    job = _export_for(request, pk)
    return render(request, "indicators/export_status.html", {"job": job})


@login_required
@require_GET
def export_download(request, pk):
    from django.http import FileResponse

    job = _export_for(request, pk)
    if not job.file:
        raise Http404
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1]
    )


# --- spreadsheets -----------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def document_xlsx(request, pk):
    """The document in the columns of its layout, as it prints (a signed one as signed)."""
    from .pdf import print_snapshot
    from .spreadsheets import document_xlsx as build

    document = _document_for(request, pk)
    name = document_filename(document).rsplit(".", 1)[0] + ".xlsx"
    return _xlsx_response(build(print_snapshot(document)), name)


@login_required
@require_GET
def flat_xlsx(request, unit_pk=None):
    """One row per IKU, every field and target: of a unit and the units under it, or (for the
    admin) of every unit."""
    from django.db.models import Q
    from django.utils.text import slugify

    from .spreadsheets import flat_xlsx as build

    if unit_pk is None:
        if not request.user.is_superuser:
            raise Http404
        documents, name = IKUDocument.objects.all(), "semua-unit"
    else:
        unit = get_object_or_404(OrganizationUnit, pk=unit_pk)
        access.check(request.user, unit, read=access.can_view_unit)
        documents = IKUDocument.objects.filter(
            Q(unit=unit) | Q(unit__parent=unit) | Q(unit__parent__parent=unit)
        )
        name = slugify(unit.short_name or unit.name)[:60]
    return _xlsx_response(build(documents), f"iku-{name}.xlsx")


# --- import from a spreadsheet ----------------------------------------------------------------


@login_required
@require_GET
def import_template(request):
    from django.utils import timezone

    from .spreadsheets import template_xlsx

    start = timezone.localdate().year
    return _xlsx_response(template_xlsx(list(range(start, start + 5))), "templat-iku.xlsx")


@login_required
def import_upload(request):
    """Step 1: the file, the unit and the period of the new draft."""
    from django.core.files.base import ContentFile

    from .forms import ImportUploadForm
    from .models import ImportBatch
    from .spreadsheet_import import UnreadableFile, read_grid

    units = units_for_user(user=request.user)
    if request.user.is_superuser and not units.exists():
        units = OrganizationUnit.objects.order_by("name")
    # "Upload the corrected file" comes back with the unit, period and title filled in.
    again = {
        k: request.GET[k]
        for k in ("unit", "period_start", "period_end", "title")
        if k in request.GET
    }
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, units=units, initial=again or None
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read(5 * 1024 * 1024 + 1)
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
    from .forms import ImportMappingForm
    from .models import ImportBatch
    from .spreadsheet_import import UnreadableFile, read

    batch = get_object_or_404(ImportBatch.objects.select_related("unit"), pk=pk)
    if batch.user_id != request.user.pk:
        raise Http404
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
        except (ValidationError, services.WorkflowError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
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
            format_value(v.low, v.high) if hasattr(v, "low") else format_value(v)
            for v in (item.targets.get(year) for year in years)
            if v is not None
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
