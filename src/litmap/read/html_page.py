"""Read an HTML page into blocks through its structure (lxml), leaving the page's furniture out.

What is dropped is decided by the markup, the way browsers' reader modes do it, not by words:

- elements that are never the article: ``nav``, ``aside``, ``form``, buttons and inputs,
  ``header``/``footer`` of the page (a header that holds the article's ``h1`` keeps the ``h1``),
  hidden elements, ARIA landmark roles other than ``main`` (``navigation``, ``banner``,
  ``contentinfo``, ``complementary``, ``search``, dialogs, menus);
- containers that content-management systems give the same names on every platform — comment
  threads, share bars, cookie banners, related-post lists, newsletter boxes, sidebars and
  widgets, breadcrumbs — matched on whole ``class``/``id`` words;
- lists and blocks made mostly of links (menus, tag clouds, "more posts") unless they read as
  reference entries.

The article itself is the ``main``/``article`` element (or ``role="main"``,
``itemprop="articleBody"``) with the most paragraph text; when none exists, the whole body.
Links inside the text to an element of the page (``<a href="#ref3">``) and superscripts are kept
as :class:`~litmap.read.blocks.Link` spans, so a citation can follow its link to the entry.
"""

from __future__ import annotations

import re

from litmap.read.blocks import Block, Link, is_caption, with_list_number
from litmap.read.blocks import word_set as _word_set
from litmap.read.html_tree import LEAF_BLOCKS, parse_html
from litmap.read.reference_block import looks_like_entry
from litmap.text import clean_text, counted, unify_forms

#: Elements whose content is never the article's text.
DROPPED_TAGS = _word_set(
    "script style noscript svg template iframe canvas video audio object embed nav aside form button "
    "input select textarea label dialog menu head math"
)
#: ARIA roles of page furniture (``main``, ``article`` and ``document`` are content).
#: Elements whose content a reader never sees, whatever it holds (a noscript's is seen without JavaScript).
NEVER_SHOWN = frozenset({"script", "style", "template"})
DROPPED_ROLES = _word_set(
    "navigation banner contentinfo complementary search dialog alertdialog menu menubar toolbar tablist "
    "form alert status marquee tooltip"
)
#: Whole words of class/id names that content-management systems (WordPress, Wix, Squarespace,
#: Medium, Substack, Ghost, Drupal…) give to the same furniture.
FURNITURE_NAMES = _word_set(
    "comment comments commentlist respond disqus share sharing sharedaddy social cookie cookies consent "
    "gdpr related newsletter subscribe subscription signup sidebar widget widgets breadcrumb breadcrumbs "
    "popup modal advert advertisement ads promo sponsored paywall skip toc navbox navigation menu "
    "masthead pagination pager author-bio authorbio postmeta tags editsection footer recommendations "
    "recommended trending popular outbrain taboola"
)
_CONTENT_SELECTORS = ("main", "article")
_CONTAINERS = _word_set(
    "html body div section article main header footer ul ol dl blockquote figure details center span font tbody thead"
)
_BLOCK_TAGS = LEAF_BLOCKS | _CONTAINERS - {"span", "font"} | {"table", "tr", "hr", "br"}
_LABEL_ONLY = re.compile(r"\s*[\[(]?(\d{1,3})[\].)]?\s*")
_SUPERSCRIPT_CITATION = re.compile(r"^\s*[\[(]?\d{1,4}(?:\s*[-–—,]\s*\d{1,4})*[\])]?\s*$")


def _class_words(el) -> set[str]:
    """Words of an element's class and id, and the first and last parts of compound ones ("comments-area").

    Taxonomy classes that blogs put on the article itself ("category-social-work", "tag-comments")
    say what the post is about, not what the element is, and are skipped.
    """
    words = set()
    for word in f"{el.get('class') or ''} {el.get('id') or ''}".lower().split():
        if re.match(r"(?:category|tag|tags|topic)-|post-\d", word):
            continue
        words.add(word)
        parts = [p for p in re.split(r"[-_]+", word) if p]
        if 1 < len(parts) <= 3:
            words.update((parts[0], parts[-1]))
    return words


def _is_furniture(el) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in DROPPED_TAGS:
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    if re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", el.get("style") or "", re.I):
        return True
    if (el.get("role") or "").lower() in DROPPED_ROLES:
        return True
    if not _class_words(el) & FURNITURE_NAMES or tag in ("body", "html", "main"):
        return False
    return el.find(".//h1") is None  # a container named like furniture that holds the article's title is not


def _has_reference_heading_outside(doc, tag: str) -> bool:
    """Whether ``doc`` has a reference-list heading outside every ``tag`` element (only if it has one)."""
    from litmap.read.reference_block import reference_heading_kind

    if next(doc.iter(tag), None) is None:
        return False
    return any(
        reference_heading_kind(h.text_content() or "") == "primary"
        for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")
        if not any(a.tag == tag for a in h.iterancestors())
    )


def _has_reference_heading(el) -> bool:
    from litmap.read.reference_block import reference_heading_kind

    return any(
        reference_heading_kind(h.text_content() or "") == "primary" for h in el.iter("h1", "h2", "h3", "h4", "h5", "h6")
    )


def page_title(doc) -> str:
    """The page's own title: ``og:title``, else ``<title>`` without the " | Site name" tail."""
    for meta in doc.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() in ("og:title", "citation_title", "dc.title"):
            content = " ".join(clean_text(meta.get("content") or "").split())
            if content:
                return content
    title = doc.find(".//title")
    text = " ".join(clean_text(title.text_content() if title is not None else "").split())
    return re.split(r"\s+[|–—-]\s+(?=[^|–—-]{2,60}$)", text)[0] if text else ""


def prune(doc) -> int:
    """Remove furniture elements in place; returns how many were removed."""
    removed = 0
    # A <noscript> is what a reader without JavaScript sees instead: its reference list is read only when
    # the page shows none of its own (one written by scripts); beside the page's list it is a second one
    # that nearly every reader never sees (its entries were read as the article's).
    fallback_only = frozenset({"noscript"}) if _has_reference_heading_outside(doc, "noscript") else frozenset()
    for el in list(doc.iter()):
        if not isinstance(el.tag, str):  # comments and processing instructions
            if el.getparent() is not None:
                el.drop_tree() if hasattr(el, "drop_tree") else el.getparent().remove(el)
            continue
        if el.getparent() is None:
            continue
        # furniture holding a reference list is kept (a collapsed or side list) unless it is never shown:
        # a <template> is inert markup for scripts, so a "References" in it is not the page's
        if _is_furniture(el) and (el.tag in NEVER_SHOWN | fallback_only or not _has_reference_heading(el)):
            el.drop_tree()
            removed += 1
    for el in list(doc.iter("header", "footer")):
        if el.getparent() is None or _has_reference_heading(el):
            continue
        h1 = el.find(".//h1")
        if h1 is not None and el.tag == "header":
            h1.tail = None
            for child in list(el):
                el.remove(child)
            el.text = None
            el.append(h1)
        else:
            el.drop_tree()
            removed += 1
    return removed


def _paragraph_chars(el) -> int:
    return sum(len(p.text_content()) for p in el.iter("p", "li"))


def main_content(doc):
    """The element that holds the article: the ``main``/``article`` candidate with most paragraph text."""
    body = doc.find("body")
    root = body if body is not None else doc
    candidates = [el for tag in _CONTENT_SELECTORS for el in root.iter(tag)]
    candidates += [el for el in root.iter() if isinstance(el.tag, str) and (el.get("role") or "").lower() == "main"]
    candidates += [el for el in root.iter() if isinstance(el.tag, str) and el.get("itemprop") == "articleBody"]
    if not candidates:
        return root
    best = max(candidates, key=_paragraph_chars)
    if _paragraph_chars(best) < 0.4 * _paragraph_chars(root):
        return root  # the candidate is a card or a teaser; the article is elsewhere on the page
    if not _has_reference_heading(best) and _has_reference_heading(root):
        return _common_container(best, root)
    return best


def _common_container(best, root):
    """The nearest ancestor of ``best`` that also holds the page's reference heading."""
    el = best
    while el is not None and el is not root:
        if _has_reference_heading(el):
            return el
        el = el.getparent()
    return root


# ---------------------------------------------------------------------------------------------
# inline text with link spans


class _Inline:
    """Collects the visible text of inline content, whitespace collapsed, with link spans."""

    def __init__(self):
        self.parts: list[str] = []
        self.length = 0
        self.links: list[Link] = []
        self.anchors: list[str] = []

    def add(self, text: str | None, *, keep_newlines: bool = False) -> None:
        if not text:
            return
        text = unify_forms(clean_text(text))  # "&#1;" (or "&shy;") in the markup is a control character once parsed
        text = re.sub(r"[ \t\r\f\v\n\u00a0]+", " ", text) if not keep_newlines else text
        if self.length == 0 or self.parts[-1][-1:] in (" ", "\n"):
            text = text.lstrip(" ")
        if text:
            self.parts.append(text)
            self.length += len(text)

    def walk(self, el, *, in_link: bool = False) -> None:
        for name in ("id", "name"):
            if el.get(name):
                self.anchors.append(el.get(name))
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            self.add("\n", keep_newlines=True)
            self.add(el.tail)
            return
        start = self.length
        self.add(el.text)
        for child in el:
            if isinstance(child.tag, str):
                self.walk(child, in_link=in_link or tag == "a")
            else:
                self.add(child.tail)
        href = el.get("href") or ""
        if tag == "a" and "#" in href:
            self._add_link(start, href.split("#", 1)[1], "anchor")  # into the page: maybe to a reference entry
        elif tag == "a" and href:
            self._add_link(start, href, "external")
        elif tag == "sup" and not in_link and _SUPERSCRIPT_CITATION.match("".join(self.parts)[start:]):
            self._add_link(start, None, "sup")  # superscript digits ("3–6"): maybe a numbered citation
        self.add(el.tail)

    def _add_link(self, start: int, target: str | None, kind: str) -> None:
        text = "".join(self.parts)
        end = len(text.rstrip())
        while start < end and text[start] == " ":
            start += 1
        if end > start:
            self.links.append(Link(start, end, target, kind))

    def text(self) -> str:
        return "".join(self.parts).rstrip()


def _inline(el) -> _Inline:
    collector = _Inline()
    for name in ("id", "name"):
        if el.get(name):
            collector.anchors.append(el.get(name))
    collector.add(el.text)
    for child in el:
        if isinstance(child.tag, str):
            collector.walk(child)
        else:
            collector.add(child.tail)
    return collector


# ---------------------------------------------------------------------------------------------
# blocks


class _Walker:
    def __init__(self):
        self.blocks: list[Block] = []
        self._group = 0
        self._pending: list[str] = []  # ids of containers not yet given to a block
        self._label: str | None = None  # a number standing alone before its text ("1" of a footnote)

    def emit(self, kind: str, collector: _Inline, line: int, **extra) -> None:
        text = collector.text()
        label = _LABEL_ONLY.fullmatch(text) if kind == "paragraph" else None
        if not text.strip() or label:
            # an empty element, or a footnote's number standing apart from its text: it labels what follows
            self._pending.extend(collector.anchors)
            self._label = label.group(1) if label else self._label
            return
        if self._label and kind in ("paragraph", "item") and looks_like_entry(text):
            prefix = f"{self._label}. "
            collector.links = [
                Link(k.start + len(prefix), k.end + len(prefix), k.target, k.kind) for k in collector.links
            ]
            text = prefix + text
        self._label = None
        anchors = tuple(self._pending + collector.anchors)
        self._pending = []
        level = extra.pop("level", 0)
        lines = tuple(part.strip() for part in text.split("\n") if part.strip()) if "\n" in text else ()
        if kind == "paragraph" and is_caption(text):
            kind = "caption"
        self.blocks.append(
            Block(kind, text, line, level=level, lines=lines, anchors=anchors, links=tuple(collector.links), **extra)
        )

    def walk(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        line = el.sourceline or 1
        for name in ("id", "name"):
            if el.get(name):
                self._pending.append(el.get(name))
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.emit("heading", _inline(el), line, level=int(tag[1]))
        elif tag == "table":
            self._table(el)
        elif tag in ("figcaption", "caption"):
            self.emit("caption", _inline(el), line)
        elif tag in ("ul", "ol"):
            self._list(el)
        elif tag in ("li", "dd", "dt") and _has_block_children(el):
            # an item outside any list that holds headings and paragraphs (a page whose lists nest past
            # the parser's depth is read without them): its blocks, not one paragraph hiding a heading
            self._container(el)
        elif tag in LEAF_BLOCKS or (tag not in _CONTAINERS and not _has_block_children(el)):
            self.emit("paragraph", _inline(el), line)
        else:
            self._container(el)

    def _container(self, el) -> None:
        run = _Inline()
        run.add(el.text)
        line = el.sourceline or 1
        for child in el:
            child_tag = child.tag if isinstance(child.tag, str) else ""
            if child_tag in _BLOCK_TAGS or (child_tag and _has_block_children(child)):
                if child_tag == "br":
                    run.add("\n", keep_newlines=True)
                    run.add(child.tail)
                    continue
                self.emit("paragraph", run, line)
                self.walk(child)
                run = _Inline()
                line = child.sourceline or line
                run.add(child.tail)
            elif child_tag:
                run.walk(child)
            else:
                run.add(child.tail)
        self.emit("paragraph", run, line)

    def _list(self, el) -> None:
        self._group += 1
        group = self._group
        ordered = el.tag == "ol" and not re.search(r"list-style(?:-type)?\s*:\s*none", el.get("style") or "", re.I)
        number = _int(el.get("start"), 1)
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.tag != "li":
                self.walk(child)
                continue
            number = _int(child.get("value"), number)
            nested = [c for c in child if isinstance(c.tag, str) and c.tag in ("ul", "ol")]
            for sub in nested:
                child.remove(sub)
                sub.tail = None
            if _has_block_children(child):
                start = len(self.blocks)
                self._container(child)
                for i in range(start, len(self.blocks)):
                    b = self.blocks[i]
                    if b.kind == "paragraph":
                        self.blocks[i] = Block(
                            "item", b.text, b.line, 0, b.lines, b.anchors, b.links, group, number if ordered else None
                        )
            else:
                self.emit(
                    "item", _inline(child), child.sourceline or 1, group=group, number=number if ordered else None
                )
            for sub in nested:
                self._list(sub)
            number += 1

    def _table(self, el) -> None:
        for row in el.iter("tr"):
            cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
            collector = _Inline()
            for cell in cells:
                sub = _inline(cell)
                offset = collector.length + (1 if collector.length else 0)
                collector.add(" " + sub.text() if collector.length else sub.text())
                collector.links.extend(Link(k.start + offset, k.end + offset, k.target, k.kind) for k in sub.links)
                collector.anchors.extend(sub.anchors)
            for caption in el.iter("caption"):
                self.emit("caption", _inline(caption), caption.sourceline or 1)
            self.emit("table", collector, row.sourceline or 1)


def _has_block_children(el) -> bool:
    return any(isinstance(c.tag, str) and (c.tag in _BLOCK_TAGS and c.tag != "br") for c in el.iter() if c is not el)


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def html_blocks(
    html: str, notes: list[str] | None = None, *, open_frames: bool = False
) -> tuple[list[Block], str, int]:
    """Blocks of the article on an HTML page, the page's own title, and how many furniture elements went.

    What the reading had to leave out or read otherwise (a page nested too deeply) is added to ``notes``.
    ``open_frames`` reads the pages written into inline frames (``srcdoc``) in their place, for a page
    with no text of its own.
    """
    doc = parse_html(html, notes)
    if open_frames:
        _open_inline_frames(doc, notes)
    title = page_title(doc)
    removed = prune(doc)
    root = main_content(doc)
    walker = _Walker()
    walker.walk(root)
    blocks = [with_list_number(b) for b in walker.blocks]
    return blocks, title, removed


#: Inline frames (``<iframe srcdoc="…">``) whose page is read in place; a page that shows more is not an article.
MAX_INLINE_FRAMES = 5


def _open_inline_frames(doc, notes: list[str] | None) -> None:
    """Put the page of each ``<iframe srcdoc="…">`` in the frame's place: its HTML is the page's own and every
    reader sees it (an article written into one was "no article text found"). One level: frames inside
    are left to :func:`prune`."""
    frames = [el for el in doc.iter("iframe") if el.get("srcdoc")]
    for frame in frames[:MAX_INLINE_FRAMES]:
        inner = parse_html(frame.get("srcdoc"), notes)
        body = inner.find(".//body")
        holder = frame.makeelement("div", {})
        for child in list(body if body is not None else inner):
            holder.append(child)
        holder.tail = frame.tail
        frame.getparent().replace(frame, holder)
    if frames and notes is not None:
        notes.append(
            f"read the page written into {counted(min(len(frames), MAX_INLINE_FRAMES), 'inline frame')} (srcdoc)"
            + (f"; {len(frames) - MAX_INLINE_FRAMES:,} more left out" if len(frames) > MAX_INLINE_FRAMES else "")
        )


def framed_pages(html: str, most: int = 3) -> tuple[bool, list[str]]:
    """Whether ``html`` writes a page into an inline frame (``srcdoc``), and the http(s) addresses of the
    pages it shows in frames (``<iframe src>``, ``<frame src>``), at most ``most``.

    >>> framed_pages('<body><iframe src="https://x.org/a.html"></iframe><iframe src="javascript:1"></iframe>')
    (False, ['https://x.org/a.html'])
    """
    doc = parse_html(html)
    frames = list(doc.iter("iframe", "frame"))
    found = [el.get("src", "").strip() for el in frames]
    inline = any(el.get("srcdoc") for el in frames)
    return inline, [src for src in found if re.match(r"^https?://", src, re.IGNORECASE)][:most]
