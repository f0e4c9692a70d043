"""What a Perjanjian Kinerja asks of a user, for the dashboard's "Needs your attention"
(`core.attention`): the PKs submitted to them as the unit's kepala, and the signed ones whose
pihak kedua's signature they are to record."""

from django.urls import reverse
from django.utils.translation import gettext as _

from agreements.models import AgreementCountersignature, PerformanceAgreement
from organizations.access import unit_roles
from organizations.models import Membership


def waiting_for_the_kepala(user):
    heads_of = [unit for unit, role in unit_roles(user).items() if role == Membership.Role.KEPALA]
    if not heads_of:
        return []
    agreements = PerformanceAgreement.objects.filter(unit_id__in=heads_of).select_related("unit")
    to_sign = agreements.filter(status=PerformanceAgreement.Status.SUBMITTED)
    recorded = AgreementCountersignature.objects.values("version__agreement_id")
    to_countersign = agreements.filter(status=PerformanceAgreement.Status.SIGNED).exclude(
        pk__in=recorded
    )
    sign, countersign = _("waiting for your signature"), _("record pihak kedua's signature")
    return [
        (reverse("agreements:detail", args=[a.pk]), a.heading, f"{a.unit} · {sign}")
        for a in to_sign[:20]
    ] + [
        (reverse("agreements:detail", args=[a.pk]), a.heading, f"{a.unit} · {countersign}")
        for a in to_countersign[:20]
    ]
