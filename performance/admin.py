from django.contrib import admin

from core.admin import JobAdmin
from performance.models import (
    Deadline,
    Evidence,
    PeriodTransition,
    PredicateBand,
    Realisasi,
    ReportingPeriod,
    ReportRenderJob,
)
from performance.tasks import render_report


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    """The schedule: when each period's figures are due. Dashboards mark what is late."""

    list_display = ["year", "number", "due"]
    list_filter = ["year"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Figures and their steps are written through the portal's pages, where the rules live;
    the admin reads them, newest first (an order that needs no join, as in every admin list)."""

    ordering = ["-id"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ReadOnlyAdmin):
    list_display = ["unit", "year", "number", "status", "updated_at"]
    list_filter = ["status", "year", "number"]
    list_select_related = ["unit"]
    search_fields = ["unit__name"]
    show_full_result_count = False


@admin.register(PeriodTransition)
class PeriodTransitionAdmin(ReadOnlyAdmin):
    list_display = ["period", "from_status", "to_status", "user", "created_at"]
    list_select_related = ["period__unit", "user"]
    show_full_result_count = False


@admin.register(Realisasi)
class RealisasiAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "year", "kind", "number", "value", "updated_at"]
    list_filter = ["year", "kind"]
    list_select_related = ["indicator"]
    show_full_result_count = False


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["name", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["uploaded_by"]
    show_full_result_count = False


@admin.register(PredicateBand)
class PredicateBandAdmin(admin.ModelAdmin):
    """A pemda's own predicate bands; without any, the common LKjIP bands apply."""

    list_display = ["unit", "minimum", "label", "colour", "symbol"]
    list_filter = ["unit"]
    autocomplete_fields = ["unit"]


@admin.register(ReportRenderJob)
class ReportRenderJobAdmin(JobAdmin):
    """Report renders asked for: failing or asking again removes the job; the next download
    asks for the render anew."""

    task = render_report

    def fail(self, job):
        job.delete()

    retry = fail
