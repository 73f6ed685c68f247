"""The small markup of item texts: blank-line paragraphs, "- " bullets, "1. " numbers, **bold** and *italic*.

Item texts are stored in meeting.toml as plain text with this Markdown subset, so a text without
markup means what it always meant: blank lines part paragraphs, other line breaks stay line
breaks, lines starting with "- " (or "•", "* ") are bullets. Anything else (headings, links,
underscores, a lone asterisk) is shown literally.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BULLET = re.compile(r"^\s*[-•*]\s+(.*)$")
NUMBER = re.compile(r"^\s*(\d{1,3})[.)]\s+(.*)$")
# "1. januar 2025 trådte …" at the start of a line is a date, not a list
_MONTH = re.compile(r"(januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|"
                    r"december)\b")
_INLINE = re.compile(r"\*\*\*(?=[^\s*])(?P<both>.+?)(?<=[^\s*])\*\*\*"
                     r"|\*\*(?=[^\s*])(?P<bold>.+?)(?<=[^\s*])\*\*(?!\*\*)"
                     r"|(?<![*\w])\*(?=[^\s*])(?P<italic>[^*]+?)(?<=[^\s*])\*(?![*\w])")


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False


Line = tuple[Run, ...]


@dataclass(frozen=True)
class TextBlock:
    """A paragraph (lines parted by line breaks), a bullet, or an item of a numbered list.

    ``number`` is the number written before a list item; ``starts_list`` marks the first item
    of a numbered list, and an item whose number does not follow the one before (Word restarts
    its numbering there, so it shows the numbers as written).
    """

    kind: str                      # "paragraph", "bullet" or "number"
    lines: tuple[Line, ...]
    number: int | None = None
    starts_list: bool = False


def parse(text: str) -> list[TextBlock]:
    """The blocks of an item text, in order."""
    blocks: list[TextBlock] = []
    for chunk in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines: list[str] = []
        for line in chunk.strip("\n").split("\n"):
            bullet, number = BULLET.match(line), _numbered(line)
            if bullet or number:
                _paragraph(blocks, lines)
                lines = []
            if bullet:
                blocks.append(TextBlock("bullet", (runs(bullet.group(1)),)))
            elif number:
                written = int(number.group(1))
                first = not blocks or blocks[-1].kind != "number" or blocks[-1].number != written - 1
                blocks.append(TextBlock("number", (runs(number.group(2)),), written, first))
            else:
                lines.append(line)
        _paragraph(blocks, lines)
    return blocks


def runs(line: str, *, bold: bool = False, italic: bool = False) -> Line:
    """A line's runs: **bold** and *italic* read, everything else kept as written."""
    found: list[Run] = []
    position = 0
    for match in _INLINE.finditer(line):
        if match.start() > position:
            found.append(Run(line[position:match.start()], bold, italic))
        if match.group("both") is not None:
            found += runs(match.group("both"), bold=True, italic=True)
        elif match.group("bold") is not None:
            found += runs(match.group("bold"), bold=True, italic=italic)
        else:
            found += runs(match.group("italic"), bold=bold, italic=True)
        position = match.end()
    if position < len(line):
        found.append(Run(line[position:], bold, italic))
    return _merged(found)


def plain(text: str) -> str:
    """The text as a reader sees it, without the ** and * of bold and italic."""
    return "\n".join("".join(run.text for run in runs(line)) for line in (text or "").split("\n"))


def to_html(text: str) -> str:
    """The text as HTML (paragraphs, <ul>/<ol>, <b>, <i>) for the reader's item view."""
    parts: list[str] = []
    open_list = ""
    for block in parse(text):
        wanted = {"bullet": "ul", "number": "ol"}.get(block.kind, "")
        if open_list and (wanted != open_list or block.starts_list):
            parts.append(f"</{open_list}>")
            open_list = ""
        if wanted and not open_list:
            start = f' start="{block.number}"' if wanted == "ol" and block.number != 1 else ""
            parts.append(f"<{wanted}{start}>")
            open_list = wanted
        body = "<br>".join(_html_line(line) for line in block.lines)
        parts.append(f"<li>{body}</li>" if wanted else f"<p>{body}</p>")
    if open_list:
        parts.append(f"</{open_list}>")
    return "".join(parts)


def _numbered(line: str) -> re.Match[str] | None:
    match = NUMBER.match(line)
    return match if match and not _MONTH.match(match.group(2)) else None


def _paragraph(blocks: list[TextBlock], lines: list[str]) -> None:
    if any(line.strip() for line in lines):
        blocks.append(TextBlock("paragraph", tuple(runs(line) for line in lines)))


def _merged(found: list[Run]) -> Line:
    merged: list[Run] = []
    for run in found:
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        elif run.text:
            merged.append(run)
    return tuple(merged)


def _html_line(line: Line) -> str:
    import html  # with its 2,000 named entities: only the reader's HTML needs it, not the start-up

    out = []
    for run in line:
        text = html.escape(run.text)
        if run.italic:
            text = f"<i>{text}</i>"
        if run.bold:
            text = f"<b>{text}</b>"
        out.append(text)
    return "".join(out)


@dataclass(frozen=True)
class Edited:
    """A text after a formatting command, with the selection to show (character offsets)."""

    text: str
    start: int
    end: int


def toggle_emphasis(text: str, start: int, end: int, kind: str) -> Edited:
    """Bold (``kind`` "bold") or italic on or off for the selection; an empty one takes its word.

    Spaces at the selection's ends stay outside the marks (``** x**`` would not be bold), and
    marks already around the selection are removed instead of doubled.
    """
    start, end = sorted((max(0, start), min(len(text), end)))
    if start == end:
        start, end = _word_at(text, start)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    left = len(text[:start]) - len(text[:start].rstrip("*"))
    right = len(text[end:]) - len(text[end:].lstrip("*"))
    stars = min(left, right, 3)
    bold, italic = stars >= 2, stars in (1, 3)
    if kind == "bold":
        bold = not bold
    else:
        italic = not italic
    marks = "*" * ((2 if bold else 0) + (1 if italic else 0))
    edited = text[:start - stars] + marks + text[start:end] + marks + text[end + stars:]
    shift = len(marks) - stars
    return Edited(edited, start + shift, end + shift)


def toggle_list(text: str, start: int, end: int, kind: str) -> Edited:
    """The selected lines as bullets (``kind`` "bullet") or numbered 1, 2, …; as plain lines if they already are."""
    start, end = sorted((max(0, start), min(len(text), end)))
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end - 1 if end > start else end)
    last = len(text) if last == -1 else last
    lines = text[first:last].split("\n")
    marker = BULLET if kind == "bullet" else NUMBER
    filled = [line for line in lines if line.strip()]
    if filled and all(marker.match(line) for line in filled):
        changed = [_without_list_mark(line) if line.strip() else line for line in lines]
    else:
        changed, number = [], 0
        for line in lines:
            if not line.strip():
                changed.append(line)
                continue
            content = _without_list_mark(line)
            number += 1
            changed.append(f"- {content}" if kind == "bullet" else f"{number}. {content}")
    block = "\n".join(changed)
    return Edited(text[:first] + block + text[last:], first, first + len(block))


def _without_list_mark(line: str) -> str:
    for marker in (BULLET, NUMBER):
        match = marker.match(line)
        if match:
            return match.group(marker.groups)
    return line.strip()


def _word_at(text: str, position: int) -> tuple[int, int]:
    start = position
    while start > 0 and not text[start - 1].isspace() and text[start - 1] != "*":
        start -= 1
    end = position
    while end < len(text) and not text[end].isspace() and text[end] != "*":
        end += 1
    return start, end


def emphasis_spans(line: str) -> list[tuple[int, int, bool, bool]]:
    """(start, end, bold, italic) of the emphasised text in one line, markers included, for an editor's highlighting."""
    spans: list[tuple[int, int, bool, bool]] = []

    def visit(text: str, offset: int, bold: bool, italic: bool) -> None:
        for match in _INLINE.finditer(text):
            name = next(group for group in ("both", "bold", "italic") if match.group(group) is not None)
            now_bold, now_italic = bold or name != "italic", italic or name != "bold"
            spans.append((offset + match.start(), offset + match.end(), now_bold, now_italic))
            visit(match.group(name), offset + match.start(name), now_bold, now_italic)

    visit(line, 0, False, False)
    return spans
