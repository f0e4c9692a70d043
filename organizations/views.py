from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.locking import saved
from core.ordering import tell_moved
from organizations import access, panels, services
from organizations.forms import FunctionForm, OfficialForm, UnitProfileForm
from organizations.models import Function, Official, OrganizationUnit, letter_label


def _unit_for(request, pk, *, write=False) -> OrganizationUnit:
    unit = get_object_or_404(OrganizationUnit, pk=pk)
    return access.check(
        request.user,
        unit,
        read=access.can_view_unit,
        write=access.can_edit_unit if write else None,
    )


def _function_for(request, pk) -> Function:
    function = get_object_or_404(Function.objects.select_related("unit"), pk=pk)
    _unit_for(request, function.unit_id, write=True)
    return function


@login_required
def unit_profile(request, pk):
    unit = _unit_for(request, pk, write=request.method == "POST")
    form = UnitProfileForm(request.POST or None, instance=unit)
    if request.method == "POST" and saved(
        request,
        form,
        lambda: services.unit_update(unit=form.instance, version=form.cleaned_data["version"]),
    ):
        messages.success(request, _("Unit profile saved."))
        return redirect("organizations:unit_profile", pk=unit.pk)
    functions = [(letter_label(i), f) for i, f in enumerate(unit.functions.all())]
    return render(
        request,
        "organizations/unit_profile.html",
        {
            "unit": unit,
            "form": form,
            "functions": functions,
            "function_form": FunctionForm(),
            "officials": unit.officials.all(),
            "can_edit": access.can_edit_unit.test(request.user, unit),
            "panels": panels.panels_for(request.user, unit),
        },
    )


@login_required
def function_form(request, unit_pk=None, pk=None):
    if pk:
        function = _function_for(request, pk)
        unit = function.unit
    else:
        unit = _unit_for(request, unit_pk, write=True)
        function = Function(unit=unit)
    form = FunctionForm(request.POST or None, instance=function)
    if request.method == "POST" and saved(
        request,
        form,
        lambda: services.function_save(
            function=form.instance, version=form.cleaned_data["version"]
        ),
    ):
        messages.success(request, _("Function saved."))
        return redirect("organizations:unit_profile", pk=unit.pk)
    return render(
        request,
        "organizations/function_form.html",
        {"form": form, "unit": unit, "function": function},
    )


@login_required
@require_POST
def function_delete(request, pk):
    function = _function_for(request, pk)
    function.delete()
    messages.success(request, _("Function deleted."))
    return redirect("organizations:unit_profile", pk=function.unit_id)


@login_required
@require_POST
def function_move(request, pk, direction):
    function = _function_for(request, pk)
    tell_moved(request, services.function_move(function=function, direction=direction), direction)
    return redirect("organizations:unit_profile", pk=function.unit_id)


@login_required
def official_form(request, unit_pk=None, pk=None):
    if pk:
        official = get_object_or_404(Official.objects.select_related("unit"), pk=pk)
        unit = _unit_for(request, official.unit_id, write=True)
    else:
        unit = _unit_for(request, unit_pk, write=True)
        official = Official(unit=unit)
    form = OfficialForm(request.POST or None, instance=official, unit=unit)
    if request.method == "POST" and saved(
        request,
        form,
        lambda: services.official_save(
            official=form.instance, version=form.cleaned_data["version"]
        ),
    ):
        messages.success(request, _("Official saved."))
        return redirect("organizations:unit_profile", pk=unit.pk)
    return render(
        request,
        "organizations/official_form.html",
        {"form": form, "unit": unit, "official": official},
    )
