"""Feedback pages built from the grader's own results, not from a notebook's outputs.

For each test cell the page lists every check by name with pass or fail and,
for a failure, the instructor's message; errors show the student's own frames
only (for hidden tests, only the error's type). Hidden test code never
appears: the page shows a test cell's visible part as released. Text that the
student produced (answers, outputs, messages of their exceptions) is escaped or
sanitized with a maintained sanitizer and capped in bytes, so no script or
event handler reaches the page and no output makes it huge.
"""

from __future__ import annotations

import html
from typing import Any

from . import _html

__all__ = ["MAX_PAGE_BYTES", "render_feedback"]

MAX_PAGE_BYTES = 4 << 20

_CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
line-height:1.45;color:#1b1b1b}
pre{background:#f4f4f4;padding:.6rem;overflow-x:auto;white-space:pre-wrap}
.cell{border-left:4px solid #ddd;margin:1rem 0;padding:.2rem .8rem}
.test{border-color:#3565a8}.answer{border-color:#888}.written{border-color:#7a5ea8}
.pass{color:#1e6b2e}.fail{color:#a11b1b}.note{color:#6b4e00}
.score{font-weight:bold}.output{border:1px dashed #ccc;padding:.3rem;margin:.3rem 0}
"""


def _md(text: str, limit: int = 100_000) -> str:
    import mistune

    render = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])
    return _html.clean_html(str(render(_html.clip(text, limit))), limit * 2)


def _outputs(outputs: list[dict[str, Any]]) -> str:
    parts = []
    for out in outputs:
        if out.get("output_type") == "stream":
            parts.append(_html.text_block(str(out.get("text", "")), 50_000))
            continue
        data = out.get("data", {})
        shown = None
        for mime in ("image/png", "image/jpeg"):
            if mime in data:
                shown = _html.safe_image(mime, str(data[mime]))
                if shown:
                    break
        if shown is None and "text/html" in data:
            shown = _html.clean_html(str(data["text/html"]), 100_000)
        if shown is None and "text/plain" in data:
            shown = _html.text_block(str(data["text/plain"]), 50_000)
        if shown:
            parts.append(f'<div class="output">{shown}</div>')
    return "".join(parts)


def _error(error: dict[str, Any] | None) -> str:
    if not error:
        return ""
    lines = [f"{error.get('type')}: {error.get('message', '')}"]
    if error.get("traceback"):
        lines = ["Traceback (your code):", *map(str, error["traceback"]), *lines]
    return f'<p class="fail">Error</p>{_html.text_block(chr(10).join(lines), 20_000)}'


def _test(cell: dict[str, Any], test: dict[str, Any] | None) -> str:
    gid = html.escape(cell["grade_id"])
    if test is None:
        return f'<div class="cell test"><p>Tests <code>{gid}</code>: not graded.</p></div>'
    out = [
        f'<div class="cell test"><p class="score">Tests <code>{gid}</code>: '
        f"{test['score']:g} / {test['points']:g} points ({test['passed_sites']} of "
        f"{test['sites']} checks passed)</p>",
        "<p>Visible tests (more run hidden):</p>",
        _html.text_block(cell.get("release_source", ""), 50_000),
        "<ul>",
    ]
    seen: set[tuple[str, bool, str]] = set()
    for check in test["checks"]:
        key = (check["name"], check["passed"], check["message"])
        if key in seen:
            continue
        seen.add(key)
        hidden = " (hidden)" if check["hidden"] else ""
        name = html.escape(_html.clip(check["name"], 300))
        if check["passed"]:
            out.append(f'<li class="pass">passed: <code>{name}</code>{hidden}</li>')
        else:
            message = html.escape(_html.clip(check["message"], 2000))
            out.append(f'<li class="fail">failed: <code>{name}</code>{hidden}: {message}</li>')
    out.append("</ul>")
    for error in test["errors"]:
        if error.get("hidden"):
            text = f"{error['type']} in a hidden test"
        else:
            lines = [*error.get("traceback", []), f"{error['type']}: {error['message']}"]
            text = "\n".join(map(str, lines))
        out.append(
            '<p class="fail">An error stopped part of these tests:</p>'
            + _html.text_block(text, 20_000)
        )
    if test.get("note"):
        out.append(f'<p class="note">{html.escape(test["note"])}</p>')
    out.append("</div>")
    return "".join(out)


def render_feedback(
    assignment: str,
    student: str,
    notebook: str,
    result: dict[str, Any] | None,
    manual: dict[str, dict[str, Any]] | None = None,
) -> str:
    """One feedback page (HTML) from the grader's results for one notebook.

    Parameters
    ----------
    assignment, student, notebook : str
    result : dict or None
        ``NotebookResult.to_dict()``; None if the notebook was not submitted.
    manual : dict, optional
        Grade id -> ``{"score", "max_score", "needs_manual_grade"}`` for written answers.
    """
    manual = manual or {}
    title = html.escape(f"{assignment} / {notebook} — feedback for {student}")
    body = [f"<h1>{title}</h1>"]
    if result is None:
        body.append("<p>This notebook was not submitted.</p>")
    else:
        tests = result["tests"]
        auto = sum(t["score"] for t in tests.values())
        auto_max = sum(t["points"] for t in tests.values())
        body.append(f'<p class="score">Autograded: {auto:g} / {auto_max:g} points.</p>')
        for note in result.get("notes", []):
            body.append(f'<p class="note">Note: {html.escape(_html.clip(str(note), 500))}</p>')
        for index, cell in enumerate(result["cells"]):
            role = cell["role"]
            run = result["runs"].get(str(index)) or result["runs"].get(index)
            if role == "markdown":
                body.append(_md(cell["source"]))
            elif role == "test":
                body.append(_test(cell, tests.get(cell["grade_id"])))
            elif role == "written":
                grade = manual.get(cell["grade_id"], {})
                if grade.get("needs_manual_grade", True) and grade.get("score") is None:
                    status = f"Not graded yet: worth {cell['points']:g} points"
                else:
                    status = f"{grade.get('score', 0):g} / {cell['points']:g} points"
                body.append(
                    f'<div class="cell written"><p class="score">Your written answer '
                    f"<code>{html.escape(cell['grade_id'])}</code>: {status}</p>"
                    f"{_md(cell['source'])}</div>"
                )
            elif cell["cell_type"] == "code":
                label = {"answer": "Your code", "extra": "A cell you added", "locked": "Given code"}
                body.append(
                    f'<div class="cell answer"><p>{label.get(role, "Code")}</p>'
                    f"{_html.text_block(cell['source'], 50_000)}"
                    f"{_outputs((run or {}).get('outputs', []))}"
                    f"{_error((run or {}).get('error'))}</div>"
                )
    page = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{_CSS}</style></head><body>{''.join(body)}</body></html>"
    )
    if len(page.encode("utf-8")) > MAX_PAGE_BYTES:
        page = (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f"</head><body><h1>{title}</h1><p>The full feedback was too large; the scores:</p>"
            + "".join(
                _test(c, result["tests"].get(c["grade_id"]) if result else None)
                for c in (result["cells"] if result else [])
                if c["role"] == "test"
            )
            + "</body></html>"
        )
    return page
