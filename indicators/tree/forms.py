from decimal import Decimal

from django import forms
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils.translation import gettext_lazy as _

from core.forms import IndonesianNumberField, understood
from core.locking import VersionedForm
from core.numbers import NOT_AVAILABLE, Range, format_value, not_available_as_typed
from indicators.layouts import (
    CATALOG,
    FIELD_COLUMNS,
    PRESETS,
    document_specs,
    layout_summaries,
    printing_columns,
)
from indicators.models import Goal, IKUDocument, Indicator, StrategicTarget
from indicators.tree.selectors import document_outline, indicator_targets

# The four perspectives of the Balanced Scorecard, as agencies write them.
BSC_PERSPECTIVES = ["Stakeholder", "Customer", "Internal Process", "Learning & Growth"]


class _RowChoices(ModelChoiceIterator):
    """The choices of a `CodedChoiceField`: its rows, already read."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self.field.rows:
            yield (ModelChoiceIteratorValue(row.pk, row), self.field.label_from_instance(row))

    def __len__(self):
        return len(self.field.rows) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.rows)


class CodedChoiceField(forms.ModelChoiceField):
    """A tujuan or sasaran by its printed code and whole text, not a name cut at 80
    characters. The choices are the document's outline rows (`document_outline`), not a second
    read; the queryset checks the choice sent."""

    iterator = _RowChoices

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows

    def label_from_instance(self, obj):
        return f"{obj.display_code} · {obj.text}"


class LayoutSelect(forms.RadioSelect):
    """The presets as cards: each says its orientation and columns, with a small picture of
    the page (indicators/templates/indicators/_layout_choice.html: widget
    templates are looked up in the apps)."""

    template_name = "indicators/_layout_choice.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        summaries = {summary.key: summary for summary in layout_summaries()}
        context["choices"] = [
            (option, summaries.get(option["value"]))
            for _group, options, _index in context["widget"]["optgroups"]
            for option in options
        ]
        return context


class DocumentForm(forms.ModelForm):
    copy_from = forms.ModelChoiceField(
        queryset=IKUDocument.objects.none(),
        required=False,
        label=_("Copy the content of"),
        help_text=_("Optional: start from the tujuan, sasaran and IKU of an existing document."),
    )

    class Meta:
        model = IKUDocument
        fields = [
            "unit",
            "title",
            "period_start",
            "period_end",
            "layout",
            "signature_place",
            "signature_date",
            "signature_date_format",
        ]
        widgets = {
            "signature_date": forms.DateInput(attrs={"type": "date"}),
            "layout": LayoutSelect,
        }

    def __init__(self, *args, units, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["copy_from"].queryset = documents
        # A staf with one unit does not have to pick it.
        if not self.is_bound and "unit" not in self.initial:
            only = list(units[:2])
            if len(only) == 1:
                self.initial["unit"] = only[0].pk


class DocumentEditForm(VersionedForm):
    """The document's settings, and its printed columns: each column of the catalog can be
    ticked and given a place; the ticked ones print in that order."""

    class Meta:
        model = IKUDocument
        fields = [
            "title",
            "period_start",
            "period_end",
            "layout",
            "orientation",
            "hide_empty_columns",
            "formula_style",
            "header_lines",
            "show_unit_heading",
            "show_identity_name",
            "show_identity_tugas",
            "show_identity_functions",
            "show_page_numbers",
            "signatory_underline",
            "show_pangkat",
            "nip_style",
            "signature_place",
            "signature_date",
            "signature_date_format",
            "signatory",
            "signatory_title",
        ]
        widgets = {
            "signature_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "signatory_title": forms.Textarea(attrs={"rows": 2}),
            "header_lines": forms.Textarea(attrs={"rows": 2}),
            "layout": LayoutSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signatory"].queryset = self.instance.unit.officials.all()
        specs = {spec["key"]: (i, spec) for i, spec in enumerate(document_specs(self.instance))}
        for key, kind in CATALOG.items():
            position, _spec = specs.get(key, (None, None))
            self.fields[f"col_{key}"] = forms.BooleanField(
                label=kind.label, required=False, initial=position is not None
            )
            self.fields[f"pos_{key}"] = forms.IntegerField(
                label=_("Place"),
                required=False,
                min_value=1,
                max_value=99,
                initial=position + 1 if position is not None else None,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 2}),
            )

    def column_rows(self):
        """(tick, place) bound fields per catalog column, for the template."""
        return [(self[f"col_{key}"], self[f"pos_{key}"]) for key in CATALOG]

    def clean(self):
        cleaned = super().clean()
        layout = cleaned.get("layout") or self.instance.layout
        if "layout" in self.changed_data:
            # A new preset brings its own columns.
            self.instance.columns = []
            return cleaned
        # Two columns given the same place: the one just moved there goes first.
        chosen = sorted(
            (cleaned.get(f"pos_{key}") or 99, f"pos_{key}" not in self.changed_data, index, key)
            for index, key in enumerate(CATALOG)
            if cleaned.get(f"col_{key}")
        )
        if not chosen:
            raise forms.ValidationError(_("Choose at least one column to print."))
        previous = {spec["key"]: spec for spec in document_specs(self.instance)}
        specs = [previous.get(key, {"key": key}) for *_order, key in chosen]
        preset = PRESETS.get(layout, [])
        self.instance.columns = [] if specs == preset else specs
        return cleaned


class GoalForm(VersionedForm):
    indicator_lines = forms.CharField(
        label=_("Goal indicators (indikator tujuan)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )

    class Meta:
        model = Goal
        fields = ["code", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, document: IKUDocument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.document = document
        if self.instance.pk:
            self.fields["indicator_lines"].initial = "\n".join(
                gi.text for gi in self.instance.indicators.all()
            )

    def indicator_texts(self) -> list[str]:
        lines = self.cleaned_data.get("indicator_lines", "").splitlines()
        return [line.strip() for line in lines if line.strip()]


class StrategicTargetForm(VersionedForm):
    class Meta:
        model = StrategicTarget
        fields = ["goal", "code", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, document: IKUDocument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.document = document
        self.fields["goal"] = CodedChoiceField(
            rows=document_outline(document=document).goals,
            queryset=document.goals.all(),
            required=False,
            label=self.fields["goal"].label,
            help_text=self.fields["goal"].help_text,
        )


class IndicatorForm(VersionedForm):
    """Every field of an IKU, plus one target field per year of the document's period."""

    class Meta:
        model = Indicator
        fields = [
            "strategic_target",
            "code",
            "name",
            "satuan",
            "formula",
            "explanation",
            "selection_reason",
            "data_source",
            "responsible",
            "definition",
            "direction",
            "calculation_type",
            "frequency",
            "perspective",
            "cascading",
            "baseline_year",
        ]
        widgets = {
            "name": forms.Textarea(attrs={"rows": 2}),
            "definition": forms.Textarea(attrs={"rows": 2}),
            "baseline_year": forms.TextInput(attrs={"inputmode": "numeric"}),
            "formula": forms.Textarea(attrs={"rows": 2, "data-formula-input": "1"}),
            "explanation": forms.Textarea(attrs={"rows": 4, "data-penjelasan-editor": "1"}),
            "selection_reason": forms.Textarea(attrs={"rows": 2}),
            "data_source": forms.Textarea(attrs={"rows": 2}),
            "responsible": forms.Textarea(attrs={"rows": 2}),
            # Three choices, each read whole (a narrow select cut "Makin tinggi makin …").
            "direction": forms.RadioSelect,
            "perspective": forms.TextInput(attrs={"list": "perspectives"}),
        }

    def __init__(self, *args, document: IKUDocument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.document = document
        self.document = document
        outline = document_outline(document=document)
        # The perspektif already used in the document first, then the Balanced Scorecard's.
        self.perspectives = list(dict.fromkeys([*outline.perspectives, *BSC_PERSPECTIVES]))
        self.fields["cascading"].help_text = _(
            "C (cascading peta): passed down to the units below and drawn in the pohon kinerja; "
            "CP (cascading non-peta): passed down, not drawn in it; N (non-cascading): not "
            "passed down."
        )
        self.fields["strategic_target"] = CodedChoiceField(
            rows=outline.strategic_targets,
            queryset=document.strategic_targets.all(),
            label=self.fields["strategic_target"].label,
        )
        self.fields["explanation"].help_text = _(
            "Paragraphs and lists are kept; other formatting is removed."
        )
        self.fields["baseline"] = IndonesianNumberField(
            label=_("Baseline value"),
            allow_not_available=True,
            initial=format_value(
                self.instance.baseline_value,
                not_available=self.instance.baseline_not_available,
                as_typed=self.instance.baseline_not_available_text,
            ),
            help_text=_("e.g. 3,4 or 1.250; “tidak ada” when there is no baseline."),
        )
        existing = indicator_targets(indicator=self.instance) if self.instance.pk else {}
        for year in self.years:
            self.fields[f"target_{year}"] = IndonesianNumberField(
                label=_("Target %(year)s") % {"year": year},
                allow_range=True,
                initial=format_value(*existing[year]) if year in existing else "",
            )
        # Tahunan unless said otherwise: most IKU are measured once a year.
        self.fields["frequency"].required = False
        self._note_where_printed()

    def _note_where_printed(self):
        """Each field says whether the document's layout prints it, and in which column."""
        headers = printing_columns(document_specs(self.document))
        self.print_notes, notes = {}, {}
        for name in [*FIELD_COLUMNS, *(f"target_{year}" for year in self.years)]:
            field = self.fields.get(name)
            if field is None:
                continue
            column = "targets" if name.startswith("target_") else name
            if column not in notes:  # the targets of every year: one column, one note
                header = headers[column]
                notes[column] = (
                    _("Printed in the column “%(column)s”.") % {"column": header}
                    if header
                    else _("Not printed in this document's layout (it is in the Manual IKU).")
                )
            note = notes[column]
            self.print_notes[name] = note
            if not name.startswith("target_"):
                field.help_text = f"{field.help_text} {note}".strip()

    @property
    def years(self) -> range:
        return range(self.document.period_start, self.document.period_end + 1)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("frequency"):
            cleaned["frequency"] = self.instance.frequency = Indicator.Frequency.YEARLY
        baseline = cleaned.get("baseline")
        self.instance.baseline_not_available = baseline is NOT_AVAILABLE
        self.instance.baseline_not_available_text = (
            not_available_as_typed(self.data.get(self.add_prefix("baseline")))
            if baseline is NOT_AVAILABLE
            else ""
        )
        self.instance.baseline_value = baseline if isinstance(baseline, Decimal) else None
        return cleaned

    @property
    def targets_print_note(self) -> str:
        return next(
            (note for name, note in self.print_notes.items() if name.startswith("target_")), ""
        )

    def target_values(self) -> dict[int, Decimal | Range | None]:
        return {year: self.cleaned_data.get(f"target_{year}") for year in self.years}

    def understood_values(self) -> str:
        """'Baseline: 3,4 (tiga koma empat); Target 2025: 1.000 (seribu)'."""
        parts = []
        baseline_label = _("Baseline")  # looked up here: xgettext cannot read f-strings
        if self.cleaned_data.get("baseline") is not None:
            parts.append(f"{baseline_label}: {understood(self.cleaned_data['baseline'])}")
        for year, value in self.target_values().items():
            if value is not None:
                label = _("Target %(year)s") % {"year": year}
                parts.append(f"{label}: {understood(value)}")
        return "; ".join(parts)
