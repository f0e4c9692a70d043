"""What a Perjanjian Kinerja asks of a user, for the dashboard's "Needs your attention"
(`core.attention`): the PKs submitted to them as the unit's kepala, the signed ones whose pihak
kedua's signature they are to record (pihak kedua without an account), and, as the kepala of
the unit above, the signed PKs waiting for their own signature as pihak kedua; and the draft
Rencana Aksi of their PKs, once they hold triwulan targets, waiting to be adopted."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from agreements.models import (
    ActionPlan,
    AgreementCountersignature,
    PerformanceAgreement,
    QuarterlyTarget,
)
from organizations.access import unit_roles
from organizations.models import Membership, OrganizationUnit


def waiting_for_the_kepala(user):
    heads_of = [unit for unit, role in unit_roles(user).items() if role == Membership.Role.KEPALA]
    if not heads_of:
        return []
    recorded = AgreementCountersignature.objects.values("version__agreement_id")
    signed = PerformanceAgreement.objects.filter(status=PerformanceAgreement.Status.SIGNED).exclude(
        pk__in=recorded
    )
    # Pihak kedua with an account: the unit above is no pemerintah daerah and has a kepala.
    second_party_has_account = Q(
        Exists(
            Membership.objects.filter(
                unit_id=OuterRef("unit__parent_id"), role=Membership.Role.KEPALA
            )
        )
    ) & ~_government("unit__parent__kind")
    agreements = PerformanceAgreement.objects.filter(unit_id__in=heads_of).select_related("unit")
    to_sign = agreements.filter(status=PerformanceAgreement.Status.SUBMITTED)
    to_record = signed.filter(unit_id__in=heads_of).exclude(second_party_has_account)
    to_countersign = (
        signed.filter(unit__parent_id__in=heads_of)
        .exclude(_government("unit__parent__kind"))
        .select_related("unit")
    )
    plans = (
        ActionPlan.objects.filter(
            status=ActionPlan.Status.DRAFT,
            agreement__unit_id__in=heads_of,
            agreement__status=PerformanceAgreement.Status.SIGNED,
        )
        .filter(Exists(QuarterlyTarget.objects.filter(plan_id=OuterRef("pk"))))
        .select_related("agreement__unit")
    )
    sign, record = _("waiting for your signature"), _("record pihak kedua's signature")
    adopt = _("waiting to be adopted")
    countersign = _("waiting for your signature as pihak kedua")
    return (
        [
            (reverse("agreements:detail", args=[a.pk]), a.heading, f"{a.unit} · {sign}")
            for a in to_sign[:20]
        ]
        + [
            (reverse("agreements:detail", args=[a.pk]), a.heading, f"{a.unit} · {record}")
            for a in to_record.select_related("unit")[:20]
        ]
        + [
            (reverse("agreements:detail", args=[a.pk]), a.heading, f"{a.unit} · {countersign}")
            for a in to_countersign[:20]
        ]
        + [
            (
                reverse("agreements:action_plan", args=[p.agreement_id]),
                p.heading,
                f"{p.agreement.unit} · {adopt}",
            )
            for p in plans[:20]
        ]
    )


def _government(path: str) -> Q:
    """The unit at `path` (its kind) is a pemerintah daerah."""
    return Q(**{f"{path}__in": OrganizationUnit.GOVERNMENT_KINDS})
