"""The pohon kinerja (performance tree) as data: from a top unit (a pemda, or a dinas) down two
levels, each unit's document in force for a year, its sasaran with their IKU and that year's
targets, and the sasaran of the units below attached under the upper sasaran they support.

- **The document of a unit** is the one the units below link to, as in the alignment
  (`selectors.alignment_for_units`): signed, covering the year, not superseded (of several,
  the latest), and readable to the viewer (`rules.readable_documents`). A draft is never
  drawn: the tree is what holds, and what is measured.
- **Attached** under an upper sasaran: a lower sasaran whose `supports` is that sasaran, or an
  older version of it (a link not yet moved onto the Perubahan, `stale`). A lower sasaran
  linked to nothing the tree shows (no link, or a link to another unit's document) sits in
  its unit's group "tidak selaras" (`Group`), never hidden.
- **Targets** are printed as the document prints them: `format_value` with the satuan.

Five queries however many units and sasaran (units, documents with the viewer's roles,
sasaran, IKU, targets), the sasaran's not at all while the tree's structure is kept in the cache
(`CACHE_SECONDS`, keyed by what it is made of). Capaian is not read here (`indicators` does not
import `performance`); `performance.pohon_kinerja` adds it to the same nodes.
"""

import copy
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace

from django.core.cache import cache
from django.db.models import Q

from core.numbers import format_value
from indicators.choices import DocumentStatus
from indicators.models import IKUDocument, Indicator, StrategicTarget, YearlyTarget
from indicators.printing.print_layout import with_satuan
from indicators.rules import is_member_of_a_unit_below, readable_documents
from organizations.access import is_admin
from organizations.models import OrganizationUnit


@dataclass
class TreeIndicator:
    pk: int
    lineage_id: int
    name: str
    satuan: str
    target_text: str  # as printed: "75,5%", "80–90 kali"; "" without a target that year
    cascading: str  # C, CP, N or ""
    supports_id: int | None
    supports_lineage: int | None = None
    capaian_text: str = ""  # filled by performance.pohon_kinerja where figures exist

    @classmethod
    def of(
        cls, *, pk, origin_id, name, satuan, cascading, supports_id, target, supports_lineage
    ) -> "TreeIndicator":
        """From an IKU's fields and its target of the year (value, upper) or None."""
        return cls(
            pk=pk,
            lineage_id=origin_id or pk,
            name=name,
            satuan=satuan,
            target_text=with_satuan(format_value(*target), satuan) if target else "",
            cascading=cascading or "",
            supports_id=supports_id,
            supports_lineage=supports_lineage,
        )


@dataclass
class Node:
    """A sasaran in the tree, or (`group`) the sasaran of one unit that support nothing shown."""

    key: str  # "s<pk>" for a sasaran, "u<unit pk>" for a unit's group of "tidak selaras"
    text: str
    unit_id: int
    unit_name: str
    level: int  # 0 for the top unit's sasaran, 1 for the units below it, 2 below those
    pk: int | None = None
    document_id: int | None = None
    supports_text: str = ""  # for the top unit's sasaran: the upper sasaran it supports
    stale: bool = False  # linked to an older version of the upper sasaran
    group: bool = False
    upper_missing: bool = False  # a group whose upper unit has no document in the tree
    indicators: list[TreeIndicator] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    capaian_text: str = ""  # filled by performance.pohon_kinerja: the average of its IKU's
    capaian_count: int = 0  # how many IKU with a capaian that average is of
    supporting: list = field(default_factory=list)  # (node, capaian text), likewise
    kept: bool = False  # a node of a kept structure, shared by requests: never written to
    below: int = 0  # how many nodes its branch holds under it (counted once, `_structure`)

    @property
    def depth(self) -> int:
        """Where the node is drawn: a group sits on the row of the sasaran it could support."""
        return self.level - 1 if self.group else self.level

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class PerformanceTree:
    top: OrganizationUnit
    year: int
    roots: list[Node]  # the top unit's sasaran, then the groups of "tidak selaras"
    documents: dict[int, int]  # unit id → the id of its document in the tree
    units_without_document: list[str] = field(default_factory=list)
    units_with_children: frozenset[int] = frozenset()  # units of the tree with units below
    _nodes: list[Node] | None = field(default=None, repr=False, compare=False)

    def nodes(self) -> list[Node]:
        """Every node, each before its children (read once per tree)."""
        if self._nodes is None:
            self._nodes, stack = [], list(reversed(self.roots))
            while stack:
                node = stack.pop()
                self._nodes.append(node)
                stack.extend(reversed(node.children))
        return self._nodes

    def find(self, key: str) -> Node | None:
        return next((n for n in self.nodes() if n.key == key), None)

    def own(self, opened: set[str] | None = None) -> "PerformanceTree":
        """This tree for one request: its roots, and the children of the nodes in `opened`
        (of every node with None), as copies that IKU and capaian can be written into; the
        rest of the structure is the kept one's, shared and only read."""

        def copied(node: Node) -> Node:
            mine = copy.copy(node)
            mine.kept, mine.indicators, mine.supporting = False, [], []
            if opened is None or node.key in opened:
                mine.children = [copied(child) for child in node.children]
            else:  # folded: its branch is only counted
                mine.children = list(node.children)
            return mine

        return replace(self, roots=[copied(root) for root in self.roots], _nodes=None)

    def _shared(self, top: OrganizationUnit) -> "PerformanceTree":
        """The kept structure under the request's `top`, its nodes shared."""
        self.nodes()  # listed once, in the kept structure
        return replace(self, top=top)


def _levels(top: OrganizationUnit) -> tuple[dict, dict, dict, list]:
    """({unit id: level under top}, {unit id: parent id}, {unit id: name}, the rows read) for
    the top unit and the units under it (two levels down, `within`): one query."""
    rows = list(
        OrganizationUnit.objects.within([top])
        .order_by("name", "id")
        .values_list("pk", "parent_id", "name")
    )
    parents = {pk: parent for pk, parent, _name in rows}
    names = {pk: name for pk, _parent, name in rows}
    levels = {top.pk: 0}
    for pk, parent, _name in rows:
        if pk != top.pk:
            levels[pk] = 1 if parent == top.pk else 2
    return levels, parents, names, rows


def performance_tree(
    *, top: OrganizationUnit, user, year: int, indicators: bool = True
) -> PerformanceTree:
    """The pohon kinerja under `top` in `year`, as `user` may see it (see the module), a copy
    of its own with its IKU; without `indicators`, the kept structure of its sasaran, to be
    read only (a page takes its own copy of what it draws, `PerformanceTree.own`, and adds
    their IKU: `add_indicators`)."""
    levels, parents, names, unit_rows = _levels(top)
    in_force = IKUDocument.objects.filter(
        unit_id__in=OrganizationUnit.objects.within([top]).values("pk"),
        status=DocumentStatus.SIGNED,
        period_start__lte=year,
        period_end__gte=year,
    )
    documents = readable_documents(user, in_force)
    # A member of a unit below reads the top's document in force too (the admin reads all).
    if not is_admin.test(user) and is_member_of_a_unit_below.test(user, top):
        documents = in_force.filter(Q(pk__in=documents.values("pk")) | Q(unit_id=top.pk))
    chosen: dict[int, int] = {}  # unit id → its document's id
    last_change = None  # of the documents read: any later change of one moves it
    for pk, unit_id, updated_at in documents.order_by("period_start", "revision", "id").values_list(
        "pk", "unit_id", "updated_at"
    ):
        chosen[unit_id] = pk  # the latest wins
        last_change = updated_at if last_change is None else max(last_change, updated_at)
    key = _cache_key(top, year, unit_rows, chosen, last_change)
    structure = _kept(key)
    if structure is None:
        structure = _structure(top, year, levels, parents, names, chosen)
        _keep(key, structure)
    tree = structure._shared(top)
    if not indicators:
        return tree
    tree = tree.own()
    add_indicators(tree)
    return tree


# The structure of a tree (its units, documents and sasaran, their links) is kept by what it is
# made of: the units under the top (with their names and places) and the signed documents it
# draws. Both are in the key, and a signed document's sasaran and links never change (frozen at
# every layer), so a kept structure is the one that would be read again; a document signed, a
# Perubahan, a unit renamed or moved make another key. The IKU, targets and capaian are read
# afresh each time (`add_indicators`, `performance.pohon_kinerja`).
# A process keeps the last KEPT_IN_PROCESS structures it used as they are (reading one back from
# the cache is unpickling all its nodes: most of a folded page's time at 1,800 sasaran); their
# nodes are marked `kept` and never written to (`own`, `writable`).
CACHE_SECONDS = 3600
KEPT_IN_PROCESS = 8
_in_process: OrderedDict[str, PerformanceTree] = OrderedDict()
_in_process_lock = threading.Lock()


def _cache_key(top, year: int, unit_rows: list, chosen: dict, last_change) -> str:
    """The units as read (ids, parents, names, in their order), the documents chosen and the
    latest change of any document read."""
    made_of = repr((unit_rows, list(chosen.items()), str(last_change)))
    return f"pohon-kinerja:{top.pk}:{year}:" + hashlib.sha256(made_of.encode()).hexdigest()


def _kept(key: str) -> PerformanceTree | None:
    with _in_process_lock:
        structure = _in_process.get(key)
        if structure is not None:
            _in_process.move_to_end(key)
            return structure
    structure = cache.get(key)
    if structure is not None:
        _keep(key, structure, shared=False)
    return structure


def _keep(key: str, structure: PerformanceTree, shared: bool = True) -> None:
    for node in structure.nodes():
        node.kept = True
    if shared:
        cache.set(key, structure, CACHE_SECONDS)
    with _in_process_lock:
        _in_process[key] = structure
        while len(_in_process) > KEPT_IN_PROCESS:
            _in_process.popitem(last=False)


def writable(nodes) -> list[Node]:
    nodes = list(nodes)
    if any(node.kept for node in nodes):
        raise ValueError("a kept structure's nodes are shared: write into `tree.own()`'s")
    return nodes


def _structure(top, year, levels, parents, names, chosen) -> PerformanceTree:
    """The tree's sasaran, each under the upper sasaran it supports (see the module)."""
    by_document = {pk: unit_id for unit_id, pk in chosen.items()}

    nodes: dict[int, Node] = {}
    links: dict[int, tuple[int | None, int | None]] = {}  # pk → (supports, its lineage)
    lineage_of: dict[int, int] = {}
    for values in (
        StrategicTarget.objects.filter(document_id__in=list(by_document))
        .order_by("document_id", "goal__order", "goal_id", "order", "id")
        .values(
            "pk",
            "text",
            "document_id",
            "origin_id",
            "supports_id",
            "supports__origin_id",
            "supports__text",
        )
    ):
        unit_id = by_document[values["document_id"]]
        nodes[values["pk"]] = Node(
            key=f"s{values['pk']}",
            pk=values["pk"],
            text=values["text"],
            unit_id=unit_id,
            unit_name=names[unit_id],
            level=levels[unit_id],
            document_id=values["document_id"],
            supports_text=(values["supports__text"] or "") if unit_id == top.pk else "",
        )
        lineage_of[values["pk"]] = values["origin_id"] or values["pk"]
        links[values["pk"]] = (
            values["supports_id"],
            values["supports__origin_id"] or values["supports_id"],
        )

    by_lineage = {(n.document_id, lineage_of[pk]): n for pk, n in nodes.items()}
    roots: list[Node] = []
    groups: dict[int, Node] = {}
    for pk, node in nodes.items():
        if node.unit_id == top.pk:
            roots.append(node)
            continue
        upper = _upper(links[pk], nodes, by_lineage, chosen.get(parents[node.unit_id]))
        if upper is not None:
            upper.children.append(node)
            node.stale = links[pk][0] != upper.pk
            continue
        if node.unit_id not in groups:
            groups[node.unit_id] = Node(
                key=f"u{node.unit_id}",
                text=names[parents[node.unit_id]],  # the unit it could support
                unit_id=node.unit_id,
                unit_name=node.unit_name,
                level=node.level,
                group=True,
                upper_missing=parents[node.unit_id] not in chosen,
            )
        groups[node.unit_id].children.append(node)
    group_list = sorted(groups.values(), key=lambda g: (g.level, g.unit_name, g.unit_id))
    for root in roots + group_list:
        _count_below(root)
    return PerformanceTree(
        top=top,
        year=year,
        roots=roots + group_list,
        documents=chosen,
        units_without_document=[names[u] for u in levels if u not in chosen],
        units_with_children=frozenset(parents.values()) - {None},
    )


def _count_below(node: Node) -> int:
    node.below = sum(1 + _count_below(child) for child in node.children)
    return node.below


def add_indicators(tree: "PerformanceTree", nodes=None) -> None:
    """The IKU of the sasaran of `tree` (or only of `nodes`, those a page draws), with their
    targets of the tree's year: two queries."""
    wanted = {n.pk: n for n in writable(tree.nodes() if nodes is None else nodes) if not n.group}
    year = tree.year
    indicators = list(
        Indicator.objects.filter(strategic_target_id__in=list(wanted))
        .order_by("strategic_target_id", "order", "id")
        .values(
            "pk",
            "origin_id",
            "strategic_target_id",
            "name",
            "satuan",
            "cascading",
            "supports_id",
            "supports__origin_id",
        )
    )
    targets = {
        t["indicator_id"]: t
        for t in YearlyTarget.objects.filter(
            indicator_id__in=[i["pk"] for i in indicators], year=year
        )
        .order_by()
        .values("indicator_id", "value", "value_upper")
    }
    for values in indicators:
        target = targets.get(values["pk"])
        wanted[values["strategic_target_id"]].indicators.append(
            TreeIndicator.of(
                pk=values["pk"],
                origin_id=values["origin_id"],
                name=values["name"],
                satuan=values["satuan"],
                cascading=values["cascading"],
                supports_id=values["supports_id"],
                target=(target["value"], target["value_upper"]) if target else None,
                supports_lineage=values["supports__origin_id"] or values["supports_id"],
            )
        )


def _upper(link, nodes, by_lineage, parent_document_id) -> Node | None:
    """The upper sasaran in the tree that a link (supports, its lineage) names, or the
    version of it in the parent's document in the tree."""
    supports, supports_lineage = link
    if supports is None or parent_document_id is None:
        return None
    upper = nodes.get(supports)
    if upper is not None and upper.document_id == parent_document_id:
        return upper
    return by_lineage.get((parent_document_id, supports_lineage))
