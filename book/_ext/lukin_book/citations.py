"""One citation style in the text and in the bibliography: author and year.

sphinxcontrib-bibtex cites in the text with a *referencing* style and labels
the bibliography with a pybtex *formatting* style; with ``author_year`` and the
default ``alpha`` the text read "[Lukin, 2018]" and the list "[Luk18]". Both
styles registered here under :data:`STYLE_NAME` build the label from the same
template ("Lukin, 2018", "Dittmer and Wu, 1995", "Morrison et al., 2009"), and
works that would share a label get the same year letters in both places
("Lukin, 2018a" and "Lukin, 2018b", lettered in the bibliography's order).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

STYLE_NAME = "lukin_author_year"

#: Year letters of the works that share author and year, by citation key.
_YEAR_LETTERS: dict[str, str] = {}


def _reference_style() -> Any:
    from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

    return AuthorYearReferenceStyle()


def _base_label(entry: Any, reference_style: Any) -> str:
    """ "Lukin, 2018": the author text of the in-text citation, then the year."""
    from sphinxcontrib.bibtex.style.template import join, year

    template = join(sep=reference_style.author_year_sep)[
        reference_style.person.author_or_editor_or_title(full=False), year
    ]
    return str(template.format_data({"entry": entry, "style": reference_style}).render_as("text"))


def assign_year_letters(entries: Iterable[Any], sort: Any) -> dict[str, str]:
    """Letters for works that share a label, in the order ``sort`` puts them."""
    reference_style = _reference_style()
    groups: dict[str, list[Any]] = defaultdict(list)
    for entry in sort(list(entries)):
        groups[_base_label(entry, reference_style)].append(entry)
    return {
        entry.key: chr(ord("a") + i)
        for same in groups.values()
        if len(same) > 1
        for i, entry in enumerate(same)
    }


def _formatting_style() -> type:
    from pybtex.style.formatting.plain import Style as PlainStyle
    from pybtex.style.labels import BaseLabelStyle

    class AuthorYearLabels(BaseLabelStyle):
        """Labels that read like the in-text citations: "Lukin, 2018a"."""

        def format_labels(self, sorted_entries: Iterable[Any]) -> Iterator[str]:
            reference_style = _reference_style()
            for entry in sorted_entries:
                yield _base_label(entry, reference_style) + _YEAR_LETTERS.get(entry.key, "")

    class AuthorYearStyle(PlainStyle):
        """pybtex's ``plain`` entries, sorted by author, labelled by author and year."""

        default_label_style = AuthorYearLabels

    return AuthorYearStyle


def _referencing_style() -> type:
    from pybtex.richtext import Text
    from pybtex.style.template import join, node
    from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
    from sphinxcontrib.bibtex.style.referencing.basic_author_year import (
        BasicAuthorYearParentheticalReferenceStyle,
        BasicAuthorYearTextualReferenceStyle,
    )
    from sphinxcontrib.bibtex.style.template import join2, post_text, pre_text, reference

    @node
    def lettered_year(children: Any, data: dict[str, Any]) -> Any:
        entry = data["entry"]
        return Text(entry.fields.get("year", "n.d.") + _YEAR_LETTERS.get(entry.key, ""))

    @dataclass
    class Parenthetical(BasicAuthorYearParentheticalReferenceStyle):
        def inner(self, role_name: str) -> Any:
            return join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[
                pre_text,
                reference[
                    join(sep=self.author_year_sep)[
                        self.person.author_or_editor_or_title(full="s" in role_name),
                        lettered_year,
                    ]
                ],
                post_text,
            ]

    @dataclass
    class Textual(BasicAuthorYearTextualReferenceStyle):
        def inner(self, role_name: str) -> Any:
            return join(sep=self.text_reference_sep)[
                self.person.author_or_editor_or_title(full="s" in role_name),
                join[
                    self.bracket.left,
                    join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[
                        pre_text, reference[lettered_year], post_text
                    ],
                    self.bracket.right,
                ],
            ]

    @dataclass
    class LetteredAuthorYear(AuthorYearReferenceStyle):
        """``author_year`` with the bibliography's year letters."""

        def __post_init__(self) -> None:
            super().__post_init__()
            for style in (
                Parenthetical(
                    bracket=self.bracket_parenthetical,
                    person=self.person,
                    author_year_sep=self.author_year_sep,
                    pre_text_sep=self.pre_text_sep,
                    post_text_sep=self.post_text_sep,
                ),
                Textual(
                    bracket=self.bracket_textual,
                    person=self.person,
                    text_reference_sep=self.text_reference_sep,
                    pre_text_sep=self.pre_text_sep,
                    post_text_sep=self.post_text_sep,
                ),
            ):
                self.role_style.update((role, style) for role in style.role_names())

    return LetteredAuthorYear


def load_year_letters(app: Sphinx) -> None:
    """Letter the works that share author and year (before any page cites them)."""
    import pybtex.database

    _YEAR_LETTERS.clear()
    entries = []
    for bibfile in getattr(app.config, "bibtex_bibfiles", None) or ():
        data = pybtex.database.parse_file(str(Path(app.confdir) / bibfile))
        entries.extend(data.entries.values())
    _YEAR_LETTERS.update(assign_year_letters(entries, _formatting_style()().sort))


def setup(app: Sphinx) -> None:
    """Register the ``lukin_author_year`` styles with pybtex and sphinxcontrib-bibtex."""
    from pybtex.plugin import register_plugin
    from sphinxcontrib.bibtex.plugin import register_plugin as register_bibtex_plugin

    register_plugin("pybtex.style.formatting", STYLE_NAME, _formatting_style(), force=True)
    register_bibtex_plugin(
        "sphinxcontrib.bibtex.style.referencing", STYLE_NAME, _referencing_style(), force=True
    )
    # Before sphinxcontrib-bibtex sets up its styles (builder-inited, priority 500).
    app.connect("builder-inited", load_year_letters, priority=400)
