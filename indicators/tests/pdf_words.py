"""Where the words of a PDF lie, read from the PDF's own character boxes (PDFium).

Text extraction still finds a word that is cut off at the page edge; its box does not lie.
"""

from dataclasses import dataclass

import pypdfium2 as pdfium

from indicators.layouts import MARGINS_MM

MM = 72 / 25.4  # points per millimetre
TOLERANCE_PT = 0.5
# Printers cannot print the last few millimetres of a sheet; the page number sits in the
# bottom margin, above that.
EDGE_MM = 5


@dataclass
class Word:
    page: int
    text: str
    left: float
    bottom: float
    right: float
    top: float


def words(pdf: bytes) -> list[tuple[int, float, float, list[Word]]]:
    """[(page number, width, height, [words])] with boxes in points from the bottom left."""
    document = pdfium.PdfDocument(pdf)
    pages = []
    try:
        for number, page in enumerate(document, start=1):
            width, height = page.get_size()
            textpage = page.get_textpage()
            found, current = [], None
            for index in range(textpage.count_chars()):
                char = textpage.get_text_range(index, 1)
                if not char.strip():
                    current = None
                    continue
                left, bottom, right, top = textpage.get_charbox(index)
                if current is None or left < current.left - 1 or bottom > current.top:
                    current = Word(number, "", left, bottom, right, top)
                    found.append(current)
                current.text += char
                current.left, current.right = min(current.left, left), max(current.right, right)
                current.bottom, current.top = min(current.bottom, bottom), max(current.top, top)
            pages.append((number, width, height, found))
    finally:
        document.close()
    return pages


def words_outside_printable_area(pdf: bytes) -> list[str]:
    """Every word that is not wholly inside the space between the page's side margins and
    at least EDGE_MM from its top and bottom edges, as 'p<page>:<word>@x'."""
    outside = []
    for number, width, height, page_words in words(pdf):
        orientation = "landscape" if width > height else "portrait"
        _top, right_margin, _bottom, left_margin = MARGINS_MM[orientation]
        left_edge = left_margin * MM - TOLERANCE_PT
        right_edge = width - right_margin * MM + TOLERANCE_PT
        for word in page_words:
            if (
                word.left < left_edge
                or word.right > right_edge
                or word.bottom < EDGE_MM * MM
                or word.top > height - EDGE_MM * MM
            ):
                outside.append(f"p{number}:{word.text}@{word.left:.0f}-{word.right:.0f}")
    return outside
