"""Lines are wrapped to the box with the print font's own widths: none wider than the box, words
kept whole unless one alone is wider."""

from performance.pohon_kinerja.drawing import BOX_WIDTH, PADDING, TEXT, text_width, wrap

INNER = BOX_WIDTH - 2 * PADDING


def test_a_long_sasaran_wraps_between_words_within_the_box():
    text = (
        "Meningkatnya kualitas pelayanan publik dan akuntabilitas kinerja instansi pemerintah "
        "daerah melalui penerapan sistem pemerintahan berbasis elektronik"
    )
    lines = wrap(text, INNER, TEXT)
    assert len(lines) >= 3
    assert " ".join(lines) == text
    assert all(text_width(line, TEXT) <= INNER for line in lines)


def test_a_word_wider_than_the_box_is_broken_inside():
    word = "Pemberdayaan" * 6
    lines = wrap(word, INNER, TEXT, bold=True)
    assert "".join(lines) == word
    assert len(lines) > 1 and all(text_width(line, TEXT, True) <= INNER for line in lines)


def test_widths_are_the_fonts_own():
    assert text_width("iiii", 10) < text_width("MMMM", 10)
    assert round(text_width("M", 10), 2) == 8.33  # Liberation Sans: 1706 of 2048 units
