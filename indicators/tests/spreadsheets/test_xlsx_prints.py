"""The document's .xlsx prints like its PDF in a real spreadsheet program: both demo documents
converted by LibreOffice Calc (`soffice --headless --convert-to pdf`) show every word of their
IKU, no word outside its page and no text running over other text (rows too short for their
wrapped text, or a signature over the table, print overlapping words). Skipped where
LibreOffice is not installed (`.ci/run` installs it)."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from indicators.models import IKUDocument
from indicators.printing.pdf import print_snapshot
from indicators.printing.print_layout import signature_context
from indicators.spreadsheets.export import document_xlsx
from indicators.tests.pdf_words import words

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def _calc_pdf(xlsx: bytes, folder: Path) -> bytes:
    source = folder / "document.xlsx"
    source.write_bytes(xlsx)
    profile = folder / "profile"  # a profile of its own: no clash with another soffice
    subprocess.run(  # noqa: S603
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (folder / "document.pdf").read_bytes()


def _overlapping(page_words) -> list[str]:
    """Pairs of words whose boxes cover each other by more than a sliver."""
    found = []
    ordered = sorted(page_words, key=lambda w: (w.left, w.bottom))
    for n, a in enumerate(ordered):
        for b in ordered[n + 1 :]:
            if b.left >= a.right:
                break
            width = min(a.right, b.right) - max(a.left, b.left)
            height = min(a.top, b.top) - max(a.bottom, b.bottom)
            if width > 1 and height > 2:
                found.append(f"{a.text}/{b.text}")
    return found


@pytest.mark.parametrize(
    "government", ["Provinsi Sumatera Selatan", "Provinsi Jambi"], ids=["sumsel", "jambi"]
)
def test_the_demo_documents_print_from_calc_whole_and_unclipped(db, tmp_path, government):
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())
    document = (
        IKUDocument.objects.filter(unit__government=government, unit__kind="dinas")
        .order_by("-revision")
        .first()
    )
    snapshot = print_snapshot(document)
    pdf = _calc_pdf(document_xlsx(snapshot), tmp_path)
    pages = words(pdf)
    printed = [word for _n, _w, _h, page in pages for word in page]
    texts = {word.text for word in printed}
    for indicator in snapshot["indicators"]:
        for word in indicator["name"].split():
            assert word in texts, f"“{word}” of “{indicator['name']}” is not printed"
    for number, width, height, page in pages:
        outside = [
            w.text for w in page if w.left < 0 or w.right > width or w.bottom < 0 or w.top > height
        ]
        assert not outside, f"page {number}: {outside}"
        assert not _overlapping(page), f"page {number}: {_overlapping(page)[:10]}"
    # The signature as in the PDF: the signatory's name is printed, on the right half.
    name = signature_context(snapshot)["name"].split()[-1]
    signed = [(w, width) for _n, width, _h, page in pages for w in page if w.text == name]
    assert signed and all(w.left > width / 3 for w, width in signed)
