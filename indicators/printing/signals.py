"""Every saved or removed part of a document asks for its PDF to be rendered once the edits
settle (`services.document_edited`). Connected in IndicatorsConfig.ready()."""

from django.db.models.signals import post_delete, post_save

from indicators.models import (
    Goal,
    GoalIndicator,
    IKUDocument,
    Indicator,
    StrategicTarget,
    YearlyTarget,
)
from indicators.printing.services import document_edited

# How each kind of row names its document, without a query where the parent is loaded.
DOCUMENT_OF = {
    IKUDocument: lambda row: None if row.is_frozen else row.pk,
    Goal: lambda row: row.document_id,
    StrategicTarget: lambda row: row.document_id,
    Indicator: lambda row: row.document_id,
    GoalIndicator: lambda row: row.goal.document_id,
    YearlyTarget: lambda row: row.indicator.document_id,
}


def _edited(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loaded from a fixture
        return
    try:
        document_id = DOCUMENT_OF[sender](instance)
    except Exception:  # noqa: BLE001 - a parent removed with it (cascade): nothing to render
        return
    document_edited(document_id)


def connect() -> None:
    for model in DOCUMENT_OF:
        post_save.connect(_edited, sender=model, dispatch_uid=f"prerender-{model.__name__}")
        post_delete.connect(_edited, sender=model, dispatch_uid=f"prerender-del-{model.__name__}")
