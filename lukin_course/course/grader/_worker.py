"""The student side of the boundary: runs a submission's code inside the sandbox.

Started as ``python -I _worker.py CONFIG`` (by path, so nothing of the
submission's folder is on ``sys.path``). It first gives up privileges and sets
its resource limits (they cannot be raised again), then serves requests on its
standard input and answers on its standard output, one length-prefixed JSON
message each (see :mod:`._wire`):

``run``       run one code cell (IPython syntax and magics) and return its outputs
``describe``  say which of some names are defined, and whether they are callable
``get``       return the value of a name
``call``      call a function with arguments and return its result (or the exception)

Everything this process says is untrusted: the submission runs in it and can
write to the pipe itself. The grader treats answers only as data.
"""

from __future__ import annotations

import json
import os
import resource
import struct
import sys
import traceback
from typing import Any

_HEADER = struct.Struct(">I")
_MIMES = ("text/plain", "text/html", "text/markdown", "text/latex", "image/png", "image/jpeg")


def _drop_privileges(config: dict[str, Any]) -> None:
    uid = config.get("uid")
    if os.getuid() == 0 and uid is not None:
        # bwrap ran as root without a user namespace; become an unprivileged uid
        # of our own so that no capability and no root exemption remains.
        os.setgroups([])
        os.setgid(int(uid))
        os.setuid(int(uid))
    if os.getuid() == 0 and config.get("require_unprivileged", False):
        raise SystemExit("worker: refusing to run student code as root")


def _set_limits(limits: dict[str, int]) -> None:
    table = {
        "memory_bytes": resource.RLIMIT_AS,
        "cpu_seconds": resource.RLIMIT_CPU,
        "file_bytes": resource.RLIMIT_FSIZE,
        "processes": resource.RLIMIT_NPROC,
        "open_files": resource.RLIMIT_NOFILE,
    }
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    for key, which in table.items():
        value = limits.get(key)
        if value:
            resource.setrlimit(which, (int(value), int(value)))


class _Channel:
    def __init__(self, rfd: int, wfd: int) -> None:
        self.rfd, self.wfd = rfd, wfd

    def _read(self, n: int) -> bytes:
        chunks, got = [], 0
        while got < n:
            chunk = os.read(self.rfd, n - got)
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def receive(self) -> Any:
        (size,) = _HEADER.unpack(self._read(_HEADER.size))
        return json.loads(self._read(size).decode("utf-8"))

    def send(self, message: Any) -> None:
        from lukin_course.course.grader._wire import dumps

        data = dumps(message)
        os.write(self.wfd, _HEADER.pack(len(data)))
        view = memoryview(data)
        while view:
            n = os.write(self.wfd, view)
            view = view[n:]


class _Text:
    """A capped text stream (what ``print`` writes to while a cell runs)."""

    def __init__(self, sink: _Sink, name: str) -> None:
        self.sink, self.name = sink, name
        self.encoding = "utf-8"

    def write(self, text: Any) -> int:
        text = str(text)
        self.sink.stream(self.name, text)
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError("no file descriptor")


class _Sink:
    """Outputs of one cell, capped in bytes."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.used = 0
        self.outputs: list[dict[str, Any]] = []
        self.truncated = False

    def _room(self, n: int) -> bool:
        if self.used + n > self.cap:
            self.truncated = True
            return False
        self.used += n
        return True

    def stream(self, name: str, text: str) -> None:
        if self.truncated:
            return
        if not self._room(len(text)):
            text = text[: max(0, self.cap - self.used)]
            self.used = self.cap
        last = self.outputs[-1] if self.outputs else None
        if last and last["output_type"] == "stream" and last["name"] == name:
            last["text"] += text
        else:
            self.outputs.append({"output_type": "stream", "name": name, "text": text})

    def rich(self, kind: str, data: dict[str, Any]) -> None:
        kept = {}
        for mime in _MIMES:
            value = data.get(mime)
            if isinstance(value, bytes):
                import base64

                value = base64.b64encode(value).decode("ascii")
            if isinstance(value, list):
                value = "".join(str(v) for v in value)
            if isinstance(value, str) and self._room(len(value)):
                kept[mime] = value
        if kept:
            self.outputs.append({"output_type": kind, "data": kept})


def _student_frames(exc: BaseException) -> list[str]:
    """The traceback lines of the submission's own cells (no worker or library frames)."""
    lines = []
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.startswith("<ipython-input-") or frame.filename.startswith("<cell"):
            where = f"  line {frame.lineno}, in {frame.name}"
            lines.append(where + (f"\n    {frame.line.strip()}" if frame.line else ""))
    return lines[-20:]


def _describe_exception(exc: BaseException) -> dict[str, Any]:
    import builtins

    base = "RuntimeError"
    for cls in type(exc).__mro__:
        if getattr(builtins, cls.__name__, None) is cls and issubclass(cls, Exception):
            base = cls.__name__
            break
    try:
        message = str(exc)
    except BaseException:  # a hostile __str__
        message = "<the exception's message could not be read>"
    try:
        qualname = str(type(exc).__qualname__)
    except BaseException:
        qualname = base
    return {
        "type": base,
        "qualname": qualname[:200],
        "message": message[:4000],
        "traceback": _student_frames(exc),
    }


class Worker:
    def __init__(self, config: dict[str, Any], channel: _Channel) -> None:
        from IPython.core.displayhook import DisplayHook
        from IPython.core.displaypub import DisplayPublisher
        from IPython.core.interactiveshell import InteractiveShell
        from traitlets.config import Config

        self.config = config
        self.channel = channel
        self.sink = _Sink(int(config.get("cell_output_bytes", 1 << 20)))
        worker = self

        class Publisher(DisplayPublisher):
            def publish(self, data: Any, metadata: Any = None, *args: Any, **kwargs: Any) -> None:
                worker.sink.rich("display_data", dict(data or {}))

            def clear_output(self, wait: bool = False) -> None:
                pass

        class Hook(DisplayHook):
            def write_output_prompt(self) -> None:
                pass

            def write_format_data(self, format_dict: Any, md_dict: Any = None) -> None:
                worker.sink.rich("execute_result", dict(format_dict or {}))

            def finish_displayhook(self) -> None:
                pass

        c = Config()
        c.HistoryManager.enabled = False
        c.InteractiveShell.colors = "nocolor"
        self.shell = InteractiveShell.instance(config=c)
        self.shell.display_pub = Publisher(shell=self.shell, parent=self.shell)
        self.shell.displayhook = Hook(shell=self.shell, cache_size=0, parent=self.shell)
        self.shell.display_trap.hook = self.shell.displayhook
        self.shell.enable_gui = lambda gui=None: None  # type: ignore[method-assign]
        self.shell.showtraceback = lambda *a, **k: None  # type: ignore[method-assign]
        self.shell.showsyntaxerror = lambda *a, **k: None  # type: ignore[method-assign]

    def _capture(self) -> tuple[Any, Any]:
        saved = (sys.stdout, sys.stderr)
        sys.stdout, sys.stderr = _Text(self.sink, "stdout"), _Text(self.sink, "stderr")
        return saved

    def run(self, source: str) -> dict[str, Any]:
        self.sink = _Sink(int(self.config.get("cell_output_bytes", 1 << 20)))
        saved = self._capture()
        try:
            result = self.shell.run_cell(source, store_history=True)
        finally:
            sys.stdout, sys.stderr = saved
        error = result.error_before_exec or result.error_in_exec
        answer: dict[str, Any] = {"outputs": self.sink.outputs, "truncated": self.sink.truncated}
        if error is not None:
            answer["error"] = _describe_exception(error)
            if isinstance(error, SyntaxError):
                lines = traceback.format_exception_only(type(error), error)
                answer["error"]["traceback"] = [line.rstrip() for line in lines][-4:]
        return answer

    def describe(self, names: list[str]) -> dict[str, str]:
        ns = self.shell.user_ns
        out = {}
        for name in names:
            if name not in ns:
                out[name] = "missing"
            else:
                out[name] = "callable" if callable(ns[name]) else "value"
        return out

    def get(self, name: str) -> dict[str, Any]:
        from lukin_course.course.grader._wire import WireError, encode

        if name not in self.shell.user_ns:
            return {"missing": True}
        try:
            return {"value": encode(self.shell.user_ns[name])}
        except WireError as exc:
            return {"unsendable": str(exc)}

    def call(self, name: str, args: list[Any], kwargs: dict[str, Any]) -> dict[str, Any]:
        from lukin_course.course.grader._wire import WireError, decode, encode

        fn = self.shell.user_ns.get(name)
        if fn is None or not callable(fn):
            return {"missing": True}
        pargs = [decode(a) for a in args]
        kargs = {k: decode(v) for k, v in kwargs.items()}
        self.sink = _Sink(int(self.config.get("cell_output_bytes", 1 << 20)))
        saved = self._capture()
        try:
            value = fn(*pargs, **kargs)
        except BaseException as exc:  # the student's exception, whatever it is
            return {"raised": _describe_exception(exc)}
        finally:
            sys.stdout, sys.stderr = saved
        answer: dict[str, Any] = {}
        try:
            answer["value"] = encode(value)
        except WireError as exc:
            return {"unsendable": str(exc)}
        mutated = {}
        for key, before, after in [
            *((str(i), args[i], pargs[i]) for i in range(len(args))),
            *((k, kwargs[k], kargs[k]) for k in kwargs),
        ]:
            if isinstance(after, list | dict | set) or type(after).__name__ == "ndarray":
                try:
                    now = encode(after)
                except WireError:
                    continue
                if now != before:
                    mutated[key] = now
        if mutated:
            answer["mutated"] = mutated
        return answer

    def serve(self) -> None:
        self.channel.send({"ready": True, "pid": os.getpid(), "uid": os.getuid()})
        while True:
            try:
                request = self.channel.receive()
            except EOFError:
                return
            rid = request.get("id")
            op = request.get("op")
            try:
                if op == "run":
                    answer = self.run(str(request["source"]))
                elif op == "describe":
                    answer = {"names": self.describe(list(request["names"]))}
                elif op == "get":
                    answer = self.get(str(request["name"]))
                elif op == "call":
                    answer = self.call(
                        str(request["name"]), list(request["args"]), dict(request["kwargs"])
                    )
                else:
                    answer = {"failure": f"unknown operation {op!r}"}
            except Exception as exc:  # a worker problem: report it, keep serving
                answer = {"failure": f"{type(exc).__name__}: {exc}"[:2000]}
            answer["id"] = rid
            try:
                self.channel.send(answer)
            except (ValueError, TypeError):
                self.channel.send({"id": rid, "failure": "the answer could not be encoded"})


def main() -> None:
    config = json.loads(sys.argv[1])
    _drop_privileges(config)
    _set_limits(config.get("limits", {}))
    # The protocol keeps the pipes it was started with; the standard streams of
    # the process point elsewhere so that stray writes cannot mix into it.
    rfd, wfd = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    home = os.environ.get("HOME", "/tmp/home")
    os.makedirs(home, exist_ok=True)
    os.chdir(home)
    channel = _Channel(rfd, wfd)
    Worker(config, channel).serve()


if __name__ == "__main__":
    main()
