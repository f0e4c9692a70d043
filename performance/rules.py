"""Who may do what with the figures (realisasi) of a reporting period of a unit: members record
and submit an open period of an open year (an approved year locks its quarters too); the
unit's kepala approves, returns or reopens it. Services, views and templates ask these
predicates; the models refuse a change to locked figures below them (`check_figures_open`)."""

import rules

from organizations.access import is_admin, is_kepala, is_member
from performance.models import ReportingPeriod, locking_period


@rules.predicate
def is_period_open(user, period) -> bool:
    return period.status == ReportingPeriod.Status.DRAFT


@rules.predicate
def is_year_open(user, period) -> bool:
    """An approved (or submitted) year locks everything under it: its quarters' figures too."""
    return locking_period(period) is None


@rules.predicate
def is_period_submitted(user, period) -> bool:
    return period.status == ReportingPeriod.Status.SUBMITTED


@rules.predicate
def is_period_approved(user, period) -> bool:
    return period.status == ReportingPeriod.Status.APPROVED


can_view_figures = is_admin | is_member
can_record_figures = is_period_open & is_year_open & is_member
can_submit_period = is_period_open & is_year_open & is_member
can_approve_period = is_period_submitted & is_kepala
can_return_period = is_period_submitted & is_kepala
can_reopen_period = is_period_approved & is_kepala


def period_actions(user, period) -> dict[str, bool]:
    """What the user may do with a reporting period now: the buttons a page shows."""
    return {
        "record": can_record_figures.test(user, period),
        "submit": can_submit_period.test(user, period),
        "approve": can_approve_period.test(user, period),
        "return": can_return_period.test(user, period),
        "reopen": can_reopen_period.test(user, period),
    }
