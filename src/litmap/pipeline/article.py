"""An article's tables: reading and parsing the article, checking where it comes from, saving the tables and reading them back."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from litmap.arguments import checked, path
from litmap.errors import ArticleError
from litmap.parse.claims import (
    compute_sentences_and_citations,
    compute_uncited,
    compute_unresolved,
    compute_unsupported,
)
from litmap.parse.list_checks import describe_cut_short
from litmap.parse.references import compute_references, read_references
from litmap.present.slides import SLIDES_FILE
from litmap.read.article import Article, missing_file_reason, read_article
from litmap.read.documents import check_online
from litmap.schemas import (
    CITATIONS,
    CLAIMS,
    REFERENCES,
    SENTENCE_KINDS,
    SENTENCES,
    UNRESOLVED,
    UNSUPPORTED,
    table_rows,
    write_table,
)
from litmap.settings import SETTINGS_ARGUMENT, Settings
from litmap.text import counted, path_text
from litmap.web import litmap_version

log = logging.getLogger(__name__)

#: In an output folder: the article's tables, saved exactly, so later notebooks need not read it again.
ARTICLE_FILE = "article.json"


@dataclass
class ArticleTables:
    """An article and the tables made from it (see ``litmap.schemas`` for the columns)."""

    article: Article
    references: pd.DataFrame
    claims: pd.DataFrame
    citations: pd.DataFrame
    unresolved: pd.DataFrame
    uncited: pd.DataFrame
    sentences: pd.DataFrame = field(default_factory=SENTENCES.empty)
    unsupported: pd.DataFrame = field(default_factory=UNSUPPORTED.empty)

    TABLE_NAMES = ("references", "sentences", "claims", "citations", "unresolved", "uncited", "unsupported")

    def outline(self) -> pd.DataFrame:
        """The article's sections with their paragraph, claim and citation counts."""
        claims = self.claims.groupby("section", sort=False).agg(
            claims=("claim_id", "size"), citations=("n_citations", "sum")
        )
        rows = [{"section": s.heading, "paragraphs": len(s.paragraphs)} for s in self.article.sections]
        outline = pd.DataFrame(rows).set_index("section").join(claims).fillna(0)
        return outline.astype("Int64").reset_index()

    def write(self, out_dir: str | Path, *, identity: dict | None = None) -> list[Path]:
        """Write every table as CSV into ``out_dir``, and all of it exactly as ``article.json``.

        ``article.json`` is what :func:`load_article` reads back with ``saved=out_dir``, so the
        notebooks after the first need not fetch and parse the article again. Returns the paths.
        """
        out = Path(out_dir)
        paths = [write_table(getattr(self, name), out / f"{name}.csv") for name in self.TABLE_NAMES]
        data = {
            "identity": identity if identity is not None else article_identity(self.article.source, None),
            "article": self.article.to_dict(),
            "tables": {name: table_rows(getattr(self, name)) for name in self.TABLE_NAMES},
        }
        path = out / ARTICLE_FILE
        path.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
        return [*paths, path]

    def summary(self) -> str:
        """A few lines a person reads: counts and anything that needs attention."""
        unparsed = int((~self.references["is_parsed"].fillna(False).astype(bool)).sum())
        cited = int((self.claims["n_citations"] > 0).sum())
        kinds = self.sentences["kind"].value_counts()
        said = ", ".join(counted(int(kinds.get(k, 0)), k) for k in SENTENCE_KINDS if k != "other")
        n_unsupported = len(self.unsupported)
        # The claims table holds claims, findings and any other sentence that cites: its rows are counted
        # by kind, so "124 claims" never sits under a sentence count that says "30 claims".
        rows = self.claims["kind"].value_counts()
        held = ", ".join(
            counted(int(rows[k]), k, "other" if k == "other" else None) for k in SENTENCE_KINDS if rows.get(k, 0)
        )
        lines = [
            f"article: {self.article.title}",
            f"  {counted(len(self.sentences), 'sentence')} ({said}, {kinds.get('other', 0)} other)",
            f"  {counted(len(self.references), 'reference')} ({unparsed} not parsed), "
            f"{counted(len(self.citations), 'in-text citation')}",
            f"  claims.csv: {counted(len(self.claims), 'row')}"
            + (f" ({held})" if held else "")
            + f", {cited} of them with citations",
            f"  {counted(len(self.unresolved), 'unresolved citation')}, "
            f"{counted(len(self.uncited), 'reference')} never cited",
            f"  {counted(n_unsupported, 'claim or finding', 'claims and findings')} "
            f"{'cites' if n_unsupported == 1 else 'cite'} nothing (unsupported.csv)",
        ]
        if self.citations.empty:
            lines.append(
                "  no in-text citation found, so no claim is linked to a reference; litmap reads "
                "(Author, Year), Author (Year), [1] and superscript numbers"
            )
        lines += [f"  note: {note}" for note in self.article.notes]  # what the reading did or doubts, in words
        if len(self.unresolved) >= 3:
            some = ", ".join(dict.fromkeys(self.unresolved["cited_as"]))
            lines.append(
                f"  note: {len(self.unresolved)} of {len(self.citations)} in-text citations match no reference "
                f"entry ({some[:120]}): the reference list may be incomplete or mis-split"
            )
        lines += [f"  note: {note}" for note in describe_cut_short(self.references, self.unresolved)]
        return "\n".join(lines)


def _is_url(source) -> bool:
    return bool(re.match(r"^[a-z][a-z0-9+.-]*://", str(source), re.IGNORECASE))


def location_of(source: str | Path | None) -> str | None:
    """Where an article (or another input file) is, however it was named: an absolute path, or the URL as given.

    (In this module ``source`` is where an article comes from; a cited work is a "source" only in
    the evidence graph and its figures, and ``source_links`` are the cited works' own reference lists.)

    The same file named ``../data/a.txt`` from a notebook and ``data/a.txt`` from the command
    line is one location; notebooks run in their own folder, so they are handed this form.

    >>> location_of("https://example.org/post")
    'https://example.org/post'
    >>> location_of(None) is None
    True
    """
    if source is None:
        return None
    return path_text(source if _is_url(source) else Path(source).resolve())


def check_article(source: str | Path, *, settings: Settings | None = None) -> None:
    """Refuse, with a clear error, an article (file or URL) that cannot be read, before any work starts.

    Raises
    ------
    ArticleError
        ``source`` is a URL and the run is offline (no request at all), or a file that does not exist.
    """
    if _is_url(source) and not re.match(r"^https?://", str(source), re.IGNORECASE):
        scheme = str(source).split(":", 1)[0].lower()
        raise ArticleError(
            f"{scheme}: addresses are not supported: give a file path, or an http(s) address", source=str(source)
        )
    if _is_url(source):
        if settings is not None:
            check_online(str(source), settings)
    elif not Path(source).exists():
        raise ArticleError(missing_file_reason(source), source=str(source))
    elif Path(source).is_dir():
        raise ArticleError("is a folder, not an article file", source=str(source))


#: The files a run writes at the top of ``out_dir`` (figures/ and by-topic/ aside); a test keeps it in
#: step with what a run writes.
WRITTEN_FILES = frozenset(
    [f"{name}.csv" for name in ArticleTables.TABLE_NAMES]
    + [ARTICLE_FILE, SLIDES_FILE, "topics.yaml", "audit.csv", "records.csv", "records.json", "source_links.csv"]
    + ["claim_topics.csv", "graph.graphml", "graph.gexf", "graph-nodes.csv", "graph-edges.csv"]
    + [f"reading-list.{suffix}" for suffix in ("md", "html", "bib", "ris", "json")]
)


def check_not_overwritten(out_dir: str | Path, **inputs) -> None:
    """Refuse a run whose article or reference list is a file it would overwrite in ``out_dir``
    (``litmap run notes/references.csv --out notes`` replaced the user's list with litmap's table),
    or that would write through a symbolic link there (``reading-list.md -> ~/.bashrc`` in a folder
    someone else made: litmap's reading list was written over the file the link leads to).

    Raises
    ------
    ArticleError
        Naming the file and what to do.
    """
    check_no_links(out_dir, WRITTEN_FILES | {"figures", "by-topic"}, folders=("figures", "by-topic"))
    try:
        out = Path(out_dir).expanduser().resolve()
    except (OSError, RuntimeError):  # a symbolic link loop: what writes there says so
        return
    for option, given in inputs.items():
        if given is None or _is_url(given):
            continue
        try:
            path = Path(given).expanduser().resolve()
        except (OSError, RuntimeError):  # a symbolic link loop: the reading says so, in its words
            continue
        if path.parent == out and path.name in WRITTEN_FILES:
            raise ArticleError(
                f"is in --out and litmap writes a {path.name} there: the {option.replace('source', 'article')} would "
                "be overwritten; give another --out (or move the file)",
                source=str(given),
            )


def check_no_links(out_dir: str | Path, names, *, folders=()) -> None:
    """Refuse a symbolic link in ``out_dir`` where litmap writes one of ``names`` (files or folders of
    its own), or anything in ``folders``: a writer opens the path, and the link would take it outside
    ``out_dir``.

    Raises
    ------
    ArticleError
        Naming the link, where it leads and what to do.
    """
    out = Path(out_dir)
    paths = [out / name for name in sorted(names)]
    for name in folders:
        if (out / name).is_dir() and not (out / name).is_symlink():
            paths += sorted((out / name).iterdir())
    for written in paths:
        if written.is_symlink():
            raise ArticleError(
                f"is a symbolic link (to {os.readlink(written)}) where litmap writes its own {written.name}: writing "
                "through it would change a file outside --out; remove the link or give another --out",
                source=path_text(written),
            )


def article_identity(source, references) -> dict:
    """What makes saved tables those of this article: the source and reference list, and their bytes."""

    def digest(path) -> str | None:
        if path is None or _is_url(path) or not Path(path).is_file():
            return None
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()

    return {
        "source": location_of(source),
        "references": location_of(references),
        "sha256": [digest(source), digest(references)],
        "litmap": litmap_version(),  # a newer parser reads the article again
    }


def read_article_tables(out_dir: str | Path) -> ArticleTables:
    """Read the article and tables that :meth:`ArticleTables.write` saved in ``out_dir``."""
    path = Path(out_dir) / ARTICLE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rebuilt = Article.from_dict(data["article"])
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as err:
        raise ArticleError(
            f"saved tables cannot be read ({err}); delete the file to start again", source=str(path)
        ) from err
    schemas = {"references": REFERENCES, "claims": CLAIMS, "citations": CITATIONS, "unresolved": UNRESOLVED}
    schemas.update(uncited=REFERENCES, sentences=SENTENCES, unsupported=UNSUPPORTED)
    tables = {name: schema.from_records(data["tables"].get(name, [])) for name, schema in schemas.items()}
    return ArticleTables(article=rebuilt, **tables)


#: Words of text under which a page with no reference list may not be the article at all (a paywall, a
#: sign-in or a bot check answered with 200): the error then asks.
SHORT_PAGE_WORDS = 100


@checked(source=path, references=path, settings=SETTINGS_ARGUMENT, saved=path)
def load_article(
    source: str | Path,
    references: str | Path | None = None,
    *,
    settings: Settings | None = None,
    saved: str | Path | None = None,
) -> ArticleTables:
    """Read an article and build its references, sentences, claims and citations tables.

    Parameters
    ----------
    source
        Path or http(s) URL of the article (plain text or HTML).
    references
        Optional file holding the reference list, for pages whose list is missing or elsewhere.
    settings
        For an article given as a URL: the contact address and the limits of its download; with
        ``offline=True`` a URL is refused (offline means no request at all). By default
        ``Settings.from_env()``.
    saved
        An output folder: when it holds the tables of this same article (``article.json``, written
        by :meth:`ArticleTables.write` — same source, same bytes), they are read instead of
        fetching and parsing the article again.

    Raises
    ------
    ArticleError
        The article cannot be read, it is a URL and the run is offline, or it has no reference
        section and none was given.
    """
    if saved is not None and (Path(saved) / ARTICLE_FILE).exists():
        try:
            stored = json.loads((Path(saved) / ARTICLE_FILE).read_text(encoding="utf-8")).get("identity")
        except (OSError, ValueError, AttributeError, RecursionError):
            stored = None  # damaged or not litmap's: the article is read again
        if stored == article_identity(source, references):
            return read_article_tables(saved)
        log.info("%s holds the tables of another article (or another version); reading %s", saved, source)
    settings = settings if settings is not None else Settings.from_env()  # read once: the article and its list
    if references is not None and _same_file(source, references):
        # the article read whole as a list was every line an "entry": its own list is what was meant
        warnings.warn(
            f"{references}: the reference list given is the article itself; its own reference list is read",
            UserWarning,
            stacklevel=2,
        )
        references = None
    check_article(source, settings=settings)
    article = read_article(source, settings=settings)
    if references is not None:
        reference_table = read_references(references, settings=settings)
    elif article.has_references:
        reference_table = compute_references(article.reference_entries())
    else:
        words = sum(len(text.split()) for section in article.sections for _, text in section.paragraphs)
        short = (
            f"; the page holds only {counted(words, 'word')} of text: is it the article itself, not a sign-in, "
            "paywall or browser-check page?"
            if words < SHORT_PAGE_WORDS
            else ""
        )
        raise ArticleError(
            "no reference section found (looked for a heading such as 'References' or 'Bibliography'); "
            "pass the reference list as a file: `litmap run ARTICLE --references FILE` "
            f"or `load_article(ARTICLE, references=FILE)`{short}",
            source=str(source),
        )
    sentences, claims, citations = compute_sentences_and_citations(article, reference_table)
    return ArticleTables(
        article=article,
        references=reference_table,
        claims=claims,
        citations=citations,
        unresolved=compute_unresolved(citations),
        uncited=compute_uncited(reference_table, citations),
        sentences=sentences,
        unsupported=compute_unsupported(claims, sentences),
    )


def _same_file(a, b) -> bool:
    """Whether two paths name the same existing file (an address never does)."""
    try:
        return not _is_url(a) and not _is_url(b) and os.path.samefile(a, b)
    except (OSError, ValueError, TypeError):
        return False
