"""Who may do what with a Perjanjian Kinerja: the predicates every service, view and template
asks. As for the IKU documents (indicators/rules.py, whose status predicates these reuse):

- A member of the unit (staf or kepala) or an admin reads the unit's PKs, starts one and edits
  its drafts (indicators, programs, parties); a PK that is no longer a draft can be read (403 on
  any change). A member of a unit above reads its signed PKs, never its drafts. Anyone else
  gets 404 (`organizations.access.check`).
"""

import rules
from django.db.models import Q

from agreements.models import AgreementCountersignature, PerformanceAgreement
from indicators.frozen import FROZEN_STATUSES
from indicators.rules import is_draft, is_frozen, is_member_above, is_signed, is_submitted
from organizations.access import is_admin, is_kepala, is_member, unit_roles
from organizations.models import Membership, OrganizationUnit


@rules.predicate
def oversees_unit(user, unit) -> bool:
    """A member of a unit that `unit` lies under (one or two levels up)."""
    mine = list(unit_roles(user))
    return bool(mine) and OrganizationUnit.objects.within(mine).filter(pk=unit.pk).exists()


# On a unit: who may see its PKs at all (an overseer sees the signed ones), who may start one.
can_view_unit_agreements = is_admin | is_member | oversees_unit
can_create_agreement = is_admin | is_member

# On a PK.
can_view_agreement = is_admin | is_member | (is_frozen & is_member_above)
can_edit_agreement = is_draft & (is_admin | is_member)


@rules.predicate
def awaits_countersignature(user, agreement) -> bool:
    """Signed by pihak pertama, pihak kedua's signature not recorded yet."""
    return not agreement.countersigned


def second_party_unit(agreement) -> OrganizationUnit | None:
    """The unit whose kepala is pihak kedua with an account in the portal: the unit above the
    PK's (a dinas above its bidang), unless that is a pemerintah daerah, whose kepala daerah
    (Gubernur, Bupati, Wali Kota) has no account and signs the printed page by hand."""
    parent = agreement.unit.parent
    return parent if parent is not None and not parent.is_government else None


@rules.predicate
def is_second_party(user, agreement) -> bool:
    """The kepala of the unit above: pihak kedua of the PK, signing it in the portal."""
    unit = second_party_unit(agreement)
    return unit is not None and unit_roles(user).get(unit.pk) == Membership.Role.KEPALA


@rules.predicate
def second_party_has_account(user, agreement) -> bool:
    """Pihak kedua signs in the portal: the unit above has a kepala with an account."""
    unit = second_party_unit(agreement)
    return unit is not None and unit.memberships.filter(role=Membership.Role.KEPALA).exists()


# The flow: a member submits a draft; the unit's kepala (pihak pertama) returns or signs it;
# then pihak kedua signs: in the portal when they have an account (the kepala of the unit
# above), else the kepala (or an admin) records their signature from the signed printed page.
can_submit_agreement = is_draft & is_member
can_return_agreement = is_submitted & is_kepala
can_sign_agreement = is_submitted & is_kepala
can_countersign_agreement = is_signed & awaits_countersignature & is_second_party
can_record_countersignature = (
    is_signed & awaits_countersignature & ~second_party_has_account & (is_kepala | is_admin)
)


@rules.predicate
def has_countersignature_scan(user, agreement) -> bool:
    return (
        AgreementCountersignature.objects.filter(version__agreement=agreement)
        .exclude(scan="")
        .exists()
    )


# The scan of the page pihak kedua signed: read by whoever reads the signed PK.
can_view_countersignature_scan = is_frozen & can_view_agreement & has_countersignature_scan


@rules.predicate
def has_open_revision(user, agreement) -> bool:
    return agreement.revisions.exclude(status__in=FROZEN_STATUSES).exists()


# A PK Perubahan: started by a member from the signed PK, one at a time.
can_revise_agreement = is_signed & is_member & ~has_open_revision


def readable_agreements(user, agreements):
    """The PKs of `agreements` (a queryset) the user may read, by the rule above."""
    if user.is_superuser:
        return agreements
    mine = list(unit_roles(user))
    return agreements.filter(
        Q(unit_id__in=mine)
        | Q(status__in=FROZEN_STATUSES, unit__in=OrganizationUnit.objects.within(mine))
    )


def agreement_actions(user, agreement: PerformanceAgreement) -> dict[str, bool]:
    """What the user may do with the PK now: the buttons a page shows."""
    return {
        "edit": can_edit_agreement.test(user, agreement),
        "submit": can_submit_agreement.test(user, agreement),
        "return": can_return_agreement.test(user, agreement),
        "sign": can_sign_agreement.test(user, agreement),
        "countersign": can_record_countersignature.test(user, agreement),
        "countersign_in_portal": can_countersign_agreement.test(user, agreement),
        "revise": can_revise_agreement.test(user, agreement),
    }


# The Rencana Aksi of a signed PK (agreements.models.ActionPlan). Its unit's members (staf and
# kepala) and admins start it and edit it while the PK is signed and the plan is a draft; the
# kepala (or an admin) adopts it, after which it is read-only and measured against. A member
# of a unit above reads an adopted plan, never a draft. Anyone else gets 404.
@rules.predicate
def is_plan_draft(user, plan) -> bool:
    return plan.is_draft


@rules.predicate
def plan_agreement_signed(user, plan) -> bool:
    return plan.agreement.status == PerformanceAgreement.Status.SIGNED


can_start_action_plan = is_signed & (is_admin | is_member)
can_view_action_plan = is_admin | is_member | (is_frozen & is_member_above)
can_edit_action_plan = is_plan_draft & plan_agreement_signed & (is_admin | is_member)
can_adopt_action_plan = is_plan_draft & plan_agreement_signed & (is_admin | is_kepala)


def action_plan_actions(user, plan) -> dict[str, bool]:
    """What the user may do with the Rencana Aksi now: the buttons its page shows."""
    return {
        "edit": can_edit_action_plan.test(user, plan),
        "adopt": can_adopt_action_plan.test(user, plan),
    }
