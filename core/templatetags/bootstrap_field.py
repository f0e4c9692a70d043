"""`{{ form.field|bootstrap_field }}`: a form field in Bootstrap 5's markup, the same as
crispy-forms' `as_crispy_field` gives (tested field by field), drawn by one small template
instead of crispy's general one with its includes and its branches for every layout option,
and, for Django's own input, text area and select, with the widget drawn in the same template
rather than through three templates per input and two per option of a select. On a page of
twenty fields that was most of the page's time (docs/PERFORMANCE.md, "The one-IKU edit form";
bench/edit_form.py).

Text inputs, text areas, selects and radio buttons are drawn here; any other widget
(checkbox, file, hidden, several widgets in one) is handed to crispy as before. A widget with
a template of its own, or a form with another renderer, keeps its own drawing.
"""

import html

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.forms.widgets import Input
from django.template.loader import get_template
from django.utils.safestring import SafeData, mark_safe

register = template.Library()

TEMPLATE = "core/bootstrap_field.html"
_OTHER_INPUTS = (forms.CheckboxInput, forms.FileInput, forms.HiddenInput)

# Django's widget templates that the field's template repeats (each of these inputs only
# includes input.html).
_WIDGETS = "django/forms/widgets/"
_STOCK_TEMPLATES = {
    **{
        f"{_WIDGETS}{name}.html": "input"
        for name in [
            "input",
            "text",
            "number",
            "email",
            "url",
            "color",
            "search",
            "tel",
            "password",
            "date",
            "datetime",
            "time",
        ]
    },
    f"{_WIDGETS}textarea.html": "textarea",
    f"{_WIDGETS}select.html": "select",
}
_STOCK_OPTION = f"{_WIDGETS}select_option.html"


def _kind(widget) -> str | None:
    """What the template draws: "control", "select", "radio", or None (crispy draws it)."""
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return None
    if isinstance(widget, forms.RadioSelect):
        return "radio"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea) or (
        isinstance(widget, Input) and not isinstance(widget, _OTHER_INPUTS)
    ):
        return "control"
    return None


def _add_classes(widget, classes: str) -> None:
    """The widget's CSS classes as crispy's `{% crispy_field %}` sets them: its own, its
    class name in lower case (or as CRISPY_CLASS_CONVERTERS says), then Bootstrap's."""
    class_name = type(widget).__name__.lower()
    class_name = getattr(settings, "CRISPY_CLASS_CONVERTERS", {}).get(class_name, class_name)
    css_class = widget.attrs.get("class", "")
    if css_class:
        if class_name not in css_class:
            css_class += f" {class_name}"
    else:
        css_class = class_name
    present = css_class.split()
    css_class += "".join(f" {name}" for name in classes.split() if name not in present)
    widget.attrs["class"] = css_class


def _widget_context(field):
    """(drawn as, the widget's template context) when the field's template can draw the
    widget as Django's own template would; (None, None) when the widget draws itself. The
    attributes are those of `BoundField.as_widget`."""
    widget = field.field.widget
    drawn_as = _STOCK_TEMPLATES.get(widget.template_name)
    if (
        drawn_as is None
        or type(field.form.renderer) is not DjangoTemplates
        or (drawn_as == "select" and widget.option_template_name != _STOCK_OPTION)
    ):
        return None, None
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    return drawn_as, widget.get_context(field.html_name, field.value(), attrs)["widget"]


@register.filter
def html_attrs(attrs: dict):
    """A widget's attributes as Django's django/forms/widgets/attrs.html writes them (in their
    order, True as a bare name, False left out, each value as `stringformat:'s'` gives it,
    escaped unless safe), in one step rather than some ten template nodes per attribute:
    the attributes of a form's inputs and options were most of what was left of its time."""
    return mark_safe(  # noqa: S308 (every name and value is escaped here)
        "".join(
            f" {_escaped_name(name)}"
            if value is True
            else f' {_escaped_name(name)}="{_escaped_value(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


# What `conditional_escape` gives, without its wrapper for lazy text (which checked every
# argument, each time: as much as the rest of the filter).
def _escaped_name(name) -> str:
    return name.__html__() if hasattr(name, "__html__") else html.escape(str(name))


def _escaped_value(value) -> str:
    """`stringformat:'s'`, then escaped unless safe."""
    return value if isinstance(value, SafeData) else html.escape(str(value))


@register.filter
def bootstrap_field(field):
    widget = field.field.widget
    kind = _kind(widget)
    if kind is None:
        return as_crispy_field(field)
    errors = field.errors
    if kind == "control":
        _add_classes(widget, "form-control is-invalid" if errors else "form-control")
    elif kind == "select":
        _add_classes(widget, "form-select is-invalid" if errors else "form-select")
    drawn_as, widget_context = _widget_context(field) if kind != "radio" else (None, None)
    options = None
    if drawn_as == "select" and not any(name for name, *_rest in widget_context["optgroups"]):
        # No named group: the options in one loop, not a loop and two tests for each.
        options = [
            option for _name, group, _index in widget_context["optgroups"] for option in group
        ]
    # The bound field's values read once here: each lookup of `field.x` in a template first
    # tries `field["x"]` (a subwidget) and fails, which cost as much as drawing the field.
    return get_template(TEMPLATE).render(
        {
            "field": field,
            "kind": kind,
            "errors": errors,
            "required": field.field.required,
            "drawn_as": drawn_as,
            "widget": widget_context,
            "options": options,
            "auto_id": field.auto_id,
            "html_name": field.html_name,
            "label": field.label,
            "id_for_label": field.id_for_label,
            "help_text": field.help_text,
            "css_classes": field.css_classes(),
            "aria_describedby": field.aria_describedby if kind == "radio" else None,
        }
    )
