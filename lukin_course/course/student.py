"""The student side of nbgrader's exchange, run in-process.

Students normally use the Assignments tab of Jupyter or ``nbgrader fetch_assignment``,
``nbgrader submit`` and ``nbgrader fetch_feedback``. These functions run the
same exchange classes for one student with that student's own home folder,
so the demo and the tests go through the real exchange.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .coursedir import CourseError

__all__ = ["StudentEnv"]


@dataclass
class StudentEnv:
    """One student's view of the course: an id, a home folder and the exchange.

    Parameters
    ----------
    student_id : str
        The student's id (what ``nbgrader submit`` records).
    home : pathlib.Path
        The student's working folder; assignments are fetched into it.
    exchange_root : pathlib.Path
        The shared exchange folder (``Exchange.root``).
    course_id : str
        The course id (``CourseDirectory.course_id``).
    """

    student_id: str
    home: Path
    exchange_root: Path
    course_id: str

    def config(self, assignment: str) -> Any:
        """The nbgrader configuration a student would have in ``~/.jupyter``."""
        from traitlets.config import Config

        c = Config()
        c.CourseDirectory.course_id = self.course_id
        c.CourseDirectory.root = str(self.home)
        c.CourseDirectory.assignment_id = assignment
        c.CourseDirectory.student_id = self.student_id
        c.Exchange.root = str(self.exchange_root)
        c.Exchange.cache = str(self.home / ".nbgrader_cache")
        c.Exchange.assignment_dir = str(self.home)
        return c

    def _run(self, cls: Any, assignment: str, what: str) -> Any:
        from nbgrader.auth import Authenticator
        from nbgrader.coursedir import CourseDirectory
        from nbgrader.exchange import ExchangeError

        self.home.mkdir(parents=True, exist_ok=True)
        config = self.config(assignment)
        coursedir = CourseDirectory(config=config)
        app = cls(coursedir=coursedir, authenticator=Authenticator(config=config), config=config)
        try:
            return app.start()
        except ExchangeError as exc:
            raise CourseError(f"{what} failed for {self.student_id}: {exc}") from exc

    def fetch(self, assignment: str) -> Path:
        """Fetch the released ``assignment`` (``nbgrader fetch_assignment``)."""
        from nbgrader.exchange.default import ExchangeFetchAssignment

        self._run(ExchangeFetchAssignment, assignment, "fetching")
        return self.home / assignment

    def submit(self, assignment: str) -> None:
        """Submit the working copy of ``assignment`` (``nbgrader submit``)."""
        from nbgrader.exchange.default import ExchangeSubmit

        self._run(ExchangeSubmit, assignment, "submitting")

    def fetch_feedback(self, assignment: str) -> list[Path]:
        """Fetch released feedback (``nbgrader fetch_feedback``); return the HTML files."""
        from nbgrader.exchange.default import ExchangeFetchFeedback

        self._run(ExchangeFetchFeedback, assignment, "fetching feedback")
        return sorted((self.home / assignment / "feedback").glob("*/*.html"))
