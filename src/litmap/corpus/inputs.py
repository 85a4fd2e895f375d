"""The inputs of corpus mode: which files, folders and URLs are articles, and the id each one gets."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from litmap.errors import CorpusError
from litmap.read.article import unsupported_address
from litmap.text import fold

__all__ = [
    "ARTICLE_SUFFIXES",
    "CorpusInput",
    "FoundArticles",
    "article_id_for",
    "file_digest",
    "find_articles",
    "find_corpus_inputs",
    "same_page",
    "unique_ids",
]

#: The files a folder given to ``litmap corpus`` is searched for (recursively).
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")
_NOT_ARTICLES = frozenset({"README", "LICENSE", "LICENCE", "CHANGELOG", "CONTRIBUTING"})
_URL = re.compile(r"^https?://", re.IGNORECASE)


@dataclass(frozen=True)
class CorpusInput:
    """One article of a corpus: its id and where it is read from (absolute path or URL)."""

    article_id: str
    source: str

    @property
    def is_url(self) -> bool:
        return bool(_URL.match(self.source))


#: Hex digits of the path's hash in an id: 16 (64 bits), so two files named ``paper.txt`` do not collide
#: by chance in any corpus people build (half a chance only past four billion of them) ...
ID_HASH_DIGITS = 16
#: ... and, were an id ever taken by another source all the same, the whole hash (256 bits).
_FULL_HASH_DIGITS = 64


def article_id_for(source: str, *, digits: int = ID_HASH_DIGITS) -> str:
    """A readable, stable id: the file or page name and a hash of the full path or URL (64 bits).

    >>> article_id_for("/data/blog/Empathy in Therapy.txt")
    'empathy-in-therapy-2f5e7b99d72b6795'
    """
    name = re.sub(r"\.[a-z]{2,8}$", "", source.rstrip("/").rsplit("/", 1)[-1], flags=re.IGNORECASE)
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:48] or "article"
    return f"{slug}-{hashlib.sha256(source.encode('utf-8', 'surrogatepass')).hexdigest()[:digits]}"


def unique_ids(items: list[CorpusInput], stored: dict[str, str]) -> list[CorpusInput]:
    """The articles with ids no other source holds, checked against the store (``article_id -> source``).

    A source the store already holds keeps its id (ids of earlier versions of litmap included); an id
    held by another source, in the store or earlier in ``items``, takes the whole hash instead.

    >>> a = CorpusInput(article_id_for("/x/paper.txt"), "/x/paper.txt")
    >>> [i.article_id for i in unique_ids([a], {a.article_id: "/y/paper.txt"})] == [article_id_for("/x/paper.txt", digits=64)]
    True
    """
    by_source = {source: aid for aid, source in stored.items()}
    taken = dict(stored)
    out = []
    for item in items:
        aid = by_source.get(item.source, item.article_id)
        if taken.get(aid, item.source) != item.source:
            aid = article_id_for(item.source, digits=_FULL_HASH_DIGITS)
        if taken.get(aid, item.source) != item.source:
            raise CorpusError(f"{item.source}: its id {aid} is taken by {taken[aid]}; move or rename one of them")
        taken[aid] = item.source
        out.append(CorpusInput(aid, item.source))
    return out


@dataclass(frozen=True)
class FoundArticles:
    """The articles of a corpus, and the links in its folders that were passed over (as found, not resolved)."""

    articles: list[CorpusInput]
    outside_links: list[str]


def find_articles(
    inputs, *, list_file: str | Path | None = None, exclude: str | Path | None = None
) -> list[CorpusInput]:
    """The articles named by ``inputs``: files, folders (searched recursively), http(s) URLs.

    :func:`find_corpus_inputs` without the links it passed over; the rules are its.
    """
    return find_corpus_inputs(inputs, list_file=list_file, exclude=exclude).articles


def find_corpus_inputs(
    inputs, *, list_file: str | Path | None = None, exclude: str | Path | None = None
) -> FoundArticles:
    """The articles named by ``inputs`` (files, folders searched recursively, http(s) URLs), and the
    links in those folders that lead out of them.

    A folder's hidden files and its README, LICENSE and CHANGELOG are not articles. A symbolic link in a
    folder is read where it leads only when that is inside the folder given (once: a link and its
    target are one article); a link leading out of it (to ``/etc/passwd``, another user's files) is
    passed over and listed in ``outside_links``, since the folder is what was given. A file or link
    named itself, on the command line or in ``list_file``, is read wherever it leads.
    ``list_file`` names more, one path or URL a line (blank lines and ``#`` comments skipped;
    relative paths are relative to the list's folder). Each article is listed once, in the
    order given (a folder's files sorted by path). A folder's files under ``exclude`` (the corpus's own
    output folder) are never articles, so a run does not read what an earlier one wrote.

    Raises
    ------
    CorpusError
        An input does not exist, or nothing at all was named.
    """
    named: list[tuple[str, Path | None]] = [(str(i), None) for i in inputs]
    if list_file is not None:
        path = Path(list_file)
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()  # an editor's byte-order mark is no name
        except (OSError, UnicodeError) as err:
            raise CorpusError(f"{path}: the list of articles cannot be read ({err})") from err
        named += [(line.strip(), path.parent) for line in lines if line.strip() and not line.lstrip().startswith("#")]
    found: dict[str, None] = {}
    outside: list[str] = []
    skipped = Path(exclude).resolve() if exclude is not None else None
    for text, base in named:
        if _URL.match(text):
            found[same_page(text)] = None
            continue
        shown = text if text.isprintable() else repr(text)
        unsupported = unsupported_address(text)
        if unsupported:  # as `litmap run file:///…` says it, not "no such file"
            raise CorpusError(f"{shown}: {unsupported}")
        path = Path(text).expanduser()
        if base is not None and not path.is_absolute():
            path = base / path
        if text == "-" and not path.exists():  # a file named "-" is read; standard input never is
            raise CorpusError(
                "'-' (standard input) is not read: name the articles as files, folders or URLs, or in --list FILE"
            )
        if path.is_dir():
            if _inside(path, skipped):  # the folder of articles is --out, or lies in it
                raise CorpusError(
                    f"{shown}: is --out or inside it, where litmap writes the corpus (and never reads articles); "
                    "give another --out, outside the folder of articles"
                )
            files = sorted(p for p in path.rglob("*") if _is_article_file(p, path) and not _inside(p, skipped))
            root = path.resolve()
            for file in files:
                if _inside(file, root):
                    found[str(file.resolve())] = None
                else:
                    outside.append(str(file))
        elif path.is_file():
            found[str(path.resolve())] = None
        else:
            if path.exists():
                raise CorpusError(f"{shown}: not a file or folder (a pipe, a device or a socket)")
            raise CorpusError(f"{shown}: no such file or folder")
    if not found:
        also = ""
        if outside:  # a folder holding only links out of it: say why it gave nothing
            shown = outside[0] if outside[0].isprintable() else repr(outside[0])
            also = f" (a link leading out of its folder is not read: {shown}{', …' if len(outside) > 1 else ''})"
        raise CorpusError(
            "no articles: give files, folders holding "
            + ", ".join(ARTICLE_SUFFIXES)
            + f" files, URLs or --list FILE{also}"
        )
    return FoundArticles([CorpusInput(article_id_for(source), source) for source in found], outside)


def same_page(url: str) -> str:
    """A URL as the page it fetches: the fragment (never sent to the server) and an empty query dropped,
    scheme and host in lower case, so ``https://x.org/a``, ``HTTPS://X.org/a#top`` and ``…/a?`` are one article.

    >>> same_page("HTTPS://Example.ORG/Post?#comments"), same_page("https://example.org/post?id=2#x")
    ('https://example.org/Post', 'https://example.org/post?id=2')
    """
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[::1": fetching it says what is wrong
        return url
    host = parts.netloc.rpartition("@")
    netloc = host[0] + host[1] + host[2].lower()
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, ""))


def _inside(path: Path, folder: Path | None) -> bool:
    return folder is not None and path.resolve().is_relative_to(folder)


def _is_article_file(path: Path, folder: Path) -> bool:
    """Whether a file found in a folder is an article: its suffix, and not hidden, and not the folder's
    README, LICENSE or CHANGELOG (about the folder, not an article; name such a file to read it)."""
    parts = path.relative_to(folder).parts
    return (
        path.is_file()
        and path.suffix.lower() in ARTICLE_SUFFIXES
        and not any(part.startswith(".") for part in parts)
        and path.stem.upper() not in _NOT_ARTICLES
    )


def file_digest(item: CorpusInput, *, max_bytes: int) -> str | None:
    """SHA-256 of an article file's bytes (None for a URL: a stored URL is not fetched again), or None
    for a file over ``max_bytes`` (the run's ``settings.max_bytes``), which is never read whole here."""
    if item.is_url:
        return None
    digest = hashlib.sha256()
    try:
        path = Path(item.source)
        if path.stat().st_size > max_bytes:
            return None  # read (and refused, with the reason) in the task; never all of it into memory here
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None  # read (and fail, with the reason) in the task
    return digest.hexdigest()
