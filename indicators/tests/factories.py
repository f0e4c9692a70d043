import factory

from indicators.models import (
    Goal,
    GoalIndicator,
    IKUDocument,
    Indicator,
    StrategicTarget,
    YearlyTarget,
)
from indicators.workflow import services as workflow
from indicators.workflow import signing
from organizations.tests.factories import OfficialFactory, UnitFactory


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IKUDocument

    unit = factory.SubFactory(UnitFactory)
    period_start = 2024
    period_end = 2026
    revision = 0
    layout = IKUDocument.Layout.LENGKAP
    signature_place = "Kota Contoh"


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    document = factory.SubFactory(DocumentFactory)
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Tujuan contoh {n}")


class GoalIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalIndicator

    goal = factory.SubFactory(GoalFactory)
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Indikator tujuan {n}")


class StrategicTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicTarget

    document = factory.SubFactory(DocumentFactory)
    goal = None
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Sasaran strategis {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    strategic_target = factory.SubFactory(StrategicTargetFactory)
    document = factory.SelfAttribute("strategic_target.document")
    order = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"Persentase capaian {n}")
    satuan = "%"
    formula = "Jumlah A / Jumlah B × 100%"
    data_source = "Bidang Contoh"
    responsible = "Dinas Contoh"


class YearlyTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearlyTarget

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2024
    value = "75.5"


def sign(document, *, staf, kepala):
    """Sign a document the one way there is: submitted by `staf`, signed by `kepala` through the
    services (a status is never written directly)."""
    if document.signatory_id is None:
        document.signatory = OfficialFactory(unit=document.unit)
        document.save()
    workflow.document_submit(document=document, user=staf)
    version = signing.document_sign(
        document=document,
        user=kepala,
        verification_url=lambda code: f"http://iku.example.go.id/verifikasi/{code}/",
    )
    document.refresh_from_db()
    return version
