"""The admin of job rows (core.jobs.Job): what each asked-for piece of work is doing, whether
its worker still lives, and the two ways out of a stuck one: mark it failed, or ask again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.jobs import task_state


class FrozenReadOnly:
    """Signed rows and everything under them are read-only in the admin too. An app's admin
    says what is frozen (`frozen(obj)`), and whether its top rows may be added here
    (`added_here`: a PK is started through its pages, never added in the admin)."""

    added_here = True

    @staticmethod
    def frozen(obj) -> bool:
        raise NotImplementedError

    def _is_frozen(self, obj) -> bool:
        return obj is not None and self.frozen(obj)

    def has_change_permission(self, request, obj=None):
        return not self._is_frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._is_frozen(obj) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        if isinstance(self, admin.options.InlineModelAdmin):
            return not self._is_frozen(obj) and super().has_add_permission(request, obj)
        return self.added_here and super().has_add_permission(request)


class JobAdmin(admin.ModelAdmin):
    """Read-only lists of a kind of job, newest first. Subclasses name the `task` that runs the
    job and say how one is failed (`fail`) and asked again (`retry`)."""

    task = None
    ordering = ["-id"]
    list_display = ["__str__", "created_at", "heartbeat_at", "state", "lost_worker"]
    actions = ["mark_failed", "ask_again"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("task state"))
    def state(self, job) -> str:
        return task_state(self.task, job.task_id).label

    @admin.display(description=_("worker lost"), boolean=True)
    def lost_worker(self, job) -> bool:
        return job.stale

    def fail(self, job) -> None:  # pragma: no cover - each kind says how
        raise NotImplementedError

    def retry(self, job) -> None:  # pragma: no cover - each kind says how
        raise NotImplementedError

    @admin.action(description=_("Mark failed"))
    def mark_failed(self, request, queryset):
        for job in queryset:
            self.fail(job)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%(n)s job marked failed.", "%(n)s jobs marked failed.", count) % {"n": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Ask again"))
    def ask_again(self, request, queryset):
        for job in queryset:
            self.retry(job)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%(n)s job asked again.", "%(n)s jobs asked again.", count) % {"n": count},
            messages.SUCCESS,
        )
