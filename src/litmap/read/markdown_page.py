"""Read a Markdown article into blocks with markdown-it-py (CommonMark, plus footnotes).

A maintained parser rather than patterns: ATX (``## References``) and Setext (underlined)
headings, lists, emphasis, links and footnotes all come out as tokens with their source lines.
A footnote reference ``[^1]`` is written as its number in brackets, as Markdown renders it,
and kept as a :class:`~litmap.read.blocks.Link` to the footnote, whose text becomes a block under a
"Notes" heading at the end (footnotes that read as reference entries become the reference list).
"""

from __future__ import annotations

import dataclasses
import re

from litmap.read.blocks import Block, Link, is_caption, with_list_number

_SEPARATOR = "\n"
#: Levels of quotes and lists read as structure (a list and its item are two levels), just under
#: markdown-it's own limit (20), past which it drops the rest of the block silently (and raising that
#: limit lets nested links recurse past Python's). Deeper, each paragraph is read as text without
#: its markers.
MAX_DEPTH = 18
#: The quote and list markers at the start of a line nested deeper than :data:`MAX_DEPTH`.
_CONTAINER_MARKS = re.compile(r"^[ \t]*(?:>[ \t]*|(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$))+", re.M)


def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark").use(footnote_plugin).enable("table")
    md.block.ruler.before(md.block.ruler.__rules__[0].name, "too_deep", _too_deep)
    return md


def _too_deep(state, start_line: int, end_line: int, silent: bool) -> bool:
    """A block rule that runs first: past :data:`MAX_DEPTH` levels, read the lines up to the next blank
    line as one paragraph, its quote and list markers dropped, instead of nesting further."""
    if state.level < MAX_DEPTH:
        return False
    if silent:
        return True
    next_line = start_line + 1
    while next_line < end_line and not state.isEmpty(next_line):
        next_line += 1
    content = _CONTAINER_MARKS.sub("", state.getLines(start_line, next_line, state.blkIndent, False)).strip()
    state.push("paragraph_open", "p", 1).map = [start_line, next_line]
    inline = state.push("inline", "", 0)
    inline.content, inline.map, inline.children = content, [start_line, next_line], []
    state.push("paragraph_close", "p", -1)
    state.line = next_line
    return True


def _inline_text(token) -> tuple[str, tuple[Link, ...]]:
    """Visible text of an inline token and its in-page links and footnote references."""
    parts: list[str] = []
    links: list[Link] = []
    length = 0
    link_start: list[tuple[int, str | None]] = []
    for child in token.children or []:
        piece = ""
        if child.type in ("text", "code_inline", "html_inline"):
            piece = child.content if child.type != "html_inline" else ""
        elif child.type == "softbreak" or child.type == "hardbreak":
            piece = _SEPARATOR
        elif child.type == "image":
            piece = child.content
        elif child.type == "link_open":
            href = child.attrs.get("href", "") or ""
            link_start.append((length, href))
        elif child.type == "link_close" and link_start:
            start, href = link_start.pop()
            if length > start and "#" in href:
                links.append(Link(start, length, href.split("#", 1)[1], "anchor"))
            elif length > start and href:
                links.append(Link(start, length, href, "external"))
        elif child.type == "footnote_ref":
            number = child.meta["id"] + 1
            piece = f"[{number}]"
            links.append(Link(length, length + len(piece), f"fn{number}"))
        parts.append(piece)
        length += len(piece)
    return "".join(parts), tuple(links)


#: A tag or comment of a raw HTML block, with no other "<" or ">" inside (linear: one pass).
_TAG = re.compile(r"<[^<>]*>")


def markdown_blocks(text: str, notes: list[str] | None = None, *, _depth: int = 0, _offset: int = 0) -> list[Block]:
    """Blocks of a Markdown document, in reading order, footnotes last under a "Notes" heading.

    A code fence that is never closed runs, in Markdown, to the end of the file and would hide the rest
    of the article: its lines are read as Markdown instead, and ``notes`` says so.
    """
    tokens = _parser().parse(text)
    source_lines = text.splitlines()
    blocks: list[Block] = []
    footnotes: list[Block] = []
    kind = "paragraph"
    level = 0
    group = 0
    list_stack: list[tuple[int, bool]] = []  # (group, ordered)
    item_number: list[int | None] = []
    footnote: int | None = None
    row: list[tuple[str, tuple[Link, ...]]] | None = None  # the cells of a table row, read as one block (as HTML's)
    line = 1
    for token in tokens:
        if token.map:
            line = token.map[0] + 1
        if token.type == "heading_open":
            kind, level = "heading", int(token.tag[1])
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            group += 1
            list_stack.append((group, token.type == "ordered_list_open"))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_stack.pop()
        elif token.type == "list_item_open":
            ordered = list_stack[-1][1] if list_stack else False
            item_number.append(int(token.info) if ordered and token.info.isdigit() else None)
        elif token.type == "list_item_close":
            item_number.pop()
        elif token.type == "footnote_open":
            footnote = token.meta["id"] + 1
        elif token.type == "footnote_close":
            footnote = None
        elif token.type in ("th_open", "td_open"):
            kind = "table"
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            cells, row = [(text, links) for text, links in row if text.strip()], None
            if cells:
                links, at = [], 0
                for text, cell_links in cells:  # offsets counted, the text joined once (5,000 cells a row)
                    links += [dataclasses.replace(k, start=k.start + at, end=k.end + at) for k in cell_links]
                    at += len(text) + 1
                blocks.append(Block("table", " ".join(text for text, _ in cells), line, links=tuple(links)))
        elif token.type == "inline" and row is not None:
            row.append(_inline_text(token))
        elif token.type == "inline":
            content, links = _inline_text(token)
            if not content.strip():
                kind, level = "paragraph", 0
                continue
            lines = tuple(p.strip() for p in content.split(_SEPARATOR) if p.strip()) if _SEPARATOR in content else ()
            block_kind = kind
            extra: dict = {}
            if kind == "paragraph" and item_number:
                block_kind = "item"
                extra = {"group": list_stack[-1][0] if list_stack else None, "number": item_number[-1]}
            if block_kind == "paragraph" and is_caption(content):
                block_kind = "caption"
            if footnote is not None:
                footnotes.append(Block("item", content, line, lines=lines, anchors=(f"fn{footnote}",), links=links))
            else:
                blocks.append(Block(block_kind, content, line, level=level, lines=lines, links=links, **extra))
            if kind != "table":
                kind, level = "paragraph", 0
        elif token.type in ("table_close",):
            kind = "paragraph"
        elif token.type == "fence" and _depth < 2 and _unclosed(token, source_lines):
            if notes is not None:
                notes.append(
                    f"a code fence ({token.markup}) opened at line {line + _offset} is never closed: "
                    "the lines after it were read as text, not as code"
                )
            offset = token.map[0] + 1
            blocks.extend(
                dataclasses.replace(b, line=b.line + offset)
                for b in markdown_blocks(token.content, notes, _depth=_depth + 1, _offset=_offset + offset)
            )
        elif token.type in ("fence", "code_block"):
            continue  # code is not prose
        elif token.type == "html_block" and any(c.isalpha() for c in _TAG.sub(" ", token.content)):
            # raw HTML in Markdown (a "<div><h2>References</h2><ol>…" a blog exporter wrote) is read as
            # HTML: Markdown shows it as the page, and skipping it lost its text without a word
            from litmap.read.html_page import html_blocks

            inner, _, _ = html_blocks(token.content)
            blocks.extend(dataclasses.replace(b, line=line) for b in inner)
    if footnotes:
        blocks.append(Block("heading", "Notes", footnotes[0].line, level=2))
        blocks.extend(_number_footnote(b, i + 1) for i, b in enumerate(footnotes))
    return [with_list_number(b) for b in blocks]


def _unclosed(token, source_lines: list[str]) -> bool:
    """Whether a fence token runs to the end of the file without its closing fence."""
    start, end = token.map
    if end < len(source_lines):
        return False
    last = source_lines[end - 1].strip() if end - 1 > start else ""
    fence = token.markup[0]
    return not (len(last) >= len(token.markup) and set(last) == {fence})


def _number_footnote(block: Block, number: int) -> Block:
    return Block("item", block.text, block.line, 0, block.lines, block.anchors, block.links, -1, number)
