"""Frozen means frozen: the model-layer guards of signed documents and of the records around them.

A signed (or superseded) IKU document is a legal record. Nothing under it changes, whichever way
the change comes: `save()`, `delete()`, a queryset's `update()`/`delete()`, `bulk_create()` or
`bulk_update()`, and neither where a row is stored nor where a change would put it. The one
change a frozen document takes is superseding: signed → superseded, when its revision is signed.

The status of a document has one writer, the transition services: a status change must be a step
of the approval flow recorded beforehand as the document's latest DocumentTransition, and a
document becomes signed only with its SignedVersion.

Signed versions, transitions and the history rows of the document models are records: they are
added, never changed or removed (a transition goes only with its draft document, by cascade).

The PostgreSQL triggers of migration `0006_frozen_guards` hold the same rules for raw SQL and
other programs; this layer answers first, with a clear message.
"""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.utils.translation import gettext_lazy as _
from simple_history.manager import HistoricalQuerySet
from simple_history.models import HistoricalRecords

from indicators.choices import DocumentStatus

FROZEN_STATUSES = (DocumentStatus.SIGNED, DocumentStatus.SUPERSEDED)

# The approval flow: every status change there is (submit, return, sign, supersede).
STEPS = {
    (DocumentStatus.DRAFT, DocumentStatus.SUBMITTED),
    (DocumentStatus.SUBMITTED, DocumentStatus.DRAFT),
    (DocumentStatus.SUBMITTED, DocumentStatus.SIGNED),
    (DocumentStatus.SIGNED, DocumentStatus.SUPERSEDED),
}

# What superseding writes.
SUPERSEDE_FIELDS = {"status", "updated_at"}


class FrozenDocumentError(PermissionDenied):
    """A signed document, or anything under it, was about to change. Signed documents are legal
    records: they are changed by a revision (Perubahan), never in place."""

    def __init__(self):
        super().__init__(_("A signed document cannot be changed. Start a revision instead."))


class StatusChangeError(PermissionDenied):
    """A document's status was about to be written other than by a recorded transition."""

    def __init__(self):
        super().__init__(
            _("The status of a document changes only by submitting, returning or signing it.")
        )


class AppendOnlyError(PermissionDenied):
    """A record (signed version, status change, history) was about to be changed or removed."""

    def __init__(self):
        super().__init__(_("This is a record: it can be added, never changed or removed."))


def _as_expression(value):
    return value if hasattr(value, "resolve_expression") else Value(value)


# --- the document ----------------------------------------------------------------------------


def check_document_writes(model, rows, fields) -> None:
    """Refuse writing documents unless the rules above allow it.

    `rows` holds (pk, stored status, new status) of each document about to be written; `fields`
    the names of the columns written, None for all of them.
    """
    superseding_only = fields is not None and set(fields) <= SUPERSEDE_FIELDS
    for _pk, old, new in rows:
        if old in FROZEN_STATUSES and not (
            (old, new) == (DocumentStatus.SIGNED, DocumentStatus.SUPERSEDED) and superseding_only
        ):
            raise FrozenDocumentError
    steps = {pk: (old, new) for pk, old, new in rows if old != new}
    if not steps:
        return
    if not set(steps.values()) <= STEPS:
        raise StatusChangeError
    transition_model = apps.get_model("indicators", "DocumentTransition")
    signed_version_model = apps.get_model("indicators", "SignedVersion")
    latest = transition_model._base_manager.filter(document=OuterRef("pk")).order_by("-id")
    recorded = (
        model._base_manager.filter(pk__in=steps)
        .annotate(
            last_from=Subquery(latest.values("from_status")[:1]),
            last_to=Subquery(latest.values("to_status")[:1]),
            has_signed_version=Exists(
                signed_version_model._base_manager.filter(document=OuterRef("pk"))
            ),
            # A signed document is superseded only by the signing of its revision.
            has_signed_revision=Exists(
                model._base_manager.filter(revises=OuterRef("pk"), status=DocumentStatus.SIGNED)
            ),
        )
        .values_list("pk", "last_from", "last_to", "has_signed_version", "has_signed_revision")
    )
    for pk, last_from, last_to, has_signed_version, has_signed_revision in recorded:
        step = steps.pop(pk)
        if (
            (last_from, last_to) != step
            or (step[1] == DocumentStatus.SIGNED and not has_signed_version)
            or (step[1] == DocumentStatus.SUPERSEDED and not has_signed_revision)
        ):
            raise StatusChangeError
    if steps:  # rows that are gone meanwhile: nothing recorded for them
        raise StatusChangeError


class DocumentQuerySet(models.QuerySet):
    """Queryset writes of documents: none that changes a frozen one (but superseding it) or
    writes a status that no transition recorded."""

    def update(self, **kwargs):
        if "status" in kwargs:
            # The value may be an expression: read what each row would get.
            rows = self.annotate(new_status=_as_expression(kwargs["status"])).values_list(
                "pk", "status", "new_status"
            )
        else:
            rows = [
                (pk, status, status)
                for pk, status in self.filter(status__in=FROZEN_STATUSES).values_list(
                    "pk", "status"
                )
            ]
        check_document_writes(self.model, list(rows), set(kwargs))
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        # Checked before bulk_update() opens its atomic block (see GuardedQuerySet).
        objs = list(objs)
        stored = dict(
            self.model._base_manager.filter(pk__in=[obj.pk for obj in objs]).values_list(
                "pk", "status"
            )
        )
        rows = [
            (obj.pk, stored[obj.pk], obj.status if "status" in fields else stored[obj.pk])
            for obj in objs
            if obj.pk in stored
        ]
        check_document_writes(self.model, rows, set(fields))
        return super().bulk_update(objs, fields, *args, **kwargs)

    def delete(self):
        if self.filter(status__in=FROZEN_STATUSES).exists():
            raise FrozenDocumentError
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if any(obj.status != DocumentStatus.DRAFT for obj in objs):
            raise StatusChangeError  # a document is born a draft
        if kwargs.get("update_conflicts"):
            # An upsert would rewrite whichever stored document it meets, signed or not.
            raise FrozenDocumentError
        return super().bulk_create(objs, *args, **kwargs)


# --- the parts of a document -----------------------------------------------------------------


def _any_frozen(model, pks) -> bool:
    """Whether any of these rows of `model` (a document or a part of one) is frozen."""
    return model._base_manager.filter(pk__in=pks).filter(model.frozen_q()).exists()


def _parents_frozen(model, objs, fields=None) -> bool:
    """Whether any of objs, as they are in memory, hangs under a frozen document (by any parent,
    or by the parents among `fields`)."""
    for field in model.parent_fields():
        if fields is not None and not {field.name, field.attname} & set(fields):
            continue
        pks = {getattr(obj, field.attname) for obj in objs} - {None}
        if pks and _any_frozen(field.related_model, pks):
            return True
    return False


class GuardedQuerySet(models.QuerySet):
    """Queryset writes of the parts of a document: none that touches a frozen document, by the
    rows it changes or by the parent it gives them (refused with the model's `frozen_error`)."""

    def update(self, **kwargs):
        if self.filter(self.model.frozen_q()).exists() or self._moves_into_frozen(kwargs):
            raise self.model.frozen_error()
        return super().update(**kwargs)

    def delete(self):
        if self.filter(self.model.frozen_q()).exists():
            raise self.model.frozen_error()
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        # Rows given with a primary key may exist already: an upsert would rewrite them.
        stored = {obj.pk for obj in objs if obj.pk is not None}
        if _parents_frozen(self.model, objs) or (stored and _any_frozen(self.model, stored)):
            raise self.model.frozen_error()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        # Checked before bulk_update() opens its atomic block: refused from inside it (by
        # update()), the caller's transaction would be left unusable.
        objs = list(objs)
        if _any_frozen(self.model, {obj.pk for obj in objs}) or _parents_frozen(
            self.model, objs, fields
        ):
            raise self.model.frozen_error()
        return super().bulk_update(objs, fields, *args, **kwargs)

    def _moves_into_frozen(self, values) -> bool:
        for field in self.model.parent_fields():
            for name in {field.name, field.attname} & set(values):
                value = values[name]
                if hasattr(value, "resolve_expression"):  # e.g. F() or bulk_update()'s Case
                    pks = set(self.annotate(new_parent=value).values_list("new_parent", flat=True))
                else:
                    pks = {getattr(value, "pk", value)}
                if _any_frozen(field.related_model, pks - {None}):
                    return True
        return False


class GuardedByDocument(models.Model):
    """A part of a document (tujuan, sasaran, IKU, …): no save or delete that touches a frozen
    document, where the row is stored (moving it out) nor where it goes (moving it in)."""

    # The lookups from this model to the document(s) it belongs to; the first step of each is a
    # parent foreign key.
    document_paths: tuple[str, ...] = ("document",)
    # What a refused change raises (a document other than a signed one says so in its words).
    frozen_error = FrozenDocumentError

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._stored_frozen() or _parents_frozen(type(self), [self]):
            raise self.frozen_error()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_frozen():
            raise self.frozen_error()
        return super().delete(*args, **kwargs)

    def check_editable(self) -> None:
        """Refuse, before anything else is asked, a change to a part of a frozen document."""
        if self._stored_frozen():
            raise self.frozen_error()

    @classmethod
    def frozen_q(cls) -> Q:
        q = Q()
        for path in cls.document_paths:
            q |= Q(**{f"{path}__status__in": FROZEN_STATUSES})
        return q

    @classmethod
    def parent_fields(cls):
        return [cls._meta.get_field(path.split("__")[0]) for path in cls.document_paths]

    def _stored_frozen(self) -> bool:
        return self.pk is not None and _any_frozen(type(self), {self.pk})


# --- records ---------------------------------------------------------------------------------


class AppendOnlyQuerySetMixin:
    def update(self, **kwargs):
        raise AppendOnlyError

    def bulk_update(self, objs, fields, *args, **kwargs):
        raise AppendOnlyError

    def delete(self):
        raise AppendOnlyError

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("update_conflicts"):
            raise AppendOnlyError
        return super().bulk_create(objs, *args, **kwargs)


class AppendOnlyQuerySet(AppendOnlyQuerySetMixin, models.QuerySet):
    pass


class SignedVersionQuerySet(AppendOnlyQuerySet):
    def fill_manual(self, pk, *, name: str, sha256: str) -> None:
        """The one change a signed version takes: its Manual IKU (file and SHA-256), stored
        once by the worker that signs it after the document. Refused where one is stored."""
        if not (name and sha256):
            raise AppendOnlyError
        blank = models.QuerySet(self.model, using=self._db).filter(
            pk=pk, manual_pdf="", manual_sha256=""
        )
        if not models.QuerySet.update(blank, manual_pdf=name, manual_sha256=sha256):
            raise AppendOnlyError


class AppendOnlyHistoricalQuerySet(AppendOnlyQuerySetMixin, HistoricalQuerySet):
    """`Model.history`: reads as django-simple-history's, refuses to change a row."""


class AppendOnly(models.Model):
    """A record: saved once, never changed or deleted through the ORM. (Deleting a draft
    document still removes its transitions: a cascade deletes without calling these.)"""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError
        # An object built with the primary key of a stored row would otherwise overwrite it.
        super().save(*args, **{**kwargs, "force_insert": True})

    def delete(self, *args, **kwargs):
        raise AppendOnlyError


def append_only_history() -> HistoricalRecords:
    """django-simple-history for a document model, its history rows append-only."""
    return HistoricalRecords(bases=[AppendOnly], historical_queryset=AppendOnlyHistoricalQuerySet)
