"""`{{ form.field|bootstrap_field }}`: a form field in Bootstrap 5's markup, the same as
crispy-forms' `as_crispy_field` gives (tested field by field), written here in Python
instead of crispy's general template with its includes and its branches for every layout
option, and, for Django's own input, text area and select, with the widget written in the
same step rather than through three templates per input and two per option of a select. On a
page of twenty fields that was most of the page's time; a small template of its own for the
field was still some 20 nodes a field at about 10 µs a node of Django's engine
(docs/PERFORMANCE.md, "The one-IKU edit form"; bench/edit_form.py). Each value is written as
`{{ value }}` writes it (localized, escaped unless safe), the help text unescaped as crispy
writes it.

Text inputs, text areas, selects and radio buttons are drawn here; any other widget
(checkbox, file, hidden, several widgets in one) is handed to crispy as before. A widget with
a template of its own, or a form with another renderer, keeps its own drawing.
"""

import html

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, optgroups
from django import forms, template
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.forms.widgets import Input
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime

register = template.Library()

_OTHER_INPUTS = (forms.CheckboxInput, forms.FileInput, forms.HiddenInput)

# Django's widget templates whose markup is written here (each of these inputs only includes
# input.html).
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
    """(drawn as, the widget's template context) when the widget can be written here as
    Django's own template would; (None, None) when the widget draws itself. The
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


def _text(value) -> str:
    """What `{{ value }}` writes in a template: localized, then escaped unless safe (as
    Django's `render_value_in_context` does)."""
    if type(value) is str:  # most values: neither localized nor safe
        return html.escape(value)
    value = localize(template_localtime(value))
    if not issubclass(type(value), str):
        value = str(value)
    return conditional_escape(value)


def _errors(errors, auto_id) -> str:
    """The field's errors, as crispy's bootstrap5/layout/field_errors_block.html writes
    them."""
    paragraphs = "".join(
        f'<p id="error_{number}_{_text(auto_id)}"><strong>{_text(error)}</strong></p>'
        for number, error in enumerate(errors, start=1)
    )
    return f'<div id="{_text(errors.field_id)}_error" class="invalid-feedback">{paragraphs}</div>\n'


def _help_text(help_text, auto_id) -> str:
    if not help_text:
        return ""
    id_attr = f'id="{_text(auto_id)}_helptext" ' if auto_id else ""
    return f'<div {id_attr}class="form-text">{help_text}</div>'


def _option(option) -> str:
    value, attrs = _escaped_value(option["value"]), html_attrs(option["attrs"])
    return f'\n  <option value="{value}"{attrs}>{_text(option["label"])}</option>'


def _radio(field, label, required, errors, auto_id, help_text) -> str:
    parts = []
    if label:
        describedby = field.aria_describedby
        extra = f' aria-describedby="{_text(describedby)}"' if describedby else ""
        star = '<span class="asteriskField">*</span>' if required else ""
        required_class = " requiredField" if required else ""
        parts.append(
            f'<fieldset{extra}><legend class="form-label{required_class} fs-6">\n'
            f"{_text(label)}{star}\n</legend>"
        )
    parts.append("\n<div >")
    invalid = " is-invalid" if errors else ""
    name = _text(field.html_name)
    groups = list(optgroups(field))
    for group_number, (group, options, _index) in enumerate(groups, start=1):
        if group:
            parts.append(f"<strong>{_text(group)}</strong>")
        parts.append("\n")
        for number, option in enumerate(options, start=1):
            value = _text(str(localize(option["value"], use_l10n=False)))
            option_label = _text(str(localize(option["label"], use_l10n=False)))
            parts.append(
                f'<div class="form-check"><input type="{_text(option["type"])}" '
                f'class="form-check-input{invalid}"  name="{name}" value="{value}"'
                f"{html_attrs(option['attrs'])}>\n"
                f'<label for="{_text(option["attrs"].get("id", ""))}" class="form-check-label">\n'
                f"{option_label}\n</label>"
            )
            if errors and number == len(options) and group_number == len(groups):
                parts.append(_errors(errors, auto_id))
            parts.append("</div>\n")
    parts.append("</div>\n")
    parts.append(_help_text(help_text, auto_id))
    parts.append("\n")
    if label:
        parts.append("</fieldset>")
    parts.append("\n")
    return "".join(parts)


def _control(field, label, required, errors, auto_id, help_text, drawn_as, widget) -> str:
    parts = []
    if label:
        id_for_label = field.id_for_label
        extra = f' for="{_text(id_for_label)}"' if id_for_label else ""
        star = '<span class="asteriskField">*</span>' if required else ""
        required_class = " requiredField" if required else ""
        parts.append(
            f'<label{extra} class="form-label{required_class}">\n{_text(label)}{star}\n</label>'
        )
    parts.append("\n")
    if drawn_as == "input":
        value = widget["value"]
        value = f' value="{_escaped_value(value)}"' if value is not None else ""
        parts.append(
            f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}'
            f"{html_attrs(widget['attrs'])}>"
        )
    elif drawn_as == "textarea":
        value = _text(widget["value"]) if widget["value"] else ""
        parts.append(
            f'<textarea name="{_text(widget["name"])}"{html_attrs(widget["attrs"])}>\n'
            f"{value}</textarea>"
        )
    elif drawn_as == "select":
        parts.append(f'<select name="{_text(widget["name"])}"{html_attrs(widget["attrs"])}>')
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_text(group_name)}">')
            parts.extend(_option(option) for option in group_choices)
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
    else:
        parts.append(_text(field))
    parts.append("\n")
    if errors:
        parts.append(_errors(errors, auto_id))
    parts.append("\n")
    parts.append(_help_text(help_text, auto_id))
    parts.append("\n")
    return "".join(parts)


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
    # The bound field's values read once: each is worked out on every access.
    auto_id, label, required = field.auto_id, field.label, field.field.required
    help_text = str(field.help_text) if field.help_text else ""
    css_classes = field.css_classes()
    css = f" {_text(css_classes)}" if css_classes else ""
    if kind == "radio":
        inside = _radio(field, label, required, errors, auto_id, help_text)
    else:
        drawn_as, widget_context = _widget_context(field)
        inside = _control(
            field, label, required, errors, auto_id, help_text, drawn_as, widget_context
        )
    return mark_safe(  # noqa: S308 (every value written above is escaped, help text aside, as |safe)
        f'<div id="div_{_text(auto_id)}" class="mb-3{css}">\n{inside}</div>\n'
    )
