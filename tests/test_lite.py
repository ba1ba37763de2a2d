"""The live lab: lesson notebooks that run in the browser on the book's own Pyodide.

Three layers:

* the parts of ``book/_ext/lukin_book/lite.py`` that decide what the lab ships
  (imports followed through the library, the lock's dependency closure, the
  sha256 check against Pyodide's official lock), on small hand-made inputs;
* the set-up cell in a real Jupyter kernel, where it must change nothing;
* the built lab (marker ``book``) and a real chromium running a lesson and its
  explorer in it with no request to any other host (marker ``browser``).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))

from lukin_book import lite  # noqa: E402
from sphinx.errors import ExtensionError  # noqa: E402

BOOK_HTML = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
LAB = BOOK_HTML / "lite"
PYODIDE = LAB / "static" / "pyodide"
OFFICIAL_LOCK = ROOT / "book" / "node_modules" / "pyodide" / "pyodide-lock.json"
#: The lesson the browser test runs end to end: short, and it has an explorer.
LIVE_LESSON = "book/models/polarity.html"
#: Generous, for a busy machine: Pyodide starts, loads its packages and runs a lesson.
LAB_TIMEOUT_MS = 240_000


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- what the lab ships


@pytest.fixture
def toy_library(tmp_path: Path) -> Path:
    """A small stand-in for the library: lazy, relative and type-only imports."""
    root = tmp_path / "lukin_course"
    _write(root / "__init__.py", "import importlib\n")
    _write(
        root / "models.py",
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "import numpy as np\n"
        "from . import helpers\n"
        "if TYPE_CHECKING:\n"
        "    import pandas as pd\n"
        "else:\n"
        "    import json\n"
        "def solve():\n"
        "    from scipy.integrate import solve_ivp\n"
        "    return solve_ivp\n",
    )
    _write(root / "helpers.py", "import math\nimport networkx\n")
    _write(root / "data" / "__init__.py", "import pandas as pd\nfrom ..helpers import math\n")
    _write(root / "plots.py", "import matplotlib\n")
    # A topic package that loads its parts lazily (PEP 562).
    _write(root / "games" / "__init__.py", "def __getattr__(name):\n    import importlib\n")
    _write(root / "games" / "_solve.py", "import nashpy\n")
    return root


def test_imports_are_followed_through_the_library(toy_library):
    # models: numpy; scipy inside a function counts; pandas under TYPE_CHECKING
    # does not; helpers (relative) brings networkx; math and json are stdlib.
    found = lite.third_party_imports(["from lukin_course import models"], toy_library)
    assert found == {"lukin_course", "numpy", "scipy", "networkx"}


def test_a_lesson_loads_only_what_it_imports(toy_library):
    found = lite.third_party_imports(
        ["import pandas as pd\nfrom lukin_course.data import x"], toy_library
    )
    # data (a package) and, through its relative import, helpers; not models or plots.
    assert found == {"lukin_course", "pandas", "networkx"}


def test_a_package_counts_with_its_lazily_loaded_parts(toy_library):
    found = lite.third_party_imports(["from lukin_course.games import solve"], toy_library)
    assert found == {"lukin_course", "nashpy"}


def test_attribute_access_on_the_library_counts(toy_library):
    found = lite.third_party_imports(
        ["import lukin_course\n%matplotlib inline\nlukin_course.plots.draw()"], toy_library
    )
    assert found == {"lukin_course", "matplotlib"}


def test_imports_map_to_lock_packages_and_unknown_ones_are_reported(toy_library):
    import_map = {"numpy": "numpy", "scipy": "scipy", "lukin_course": "lukin-course"}
    cells = ["from lukin_course import models\nfrom myst_nb import glue\nimport seaborn"]
    needs = lite.notebook_requirements(cells, toy_library, import_map)
    assert needs.packages == {"lukin-course", "numpy", "scipy"}
    assert needs.glue is True
    # networkx (through helpers) and seaborn are in no lock: the build warns.
    assert needs.unavailable == {"networkx", "seaborn"}


def test_dependency_closure_follows_the_lock():
    packages = {
        "a": {"depends": ["B"]},
        "b": {"depends": ["c"]},
        "c": {"depends": []},
        "d": {"depends": []},
    }
    assert lite.dependency_closure(packages, ["a"]) == ["a", "b", "c"]
    with pytest.raises(ExtensionError, match="no package 'e'"):
        lite.dependency_closure(packages, ["e"])


def test_a_local_wheel_gets_a_lock_entry_with_what_it_needs_at_run_time(tmp_path):
    import zipfile

    wheel = tmp_path / "demo-1.0-py3-none-any.whl"
    metadata = (
        "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n"
        "Requires-Dist: NumPy>=1.26\n"
        "Requires-Dist: widgetsnbextension~=4.0.14\n"  # front end only: not needed
        "Requires-Dist: pytest; extra == 'test'\n"
        "Requires-Dist: pywin32; sys_platform == 'win32'\n"
    )
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("demo/__init__.py", "")
        archive.writestr("demo_cli.py", "")
        archive.writestr("demo-1.0.dist-info/METADATA", metadata)
    entry = lite.Wheel(wheel).lock_entry({"numpy": {}})
    assert entry["name"] == "demo" and entry["version"] == "1.0"
    assert entry["imports"] == ["demo", "demo_cli"]
    assert entry["depends"] == ["numpy"]
    assert entry["sha256"] == _sha256(wheel) and entry["file_name"] == wheel.name
    with pytest.raises(ExtensionError, match="which the lab does not ship"):
        lite.Wheel(wheel).lock_entry({})


def test_a_file_that_differs_from_the_official_lock_fails_the_build(tmp_path):
    wheel = tmp_path / "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"
    wheel.write_bytes(b"the real bytes")
    entry = {"file_name": wheel.name, "sha256": _sha256(wheel)}
    assert lite.verified_pyodide_file(tmp_path, entry) == wheel
    wheel.write_bytes(b"tampered bytes")
    with pytest.raises(ExtensionError, match="does not match Pyodide's official lock"):
        lite.verified_pyodide_file(tmp_path, entry)
    with pytest.raises(ExtensionError, match="not in the wheel bundle"):
        lite.verified_pyodide_file(tmp_path, {"file_name": "missing.whl", "sha256": "0"})


def test_setup_cell_lists_packages_and_is_valid_python():
    source = lite.setup_cell_source({"scipy", "lukin-course", "ipython", "micropip"}, glue=True)
    # Packages the kernel loads at start are left out; the rest sorted.
    assert 'loadPackage(["lukin-course", "scipy"])' in source
    compile(source, "<set-up>", "exec", flags=0x2000)  # PyCF_ALLOW_TOP_LEVEL_AWAIT


def test_glued_numbers_are_written_into_the_text():
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                "Trade was {glue:text}`trade:.1f` billion, {glue}`ratio` times more; "
                "{glue:text}`missing:.0f` stays as written."
            ),
            nbformat.v4.new_code_cell("x = '{glue:text}`trade`'"),
        ]
    )
    lite.paste_glued_text(notebook, {"trade": "84.14", "ratio": "'15-fold'"})
    assert notebook.cells[0].source == (
        "Trade was 84.1 billion, 15-fold times more; {glue:text}`missing:.0f` stays as written."
    )
    assert notebook.cells[1].source == "x = '{glue:text}`trade`'"  # code is never touched


def test_setup_cell_changes_nothing_in_a_normal_kernel():
    """Run a set-up cell in a real ipykernel, with MyST-NB hidden: glue still shows values."""
    from nbclient import NotebookClient

    setup = lite.setup_cell_source({"lukin-course", "numpy"}, glue=True)
    notebook = nbformat.v4.new_notebook(
        cells=[
            # Hide MyST-NB, as in a student's own Python without the book's tools.
            nbformat.v4.new_code_cell("import sys\nsys.modules['myst_nb'] = None"),
            nbformat.v4.new_code_cell(setup),
            nbformat.v4.new_code_cell("from myst_nb import glue\nglue('answer', 6 * 7)"),
            nbformat.v4.new_code_cell("print(sorted(k for k in sys.modules if 'pyodide' in k))"),
        ]
    )
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    glued = notebook.cells[2].outputs
    assert [o["data"]["text/plain"] for o in glued if o["output_type"] == "display_data"] == ["42"]
    # Nothing of the browser's Pyodide was touched outside the browser.
    assert notebook.cells[3].outputs[0]["text"].strip() == "[]"
    assert all(o["output_type"] != "error" for c in notebook.cells for o in c.outputs)


# --------------------------------------------------------------------------- the built lab


def _built_lab() -> Path:
    if not (PYODIDE / "pyodide-lock.json").is_file():
        pytest.fail("no live lab in _build/html/lite: run `make book` first")
    return LAB


def _lesson_pages_with_code() -> list[Path]:
    pages = []
    for folder in ("essay", "theory", "models", "scenarios"):
        for page in sorted((BOOK_HTML / "book" / folder).glob("*.html")):
            if 'class="cell docutils container"' in page.read_text(encoding="utf-8"):
                pages.append(page)
    return pages


@pytest.mark.book
def test_lab_serves_only_files_that_match_its_lock():
    lab = _built_lab()
    lock = json.loads((PYODIDE / "pyodide-lock.json").read_text())
    official = json.loads(OFFICIAL_LOCK.read_text())
    assert lock["info"] == official["info"]
    assert lock["info"]["version"] == lite.PYODIDE_VERSION
    local = {"lukin-course", "ipywidgets", "comm", "nashpy", "networkx", "salib"} | {
        "multiprocess",
        "dill",
        "piplite",
        "pyodide-kernel",
        "ipykernel",
    }
    names = set(lock["packages"])
    assert local <= names
    for name, entry in lock["packages"].items():
        path = PYODIDE / entry["file_name"]
        assert path.is_file(), f"{name}: {entry['file_name']} is in the lock but not served"
        assert _sha256(path) == entry["sha256"], f"{name}: served file differs from the lock"
        if name not in local:
            # Pyodide's own packages: the official entry, unchanged.
            assert entry == official["packages"][name], name
        # The lock is closed: every dependency is shipped too.
        assert set(map(lite.canonical, entry["depends"])) <= names, name
    # Trimmed: nothing served that the lock does not list, and not the whole distribution.
    listed = {e["file_name"] for e in lock["packages"].values()}
    served = {p.name for p in PYODIDE.iterdir()} - {"pyodide-lock.json", *lite.CORE_FILES}
    assert served == listed
    assert len(names) < len(official["packages"]) / 4
    for unused in ("pyarrow", "scikit-learn", "sympy"):
        assert unused not in names
    # The library wheel is this repository's library.
    library = lock["packages"]["lukin-course"]
    assert library["imports"] == ["lukin_course"] and library["depends"] == []
    assert (lab / "index.html").is_file()


@pytest.mark.book
def test_lab_configuration_asks_no_other_host():
    lab = _built_lab()
    config = json.loads((lab / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.js"
    assert kernel["disablePyPIFallback"] is True
    assert all(not url.startswith("http") for url in kernel["pipliteUrls"])
    # The lab's front page and icon exist (no JupyterLab app is built).
    assert (lab / config["appUrl"] / "index.html").is_file()
    assert (lab / config["faviconUrl"]).is_file()
    extensions = {e["name"] for e in config["federated_extensions"]}
    assert extensions == set(lite.LAB_EXTENSIONS)
    for page in BOOK_HTML.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        assert "fonts.googleapis" not in text and "cdn.jsdelivr" not in text, page
    # Every page of the lab names its icon (a browser would ask for /favicon.ico).
    for page in lab.rglob("*.html"):
        icon = re.search(r'<link rel="icon"[^>]* href="([^"]+)"', page.read_text(encoding="utf-8"))
        assert icon and (page.parent / icon.group(1)).is_file(), page


@pytest.mark.book
def test_every_lesson_with_code_has_run_live_and_its_notebook_a_setup_cell():
    lab = _built_lab()
    lock = json.loads((PYODIDE / "pyodide-lock.json").read_text())
    pages = _lesson_pages_with_code()
    assert len(pages) >= 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        match = re.search(r'class="lukin-run-live-button" href="([^"]+)"', html)
        assert match, f"{page.name}: no Run live link"
        href = match.group(1).replace("&amp;", "&")
        assert (page.parent / urlsplit(href).path).resolve() == (
            lab / "notebooks" / "index.html"
        ).resolve()
        lab_path = parse_qs(urlsplit(href).query)["path"][0]
        in_lab = lab / "files" / lab_path
        pagename = page.relative_to(BOOK_HTML).with_suffix("").as_posix()
        download = BOOK_HTML / "_sources" / f"{pagename}.ipynb"
        assert in_lab.read_bytes() == download.read_bytes(), f"{page.name}: lab != download"
        notebook = nbformat.reads(download.read_text(), as_version=4)
        nbformat.validate(notebook)
        first = notebook.cells[0]
        assert first.cell_type == "code" and lite.SETUP_TAG in first.metadata["tags"]
        listed = json.loads(re.search(r"loadPackage\((\[.*?\])\)", first.source).group(1))
        assert "lukin-course" in listed
        assert set(listed) <= set(lock["packages"]), page.name
        assert all(c.get("outputs", []) == [] for c in notebook.cells)
        # The text reads as in the book: every glued number is written in.
        assert not [c for c in notebook.cells if c.cell_type == "markdown" and "{glue" in c.source]


@pytest.mark.book
def test_setup_cell_covers_what_the_lesson_imports_in_python():
    """Run the imports of the leanest lesson in CPython: each module they load is set up."""
    import ast
    import subprocess

    _built_lab()
    lock = json.loads((PYODIDE / "pyodide-lock.json").read_text())
    import_map = {top: name for name, e in lock["packages"].items() for top in e["imports"]}
    lessons = []
    for path in sorted((LAB / "files").rglob("*.ipynb")):
        notebook = nbformat.reads(path.read_text(), as_version=4)
        listed = json.loads(re.search(r"loadPackage\((\[.*?\])\)", notebook.cells[0].source)[1])
        lessons.append((len(listed), path.name, listed, notebook))
    _, name, listed, notebook = min(lessons, key=lambda lesson: lesson[:2])
    imports = [
        ast.unparse(node)
        for cell in notebook.cells[1:]
        if cell.cell_type == "code"
        for node in ast.parse(cell.source).body
        if isinstance(node, ast.Import | ast.ImportFrom) and "myst_nb" not in ast.unparse(node)
    ]
    assert imports, name
    probe = "\n".join(
        [*imports, "import sys", "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"]
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    loaded = {import_map[top] for top in result.stdout.split() if top in import_map}
    set_up = set(lite.dependency_closure(lock["packages"], [*listed, *lite.KERNEL_PACKAGES]))
    assert loaded - set_up == set(), f"{name}: imports load packages its set-up cell does not"


# --------------------------------------------------------------------------- in the browser


def _off_host(urls: list[str], base: str) -> list[str]:
    host = urlsplit(base).netloc
    return [
        u
        for u in urls
        if urlsplit(u).scheme not in ("data", "blob", "about") and urlsplit(u).netloc != host
    ]


def _run_all_cells(lab) -> None:
    """Run > Run All Cells, once the notebook has its kernel session.

    A click while the session is still being set up can be lost, so the menu is
    used again if no cell is queued or running after a while.
    """
    lab.locator(".jp-KernelName", has_text="Pyodide").first.wait_for(timeout=LAB_TIMEOUT_MS)
    started = """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
        .some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))"""
    for _ in range(3):
        lab.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Run$")).click()
        lab.locator(".lm-Menu-itemLabel", has_text=re.compile("^Run All Cells$")).click()
        try:
            lab.wait_for_function(started, timeout=20_000, polling=250)
            return
        except Exception:
            lab.keyboard.press("Escape")
    pytest.fail("Run All Cells started no cell")


@pytest.mark.browser
@pytest.mark.book
def test_run_live_runs_a_lesson_and_its_explorer_with_no_outside_request(
    browser_context, book_server
):
    _built_lab()
    requests: list[str] = []
    problems: list[str] = []
    browser_context.on("request", lambda r: requests.append(r.url))
    browser_context.on(
        "response", lambda r: problems.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else 0
    )
    page = browser_context.new_page()
    lab = None
    try:
        page.goto(book_server + LIVE_LESSON, wait_until="load")
        button = page.locator("a.lukin-run-live-button")
        button.wait_for(state="visible")
        # Nothing of the lab loads before the click.
        assert not [u for u in requests if "/lite/" in u]

        with browser_context.expect_page() as opened:
            button.click()
        lab = opened.value
        lab.on("pageerror", lambda e: problems.append(f"uncaught: {e}"))
        lab.on(
            "console",
            lambda m: problems.append(m.text) if "Unsatisfied version" in m.text else None,
        )
        lab.locator(".jp-Notebook .jp-CodeCell").first.wait_for(timeout=LAB_TIMEOUT_MS)
        _run_all_cells(lab)
        # Every code cell gets an execution count once the lesson has run; a cell
        # that fails stops the run, and its error is reported instead of a time-out.
        try:
            lab.wait_for_function(
                r"""() => {
                    if (document.querySelector(
                        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']"
                    )) return true;
                    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
                    return prompts.length > 0
                        && prompts.every(p => /\[\d+\]/.test(p.textContent));
                }""",
                timeout=LAB_TIMEOUT_MS,
                polling=250,
            )
        except Exception:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            lab.screenshot(path=str(SCREENSHOTS / "live-lab-timeout.png"), full_page=True)
            prompts = lab.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
            pytest.fail(f"the lesson did not finish running; prompts: {prompts}; {problems}")
        errors = lab.locator(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']"
        )
        assert errors.count() == 0, errors.first.inner_text()

        # The explorer is the real ipywidgets one, computing in the browser's Python:
        # another indicator redraws the figure and rewrites its alternative text.
        explorer = (
            lab.locator(".jp-CodeCell", has_text="polarity_explorer(")
            .locator(".jupyter-widgets.widget-hbox")
            .first
        )
        explorer.wait_for(timeout=LAB_TIMEOUT_MS)
        figure = explorer.locator("img").first
        before = (figure.get_attribute("src"), figure.get_attribute("alt"))
        explorer.locator("select").first.select_option(label="GDP")
        lab.wait_for_function(
            """(old) => {
                const cells = [...document.querySelectorAll('.jp-CodeCell')]
                    .filter(c => c.textContent.includes('polarity_explorer('));
                const img = cells.length && cells[0].querySelector('.widget-hbox img');
                return img && img.getAttribute('src') !== old;
            }""",
            arg=before[0],
            timeout=LAB_TIMEOUT_MS,
        )
        assert figure.get_attribute("alt") != before[1]
        assert "GDP" in explorer.inner_text()
    finally:
        if lab is not None:
            lab.close()
        page.close()
    assert not _off_host(requests, book_server), _off_host(requests, book_server)
    assert not problems, problems
