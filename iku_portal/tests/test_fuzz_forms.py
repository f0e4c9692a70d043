"""Property-based tests over the fields of every edit form (hypothesis), run on PostgreSQL by CI.

For any input: no server error. A refused input leaves the database as it was. An accepted
input is shown back by the page as stored, and submitting exactly what the page shows changes
nothing: nothing is saved that differs from what the page shows back (no "3,5000", no 3,4 read
as 34, no text altered on its way back)."""

import datetime
import os
from html.parser import HTMLParser

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.tests.factories import (
    DocumentFactory,
    GoalFactory,
    IndicatorFactory,
    StrategicTargetFactory,
)
from organizations.tests.factories import FunctionFactory, OfficialFactory

TRICKY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    "ä€𝄞 ك",
    "9" * 400,
    "\r\n\r\n",
    "' OR 1=1 --",
]
TEXT = st.one_of(st.text(max_size=120), st.sampled_from(TRICKY))
NUMBER_TEXT = st.one_of(
    st.sampled_from(
        ["3,4", "1.000", "3.5", "1.000,5", "80–90", "80-90", "N/A", "tidak ada", "1e5", "inf"]
        + ["NaN", " 12 ", "0,00001", "99999999999999999999", "-0", "1.2.3", "1,2,3", ",5"]
    ),
    st.text(alphabet="0123456789.,- –NAtidak", max_size=24),
    st.decimals(
        allow_nan=False, allow_infinity=False, places=4, min_value=-(10**13), max_value=10**13
    ).map(lambda d: format(d, "f").replace(".", ",")),
)
DATE_TEXT = st.one_of(
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 12, 31)).map(
        lambda d: d.isoformat()
    ),
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["2024-02-30", "0202-01-03", "20245-01-01", "03/01/2024", "x"]),
)


class _FormValues(HTMLParser):
    """The value of every field of the page's forms, as a browser would submit it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values, self._textarea, self._select = {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("checkbox", "radio", "submit"):
            self.values[name] = a.get("value") or ""
        elif tag == "input" and name and "checked" in a:
            self.values[name] = a.get("value", "on")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            # A browser drops one newline right after <textarea>; the template writes one.
            self.values[self._textarea] += data


def _shown(client, url):
    parser = _FormValues()
    parser.feed(client.get(url).content.decode())
    values = parser.values
    for name, value in values.items():
        if value.startswith("\n"):
            values[name] = value[1:]
    return values


def _state(obj):
    obj.refresh_from_db()
    state = model_to_dict(obj)
    state.pop("version", None)
    if hasattr(obj, "targets"):
        state["targets"] = sorted(obj.targets.values_list("year", "value", "value_upper"))
    return state


@pytest.fixture
def world(unit):
    document = DocumentFactory(unit=unit, period_start=2025, period_end=2026)
    goal = GoalFactory(document=document)
    target = StrategicTargetFactory(document=document, goal=goal)
    return {
        "unit": unit,
        "document": document,
        "goal": goal,
        "target": target,
        "indicator": IndicatorFactory(strategic_target=target),
        "function": FunctionFactory(unit=unit),
        "official": OfficialFactory(unit=unit, nip="196304211985031008"),
    }


FORMS = {
    "iku": (
        "indicators:indicator_edit",
        "indicator",
        {
            "name": TEXT,
            "satuan": TEXT,
            "code": TEXT,
            "formula": TEXT,
            "explanation": TEXT,
            "data_source": TEXT,
            "baseline": NUMBER_TEXT,
            "baseline_year": st.one_of(st.integers(-5, 99999).map(str), TEXT),
            "target_2025": NUMBER_TEXT,
            "target_2026": NUMBER_TEXT,
        },
    ),
    "sasaran": ("indicators:strategic_target_edit", "target", {"code": TEXT, "text": TEXT}),
    "tujuan": ("indicators:goal_edit", "goal", {"text": TEXT, "indicator_lines": TEXT}),
    "dokumen": (
        "indicators:document_edit",
        "document",
        {
            "title": TEXT,
            "signature_place": TEXT,
            "signature_date": DATE_TEXT,
            "period_start": st.one_of(st.integers(1900, 2200).map(str), TEXT),
        },
    ),
    "unit": (
        "organizations:unit_profile",
        "unit",
        {"name": TEXT, "tugas": TEXT, "seat_city": TEXT, "max_iku_per_target": TEXT},
    ),
    "fungsi": ("organizations:function_edit", "function", {"text": TEXT}),
    "pejabat": (
        "organizations:official_edit",
        "official",
        {"name": TEXT, "nip": TEXT, "golongan": TEXT, "jabatan": TEXT, "start_date": DATE_TEXT},
    ),
}


@pytest.mark.parametrize("form", list(FORMS))
def test_any_input_is_refused_cleanly_or_saved_as_shown_back(client, superuser, world, form):
    url_name, key, fields = FORMS[form]
    obj = world[key]
    url = reverse(url_name, args=[obj.pk])
    client.force_login(superuser)

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def check(data):
        names = data.draw(
            st.lists(st.sampled_from(sorted(fields)), min_size=1, max_size=2, unique=True)
        )
        typed = {name: data.draw(fields[name], label=name) for name in names}
        before = _state(obj)
        page = _shown(client, url)
        response = client.post(url, {**page, **typed})
        assert response.status_code in (200, 302), (typed, response.status_code)

        if os.environ.get("FUZZ_TRACE"):
            print("TRACE", form, response.status_code, repr(typed)[:80])
        if response.status_code == 200:
            refused = response.content.decode()
            assert "is-invalid" in refused or "alert-danger" in refused, typed  # it says why
            assert _state(obj) == before, typed  # refused: nothing changed
            return
        saved = _state(obj)
        shown = _shown(client, url)
        again = client.post(url, shown)
        assert again.status_code == 302, (typed, shown)
        assert _state(obj) == saved, (typed, shown)  # what the page shows is what is stored

    check()
