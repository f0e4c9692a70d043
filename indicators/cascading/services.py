"""Links between levels (cascading): a sasaran of a unit's draft names the sasaran of its parent
unit's document in force that it supports; an IKU under it may name one of that sasaran's IKU.

Refused, with a message that says why, and nothing saved:
- a link in a signed document (it is changed by a Perubahan, where links are copied);
- a link to a sasaran of a unit that is not the parent, or one that comes back to itself
  (`indicators.models.check_link`, asked by the model's own validation too);
- a link into a draft, a submitted or a superseded document: only a document in force
  (`selectors.upper_documents`);
- a user who may not edit the draft (`rules.can_link_targets`).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import WorkflowError
from indicators import rules
from indicators.cascading.selectors import is_in_force_for
from indicators.choices import DocumentStatus
from indicators.models import IKUDocument, Indicator, StrategicTarget


def _check_may_link(document: IKUDocument, user) -> None:
    if document.is_frozen:
        raise WorkflowError(
            _(
                "This document is signed: its links cannot change. Start a revision "
                "(Perubahan) and link its strategic targets there."
            )
        )
    if not rules.can_link_targets.test(user, document):
        raise PermissionDenied


def _check_in_force(upper_document: IKUDocument, document: IKUDocument) -> None:
    if is_in_force_for(upper_document, document):
        return
    if upper_document.status == DocumentStatus.SUPERSEDED:
        reason = _(
            "The upper document (revision %(revision)s) has been replaced by a Perubahan: link "
            "to the strategic target of the document in force."
        )
    elif upper_document.status != DocumentStatus.SIGNED:
        reason = _(
            "The upper document (revision %(revision)s) is not signed yet: a link goes only to "
            "a document in force."
        )
    else:
        reason = _(
            "The upper document's period %(period)s does not overlap this document's period "
            "%(own)s: a link goes only to a document in force over it."
        )
    raise ValidationError(
        {
            "supports": reason
            % {
                "revision": upper_document.revision,
                "period": upper_document.period,
                "own": document.period,
            }
        }
    )


@transaction.atomic
def strategic_target_link(
    *, target: StrategicTarget, upper: StrategicTarget | None, user
) -> StrategicTarget:
    """Link `target` to `upper` (None removes its link). IKU links under it that no longer
    fit (their upper IKU is not under the new upper sasaran) are removed with it; how many,
    the returned target says (`indicator_links_removed`)."""
    target = (
        StrategicTarget.objects.select_for_update().select_related("document").get(pk=target.pk)
    )
    _check_may_link(target.document, user)
    if upper is not None:
        upper = StrategicTarget.objects.select_related("document__unit").get(pk=upper.pk)
    target.supports = upper
    target.full_clean()
    if upper is not None:
        _check_in_force(upper.document, target.document)
    target.save()
    stale = Indicator.objects.filter(strategic_target=target).exclude(supports=None)
    if upper is not None:
        stale = stale.exclude(supports__strategic_target=upper)
    target.indicator_links_removed = stale.update(supports=None)
    return target


@transaction.atomic
def indicator_link(
    *, indicator: Indicator, upper: Indicator | None, cascading: str, user
) -> Indicator:
    """Link an IKU to the upper IKU it supports, with its jenis cascading (C or CP); None
    removes the link and leaves the jenis as chosen."""
    indicator = (
        Indicator.objects.select_for_update()
        .select_related("document", "strategic_target")
        .get(pk=indicator.pk)
    )
    _check_may_link(indicator.document, user)
    if upper is not None:
        upper = Indicator.objects.select_related("document").get(pk=upper.pk)
    indicator.supports = upper
    indicator.cascading = cascading
    indicator.full_clean()
    if upper is not None:
        _check_in_force(upper.document, indicator.document)
    indicator.save()
    return indicator


def relink_proposal(*, target: StrategicTarget) -> StrategicTarget | None:
    """Where a link to a superseded sasaran goes now: the sasaran of the parent's document in
    force that carries the same lineage (copied from it by the Perubahan), if there is one."""
    if target.supports_id is None:
        return None
    stale = target.supports
    if stale.document.status == DocumentStatus.SIGNED:
        return None
    return (
        StrategicTarget.objects.filter(
            document__unit_id=stale.document.unit_id,
            document__status=DocumentStatus.SIGNED,
            document__period_start__lte=target.document.period_end,
            document__period_end__gte=target.document.period_start,
        )
        .filter(origin_id=stale.lineage_id)
        .order_by("-document__revision")
        .first()
    )


@transaction.atomic
def strategic_target_relink(*, target: StrategicTarget, user) -> StrategicTarget:
    """Move a link to a superseded sasaran onto its successor in the document in force."""
    proposal = relink_proposal(target=target)
    if proposal is None:
        raise WorkflowError(
            _(
                "No strategic target of the upper document in force continues the one this "
                "links to: choose it yourself."
            )
        )
    return strategic_target_link(target=target, upper=proposal, user=user)
