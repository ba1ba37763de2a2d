"""Find the course and load its nbgrader configuration.

The course root is the folder holding ``nbgrader_config.py`` (in this
repository: the repository root). Every instructor command starts here, so a
command run from the wrong place fails with a message saying where to run it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["CONFIG_NAME", "Course", "CourseError", "find_course_root", "load_course"]

CONFIG_NAME = "nbgrader_config.py"


class CourseError(RuntimeError):
    """An instructor mistake or a failed step, with a message saying what to do."""


def _tools_on_path() -> None:
    """Put this Python's scripts folder on PATH: nbgrader runs ``alembic`` from there."""
    scripts = os.path.dirname(sys.executable)
    path = os.environ.get("PATH", "")
    if scripts not in path.split(os.pathsep):
        os.environ["PATH"] = scripts + (os.pathsep + path if path else "")


def find_course_root(start: str | os.PathLike[str] | None = None) -> Path:
    """Return the nearest folder at or above ``start`` that holds ``nbgrader_config.py``.

    Parameters
    ----------
    start : path-like, optional
        Where to start looking (default: the current directory).

    Returns
    -------
    pathlib.Path
        The course root.

    Raises
    ------
    CourseError
        If no folder at or above ``start`` holds ``nbgrader_config.py``.
    TypeError
        If ``start`` is not a path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     root = pathlib.Path(tmp)
    ...     _ = (root / "nbgrader_config.py").write_text("c = get_config()\\n")
    ...     (root / "solutions").mkdir()
    ...     find_course_root(root / "solutions") == root.resolve()
    True
    """
    if start is None:
        start = Path.cwd()
    if not isinstance(start, str | os.PathLike):
        raise TypeError(f"start must be a path, got {type(start).__name__}")
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise CourseError(
        f"no {CONFIG_NAME} found in {here} or any folder above it. Run lukin-course from "
        "the course repository (the folder that holds nbgrader_config.py, solutions/ and "
        "exercises/), or pass --course-dir PATH."
    )


@dataclass
class Course:
    """A course directory with its loaded nbgrader configuration.

    Attributes
    ----------
    root : pathlib.Path
        The course root.
    config : traitlets.config.Config
        The configuration read from ``nbgrader_config.py``, with the root set.
    """

    root: Path
    config: Any

    @property
    def course_id(self) -> str:
        """The course id from the configuration."""
        return str(self.config.CourseDirectory.get("course_id", ""))

    @property
    def source_dir(self) -> Path:
        """The folder with the instructor's (source) notebooks."""
        return self.root / str(self.config.CourseDirectory.get("source_directory", "source"))

    @property
    def release_dir(self) -> Path:
        """The folder with the generated student notebooks."""
        return self.root / str(self.config.CourseDirectory.get("release_directory", "release"))

    @property
    def db_url(self) -> str:
        """The gradebook's SQLAlchemy URL (nbgrader's ``CourseDirectory.db_url``)."""
        default = f"sqlite:///{self.root / 'gradebook.db'}"
        return str(self.config.CourseDirectory.get("db_url", default))

    def assignments(self) -> list[str]:
        """Names of the assignments in the source folder (those holding a notebook)."""
        if not self.source_dir.is_dir():
            return []
        return sorted(
            p.name
            for p in self.source_dir.iterdir()
            if p.is_dir() and not p.name.startswith(".") and any(p.glob("*.ipynb"))
        )

    def require_assignment(self, name: str) -> str:
        """Return ``name`` if it is an assignment, else raise a :class:`CourseError`."""
        valid = self.assignments()
        if name not in valid:
            listing = ", ".join(valid) if valid else "(none)"
            raise CourseError(
                f"unknown assignment {name!r}; the assignments in {self.source_dir.name}/ "
                f"are: {listing}"
            )
        return name

    def folder(self, name: str) -> Path:
        """One of nbgrader's course folders (``submitted``, ``autograded``, ``feedback``)."""
        return self.root / str(self.config.CourseDirectory.get(f"{name}_directory", name))

    def api(self) -> Any:
        """Return an :class:`nbgrader.apps.NbGraderAPI` bound to this course."""
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        self.ensure_gradebook()
        coursedir = CourseDirectory(config=self.config)
        api = NbGraderAPI(coursedir=coursedir, config=self.config)
        api.log_level = "WARN"
        return api

    def gradebook(self) -> Any:
        """Return an open :class:`nbgrader.api.Gradebook` (use it as a context manager).

        Raises
        ------
        CourseError
            If the database cannot be opened (a wrong ``db_url``, a server that is down).
        """
        from nbgrader.api import Gradebook

        self.ensure_gradebook()
        try:
            return Gradebook(self.db_url, self.course_id)
        except Exception as exc:  # SQLAlchemy's errors for a bad URL or an unreachable server
            raise CourseError(
                f"cannot open the gradebook {self.db_url}: {_first_line(exc)}"
            ) from exc

    def ensure_gradebook(self) -> None:
        """Create an empty gradebook if the database has no tables yet.

        nbgrader creates a missing gradebook itself, but asks a new ``alembic``
        process for the schema's revision, which imports nbgrader a second time:
        several seconds before the first command of a course does anything.
        This does the same in-process: nbgrader's tables, stamped with the head
        revision of nbgrader's own migrations, so ``nbgrader db upgrade`` keeps
        working.
        """
        from alembic.script import ScriptDirectory
        from nbgrader.api import Base
        from nbgrader.dbutil import ALEMBIC_DIR
        from sqlalchemy import create_engine, inspect, text

        try:
            engine = create_engine(self.db_url, future=True)
            try:
                if not inspect(engine).get_table_names():
                    head = ScriptDirectory(ALEMBIC_DIR).get_current_head()
                    with engine.begin() as conn:
                        Base.metadata.create_all(bind=conn)
                        conn.execute(
                            text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
                        )
                        conn.execute(
                            text("INSERT INTO alembic_version (version_num) VALUES (:v)"),
                            {"v": head},
                        )
            finally:
                engine.dispose()
        except Exception as exc:
            raise CourseError(
                f"cannot open the gradebook {self.db_url}: {_first_line(exc)}"
            ) from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def load_course(start: str | os.PathLike[str] | None = None, **overrides: Any) -> Course:
    """Load the course whose root is at or above ``start``.

    Parameters
    ----------
    start : path-like, optional
        A folder inside the course (default: the current directory).
    **overrides
        Extra configuration as ``Section__trait=value`` pairs, e.g.
        ``Exchange__root="/srv/exchange"`` or ``ExecutePreprocessor__timeout=5``.

    Returns
    -------
    Course

    Raises
    ------
    CourseError
        If no ``nbgrader_config.py`` is found, or it cannot be read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (pathlib.Path(tmp) / "nbgrader_config.py").write_text(
    ...         "c = get_config()\\nc.CourseDirectory.course_id = 'demo'\\n")
    ...     course = load_course(tmp, ExecutePreprocessor__timeout=5)
    ...     course.course_id, course.config.ExecutePreprocessor.timeout
    ('demo', 5)
    """
    from traitlets.config.loader import Config, PyFileConfigLoader

    _tools_on_path()
    root = find_course_root(start)
    loader = PyFileConfigLoader(CONFIG_NAME, path=str(root))
    try:
        config = loader.load_config()
    except Exception as exc:  # a broken config file: say which file
        raise CourseError(f"could not read {root / CONFIG_NAME}: {exc}") from exc
    config.CourseDirectory.root = str(root)
    if "collect" not in config.ExchangeFactory:  # a course config from before it was set
        config.ExchangeFactory.collect = "lukin_course.course.inbound.SafeCollect"
    extra = Config()
    for key, value in overrides.items():
        section, sep, trait = key.partition("__")
        if not sep or not section or not trait:
            raise ValueError(f"override {key!r} must look like Section__trait")
        extra[section][trait] = value
    config.merge(extra)
    return Course(root=root, config=config)
