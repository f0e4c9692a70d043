"""The small formula language of IKU documents.

A formula is the text a person types, e.g.
    (Modal Sekarang - Modal Tahun Lalu) / Modal Tahun Lalu × 100%
Names are runs of words (spaces, commas and digits inside them are fine); operators
``+ - − × x X * / : ÷`` stand apart from words; ``( )``, ``[ ]`` and ``{ }`` group alike and
may be typed against words; numbers take a decimal comma or point and may end in ``%``.
LaTeX pasted from old documents (``\\frac{…}{…}``, ``\\text{…}``, ``\\times``) is accepted.
Text that is not a formula ("Jumlah UMKM Naik kelas pada tahun bersangkutan") is kept as text:
parsing never raises, it returns ``None``.

Parsing is a small recursive-descent parser; nothing is ever passed to ``eval``.

What prints is what was typed: a formula is stacked as a fraction only when the parser read
all of it (brackets balanced, each closed by its own kind); anything else prints on one line
as typed, never as a different fraction. Brackets print as typed, except round parentheses
around a whole numerator or denominator, which the fraction bar replaces.
"""

import functools
import re
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# --- syntax tree -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Number:
    value: Decimal
    text: str  # as typed, e.g. "100%" or "0,5"
    percent: bool = False


@dataclass(frozen=True)
class Name:
    text: str


@dataclass(frozen=True)
class Group:
    """A bracketed expression, kept so that it prints as typed: ( ), [ ] or { }."""

    inner: object
    open: str = "("

    @property
    def close(self) -> str:
        return _CLOSING[self.open]


@dataclass(frozen=True)
class Unary:
    op: str
    operand: object


@dataclass(frozen=True)
class Binary:
    op: str  # one of + - × /
    left: object
    right: object


# --- tokens ----------------------------------------------------------------------------------

_OPERATORS = {
    "+": "+",
    "-": "-",
    "−": "-",
    "–": "-",
    "×": "×",
    "x": "×",
    "X": "×",
    "*": "×",
    "/": "/",
    ":": "/",
    "÷": "/",
}
_CLOSING = {"(": ")", "[": "]", "{": "}"}
_OPENING = set(_CLOSING)
_CLOSERS = set(_CLOSING.values())
_NUMBER = re.compile(r"^([-−]?\d+(?:[.,]\d+)?)(%?)$")
_MAX_LENGTH = 2000
_MAX_DEPTH = 50


class _SyntaxError(Exception):
    pass


def _tokens(text: str) -> list[tuple[str, str]]:
    """("open", bracket), ("close", bracket), ("op", symbol), ("num", text), ("word", text)."""
    tokens = []
    for raw in text.split():
        # Brackets may be typed against words: "(Modal", "Lalu)", "{PDRB", "[A".
        leading = []
        while raw[:1] in _OPENING and len(raw) > 1:
            leading.append(("open", raw[0]))
            raw = raw[1:]
        trailing = []
        while raw[-1:] in _CLOSERS and len(raw) > 1 and not _closes_inside(raw):
            trailing.insert(0, ("close", raw[-1]))
            raw = raw[:-1]
        tokens.extend(leading)
        if raw in _OPENING:
            tokens.append(("open", raw))
        elif raw in _CLOSERS:
            tokens.append(("close", raw))
        elif raw in _OPERATORS:
            tokens.append(("op", _OPERATORS[raw]))
        elif _NUMBER.match(raw):
            tokens.append(("num", raw))
        else:
            tokens.append(("word", raw))
        tokens.extend(trailing)
    return tokens


def _closes_inside(raw: str) -> bool:
    """A word whose last bracket closes one opened inside it ("(t+1)" typed as "PDRB(t+1)")
    keeps it: the bracket belongs to the word."""
    closer = raw[-1]
    opener = next(o for o, c in _CLOSING.items() if c == closer)
    return raw.count(opener) >= raw.count(closer)


def _from_latex(text: str) -> str:
    """Turn pasted LaTeX into the plain formula language."""
    text = text.replace("$", " ")
    text = re.sub(r"\\(?:text|mathrm|textrm|mbox)\s*\{([^{}]*)\}", r" \1 ", text)
    for latex, plain in (
        (r"\times", " × "),
        (r"\cdot", " × "),
        (r"\div", " : "),
        (r"\%", "% "),
        (r"\left(", " ( "),
        (r"\right)", " ) "),
        (r"\,", " "),
        (r"\ ", " "),
    ):
        text = text.replace(latex, plain)
    while True:
        start = text.find(r"\frac")
        if start < 0:
            return text
        numerator, after = _braced(text, start + len(r"\frac"))
        denominator, end = _braced(text, after)
        text = f"{text[:start]} ( {numerator} ) / ( {denominator} ) {text[end:]}"


def _braced(text: str, index: int) -> tuple[str, int]:
    while index < len(text) and text[index].isspace():
        index += 1
    if index >= len(text) or text[index] != "{":
        raise _SyntaxError("\\frac without braces")
    depth = 0
    for position in range(index, len(text)):
        if text[position] == "{":
            depth += 1
        elif text[position] == "}":
            depth -= 1
            if depth == 0:
                return text[index + 1 : position], position + 1
    raise _SyntaxError("unbalanced braces")


class _Parser:
    def __init__(self, tokens):
        self.tokens = tokens
        self.position = 0
        self.depth = 0

    def peek(self, offset=0):
        index = self.position + offset
        return self.tokens[index] if index < len(self.tokens) else (None, None)

    def take(self):
        token = self.peek()
        self.position += 1
        return token

    def parse(self):
        node = self.expression()
        if self.position != len(self.tokens):
            raise _SyntaxError("trailing tokens")
        return node

    def expression(self):
        node = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            node = Binary(op, node, self.term())
        return node

    def term(self):
        node = self.factor()
        while self.peek() in (("op", "×"), ("op", "/")):
            op = self.take()[1]
            node = Binary(op, node, self.factor())
        return node

    def factor(self):
        kind, value = self.peek()
        if kind == "op" and value in "+-":
            self.take()
            return Unary(value, self.factor())
        if kind == "open":
            self.take()
            self.depth += 1
            if self.depth > _MAX_DEPTH:
                raise _SyntaxError("too deep")
            inner = self.expression()
            if self.take() != ("close", _CLOSING[value]):
                raise _SyntaxError(f"missing {_CLOSING[value]}")
            self.depth -= 1
            return Group(inner, value)
        if kind == "num" and self.peek(1)[0] != "word":
            self.take()
            digits, percent = _NUMBER.match(value).groups()
            return Number(Decimal(digits.replace(",", ".").replace("−", "-")), value, bool(percent))
        if kind in ("word", "num"):
            return self.name()
        raise _SyntaxError(f"unexpected {value!r}")

    def name(self):
        words = []
        while True:
            kind, value = self.peek()
            if kind in ("word", "num"):
                words.append(self.take()[1])
            elif (kind, value) == ("open", "(") and words and self._plain_parenthetical():
                # "Izin Usaha Mikro dan Kecil (IUM)", "PDRB (t)": a parenthetical inside a name.
                self.take()
                inner = []
                while self.peek()[0] != "close":
                    inner.append(self.take()[1])
                self.take()
                words.append(f"({' '.join(inner)})")
            else:
                break
        if not any(not _NUMBER.match(w) for w in words):
            raise _SyntaxError("a name needs a word")
        return Name(" ".join(words))

    def _plain_parenthetical(self) -> bool:
        offset = 1
        while self.peek(offset)[0] in ("word", "num"):
            offset += 1
        return offset > 1 and self.peek(offset) == ("close", ")")


def parse_formula(text: str):
    """The syntax tree of a formula, or None when the text is not a formula.

    A lone name ("Jumlah Koperasi Aktif pada tahun bersangkutan") is text, not a formula.
    Never raises.
    """
    if not text or len(text) > _MAX_LENGTH:
        return None
    try:
        source = _from_latex(text) if "\\" in text else text
        tokens = _tokens(source)
        if not any(kind == "op" for kind, _ in tokens):
            return None
        tree = _Parser(tokens).parse()
    except (_SyntaxError, InvalidOperation, RecursionError):
        return None
    return tree if isinstance(tree, Binary | Unary | Group) else None


# --- rendering -------------------------------------------------------------------------------


def _strip_group(node):
    while isinstance(node, Group):
        node = node.inner
    return node


def _strip_parentheses(node):
    """A side of a fraction without the round parentheses typed around it (the bar groups);
    square brackets and braces stay, as typed."""
    while isinstance(node, Group) and node.open == "(":
        node = node.inner
    return node


LONG_WORD = 24  # characters: longer than any word of a name written in words


def _html(node) -> str:
    if isinstance(node, Number):
        return escape(node.text)
    if isinstance(node, Name):
        if any(len(word) > LONG_WORD for word in node.text.split()):
            # One long word ("Jumlah_koperasi_yang_…"): it may break anywhere (print CSS).
            return format_html('<span class="f-name f-long">{}</span>', node.text)
        return format_html('<span class="f-name">{}</span>', node.text)
    if isinstance(node, Unary):
        return f"{escape(node.op)}{_html(node.operand)}"
    if isinstance(node, Group):
        inner = _strip_parentheses(node)
        if node.open == "(" and isinstance(inner, Binary) and inner.op == "/":
            return _html(inner)  # a stacked fraction is its own bracket
        return f"{escape(node.open)}{_html(node.inner)}{escape(node.close)}"
    if node.op == "/":
        # The fraction bar groups; round parentheses typed around either side are not printed.
        return (
            '<span class="frac"><span class="frac-num">'
            f"{_html(_strip_parentheses(node.left))}</span>"
            f'<span class="frac-den">{_html(_strip_parentheses(node.right))}</span></span>'
        )
    symbol = _OP_SYMBOLS[node.op]
    return f'{_html(node.left)} <span class="f-op">{symbol}</span> {_html(node.right)}'


@functools.lru_cache(maxsize=8192)
def render_formula_html(text: str) -> SafeString:
    """HTML for a formula: a stacked fraction where it parses, the escaped text otherwise.

    A pure function of the text, so it is cached: a long document is not parsed again on
    every page view."""
    tree = parse_formula(text)
    if tree is None:
        return format_html('<span class="formula-text">{}</span>', text or "")
    # The top-level chain ("fraction × 100%") is laid out as table cells, so that a long
    # fraction shares the line with what follows instead of pushing it to the next line.
    parts = "".join(
        f'<span class="f-part f-op">{_OP_SYMBOLS[part]}</span>'
        if isinstance(part, str)
        else f'<span class="f-part">{_html(part)}</span>'
        for part in _top_level_parts(tree)
    )
    return mark_safe(f'<span class="formula">{parts}</span>')  # noqa: S308 - leaves escaped


_OP_SYMBOLS = {"+": "+", "-": "−", "×": "×"}


def _top_level_parts(node) -> list:
    """Operands and operators of the outermost chain of + − ×, in reading order."""
    if isinstance(node, Binary) and node.op != "/":
        return [*_top_level_parts(node.left), node.op, *_top_level_parts(node.right)]
    return [node]


# --- evaluation ------------------------------------------------------------------------------


class FormulaError(ValueError):
    """A formula cannot be evaluated; the message says why, for the user."""


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def formula_names(text: str) -> list[str]:
    """The names a formula needs values for, in order of appearance, each once."""
    found = []

    def walk(node):
        if isinstance(node, Name):
            if _key(node.text) not in map(_key, found):
                found.append(node.text)
        elif isinstance(node, Group):
            walk(node.inner)
        elif isinstance(node, Unary):
            walk(node.operand)
        elif isinstance(node, Binary):
            walk(node.left)
            walk(node.right)

    walk(parse_formula(text))
    return found


def evaluate_formula(text: str, values: dict[str, Decimal | int | str]) -> Decimal:
    """Evaluate with Decimal arithmetic. ``N%`` counts as N: "A / B × 100%" gives a percentage.

    Raises FormulaError for text that is not a formula, a missing value or division by zero.
    """
    tree = parse_formula(text)
    if tree is None:
        raise FormulaError(_("This text is not a formula that can be calculated."))
    known = {}
    for name, value in values.items():
        try:
            known[_key(name)] = Decimal(str(value).replace(",", "."))
        except InvalidOperation:
            raise FormulaError(
                _("The value of “%(name)s” is not a number.") % {"name": name}
            ) from None

    def walk(node) -> Decimal:
        if isinstance(node, Number):
            return node.value
        if isinstance(node, Name):
            if _key(node.text) not in known:
                raise FormulaError(_("No value for “%(name)s”.") % {"name": node.text})
            return known[_key(node.text)]
        if isinstance(node, Group):
            return walk(node.inner)
        if isinstance(node, Unary):
            return -walk(node.operand) if node.op == "-" else walk(node.operand)
        left, right = walk(node.left), walk(node.right)
        if node.op == "+":
            return left + right
        if node.op == "-":
            return left - right
        if node.op == "×":
            return left * right
        if right == 0:
            raise FormulaError(_("Division by zero: the value below the fraction bar is 0."))
        try:
            return left / right
        except (DivisionByZero, InvalidOperation) as error:
            raise FormulaError(str(error)) from None

    return walk(tree)
