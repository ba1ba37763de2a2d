"""The exchange: the shared folder where students fetch assignments and hand in their work.

nbgrader's exchange is one folder that the instructor and every student can
reach; nbgrader 0.9.6's default is ``/usr/local/share/nbgrader/exchange``. The
course names it in ``nbgrader_config.py`` (``c.Exchange.root``), so every
command and the Formgrader read the same one; the environment variable
``LUKIN_COURSE_EXCHANGE`` overrides it for one shell (tests, a trial run).

:func:`init_exchange` (``lukin-course exchange init``) creates the folder and
the course's folders in it with the modes nbgrader's own release step gives
them, and :func:`require_exchange` turns nbgrader's student-facing
"Unwritable directory, please contact your instructor" into a message for the
instructor.

====================  ========  ==========  ================================================
folder                mode      shared      why
====================  ========  ==========  ================================================
exchange root         ``777``   ``2777``    everyone may create their course's folders
``<course>/``         ``755``   ``2775``    the instructor's; students read through it
``outbound/``         ``755``   ``2775``    released assignments: students read, not write
``inbound/``          ``2733``  ``2773``    submissions: students write, cannot list others'
``feedback/``         ``711``   ``2771``    feedback, found only by its hashed file name
====================  ========  ==========  ================================================

"shared" is nbgrader's ``CourseDirectory.groupshared`` (several instructors in
one Unix group). nbgrader lets only the owner of ``<course>/`` release and
collect, so when ``exchange init`` runs under ``sudo`` it gives the course's
folders to the user who called ``sudo``.
"""

from __future__ import annotations

import getpass
import os
import stat
from pathlib import Path

from .coursedir import Course, CourseError

__all__ = [
    "NBGRADER_DEFAULT_EXCHANGE",
    "exchange_layout",
    "exchange_root",
    "init_exchange",
    "require_exchange",
]

#: nbgrader 0.9.6's default ``Exchange.root``.
NBGRADER_DEFAULT_EXCHANGE = "/usr/local/share/nbgrader/exchange"

_WHERE = (
    "set c.Exchange.root in nbgrader_config.py to the folder your students use "
    "(or LUKIN_COURSE_EXCHANGE for one shell)"
)


def exchange_root(course: Course) -> Path:
    """The course's exchange folder: ``Exchange.root`` of its configuration, or nbgrader's."""
    return Path(str(course.config.Exchange.get("root", NBGRADER_DEFAULT_EXCHANGE)))


def _groupshared(course: Course) -> bool:
    return bool(course.config.CourseDirectory.get("groupshared", False))


def exchange_layout(course: Course) -> list[tuple[Path, int]]:
    """Each folder of the course's exchange with the mode nbgrader gives it, root first.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from lukin_course.course.coursedir import load_course
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (pathlib.Path(tmp) / "nbgrader_config.py").write_text(
    ...         "c = get_config()\\nc.CourseDirectory.course_id = 'ir101'\\n"
    ...         "c.Exchange.root = '/srv/x'\\n")
    ...     [(str(p), oct(m)) for p, m in exchange_layout(load_course(tmp))][1:3]
    [('/srv/x/ir101', '0o755'), ('/srv/x/ir101/outbound', '0o755')]
    """
    root = exchange_root(course)
    course_path = root / course.course_id
    if _groupshared(course):
        modes = (0o2777, 0o2775, 0o2775, 0o2773, 0o2771)
    else:
        modes = (0o777, 0o755, 0o755, 0o2733, 0o711)
    paths = (root, course_path, course_path / "outbound", course_path / "inbound")
    return [*zip(paths, modes[:4], strict=True), (course_path / "feedback", modes[4])]


def init_exchange(course: Course) -> list[str]:
    """Create the exchange and the course's folders in it, or correct their modes.

    Returns
    -------
    list of str
        One line per folder: created, mode corrected, or already right.

    Raises
    ------
    CourseError
        If the course has no id, or a folder cannot be created or changed
        (the message says who may do it and how to choose another folder).
    """
    if not course.course_id:
        raise CourseError(
            "the course has no id: set c.CourseDirectory.course_id in nbgrader_config.py"
        )
    report = []
    layout = exchange_layout(course)
    for path, mode in layout:
        try:
            if not path.exists():
                path.mkdir(parents=True)
                path.chmod(mode)  # mkdir's mode is masked by the umask
                report.append(f"created {path} (mode {mode:o})")
            elif not path.is_dir():
                raise CourseError(f"{path} exists but is not a folder: move it away, or {_WHERE}")
            elif stat.S_IMODE(path.stat().st_mode) != mode:
                old = stat.S_IMODE(path.stat().st_mode)
                path.chmod(mode)
                report.append(f"changed {path} from mode {old:o} to {mode:o}")
            else:
                report.append(f"ok      {path} (mode {mode:o})")
        except PermissionError as exc:
            raise CourseError(
                f"cannot create or change {path}: permission denied for {getpass.getuser()}. "
                f"Run `sudo lukin-course exchange init` once (the exchange must be writable by "
                f"every student), or {_WHERE}"
            ) from exc
        except OSError as exc:
            if isinstance(exc, CourseError):
                raise
            raise CourseError(f"cannot create {path}: {exc.strerror or exc}; {_WHERE}") from exc
    owner = _invoking_user()
    if owner is not None:  # run with sudo: the course's folders belong to the instructor
        uid, gid, name = owner
        for path, _ in layout[1:]:
            os.chown(path, uid, gid)
        report.append(f"gave {layout[1][0]} and its folders to {name}, who runs the term")
    return report


def _invoking_user() -> tuple[int, int, str] | None:
    """(uid, gid, name) of the user who ran ``sudo``, when this runs as root under sudo."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    try:
        uid, gid = int(os.environ["SUDO_UID"]), int(os.environ["SUDO_GID"])
    except (KeyError, ValueError):
        return None
    if uid == 0:
        return None
    return uid, gid, os.environ.get("SUDO_USER", str(uid))


def require_exchange(course: Course, *, inbound: bool = False) -> Path:
    """Check that the exchange exists and this user may use it; return its root.

    Parameters
    ----------
    course : Course
    inbound : bool
        Also require the course's ``inbound`` folder (where submissions arrive),
        as collecting does.

    Raises
    ------
    CourseError
        Saying what is wrong and what to do, instead of nbgrader's
        "Unwritable directory, please contact your instructor".
    """
    root = exchange_root(course)
    if not root.is_dir():
        raise CourseError(
            f"the exchange {root} does not exist: create it with `lukin-course exchange init`, "
            f"or {_WHERE}"
        )
    if not os.access(root, os.W_OK | os.X_OK):
        raise CourseError(
            f"the exchange {root} is not writable by {getpass.getuser()}: run "
            f"`sudo lukin-course exchange init` to give it nbgrader's modes, or {_WHERE}"
        )
    course_path = root / course.course_id
    if (
        course_path.is_dir()
        and not _groupshared(course)
        and hasattr(os, "geteuid")
        and course_path.stat().st_uid != os.geteuid()
    ):
        raise CourseError(
            f"{course_path} belongs to another user: nbgrader lets only its owner release "
            f"and collect. Give it to {getpass.getuser()} (sudo chown -R {getpass.getuser()} "
            f"{course_path}), or run the term as its owner"
        )
    if inbound:
        folder = course_path / "inbound"
        if not folder.is_dir():
            raise CourseError(
                f"nothing has been released in the exchange {root} for the course "
                f"{course.course_id!r} (no {folder}): release an assignment first, or check "
                f"that students fetch from this exchange and course id"
            )
        if not os.access(folder, os.R_OK | os.X_OK):
            raise CourseError(
                f"{folder} is not readable by {getpass.getuser()}: collect as the user who "
                f"released the assignment, or run `sudo lukin-course exchange init`"
            )
    return root
