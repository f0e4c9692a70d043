"""A pemda with a signed document in force this year, a dinas under it with a draft, a bidang
under the dinas, and a dinas of another pemda; their staf and kepala."""

from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.cascading import services
from indicators.tests.factories import (
    DocumentFactory,
    IndicatorFactory,
    StrategicTargetFactory,
    YearlyTargetFactory,
    sign,
)
from organizations.models import Membership, OrganizationUnit
from organizations.tests.factories import MembershipFactory, UnitFactory

YEAR = timezone.localdate().year


def leave_a_stale_link(c) -> None:
    """The dinas's d1 linked to the pemda's p1 and signed; then the pemda's Perubahan signed:
    d1 now links to a superseded version (perlu ditautkan ulang)."""
    from indicators.workflow.services import document_start_revision

    services.strategic_target_link(target=c["d1"], upper=c["p1"], user=c["dinas_staf"])
    sign(c["renstra"], staf=c["dinas_staf"], kepala=c["dinas_kepala"])
    revision = document_start_revision(document=c["rpjmd"], user=c["pemda_staf"])
    sign(revision, staf=c["pemda_staf"], kepala=c["pemda_kepala"])


def member(unit, role, name):
    return MembershipFactory(unit=unit, role=role, user__username=name).user


@pytest.fixture
def cascade(db):
    pemda = UnitFactory(name="Pemerintah Provinsi Contoh", kind=OrganizationUnit.Kind.PROVINSI)
    dinas = UnitFactory(name="Dinas Koperasi", parent=pemda)
    bidang = UnitFactory(name="Bidang Kelembagaan", parent=dinas, kind=OrganizationUnit.Kind.BIDANG)
    other = UnitFactory(name="Dinas Lain", parent=UnitFactory(name="Pemerintah Provinsi Lain"))
    users = {
        "pemda_staf": member(pemda, Membership.Role.STAF, "pemda_staf"),
        "pemda_kepala": member(pemda, Membership.Role.KEPALA, "pemda_kepala"),
        "dinas_staf": member(dinas, Membership.Role.STAF, "dinas_staf"),
        "dinas_kepala": member(dinas, Membership.Role.KEPALA, "dinas_kepala"),
        "bidang_staf": member(bidang, Membership.Role.STAF, "bidang_staf"),
        "bidang_kepala": member(bidang, Membership.Role.KEPALA, "bidang_kepala"),
        "other_staf": member(other, Membership.Role.STAF, "other_staf"),
        "other_kepala": member(other, Membership.Role.KEPALA, "other_kepala"),
    }
    period = {"period_start": YEAR - 1, "period_end": YEAR + 1}
    rpjmd = DocumentFactory(unit=pemda, **period)
    p1 = StrategicTargetFactory(document=rpjmd, text="Meningkatnya daya saing UMKM")
    p2 = StrategicTargetFactory(document=rpjmd, text="Meningkatnya tata kelola pemerintahan")
    p1_iku = IndicatorFactory(strategic_target=p1, name="Persentase UMKM naik kelas")
    YearlyTargetFactory(indicator=p1_iku, year=YEAR, value=Decimal("75.5"))
    sign(rpjmd, staf=users["pemda_staf"], kepala=users["pemda_kepala"])
    renstra = DocumentFactory(unit=dinas, **period)
    d1 = StrategicTargetFactory(document=renstra, text="Meningkatnya koperasi sehat")
    d2 = StrategicTargetFactory(document=renstra, text="Meningkatnya akuntabilitas dinas")
    d1_iku = IndicatorFactory(strategic_target=d1, name="Persentase koperasi sehat")
    other_doc = DocumentFactory(unit=other, **period)
    o1 = StrategicTargetFactory(document=other_doc, text="Sasaran dinas lain")
    other_signed = DocumentFactory(unit=other.parent, **period)
    o_upper = StrategicTargetFactory(document=other_signed, text="Sasaran pemda lain")
    sign(
        other_signed,
        staf=member(other.parent, Membership.Role.STAF, "lain_staf"),
        kepala=member(other.parent, Membership.Role.KEPALA, "lain_kepala"),
    )
    return {
        "pemda": pemda,
        "dinas": dinas,
        "bidang": bidang,
        "other": other,
        "rpjmd": rpjmd,
        "p1": p1,
        "p2": p2,
        "p1_iku": p1_iku,
        "renstra": renstra,
        "d1": d1,
        "d2": d2,
        "d1_iku": d1_iku,
        "o1": o1,
        "o_upper": o_upper,
        "period": period,
        **users,
    }


@pytest.fixture
def tree_world(cascade):
    """The dinas's d1 supports p1 and is signed; the bidang's b1 supports d1, b2 nothing."""
    c = cascade
    YearlyTargetFactory(
        indicator=c["d1_iku"], year=YEAR, value=Decimal(80), value_upper=Decimal(90)
    )
    services.strategic_target_link(target=c["d1"], upper=c["p1"], user=c["dinas_staf"])
    sign(c["renstra"], staf=c["dinas_staf"], kepala=c["dinas_kepala"])
    bidang_doc = DocumentFactory(unit=c["bidang"], **c["period"])
    c["b1"] = StrategicTargetFactory(document=bidang_doc, text="Meningkatnya koperasi aktif")
    c["b2"] = StrategicTargetFactory(document=bidang_doc, text="Tertibnya administrasi bidang")
    services.strategic_target_link(target=c["b1"], upper=c["d1"], user=c["bidang_staf"])
    sign(bidang_doc, staf=c["bidang_staf"], kepala=c["bidang_kepala"])
    c["bidang_doc"] = bidang_doc
    return c
