"""nbgrader configuration of lukin-course.

The course root is this file's folder (the repository root): instructor
notebooks live in ``solutions/`` (nbgrader's *source*), student notebooks are
generated into ``exercises/`` (nbgrader's *release*). Run ``lukin-course`` or
``nbgrader`` from this folder.

Environment variables (all optional) let tests, the demo or a JupyterHub
deployment point the course elsewhere without editing this file:

``LUKIN_COURSE_ID``        course id (default ``lukin-course``)
``LUKIN_COURSE_DB_URL``    gradebook, any SQLAlchemy URL (default: SQLite
                           ``gradebook.db`` in the course root). Setting
                           ``c.CourseDirectory.db_url`` below works as well.
``LUKIN_COURSE_EXCHANGE``  exchange folder, overriding ``EXCHANGE`` below
                           (default: nbgrader's ``/usr/local/share/nbgrader/exchange``)
``LUKIN_COURSE_TIMEOUT``   seconds each cell (and each call of a student's function
                           by the tests) may run when autograding (default 60)
``LUKIN_COURSE_SCHEDULER`` address of a Dask scheduler that ``lukin-course autograde``
                           sends its sandboxed grading tasks to (default: this
                           machine's cores)
"""

import os

c = get_config()  # noqa: F821 -- provided by traitlets when nbgrader loads this file

ROOT = os.path.dirname(os.path.abspath(__file__))

# --- the course --------------------------------------------------------------
c.CourseDirectory.root = ROOT
c.CourseDirectory.course_id = os.environ.get("LUKIN_COURSE_ID", "lukin-course")
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
# Students are added with `lukin-course students import roster.csv` (or `students
# add`, `nbgrader db student add`): nbgrader ignores a student list given in this file.

# --- the gradebook -------------------------------------------------------------
# nbgrader's default is sqlite:///<course root>/gradebook.db. For large classes
# use a server database, e.g. "postgresql://user@dbhost/lukin_course".
if os.environ.get("LUKIN_COURSE_DB_URL"):
    c.CourseDirectory.db_url = os.environ["LUKIN_COURSE_DB_URL"]

# --- the exchange (where students fetch and submit) ----------------------------
# One folder that you and every student can reach (on a JupyterHub: a folder of
# the hub's machine; across machines: a shared file system). Create it once with
# `lukin-course exchange init`. Students must use the same folder and course id;
# the Formgrader reads this file too. EXCHANGE is nbgrader 0.9.6's default.
EXCHANGE = "/usr/local/share/nbgrader/exchange"
c.Exchange.root = os.environ.get("LUKIN_COURSE_EXCHANGE") or EXCHANGE
# Collecting copies what students put in the exchange with your rights: links,
# pipes, malformed names and entries claiming a classmate's id are refused (and
# reported) instead of followed; see lukin_course.course.inbound.
c.ExchangeFactory.collect = "lukin_course.course.inbound.SafeCollect"

# --- autograding ---------------------------------------------------------------
# `lukin-course autograde` runs each submission in a bubblewrap sandbox and the
# tests in the grader (see the instructor guide's threat model); it reads the
# timeout below and, for a Dask cluster, this scheduler address:
if os.environ.get("LUKIN_COURSE_SCHEDULER"):
    c.Grader.scheduler = os.environ["LUKIN_COURSE_SCHEDULER"]
c.ExecutePreprocessor.timeout = int(os.environ.get("LUKIN_COURSE_TIMEOUT", "60"))
# nbgrader's own autograder (`nbgrader autograde`, the Formgrader's button) would
# run student code unsandboxed, as the instructor: it is switched off and says to
# use `lukin-course autograde`.
c.Autograde.autograde_preprocessors = ["lukin_course.course.execute.SandboxRequired"]

# --- feedback --------------------------------------------------------------------
# Hidden tests are reused from term to term: feedback names each failed check
# and its message, but not the hidden code (nor the mark schemes).
# Answers that wait for a grader say "not graded yet" (`lukin-course feedback
# --force`) instead of "Score: 0".
c.GenerateFeedback.preprocessors = [
    "lukin_course.course.feedback.HideHiddenTests",
    "nbgrader.preprocessors.GetGrades",
    "lukin_course.course.handgrading.NotGradedYet",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# --- grading by hand (the Formgrader) -----------------------------------------
# Below each written answer the Formgrader shows the model answer and mark
# scheme from solutions/. It acts on the Formgrader's pages only, never on
# students' feedback (both are rendered by nbconvert's HTMLExporter).
c.HTMLExporter.preprocessors = ["lukin_course.course.handgrading.ShowMarkSchemes"]
