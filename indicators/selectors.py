"""Reads that join: each returns what a page needs in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from organizations.access import unit_roles
from organizations.models import OrganizationUnit

from .models import Goal, GoalIndicator, IKUDocument, Indicator, StrategicTarget, YearlyTarget
from .numbering import assign_codes


@dataclass
class DocumentTree:
    """A document's tujuan → sasaran → IKU tree, in print order, with codes assigned.

    Each goal carries `target_list`; each strategic target carries `indicator_list`;
    each indicator carries `yearly_targets`, [(year, value, upper bound or None), …] by year.
    """

    document: IKUDocument
    goals: list[Goal] = field(default_factory=list)
    loose_targets: list[StrategicTarget] = field(default_factory=list)

    @property
    def strategic_targets(self) -> list[StrategicTarget]:
        return [t for g in self.goals for t in g.target_list] + self.loose_targets

    @property
    def indicators(self) -> list[Indicator]:
        return [i for t in self.strategic_targets for i in t.indicator_list]


# What the editor leaves unread: long texts it does not show.
EDITOR_DEFERRED = ("explanation", "selection_reason", "definition", "data_source", "responsible")


def document_tree(*, document: IKUDocument, editor_targets_of=False) -> DocumentTree:
    """The whole tree of a document, with its codes. For the editor (`editor_targets_of`: the
    ids of the sasaran whose IKU it shows, or None for all), the long texts are not read and
    the yearly targets only of the IKU shown."""
    goals = list(document.goals.prefetch_related("indicators"))
    targets = list(document.strategic_targets.all())
    indicators = Indicator.objects.filter(document=document).order_by("order", "id")
    editor = editor_targets_of is not False
    if editor:
        indicators = indicators.defer(*EDITOR_DEFERRED)
    indicators = list(indicators)
    shown = [
        i.pk
        for i in indicators
        if not editor or editor_targets_of is None or i.strategic_target_id in editor_targets_of
    ]
    # Plain tuples, not model instances: a 100-indicator document has 500+ targets.
    yearly = defaultdict(list)
    for indicator_id, year, value, upper in (
        YearlyTarget.objects.filter(indicator_id__in=shown)
        .order_by("year")
        .values_list("indicator_id", "year", "value", "value_upper")
    ):
        yearly[indicator_id].append((year, value, upper))
    for indicator in indicators:
        indicator.yearly_targets = yearly[indicator.pk]

    by_target = defaultdict(list)
    for indicator in indicators:
        by_target[indicator.strategic_target_id].append(indicator)
    by_goal = defaultdict(list)
    for target in targets:
        target.indicator_list = by_target[target.pk]
        by_goal[target.goal_id].append(target)
    for goal in goals:
        goal.target_list = by_goal[goal.pk]

    tree = DocumentTree(document=document, goals=goals, loose_targets=by_goal[None])
    assign_codes(tree.goals, tree.strategic_targets, tree.indicators)
    return tree


def document_print_data(*, document: IKUDocument):
    """Everything a printed document shows: the document with its unit and signatory, its
    tree, and its unit's functions."""
    document = IKUDocument.objects.select_related("unit", "signatory").get(pk=document.pk)
    return document_tree(document=document), list(document.unit.functions.all())


SEARCH_PROBE = 1000


def _search(q: str) -> tuple[Q, bool]:
    """Documents whose title, unit name or an IKU name holds `q`, cheap at any scale.

    Each of the three is probed first, up to SEARCH_PROBE rows, through its trigram index on
    PostgreSQL. A rare word (every probe complete) becomes a short list of ids; a common word
    becomes conditions checked document by document (EXISTS), newest first, so that a page
    stops after its rows; it is then a broad search, paged without a count. Never a join
    with DISTINCT over wide rows.
    """
    limit = SEARCH_PROBE + 1
    by_title = IKUDocument.objects.filter(title__icontains=q).order_by().values_list("pk")
    by_unit = OrganizationUnit.objects.filter(name__icontains=q).order_by().values_list("pk")
    by_iku = Indicator.objects.filter(name__icontains=q).order_by().values_list("document_id")
    found = [[row[0] for row in rows[:limit]] for rows in (by_title, by_unit, by_iku)]
    if max(len(ids) for ids in found) <= SEARCH_PROBE:
        return Q(pk__in=set(found[0]) | set(found[2])) | Q(unit_id__in=found[1]), False
    return (
        Q(title__icontains=q)
        | Q(unit__name__icontains=q)
        | Exists(Indicator.objects.filter(document=OuterRef("pk"), name__icontains=q))
    ), True


def document_search(
    *,
    user,
    q: str = "",
    unit_id: int | None = None,
    period_start: int | None = None,
    status: str = "",
):
    """(The documents a user may see, newest first, filtered; whether the search is broad,
    a common word best paged without a count)."""
    documents = IKUDocument.objects.select_related("unit")
    broad = False
    if not user.is_superuser:
        documents = documents.filter(unit_id__in=list(unit_roles(user)))
    if q:
        condition, broad = _search(q)
        documents = documents.filter(condition)
    if unit_id:
        documents = documents.filter(unit_id=unit_id)
    if period_start:
        documents = documents.filter(period_start=period_start)
    if status:
        documents = documents.filter(status=status)
    return documents.order_by("-updated_at", "-id"), broad


def document_list_for_user(*, user, **filters):
    """The documents a user may see, newest first, filtered; one query per page."""
    return document_search(user=user, **filters)[0]


def units_for_user(*, user):
    return OrganizationUnit.objects.filter(pk__in=list(unit_roles(user))).order_by("name")


def document_history(*, document: IKUDocument):
    """Every recorded change to the document and to anything under it, newest first.

    Returns a list of historical records (django-simple-history) of several models, each with
    `kind` set to a label for the page.
    """
    from django.utils.translation import gettext as _

    indicator_ids = Indicator.history.filter(document_id=document.pk).values("id")
    goal_ids = Goal.history.filter(document_id=document.pk).values("id")
    sources = [
        (_("document"), IKUDocument.history.filter(id=document.pk)),
        (_("goal"), Goal.history.filter(document_id=document.pk)),
        (_("goal indicator"), GoalIndicator.history.filter(goal_id__in=goal_ids)),
        (_("strategic target"), StrategicTarget.history.filter(document_id=document.pk)),
        (_("indicator"), Indicator.history.filter(document_id=document.pk)),
        (_("yearly target"), YearlyTarget.history.filter(indicator_id__in=indicator_ids)),
    ]
    records = []
    for kind, queryset in sources:
        for record in queryset.select_related("history_user"):
            record.kind = kind
            records.append(record)
    return sorted(records, key=lambda r: r.history_date, reverse=True)
