"""Writes that carry rules. Views call these; these call full_clean() before saving."""

import hashlib
import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from iku_portal.locking import claim_version
from iku_portal.ordering import move_in_order
from organizations import access

from .models import (
    DocumentTransition,
    Goal,
    GoalIndicator,
    IKUDocument,
    Indicator,
    SignedVersion,
    SigningJob,
    StrategicTarget,
    YearlyTarget,
)
from .numbers import Range


def _next_order(queryset) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def strategic_target_save(*, target: StrategicTarget, version: int | None) -> StrategicTarget:
    claim_version(target, version)
    if target.pk is None:
        target.order = _next_order(
            StrategicTarget.objects.filter(document=target.document, goal=target.goal)
        )
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def indicator_save(
    *,
    indicator: Indicator,
    targets: dict[int, "Decimal | Range | None"],
    version: int | None,
) -> Indicator:
    """Save an indicator and its yearly targets (a None value removes that year's target; a
    Range is a range target such as 80–90)."""
    claim_version(indicator, version)
    if indicator.pk is None:
        indicator.order = _next_order(
            Indicator.objects.filter(strategic_target=indicator.strategic_target)
        )
    indicator.full_clean()
    indicator.save()
    existing = {t.year: t for t in indicator.targets.all()}
    for year, value in targets.items():
        if value is None:
            if year in existing:
                existing[year].delete()
            continue
        low, upper = (value.low, value.high) if isinstance(value, Range) else (value, None)
        target = existing.get(year) or YearlyTarget(indicator=indicator, year=year)
        if target.pk and target.value == low and target.value_upper == upper:
            continue
        target.value, target.value_upper = low, upper
        target.full_clean()
        target.save()
    return indicator


@transaction.atomic
def item_move(*, item, direction: str) -> bool:
    """Swap an item (tujuan, sasaran or IKU) with its neighbour among its siblings; False
    when it is already the first (moved up) or the last (down)."""
    if isinstance(item, Indicator):
        siblings = Indicator.objects.filter(strategic_target=item.strategic_target)
    elif isinstance(item, Goal):
        siblings = Goal.objects.filter(document=item.document)
    else:
        siblings = StrategicTarget.objects.filter(document=item.document, goal=item.goal)
    return move_in_order(siblings, item, direction)


@transaction.atomic
def goal_save(*, goal: Goal, indicator_texts: list[str], version: int | None) -> Goal:
    """Save a tujuan with its indikator tujuan (one text each, in order)."""
    claim_version(goal, version)
    if goal.pk is None:
        goal.order = _next_order(Goal.objects.filter(document=goal.document))
    goal.full_clean()
    goal.save()
    existing = list(goal.indicators.all())
    for order, text in enumerate(indicator_texts):
        item = existing[order] if order < len(existing) else GoalIndicator(goal=goal)
        if item.pk and item.text == text and item.order == order:
            continue
        item.text, item.order = text, order
        item.full_clean()
        item.save()
    for item in existing[len(indicator_texts) :]:
        item.delete()
    return goal


@transaction.atomic
def document_create(*, document: IKUDocument, user) -> IKUDocument:
    document.created_by = user
    if not document.signature_place:
        document.signature_place = document.unit.seat_city
    if document.signatory_id is None:
        document.signatory = document.unit.officials.current().order_by("-start_date").first()
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def document_copy(*, source: IKUDocument, document: IKUDocument, user) -> IKUDocument:
    """A new document with the whole tree of `source`; targets outside the new period are
    left out."""
    document_create(document=document, user=user)
    goals = {}
    for goal in source.goals.prefetch_related("indicators"):
        old_pk = goal.pk
        copy = Goal.objects.create(
            document=document, order=goal.order, code=goal.code, text=goal.text
        )
        goals[old_pk] = copy
        GoalIndicator.objects.bulk_create(
            GoalIndicator(goal=copy, order=gi.order, text=gi.text) for gi in goal.indicators.all()
        )
    targets = {}
    for target in source.strategic_targets.all():
        old_pk = target.pk
        targets[old_pk] = StrategicTarget.objects.create(
            document=document,
            goal=goals.get(target.goal_id),
            order=target.order,
            code=target.code,
            text=target.text,
        )
    years = range(document.period_start, document.period_end + 1)
    for indicator in source.indicators.prefetch_related("targets"):
        yearly = [t for t in indicator.targets.all() if t.year in years]
        indicator.origin_id = indicator.lineage_id  # the copy carries the IKU's lineage
        indicator.pk = indicator.id = None
        indicator._state.adding = True
        indicator.document = document
        indicator.strategic_target = targets[indicator.strategic_target_id]
        indicator.version = 0
        indicator.save()
        YearlyTarget.objects.bulk_create(
            YearlyTarget(indicator=indicator, year=t.year, value=t.value, value_upper=t.value_upper)
            for t in yearly
        )
    return document


@transaction.atomic
def document_update(*, document: IKUDocument, version: int | None) -> IKUDocument:
    """Save a document's settings. A period may not shrink past targets already set."""
    claim_version(document, version)
    document.full_clean()
    outside = sorted(
        set(
            YearlyTarget.objects.filter(indicator__document=document)
            .exclude(year__range=(document.period_start, document.period_end))
            .values_list("year", flat=True)
        )
    )
    if outside:
        raise ValidationError(
            _("Targets exist for years outside the new period: %(years)s. Remove them first.")
            % {"years": ", ".join(map(str, outside))}
        )
    document.save()
    return document


# --- the approval flow ----------------------------------------------------------------------


class WorkflowError(Exception):
    """A transition this user may not make now; the message says why, for the user."""


def _transition(document: IKUDocument, user, to_status: str, note: str = "") -> None:
    DocumentTransition.objects.create(
        document=document, from_status=document.status, to_status=to_status, user=user, note=note
    )
    document.status = to_status
    document.save(update_fields=["status", "updated_at"])


def limit_warnings(document: IKUDocument) -> list[str]:
    """What breaks the unit's own limits (at most N IKU per sasaran, M per document)."""
    from .numbering import assign_codes

    unit = document.unit
    per_target, per_document = unit.max_iku_per_target, unit.max_iku_per_document
    if per_target is None and per_document is None:
        return []
    counts = {
        row["strategic_target"]: row["n"]
        for row in Indicator.objects.filter(document=document)
        .values("strategic_target")
        .annotate(n=Count("id"))
    }
    warnings = []
    if per_target is not None:
        goals, targets = list(document.goals.all()), list(document.strategic_targets.all())
        assign_codes(goals, targets, [])
        for target in targets:
            if counts.get(target.pk, 0) > per_target:
                warnings.append(
                    _("Strategic target %(code)s has %(n)s IKU; the unit allows at most %(max)s.")
                    % {"code": target.display_code, "n": counts[target.pk], "max": per_target}
                )
    total = sum(counts.values())
    if per_document is not None and total > per_document:
        warnings.append(
            _("The document has %(n)s IKU; the unit allows at most %(max)s.")
            % {"n": total, "max": per_document}
        )
    return warnings


@transaction.atomic
def document_submit(*, document: IKUDocument, user) -> IKUDocument:
    if document.status != IKUDocument.Status.DRAFT:
        raise WorkflowError(_("Only a draft can be submitted."))
    if not access.can_submit_document.test(user, document):
        raise WorkflowError(_("Only the staff or the head of the unit can submit its document."))
    if document.unit.enforce_iku_limits and (warnings := limit_warnings(document)):
        raise WorkflowError(" ".join([_("The document is over the unit's limits:"), *warnings]))
    _transition(document, user, IKUDocument.Status.SUBMITTED)
    return document


@transaction.atomic
def document_return(*, document: IKUDocument, user, reason: str) -> IKUDocument:
    if document.status != IKUDocument.Status.SUBMITTED:
        raise WorkflowError(_("Only a submitted document can be returned."))
    if SigningJob.objects.filter(document=document, error="").exists():
        raise WorkflowError(_("The document is being signed; it cannot be returned now."))
    if not access.can_return_document.test(user, document):
        raise WorkflowError(_("Only the head of the unit can return a document."))
    if not reason.strip():
        raise WorkflowError(_("Say why the document is returned."))
    _transition(document, user, IKUDocument.Status.DRAFT, note=reason.strip())
    return document


def _new_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper
    while True:
        raw = "".join(secrets.choice(alphabet) for _ in range(12))
        code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
        if not SignedVersion.objects.filter(code=code).exists():
            return code


def _check_signable(document: IKUDocument, user) -> None:
    """What a signature needs, asked when it is requested and again when it is made."""
    if document.status != IKUDocument.Status.SUBMITTED:
        raise WorkflowError(_("Only a submitted document can be signed."))
    if not access.can_sign_document.test(user, document):
        raise WorkflowError(_("Only the head of the unit can sign its document."))
    if document.signatory_id is None:
        raise WorkflowError(_("Choose the signatory in the document settings first."))


@transaction.atomic
def request_signing(*, document: IKUDocument, user) -> "SigningJob":
    """Ask a worker to sign: the signed PDFs are rendered off the request. The rules are
    checked now, and again by the signing itself."""
    document = IKUDocument.objects.select_for_update().get(pk=document.pk)
    _check_signable(document, user)
    pending = SigningJob.objects.filter(document=document).first()
    if pending is not None and not pending.error:
        raise WorkflowError(_("The document is already being signed."))
    if pending is not None:
        pending.delete()  # a failed attempt: sign again
    job = SigningJob.objects.create(document=document, user=user)
    from .tasks import sign_document

    # Queued in this transaction: a worker sees the task only once the request commits.
    result = sign_document.enqueue(job.pk)
    SigningJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    return job


def document_sign(*, document: IKUDocument, user, verification_url) -> SignedVersion:
    """Sign: freeze what the document prints (JSON), store the final PDF and its SHA-256.

    `verification_url(code)` gives the public page the QR code on the PDF leads to.

    The files are written before the rows commit (a signed version never lacks its file), and
    removed again if the signing does not complete: a failed signing leaves no file behind.
    """
    from .signed_files import delete_quietly

    written = []
    try:
        return _sign(document, user, verification_url, written)
    except BaseException:
        delete_quietly(written)
        raise


@transaction.atomic
def _sign(document: IKUDocument, user, verification_url, written: list) -> SignedVersion:
    from .pdf import manual_pdf, snapshot_pdf, verification_block
    from .snapshot import document_snapshot

    document = IKUDocument.objects.select_for_update().get(pk=document.pk)
    _check_signable(document, user)
    code = _new_code()
    snapshot = document_snapshot(document)
    verification = verification_block(code, verification_url(code))
    pdf = snapshot_pdf(snapshot, verification=verification)
    # The Manual IKU is signed with the document: same snapshot, same verification code.
    manual = manual_pdf(snapshot, verification=verification)
    version = SignedVersion(
        document=document,
        code=code,
        signed_by=user,
        signed_at=timezone.now(),
        snapshot=snapshot,
        sha256=hashlib.sha256(pdf).hexdigest(),
        manual_sha256=hashlib.sha256(manual).hexdigest(),
    )
    version.pdf.save(f"{code}.pdf", ContentFile(pdf), save=False)
    written.append(version.pdf.name)
    version.manual_pdf.save(f"{code}-manual.pdf", ContentFile(manual), save=False)
    written.append(version.manual_pdf.name)
    version.full_clean()
    version.save()
    _transition(document, user, IKUDocument.Status.SIGNED)
    previous = document.revises
    if previous and previous.status == IKUDocument.Status.SIGNED:
        _transition(
            previous,
            user,
            IKUDocument.Status.SUPERSEDED,
            note=_("Replaced by revision %(n)s.") % {"n": document.revision},
        )
    return version


@transaction.atomic
def document_start_revision(*, document: IKUDocument, user) -> IKUDocument:
    """A Perubahan: a new draft with everything copied, revision + 1, linked to `document`."""
    if document.status != IKUDocument.Status.SIGNED:
        raise WorkflowError(_("Only the signed version of a document can be revised."))
    if document.revisions.exists():
        raise WorkflowError(_("A revision of this version has already been started."))
    if not access.can_revise_document.test(user, document):
        raise WorkflowError(_("Only the staff or the head of the unit can start a revision."))
    latest = (
        IKUDocument.objects.filter(
            unit=document.unit,
            period_start=document.period_start,
            period_end=document.period_end,
        )
        .order_by("-revision")
        .values_list("revision", flat=True)
        .first()
    )
    revision = IKUDocument(
        unit=document.unit,
        title="",  # the standard title of a revision: PERUBAHAN INDIKATOR KINERJA UTAMA …
        period_start=document.period_start,
        period_end=document.period_end,
        revision=latest + 1,
        revises=document,
        layout=document.layout,
        signature_place=document.signature_place,
        signature_date=document.signature_date,  # to be updated in the settings when re-signed
        signature_date_format=document.signature_date_format,
        signatory=document.signatory,
        signatory_title=document.signatory_title,
    )
    return document_copy(source=document, document=revision, user=user)


@transaction.atomic
def import_apply(*, batch, reading, user) -> IKUDocument:
    """The read spreadsheet as a new draft document of the batch's unit: all or nothing (any
    row the database refuses undoes everything, and says which row)."""
    from .models import ImportBatch
    from .numbers import NOT_AVAILABLE, Range

    if reading.problems or reading.unknown:
        raise ValidationError(_("The file still has problems; fix them and upload it again."))
    if not access.can_edit_unit.test(user, batch.unit):
        raise WorkflowError(_("Only the unit's staff can import its documents."))
    document = IKUDocument(
        unit=batch.unit,
        period_start=batch.period_start,
        period_end=batch.period_end,
        title=batch.title,
    )
    document_create(document=document, user=user)
    goals, targets, orders = {}, {}, {}
    for item in reading.items:
        goal = None
        if item.goal:
            goal = goals.get(item.goal)
            if goal is None:
                goal = goals[item.goal] = Goal.objects.create(
                    document=document, order=len(goals), text=item.goal
                )
                GoalIndicator.objects.bulk_create(
                    GoalIndicator(goal=goal, order=n, text=text)
                    for n, text in enumerate(item.goal_indicators)
                )
        key = (item.goal, item.target)
        target = targets.get(key)
        if target is None:
            target = targets[key] = StrategicTarget.objects.create(
                document=document, goal=goal, order=len(targets), text=item.target
            )
        orders[key] = orders.get(key, -1) + 1
        fields = {k: v for k, v in item.fields.items() if k in _IMPORTED_FIELDS}
        indicator = Indicator(
            document=document, strategic_target=target, order=orders[key], **fields
        )
        if item.baseline is NOT_AVAILABLE:
            indicator.baseline_not_available = True
        elif item.baseline is not None:
            indicator.baseline_value = item.baseline
        try:
            indicator.full_clean()
        except ValidationError as error:
            raise ValidationError(
                _("Row %(row)s: %(problem)s")
                % {"row": item.row, "problem": " ".join(error.messages)}
            ) from None
        indicator.save()
        YearlyTarget.objects.bulk_create(
            YearlyTarget(
                indicator=indicator,
                year=year,
                value=value.low if isinstance(value, Range) else value,
                value_upper=value.high if isinstance(value, Range) else None,
            )
            for year, value in sorted(item.targets.items())
        )
    ImportBatch.objects.filter(pk=batch.pk).update(document=document)
    return document


_IMPORTED_FIELDS = {
    "name",
    "code",
    "satuan",
    "formula",
    "data_source",
    "responsible",
    "selection_reason",
    "perspective",
    "definition",
}
