"""Cascading pages: link a sasaran (or an IKU) of a draft to the parent's document in force,
move a stale link onto its successor, and the alignment of the units under a pemda. Every
view fetches its object through `indicators.lookup`."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.errors import WorkflowError
from core.http import querystring_without_page, year_asked
from core.locking import saved
from indicators import rules
from indicators.cascading import selectors, services
from indicators.cascading.forms import IndicatorLinkForm, TargetLinkForm
from indicators.cascading.panels import shown_year
from indicators.choices import DocumentStatus
from indicators.lookup import child_for, unit_for_alignment
from indicators.models import Indicator, StrategicTarget
from organizations import access


class _NotADraft(Exception):
    """A member asked to link in a document that is no longer a draft: told why, not 403."""

    def __init__(self, document):
        self.document = document


def _linkable(request, model, pk):
    """A sasaran or IKU of a draft the user may link: 404 for an outsider, 403 for a reader;
    `_NotADraft` for a member (or the admin) when the document is submitted or signed."""
    item = child_for(request, model, pk, write=False)
    document = item.document
    access.check(request.user, document, read=rules.can_view_document)
    if not rules.can_link_targets.test(request.user, document):
        if (access.is_admin | access.is_member).test(request.user, document):
            raise _NotADraft(document)
        raise PermissionDenied
    return item


def _explain(view):
    """Back to the document, saying how its links can change, where it is not a draft."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _NotADraft as refused:
            document = refused.document
            if document.status == DocumentStatus.SUPERSEDED:
                messages.error(
                    request,
                    _(
                        "This version has been replaced by a Perubahan: its links cannot "
                        "change. The unit's documents are listed below."
                    ),
                )
                return redirect("organizations:unit_profile", document.unit_id)
            elif document.is_frozen:
                messages.error(
                    request,
                    _(
                        "This document is signed: its links cannot change. Start a revision "
                        "(Perubahan) and link its strategic targets there."
                    ),
                )
            else:
                messages.error(
                    request,
                    _(
                        "This document has been submitted for signing: its links change only "
                        "once it is returned to draft."
                    ),
                )
            return redirect("indicators:document_detail", document.pk)

    return wrapper


def _at(item) -> str:
    return reverse("indicators:target_link", args=[item.pk])


@login_required
@_explain
def target_link(request, pk):
    target = _linkable(request, StrategicTarget, pk)
    choices = selectors.upper_choices(document=target.document)
    # A link to a superseded version: its successor chosen already, so that saving moves it.
    proposal = services.relink_proposal(target=target)
    form = TargetLinkForm(
        request.POST or None,
        choices=choices,
        initial={"supports": proposal.pk if proposal else target.supports_id},
    )
    done = {}
    if request.method == "POST" and saved(
        request,
        form,
        lambda: done.setdefault(
            "target",
            services.strategic_target_link(
                target=target, upper=form.cleaned_data["supports"], user=request.user
            ),
        ),
    ):
        if form.cleaned_data["supports"] is None:
            messages.success(request, _("The link of the strategic target was removed."))
        else:
            messages.success(request, _("The strategic target is linked to the upper one."))
        removed = done["target"].indicator_links_removed
        if removed:
            messages.warning(
                request,
                ngettext(
                    "%(n)s link of an IKU under it was removed with it: its upper IKU is not "
                    "under the strategic target now linked. Link the IKU again below.",
                    "%(n)s links of IKU under it were removed with it: their upper IKU are not "
                    "under the strategic target now linked. Link the IKU again below.",
                    removed,
                )
                % {"n": removed},
            )
        return redirect(_at(target))
    target.refresh_from_db()
    indicators = list(target.indicators.select_related("supports").order_by("order", "id"))
    return render(
        request,
        "indicators/cascading/target_link.html",
        {
            "form": form,
            "document": target.document,
            "target": target,
            "current": target.supports
            and next((c for c in choices if c.pk == target.supports_id), target.supports),
            "indicators": indicators,
            "linked_indicators": sum(1 for i in indicators if i.supports_id),
            "has_upper": bool(choices),
            "upper_document": choices[0].document if choices else None,
            "proposal": proposal,
        },
    )


@login_required
@_explain
def indicator_link(request, pk):
    indicator = _linkable(request, Indicator, pk)
    target = indicator.strategic_target
    choices = [
        i
        for upper in selectors.upper_choices(document=indicator.document)
        if upper.pk == target.supports_id
        for i in upper.upper_indicators
    ]
    form = IndicatorLinkForm(
        request.POST or None,
        choices=choices,
        initial={"supports": indicator.supports_id, "cascading": indicator.cascading},
    )
    if request.method == "POST" and saved(
        request,
        form,
        lambda: services.indicator_link(
            indicator=indicator,
            upper=form.cleaned_data["supports"],
            cascading=form.cleaned_data["cascading"],
            user=request.user,
        ),
    ):
        messages.success(request, _("The link of the IKU was saved."))
        return redirect(_at(target))
    return render(
        request,
        "indicators/cascading/indicator_link.html",
        {
            "form": form,
            "document": indicator.document,
            "indicator": indicator,
            "target": target,
            "has_choices": bool(choices),
            "target_stale": bool(target.supports_id)
            and target.supports.document.status != DocumentStatus.SIGNED,
        },
    )


@login_required
@require_POST
@_explain
def target_relink(request, pk):
    target = _linkable(request, StrategicTarget, pk)
    try:
        services.strategic_target_relink(target=target, user=request.user)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The link now goes to the strategic target in force."))
    return redirect(request.POST.get("next") or _at(target))


@login_required
def government_alignment(request, unit_pk):
    """The units under a pemda (or a dinas) with the counts of their gaps, by level."""
    top = unit_for_alignment(request, unit_pk)
    year = year_asked(request, lambda: shown_year(top))
    level = request.GET.get("tingkat", "")
    level = level if level in selectors.LEVELS else ""
    page = Paginator(selectors.units_of_government(top=top, level=level), 25).get_page(
        request.GET.get("page")
    )
    rows = selectors.alignment_for_units(
        units=[top, *page.object_list], user=request.user, year=year, detail=False
    )
    return render(
        request,
        "indicators/cascading/government_alignment.html",
        {
            "top": top,
            "top_row": rows[0],
            "rows": rows[1:],
            "page": page,
            "year": year,
            "level": level,
            "querystring": querystring_without_page(request),
        },
    )
