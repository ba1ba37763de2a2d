"""The class list: import a roster CSV into the gradebook, export it back.

A roster is the CSV file a registrar or an LMS gives you: one row per student,
with a header. :func:`read_roster` accepts the usual spellings of the columns
(``id``, ``student_id`` or ``username``; ``first_name`` or ``First name``;
``email`` or ``Email address`` ...), commas, semicolons or tabs, and UTF-8 with
or without a byte-order mark (Excel's "CSV UTF-8"). Every row is checked
before anything is written, so a roster with one bad line changes nothing.
:func:`import_roster` then adds and updates all students in one transaction
(a class of 2,000 takes about a second). :func:`write_roster` writes the
gradebook's students in the format :func:`read_roster` reads.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .coursedir import Course, CourseError

__all__ = [
    "COLUMNS",
    "STUDENT_ID",
    "RosterReport",
    "check_student_id",
    "import_roster",
    "read_roster",
    "write_roster",
]

#: What a student id may contain: nbgrader uses it as a folder name and splits
#: submissions on "+", and students on a JupyterHub are Unix users.
STUDENT_ID = re.compile(r"^[A-Za-z0-9_.@-]+$")

#: The roster's columns and the header spellings accepted for each (compared
#: in lower case, with spaces and hyphens read as underscores).
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "student_id", "studentid", "username", "user_name", "login", "user_id"),
    "first_name": ("first_name", "firstname", "first", "given_name", "forename"),
    "last_name": ("last_name", "lastname", "last", "surname", "family_name"),
    "email": ("email", "email_address", "e_mail", "mail"),
}

_MAX_LISTED = 10


def check_student_id(student_id: object) -> str:
    """Return ``student_id`` if nbgrader can use it, else raise ``ValueError``.

    Examples
    --------
    >>> check_student_id("ada.lovelace")
    'ada.lovelace'
    >>> check_student_id("ada+1")
    Traceback (most recent call last):
    ...
    ValueError: student id must be letters, digits, '.', '_', '-' or '@' (no spaces, ...
    """
    if not isinstance(student_id, str) or not STUDENT_ID.match(student_id):
        raise ValueError(
            "student id must be letters, digits, '.', '_', '-' or '@' "
            f"(no spaces, '+' or '*'), got {student_id!r}"
        )
    return student_id


def _key(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lower())


def _columns(header: list[str], name: str) -> dict[str, int]:
    keys = [_key(h) for h in header]
    found = {}
    for column, spellings in COLUMNS.items():
        for spelling in spellings:
            if spelling in keys:
                found[column] = keys.index(spelling)
                break
    if "id" not in found:
        raise CourseError(
            f"{name} has no student id column: name one of {', '.join(COLUMNS['id'][:3])} "
            f"in its first line (found: {', '.join(header) or 'nothing'})"
        )
    return found


def _parse(text: str, name: str) -> list[dict[str, str]]:
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise CourseError(f"{name} is empty: it needs a header line and one line per student")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(lines[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    where = _columns(rows[0], name)
    students: list[dict[str, str]] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        record = {c: (row[i].strip() if i < len(row) else "") for c, i in where.items()}
        sid = record["id"]
        try:
            check_student_id(sid)
        except ValueError as exc:
            problems.append(f"line {number}: {exc}")
            continue
        if sid in seen:
            problems.append(f"line {number}: student id {sid!r} repeats line {seen[sid]}")
            continue
        seen[sid] = number
        students.append(record)
    if problems:
        more = len(problems) - _MAX_LISTED
        listed = "; ".join(problems[:_MAX_LISTED]) + (f"; and {more} more" if more > 0 else "")
        raise CourseError(f"{name}: nothing imported, {len(problems)} bad lines: {listed}")
    if not students:
        raise CourseError(f"{name} lists no students (only a header line)")
    return students


def read_roster(path: str | Path) -> list[dict[str, str]]:
    """Read and check a roster CSV file.

    Parameters
    ----------
    path : path-like
        The CSV file.

    Returns
    -------
    list of dict
        One dict per student with the key ``id`` and those of the other
        :data:`COLUMNS` that the file has.

    Raises
    ------
    CourseError
        If the file is missing, not UTF-8, has no id column, or has bad or
        repeated ids (every bad line is named).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     f = pathlib.Path(tmp) / "class.csv"
    ...     _ = f.write_text("Username;First name;Email address\\nada;Ada;ada@example.org\\n")
    ...     read_roster(f)
    [{'id': 'ada', 'first_name': 'Ada', 'email': 'ada@example.org'}]
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise CourseError(f"no roster file {file}") from exc
    except IsADirectoryError as exc:
        raise CourseError(f"{file} is a folder: give the roster CSV file") from exc
    except UnicodeDecodeError as exc:
        raise CourseError(
            f"{file} is not UTF-8 text: save it as 'CSV UTF-8' (Excel) or UTF-8 CSV"
        ) from exc
    return _parse(text, str(file))


@dataclass
class RosterReport:
    """What an import changed."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    not_in_roster: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line: how many students were added, updated and unchanged."""
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged"
        )


def import_roster(course: Course, path: str | Path, *, dry_run: bool = False) -> RosterReport:
    """Add the roster's students to the gradebook and update their names and emails.

    The columns the roster has are authoritative (an empty cell clears the
    field); columns it lacks are left alone. Students in the gradebook who are
    not in the roster are kept and listed in :attr:`RosterReport.not_in_roster`.
    Everything is written in one transaction, or nothing if ``dry_run``.
    """
    from nbgrader.api import Student

    rows = read_roster(path)
    report = RosterReport()
    with course.gradebook() as gb:
        existing = {s.id: s for s in gb.db.query(Student).all()}
        for row in rows:
            values = {k: (row[k] or None) for k in ("first_name", "last_name", "email") if k in row}
            student = existing.get(row["id"])
            if student is None:
                gb.db.add(Student(id=row["id"], **values))
                report.added.append(row["id"])
            elif any(getattr(student, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(student, k, v)
                report.updated.append(row["id"])
            else:
                report.unchanged.append(row["id"])
        listed = {row["id"] for row in rows}
        report.not_in_roster = sorted(set(existing) - listed)
        if dry_run:
            gb.db.rollback()
        else:
            gb.db.commit()
    return report


def write_roster(rows: Iterable[dict[str, str]], out: TextIO) -> None:
    """Write students (dicts with id, first_name, last_name, email) as a roster CSV."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "first_name", "last_name", "email"])
    for row in rows:
        writer.writerow([row.get(k, "") or "" for k in ("id", "first_name", "last_name", "email")])
