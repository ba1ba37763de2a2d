"""A small text progress bar for long instructor commands (no extra dependency)."""

from __future__ import annotations

import sys
from typing import TextIO

__all__ = ["ProgressBar"]


class ProgressBar:
    """Draw ``[#####-----] 5/10 label`` on one line of a text stream.

    Parameters
    ----------
    total : int
        Number of steps (non-negative).
    stream : file-like, optional
        Where to draw (default ``sys.stderr``).
    width : int, optional
        Width of the bar in characters (at least 1).
    prefix : str, optional
        Text printed before the bar.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> bar = ProgressBar(2, stream=out, width=4, prefix="grading")
    >>> bar.advance("ada")
    >>> bar.advance("bo")
    >>> bar.close()
    >>> out.getvalue().endswith("grading [####] 2/2 bo \\n")
    True
    """

    def __init__(
        self, total: int, stream: TextIO | None = None, width: int = 30, prefix: str = ""
    ) -> None:
        if isinstance(total, bool) or not isinstance(total, int) or total < 0:
            raise ValueError(f"total must be a non-negative integer, got {total!r}")
        if isinstance(width, bool) or not isinstance(width, int) or width < 1:
            raise ValueError(f"width must be a positive integer, got {width!r}")
        self.total = total
        self.done = 0
        self.width = width
        self.prefix = prefix
        self.stream = stream if stream is not None else sys.stderr
        self._last_len = 0

    def render(self, label: str = "") -> str:
        """Return the bar as text for the current count."""
        filled = self.width if self.total == 0 else self.width * self.done // self.total
        bar = "#" * filled + "-" * (self.width - filled)
        text = f"[{bar}] {self.done}/{self.total}"
        if self.prefix:
            text = f"{self.prefix} {text}"
        return f"{text} {label}".rstrip()

    def advance(self, label: str = "") -> None:
        """Count one step done and redraw the bar."""
        if self.done >= self.total:
            raise RuntimeError(f"progress bar already complete ({self.total} steps)")
        self.done += 1
        text = self.render(label)
        pad = " " * max(0, self._last_len - len(text))
        self.stream.write("\r" + text + pad)
        self.stream.flush()
        self._last_len = len(text)

    def close(self) -> None:
        """Finish the line."""
        self.stream.write("\n")
        self.stream.flush()
