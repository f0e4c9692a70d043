"""The admin of Perjanjian Kinerja and Rencana Aksi: read-mostly. PKs are started, signed and
revised through their pages (the services carry the rules), so the admin adds none; a signed
(or superseded) PK and everything under it, an adopted Rencana Aksi and its parts, signed
versions and countersignatures are read-only here too, as in `indicators/admin.py`. What an
admin may still change is a draft's text, for a correction."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from agreements.models import (
    ActionPlan,
    AgreementCountersignature,
    AgreementIndicator,
    AgreementProgram,
    AgreementSignedVersion,
    AgreementTarget,
    PerformanceAgreement,
    PlannedActivity,
    QuarterlyTarget,
)
from core import admin as core_admin
from core.pagination import AdminPaginator


def _frozen(obj) -> bool:
    """Whether obj (a PK, a Rencana Aksi or a part of one) is signed or adopted."""
    if isinstance(obj, (PerformanceAgreement, ActionPlan)):
        return obj.is_frozen
    if isinstance(obj, (QuarterlyTarget, PlannedActivity)):
        return obj.plan.is_frozen
    return obj.agreement.is_frozen


class FrozenReadOnly(core_admin.FrozenReadOnly):
    """Signed PKs, adopted plans and everything under them are read-only in the admin too."""

    frozen = staticmethod(_frozen)
    added_here = False  # started through its pages, from the IKU document in force


class ReadOnly:
    """Records: read, never added, changed or removed."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TargetInline(FrozenReadOnly, admin.TabularInline):
    model = AgreementTarget
    extra = 0
    fields = ["order", "text"]


class IndicatorInline(FrozenReadOnly, admin.TabularInline):
    model = AgreementIndicator
    extra = 0
    fields = ["order", "name", "satuan", "target_text", "left_out", "left_out_reason"]
    readonly_fields = ["target_text"]  # kept with its value by the PK's page only


class ProgramInline(FrozenReadOnly, admin.TabularInline):
    model = AgreementProgram
    extra = 0
    fields = ["order", "level", "name", "budget", "note"]


@admin.register(PerformanceAgreement)
class PerformanceAgreementAdmin(FrozenReadOnly, SimpleHistoryAdmin):
    # National scale: no count of every row, and an order that needs no join.
    paginator = AdminPaginator
    show_full_result_count = False
    ordering = ["-updated_at", "-id"]
    list_display = ["__str__", "unit", "year", "revision", "status", "updated_at"]
    list_filter = ["status", "year"]
    search_fields = ["unit__name"]
    list_select_related = ["unit"]
    # Only the flow writes the status; a PK Perubahan is made by starting one.
    readonly_fields = [
        "unit",
        "year",
        "document",
        "revision",
        "revises",
        "status",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fields = [
        ("unit", "year", "revision", "status"),
        ("document", "revises"),
        ("first_party_name", "first_party_nip", "first_party_pangkat"),
        "first_party_position",
        ("second_party_name", "second_party_nip", "second_party_pangkat"),
        "second_party_position",
        ("place", "date"),
        ("created_by", "created_at", "updated_at"),
    ]
    inlines = [TargetInline, IndicatorInline, ProgramInline]


@admin.register(AgreementSignedVersion)
class AgreementSignedVersionAdmin(ReadOnly, admin.ModelAdmin):
    show_full_result_count = False
    ordering = ["-signed_at"]
    list_display = ["agreement", "code", "signed_by", "signed_at", "sha256"]
    search_fields = ["code", "sha256", "agreement__unit__name"]
    list_select_related = ["agreement__unit", "signed_by"]
    readonly_fields = ["agreement", "code", "signed_by", "signed_at", "snapshot", "pdf", "sha256"]


@admin.register(AgreementCountersignature)
class AgreementCountersignatureAdmin(ReadOnly, admin.ModelAdmin):
    show_full_result_count = False
    ordering = ["-recorded_at"]
    list_display = ["version", "name", "signed_on", "signed_by", "recorded_by", "recorded_at"]
    search_fields = ["version__code", "name"]
    list_select_related = ["version__agreement__unit", "signed_by", "recorded_by"]
    readonly_fields = [
        "version",
        "name",
        "signed_on",
        "scan",
        "scan_sha256",
        "signed_by",
        "recorded_by",
        "recorded_at",
    ]


class QuarterlyTargetInline(FrozenReadOnly, admin.TabularInline):
    model = QuarterlyTarget
    extra = 0
    fields = ["indicator", "quarter", "value", "value_upper"]
    readonly_fields = ["indicator"]


class PlannedActivityInline(FrozenReadOnly, admin.TabularInline):
    model = PlannedActivity
    extra = 0
    fields = ["indicator", "order", "name", "responsible", "in_q1", "in_q2", "in_q3", "in_q4"]
    readonly_fields = ["indicator"]


@admin.register(ActionPlan)
class ActionPlanAdmin(FrozenReadOnly, SimpleHistoryAdmin):
    paginator = AdminPaginator
    show_full_result_count = False
    ordering = ["-id"]
    list_display = ["__str__", "status", "adopted_by", "adopted_at"]
    list_filter = ["status"]
    search_fields = ["agreement__unit__name"]
    list_select_related = ["agreement__unit", "adopted_by"]
    # Only adopting (by the kepala, on the plan's page) writes the status.
    readonly_fields = [
        "agreement",
        "status",
        "created_by",
        "created_at",
        "adopted_by",
        "adopted_at",
    ]
    inlines = [QuarterlyTargetInline, PlannedActivityInline]
