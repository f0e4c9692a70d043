"""Optimistic locking for every edit form: no lost update anywhere.

A versioned model has a `version` that each save through a service raises by one. A form
carries the version the user started from; the save goes through only if nobody saved since.
A POST without the version (an old page, a script) is a conflict too, never an overwrite.
On a conflict the page keeps what the user typed and lists what the other person changed.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _


class EditConflict(Exception):
    """Someone else saved the object after this edit began; `current` is their version."""

    def __init__(self, current):
        super().__init__(f"{type(current).__name__} {current.pk} changed meanwhile")
        self.current = current


def claim_version(instance, expected: int | None) -> None:
    """The save of `instance` goes through only if it is still at version `expected`; then
    its version is raised by one. A new object (no pk) has nothing to claim. An object that
    may not be changed at all (`check_editable`, e.g. a part of a signed document) says so
    first."""
    if instance.pk is None:
        return
    check_editable = getattr(instance, "check_editable", None)
    if check_editable is not None:
        check_editable()  # a frozen object is refused as frozen, whatever its version
    model = type(instance)
    if expected is None or not model.objects.filter(pk=instance.pk, version=expected).update(
        version=F("version") + 1
    ):
        raise EditConflict(model.objects.get(pk=instance.pk))
    instance.version = expected + 1


class VersionedForm(forms.ModelForm):
    """Carries the version the user started from, for optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    def changes_against(self, current) -> list[tuple[str, str, str]]:
        """(label, saved by the other person, typed here) for every field that differs."""
        changes = []
        for name, field in self.fields.items():
            if name == "version" or name not in self.cleaned_data:
                continue
            if not hasattr(current, name):
                continue
            theirs, mine = getattr(current, name), self.cleaned_data[name]
            if theirs != mine and not (theirs in (None, "") and mine in (None, "")):
                changes.append((str(field.label), str(theirs or "—"), str(mine or "—")))
        return changes


def saved(request, form, save) -> bool:
    """Validate the form, then save through the service. The rules the service checks come
    back as form errors; an edit made meanwhile by someone else comes back as a message
    listing what they changed, with everything typed here kept, so that neither edit is lost."""
    if not form.is_valid():
        return False
    try:
        save()
    except ValidationError as error:
        form.add_error(None, error)
        return False
    except EditConflict as conflict:
        changes = form.changes_against(conflict.current)
        form.data = form.data.copy()
        form.data["version"] = conflict.current.version  # saving again overwrites, knowingly
        form.conflict = changes
        messages.error(
            request,
            _(
                "Someone else saved this while you were editing. Your input is kept below; "
                "compare it with theirs and save again to keep yours."
            ),
        )
        return False
    return True
