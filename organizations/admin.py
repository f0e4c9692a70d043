import operator
from functools import reduce

from django.contrib import admin
from django.db.models import Q
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.pagination import AdminPaginator
from organizations.models import Function, Membership, Official, OrganizationUnit


class FunctionInline(admin.TabularInline):
    model = Function
    extra = 0
    fields = ["order", "text"]


class OfficialInline(admin.TabularInline):
    model = Official
    extra = 0
    fields = ["kind", "name", "nip", "golongan", "jabatan", "start_date", "end_date"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class ChildUnitInline(admin.TabularInline):
    model = OrganizationUnit
    fk_name = "parent"
    extra = 0
    fields = ["name", "short_name", "kind"]
    show_change_link = True
    verbose_name = _("sub-unit")
    verbose_name_plural = _("sub-units (bidang, UPTD)")


@admin.register(OrganizationUnit)
class OrganizationUnitAdmin(SimpleHistoryAdmin):
    # National scale: no count of every row (a search counted up to a cap), an order read off
    # an index, and every searched name trigram-indexed on PostgreSQL (migration 0007).
    paginator = AdminPaginator
    show_full_result_count = False
    # A rare word still names hundreds of units nationally (one in 50: 400 of 20,000, against 2
    # of 100): each shown row costs the same, so a page shows 25, not Django's 100.
    list_per_page = 25
    ordering = ["name", "id"]
    list_display = ["name", "short_name", "kind", "parent", "government", "seat_city"]
    # No filter by government: nationally it lists 556 of them (a distinct read of every unit)
    # on every page; the search finds a government's units through its index.
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "government", "seat_city"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    inlines = [FunctionInline, OfficialInline, MembershipInline, ChildUnitInline]

    def get_search_results(self, request, queryset, search_term):
        """Each word in one of the searched names, as Django's search. A word most units'
        names hold ("dinas") is asked as Django asks it: the list, read in its order, stops
        at its page. A rarer one is asked as one probe per name (each its own trigram index
        on PostgreSQL): in one WHERE, the four made the planner read every unit (21 ms at
        20,000 units, against 6). Which it is, a probe of the names up to the count's cap
        says (about a millisecond either way)."""
        if not search_term.strip():
            return queryset, False
        for word in smart_split(search_term):
            if word.startswith(('"', "'")) and len(word) > 1 and word[0] == word[-1]:
                word = unescape_string_literal(word)  # a quoted phrase, as Django's search
            lookups = [Q(**{f"{field}__icontains": word}) for field in self.search_fields]
            cap = AdminPaginator.cap
            named = OrganizationUnit.objects.filter(lookups[0]).order_by().values("pk")
            if len(named[: cap + 1]) > cap:
                queryset = queryset.filter(reduce(operator.or_, lookups))
            else:
                queryset = queryset.filter(
                    reduce(
                        operator.or_,
                        (
                            Q(pk__in=OrganizationUnit.objects.filter(q).order_by().values("pk"))
                            for q in lookups
                        ),
                    )
                )
        return queryset, False
        for word in smart_split(search_term):
            if word.startswith(('"', "'")) and len(word) > 1 and word[0] == word[-1]:
                word = unescape_string_literal(word)  # a quoted phrase, as Django's search
            probes = [
                OrganizationUnit.objects.filter(**{f"{field}__icontains": word})
                .order_by()
                .values("pk")
                for field in self.search_fields
            ]
            queryset = queryset.filter(pk__in=probes[0].union(*probes[1:]))
        return queryset, False


@admin.register(Function)
class FunctionAdmin(SimpleHistoryAdmin):
    # National scale: no count of every row, and an order that needs no join.
    show_full_result_count = False
    ordering = ["-id"]
    list_display = ["text", "unit", "order"]
    list_filter = ["unit__government"]
    search_fields = ["text", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


@admin.register(Official)
class OfficialAdmin(SimpleHistoryAdmin):
    # National scale: no count of every row, and an order that needs no join.
    show_full_result_count = False
    ordering = ["-id"]
    list_display = ["name", "kind", "nip_display", "golongan", "unit", "start_date", "end_date"]
    list_filter = ["kind", "golongan", "unit__government"]
    search_fields = ["name", "nip", "unit__name", "jabatan"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]

    @admin.display(description=_("NIP"), ordering="nip")
    def nip_display(self, obj):
        return obj.nip_display


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    # National scale: no count of every row, and an order that needs no join.
    show_full_result_count = False
    ordering = ["-id"]
    list_display = ["user", "unit", "role", "created_at"]
    list_filter = ["role", "unit__government"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["user", "unit"]
