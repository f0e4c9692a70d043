"""Loads the example documents (and, on request, demo logins). Safe to run again: what exists
is left as it is, so a second run changes nothing and never overwrites edits made since."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from indicators.demo.seeds import DEMO_DOCUMENTS
from indicators.models import Goal, GoalIndicator, IKUDocument, Indicator, StrategicTarget
from organizations.models import Function, Membership, Official, OrganizationUnit

DEMO_PASSWORD = "iku-demo-2026"  # noqa: S105 - demo logins exist only with DEBUG or an explicit flag


@dataclass
class DemoResult:
    created_documents: list[IKUDocument] = field(default_factory=list)
    existing_documents: list[IKUDocument] = field(default_factory=list)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # username, role, unit


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


def demo_unit(slug: str) -> OrganizationUnit | None:
    """The dinas of a demo document ("sumsel", "jambi"), wherever it sits in the tree."""
    seed = next(seed for seed in DEMO_DOCUMENTS if seed["slug"] == slug)
    return OrganizationUnit.objects.filter(name=seed["unit"]["name"]).order_by("pk").first()


def _government(seed) -> OrganizationUnit | None:
    """The pemerintah daerah above the dinas, with its kepala daerah (a state official)."""
    if "government_unit" not in seed:
        return None
    data = seed["government_unit"]
    government = OrganizationUnit.objects.filter(
        name=data["unit"]["name"], parent=None
    ).first() or _save(OrganizationUnit(**data["unit"]))
    if not government.officials.exists():
        _save(Official(unit=government, kind=Official.Kind.STATE_OFFICIAL, **data["official"]))
    return government


def _unit(seed) -> OrganizationUnit:
    unit = demo_unit(seed["slug"])
    government = _government(seed)
    if unit is None:
        unit = _save(OrganizationUnit(parent=government, **seed["unit"]))
    elif unit.parent_id is None and government is not None:
        unit.parent = government  # a database loaded before the pemda was part of the demo
        unit.save(update_fields=["parent"])
    if not unit.functions.exists():
        # A unit without functions gets all of them; one that has some keeps its own.
        Function.objects.bulk_create(
            [Function(unit=unit, order=i, text=t) for i, t in enumerate(seed["functions"])]
        )
    for name, kind in seed["sub_units"]:
        if not unit.children.filter(name=name).exists():
            _save(
                OrganizationUnit(
                    name=name,
                    kind=kind,
                    parent=unit,
                    government=unit.government,
                    seat_city=unit.seat_city,
                )
            )
    return unit


def _official(unit, seed) -> Official:
    data = dict(seed["official"])
    official = Official(unit=unit, **data)
    official.full_clean(validate_constraints=False)  # normalizes the NIP
    existing = unit.officials.filter(nip=official.nip).first()
    return existing or _save(official)


def _indicators(document, strategic_target, items, responsible):
    for order, item in enumerate(items):
        _save(
            Indicator(
                document=document,
                strategic_target=strategic_target,
                order=order,
                responsible=item.get("responsible", responsible),
                **{k: v for k, v in item.items() if k != "responsible"},
            )
        )


def _document(unit, official, seed) -> tuple[IKUDocument, bool]:
    fields = seed["document"]
    existing = IKUDocument.objects.filter(
        unit=unit,
        period_start=fields["period_start"],
        period_end=fields["period_end"],
        revision=fields["revision"],
    ).first()
    if existing:
        return existing, False
    document = _save(IKUDocument(unit=unit, signatory=official, **fields))
    for order, goal_seed in enumerate(seed["goals"]):
        goal = _save(Goal(document=document, order=order, text=goal_seed["text"]))
        for i, text in enumerate(goal_seed["indicators"]):
            _save(GoalIndicator(goal=goal, order=i, text=text))
        for j, target_seed in enumerate(goal_seed["strategic_targets"]):
            target = _save(
                StrategicTarget(document=document, goal=goal, order=j, text=target_seed["text"])
            )
            _indicators(document, target, target_seed["indicators"], seed["responsible"])
    for order, target_seed in enumerate(seed["loose_strategic_targets"]):
        target = _save(StrategicTarget(document=document, order=order, text=target_seed["text"]))
        _indicators(document, target, target_seed["indicators"], seed["responsible"])
    return document, True


def _logins(unit, slug, result: DemoResult) -> None:
    User = get_user_model()
    for role in (Membership.Role.STAF, Membership.Role.KEPALA):
        username = f"{slug}.{role}"
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.get_or_create(user=user, unit=unit, defaults={"role": role})
        result.logins.append((username, role, unit.name))


@transaction.atomic
def load_demo(*, with_logins: bool) -> DemoResult:
    result = DemoResult()
    for seed in DEMO_DOCUMENTS:
        unit = _unit(seed)
        official = _official(unit, seed)
        document, created = _document(unit, official, seed)
        (result.created_documents if created else result.existing_documents).append(document)
        if with_logins:
            _logins(unit, seed["slug"], result)
            if unit.parent_id and "government_unit" in seed:
                _logins(unit.parent, seed["government_unit"]["slug"], result)
    if with_logins:
        User = get_user_model()
        admin, created = User.objects.get_or_create(
            username="admin", defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            admin.set_password(DEMO_PASSWORD)
            admin.save()
        result.logins.append(("admin", "admin", "—"))
    return result
