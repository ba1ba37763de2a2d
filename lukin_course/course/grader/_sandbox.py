"""Start the student worker in a bubblewrap sandbox and talk to it.

:class:`Sandbox` builds the ``bwrap`` command: new PID, network, IPC, UTS and
cgroup namespaces (everything the submission starts dies with the sandbox,
double forks and new sessions included), no network, a read-only view of the
Python installation and of the ``lukin_course`` package folder only, private
size-capped ``/tmp`` (the home folder is inside it), an empty environment, and
an unprivileged uid: run as root, bwrap keeps no user namespace and the worker
switches to a uid of its own before any student code runs, so that the kernel
enforces the process limit (it exempts uid 0) and no capability is left; run by
an ordinary user, bwrap maps the user to ``nobody`` in a user namespace.

:class:`WorkerProcess` is one running worker: requests and answers are
length-prefixed JSON on its pipes, each with a deadline; past it, or when the
answer is malformed or too large, the whole sandbox is killed.
"""

from __future__ import annotations

import itertools
import json
import os
import selectors
import shutil
import signal
import site
import struct
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import _wire

__all__ = [
    "Limits",
    "Sandbox",
    "SandboxUnavailable",
    "WorkerDied",
    "WorkerProcess",
    "WorkerTimeout",
    "sandbox_problem",
]

_HEADER = struct.Struct(">I")
_WORKER = Path(__file__).with_name("_worker.py")
UID_BASE = 2_000_000_000
_counter = itertools.count()


@dataclass(frozen=True)
class Limits:
    """Resource limits of one sandbox (set before any student code runs; cannot be raised).

    Attributes
    ----------
    memory_bytes : int
        Address space of each process (``RLIMIT_AS``).
    cpu_seconds : int
        CPU time of each process (``RLIMIT_CPU``); wall-clock limits are the timeouts.
    file_bytes : int
        Largest file a process may write (``RLIMIT_FSIZE``).
    processes : int
        Processes and threads (``RLIMIT_NPROC``), counted for the sandbox's own uid.
    open_files : int
        Open file descriptors per process.
    tmp_bytes : int
        Size of the private ``/tmp`` (the home folder is inside it).
    message_bytes : int
        Largest answer the grader reads from the sandbox.
    cell_output_bytes : int
        Output kept per cell.
    """

    memory_bytes: int = 2 << 30
    cpu_seconds: int = 900
    file_bytes: int = 64 << 20
    processes: int = 64
    open_files: int = 256
    tmp_bytes: int = 256 << 20
    message_bytes: int = 16 << 20
    cell_output_bytes: int = 256 << 10


class SandboxUnavailable(RuntimeError):
    """No working sandbox on this machine (the message says why and what to do)."""


class WorkerDied(RuntimeError):
    """The sandbox ended (crash, ``os._exit``, a limit) or said something malformed."""


class WorkerTimeout(WorkerDied):
    """The sandbox did not answer in time and was killed."""


_PROBLEM: dict[str, str | None] = {}


def sandbox_problem(bwrap: str | None = None) -> str | None:
    """None if bubblewrap works here; otherwise one line saying why not.

    Examples
    --------
    >>> sandbox_problem("/nonexistent/bwrap")
    'bubblewrap (bwrap) is not installed: ...'
    """
    exe = bwrap or shutil.which("bwrap")
    key = exe or ""
    if key in _PROBLEM:
        return _PROBLEM[key]
    if sys.platform != "linux":
        problem: str | None = f"no sandbox on {sys.platform}: bubblewrap needs Linux"
    elif exe is None or not os.path.exists(exe):
        problem = (
            "bubblewrap (bwrap) is not installed: on Debian or Ubuntu run "
            "`apt-get install bubblewrap`"
        )
    else:
        probe = [exe, *_namespace_args(), "--ro-bind", "/", "/", "--", "/bin/true"]
        try:
            done = subprocess.run(probe, capture_output=True, timeout=20, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            problem = f"bubblewrap does not start: {exc}"
        else:
            problem = None
            if done.returncode != 0:
                err = done.stderr.decode(errors="replace").strip().splitlines()
                problem = (
                    "bubblewrap cannot create its namespaces here "
                    f"({err[-1] if err else 'no detail'}); "
                    "unprivileged user namespaces may be disabled (sysctl "
                    "kernel.unprivileged_userns_clone=1, or the AppArmor restriction on Ubuntu)"
                )
    _PROBLEM[key] = problem
    return problem


def _namespace_args() -> list[str]:
    if os.getuid() == 0:
        # No user namespace: inside one, our uid would map to root outside and
        # the kernel would not count processes against RLIMIT_NPROC. The worker
        # switches to an unprivileged uid itself (needs SETUID/SETGID only).
        return [
            "--unshare-pid",
            "--unshare-net",
            "--unshare-ipc",
            "--unshare-uts",
            "--unshare-cgroup-try",
            "--cap-drop",
            "ALL",
            "--cap-add",
            "CAP_SETUID",
            "--cap-add",
            "CAP_SETGID",
        ]
    return [
        "--unshare-all",
        "--unshare-user",
        "--uid",
        "65534",
        "--gid",
        "65534",
        "--disable-userns",
    ]


def _within(path: Path, parents: list[Path]) -> bool:
    return any(path == p or p in path.parents for p in parents)


def _package_dir() -> Path:
    import lukin_course

    return Path(lukin_course.__file__).resolve().parent


def _python_dirs() -> list[Path]:
    """The Python installation(s) the worker needs, without anything nested twice."""
    candidates = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    candidates.update(site.getsitepackages())
    exe = Path(sys.executable)
    candidates.add(str(exe.parent))
    candidates.add(str(exe.resolve().parent.parent))
    dirs = sorted({Path(p).resolve() for p in candidates if p and os.path.isdir(p)}, key=str)
    top: list[Path] = []
    for d in dirs:
        if not _within(d, top):
            top.append(d)
    return top


@dataclass
class Sandbox:
    """How to start a worker: with bubblewrap, or (``unsafe``) as a plain process.

    Parameters
    ----------
    hidden : list of path-like
        Folders that must not be visible even if they lie inside a bound
        folder (course root, exchange, gradebook folder).
    limits : Limits
    unsafe : bool
        Run the worker without a sandbox (resource limits and a new session
        only). For machines without bubblewrap, when the instructor accepts it.
    """

    hidden: list[Path] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)
    unsafe: bool = False

    def __post_init__(self) -> None:
        self.hidden = [Path(p).resolve() for p in self.hidden]
        if not self.unsafe:
            problem = sandbox_problem()
            if problem:
                raise SandboxUnavailable(problem)

    def _env(self) -> dict[str, str]:
        env = {
            "HOME": "/tmp/home",
            "TMPDIR": "/tmp",
            "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "MPLBACKEND": "Agg",
            "MPLCONFIGDIR": "/tmp/home/.matplotlib",
            "IPYTHONDIR": "/tmp/home/.ipython",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONIOENCODING": "utf-8",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
        }
        for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):  # CPU quirks, not secrets
            if name in os.environ:
                env[name] = os.environ[name]
        return env

    def _config(self) -> dict[str, Any]:
        uid = None
        if os.getuid() == 0 and not self.unsafe:
            # a uid of its own per grading process (pid) and sandbox (counter); the base
            # can be moved where no account lives (LUKIN_COURSE_SANDBOX_UID_BASE)
            base = int(os.environ.get("LUKIN_COURSE_SANDBOX_UID_BASE", UID_BASE))
            uid = base + ((os.getpid() << 4) | (next(_counter) & 15))
        return {
            "uid": uid,
            "require_unprivileged": not self.unsafe,
            "limits": asdict(self.limits),
            "cell_output_bytes": self.limits.cell_output_bytes,
        }

    def argv(self) -> tuple[list[str], dict[str, str] | None, str | None]:
        """The command, environment and working folder that start one worker."""
        config = json.dumps(self._config())
        python = [sys.executable, "-I", "-B", str(_WORKER), config]
        if self.unsafe:
            return python, self._env(), None
        bwrap = shutil.which("bwrap") or "bwrap"
        args = [bwrap, *_namespace_args(), "--die-with-parent", "--new-session", "--clearenv"]
        for key, value in self._env().items():
            args += ["--setenv", key, value]
        # The private /tmp comes first: mounts are made in order, so a course or a
        # Python that lives under /tmp is then bound on top of it, not hidden by it.
        args += ["--size", str(self.limits.tmp_bytes), "--perms", "1777", "--tmpfs", "/tmp"]
        made: set[Path] = {Path("/tmp")}

        def mkdirs(target: Path) -> None:
            for parent in reversed([target, *target.parents][1:]):
                if parent != Path("/") and parent not in made:
                    args.extend(["--perms", "0755", "--dir", str(parent)])
                    made.add(parent)

        bound: list[Path] = []
        for sysdir in ("usr", "lib", "lib64", "lib32", "bin", "sbin"):
            path = Path("/") / sysdir
            if path.is_symlink():
                args += ["--symlink", os.readlink(path), str(path)]
            elif path.is_dir():
                args += ["--ro-bind", str(path), str(path)]
                bound.append(path)
        for etc in ("/etc/ld.so.cache", "/etc/localtime"):
            if os.path.exists(etc):
                args += ["--ro-bind", etc, etc]
        package = _package_dir()
        for d in _python_dirs():
            if _within(d, bound):
                continue
            mkdirs(d)
            args += ["--ro-bind", str(d), str(d)]
            bound.append(d)
        # anything secret that happens to lie inside a bound folder is covered
        for secret in self.hidden:
            if _within(secret, bound) and secret.exists():
                args += ["--tmpfs", str(secret)]
        if not _within(package, bound) or any(_within(package, [s]) for s in self.hidden):
            mkdirs(package)
            args += ["--ro-bind", str(package), str(package)]
        args += ["--proc", "/proc", "--dev", "/dev"]
        args += ["--chdir", "/tmp", "--", *python]
        return args, None, None

    def start(self) -> WorkerProcess:
        """Start a worker and wait until it is ready."""
        return WorkerProcess(self)


class WorkerProcess:
    """One running worker. Every method raises :class:`WorkerDied` once it has ended."""

    def __init__(self, sandbox: Sandbox, startup_timeout: float = 60.0) -> None:
        self.sandbox = sandbox
        self.max_bytes = sandbox.limits.message_bytes
        argv, env, cwd = sandbox.argv()
        self._tmp = None
        if sandbox.unsafe:
            import tempfile

            self._tmp = tempfile.TemporaryDirectory(prefix="lukin-worker-")
            os.chmod(self._tmp.name, 0o1777)  # the worker may run as a uid of its own
            env = dict(env or {}, HOME=self._tmp.name + "/home", TMPDIR=self._tmp.name)
            env["MPLCONFIGDIR"] = env["HOME"] + "/.matplotlib"
            env["IPYTHONDIR"] = env["HOME"] + "/.ipython"
            cwd = self._tmp.name
        self.proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env if env is not None else {},
            cwd=cwd,
            start_new_session=True,
            close_fds=True,
        )
        assert self.proc.stdin and self.proc.stdout and self.proc.stderr
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            os.set_blocking(stream.fileno(), False)
        self._ids = itertools.count(1)
        self.dead: str | None = None
        self.info: dict[str, Any] = {}
        try:
            self.info = self._read(time.monotonic() + startup_timeout)
        except WorkerDied as exc:
            raise WorkerDied(f"the sandbox did not start: {exc}") from None
        if not self.info.get("ready"):
            self.kill()
            raise WorkerDied("the sandbox did not start: unexpected first message")

    # --- plumbing -------------------------------------------------------------------

    def _stderr_tail(self) -> str:
        assert self.proc.stderr
        try:
            data = self.proc.stderr.read(4096) or b""
        except (OSError, ValueError):
            data = b""
        lines = data.decode(errors="replace").strip().splitlines()
        return lines[-1][:300] if lines else ""

    def _fail(self, why: str, timeout: bool = False) -> None:
        detail = self._stderr_tail() if not timeout else ""
        self.kill()
        self.dead = why + (f" ({detail})" if detail else "")
        raise (WorkerTimeout if timeout else WorkerDied)(self.dead)

    def _read_exact(self, n: int, deadline: float, sel: selectors.BaseSelector) -> bytes:
        assert self.proc.stdout
        chunks: list[bytes] = []
        got = 0
        while got < n:
            left = deadline - time.monotonic()
            if left <= 0:
                self._fail("timed out", timeout=True)
            if not sel.select(left):
                continue
            try:
                chunk = os.read(self.proc.stdout.fileno(), min(n - got, 1 << 20))
            except BlockingIOError:
                continue
            if not chunk:
                code = self.proc.poll()
                self._fail(
                    "the sandbox ended" + (f" with status {code}" if code is not None else "")
                )
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def _read(self, deadline: float) -> dict[str, Any]:
        assert self.proc.stdout
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout.fileno(), selectors.EVENT_READ)
            (size,) = _HEADER.unpack(self._read_exact(_HEADER.size, deadline, sel))
            if size > self.max_bytes:
                self._fail(f"an answer of {size} bytes is over the limit of {self.max_bytes}")
            raw = self._read_exact(size, deadline, sel)
        try:
            message = _wire.loads(raw)
        except _wire.WireError as exc:
            self._fail(str(exc))
        if not isinstance(message, dict):
            self._fail("malformed answer")
        return message

    def _write(self, data: bytes, deadline: float) -> None:
        assert self.proc.stdin
        fd = self.proc.stdin.fileno()
        view = memoryview(data)
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_WRITE)
            while view:
                left = deadline - time.monotonic()
                if left <= 0:
                    self._fail("timed out", timeout=True)
                if not sel.select(left):
                    continue
                try:
                    n = os.write(fd, view)
                except BlockingIOError:
                    continue
                except (BrokenPipeError, OSError):
                    code = self.proc.poll()
                    self._fail("the sandbox ended" + (f" with status {code}" if code else ""))
                view = view[n:]

    def request(self, message: dict[str, Any], timeout: float) -> dict[str, Any]:
        """Send one request; return the answer with the same id (other answers are forged)."""
        if self.dead:
            raise WorkerDied(self.dead)
        rid = next(self._ids)
        data = _wire.dumps({**message, "id": rid})
        deadline = time.monotonic() + timeout
        self._write(_HEADER.pack(len(data)) + data, deadline)
        while True:
            answer = self._read(deadline)
            if answer.get("id") == rid:
                return answer

    @property
    def alive(self) -> bool:
        return self.dead is None and self.proc.poll() is None

    def kill(self) -> None:
        """Kill the sandbox and everything in it; wait for it."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:  # pragma: no cover - the kernel always reaps
            pass
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                if stream:
                    stream.close()
            except OSError:
                pass
        if self.dead is None:
            self.dead = "stopped"
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> WorkerProcess:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.kill()
