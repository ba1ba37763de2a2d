"""The API reference (``book/back/api.md``): autodoc and napoleon, made complete.

* names a model re-exports from its companion modules are documented once and
  references to them resolve (:func:`resolve_reexported`);
* constants re-exported from a companion keep their ``#:`` comment;
* split-off modules appear without editing the page (``lukin-remaining-modules``);
* the library's ``[key]`` references become citations of the bibliography.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)


def _import_object(dotted: str) -> Any:
    """The object a dotted name refers to, or None when it does not import."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for attr in parts[cut:]:
                obj = getattr(obj, attr)
        except AttributeError:
            return None
        return obj
    return None


def resolve_reexported(app: Sphinx, env: Any, node: Any, contnode: Any) -> Any:
    """Resolve a Python cross-reference to a re-exported name of the library.

    Several models are split over companion modules (``pressure_batch``,
    ``triangle_moves``...) whose public names are re-exported, and documented
    once, by the main module. A reference written in a companion module
    (``:func:`phase_diagram```) then names an object documented under another
    module. This finds the documented name of *the same Python object*; it
    never guesses between different objects, so a truly broken reference still
    fails the nitpicky build.
    """
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "")
    module = node.get("py:module") or ""
    if not (module.startswith("lukin_course") or target.startswith("lukin_course")):
        return None
    wanted = None
    for candidate in (f"{module}.{target}", f"{module}.{node.get('py:class')}.{target}", target):
        if candidate.startswith("lukin_course"):
            wanted = _import_object(candidate)
            if wanted is not None:
                break
    if wanted is None:
        return None
    domain = env.get_domain("py")
    matches = [
        (name, entry)
        for name, entry in domain.objects.items()
        if name.startswith("lukin_course.")
        and not entry.aliased
        and name.rsplit(".", 1)[-1] == target.rsplit(".", 1)[-1]
        and _import_object(name) is wanted
    ]
    if len(matches) != 1:
        return None
    from sphinx.util.nodes import make_refnode

    name, entry = matches[0]
    return make_refnode(app.builder, node["refdoc"], entry.docname, entry.node_id, contnode, name)


def _reexported_data_documenter() -> type:
    from sphinx.ext.autodoc import DataDocumenter, ModuleDocumenter
    from sphinx.pycode import ModuleAnalyzer
    from sphinx.util.docstrings import prepare_docstring

    class ReexportedDataDocumenter(DataDocumenter):
        """Document constants a module re-exports in ``__all__`` from a companion module.

        Autodoc only documents module-level data whose ``#:`` comment sits in the
        module's own source; a constant defined in ``triangle_roles`` and exported
        by ``triangle`` would silently vanish from the reference. This documenter
        takes such a constant and its ``#:`` comment from the module that defines it.
        """

        objtype = "reexporteddata"
        directivetype = "data"
        priority = DataDocumenter.priority + 1

        @classmethod
        def can_document_member(cls, member: Any, membername: str, isattr: bool, parent: Any):
            if isattr or not isinstance(parent, ModuleDocumenter):
                return False
            if callable(member) or isinstance(member, type) or hasattr(member, "__path__"):
                return False
            return membername in (getattr(parent.object, "__all__", None) or ())

        def get_doc(self) -> list[list[str]] | None:
            import sys

            name = self.objpath[-1]
            for modname, module in sorted(sys.modules.items()):
                if not modname.startswith("lukin_course") or module is None:
                    continue
                if getattr(module, name, None) is not self.object:
                    continue
                try:
                    comments = ModuleAnalyzer.for_module(modname).find_attr_docs()
                except Exception:  # no source available: try the next module
                    continue
                if ("", name) in comments:
                    return [prepare_docstring("\n".join(comments[("", name)]))]
            return []

    return ReexportedDataDocumenter


#: (name, id) of every module-level object already documented on the page: a
#: companion module lists only what its main module has not documented.
_DOCUMENTED: set[tuple[str, int]] = set()

#: Per class, the attributes its docstring documents in an "Attributes" section.
_ATTRIBUTES_IN_DOCSTRING: dict[str, set[str]] = {}
_current_class: list[str] = []


def note_documented_attributes(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Prepare a module's or class's members before autodoc lists them.

    For a module: names re-exported lazily (PEP 562 ``__getattr__``) are not in
    ``dir(module)`` until first used, so autodoc would skip them; touching each
    name of ``__all__`` loads them. For a class: remember the attributes its
    docstring documents (napoleon wrote them).
    """
    if what == "module":
        for member in getattr(obj, "__all__", None) or ():
            getattr(obj, member, None)
        return
    if what in ("function", "class", "exception", "data"):
        _DOCUMENTED.add((name.rsplit(".", 1)[-1], id(obj)))
    if what not in ("class", "exception"):
        return
    _current_class[:] = [name]
    prefix = ".. attribute:: "
    _ATTRIBUTES_IN_DOCSTRING[name] = {
        line.strip()[len(prefix) :].strip() for line in lines if line.strip().startswith(prefix)
    }


_ORIGINAL_DOC: dict[str, list[str]] = {}


def keep_prose_of_data_before(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Save a constant's ``#:`` comment before napoleon rewrites it (see below)."""
    if what in ("data", "attribute"):
        _ORIGINAL_DOC[name] = list(lines)


def keep_prose_of_data_after(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Undo napoleon's reading of "prose: more prose" as "type: description".

    Napoleon takes the text before the first colon of an attribute's docstring
    as its type (the Google convention); this course's ``#:`` comments are
    plain numpydoc prose ("Colour map for a tie in [-1, 1]: red to green"), so a
    "type" with spaces in it is restored to the sentence it was.
    """
    original = _ORIGINAL_DOC.pop(name, None)
    if what not in ("data", "attribute") or original is None:
        return
    inferred = [line for line in lines if line.strip().startswith(":type:")]
    if any(" " in line.strip()[len(":type:") :].strip() for line in inferred):
        lines[:] = original


_CITATION = re.compile(r"\[([a-z][a-z0-9_-]*\d{4}[a-z0-9_-]*)\]")
_BIB_KEYS: set[str] = set()


def load_bibliography_keys(app: Sphinx) -> None:
    """Read the citation keys of the book's bibliography (``bibtex_bibfiles``)."""
    _BIB_KEYS.clear()
    for bibfile in getattr(app.config, "bibtex_bibfiles", None) or ():
        text = (Path(app.srcdir) / bibfile).read_text(encoding="utf-8")
        _BIB_KEYS.update(re.findall(r"^@\w+\s*\{\s*([^,\s]+)\s*,", text, re.M))


def cite_docstring_references(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Turn the library's ``[key]`` references into citations of the bibliography.

    Docstrings cite as ``[dittmer1981strategic]`` with keys of
    ``book/references.bib``, so the library and the book cite alike; in the API
    reference each becomes a ``:cite:p:`` link to the bibliography. A key that is
    not in the bibliography is reported (and fails the ``-W`` build).
    """
    for i, line in enumerate(lines):
        if line.lstrip().startswith((">>>", "...")):
            continue

        def replace(match: re.Match[str]) -> str:
            key = match.group(1)
            if key in _BIB_KEYS:
                return f":cite:p:`{key}`"
            LOGGER.warning("%s: [%s] is not a key of the bibliography", name, key)
            return match.group(0)

        lines[i] = _CITATION.sub(replace, line)


def skip_documented_members(
    app: Sphinx, what: str, name: str, obj: Any, skip: bool, options: Any
) -> bool | None:
    """Skip members that are already documented elsewhere on the API page.

    * A companion module's names that its main module re-exports are documented
      once, under the main module (which comes first on the page).
    * numpydoc classes describe their fields under "Attributes"; napoleon turns
      that into attribute entries (so ``:attr:`controls``` resolves), and autodoc
      would otherwise document dataclass fields a second time.
    """
    if what == "module" and (name, id(obj)) in _DOCUMENTED:
        # Re-exported by a module documented earlier on the page.
        return True
    if what in ("class", "exception") and _current_class and not callable(obj):
        if name in _ATTRIBUTES_IN_DOCSTRING.get(_current_class[0], set()):
            return True
    return None


def _module_files(package: str) -> list[str]:
    """The package's module files, found without importing anything."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    roots = list(spec.submodule_search_locations or []) if spec else []
    return sorted(
        str(path.relative_to(root)) for root in map(Path, roots) for path in root.rglob("*.py")
    )


def reread_when_modules_change(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Re-read the API page when a module is added to or removed from the package.

    Autodoc makes a page depend on the modules it documented, so an edited module
    triggers a re-read, but a new module would otherwise go unnoticed.
    """
    recorded: dict[str, tuple[str, list[str]]] = getattr(env, "lukin_remaining_modules", {})
    return [
        docname
        for docname, (package, files) in recorded.items()
        if docname in env.found_docs and _module_files(package) != files
    ]


def _remaining_modules_directive() -> type:
    import pkgutil

    from docutils import nodes
    from docutils.statemachine import StringList
    from sphinx.util.docutils import SphinxDirective

    class RemainingModules(SphinxDirective):
        """Autodoc every public module of a package not already documented on the page.

        ``.. lukin-remaining-modules:: lukin_course`` (inside ``{eval-rst}``)
        documents, in name order, each public module that no ``automodule``
        directive of the same page names, so a module split off from a model
        appears in the reference without editing the page.
        """

        required_arguments = 1

        def run(self) -> list[Any]:
            package = importlib.import_module(self.arguments[0])
            if not hasattr(self.env, "lukin_remaining_modules"):
                self.env.lukin_remaining_modules = {}
            self.env.lukin_remaining_modules[self.env.docname] = (
                package.__name__,
                _module_files(package.__name__),
            )
            source = Path(self.env.doc2path(self.env.docname)).read_text(encoding="utf-8")
            listed = set(re.findall(r"automodule::\s*(\S+)", source))
            lines: list[str] = []
            for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
                private = any(part.startswith("_") for part in info.name.split(".")[1:])
                if private or info.name in listed:
                    continue
                lines += [
                    f".. rubric:: ``{info.name}``",
                    "",
                    f".. automodule:: {info.name}",
                    "   :members:",
                    "   :undoc-members:",
                    "",
                ]
            holder = nodes.container()
            self.state.nested_parse(
                StringList(lines, source=self.env.docname), self.content_offset, holder
            )
            return list(holder.children)

    return RemainingModules


def setup(app: Sphinx) -> None:
    """Register the API-reference helpers (called by the package's ``setup``)."""
    app.setup_extension("sphinx.ext.autodoc")
    app.add_autodocumenter(_reexported_data_documenter())
    app.add_directive("lukin-remaining-modules", _remaining_modules_directive())
    app.connect("builder-inited", load_bibliography_keys)
    app.connect("env-before-read-docs", lambda app, env, docnames: _DOCUMENTED.clear())
    app.connect("missing-reference", resolve_reexported)
    app.connect("env-get-outdated", reread_when_modules_change)
    app.connect("autodoc-process-docstring", keep_prose_of_data_before, priority=400)
    app.connect("autodoc-process-docstring", keep_prose_of_data_after, priority=600)
    app.connect("autodoc-process-docstring", cite_docstring_references, priority=700)
    app.connect("autodoc-process-docstring", note_documented_attributes, priority=900)
    app.connect("autodoc-skip-member", skip_documented_members)
