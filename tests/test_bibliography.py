"""book/references.bib: well-formed entries, each cited where it is used.

The book builds with ``-n -W``, which catches a citation of a missing key; these
tests catch the converse (an entry nobody cites) and malformed records.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pybtex.database import parse_file

ROOT = Path(__file__).resolve().parents[1]
BIB = ROOT / "book" / "references.bib"


@pytest.fixture(scope="module")
def entries():
    return parse_file(str(BIB)).entries


def _cited_text() -> str:
    pages = sorted((ROOT / "book").rglob("*.md"))
    modules = sorted((ROOT / "lukin_course").rglob("*.py"))
    return "\n".join(p.read_text(encoding="utf-8") for p in pages + modules)


def test_keys_are_unique() -> None:
    keys = re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(encoding="utf-8"), flags=re.M)
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert duplicates == []


def test_every_entry_is_cited_in_the_book_or_the_library(entries) -> None:
    text = _cited_text()
    uncited = [k for k in entries if not re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", text)]
    assert uncited == [], "cite these where they are used, or remove them"


def test_the_bibliography_has_breadth(entries) -> None:
    assert len(entries) >= 100
    # Chinese and Russian scholarship on the relationship, not only Western
    assert {"zhao2010sco", "feng2011partnership", "yan2019leadership"} <= set(entries)
    assert {"lukin2018perspective", "lukin2000political", "lukinartyom2021entente"} <= set(entries)


def test_entries_are_complete_and_links_well_formed(entries) -> None:
    for key, entry in entries.items():
        fields = entry.fields
        assert entry.persons.get("author") or entry.persons.get("editor"), key
        assert fields.get("title") and re.fullmatch(r"\d{4}", fields.get("year", "")), key
        if entry.type == "article":
            assert fields.get("journal"), key
        if "doi" in fields:
            assert re.fullmatch(r"10\.\d{4,9}/\S+", fields["doi"]), key
            assert not fields["doi"].startswith("http"), key
        if "url" in fields:
            assert fields["url"].startswith(("http://", "https://")), key


def test_corrected_records(entries) -> None:
    # Strategic Analysis 40(6), 573-589: the DOI ends in 1224065
    assert entries["lukin2016pivot"].fields["doi"] == "10.1080/09700161.2016.1224065"
    # Asia Policy 13(1), January 2018
    essay = entries["lukin2018perspective"].fields
    assert (essay["volume"], essay["number"]) == ("13", "1")
    # a Carnegie Moscow Center report, not a book
    assert entries["gabuev2016friends"].type == "techreport"


def test_no_field_is_given_twice_in_an_entry() -> None:
    text = BIB.read_text(encoding="utf-8")
    repeated = []
    for match in re.finditer(r"^@\w+\{([^,\s]+),(.*?)^\}", text, flags=re.M | re.S):
        names = re.findall(r"^\s+(\w+)\s*=", match.group(2), flags=re.M)
        repeated += [f"{match.group(1)}.{n}" for n in sorted(set(names)) if names.count(n) > 1]
    assert repeated == []
