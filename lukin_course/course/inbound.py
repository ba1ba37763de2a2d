"""Collecting from the exchange's ``inbound/`` folder without trusting what students put there.

Students can write into ``inbound/`` directly, not only through ``nbgrader submit``,
and nbgrader's collect runs as the instructor. Its copy (``shutil.copytree``)
follows symbolic links and opens any file, so an entry that is, or holds, a link
to ``solutions/``, to a classmate's submission or to ``/dev/zero`` would be copied
with the instructor's rights into ``submitted/`` and graded; a named pipe, an
entry too large or a name that is not ``student+assignment+timestamp`` stops the
collect of the whole class; and an entry named after a classmate, with a later
time stamp, replaces the classmate's own submission.

:class:`SafeCollect` is nbgrader's collect (``c.ExchangeFactory.collect``) with
these changes, each refusal logged as a warning that ``lukin-course collect``
passes on:

* an entry whose name does not parse, that is a link or not a folder, that holds
  anything but regular files and folders, or that is larger than
  ``CourseDirectory.max_dir_size`` is refused and skipped, so the student's latest
  acceptable submission is collected instead;
* with ``ExchangeCollect.check_owner`` on, an entry owned by another system user
  is refused when the student has a submission of their own; when none of the
  student's entries is theirs (students sharing one account), nbgrader's warning
  stands and the latest is collected as before;
* the copy never follows a link and opens only regular files (``O_NOFOLLOW``,
  checked again with ``fstat``), so a link or pipe swapped in after the checks is
  refused too, with nothing half-copied left behind; the rest of the class is
  collected.
"""

from __future__ import annotations

import datetime
import glob
import os
import shutil
import stat
from collections.abc import Callable
from typing import Any

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.utils import check_mode, ignore_patterns, parse_utc

try:  # pwd maps file owners to user names; Windows has no exchange anyway
    import pwd
except ImportError:  # pragma: no cover
    pwd = None  # type: ignore[assignment]

__all__ = ["REFUSED", "SafeCollect", "UnsafeSubmission", "unsafe_reason"]

#: How every refusal starts in the log (``lukin-course collect`` looks for it).
REFUSED = "refused the submission"


class UnsafeSubmission(Exception):
    """An entry of ``inbound/`` that is not plain files and folders."""


def unsafe_reason(path: str, max_bytes: float | None = None) -> str | None:
    """Why the submission folder ``path`` may not be copied, or None if it may.

    Nothing is followed or opened: links, pipes, sockets and devices are refused
    by what ``lstat`` says they are, and the size is the sum of the regular files.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (pathlib.Path(tmp) / "a.ipynb").write_text("{}")
    ...     ok = unsafe_reason(tmp)
    ...     (pathlib.Path(tmp) / "b.ipynb").symlink_to("/etc/hostname")
    ...     ok, unsafe_reason(tmp)
    (None, 'b.ipynb is a symbolic link')
    """
    top = os.lstat(path)
    if stat.S_ISLNK(top.st_mode):
        return "it is a symbolic link"
    if not stat.S_ISDIR(top.st_mode):
        return "it is not a folder"
    total = 0
    errors: list[OSError] = []
    for folder, dirs, files in os.walk(path, onerror=errors.append):
        for name in sorted(dirs + files):
            full = os.path.join(folder, name)
            info = os.lstat(full)
            where = os.path.relpath(full, path)
            if stat.S_ISLNK(info.st_mode):
                return f"{where} is a symbolic link"
            if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
                return f"{where} is not a regular file"
            if stat.S_ISREG(info.st_mode):
                total += info.st_size
    if errors:
        return f"{os.path.relpath(str(errors[0].filename), path)} cannot be read"
    if max_bytes is not None and total > max_bytes:
        return f"it holds {total} bytes, more than the limit of {int(max_bytes)}"
    return None


def _regular_copier(max_bytes: float | None) -> Callable[[str, str], str]:
    """A ``copy_function`` for ``copytree`` that copies regular files only, never through a link."""

    def copy(src: str, dst: str) -> str:
        try:  # O_NONBLOCK: opening a named pipe must not wait for a writer
            fd = os.open(src, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError as exc:
            raise UnsafeSubmission(f"{os.path.basename(src)} cannot be opened: {exc}") from None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise UnsafeSubmission(f"{os.path.basename(src)} is not a regular file")
            os.set_blocking(fd, True)
            copied = 0
            with open(dst, "wb") as out:
                while chunk := os.read(fd, 1 << 20):
                    copied += len(chunk)
                    if max_bytes is not None and copied > max_bytes:
                        raise UnsafeSubmission(f"{os.path.basename(src)} grew past the size limit")
                    out.write(chunk)
            os.chmod(dst, stat.S_IMODE(info.st_mode))
            os.utime(dst, ns=(info.st_atime_ns, info.st_mtime_ns))
        finally:
            os.close(fd)
        return dst

    return copy


class SafeCollect(ExchangeCollect):
    """nbgrader's collect that refuses links, special files, bad names and impersonation.

    See the module's description for what is refused and why.
    """

    def _refuse(self, name: str, why: str) -> None:
        # names are the students' choice: quoted and on one line, a name cannot forge a log line
        why = why.replace("\r", "\\r").replace("\n", "\\n")
        self.log.warning(f"{REFUSED} {name!r}: {why}")

    def _owner(self, path: str) -> str | None:
        if pwd is None:  # pragma: no cover
            return None
        uid = os.lstat(path).st_uid
        try:
            return str(pwd.getpwuid(uid).pw_name)
        except KeyError:
            return f"uid {uid}"

    def _accept(self, path: str) -> dict[str, Any] | None:
        name = os.path.basename(path)
        parts = name.rsplit("+", 3)  # the glob guarantees at least three
        try:
            timestamp = parse_utc(parts[2])
        except Exception:  # any text can be a folder name
            self._refuse(name, "the name is not student+assignment+timestamp")
            return None
        reason = unsafe_reason(path, 1000 * self.coursedir.max_dir_size)
        if reason:
            self._refuse(name, reason)
            return None
        return {
            "username": parts[0],
            "filename": name,
            "timestamp": timestamp,
            "owner": self._owner(path),
        }

    def init_src(self) -> None:
        # nbgrader 0.9.6's init_src, choosing among the accepted entries only
        if self.coursedir.course_id == "":
            self.fail("No course id specified. Re-run with --course flag.")
        self.course_path = os.path.join(self.root, self.coursedir.course_id)
        self.inbound_path = os.path.join(self.course_path, "inbound")
        if not os.path.isdir(self.inbound_path):
            self.fail(f"Course not found: {self.inbound_path}")
        if not check_mode(self.inbound_path, read=True, execute=True):
            self.fail(f"You don't have read permissions for the directory: {self.inbound_path}")
        student_id = self.coursedir.student_id or "*"
        pattern = f"{student_id}+{self.coursedir.assignment_id}+*"
        by_student: dict[str, list[dict[str, Any]]] = {}
        for path in sorted(glob.glob(os.path.join(self.inbound_path, pattern))):
            record = self._accept(path)
            if record is not None:
                by_student.setdefault(record["username"], []).append(record)
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            try:
                self.duedate = gb.find_assignment(self.coursedir.assignment_id).duedate
            except MissingEntry:
                self.duedate = None
        self.src_records = [self._choose(s, r) for s, r in sorted(by_student.items())]

    def _choose(self, student: str, records: list[dict[str, Any]]) -> dict[str, Any]:
        if self.check_owner and pwd is not None:
            own = [r for r in records if r["owner"] == student]
            if own:
                for r in records:
                    if r["owner"] != student:
                        self._refuse(
                            r["filename"],
                            f"it claims to be {student}'s but belongs to the system user "
                            f"{r['owner']!r}, and {student} has a submission of their own",
                        )
                records = own
        latest = sorted(records, key=lambda r: r["timestamp"], reverse=True)
        if self.duedate is not None and self.before_duedate:
            due: datetime.datetime = self.duedate
            on_time = [r for r in latest if r["timestamp"] <= due]
            return on_time[0] if on_time else latest[0]
        return latest[0]

    def do_copy(self, src: str, dest: str, log: Any = None) -> None:
        name = os.path.basename(src)
        limit = 1000 * self.coursedir.max_file_size if self.coursedir.max_file_size else None
        try:
            before = os.lstat(src)
            reason = unsafe_reason(src, 1000 * self.coursedir.max_dir_size)
            if reason:
                raise UnsafeSubmission(reason)
            shutil.copytree(
                src,
                dest,
                symlinks=True,  # a link is never followed; any link copied is refused below
                ignore=ignore_patterns(
                    exclude=self.coursedir.ignore,
                    include=self.coursedir.include,
                    max_file_size=self.coursedir.max_file_size,
                    log=self.log,
                ),
                copy_function=_regular_copier(limit),
            )
            reason = unsafe_reason(dest)
            after = os.lstat(src)
            if reason or (after.st_ino, after.st_dev) != (before.st_ino, before.st_dev):
                raise UnsafeSubmission(reason or "it was replaced while being copied")
        except (UnsafeSubmission, OSError) as exc:  # shutil.Error is an OSError
            shutil.rmtree(dest, ignore_errors=True)
            self._refuse(name, str(exc))  # one student's entry; the class goes on
            return
        if self.coursedir.groupshared:
            # as nbgrader does: the copy must stay writable by the instructors' group
            for folder, _, files in os.walk(dest):
                wanted = [(folder, 0o2770, 0o2777)]
                wanted += [(os.path.join(folder, f), 0o660, 0o777) for f in files]
                for path, bits, keep in wanted:
                    mode = os.stat(path).st_mode
                    if mode & bits != bits:
                        try:
                            os.chmod(path, (mode | bits) & keep)
                        except PermissionError:
                            self.log.warning("Could not update permissions of %s", path)
