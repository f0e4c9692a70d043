"""The document's change history ("Riwayat perubahan") shows values as the portal shows them
elsewhere: "3,4" and "80–90", never "3.4000" or a range cut to its lower bound."""

from decimal import Decimal

from django.urls import reverse

from core.numbers import Range
from indicators.tests.factories import DocumentFactory, IndicatorFactory
from indicators.tree import services


def test_the_history_shows_targets_the_indonesian_way(client, staf, unit):
    document = DocumentFactory(unit=unit, period_start=2025, period_end=2026)
    indicator = IndicatorFactory(strategic_target__document=document)
    services.indicator_save(
        indicator=indicator,
        targets={2025: Decimal("3.4"), 2026: Range(Decimal(80), Decimal(90))},
        version=indicator.version,
    )
    client.force_login(staf)
    page = client.get(reverse("indicators:document_history", args=[document.pk])).content.decode()
    assert "2025: 3,4" in page and "2026: 80–90" in page
    assert "3.4000" not in page and "2026: 80.0000" not in page
