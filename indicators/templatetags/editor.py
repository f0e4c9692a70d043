from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def item_actions(context, item):
    """Edit, move up, move down and delete buttons of one item of the editor tree.

    A tag rather than an included template: the editor shows it for every row, and this keeps
    a 100-indicator document fast. The buttons post through the page's one #tree-actions form.
    """
    if not context.get("can_edit"):
        return ""
    urls, labels = item.action_urls, context["labels"]
    return format_html(
        '<div class="btn-group btn-group-sm ms-2 flex-shrink-0" role="group">'
        '<a class="btn btn-outline-primary" href="{}">{}</a>'
        '<button form="tree-actions" formaction="{}" class="btn btn-outline-secondary" '
        'title="{}" aria-label="{}">↑</button>'
        '<button form="tree-actions" formaction="{}" class="btn btn-outline-secondary" '
        'title="{}" aria-label="{}">↓</button>'
        '<button form="tree-actions" formaction="{}" class="btn btn-outline-danger" '
        'data-confirm="{}">{}</button></div>',
        urls["edit"],
        labels["edit"],
        urls["up"],
        labels["up"],
        labels["up"],
        urls["down"],
        labels["down"],
        labels["down"],
        urls["delete"],
        labels["confirm"],
        labels["delete"],
    )
