"""Tests of lukin_course.course.progress: the text progress bar."""

from __future__ import annotations

import io

import pytest

from lukin_course.course.progress import ProgressBar


def test_bar_fills_and_counts() -> None:
    out = io.StringIO()
    bar = ProgressBar(4, stream=out, width=8)
    for name in ("a", "bb", "c", "d"):
        bar.advance(name)
    bar.close()
    frames = out.getvalue().split("\r")[1:]
    assert frames[0].startswith("[##------] 1/4 a")
    assert frames[1].startswith("[####----] 2/4 bb")
    # a shorter label after a longer one is padded so no old characters remain
    assert frames[2] == "[######--] 3/4 c "
    assert frames[-1] == "[########] 4/4 d\n"


def test_empty_bar_renders_full() -> None:
    assert ProgressBar(0, stream=io.StringIO(), width=3, prefix="x").render() == "x [###] 0/0"


def test_cannot_overrun() -> None:
    bar = ProgressBar(1, stream=io.StringIO())
    bar.advance()
    with pytest.raises(RuntimeError, match="complete"):
        bar.advance()


@pytest.mark.parametrize(("total", "width"), [(-1, 5), (2.0, 5), (True, 5), (3, 0), (3, "a")])
def test_bad_arguments(total: object, width: object) -> None:
    with pytest.raises(ValueError, match=r"total|width"):
        ProgressBar(total, width=width)  # type: ignore[arg-type]


def test_default_stream_is_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    bar = ProgressBar(1)
    bar.advance("z")
    bar.close()
    assert "1/1 z" in capsys.readouterr().err
