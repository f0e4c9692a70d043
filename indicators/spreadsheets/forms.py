"""The forms of an import: the file and the document it becomes, then what unknown columns hold."""

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.validators import EARLIEST_YEAR, LATEST_YEAR, LONGEST_PERIOD_YEARS, MEGABYTE
from indicators.spreadsheets.importing import FIELD_LABELS, MAX_UPLOAD_BYTES


class ImportUploadForm(forms.Form):
    """Step 1 of an import: the file, and the document it becomes."""

    file = forms.FileField(
        label=_("Spreadsheet (.xlsx, .ods or .csv)"),
        help_text=format_lazy(
            _("At most {mb} MB. The first sheet with content is read."),
            mb=MAX_UPLOAD_BYTES // MEGABYTE,
        ),
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    period_start = forms.IntegerField(
        label=_("Period start year"),
        min_value=EARLIEST_YEAR,
        max_value=LATEST_YEAR,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4}),
    )
    period_end = forms.IntegerField(
        label=_("Period end year"),
        min_value=EARLIEST_YEAR,
        max_value=LATEST_YEAR,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4}),
    )
    title = forms.CharField(label=_("Title"), required=False, max_length=255)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        # The template's years: this year and the four after it.
        self.fields["period_start"].initial = timezone.localdate().year
        self.fields["period_end"].initial = timezone.localdate().year + 4
        for name, value in (kwargs.get("initial") or {}).items():
            self.fields[name].initial = value
        self.fields["unit"].queryset = units
        if units.count() == 1:
            self.fields["unit"].initial = units.first()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and not 0 <= end - start < LONGEST_PERIOD_YEARS:
            raise forms.ValidationError(
                _("A Renstra period runs from its start year for at most %(years)s years.")
                % {"years": LONGEST_PERIOD_YEARS}
            )
        return cleaned


class ImportMappingForm(forms.Form):
    """Step 2 when some headers were not recognized: the user says what each column holds."""

    def __init__(
        self, *args, columns, taken=(), years=range(EARLIEST_YEAR, LATEST_YEAR + 1), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.taken = set(taken) - {"ignore"}
        choices = [("", _("Leave this column out")), *FIELD_LABELS.items()]
        choices += [(f"year:{year}", _("Target %(year)s") % {"year": year}) for year in years]
        for letter, header in columns:
            self.fields[letter] = forms.ChoiceField(
                label=_("Column %(letter)s: “%(header)s”") % {"letter": letter, "header": header},
                choices=choices,
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        seen = set(self.taken)
        for letter, value in list(cleaned.items()):
            if not value:
                continue
            if value in seen:
                self.add_error(
                    letter, _("Another column already holds this field; choose it once.")
                )
            seen.add(value)
        if "name" not in seen:
            raise forms.ValidationError(_("Say which column holds the name of each IKU."))
        return cleaned
