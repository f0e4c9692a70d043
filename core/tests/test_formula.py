import re
from decimal import Decimal

import pytest
from django.utils import translation

from core.formula import (
    Binary,
    FormulaError,
    Group,
    Name,
    Number,
    evaluate_formula,
    formula_names,
    parse_formula,
    render_formula_html,
)

SUMSEL_MODAL = "(Modal Sekarang - Modal Tahun Lalu) / Modal Tahun Lalu × 100%"
SUMSEL_MODAL_LATEX = (
    r"$\frac{\text{Modal Sekarang} - \text{Modal Tahun Lalu}}{\text{Modal Tahun Lalu}}"
    r" \times 100\%$"
)
SUMSEL_KOPERASI = (
    "Jumlah Koperasi yang meningkat kualitasnya berdasarkan RAT, Volume Usaha dan aset"
    " / Jumlah seluruh koperasi × 100%"
)
JAMBI_KOPERASI = (
    "( Jumlah Koperasi yang meningkat kualitasnya berdasarkan RAT, Volume Usaha dan Aset "
    "/ Jumlah seluruh koperasi ) X 100"
)
JAMBI_USAHA = "( Jumlah Usaha Kecil yang menjadi Wirausaha / Jumlah Usaha Kecil keseluruhan ) X 100"


def _fraction(tree):
    """The numerator and denominator of the fraction in `tree`, brackets removed."""
    while isinstance(tree, Group):
        tree = tree.inner
    if tree.op == "×":
        return _fraction(tree.left)
    assert tree.op == "/"
    num, den = tree.left, tree.right
    while isinstance(num, Group):
        num = num.inner
    while isinstance(den, Group):
        den = den.inner
    return num, den


def test_sumsel_modal_fraction():
    tree = parse_formula(SUMSEL_MODAL)
    assert tree.op == "×" and tree.right == Number(Decimal("100"), "100%", percent=True)
    num, den = _fraction(tree)
    assert num == Binary("-", Name("Modal Sekarang"), Name("Modal Tahun Lalu"))
    assert den == Name("Modal Tahun Lalu")


def test_latex_frac_parses_to_the_same_fraction():
    assert _fraction(parse_formula(SUMSEL_MODAL_LATEX)) == _fraction(parse_formula(SUMSEL_MODAL))


def test_sumsel_koperasi_fraction_keeps_commas_in_names():
    num, den = _fraction(parse_formula(SUMSEL_KOPERASI))
    assert num == Name(
        "Jumlah Koperasi yang meningkat kualitasnya berdasarkan RAT, Volume Usaha dan aset"
    )
    assert den == Name("Jumlah seluruh koperasi")


@pytest.mark.parametrize(
    ("text", "numerator", "denominator"),
    [
        (
            JAMBI_KOPERASI,
            "Jumlah Koperasi yang meningkat kualitasnya berdasarkan RAT, Volume Usaha dan Aset",
            "Jumlah seluruh koperasi",
        ),
        (
            JAMBI_USAHA,
            "Jumlah Usaha Kecil yang menjadi Wirausaha",
            "Jumlah Usaha Kecil keseluruhan",
        ),
    ],
)
def test_jambi_inline_forms(text, numerator, denominator):
    tree = parse_formula(text)
    assert tree.op == "×" and tree.right == Number(Decimal("100"), "100")
    assert _fraction(tree) == (Name(numerator), Name(denominator))


@pytest.mark.parametrize(
    "text",
    [
        "Jumlah UMKM Naik kelas pada tahun bersangkutan",
        "Jumlah Koperasi Aktif pada tahun bersangkutan",
        "Nilai SAKIP dari Kementerian PANRB",
        "Jumlah izin usaha-mikro",  # a hyphen inside a word is not a minus
        "",
    ],
)
def test_plain_descriptions_stay_text(text):
    assert parse_formula(text) is None
    html = render_formula_html(text)
    assert "frac" not in html
    assert text in html


@pytest.mark.parametrize(
    "text",
    [
        "(a / b",
        "a / b)",
        "a / / b",
        "× a",
        "a +",
        "()",
        r"\frac{a}{b",
        r"\frac{a}",
        "(" * 500 + "a" + ")" * 500,
        "a / b " * 1000,
        "<script>alert(1)</script> / 2",
    ],
)
def test_malformed_input_never_raises(text):
    parse_formula(text)
    html = render_formula_html(text)
    assert "<script>" not in html


def test_nested_parentheses():
    tree = parse_formula("((A + B) × (C - D)) / (E + (F / G))")
    num, den = _fraction(tree)
    assert num == Binary(
        "×",
        Group(Binary("+", Name("A"), Name("B"))),
        Group(Binary("-", Name("C"), Name("D"))),
    )
    assert den == Binary("+", Name("E"), Group(Binary("/", Name("F"), Name("G"))))
    html = render_formula_html("((A + B) × (C - D)) / (E + (F / G))")
    assert html.count('class="frac"') == 2


def test_numbers_with_decimal_comma_and_point():
    assert evaluate_formula("A × 0,5 + 1.25", {"A": 2}) == Decimal("2.25")


def test_fraction_renders_stacked_with_numerator_and_denominator():
    html = render_formula_html(SUMSEL_MODAL)
    assert '<span class="frac"><span class="frac-num">' in html
    assert html.index("Modal Sekarang") < html.index("frac-den")
    visible = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert visible == "Modal Sekarang − Modal Tahun Lalu Modal Tahun Lalu × 100%"


def test_names_are_escaped_in_html():
    html = render_formula_html("Jumlah <b>A</b> / Jumlah & B")
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html


def test_evaluate_sumsel_growth():
    result = evaluate_formula(
        SUMSEL_MODAL, {"Modal Sekarang": "1250", "modal  tahun lalu": Decimal("1000")}
    )
    assert result == Decimal("25")


def test_evaluate_needs_every_value():
    assert formula_names(SUMSEL_MODAL) == ["Modal Sekarang", "Modal Tahun Lalu"]
    with translation.override("id"), pytest.raises(FormulaError) as caught:
        evaluate_formula(SUMSEL_MODAL, {"Modal Sekarang": 5})
    assert str(caught.value) == "Tidak ada nilai untuk “Modal Tahun Lalu”."


def test_evaluate_division_by_zero_is_a_clear_error():
    with translation.override("id"), pytest.raises(FormulaError) as caught:
        evaluate_formula(
            JAMBI_USAHA,
            {
                "Jumlah Usaha Kecil yang menjadi Wirausaha": 3,
                "Jumlah Usaha Kecil keseluruhan": 0,
            },
        )
    assert "Pembagian dengan nol" in str(caught.value)


def test_evaluate_text_is_an_error_not_a_crash():
    with pytest.raises(FormulaError):
        evaluate_formula("Jumlah UMKM Naik kelas", {})
    with pytest.raises(FormulaError):
        evaluate_formula("A / B", {"A": "banyak", "B": 1})


def test_negative_numbers():
    assert evaluate_formula("-5 + A", {"A": 3}) == Decimal("-2")
