"""`|bootstrap_field` draws a field exactly as crispy-forms' `|as_crispy_field` does: the same
elements, attributes, classes and texts, for every kind of widget it draws itself, with and
without errors; other widgets are left to crispy."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.forms.renderers import get_default_renderer
from django.test.html import parse_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from core.templatetags.bootstrap_field import bootstrap_field, html_attrs


class Sample(forms.Form):
    name = forms.CharField(max_length=20, help_text="Nama <b>lengkap</b>.")
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    count = forms.IntegerField(min_value=1)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    email = forms.EmailField(required=False, widget=forms.EmailInput(attrs={"class": "wide"}))
    kind = forms.ChoiceField(choices=[("a", "Satu"), ("b", "Dua")])
    grouped = forms.ChoiceField(
        required=False, choices=[("Kelompok", [("x", "X"), ("y", "Y")]), ("z", "Z")]
    )
    many = forms.MultipleChoiceField(required=False, choices=[("a", "Satu"), ("b", "Dua")])
    way = forms.ChoiceField(
        choices=[("up", "Naik"), ("down", "Turun")],
        widget=forms.RadioSelect,
        help_text="Arah.",
    )
    optional_way = forms.ChoiceField(
        required=False, choices=[("up", "Naik")], widget=forms.RadioSelect
    )
    no_label = forms.CharField(required=False, label="")
    ticked = forms.BooleanField(required=False)
    ticks = forms.MultipleChoiceField(
        required=False, choices=[("a", "Satu")], widget=forms.CheckboxSelectMultiple
    )
    secret = forms.CharField(required=False, widget=forms.HiddenInput)


FILLED = {"name": "Ani", "count": "3", "kind": "b", "way": "down", "many": ["a", "b"]}
WRONG = {"name": "x" * 30, "count": "nol", "kind": "c", "way": "sideways", "day": "kemarin"}


@pytest.mark.parametrize("data", [None, FILLED, WRONG], ids=["unbound", "valid", "errors"])
@pytest.mark.parametrize("name", list(Sample.base_fields))
def test_a_field_is_drawn_as_crispy_draws_it(name, data):
    # Two forms: both filters add classes to the widget they draw.
    ours = bootstrap_field(Sample(data, auto_id="id_%s")[name])
    crispys = as_crispy_field(Sample(data, auto_id="id_%s")[name])
    assert parse_html(ours) == parse_html(crispys)


def test_attributes_are_written_as_djangos_attrs_template_writes_them():
    attrs = {
        "class": "a b",
        "title": 'Kata "kutip" & <tag>',
        "data-safe": mark_safe("<b>"),  # noqa: S308 (a safe value is written as it is)
        "maxlength": 60,
        "value": 1.5,
        "required": True,
        "disabled": False,
        "placeholder": gettext_lazy("Cari"),
    }
    template = get_default_renderer().get_template("django/forms/widgets/attrs.html")
    django_writes = template.render({"widget": {"attrs": attrs}})
    assert html_attrs(attrs) == django_writes
