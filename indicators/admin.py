from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Goal, GoalIndicator, IKUDocument, Indicator, StrategicTarget, YearlyTarget


class GoalInline(admin.StackedInline):
    model = Goal
    extra = 0
    fields = ["order", "code", "text"]
    show_change_link = True


class StrategicTargetInline(admin.TabularInline):
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


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["order", "code", "strategic_target", "name", "satuan"]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "strategic_target":
            document_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = StrategicTarget.objects.filter(document_id=document_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(IKUDocument)
class IKUDocumentAdmin(admin.ModelAdmin):
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
    list_filter = ["status", "layout", "period_start", "unit__government"]
    search_fields = ["title", "unit__name", "unit__short_name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit", "revises", "signatory"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
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
    inlines = [GoalInline, StrategicTargetInline, IndicatorInline]

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


class GoalIndicatorInline(admin.TabularInline):
    model = GoalIndicator
    extra = 0
    fields = ["order", "text"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["text", "code", "document", "order"]
    search_fields = ["text", "document__unit__name"]
    list_filter = ["document__period_start"]
    list_select_related = ["document__unit"]
    autocomplete_fields = ["document"]
    inlines = [GoalIndicatorInline]


@admin.register(GoalIndicator)
class GoalIndicatorAdmin(admin.ModelAdmin):
    list_display = ["text", "goal", "order"]
    search_fields = ["text", "goal__text"]
    list_select_related = ["goal"]
    autocomplete_fields = ["goal"]


@admin.register(StrategicTarget)
class StrategicTargetAdmin(admin.ModelAdmin):
    list_display = ["text", "code", "document", "goal", "order"]
    search_fields = ["text", "document__unit__name"]
    list_filter = ["document__period_start"]
    list_select_related = ["document__unit", "goal"]
    autocomplete_fields = ["document", "goal"]


class YearlyTargetInline(admin.TabularInline):
    model = YearlyTarget
    extra = 0
    fields = ["year", "value"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "satuan", "document", "direction", "calculation_type"]
    list_filter = ["direction", "calculation_type", "document__period_start"]
    search_fields = ["name", "formula", "data_source", "document__unit__name"]
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
class YearlyTargetAdmin(admin.ModelAdmin):
    list_display = ["indicator", "year", "value"]
    list_filter = ["year"]
    search_fields = ["indicator__name"]
    list_select_related = ["indicator"]
    autocomplete_fields = ["indicator"]
