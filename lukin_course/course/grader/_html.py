"""Student text and outputs made safe to show: a maintained HTML sanitizer and byte caps."""

from __future__ import annotations

import base64
import html
import re

import nh3

__all__ = ["clean_html", "clean_markdown", "clip", "safe_image", "text_block"]

_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "*": {"class"},
}


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes, with a note when it was cut.

    Examples
    --------
    >>> clip("abcdef", 3)
    'abc\\n[... cut: 3 more bytes]'
    """
    raw = text.encode("utf-8")
    if len(raw) <= limit:
        return text
    head = raw[:limit].decode("utf-8", errors="ignore")
    return f"{head}\n[... cut: {len(raw) - limit} more bytes]"


def clean_html(fragment: str, limit: int = 200_000) -> str:
    """An HTML fragment with no script, style, event handler or active URL; capped in bytes.

    Examples
    --------
    >>> clean_html('<b onclick="x()">hi</b><script>alert(1)</script>')
    '<b>hi</b>'
    """
    cleaned = nh3.clean(
        clip(fragment, limit * 4),
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return cleaned if len(cleaned.encode("utf-8")) <= limit else clip(html.escape(cleaned), limit)


def clean_markdown(text: str, limit: int = 100_000) -> str:
    """Markdown with any raw HTML sanitized (for notebooks that graders open)."""
    return nh3.clean(
        clip(text, limit),
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
    )


def text_block(text: str, limit: int = 100_000) -> str:
    """Plain text as an escaped ``<pre>`` block."""
    return f"<pre>{html.escape(clip(text, limit))}</pre>"


_B64 = re.compile(r"^[A-Za-z0-9+/=\s]*$")


def safe_image(mime: str, data: str, limit: int = 2_000_000) -> str | None:
    """An ``<img>`` for PNG or JPEG data that really is base64 of that format, else None."""
    if mime not in ("image/png", "image/jpeg") or len(data) > limit or not _B64.match(data):
        return None
    try:
        head = base64.b64decode("".join(data.split())[:64] + "==", validate=False)[:4]
    except ValueError:
        return None
    if (mime == "image/png" and head[:4] != b"\x89PNG") or (
        mime == "image/jpeg" and head[:2] != b"\xff\xd8"
    ):
        return None
    return f'<img alt="output of the cell" src="data:{mime};base64,{"".join(data.split())}">'
