"""The inputs of corpus mode: which files, folders and URLs are articles, and the id each one gets."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from litmap.errors import CorpusError
from litmap.text import fold

__all__ = ["ARTICLE_SUFFIXES", "CorpusInput", "article_id_for", "file_digest", "find_articles"]

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


def article_id_for(source: str) -> str:
    """A short, readable, stable id: the file or page name and a hash of the full path or URL.

    >>> article_id_for("/data/blog/Empathy in Therapy.txt")
    'empathy-in-therapy-2f5e7b'
    """
    name = re.sub(r"\.[a-z]{2,8}$", "", source.rstrip("/").rsplit("/", 1)[-1], flags=re.IGNORECASE)
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:48] or "article"
    return f"{slug}-{hashlib.sha256(source.encode()).hexdigest()[:6]}"


def find_articles(inputs, *, list_file: str | Path | None = None) -> list[CorpusInput]:
    """The articles named by ``inputs``: files, folders (searched recursively), http(s) URLs.

    A folder's hidden files and its README, LICENSE and CHANGELOG are not articles.
    ``list_file`` names more, one path or URL a line (blank lines and ``#`` comments skipped;
    relative paths are relative to the list's folder). Each article is listed once, in the
    order given (a folder's files sorted by path).

    Raises
    ------
    CorpusError
        An input does not exist, or nothing at all was named.
    """
    named: list[tuple[str, Path | None]] = [(str(i), None) for i in inputs]
    if list_file is not None:
        path = Path(list_file)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeError) as err:
            raise CorpusError(f"{path}: the list of articles cannot be read ({err})") from err
        named += [(line.strip(), path.parent) for line in lines if line.strip() and not line.lstrip().startswith("#")]
    found: dict[str, None] = {}
    for text, base in named:
        if _URL.match(text):
            found[text] = None
            continue
        path = Path(text).expanduser()
        if base is not None and not path.is_absolute():
            path = base / path
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if _is_article_file(p, path))
            found.update(dict.fromkeys(str(p.resolve()) for p in files))
        elif path.is_file():
            found[str(path.resolve())] = None
        else:
            raise CorpusError(f"{text}: no such file or folder")
    if not found:
        raise CorpusError(
            "no articles: give files, folders holding " + ", ".join(ARTICLE_SUFFIXES) + " files, URLs or --list FILE"
        )
    return [CorpusInput(article_id_for(source), source) for source in found]


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


def file_digest(item: CorpusInput) -> str | None:
    """SHA-256 of an article file's bytes (None for a URL: a stored URL is not fetched again)."""
    if item.is_url:
        return None
    try:
        return hashlib.sha256(Path(item.source).read_bytes()).hexdigest()
    except OSError:
        return None  # read (and fail, with the reason) in the task
