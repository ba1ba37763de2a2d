"""Static checks of the built book (``make book`` first): structure, links, downloads, offline."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from collections import deque
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
import yaml

import lukin_course

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.book

#: The table of contents the course design asks for, in order.
EXPECTED_TOC = {
    "root": "book/index",
    "Start here": [
        "book/start/how-to-use",
        "book/start/syllabus",
        "book/start/the-essay",
        "book/start/claims-map",
    ],
    "Part I, the essay and its evidence": [
        "book/essay/two-readings",
        "book/essay/china-threat-evidence",
    ],
    "Part II, theory": [
        "book/theory/realism",
        "book/theory/triangulation",
        "book/theory/democratism",
        "book/theory/strategic-triangle",
        "book/theory/structural-balance",
    ],
    "Part III, models of the rapprochement": [
        "book/models/pressure-model",
        "book/models/alignment-games",
        "book/models/arms-racing-threat",
        "book/models/polarity",
    ],
    "Part IV, scenarios and assessment": [
        "book/scenarios/reverse-kissinger",
        "book/scenarios/after-2017",
        "book/scenarios/critiques",
    ],
    "Back matter": [
        "book/back/glossary",
        "book/back/bibliography",
        "book/back/api",
        "book/back/instructor-guide",
        "book/back/student-guide",
    ],
}
LESSON_PARTS = (
    "Part I, the essay and its evidence",
    "Part II, theory",
    "Part III, models of the rapprochement",
    "Part IV, scenarios and assessment",
)
TOC_PAGES = [EXPECTED_TOC["root"]] + [
    page for caption, pages in EXPECTED_TOC.items() if caption != "root" for page in pages
]


class _Links(HTMLParser):
    """Collect ids and the URLs of links and loaded resources of one HTML page."""

    RESOURCE_TAGS = ("script", "img", "iframe", "source")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.anchors: list[str] = []
        self.resources: list[str] = []
        self.download_links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        for key in ("id", "name"):
            if attr.get(key):
                self.ids.add(attr[key])
        if tag == "a" and "href" in attr:
            self.anchors.append(attr["href"])
            if attr["href"].endswith(".ipynb"):
                self.download_links.append(attr["href"])
        elif tag == "link" and attr.get("href"):
            self.resources.append(attr["href"])
        elif tag in self.RESOURCE_TAGS and attr.get("src"):
            self.resources.append(attr["src"])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _html_pages(book_html: Path) -> list[Path]:
    return sorted(
        p
        for p in book_html.rglob("*.html")
        if not p.relative_to(book_html).parts[0].startswith(("_static", "_sources", "_images"))
    )


def _is_external(url: str) -> bool:
    """True for URLs that make the browser contact another host (data: URLs do not)."""
    return urlsplit(url).scheme in ("http", "https", "ftp", "ws", "wss") or url.startswith("//")


def _local_target(page: Path, url: str) -> tuple[Path, str] | None:
    """The file and fragment a same-site URL points to (None for external/special URLs)."""
    parts = urlsplit(url)
    if parts.scheme or url.startswith("//") or url.startswith(("javascript:", "mailto:")):
        return None
    target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def test_toc_lists_exactly_the_course_pages_in_parts():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    assert toc["format"] == "jb-book"
    assert toc["root"] == EXPECTED_TOC["root"]
    got = {part["caption"]: [ch["file"] for ch in part["chapters"]] for part in toc["parts"]}
    assert list(got) == [c for c in EXPECTED_TOC if c != "root"]
    for caption, pages in got.items():
        assert pages == EXPECTED_TOC[caption], caption


def test_every_toc_page_is_built_with_a_title(book_html):
    for page in TOC_PAGES:
        html = book_html / f"{page}.html"
        assert html.is_file(), f"{page} is in the table of contents but was not built"
        assert (ROOT / f"{page}.md").is_file() or (ROOT / f"{page}.ipynb").is_file()
        assert re.search(r"<h1>.+?</h1>", html.read_text(encoding="utf-8"), re.S), page


def test_every_toc_page_is_reachable_from_the_landing_page(book_html):
    start = (book_html / "book" / "index.html").resolve()
    seen = {start}
    queue = deque([start])
    while queue:
        page = queue.popleft()
        for href in _parse(page).anchors:
            found = _local_target(page, href)
            if found and found[0].suffix == ".html" and found[0].is_file():
                if found[0] not in seen:
                    seen.add(found[0])
                    queue.append(found[0])
    missing = [p for p in TOC_PAGES if (book_html / f"{p}.html").resolve() not in seen]
    assert not missing, f"pages not reachable by following links from the landing page: {missing}"


def test_no_broken_local_links_or_anchors(book_html):
    parsed = {p.resolve(): _parse(p) for p in _html_pages(book_html)}
    broken = []
    for page, links in parsed.items():
        for url in links.anchors + links.resources:
            found = _local_target(page, url)
            if found is None:
                continue
            target, fragment = found
            rel = page.relative_to(book_html.resolve())
            if not target.exists():
                broken.append(f"{rel}: {url} (missing file)")
            elif fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if fragment not in ids:
                    broken.append(f"{rel}: {url} (no anchor #{fragment})")
    assert not broken, "broken local links:\n" + "\n".join(sorted(set(broken)))


def test_pages_load_no_resource_from_another_host(book_html):
    offenders = []
    for page in _html_pages(book_html):
        for url in _parse(page).resources:
            if _is_external(url):
                offenders.append(f"{page.relative_to(book_html)}: {url}")
    static = book_html / "_static"
    for css in static.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for url in re.findall(r"""url\(\s*["']?([^"')]+)""", text) + re.findall(
            r"""@import\s+(?:url\()?["']([^"']+)""", text
        ):
            if _is_external(url):
                offenders.append(f"{css.relative_to(book_html)}: {url}")
    assert not offenders, "resources fetched from other hosts:\n" + "\n".join(offenders)


def test_math_and_widget_scripts_are_served_from_the_book(book_html):
    math_pages = [p for p in _html_pages(book_html) if 'class="math' in p.read_text("utf-8")]
    assert math_pages, "no page has math; the MathJax set-up cannot be checked"
    for page in math_pages:
        scripts = [u for u in _parse(page).resources if "mathjax" in u.lower()]
        assert scripts, page
        for url in scripts:
            assert url.split("?")[0].endswith("_static/vendor/mathjax/tex-chtml.js"), url
    vendor = book_html / "_static" / "vendor"
    for name in ("mathjax/tex-chtml.js", "requirejs/require.js", "html-manager/embed-amd.js"):
        assert (vendor / name).is_file(), f"_static/vendor/{name} missing"
    # The CommonHTML fonts MathJax loads relative to itself are served too.
    assert list((vendor / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff"))


def test_mathjax_and_the_widget_manager_load_only_where_needed(book_html):
    """MathJax only on pages with math; the widget manager only where a live widget is shown."""
    for page in _html_pages(book_html):
        html = page.read_text("utf-8")
        resources = [urlsplit(u).path for u in _parse(page).resources]
        has_math = 'class="math' in html
        loads_mathjax = any(u.endswith("_static/vendor/mathjax/tex-chtml.js") for u in resources)
        assert loads_mathjax == has_math, f"{page}: math {has_math}, MathJax {loads_mathjax}"
        shows_widget = "application/vnd.jupyter.widget-view+json" in html
        loads_manager = any(u.endswith("html-manager/embed-amd.js") for u in resources)
        assert loads_manager == shows_widget, (
            f"{page}: widget {shows_widget}, manager {loads_manager}"
        )
        assert ("application/vnd.jupyter.widget-state+json" in html) == shows_widget, page


def test_explorer_pages_carry_precomputed_explorers(book_html):
    """Every page that displays a model explorer shows its precomputed form."""
    for page in _html_pages(book_html):
        source = ROOT / page.relative_to(book_html).with_suffix(".md")
        if not source.is_file() or "_explorer(" not in source.read_text(encoding="utf-8"):
            continue
        html = page.read_text("utf-8")
        calls = len(re.findall(r"^widgets\.\w+_explorer\(", source.read_text("utf-8"), re.M))
        assert html.count("data-lukin-explorer") == calls, page


def test_browser_assets_are_pinned_with_integrity_hashes():
    package = json.loads((ROOT / "book" / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "book" / "package-lock.json").read_text(encoding="utf-8"))
    assert package["dependencies"], "no pinned browser assets"
    for name, version in package["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned exactly: {version}"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    for path, entry in lock["packages"].items():
        if path:
            assert entry.get("integrity", "").startswith("sha512-"), f"{path} has no integrity hash"
            resolved = entry.get("resolved", "https://registry.npmjs.org/")
            assert resolved.startswith("https://registry.npmjs.org/"), f"{path}: {resolved}"


def _lesson_pages() -> list[str]:
    return [page for caption in LESSON_PARTS for page in EXPECTED_TOC[caption]]


def _is_notebook_source(page: str) -> bool:
    source = ROOT / f"{page}.md"
    head = source.read_text(encoding="utf-8").split("\n---", 1)[0] if source.is_file() else ""
    return "kernelspec" in head


def test_every_lesson_and_notebook_offers_its_ipynb(book_html):
    offered = _lesson_pages() + [p for p in TOC_PAGES if _is_notebook_source(p)]
    for page in dict.fromkeys(offered):
        html = book_html / f"{page}.html"
        links = _parse(html).download_links
        expected = f"_sources/{page}.ipynb"
        assert any(unquote(u).endswith(expected) for u in links), f"{page}: no .ipynb download"
        notebook_path = book_html / expected
        assert notebook_path.is_file(), f"{expected} is linked but missing"
        notebook = nbformat.read(notebook_path, as_version=4)
        nbformat.validate(notebook)
        assert notebook.cells, f"{expected} is empty"
        assert notebook.metadata["kernelspec"]["name"] == "python3"
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None


def test_downloaded_notebooks_keep_every_code_cell(book_html):
    for page in TOC_PAGES:
        if not _is_notebook_source(page):
            continue
        source = (ROOT / f"{page}.md").read_text(encoding="utf-8")
        n_code = len(re.findall(r"^```\{code-cell\}", source, re.M))
        notebook = nbformat.read(book_html / "_sources" / f"{page}.ipynb", as_version=4)
        # Besides its own cells, a lesson with code starts with the live lab's set-up cell.
        lesson = [c for c in notebook.cells if "live-lab-setup" not in c.metadata.get("tags", [])]
        assert sum(c.cell_type == "code" for c in lesson) == n_code, page


def _public_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(lukin_course.__path__, prefix="lukin_course."):
        if not any(part.startswith("_") for part in info.name.split(".")[1:]):
            names.append(info.name)
    return sorted(names)


def test_api_reference_documents_every_module_and_public_name(book_html):
    api = book_html / "book" / "back" / "api.html"
    ids = _parse(api).ids
    modules = {name: importlib.import_module(name) for name in _public_modules()}
    assert "lukin_course.triangle" in modules
    undocumented = []
    for name, module in modules.items():
        if f"module-{name}" not in ids:
            undocumented.append(f"module {name}")
        for public in getattr(module, "__all__", []):
            obj = getattr(module, public)
            if isinstance(obj, type(lukin_course)):
                continue
            if f"{name}.{public}" not in ids:  # each name is documented with its topic
                undocumented.append(f"{name}.{public}")
    assert not undocumented, "missing from book/back/api.md: " + ", ".join(undocumented)
    html = api.read_text(encoding="utf-8")
    # numpydoc sections come through napoleon as rubrics.
    for section in ("Examples", "Notes", "References"):
        assert f'<p class="rubric">{section}</p>' in html, section


# -- output fit to read ------------------------------------------------------------

#: What a reader should never see in a lesson's output: raw Python reprs and code names.
_RAW_OUTPUT = {
    "numpy scalar repr": re.compile(r"\bnp\.\w+\("),
    "pandas Series repr": re.compile(r"\b(?:dtype: \w+|Name: [^<\n]*, dtype)"),
    "infinity where 'never' is meant": re.compile(r"(?:<td>|<th>|\s|^)-?inf(?:</td>|</th>|\s|$)"),
    "raw tuple, list or dict": re.compile(r"^\s*[\(\[\{]['\"(\[\w.-]", re.M),
    "code name": re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b"),
}


def _cell_outputs(html: str) -> list[str]:
    """The markup of each code cell's output on a built page (explorers and images aside)."""
    outputs = []
    for start in (m.end() for m in re.finditer(r'<div class="cell_output[^"]*">', html)):
        depth, pos = 1, start
        for tag in re.finditer(r"<(/?)div\b", html[start:]):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                pos = start + tag.start()
                break
        chunk = html[start:pos]
        if "data-lukin-explorer" in chunk:
            continue
        chunk = re.sub(r"<(script|style)\b.*?</\1>", "", chunk, flags=re.S)
        chunk = re.sub(r"<img\b[^>]*>|<a\b[^>]*>.*?</a>|<code\b.*?</code>", "", chunk, flags=re.S)
        outputs.append(chunk)
    return outputs


def _text(markup: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", markup))


def test_lesson_outputs_read_as_text_not_as_python(book_html):
    problems = []
    for page in sorted((book_html / "book").rglob("*.html")):
        if page.name == "api.html":
            continue
        for output in _cell_outputs(page.read_text(encoding="utf-8")):
            plain = re.search(r'class="output text_plain|highlight-myst-ansi', output)
            for what, pattern in _RAW_OUTPUT.items():
                if what == "raw tuple, list or dict" and not plain:
                    continue
                target = output if what.startswith("infinity") else _text(output)
                match = pattern.search(target)
                if match:
                    rel = page.relative_to(book_html)
                    problems.append(
                        f"{rel}: {what}: {target[max(0, match.start() - 40) : match.end() + 40]!r}"
                    )
    assert not problems, "outputs that show code, not results:\n" + "\n".join(problems)


def test_exercise_references_read_once(book_html):
    twice = re.compile(r"[Ee]xercises?\s*(?:<[^>]+>\s*)*Exercise\s")
    pages = [
        str(p.relative_to(book_html))
        for p in (book_html / "book").rglob("*.html")
        if twice.search(p.read_text(encoding="utf-8"))
    ]
    assert not pages, f"'Exercise Exercise N' on {pages}"
