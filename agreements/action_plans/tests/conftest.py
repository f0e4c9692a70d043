"""The dinas of agreements/tests/conftest.py, its IKU measured every triwulan: "Jumlah UMKM
naik kelas" kumulatif (its quarters add up to the year's 1.250), "Persentase koperasi sehat"
non-kumulatif (35,5 in 2025); and its PK 2025, signed."""

from decimal import Decimal

import pytest

from agreements import services
from agreements.action_plans import services as plan_services

# The dinas, its pemda and its head, as the PK's tests have them.
from agreements.tests.conftest import (  # noqa: F401
    head,
    pemda,
    sign_agreement,
    sign_without_pdf,
    unit,
)
from indicators.models import Indicator
from indicators.tests.factories import (
    DocumentFactory,
    IndicatorFactory,
    StrategicTargetFactory,
    YearlyTargetFactory,
)

QUARTERLY = Indicator.Frequency.QUARTERLY


@pytest.fixture
def iku_document(unit, staf, kepala, head):  # noqa: F811
    document = DocumentFactory(unit=unit, period_start=2024, period_end=2026, signatory=head)
    first = StrategicTargetFactory(document=document, text="Meningkatnya daya saing koperasi")
    sehat = IndicatorFactory(
        strategic_target=first,
        name="Persentase koperasi sehat",
        satuan="%",
        frequency=QUARTERLY,
        calculation_type=Indicator.CalculationType.NON_CUMULATIVE,
    )
    YearlyTargetFactory(indicator=sehat, year=2025, value=Decimal("35.5"))
    naik = IndicatorFactory(
        strategic_target=first,
        name="Jumlah UMKM naik kelas",
        satuan="unit usaha",
        frequency=QUARTERLY,
        calculation_type=Indicator.CalculationType.CUMULATIVE,
    )
    YearlyTargetFactory(indicator=naik, year=2025, value=Decimal("1250"))
    sign_without_pdf(document, staf=staf, kepala=kepala)
    return document


@pytest.fixture
def draft_agreement(unit, staf, iku_document):  # noqa: F811
    return services.agreement_start(unit=unit, year=2025, user=staf)


@pytest.fixture
def signed_agreement(draft_agreement, staf, kepala):
    return sign_agreement(draft_agreement, staf=staf, kepala=kepala)


@pytest.fixture
def plan(signed_agreement, staf):
    return plan_services.action_plan_start(agreement=signed_agreement, user=staf)
