"""The editor of a document's tree (tujuan → sasaran → IKU), the document list and the home
page. Every view fetches its object through `indicators.lookup`."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core import attention, second_factor
from core.formula import render_formula_html
from core.http import int_or_none, querystring_without_page
from core.locking import saved
from core.ordering import tell_moved
from core.pagination import CappedPaginator, NextOnlyPaginator
from indicators import rules
from indicators.jobs import signing_in_progress
from indicators.lookup import child_for, child_or_new, document_for
from indicators.models import (
    Goal,
    IKUDocument,
    Indicator,
    ManualSigningJob,
    SignedVersion,
    StrategicTarget,
)
from indicators.tree import services
from indicators.tree.forms import (
    DocumentEditForm,
    DocumentForm,
    GoalForm,
    IndicatorForm,
    StrategicTargetForm,
)
from indicators.tree.presenter import prepare_editor
from indicators.tree.selectors import document_list_for_user, document_search, editor_tree
from indicators.tree.warnings import before_deleting
from organizations.selectors import units_for_user, units_user_may_pick

# A document of more IKU than this opens folded by sasaran (see `editor_tree`).
EDITOR_UNFOLDED_IKU = 50


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
                if rules.can_edit_document.test(request.user, d)
                or rules.can_sign_document.test(request.user, d)
            ],
            "other_attention": attention.items_for(request.user),
        },
    )


@login_required
@require_GET
def document_list(request):
    status = request.GET.get("status", "")
    filters = {
        "q": request.GET.get("q", "").strip()[:100],
        "unit_id": int_or_none(request.GET.get("unit")),
        "period_start": int_or_none(request.GET.get("period")),
        "status": status if status in IKUDocument.Status.values else "",
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
            "querystring": querystring_without_page(request),
        },
    )


@login_required
@require_GET
def document_detail(request, pk):
    document = document_for(request, pk)
    # A long document opens with each sasaran folded (its IKU one click away), so that a
    # 300-IKU editor stays as quick to open as a short one; ?semua=1 unfolds everything.
    tree = editor_tree(
        document=document,
        opened=int_or_none(request.GET.get("buka")),
        unfold_all=bool(request.GET.get("semua")),
        fold_over=EDITOR_UNFOLDED_IKU,
    )
    may = rules.document_actions(request.user, document)
    # Translated once, not once per row: the editor of a long document stays fast.
    labels = {
        "add_iku": _("Add an IKU"),
        "target": _("strategic target"),
        "targets": _("Targets"),
        "edit": _("Edit"),
        "up": _("Move up"),
        "down": _("Move down"),
        "delete": _("Delete"),
        "confirm_delete": _("Delete this item and everything under it?"),
    }
    signed_version = (
        SignedVersion.objects.filter(document=document).first() if document.is_frozen else None
    )
    return render(
        request,
        "indicators/ikudocument_detail.html",
        {
            "document": document,
            "tree": tree,
            "sections": prepare_editor(tree),
            "can_edit": may["edit"],
            "may": may,
            "limit_warnings": services.limit_warnings(document) if may["edit"] else [],
            "signed_version": signed_version,
            "manual_signing": ManualSigningJob.objects.filter(version=signed_version).first()
            if signed_version
            else None,
            "transitions": document.transitions.select_related("user"),
            "signing": signing_in_progress(document)
            if document.status == IKUDocument.Status.SUBMITTED
            else None,
            "labels": labels,
            "second_factor_required": may["sign"] and second_factor.required(),
            "signs_with_bsre": may["sign"] and settings.PDF_SIGNING_BACKEND == "bsre",
            "second_factor_enrolled": may["sign"] and second_factor.enrolled(request.user),
        },
    )


@login_required
def document_create(request):
    form = DocumentForm(
        request.POST or None,
        units=units_user_may_pick(user=request.user),
        documents=document_list_for_user(user=request.user),
        initial={"copy_from": int_or_none(request.GET.get("copy"))},
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


@login_required
def document_edit(request, pk):
    document = document_for(request, pk, write=True)
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
    goal, document = child_or_new(request, Goal, document_pk=document_pk, pk=pk)
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
def strategic_target_form(request, document_pk=None, pk=None):
    target, document = child_or_new(request, StrategicTarget, document_pk=document_pk, pk=pk)
    if target.pk is None and request.GET.get("tujuan"):
        target.goal_id = int_or_none(request.GET["tujuan"])
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
    indicator, document = child_or_new(request, Indicator, document_pk=document_pk, pk=pk)
    if indicator.pk is None and request.GET.get("sasaran"):
        indicator.strategic_target_id = int_or_none(request.GET["sasaran"])
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
    item = child_for(request, _MODELS[kind], pk)
    warnings = before_deleting(item)
    if warnings and request.POST.get("confirmed") != "1":
        # Said first, and deleted only when confirmed on this page.
        return render(
            request,
            "indicators/item_delete_confirm.html",
            {"item": item, "document": item.document, "warnings": warnings, "kind": kind},
        )
    # Back to what held it: an IKU's sasaran, a sasaran's tujuan, or the document.
    if isinstance(item, Indicator):
        back = _editor_url(item.document_id, sasaran=item.strategic_target_id)
    elif isinstance(item, StrategicTarget):
        back = _editor_url(item.document_id, tujuan=item.goal_id)
    else:
        back = _editor_url(item.document_id)
    services.item_delete(item=item)
    messages.success(request, _("Deleted."))
    return redirect(back)


@login_required
@require_POST
def item_move(request, kind, pk, direction):
    item = child_for(request, _MODELS[kind], pk)
    tell_moved(request, services.item_move(item=item, direction=direction), direction)
    return redirect(_editor_url_at(item))


@login_required
@require_POST
def formula_preview(request):
    """The formula as it will print (a stacked fraction), for the live preview."""
    return HttpResponse(render_formula_html(request.POST.get("formula", "")[:2000]))
