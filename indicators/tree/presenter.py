"""What the editor shows of a document's tree, prepared for its template
(`indicators/ikudocument_detail.html`): each IKU's targets as one line and its formula as it
prints, and the tree as sections (a tujuan with its sasaran; the sasaran under no tujuan) so
that the template renders every sasaran in one loop, without an include per sasaran (see
docs/PERFORMANCE.md, "Editor", and bench/editor_speed.py)."""

from core.formula import render_formula_html
from core.numbers import format_value
from indicators.tree.selectors import DocumentTree


def prepare_editor(tree: DocumentTree) -> list[tuple]:
    """[(tujuan or None, [sasaran…])…] in print order; the IKU shown get `targets_text` and
    `formula_html`."""
    for target in tree.strategic_targets:
        if target.folded:
            continue
        for indicator in target.indicator_list:
            indicator.targets_text = " · ".join(
                f"{year}: {format_value(value, upper)}"
                for year, value, upper in indicator.yearly_targets
            )
            indicator.formula_html = render_formula_html(indicator.formula)
    sections = [(goal, goal.target_list) for goal in tree.goals]
    if tree.loose_targets:
        sections.append((None, tree.loose_targets))
    return sections
