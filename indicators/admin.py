from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core import admin as core_admin
from core.admin import JobAdmin
from core.jobs import enqueue_on_commit
from core.pagination import AdminPaginator
from indicators.models import (
    DocumentTransition,
    ExportJob,
    Goal,
    GoalIndicator,
    IKUDocument,
    ImportBatch,
    Indicator,
    ManualSigningJob,
    RenderJob,
    SignedVersion,
    SigningJob,
    StrategicTarget,
    YearlyTarget,
)
from indicators.printing.tasks import render_document, sign_manual
from indicators.signed_files import remove_attempt_files
from indicators.spreadsheets.services import import_retry
from indicators.spreadsheets.tasks import export_signed_zip, import_step
from indicators.tree.selectors import title_or_unit_search
from indicators.workflow.tasks import sign_document


def _frozen(obj) -> bool:
    """Whether obj (a document or a part of one) belongs to a signed document."""
    if isinstance(obj, IKUDocument):
        return obj.is_frozen
    if isinstance(obj, GoalIndicator):
        return obj.goal.document.is_frozen
    if isinstance(obj, YearlyTarget):
        return obj.indicator.document.is_frozen
    return obj.document.is_frozen


class FrozenReadOnly(core_admin.FrozenReadOnly):
    """Signed documents and everything under them are read-only in the admin too."""

    frozen = staticmethod(_frozen)


class GoalInline(FrozenReadOnly, admin.StackedInline):
    model = Goal
    extra = 0
    fields = ["order", "code", "text"]
    show_change_link = True


class StrategicTargetInline(FrozenReadOnly, admin.TabularInline):
    model = StrategicTarget
    extra = 0
    fields = ["order", "code", "goal", "text"]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the goals of the document being edited.
        if db_field.name == "goal":
            document_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Goal.objects.filter(document_id=document_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class IndicatorInline(FrozenReadOnly, admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["order", "code", "strategic_target", "name", "satuan"]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "strategic_target":
            document_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = StrategicTarget.objects.filter(document_id=document_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DocumentTransitionInline(admin.TabularInline):
    model = DocumentTransition
    extra = 0
    fields = ["created_at", "user", "from_status", "to_status", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(IKUDocument)
class IKUDocumentAdmin(FrozenReadOnly, SimpleHistoryAdmin):
    # National scale: no count of every row, and an order that needs no join.
    paginator = AdminPaginator
    show_full_result_count = False
    ordering = ["-updated_at", "-id"]
    list_display = [
        "__str__",
        "unit",
        "period_display",
        "revision",
        "layout",
        "status",
        "updated_at",
        "print_links",
    ]
    # No filter by the unit's government: nationally 556 of them, read from every unit and
    # listed on every page; the search finds a unit's documents through its index.
    list_filter = ["status", "layout", "period_start"]
    # The title and the unit's name, through their trigram indexes (the document list's own
    # search: probed first, a rare word a short list of ids, a common one checked row by row
    # in the list's order); not an OR across a join, which read every document.
    search_fields = ["title", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit", "signatory"]
    # Only the transition services write the status; a revision is made by starting one.
    readonly_fields = ["status", "revision", "revises", "created_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["unit", "title", ("period_start", "period_end"), "layout", "status"]}),
        (_("Revision"), {"fields": ["revision", "revises"]}),
        (
            _("Signature"),
            {
                "fields": [
                    ("signature_place", "signature_date", "signature_date_format"),
                    "signatory",
                    "signatory_title",
                ]
            },
        ),
        (_("Record"), {"fields": ["created_by", "created_at", "updated_at"]}),
    ]
    inlines = [GoalInline, StrategicTargetInline, IndicatorInline, DocumentTransitionInline]

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(title_or_unit_search(term)), False

    @admin.display(description=_("period"), ordering="period_start")
    def period_display(self, obj):
        return obj.period

    @admin.display(description=_("print"))
    def print_links(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">PDF</a>',
            reverse("indicators:document_preview", args=[obj.pk]),
            _("preview"),
            reverse("indicators:document_pdf", args=[obj.pk]),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class GoalIndicatorInline(FrozenReadOnly, admin.TabularInline):
    model = GoalIndicator
    extra = 0
    fields = ["order", "text"]


@admin.register(Goal)
class GoalAdmin(FrozenReadOnly, SimpleHistoryAdmin):
    # National scale: no count of every row, and an order that needs no join.
    show_full_result_count = False
    ordering = ["-id"]
    list_display = ["text", "code", "document", "order"]
    search_fields = ["text", "document__unit__name"]
    list_filter = ["document__period_start"]
    list_select_related = ["document__unit"]
    autocomplete_fields = ["document"]
    inlines = [GoalIndicatorInline]


@admin.register(GoalIndicator)
class GoalIndicatorAdmin(FrozenReadOnly, SimpleHistoryAdmin):
    # National scale: no count of every row, and an order that needs no join.
    show_full_result_count = False
    ordering = ["-id"]
    list_display = ["text", "goal", "order"]
    search_fields = ["text", "goal__text"]
    list_select_related = ["goal"]
    autocomplete_fields = ["goal"]


@admin.register(StrategicTarget)
class StrategicTargetAdmin(FrozenReadOnly, SimpleHistoryAdmin):
    # National scale: no count of every row, and an order that needs no join.
    paginator = AdminPaginator
    show_full_result_count = False
    ordering = ["-id"]
    list_display = ["text", "code", "document", "goal", "order"]
    search_fields = ["text", "document__unit__name"]
    list_filter = ["document__period_start"]
    list_select_related = ["document__unit", "goal"]
    autocomplete_fields = ["document", "goal"]
    # Links are made on the linking page, by the rules of indicators.cascading.services.
    readonly_fields = ["supports"]


class YearlyTargetInline(FrozenReadOnly, admin.TabularInline):
    model = YearlyTarget
    extra = 0
    fields = ["year", "value"]


@admin.register(Indicator)
class IndicatorAdmin(FrozenReadOnly, SimpleHistoryAdmin):
    # National scale: no count of every row, and an order that needs no join.
    show_full_result_count = False
    ordering = ["-id"]
    list_display = ["name", "code", "satuan", "document", "direction", "calculation_type"]
    list_filter = ["direction", "calculation_type", "document__period_start"]
    # The name alone, which its trigram index serves: an OR over four columns and a join
    # would read every one of a national database's IKU.
    search_fields = ["name"]
    paginator = AdminPaginator
    list_select_related = ["document__unit"]
    autocomplete_fields = ["document", "strategic_target"]
    inlines = [YearlyTargetInline]
    fieldsets = [
        (None, {"fields": ["document", "strategic_target", ("order", "code"), "name", "satuan"]}),
        (_("Formula and explanation"), {"fields": ["formula", "explanation", "selection_reason"]}),
        (_("Source and responsibility"), {"fields": ["data_source", "responsible"]}),
        (
            _("Measurement"),
            {"fields": [("direction", "calculation_type"), ("baseline_year", "baseline_value")]},
        ),
    ]


@admin.register(YearlyTarget)
class YearlyTargetAdmin(FrozenReadOnly, SimpleHistoryAdmin):
    # National scale: no count of every row, and an order that needs no join.
    paginator = AdminPaginator
    show_full_result_count = False
    ordering = ["-id"]
    list_display = ["indicator", "year", "value"]
    list_filter = ["year"]
    search_fields = ["indicator__name"]
    list_select_related = ["indicator"]
    autocomplete_fields = ["indicator"]


@admin.register(SignedVersion)
class SignedVersionAdmin(admin.ModelAdmin):
    """Signed versions are records: they can be read, never changed or removed."""

    # National scale: no count of every row, and an order that needs no join.
    show_full_result_count = False
    ordering = ["-signed_at"]

    list_display = ["document", "code", "signed_by", "signed_at", "sha256"]
    search_fields = ["code", "sha256", "document__unit__name"]
    list_select_related = ["document__unit", "signed_by"]
    readonly_fields = [
        "document",
        "code",
        "signed_by",
        "signed_at",
        "snapshot",
        "pdf",
        "sha256",
        "manual_pdf",
        "manual_sha256",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SigningJob)
class SigningJobAdmin(JobAdmin):
    """Signings asked for: a stuck one is marked failed (the head can sign again) or asked of
    a worker again."""

    task = sign_document
    list_display = [*JobAdmin.list_display, "error"]
    list_select_related = ["document__unit"]

    def fail(self, job):
        if SigningJob.objects.filter(pk=job.pk, error="").update(
            error=_("Marked failed by the administrator.")
        ):
            remove_attempt_files(job.document.unit_id, job.code)

    def retry(self, job):
        SigningJob.objects.filter(pk=job.pk).update(error="", heartbeat_at=None)
        enqueue_on_commit(sign_document, job.pk, job=job)


@admin.register(ManualSigningJob)
class ManualSigningJobAdmin(JobAdmin):
    """Manual IKU of signed documents being signed: one that failed is asked of a worker again
    (the page of the Manual IKU does so too); the document itself is signed either way."""

    task = sign_manual
    actions = ["ask_again"]
    list_display = [*JobAdmin.list_display, "error"]

    def retry(self, job):
        ManualSigningJob.objects.filter(pk=job.pk).update(error="", heartbeat_at=None)
        enqueue_on_commit(sign_manual, job.pk, job=job)


@admin.register(RenderJob)
class RenderJobAdmin(JobAdmin):
    """Renders asked for: failing or asking again removes the job; the next visit of the page
    asks for the render anew (a render is idempotent)."""

    task = render_document

    def fail(self, job):
        job.delete()

    retry = fail


@admin.register(ExportJob)
class ExportJobAdmin(JobAdmin):
    """ZIP exports: a stuck one is marked failed, or made again by a worker."""

    task = export_signed_zip
    list_display = [*JobAdmin.list_display, "percent", "error"]
    list_select_related = ["unit"]

    def fail(self, job):
        ExportJob.objects.filter(pk=job.pk, error="").update(
            error=_("Marked failed by the administrator. Ask for the file again.")
        )

    def retry(self, job):
        ExportJob.objects.filter(pk=job.pk).update(
            error="", done=0, total=0, heartbeat_at=None, finished_at=None
        )
        enqueue_on_commit(export_signed_zip, job.pk, job=job)


@admin.register(ImportBatch)
class ImportBatchAdmin(JobAdmin):
    """Spreadsheet imports (read, then applied, by a worker): a stuck one is marked failed, or
    asked of a worker again (reading and applying can both be done again)."""

    task = import_step
    list_display = [*JobAdmin.list_display, "user", "unit", "document", "error"]
    list_select_related = ["unit", "user", "document"]

    def fail(self, job):
        ImportBatch.objects.filter(pk=job.pk, error="", document=None).update(
            error=_("Marked failed by the administrator. Upload the file again.")
        )

    def retry(self, job):
        import_retry(batch=job)
