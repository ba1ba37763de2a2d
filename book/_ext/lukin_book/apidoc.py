"""The API reference (``book/back/api.md``): autodoc and napoleon, made complete.

Each public topic of ``lukin_course`` is documented once, from its own module or
package; a package's parts are private. Two things autodoc does not do alone:

* a constant that a package exports but defines in one of its private parts keeps
  its ``#:`` comment (:func:`_part_data_documenter`);
* the library's ``[key]`` references become citations of the bibliography.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)


def _part_data_documenter() -> type:
    from sphinx.ext.autodoc import DataDocumenter, ModuleDocumenter
    from sphinx.pycode import ModuleAnalyzer
    from sphinx.util.docstrings import prepare_docstring

    class PartDataDocumenter(DataDocumenter):
        """Document a package's constant whose ``#:`` comment sits in a private part.

        Autodoc reads the ``#:`` comment of module-level data from the documented
        module's own source; ``US`` is exported by ``lukin_course.triangle`` but
        defined, with its comment, in ``lukin_course.triangle._roles``. This
        documenter takes the comment from the part that defines the constant.
        """

        objtype = "partdata"
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

            name, package = self.objpath[-1], self.modname
            for modname in sorted(sys.modules):
                if modname != package and not modname.startswith(f"{package}._"):
                    continue
                if getattr(sys.modules[modname], name, None) is not self.object:
                    continue
                try:
                    comments = ModuleAnalyzer.for_module(modname).find_attr_docs()
                except Exception:  # no source available: try the next part
                    continue
                if ("", name) in comments:
                    return [prepare_docstring("\n".join(comments[("", name)]))]
            return []

    return PartDataDocumenter


#: Per class, the attributes its docstring documents in an "Attributes" section.
_ATTRIBUTES_IN_DOCSTRING: dict[str, set[str]] = {}
_current_class: list[str] = []


def note_documented_attributes(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Remember the attributes a class's docstring documents (napoleon wrote them)."""
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
    """Skip dataclass fields that the class's docstring already documents.

    numpydoc classes describe their fields under "Attributes"; napoleon turns that
    into attribute entries (so ``:attr:`controls``` resolves), and autodoc would
    otherwise document each field a second time.
    """
    if what in ("class", "exception") and _current_class and not callable(obj):
        if name in _ATTRIBUTES_IN_DOCSTRING.get(_current_class[0], set()):
            return True
    return None


def setup(app: Sphinx) -> None:
    """Register the API-reference helpers (called by the package's ``setup``)."""
    app.setup_extension("sphinx.ext.autodoc")
    app.add_autodocumenter(_part_data_documenter())
    app.connect("builder-inited", load_bibliography_keys)
    app.connect("autodoc-process-docstring", keep_prose_of_data_before, priority=400)
    app.connect("autodoc-process-docstring", keep_prose_of_data_after, priority=600)
    app.connect("autodoc-process-docstring", cite_docstring_references, priority=700)
    app.connect("autodoc-process-docstring", note_documented_attributes, priority=900)
    app.connect("autodoc-skip-member", skip_documented_members)
