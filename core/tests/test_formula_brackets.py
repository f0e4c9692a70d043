"""Brackets in formulas, as agencies type them: ( ), [ ] and { } group alike, ÷ divides, and
what prints (a stacked fraction) means what was typed. A formula the parser cannot read
whole prints on one line as typed, never as a different fraction."""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from core.formula import FormulaError, evaluate_formula, parse_formula, render_formula_html


class _Reader(HTMLParser):
    """The printed formula read back as text: each stacked fraction as ⟨numerator⟩/⟨denominator⟩,
    everything else as it shows."""

    def __init__(self):
        super().__init__()
        self.out, self.stack = [], []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        role = "num" if "frac-num" in classes else "den" if "frac-den" in classes else ""
        role = "frac" if "frac" in classes else role
        self.stack.append(role)
        if role == "frac":
            self.out.append("⟪")  # a stacked fraction is one whole, as if bracketed
        elif role:
            self.out.append("⟨")
        elif "f-part" in classes:  # the parts of the top line sit side by side as cells
            self.out.append(" ")

    def handle_endtag(self, tag):
        role = self.stack.pop()
        if role == "frac":
            self.out.append("⟫")
        elif role == "num":
            self.out.append("⟩/")
        elif role == "den":
            self.out.append("⟩")

    def handle_data(self, data):
        self.out.append(data)


def _read(text: str) -> str:
    reader = _Reader()
    reader.feed(str(render_formula_html(text)))
    return " ".join("".join(reader.out).split()).replace("⟨ ", "⟨").replace(" ⟩", "⟩")


def printed(text: str) -> str:
    return _read(text).replace("⟪", "").replace("⟫", "")


def as_expression(text: str) -> str:
    """The printed form as a formula again: each fraction, and each of its parts, in
    parentheses."""
    read = _read(text).replace("⟪", "(").replace("⟫", ")")
    return read.replace("⟨", "(").replace("⟩/", ") / ").replace("⟩", ")")


AGENCY_FORMULAS = [
    # (as typed, as printed: ⟨numerator⟩/⟨denominator⟩)
    ("{A - B} / B x 100%", "⟨{A − B}⟩/⟨B⟩ × 100%"),
    ("{A − B} / B × 100%", "⟨{A − B}⟩/⟨B⟩ × 100%"),
    ("[A − B] / B x 100%", "⟨[A − B]⟩/⟨B⟩ × 100%"),
    (
        "{PDRB (t+1) − PDRB (t)} / PDRB (t) × 100%",
        "⟨{PDRB (t+1) − PDRB (t)}⟩/⟨PDRB (t)⟩ × 100%",
    ),
    (
        "[Jumlah Koperasi Sehat (t) - Jumlah Koperasi Sehat (t-1)] / Jumlah Koperasi Sehat (t-1) x 100%",  # noqa: E501
        "⟨[Jumlah Koperasi Sehat (t) − Jumlah Koperasi Sehat (t-1)]⟩/⟨Jumlah Koperasi Sehat (t-1)⟩ × 100%",  # noqa: E501
    ),
    (
        "(Modal Sekarang - Modal Tahun Lalu) / Modal Tahun Lalu × 100%",
        "⟨Modal Sekarang − Modal Tahun Lalu⟩/⟨Modal Tahun Lalu⟩ × 100%",
    ),  # noqa: E501
    ("A ÷ B × 100%", "⟨A⟩/⟨B⟩ × 100%"),
    ("Realisasi PAD ÷ Target PAD x 100%", "⟨Realisasi PAD⟩/⟨Target PAD⟩ × 100%"),
    (
        "Jumlah UMKM naik kelas : Jumlah UMKM binaan x 100%",
        "⟨Jumlah UMKM naik kelas⟩/⟨Jumlah UMKM binaan⟩ × 100%",
    ),  # noqa: E501
    ("{(A + B) / C} × 100%", "{⟨A + B⟩/⟨C⟩} × 100%"),
    ("[(A - B) / (C - D)] x 100", "[⟨A − B⟩/⟨C − D⟩] × 100"),
    ("{A / B} + {C / D}", "{⟨A⟩/⟨B⟩} + {⟨C⟩/⟨D⟩}"),
    ("(A / B) x 100%", "⟨A⟩/⟨B⟩ × 100%"),
    ("[A + B + C] / 3", "⟨[A + B + C]⟩/⟨3⟩"),
    (
        "{Nilai IKM Unsur 1 + Nilai IKM Unsur 2} / 2 x 25",
        "⟨{Nilai IKM Unsur 1 + Nilai IKM Unsur 2}⟩/⟨2⟩ × 25",
    ),  # noqa: E501
    (
        "Jumlah Izin Usaha Mikro dan Kecil (IUMK) / Jumlah Usaha Mikro x 100%",
        "⟨Jumlah Izin Usaha Mikro dan Kecil (IUMK)⟩/⟨Jumlah Usaha Mikro⟩ × 100%",
    ),  # noqa: E501
    ("1 - {Jumlah Kasus / Jumlah Penduduk}", "1 − {⟨Jumlah Kasus⟩/⟨Jumlah Penduduk⟩}"),
    ("{A - B} / {C + D}", "⟨{A − B}⟩/⟨{C + D}⟩"),
    ("A / [B × C]", "⟨A⟩/⟨[B × C]⟩"),
    ("{[A - B] / B} x 100%", "{⟨[A − B]⟩/⟨B⟩} × 100%"),
    (r"\frac{A - B}{B} \times 100\%", "⟨A − B⟩/⟨B⟩ × 100%"),
    ("(A − B) ÷ B", "⟨A − B⟩/⟨B⟩"),
]

# Not read whole: printed on one line, exactly as typed.
AS_TYPED = [
    "{A - B) / B x 100%",  # a brace closed by a parenthesis
    "[A - B / B x 100%",  # never closed
    "A - B} / B",  # closed, never opened
    "{A - B}} / B",
    "Jumlah UMKM naik kelas pada tahun bersangkutan",  # text, not a formula
]


@pytest.mark.parametrize(("typed", "shown"), AGENCY_FORMULAS)
def test_formulas_as_agencies_type_them_stack_what_was_typed(typed, shown):
    assert printed(typed) == shown


@pytest.mark.parametrize("typed", AS_TYPED)
def test_what_cannot_be_read_whole_prints_as_typed_on_one_line(typed):
    assert parse_formula(typed) is None
    html = str(render_formula_html(typed))
    assert "frac" not in html
    assert printed(typed) == " ".join(typed.split())


def test_braces_and_brackets_evaluate_as_they_group():
    values = {"A": 150, "B": 100}
    for typed in ("{A - B} / B x 100%", "[A - B] / B x 100%", "(A - B) / B x 100%"):
        assert evaluate_formula(typed, values) == Decimal(50)
    assert evaluate_formula("A ÷ B x 100%", values) == Decimal(150)


# --- the property: the printed fraction means what was typed ----------------------------------

NAMES = ["A", "B", "Modal Sekarang", "PDRB (t)", "Jumlah UMKM naik kelas", "Nilai IKM"]
VALUES = {name: Decimal(v) for name, v in zip(NAMES, (3, 7, 11, 13, 17, 19), strict=True)}
NUMBERS = {"2": Decimal(2), "100%": Decimal(100), "0,5": Decimal("0.5"), "25": Decimal(25)}
OPERATORS = {"+": ["+"], "-": ["-", "−"], "×": ["×", "x", "*"], "/": ["/", ":", "÷"]}
PRECEDENCE = {"+": 1, "-": 1, "×": 2, "/": 2}
BRACKETS = [("(", ")"), ("[", "]"), ("{", "}")]

leaves = st.one_of(
    st.sampled_from(NAMES).map(lambda n: ("name", n)),
    st.sampled_from(sorted(NUMBERS)).map(lambda n: ("num", n)),
)
trees = st.recursive(
    leaves,
    lambda children: st.tuples(st.sampled_from(sorted(OPERATORS)), children, children),
    max_leaves=8,
)


def value_of(tree) -> Decimal:
    if tree[0] == "name":
        return VALUES[tree[1]]
    if tree[0] == "num":
        return NUMBERS[tree[1]]
    op, left, right = tree
    a, b = value_of(left), value_of(right)
    if op == "/":
        if b == 0:
            raise ZeroDivisionError
        return a / b
    return {"+": a + b, "-": a - b, "×": a * b}[op]


@st.composite
def typed_formulas(draw):
    """A tree and a text an agency could type for it: any of the bracket kinds where the
    grouping needs one (and sometimes where it does not), operators in any of their spellings."""
    tree = draw(trees.filter(lambda t: t[0] in OPERATORS))

    def text(node, need_brackets=False):
        if node[0] in ("name", "num"):
            return node[1]
        op, left, right = node
        left_text = text(left, PRECEDENCE.get(left[0], 3) < PRECEDENCE[op])
        right_text = text(right, PRECEDENCE.get(right[0], 3) <= PRECEDENCE[op])
        body = f"{left_text} {draw(st.sampled_from(OPERATORS[op]))} {right_text}"
        if need_brackets or draw(st.booleans()):
            opening, closing = draw(st.sampled_from(BRACKETS))
            tight = draw(st.booleans())  # typed against the words, or apart
            body = f"{opening}{body}{closing}" if tight else f"{opening} {body} {closing}"
        return body

    return tree, text(tree)


@settings(max_examples=300, deadline=None)
@given(typed_formulas())
def test_the_printed_fraction_means_what_was_typed(case):
    tree, typed = case
    try:
        expected = value_of(tree)
    except ZeroDivisionError:
        assume(False)
    assert parse_formula(typed) is not None, typed
    shown_as = as_expression(typed)
    try:
        shown = evaluate_formula(shown_as, VALUES)
    except FormulaError:
        pytest.fail(f"{typed!r} prints as {printed(typed)!r}, which is not the same formula")
    assert shown == expected, (typed, printed(typed))


@settings(max_examples=300, deadline=None)
@given(typed_formulas())
def test_the_printed_formula_reads_in_the_order_it_was_typed(case):
    """Operands and operators (other than the fraction bar, which stands for /) come in the
    order typed."""
    _tree, typed = case

    def sequence(text):
        words = text.replace("⟨", " ").replace("⟩/", " ").replace("⟩", " ")
        for bracket in "()[]{}":
            words = words.replace(bracket, " ")
        for slash in ("/", ":", "÷"):
            words = words.replace(f" {slash} ", " ")
        spelled = {"x": "×", "*": "×", "-": "−"}
        return [spelled.get(w, w) for w in words.split()]

    assert sequence(printed(typed)) == sequence(typed)
