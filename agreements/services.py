"""Writes on a Perjanjian Kinerja that carry rules. Views call these; these call full_clean()
before saving. Only a draft PK changes (`_check_draft`); who may change it the views ask
through `agreements.lookup` and `agreements.rules`."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from agreements import rules
from agreements.models import (
    OPEN_STATUSES,
    ActionPlan,
    AgreementIndicator,
    AgreementProgram,
    AgreementTarget,
    PerformanceAgreement,
    PlannedActivity,
    QuarterlyTarget,
    same_person,
)
from agreements.selectors import parties_proposed, signed_document_periods
from core.errors import WorkflowError
from core.locking import claim_version
from core.numbers import Range, bounds, format_value
from core.validators import EARLIEST_YEAR, LATEST_YEAR
from indicators.in_force import document_in_force
from indicators.models import IKUDocument
from indicators.tree.selectors import document_tree
from organizations.models import OrganizationUnit


def _check_draft(agreement: PerformanceAgreement) -> None:
    stored = (
        PerformanceAgreement.objects.filter(pk=agreement.pk)
        .values_list("status", flat=True)
        .first()
    )
    if stored != PerformanceAgreement.Status.DRAFT:
        raise PermissionDenied(_("Only a draft Perjanjian Kinerja can be changed."))


def _next_order(queryset) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def agreement_start(*, unit: OrganizationUnit, year: int, user) -> PerformanceAgreement:
    """A new draft PK of `unit` for `year`, started from the unit's IKU document in force for
    that year: its sasaran, IKU and that year's targets copied in, each indicator linked to its
    IKU; the parties proposed from the unit tree (`parties_proposed`)."""
    if not rules.can_create_agreement.test(user, unit):
        raise PermissionDenied
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValidationError(
            _("Enter a year between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR}
        )
    if PerformanceAgreement.objects.filter(unit=unit, year=year).exists():
        raise ValidationError(
            _("%(unit)s already has a Perjanjian Kinerja for %(year)s.")
            % {"unit": unit, "year": year},
            code="exists",
        )
    document = document_in_force(unit, year)
    if document is None:
        raise ValidationError(_no_document_message(unit, year), code="no_document")
    first, second = parties_proposed(unit=unit)
    if same_person((first.name, first.nip), (second.name, second.nip)):
        second = type(second)()  # nobody proposed rather than the same person twice
    agreement = PerformanceAgreement(
        unit=unit,
        year=year,
        document=document,
        place=unit.seat_city,
        created_by=user,
        first_party_name=first.name,
        first_party_nip=first.nip,
        first_party_pangkat=first.pangkat,
        first_party_position=first.position,
        second_party_name=second.name,
        second_party_nip=second.nip,
        second_party_pangkat=second.pangkat,
        second_party_position=second.position,
    )
    agreement.full_clean()
    try:
        with transaction.atomic():
            agreement.save()
    except IntegrityError:  # started by someone else a moment ago
        raise ValidationError(
            _("%(unit)s already has a Perjanjian Kinerja for %(year)s.")
            % {"unit": unit, "year": year},
            code="exists",
        ) from None
    _copy_from_document(agreement, document)
    return agreement


def _no_document_message(unit, year) -> str:
    periods = signed_document_periods(unit=unit)
    if not periods:
        return _(
            "%(unit)s has no signed IKU document yet: a Perjanjian Kinerja is started from the "
            "IKU document in force for its year."
        ) % {"unit": unit}
    return _(
        "The year %(year)s lies outside the period of %(unit)s's signed IKU documents "
        "(%(periods)s). Choose a year within it."
    ) % {"year": year, "unit": unit, "periods": ", ".join(periods)}


def _copy_from_document(agreement: PerformanceAgreement, document: IKUDocument) -> None:
    tree = document_tree(document=document)
    for order, sasaran in enumerate(tree.strategic_targets, start=1):
        target = AgreementTarget.objects.create(
            agreement=agreement, order=order, text=sasaran.text, strategic_target=sasaran
        )
        rows = []
        for position, iku in enumerate(sasaran.indicator_list, start=1):
            yearly = {year: (value, upper) for year, value, upper in iku.yearly_targets}
            value, upper = yearly.get(agreement.year, (None, None))
            rows.append(
                AgreementIndicator(
                    agreement=agreement,
                    target=target,
                    order=position,
                    name=iku.name,
                    satuan=iku.satuan,
                    target_text=format_value(value, upper),
                    target_value=value,
                    target_value_upper=upper,
                    indicator=iku,
                )
            )
        AgreementIndicator.objects.bulk_create(rows)


@transaction.atomic
def agreement_parties_update(
    *, agreement: PerformanceAgreement, version: int | None
) -> PerformanceAgreement:
    """Save the two parties, the place and the date, if nobody saved them since `version`."""
    _check_draft(agreement)
    claim_version(agreement, version)
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def agreement_indicator_save(
    *,
    indicator: AgreementIndicator,
    target_text: str,
    value: "Decimal | Range | None",
    new_target_text: str = "",
    version: int | None,
) -> AgreementIndicator:
    """Save a PK indicator with its target (`value` as understood from `target_text`, None for
    no target). A new indikator kinerja lain goes under the sasaran given, or under a new
    sasaran `new_target_text`."""
    agreement = indicator.agreement
    _check_draft(agreement)
    claim_version(indicator, version)
    if indicator.pk is None:
        if indicator.indicator_id is not None:
            raise WorkflowError(_("An IKU comes into the PK from its IKU document only."))
        if new_target_text.strip():
            indicator.target = AgreementTarget.objects.create(
                agreement=agreement,
                order=_next_order(AgreementTarget.objects.filter(agreement=agreement)),
                text=new_target_text.strip(),
            )
        if indicator.target_id is None:
            raise ValidationError({"target": _("Choose the strategic target, or type a new one.")})
        indicator.order = _next_order(AgreementIndicator.objects.filter(target=indicator.target))
    indicator.target_value, indicator.target_value_upper = bounds(value)
    indicator.target_text = target_text.strip() if value is not None else ""
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def agreement_indicator_leave_out(*, indicator: AgreementIndicator, reason: str) -> None:
    """Leave an IKU out of the PK, with the reason (kept and shown with it)."""
    _check_draft(indicator.agreement)
    if not indicator.is_iku:
        raise WorkflowError(_("Only an IKU is left out; an indikator kinerja lain is removed."))
    if not reason.strip():
        raise ValidationError(
            {"left_out_reason": _("Say why this IKU is left out of the PK.")}, code="required"
        )
    indicator.left_out, indicator.left_out_reason = True, reason.strip()
    indicator.full_clean()
    indicator.save(update_fields=["left_out", "left_out_reason"])


@transaction.atomic
def agreement_indicator_include(*, indicator: AgreementIndicator) -> None:
    """Take a left-out IKU back into the PK."""
    _check_draft(indicator.agreement)
    indicator.left_out, indicator.left_out_reason = False, ""
    indicator.save(update_fields=["left_out", "left_out_reason"])


@transaction.atomic
def agreement_indicator_delete(*, indicator: AgreementIndicator) -> None:
    """Remove an indikator kinerja lain (an IKU is left out with a reason instead); a sasaran
    typed for it alone goes with it."""
    _check_draft(indicator.agreement)
    if indicator.is_iku:
        raise WorkflowError(_("An IKU is not removed: leave it out with a reason."))
    target = indicator.target
    indicator.delete()
    if (
        target.strategic_target_id is None
        and not target.indicators.exists()
        and not target.programs.exists()
    ):
        target.delete()


@transaction.atomic
def agreement_program_save(*, program: AgreementProgram, version: int | None) -> AgreementProgram:
    _check_draft(program.agreement)
    claim_version(program, version)
    if program.pk is None:
        program.order = _next_order(AgreementProgram.objects.filter(agreement=program.agreement))
    program.full_clean()
    program.save()
    return program


@transaction.atomic
def agreement_program_delete(*, program: AgreementProgram) -> None:
    """Remove a program with the rows under it."""
    _check_draft(program.agreement)
    program.delete()


def _copy_fields(obj, exclude: set[str]) -> dict:
    """The stored columns of `obj` as keyword arguments, but its key and `exclude`."""
    return {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if not field.primary_key and field.name not in exclude
    }


@transaction.atomic
def agreement_start_revision(*, agreement: PerformanceAgreement, user) -> PerformanceAgreement:
    """A PK Perubahan (after a budget change, APBD-P): a draft copy of a signed PK, its parties,
    indicators and programs, and its Rencana Aksi as a draft plan, that replaces it for the rest
    of the year once signed (the first is then superseded and stays verifiable)."""
    agreement = PerformanceAgreement.objects.select_for_update().get(pk=agreement.pk)
    if PerformanceAgreement.objects.filter(
        unit=agreement.unit, year=agreement.year, status__in=OPEN_STATUSES
    ).exists():
        raise WorkflowError(_("A PK Perubahan of this year is being prepared already."))
    if not rules.can_revise_agreement.test(user, agreement):
        raise PermissionDenied(_("Only a member of the unit can revise its signed PK."))
    latest = (
        PerformanceAgreement.objects.filter(unit=agreement.unit, year=agreement.year).aggregate(
            m=Max("revision")
        )["m"]
        or 0
    )
    revision = PerformanceAgreement.objects.create(
        **_copy_fields(
            agreement,
            {"status", "revision", "revises", "created_by", "created_at", "updated_at", "version"},
        ),
        revision=latest + 1,
        revises=agreement,
        created_by=user,
    )
    targets = {}
    for target in agreement.targets.all():
        targets[target.pk] = AgreementTarget.objects.create(
            **_copy_fields(target, {"agreement"}), agreement=revision
        )
    originals = list(agreement.indicators.all())
    copies = AgreementIndicator.objects.bulk_create(
        AgreementIndicator(
            **_copy_fields(indicator, {"agreement", "target", "version"}),
            agreement=revision,
            target=targets[indicator.target_id],
        )
        for indicator in originals
    )
    # Each indicator's copy, keeping its IKU link (the lineage measuring follows).
    indicators = {old.pk: new.pk for old, new in zip(originals, copies, strict=True)}
    programs = {}
    # Parents before the rows under them (a row's parent is copied first).
    pending = list(agreement.programs.order_by("order", "id"))
    while pending:
        waiting = []
        for program in pending:
            if program.parent_id and program.parent_id not in programs:
                waiting.append(program)
                continue
            programs[program.pk] = AgreementProgram.objects.create(
                **_copy_fields(program, {"agreement", "parent", "target", "version"}),
                agreement=revision,
                parent=programs.get(program.parent_id),
                target=targets.get(program.target_id),
            )
        if len(waiting) == len(pending):  # pragma: no cover - a cycle the model refuses
            raise WorkflowError(_("The programs of this PK could not be copied."))
        pending = waiting
    _copy_action_plan(agreement, revision, indicators, user)
    return revision


def _copy_action_plan(agreement, revision, indicators: dict[int, int], user) -> None:
    """The Rencana Aksi of the PK being replaced, if it has one, copied as a draft plan of its
    PK Perubahan: each triwulan target and activity under the copy of its indicator, so nothing
    is typed again. The kepala adopts it again once the PK Perubahan is signed."""
    plan = ActionPlan.objects.filter(agreement=agreement).first()
    if plan is None:
        return
    copy = ActionPlan.objects.create(agreement=revision, created_by=user)
    QuarterlyTarget.objects.bulk_create(
        QuarterlyTarget(
            **_copy_fields(quarter, {"plan", "indicator"}),
            plan=copy,
            indicator_id=indicators[quarter.indicator_id],
        )
        for quarter in plan.quarter_targets.all()
    )
    PlannedActivity.objects.bulk_create(
        PlannedActivity(
            **_copy_fields(activity, {"plan", "indicator", "version"}),
            plan=copy,
            indicator_id=indicators[activity.indicator_id],
        )
        for activity in plan.activities.order_by("order", "id")
    )
