"""The whole book as one PDF (``make pdf``): every chapter, contents, page numbers,
figures, solutions expanded."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.book

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "_build" / "pdf" / "book.pdf"
HTML = ROOT / "_build" / "html"


def _squash(text: str) -> str:
    """Text without spacing or line breaks, for matching titles across PDF line wraps."""
    return re.sub(r"[\W_]+", "", text).lower()


class _Pdf:
    """The PDF's pages as text, its image count and its bookmarks (pypdfium2)."""

    def __init__(self, path: Path) -> None:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(path)
        pages = [document[i] for i in range(len(document))]
        self.texts = [page.get_textpage().get_text_range() for page in pages]
        self.images = sum(
            1
            for page in pages
            for obj in page.get_objects(max_depth=3)
            if obj.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE
        )
        self.bookmarks = [item.get_title() for item in document.get_toc()]


@pytest.fixture(scope="module")
def pdf() -> _Pdf:
    if not PDF.is_file():
        pytest.fail(f"no PDF at {PDF.relative_to(ROOT)}: run `make pdf` first")
    return _Pdf(PDF)


def _chapters() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [ch["file"] for part in toc["parts"] for ch in part["chapters"]]


def _title(docname: str) -> str:
    """The page's title, as the HTML book gives it in ``<title>``."""
    html = (HTML / f"{docname}.html").read_text(encoding="utf-8")
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    assert match, docname
    title = match.group(1).rsplit(" — ", 1)[0].rsplit(" &#8212; ", 1)[0]
    return unescape(title).strip()


def test_pdf_has_every_chapter_in_order(pdf):
    whole = _squash(" ".join(pdf.texts))
    positions = []
    for docname in _chapters():
        title = _squash(_title(docname))
        assert title in whole, f"chapter {docname} ({_title(docname)!r}) is not in the PDF"
        positions.append(whole.index(title))
    # Each chapter's first appearance after the contents comes in the book's order.
    contents_end = max(positions)
    body = [whole.index(_squash(_title(d)), contents_end + 1) for d in _chapters()[1:]]
    assert body == sorted(body), "chapters are out of order in the PDF"


def test_pdf_has_contents_and_page_numbers(pdf):
    n = len(pdf.texts)
    assert n > 50, f"a {n}-page PDF cannot hold the whole book"
    assert any("Contents" in t for t in pdf.texts[:3]), "no contents at the start"
    numbered = sum(bool(re.search(rf"\b{i + 1} / {n}\b", t)) for i, t in enumerate(pdf.texts))
    assert numbered == n, f"{n - numbered} of {n} pages have no page number"
    bookmarks = {_squash(b) for b in pdf.bookmarks}
    missing = [d for d in _chapters() if _squash(_title(d)) not in bookmarks]
    assert not missing, f"chapters without a bookmark: {missing}"


def test_pdf_shows_every_figure_and_solution(pdf):
    # the figures the pages show (the folder may keep files of figures an earlier build had)
    figures = len(
        {
            name
            for page in (HTML / "book").rglob("*.html")
            for name in re.findall(r'_images/([^"]+\.png)', page.read_text(encoding="utf-8"))
        }
    )
    assert figures > 10, f"only {figures} figures found in the built book"
    assert pdf.images >= figures, f"{pdf.images} images in the PDF, {figures} figures in the book"
    whole = _squash(" ".join(pdf.texts))
    # The opening words of every solution's text, which the online book folds away
    # (up to its first formula: typeset math does not read back as TeX).
    openings = [
        _squash(unescape(re.sub(r"<[^>]+>", "", body.split('<span class="math', 1)[0])))[:60]
        for page in (HTML / "book").rglob("*.html")
        for body in re.findall(
            r'<p class="admonition-title">Solution to.*?</p>'
            r"(?:(?!admonition-title).)*?<p>(.*?)</p>",
            page.read_text(encoding="utf-8"),
            re.S,
        )
    ]
    openings = [o for o in openings if len(o) >= 12]
    assert openings, "the book has no solutions to look for"
    missing = [o for o in openings if o not in whole]
    assert not missing, f"{len(missing)} of {len(openings)} solutions missing: {missing[:3]}"
