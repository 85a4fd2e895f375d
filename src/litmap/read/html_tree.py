"""An HTML page's text parsed into an lxml tree within limits, whatever its markup does to the parser.

libxml2 stops reading at 2,048 levels of nesting (saying so only in its error log) and slows to
minutes on an element with hundreds of thousands of attributes; a page built to do either, or a
real one nested past what litmap walks recursively, would lose its text silently or hang the run.
:func:`parse_html` thins such tags, reads a page nested too deeply again without its wrapping
elements, unwraps what lies below :data:`MAX_DEPTH` levels and says in the notes what it did. It is
separate from :mod:`litmap.read.html_page`, which decides what on the page is the article, because
these are defences of the parser against hostile input, not judgements about content.
"""

from __future__ import annotations

import re

#: The elements that hold a block of text of their own (a paragraph, a heading, a list item…): kept as
#: structure when a page nests deeply, and read as one block each by :mod:`litmap.read.html_page`.
LEAF_BLOCKS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "figcaption", "caption", "address"}
)

#: How many levels of a page's elements are read as structure; the elements below are unwrapped
#: and read for their text (litmap walks the tree recursively, and no real page nests this deep).
MAX_DEPTH = 150
#: The elements that only wrap others: dropped from a page nested past the parser's limit so that
#: its text can be read at all.
_WRAPPER_TAGS = re.compile(
    r"</?(?:div|span|section|article|main|font|center|blockquote|header|footer|b|i|em|strong|u|small|big|"
    r"sup|sub|table|tbody|thead|tfoot|tr|td|th|ul|ol|dl)"
    r"(?=[\s/>])[^>]*>",
    re.I,
)
_KEPT_WHEN_DEEP = LEAF_BLOCKS | {"br", "hr", "a", "sup"}
#: What is kept when list items (or other blocks) nest past the depth themselves: headings and
#: paragraphs cannot hold one another, so a reference list's heading and entries at the bottom of
#: 200 nested ``<li>`` stay blocks (they were read as the deepest item's plain text, and lost).
_KEPT_WHEN_BLOCKS_NEST = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "br", "hr"})
#: Every tag but those that make blocks, links and the page's head: the last reading of a page that
#: nests elements litmap does not know (``<g>`` inside an ``<svg>``, made-up tags) past the parser's limit.
_ALL_BUT_BLOCKS = re.compile(
    r"</?(?!(?:p|h[1-6]|li|dt|dd|pre|figcaption|caption|address|br|hr|a|sup|html|head|body|title|meta|base|"
    r"script|style|noscript|template)(?=[\s/>]))[a-zA-Z][\w:.-]*(?=[\s/>])[^>]*>",
    re.I,
)
#: Most attributes one element keeps: libxml2 compares each attribute with those before it
#: (200,000 attributes on one tag took minutes), and no real page comes near this.
MAX_ATTRIBUTES = 1000
#: A start tag long enough to hold that many attributes (found without backtracking: a tag ends at
#: the first ``<`` or ``>``).
_LONG_TAG = re.compile(r"<([a-zA-Z][\w:.-]*)(\s[^<>]{4000,})>")


def _thin_crowded_tags(text: str) -> tuple[str, int]:
    """``text`` with the attributes of every element that has more than :data:`MAX_ATTRIBUTES` of them
    dropped (the element and its content are kept), and how many elements lost theirs.

    >>> _thin_crowded_tags("<p " + "a=1 " * 2000 + ">text</p>")
    ('<p>text</p>', 1)
    """
    thinned = 0

    def thin(match: re.Match) -> str:
        nonlocal thinned
        attributes = match.group(2)
        if max(attributes.count("="), len(attributes.split())) <= MAX_ATTRIBUTES:
            return match.group()
        thinned += 1
        return f"<{match.group(1)}>"

    return _LONG_TAG.sub(thin, text), thinned


_SCRIPT_OPEN = re.compile(r"<(script|style)\b[^<>]*>", re.I)


def _close_unclosed(text: str, notes: list[str]) -> str:
    """``text`` with a comment, ``<script>`` or ``<style>`` that is never closed closed where it opens,
    said in ``notes``: the parser (as a browser) hid the rest of the page in it, references and all.

    >>> notes = []
    >>> _close_unclosed("<p>a</p><!-- b --><p>c</p><!-- forgot<p>d</p>", notes), len(notes)
    ('<p>a</p><!-- b --><p>c</p> forgot<p>d</p>', 1)
    """
    at = 0
    while (start := text.find("<!--", at)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            line = text.count("\n", 0, start) + 1
            notes.append(
                f"an HTML comment opened at line {line:,} is never closed: it would hide the rest of the page "
                f"({len(text) - start:,} characters), which was read as the article"
            )
            text = text[:start] + text[start + 4 :]
            break
        at = end + 3
    last = max(_SCRIPT_OPEN.finditer(text), key=lambda match: match.start(), default=None)
    if last is not None and not re.search(rf"</{last.group(1)}\s*>", text[last.end() :], re.I):
        line = text.count("\n", 0, last.start()) + 1
        notes.append(
            f"a <{last.group(1).lower()}> opened at line {line:,} is never closed: it would hide the rest of the "
            "page, which was read as the article"
        )
        text = text[: last.end()] + f"</{last.group(1)}>" + text[last.end() :]
    return text


def _parse_tree(text: str):
    """The lxml document of ``text`` and the depth at which the parser cut the page, or None."""
    import lxml.html

    # huge_tree: libxml2 reads 2,048 levels of nesting instead of 256 (and stops there either way,
    # saying so only in its error log)
    parser = lxml.html.HTMLParser(huge_tree=True)
    doc = lxml.html.document_fromstring(text, parser=parser)
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT" and "depth" in error.message.lower():
            found = re.search(r"depth[^\d]*(\d+)", error.message, re.I)
            return doc, int(found.group(1)) if found else 0
    return doc, None


def parse_html(text: str, notes: list[str] | None = None):
    """The lxml document of a page (an XML declaration is dropped: lxml refuses it on str input).

    A page nested more deeply than the parser reads (2,048 levels) is read again without its
    wrapping elements (``div``, ``span``, ``section``…); what could not be read is said in
    ``notes``, never cut silently. Elements below :data:`MAX_DEPTH` levels are unwrapped.
    """
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    notes = notes if notes is not None else []
    text = _close_unclosed(text, notes)
    text, thinned = _thin_crowded_tags(text)
    if thinned:
        notes.append(
            f"left out the attributes of {thinned:,} elements with more than {MAX_ATTRIBUTES:,} attributes each"
        )
    try:
        doc, cut = _parse_tree(text)
        if cut is not None:
            doc, cut_again = _parse_tree(_WRAPPER_TAGS.sub(" ", text))
            how = "it was read without its wrapping elements (div, span, section…)"
            if cut_again is not None:
                doc, cut_again = _parse_tree(_ALL_BUT_BLOCKS.sub(" ", text))
                how = "it was read keeping only its paragraphs, headings, list items and links"
            notes.append(
                f"the page nests its elements more than {cut:,} levels deep, past what the HTML parser reads: "
                + (
                    how
                    if cut_again is None
                    else "even without its wrapping elements (div, span, section…) the text after that depth is missing"
                )
            )
    except Exception:  # lxml raises ParserError/ValueError on pages it cannot make a tree of
        import lxml.html

        return lxml.html.document_fromstring(f"<html><body><pre>{_escape(text)}</pre></body></html>")
    unwrapped = flatten_deep(doc, MAX_DEPTH)
    if unwrapped:
        notes.append(f"read {unwrapped:,} elements nested more than {MAX_DEPTH} levels deep as plain text")
    return doc


def _deeper_than(root, limit: int, *, keep=frozenset()) -> list:
    """Elements more than ``limit`` levels below ``root`` (in document order), without recursion."""
    deep, stack = [], [(root, 0)]
    while stack:
        el, depth = stack.pop()
        for child in reversed(el):
            if depth + 1 > limit and isinstance(child.tag, str) and child.tag not in keep:
                deep.append(child)
            stack.append((child, depth + 1))
    return deep


def flatten_deep(doc, limit: int) -> int:
    """Unwrap (keep the text and children of, drop the tag of) every element more than ``limit``
    levels deep, paragraphs and list items too when they nest that deep; returns how many went.

    >>> import lxml.html
    >>> doc = lxml.html.fromstring("<div>" + "<span>" * 5 + "<p>deep</p>" + "</span>" * 5 + "</div>")
    >>> flatten_deep(doc, 3), lxml.html.tostring(doc, encoding="unicode")
    (2, '<div><span><span><span><p>deep</p></span></span></span></div>')
    """
    unwrapped = 0
    for keep in (_KEPT_WHEN_DEEP, _KEPT_WHEN_BLOCKS_NEST, frozenset()):
        deep = _deeper_than(doc, limit, keep=keep)
        for el in deep:
            el.drop_tag()
        unwrapped += len(deep)
        if not _deeper_than(doc, limit + 10):
            break
    return unwrapped


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
