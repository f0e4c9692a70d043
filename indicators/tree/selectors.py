"""Reads that join: each returns what a page needs in a fixed number of queries."""

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from indicators.models import (
    Goal,
    GoalIndicator,
    IKUDocument,
    Indicator,
    StrategicTarget,
    YearlyTarget,
)
from indicators.tree.numbering import assign_codes
from organizations.access import unit_roles
from organizations.models import OrganizationUnit


@dataclass
class DocumentTree:
    """A document's tujuan → sasaran → IKU tree, in print order, with codes assigned.

    Each goal carries `target_list`; each strategic target carries `indicator_list`;
    each indicator carries `yearly_targets`, [(year, value, upper bound or None), …] by year.
    """

    document: IKUDocument
    goals: list[Goal] = field(default_factory=list)
    loose_targets: list[StrategicTarget] = field(default_factory=list)
    folded: bool = False  # the editor: a long document, folded by sasaran
    unfolded_long: bool = False  # the editor: a long document, every IKU shown

    @property
    def strategic_targets(self) -> list[StrategicTarget]:
        return [t for g in self.goals for t in g.target_list] + self.loose_targets

    @property
    def indicators(self) -> list[Indicator]:
        return [i for t in self.strategic_targets for i in t.indicator_list]


def document_tree(*, document: IKUDocument) -> DocumentTree:
    """The whole tree of a document, model instances with every field, with its codes."""
    goals = list(document.goals.prefetch_related("indicators"))
    # With the upper sasaran and IKU each supports (cascading), joined: the snapshot names them.
    targets = list(document.strategic_targets.select_related("supports__document__unit"))
    indicators = list(
        Indicator.objects.filter(document=document)
        .select_related("supports__document__unit")
        .order_by("order", "id")
    )
    _attach_yearly_targets(indicators)
    return _assemble(document, goals, targets, indicators)


class EditorItem(SimpleNamespace):
    """A row the editor shows (tujuan, sasaran or IKU): plain values, not a model instance."""


def editor_tree(
    *, document: IKUDocument, opened: int | None = None, unfold_all=False, fold_over: int = 50
) -> DocumentTree:
    """The editor's read of a document's tree, with its codes: only the fields the editor
    shows, as plain rows (a 100-IKU document is read as cheaply as a short one).

    A document of more than `fold_over` IKU comes `folded`: only the IKU of the sasaran
    `opened` carry their yearly targets (the others are shown as a count); `unfold_all`
    unfolds it.
    """
    goals, targets, indicators = {}, {}, []
    for row in _editor_rows(document.pk):
        kind, pk, goal_id, code, text, iku_pk, iku_code, name, satuan, formula = row[:10]
        if kind == 0:  # a tujuan, and one of its indicators (iku_code holds its text)
            if pk not in goals:
                goals[pk] = EditorItem(pk=pk, code=code, text=text, indicator_texts=[])
            if iku_code is not None:
                goals[pk].indicator_texts.append(iku_code)
            continue
        if pk not in targets:
            targets[pk] = EditorItem(
                pk=pk,
                goal_id=goal_id,
                code=code,
                text=text,
                supports_text="",
                supports_unit="",
                supports_stale=False,
            )
        if iku_pk is not None:
            indicators.append(
                EditorItem(
                    pk=iku_pk,
                    strategic_target_id=pk,
                    code=iku_code,
                    name=name,
                    satuan=satuan,
                    formula=formula,
                )
            )
    # What each sasaran supports above (cascading): one small read of the linked ones only.
    for pk, upper, unit, status in StrategicTarget.objects.filter(
        document_id=document.pk, supports__isnull=False
    ).values_list(
        "pk", "supports__text", "supports__document__unit__name", "supports__document__status"
    ):
        if pk in targets:
            targets[pk].supports_text, targets[pk].supports_unit = upper, unit
            targets[pk].supports_stale = status != IKUDocument.Status.SIGNED
    # And each IKU under a linked sasaran, the upper IKU it supports (none read otherwise).
    if any(target.supports_text for target in targets.values()):
        by_pk = {indicator.pk: indicator for indicator in indicators}
        for pk, upper, cascading in Indicator.objects.filter(
            document_id=document.pk, supports__isnull=False
        ).values_list("pk", "supports__name", "cascading"):
            if pk in by_pk:
                by_pk[pk].supports_text, by_pk[pk].cascading = upper, cascading
    goals, targets = list(goals.values()), list(targets.values())
    long = len(indicators) > fold_over
    folded = long and not unfold_all
    shown = [i for i in indicators if not folded or i.strategic_target_id == opened]
    _attach_yearly_targets(shown)
    tree = _assemble(document, goals, targets, indicators)
    tree.folded, tree.unfolded_long = folded, long and not folded
    for target in tree.strategic_targets:
        target.folded = folded and target.pk != opened
    return tree


def _editor_rows(document_id: int) -> list[tuple]:
    """The editor's whole tree in one read (the page it opens most): each tujuan with its
    indicators (kind 0; the indicator's text in the 7th column), then each sasaran with its IKU
    (kind 1), in document order. Written as SQL: the ORM's building of the two queries cost
    more than running them."""
    with connection.cursor() as cursor:
        cursor.execute(_editor_sql(), [document_id, document_id])
        return cursor.fetchall()


@functools.cache
def _editor_sql() -> str:
    q = connection.ops.quote_name
    goal, goal_indicator = q(Goal._meta.db_table), q(GoalIndicator._meta.db_table)
    target, indicator = q(StrategicTarget._meta.db_table), q(Indicator._meta.db_table)
    order = q("order")
    # Only table and column names from the models go into the text; the id is a parameter.
    return (
        f"SELECT 0, g.id, NULL, g.code, g.text, NULL, gi.text, NULL, NULL, NULL,"  # noqa: S608
        f" g.{order}, g.id, gi.{order}, gi.id"
        f" FROM {goal} g LEFT JOIN {goal_indicator} gi ON gi.goal_id = g.id"
        f" WHERE g.document_id = %s"
        f" UNION ALL"
        f" SELECT 1, t.id, t.goal_id, t.code, t.text, i.id, i.code, i.name, i.satuan, i.formula,"
        f" t.{order}, t.id, i.{order}, i.id"
        f" FROM {target} t LEFT JOIN {indicator} i ON i.strategic_target_id = t.id"
        f" WHERE t.document_id = %s"
        f" ORDER BY 1, 11, 12, 13, 14"
    )


@dataclass
class DocumentOutline:
    """What the tujuan, sasaran and IKU forms offer to choose from: the document's tujuan and
    sasaran as plain rows in document order, each with its `display_code`, and the perspektif
    its IKU use, in alphabetical order."""

    goals: list[EditorItem]
    strategic_targets: list[EditorItem]
    perspectives: list[str]


def document_outline(*, document: IKUDocument) -> DocumentOutline:
    """A document's outline in one read, written as SQL for the reason the editor's read is
    (building three ORM queries cost more than running them: docs/PERFORMANCE.md, "The one-IKU
    edit form")."""
    goals, targets, perspectives = [], [], {}
    with connection.cursor() as cursor:
        cursor.execute(_outline_sql(), [document.pk] * 3)
        for kind, pk, goal_id, code, text, _order in cursor.fetchall():
            if kind == 0:
                goals.append(EditorItem(pk=pk, code=code, text=text))
            elif kind == 1:
                targets.append(EditorItem(pk=pk, goal_id=goal_id, code=code, text=text))
            else:
                perspectives[text] = None
    assign_codes(goals, targets, [])
    return DocumentOutline(goals, targets, list(perspectives))


@functools.cache
def _outline_sql() -> str:
    q = connection.ops.quote_name
    goal, target = q(Goal._meta.db_table), q(StrategicTarget._meta.db_table)
    indicator, order = q(Indicator._meta.db_table), q("order")
    # Only table and column names from the models go into the text; the id is a parameter.
    # The perspektif are made distinct in Python (DISTINCT in one branch of a UNION would
    # give its NULL columns a type of their own on PostgreSQL).
    return (
        f"SELECT 0, g.id, NULL, g.code, g.text, g.{order}"  # noqa: S608
        f" FROM {goal} g WHERE g.document_id = %s"
        f" UNION ALL"
        f" SELECT 1, t.id, t.goal_id, t.code, t.text, t.{order}"
        f" FROM {target} t WHERE t.document_id = %s"
        f" UNION ALL"
        f" SELECT 2, 0, NULL, NULL, i.perspective, 0"
        f" FROM {indicator} i WHERE i.document_id = %s AND i.perspective <> ''"
        f" ORDER BY 1, 6, 2, 5"
    )


def indicator_targets(*, indicator: Indicator) -> dict:
    """{year: (value, upper bound or None)} of one IKU, for its form. Written as SQL for the
    outline's reason (building the ORM's query cost the form about ten times running it:
    docs/PERFORMANCE.md, "The one-IKU edit form"); each value goes through the converters the
    ORM would apply (SQLite keeps a decimal as a float or an integer)."""
    sql, converters = _targets_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [indicator.pk])
        rows = cursor.fetchall()
    targets = {}
    for row in rows:
        year, value, upper = (
            functools.reduce(lambda v, convert: convert(v, col, connection), column, v)
            for v, (col, column) in zip(row, converters, strict=True)
        )
        targets[year] = (value, upper)
    return targets


@functools.cache
def _targets_sql():
    q = connection.ops.quote_name
    table = YearlyTarget._meta.db_table
    fields = [YearlyTarget._meta.get_field(name) for name in ("year", "value", "value_upper")]
    converters = []
    for target_field in fields:
        col = target_field.get_col(table)
        column = [
            *connection.ops.get_db_converters(col),
            *target_field.get_db_converters(connection),
        ]
        converters.append((col, column))
    columns = ", ".join(q(target_field.column) for target_field in fields)
    indicator_column = q(YearlyTarget._meta.get_field("indicator").column)
    # Only table and column names from the model go into the text; the id is a parameter.
    sql = f"SELECT {columns} FROM {q(table)} WHERE {indicator_column} = %s"  # noqa: S608
    return sql, converters


def _attach_yearly_targets(indicators) -> None:
    """Set `yearly_targets` on each indicator: [(year, value, upper bound or None), …]."""
    if not indicators:
        return  # a folded editor: nothing to read
    # Plain tuples, not model instances: a 100-indicator document has 500+ targets.
    yearly = defaultdict(list)
    for indicator_id, year, value, upper in (
        YearlyTarget.objects.filter(indicator_id__in=[i.pk for i in indicators])
        .order_by("year")
        .values_list("indicator_id", "year", "value", "value_upper")
    ):
        yearly[indicator_id].append((year, value, upper))
    for indicator in indicators:
        indicator.yearly_targets = yearly[indicator.pk]


def _assemble(document, goals, targets, indicators) -> DocumentTree:
    """Hang the rows (each list in document order) on each other and number them."""
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


def title_or_unit_search(q: str) -> Q:
    """Documents whose title or unit name holds `q` (the admin's document search), probed as
    `_search` does: a rare word a short list of ids, a common one a condition per row."""
    limit = SEARCH_PROBE + 1
    by_title = (
        IKUDocument.objects.filter(title__icontains=q).order_by().values_list("pk", flat=True)
    )
    by_unit = (
        OrganizationUnit.objects.filter(name__icontains=q).order_by().values_list("pk", flat=True)
    )
    titles, units = list(by_title[:limit]), list(by_unit[:limit])
    if max(len(titles), len(units)) <= SEARCH_PROBE:
        return Q(pk__in=titles) | Q(unit_id__in=units)
    return Q(title__icontains=q) | Q(unit__name__icontains=q)


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
